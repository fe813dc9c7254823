package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// diffFixture: a set and a version with A's weight 1 → 3, over two
// investments, one with a hostile id.
func diffFixture(t *testing.T) *Diff {
	t.Helper()
	const base = `format: prio.criteria/1
id: d
version: 1.0.0
status: adopted
fields:
  id: {headers: [ID], type: text}
  a:  {headers: [A], type: number}
  b:  {headers: [B], type: number}
criteria:
  - {id: A, weight: 1, field: a, value: {linear: [0, 1]}}
  - {id: B, weight: 1, field: b, value: {linear: [0, 1]}}
`
	old, err := criteria.Parse(strings.NewReader(base), "old.yaml")
	if err != nil {
		t.Fatal(err)
	}
	new, err := criteria.Parse(strings.NewReader(strings.Replace(strings.Replace(base, "{id: A, weight: 1,", "{id: A, weight: 3,", 1), "version: 1.0.0", "version: 1.1.0", 1)), "new.yaml")
	if err != nil {
		t.Fatal(err)
	}
	score := func(set *criteria.Set) *scoring.Result {
		p := portfolio.New([]portfolio.Field{{Name: "id", Kind: portfolio.Text}, {Name: "a", Kind: portfolio.Number}, {Name: "b", Kind: portfolio.Number}})
		p.AddValues(portfolio.Investment{ID: "X"}, []portfolio.Value{{Present: true, Text: "X"}, {Present: true, Num: 1}, {Present: true, Num: 0}})
		p.AddValues(portfolio.Investment{ID: `=HYPERLINK("http://x","y")`}, []portfolio.Value{{Present: true, Text: "H"}, {Present: true, Num: 0}, {Present: true, Num: 0.8}})
		r, err := scoring.Score(set, p)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// Old: X 0.5, H 0.4; new (A 3/4): X 0.75, H 0.2.
	return &Diff{Old: old, New: new, Changes: criteria.Diff(old, new), Impact: scoring.CompareResults(score(old), score(new), 1)}
}

func TestDiffXLSX(t *testing.T) {
	d := diffFixture(t)
	var a, b bytes.Buffer
	if err := WriteDiffXLSX(&a, d, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteDiffXLSX(&b, d, Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renders differ")
	}
	f, err := excelize.OpenReader(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.GetSheetList(), ","); got != "Sammanfattning,Ändringar,Påverkan" {
		t.Errorf("sheets %s", got)
	}
	rows, _ := f.GetRows("Påverkan")
	// The header, X, the hostile id; scores on the 0–100 scale, statuses in
	// words.
	var x, h []string
	for _, r := range rows {
		if len(r) > 0 && r[0] == "X" {
			x = r
		}
		if len(r) > 0 && strings.HasPrefix(r[0], "=HYPERLINK") {
			h = r
		}
	}
	// X by hand: 0.5 → 0.75, a change of 0.25, all of it A's (A contributes
	// 0.5·1 before and 0.75·1 after); B's contribution stays 0; × 100.
	if len(x) < 11 || x[2] != "rangordnad" || x[4] != "50.0" || x[5] != "rangordnad" || x[7] != "75.0" || x[8] != "25.0" || x[9] != "25.0" || x[10] != "0.0" {
		t.Errorf("row of X: %q", x)
	}
	if h == nil {
		t.Fatal("the hostile id is not in the sheet as text")
	}
	for i, r := range rows {
		for c := range r {
			cell, _ := excelize.CoordinatesToCellName(c+1, i+1)
			if formula, _ := f.GetCellFormula("Påverkan", cell); formula != "" {
				t.Errorf("%s holds a formula %q", cell, formula)
			}
		}
	}
	var md bytes.Buffer
	if err := WriteDiffMarkdown(&md, d, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), `\=HYPERLINK`) && !strings.Contains(md.String(), `=HYPERLINK("http://x","y")`) {
		t.Errorf("markdown lacks the id:\n%s", md.String())
	}
}
