package reports

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
)

// runDay is the date the tests give the reports for people.
var runDay = time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)

// peopleDoc is one report for people, in one language.
type peopleDoc struct {
	name, lang string
	kind       string // "html", "md" or "xlsx"
	data       []byte
}

// peopleDocs renders every report for people prio writes, in both
// languages, from the real examples: the score and sensitivity packs (HTML,
// Markdown, workbook), a batch's agency pack, the sensitivity pack with a
// selection and the selection's own Markdown and table, the batch summary (HTML,
// workbook), the criteria diff (HTML, Markdown, table, workbook) and the
// input template.
func peopleDocs(t *testing.T) []peopleDoc {
	t.Helper()
	agencies, err := exampleAgencies()
	if err != nil {
		t.Fatal(err)
	}
	ex := agencies[0].Pack
	score := &Pack{Score: ex.Score, Set: ex.Set, Portfolio: ex.Portfolio, Top: 5}
	selected := exampleSelectionPack(t)
	summary := exampleSummary(t)
	diff := exampleDiff(t)
	var out []peopleDoc
	for _, lang := range []string{"sv", "en"} {
		o := Options{Lang: lang, Version: "0.1.0", Date: runDay}
		add := func(name, kind string, write func(*bytes.Buffer) error) {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatalf("%s %s: %v", name, lang, err)
			}
			out = append(out, peopleDoc{name: name, lang: lang, kind: kind, data: b.Bytes()})
		}
		for name, p := range map[string]*Pack{"score": score, "sensitivity": ex, "agency": agencies[1].Pack, "selection": selected} {
			add(name, "html", func(b *bytes.Buffer) error { return WriteHTML(b, p, o) })
			add(name, "md", func(b *bytes.Buffer) error { return WriteMarkdown(b, p, o) })
			add(name, "xlsx", func(b *bytes.Buffer) error { return WriteXLSX(b, p, o) })
		}
		add("selection-doc", "md", func(b *bytes.Buffer) error { return WriteSelectionMarkdown(b, selected.Selection, o) })
		add("selection-doc", "table", func(b *bytes.Buffer) error { return WriteSelectionTable(b, selected.Selection, o) })
		add("summary", "html", func(b *bytes.Buffer) error { return WriteSummaryHTML(b, summary, o) })
		add("summary", "xlsx", func(b *bytes.Buffer) error { return WriteSummaryXLSX(b, summary, o) })
		add("diff", "html", func(b *bytes.Buffer) error { return WriteDiffHTML(b, diff, o) })
		add("diff", "md", func(b *bytes.Buffer) error { return WriteDiffMarkdown(b, diff, o) })
		add("diff", "table", func(b *bytes.Buffer) error { return WriteDiffTable(b, diff, o) })
		add("diff", "xlsx", func(b *bytes.Buffer) error { return WriteDiffXLSX(b, diff, o) })
		add("template", "xlsx", func(b *bytes.Buffer) error { return WriteTemplate(b, ex.Set, o) })
	}
	return out
}

// docTexts are a document's texts as a reader meets them: an HTML page's
// text nodes (in its body, outside style and script), the lines of a text
// or Markdown document, every cell of every sheet of a workbook with its
// headers and footers. Each text says where it is, for messages.
type docText struct{ where, text string }

func docTexts(t *testing.T, d peopleDoc) []docText {
	t.Helper()
	var out []docText
	switch d.kind {
	case "html":
		doc := parseHTML(t, d.data)
		var walk func(n *html.Node, section string)
		walk = func(n *html.Node, section string) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "style", "script", "head":
					return
				case "section":
					section = attr(n, "id") + "/" + attr(n, "aria-labelledby")
				}
			}
			if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
				out = append(out, docText{section, n.Data})
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, section)
			}
		}
		walk(doc, "")
	case "xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(d.data))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			for r, row := range rows {
				for c, cell := range row {
					out = append(out, docText{sheet + "!" + xlsxCellName(c+1, r+1), cell})
				}
			}
			if hf, err := f.GetHeaderFooter(sheet); err == nil && hf != nil {
				out = append(out, docText{sheet + " header", hf.OddHeader}, docText{sheet + " footer", hf.OddFooter})
			}
		}
	default:
		for i, line := range strings.Split(string(d.data), "\n") {
			out = append(out, docText{"line " + itoa(i+1), line})
		}
	}
	return out
}

func itoa(i int) string { return FormatNumber(float64(i), 0, "en") }

