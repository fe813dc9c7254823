package reports

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// rankNames are the two names of rank ranges in each language: the best
// and worst rank when missing values range over [0, 1], and the central
// 90 % of the ranks an investment took in the Monte Carlo samples. Issue 11
// item 7: "rank range" meant the first in the terminal and the second in
// the HTML pack.
var rankNames = map[string]struct {
	missing, sampled string
	// bare matches a rank range named without saying which: the old
	// names, or "rank 1–3" in the firmness sentences.
	bare *regexp.Regexp
}{
	"sv": {"rangintervall vid saknade värden", "plats i 90 % av stickproven",
		regexp.MustCompile(`rangintervall($|[^ ]| [^v])|rang i stickproven|rangspann|rang \d+–\d+`)},
	"en": {"rank range with missing values", "place in 90 % of samples",
		regexp.MustCompile(`rank range($|[^ ]| [^w])|ranks in the samples|rank spread|rank \d+–\d+`)},
}

// TestRankNames: every output for people names each kind of rank range by
// its own name and never by a bare "rank range": the terminal table, the
// Markdown memo, the HTML pack and every sheet of the workbook.
func TestRankNames(t *testing.T) {
	for lang, names := range rankNames {
		var table bytes.Buffer
		if err := WriteSensitivityTable(&table, packSensitivity(), nil, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		var mdDoc bytes.Buffer
		if err := WriteMarkdown(&mdDoc, fullPack(), Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		var book strings.Builder
		f := openXLSX(t, renderXLSX(t, fullPack(), lang))
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				book.WriteString(strings.Join(r, "\t") + "\n")
			}
		}
		outputs := []struct {
			name             string
			text             string
			missing, sampled bool // which names the output must use
		}{
			{"table", table.String(), true, false},
			{"md", mdDoc.String(), false, true},
			{"html", outline(parseHTML(t, renderHTML(t, fullPack(), lang))), true, true},
			// The workbook gives each range as two columns, from and to
			// (best and worst), under names that say which.
			{"xlsx", book.String(), false, true},
		}
		for _, o := range outputs {
			// A no-break space keeps "90 %" together; the names are
			// compared with plain spaces.
			text := strings.ReplaceAll(strings.ToLower(o.text), "\u00a0", " ")
			if got := strings.Contains(text, names.missing); got != o.missing {
				t.Errorf("%s %s: names %q: %v, want %v", lang, o.name, names.missing, got, o.missing)
			}
			if got := strings.Contains(text, names.sampled); got != o.sampled {
				t.Errorf("%s %s: names %q: %v, want %v", lang, o.name, names.sampled, got, o.sampled)
			}
			if bare := names.bare.FindString(text); bare != "" {
				t.Errorf("%s %s: a rank range without its name: %q", lang, o.name, bare)
			}
		}
	}
}
