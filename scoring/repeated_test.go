package scoring_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// TestRepeatedWarningFacts: each derived value read as missing gives its
// warning in Warnings and, beside it, the facts that group it (kind, field,
// investment), with the warning's own text. ratio = npv / invest: 5 / 0 is
// +Inf (A, B); 0 / 0 is NaN (C); 4 / 2 = 2 is fine (D). big = int(npv ×
// 1e300) is beyond 64 bits unless npv is 0 (A, B, D; C gives 0).
func TestRepeatedWarningFacts(t *testing.T) {
	set, err := criteria.Parse(strings.NewReader(`format: prio.criteria/1
id: r
version: 1.0.0
status: adopted
fields:
  id: {headers: [ID], type: text}
  npv: {headers: [NPV], type: number}
  invest: {headers: [Invest], type: number}
derived:
  ratio: npv / invest
  big: int(npv * 1e300)
criteria:
  - {id: R, field: ratio, value: {linear: [0, 2]}}
  - {id: B, field: big, value: {linear: [0, 2]}}
`), "r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	num := func(x float64) portfolio.Value { return value(portfolio.Value{Num: x}) }
	text := func(s string) portfolio.Value { return value(portfolio.Value{Text: s}) }
	p := newPortfolio(set, []row{
		{"A", []portfolio.Value{text("A"), num(5), num(0)}},
		{"B", []portfolio.Value{text("B"), num(5), num(0)}},
		{"C", []portfolio.Value{text("C"), num(0), num(0)}},
		{"D", []portfolio.Value{text("D"), num(4), num(2)}},
	})
	res, err := scoring.Score(set, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 6 {
		t.Fatalf("warnings %q", res.Warnings)
	}
	// Investment by investment, the derived fields in file order.
	want := []scoring.RepeatedWarning{
		{Text: res.Warnings[0], Kind: scoring.DerivedNotFinite, Field: "ratio", Investment: "A"},
		{Text: res.Warnings[1], Kind: scoring.DerivedIntegerRange, Field: "big", Investment: "A"},
		{Text: res.Warnings[2], Kind: scoring.DerivedNotFinite, Field: "ratio", Investment: "B"},
		{Text: res.Warnings[3], Kind: scoring.DerivedIntegerRange, Field: "big", Investment: "B"},
		{Text: res.Warnings[4], Kind: scoring.DerivedNotFinite, Field: "ratio", Investment: "C"},
		{Text: res.Warnings[5], Kind: scoring.DerivedIntegerRange, Field: "big", Investment: "D"},
	}
	if diff := cmp.Diff(want, res.Repeated); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, w := range want {
		field := map[string]string{"ratio": "ratio = npv / invest is ", "big": "big = int(npv * 1e300) is an integer beyond 64 bits"}[w.Field]
		if !strings.Contains(w.Text.String(), ": "+w.Investment+": derived field "+field) {
			t.Errorf("warning %q", w.Text)
		}
	}
}
