package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/scoring"
)

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"short", "Ny e-tjänst", 48, "Ny e-tjänst"},
		{"exactly n", "åäöåä", 5, "åäöåä"},
		{"one over", "åäöåäö", 5, "åäöå…"},
		{"space before the cut", "abc defgh", 5, "abc…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := truncate(tt.in, tt.n); got != tt.want {
				t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Försäkringskassan", "Försäkringskassan"},
		{"newline inside", "Rad ett\nrad två", "Rad ett rad två"},
		{"tab", "a\tb", "a b"},
		{"escape sequence", "x\x1b[31my", "x [31my"},
		{"C1 control", "a\u009bb", "a b"},
		{"surrounding space", "  namn \r\n", "namn"},
		{"window title (OSC 0)", "\x1b]0;pwned\x07Namn", "]0;pwned Namn"},
		{"right-to-left override", "Projekt \u202eFDP.exe", "Projekt  FDP.exe"},
		{"line separator", "a\u2028b", "a b"},
		{"byte that is not UTF-8", "caf\xe9", "caf\ufffd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainText(tt.in); got != tt.want {
				t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTableGoldenLayout checks by rune count what the eye checked in the
// table goldens: no trailing spaces, and every row's score cell ending on
// the same rune as the score header.
func TestTableGoldenLayout(t *testing.T) {
	tests := []struct{ golden, scoreLabel string }{
		{"result.table.sv.golden", "Poäng"},
		{"result.table.en.golden", "Score"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.golden))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			for i, l := range lines {
				if strings.TrimRight(l, " ") != l {
					t.Errorf("line %d has trailing spaces: %q", i+1, l)
				}
			}
			// Line 3 is the header, lines 4 to 8 the five rows.
			header, rows := lines[2], lines[3:8]
			before, _, ok := strings.Cut(header, tt.scoreLabel)
			if !ok {
				t.Fatalf("no %q in the header %q", tt.scoreLabel, header)
			}
			end := utf8.RuneCountInString(before) + utf8.RuneCountInString(tt.scoreLabel)
			for _, row := range rows {
				runes := []rune(row)
				if len(runes) < end {
					t.Errorf("row too short: %q", row)
					continue
				}
				// The score cell: one decimal, right-aligned against the end.
				cell := string(runes[end-4 : end])
				if !strings.ContainsAny(cell[len(cell)-2:len(cell)-1], ",.") || (len(runes) > end && runes[end] != ' ') {
					t.Errorf("score not aligned in %q", row)
				}
			}
		})
	}
}

// TestTableOrderAndCounts hands the table excluded investments out of place
// and singular and plural counts.
func TestTableOrderAndCounts(t *testing.T) {
	r := testResult()
	// KAM-2 (excluded) first: the table still lists it after the ranked ones.
	r.Investments = []scoring.Assessment{r.Investments[4], r.Investments[0], r.Investments[1]}
	var buf bytes.Buffer
	if err := WriteTable(&buf, r, Options{Lang: "sv"}); err != nil {
		t.Fatal(err)
	}
	// The status in Swedish words: "antagen", never the file's "adopted".
	want := "Kriterier: Utgångspunkter och kriterier för prioritering 1.1.0 (antagen)\n" +
		"\n" +
		"Rang  ID     Namn                           Myndighet          Poäng  Ej uppfyllda utgångspunkter\n" +
		"   1  FK-12  Ny e-tjänst för bostadsbidrag  Försäkringskassan   86,0\n" +
		"   2  SKV-3  Skatteverket <API> & app       Skatteverket        59,5\n" +
		"   -  KAM-2                                                     42,5  G1\n" +
		"\n" +
		"3 investeringar: 2 rangordnade (0 flaggade), 1 utesluten\n"
	if d := cmp.Diff(want, buf.String()); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// Counts of a thousand and more are grouped like other numbers.
func TestTableSummaryGrouping(t *testing.T) {
	r := testResult()
	one := r.Investments[0]
	r.Investments = nil
	for range 1234 {
		r.Investments = append(r.Investments, one)
	}
	for _, tt := range []struct{ lang, want string }{
		{"sv", "1\u00a0234 investeringar: 1\u00a0234 rangordnade (0 flaggade), 0 uteslutna\n"},
		{"en", "1,234 investments: 1,234 ranked (0 flagged), 0 excluded\n"},
	} {
		var buf bytes.Buffer
		if err := WriteTable(&buf, r, Options{Lang: tt.lang}); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(buf.String(), "\n\n"+tt.want) {
			t.Errorf("%s: summary is not %q:\n%s", tt.lang, tt.want, buf.String()[buf.Len()-120:])
		}
	}
}

// A set without a title is named by its id.
func TestTableTitleFallsBackToID(t *testing.T) {
	r := testResult()
	r.Criteria.Title.SV, r.Criteria.Title.EN = "", ""
	var buf bytes.Buffer
	if err := WriteTable(&buf, r, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(buf.String(), "\n"); first != "Criteria: digitala-investeringar 1.1.0 (adopted)" {
		t.Errorf("title line = %q", first)
	}
}