// TestNoFormatDebris checks issue 15 item 10: no text of any report for
// people, in either language, holds what a format slip leaves ("%!" from
// a verb with no argument or an argument with no verb, as in "Topp k
// oförändrad från%!(EXTRA string=5)"), a nil, NaN, a printed map, a
// template's braces, or the criteria file's YAML words where words for
// people belong (on_fail, on_missing, sum_columns, fail_text,
// starting_points, missing: worst).
func TestNoFormatDebris(t *testing.T) {
	debris := regexp.MustCompile(`%!|<nil>|\bNaN\b|map\[|\{\{|\}\}|\bon_fail\b|\bon_missing\b|\bsum_columns\b|\bfail_text\b|\bstarting_points\b|\bmissing: (worst|neutral|error)\b`)
	for _, d := range peopleDocs(t) {
		for _, x := range docTexts(t, d) {
			if m := debris.FindString(x.text); m != "" {
				t.Errorf("%s %s %s: %s: %q in %q", d.name, d.lang, d.kind, x.where, m, x.text)
			}
		}
	}
}

// TestSwedishHasNoEnglish checks issue 13 item 4: the Swedish HTML pack,
// workbook and table have no English or YAML words — draft, flag, worst,
// missing:, changed, criterion, ranked — and no field ids of the criteria
// set outside the pack's appendix and the workbook's conditions of the
// starting points, which show the expressions as the set states them.
func TestSwedishHasNoEnglish(t *testing.T) {
	agencies, err := exampleAgencies()
	if err != nil {
		t.Fatal(err)
	}
	set := agencies[0].Pack.Set
	english := regexp.MustCompile(`(?i)\b(draft|flag|flagged|worst|missing:|changed|criterion|ranked|excluded|adopted|passed|failed)\b`)
	// Field ids as words; "id", "plan" and "start" are left out: they are
	// ordinary words of the reports ("ID", "plan", "start").
	var ids []string
	for _, f := range set.Fields {
		switch f.Name {
		case "id", "plan", "start":
			continue
		}
		ids = append(ids, regexp.QuoteMeta(f.Name))
	}
	for _, d := range set.Derived {
		ids = append(ids, regexp.QuoteMeta(d.Name))
	}
	fieldID := regexp.MustCompile(`\b(` + strings.Join(ids, "|") + `)\b`)
	var table bytes.Buffer
	if err := WriteTable(&table, agencies[0].Pack.Score, Options{Lang: "sv"}); err != nil {
		t.Fatal(err)
	}
	docs := []peopleDoc{{name: "table", lang: "sv", kind: "table", data: table.Bytes()}}
	for _, d := range peopleDocs(t) {
		if d.lang == "sv" && (d.name == "score" || d.name == "sensitivity" || d.name == "agency" || d.name == "selection") && d.kind != "md" {
			docs = append(docs, d)
		}
	}
	checked := 0
	for _, d := range docs {
		exempt := conditionCells(t, d)
		for cell := range warningCells(t, d) {
			exempt[cell] = true
		}
		for _, x := range docTexts(t, d) {
			// The appendix and the conditions: expressions as the set
			// states them. The warnings (in the appendix and on the
			// workbook's last sheet) are prio's messages about the run,
			// which name the fields they are about and come in the
			// language of the messages package, set for the process
			// (English in tests).
			if strings.HasPrefix(x.where, "appendix-section/") || exempt[x.where] {
				continue
			}
			checked++
			if m := english.FindString(x.text); m != "" {
				t.Errorf("%s %s: %s: the English or YAML word %q in %q", d.name, d.kind, x.where, m, x.text)
			}
			if m := fieldID.FindString(x.text); m != "" {
				t.Errorf("%s %s: %s: the field id %q in %q", d.name, d.kind, x.where, m, x.text)
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d texts checked: the test reads too little", checked)
	}
}

// conditionCells are the cells of a workbook's starting-point sheet that
// hold the conditions: column C under the header "Villkor", which follows
// the table.
func conditionCells(t *testing.T, d peopleDoc) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	if d.kind != "xlsx" {
		return out
	}
	f, err := excelize.OpenReader(bytes.NewReader(d.data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Utgångspunkter")
	if err != nil {
		return out
	}
	under := false
	for r, row := range rows {
		if under {
			out["Utgångspunkter!"+xlsxCellName(3, r+1)] = true
		}
		if len(row) > 2 && row[0] == "Utgångspunkt" && row[2] == "Villkor" {
			under = true
		}
	}
	return out
}

// warningCells are the cells of a workbook's About sheet under its
// "Varningar" header: the run's warnings.
func warningCells(t *testing.T, d peopleDoc) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	if d.kind != "xlsx" {
		return out
	}
	f, err := excelize.OpenReader(bytes.NewReader(d.data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Om körningen")
	if err != nil {
		return out
	}
	under := false
	for r, row := range rows {
		if under {
			out["Om körningen!"+xlsxCellName(1, r+1)] = true
		}
		if len(row) == 1 && row[0] == "Varningar" {
			under = true
		}
	}
	return out
}
