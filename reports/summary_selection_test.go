package reports

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestSummarySelection sums up the S2 selection of the S4 vector (worked
// by hand in TestSelectionSentences): budgets 14 + 8 = 22, used 14 + 7 =
// 21, value 149 / 50 = 2.98 (298 points), 4 funded; no funding
// probability asked for.
func TestSummarySelection(t *testing.T) {
	s := s4Selection(t, s2Selection, 0, "")
	ss := NewSummarySelection(s)
	if ss.Budget != 22 || ss.Used != 21 || ss.Funded != 4 || ss.Probability || ss.Unit != "mnkr" || !ss.ScoreValue {
		t.Errorf("%+v", ss)
	}
	if d := ss.Value - 2.98; d > 1e-12 || d < -1e-12 {
		t.Errorf("value %v, want 2.98", ss.Value)
	}
}

// TestSummaryWithSelections checks the summary page's and workbook's
// selection table from the example summary, whose first agency,
// Exempelverket, has its selection (200 weight samples): the row's numbers
// are those of the agency's own selection (budget 200 + 120 + 100 = 420,
// used 162.817 + 74.201 + 98.629 = 335.647 by the JSON's used amounts, 23
// funded) and its robust and open counts those of its funding
// probabilities; the agencies without a selection have no row.
func TestSummaryWithSelections(t *testing.T) {
	s := exampleSummary(t)
	sel := mustExampleSelection(t)
	certain, open := 0, 0
	for _, p := range sel.Outcome.Funding.Probability {
		switch {
		case p >= 0.95:
			certain++
		case p > 0.05:
			open++
		}
	}
	for _, tt := range []struct {
		lang string
		want []string
	}{
		{"sv", []string{"Exempelverket", "420,0", "335,6", "1\u00a0366,9", "23", itoa(certain), itoa(open), "optimalt (bevisat)"}},
		{"en", []string{"Exempelverket", "420.0", "335.6", "1,366.9", "23", FormatNumber(float64(certain), 0, "en"), FormatNumber(float64(open), 0, "en"), "optimal (proven)"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteSummaryHTML(&b, s, Options{Lang: tt.lang}); err != nil {
				t.Fatal(err)
			}
			doc := parseHTML(t, b.Bytes())
			tables := findAll(doc, func(n *html.Node) bool { return n.Data == "table" && attr(n, "id") == "tab-selection" })
			if len(tables) != 1 {
				t.Fatalf("%d selection tables", len(tables))
			}
			rows := findAll(tables[0], elements("tr"))[1:]
			if len(rows) != 1 {
				t.Fatalf("%d rows, want Exempelverket's only", len(rows))
			}
			var cells []string
			for c := rows[0].FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					cells = append(cells, strings.TrimSpace(text(c)))
				}
			}
			for i := range cells {
				cells[i] = strings.ReplaceAll(cells[i], "\u00a0", " ")
			}
			want := slices.Clone(tt.want)
			for i := range want {
				want[i] = strings.ReplaceAll(want[i], "\u00a0", " ")
			}
			if !slices.Equal(cells, want) {
				t.Errorf("row %q, want %q", cells, want)
			}
			if open == 0 || certain == 0 {
				t.Errorf("%d robust yes and %d open: the example should have both", certain, open)
			}

			f := openXLSX(t, func() []byte {
				var b bytes.Buffer
				if err := WriteSummaryXLSX(&b, s, Options{Lang: tt.lang}); err != nil {
					t.Fatal(err)
				}
				return b.Bytes()
			}())
			name := selectionWords[tt.lang].sheet
			if sheets := f.GetSheetList(); len(sheets) < 2 || sheets[1] != name {
				t.Fatalf("sheets %v, want %s second", sheets, name)
			}
			if r := row(t, f, name, 2); r[0] != "Exempelverket" || r[4] != "23" {
				t.Errorf("the sheet's row %q", r)
			}
		})
	}
}

// TestComparisonFunding checks what moved in or out of the funded set in
// compare.json and in sentences, and that an agency without selections in
// either run has "funding": null.
func TestComparisonFunding(t *testing.T) {
	c := &BatchComparison{Previous: "förra", Agencies: []AgencyComparison{
		{Name: "Norr", Funding: &FundingComparison{In: []FundedInvestment{{ID: "C", Name: "Gamma"}}, Out: []FundedInvestment{{ID: "B", Name: "Beta"}}}},
		{Name: "Mitt", Funding: &FundingComparison{NotCompared: NotComparedNoSelectionBefore}},
		{Name: "Söder"},
	}}
	var b bytes.Buffer
	if err := WriteComparisonJSON(&b, c, Options{}); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	for _, want := range []string{
		`"funding": {
        "compared": true,
        "reason": null,
        "in": [
          {
            "id": "C",
            "name": "Gamma"
          }
        ],
        "out": [
          {
            "id": "B",
            "name": "Beta"
          }
        ]
      }`,
		`"funding": {
        "compared": false,
        "reason": "no_selection_before",
        "in": [],
        "out": []
      }`,
		`"funding": null`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("compare.json lacks %s:\n%s", want, doc)
		}
	}
	for lang, want := range map[string][]string{
		"sv": {"Norr: C Gamma finansieras nu men gjorde det inte förra gången.", "Norr: B Beta finansieras inte längre.",
			"Mitt: urvalen jämförs inte, förra körningen hade inget urval."},
		"en": {"Norr: C Gamma is funded now but was not last time.", "Norr: B Beta is no longer funded.",
			"Mitt: the selections are not compared, the last run had no selection."},
	} {
		if got := ComparisonSentences(c, lang); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
