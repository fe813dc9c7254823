package reports

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestPackSummarisesPastMaxShown checks issue 14 item 4: the HTML pack and
// the Markdown memo give every ranked investment up to maxShown (300);
// beyond it the top 300, the counts per agency and a note that the
// workbook and the JSON hold all; the workbook holds every investment.
func TestPackSummarisesPastMaxShown(t *testing.T) {
	tests := []struct {
		n, shown int
		note     bool
	}{
		{300, 300, false},
		{350, 300, true},
	}
	for _, tt := range tests {
		p := manyPack(tt.n)
		doc := parseHTML(t, renderHTML(t, p, "sv"))
		rowsOf := func(id string) int {
			t.Helper()
			tabs := findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "table" && attr(n, "id") == id })
			if len(tabs) != 1 {
				t.Fatalf("%d: %d tables #%s", tt.n, len(tabs), id)
			}
			return len(findAll(tabs[0], elements("tr"))) - 1 // less the header
		}
		if got := rowsOf("tab-ranking"); got != tt.shown {
			t.Errorf("%d ranked: the ranking lists %d, want %d", tt.n, got, tt.shown)
		}
		if got := rowsOf("tab-firmness"); got != tt.shown {
			t.Errorf("%d ranked: the firmness table lists %d, want %d", tt.n, got, tt.shown)
		}
		// One dot per investment shown, in panels of at most 45 rows.
		dots, panels := 0, 0
		for _, svg := range findAll(doc, elements("svg")) {
			if strings.HasPrefix(attr(svg, "id"), "fig-firmness") {
				panels++
				var b strings.Builder
				html.Render(&b, svg) //nolint:errcheck
				dots += strings.Count(b.String(), "fill:#111111")
			}
		}
		if dots != tt.shown || panels != (tt.shown+maxChartRows-1)/maxChartRows {
			t.Errorf("%d ranked: %d dots in %d panels, want %d in %d", tt.n, dots, panels, tt.shown, (tt.shown+maxChartRows-1)/maxChartRows)
		}
		page := outline(doc)
		const note = "Här visas de 300 högst rangordnade av 350. Hela rangordningen finns i arbetsboken och i JSON-filen."
		if got := strings.Contains(page, note); got != tt.note {
			t.Errorf("%d ranked: the note is there: %v, want %v", tt.n, got, tt.note)
		}
		if tt.note {
			// manyPack's investments are all Exempelverket's: 350 of
			// them, 300 shown, the best rank 1.
			if got := rowsOf("tab-groups"); got != 1 || !strings.Contains(page, "| [Exempelverket] | 350 | 350 | 300 | 0 | 1") {
				t.Errorf("the counts per agency: %d rows\n%s", got, page)
			}
		}
		var memo bytes.Buffer
		if err := WriteMarkdown(&memo, p, Options{}); err != nil {
			t.Fatal(err)
		}
		ranking := memo.String()[strings.Index(memo.String(), "## Rangordning"):]
		ranking = ranking[:strings.Index(ranking, "\n\n##")]
		if got := strings.Count(ranking, "\n| ") - 2; got != tt.shown { // less the header and its rule
			t.Errorf("%d ranked: the memo's ranking lists %d, want %d", tt.n, got, tt.shown)
		}
		if got := strings.Contains(memo.String(), note); got != tt.note {
			t.Errorf("%d ranked: the memo's note is there: %v, want %v", tt.n, got, tt.note)
		}
		f := openXLSX(t, renderXLSX(t, p, "sv"))
		rows, err := f.GetRows("Rangordning")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1+tt.n {
			t.Errorf("%d ranked: the workbook's ranking has %d rows, want all %d and the header", tt.n, len(rows), tt.n)
		}
	}
}
