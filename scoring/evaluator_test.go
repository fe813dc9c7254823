package scoring_test

import (
	"os"
	"strings"
	"testing"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// chainSet has a number field read by a derived field read by another, and
// a leaf that reads none of them: the evaluator must follow the chain and
// leave the other leaf as scored.
const chainSet = `format: prio.criteria/1
id: chain
version: 1.0.0
status: draft
fields:
  id:    {headers: [ID], type: text, required: true}
  a:     {headers: [A], type: number}
  other: {headers: [Other], type: number}
derived:
  b: a * 2
  c: b + other
criteria:
  - {id: K1, weight: 1, field: c, value: {linear: [0, 100]}}
  - {id: K2, weight: 1, field: other, value: {linear: [0, 10]}}
  - {id: K3, weight: 1, field: a, value: {linear: [0, 50]}, missing: neutral}
`

const chainPortfolio = "ID;A;Other\nX;10;4\nY;;2\nZ;30;8\n"

// The evaluator is checked against full scoring (a separate path: Score on
// the portfolio with the value changed): the same leaf values, bit for bit.
func TestEvaluatorMatchesScore(t *testing.T) {
	example, err := os.ReadFile("../testdata/examples/exempelverket.csv")
	if err != nil {
		t.Fatal(err)
	}
	chain, err := criteria.Parse(strings.NewReader(chainSet), "chain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		set  *criteria.Set
		file string
		data []byte
	}{
		{"built-in set, example portfolio", criteria.Default(), "exempelverket.csv", example},
		{"chained derived fields", chain, "chain.csv", []byte(chainPortfolio)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := importers.Read(tt.set, []importers.Source{{Path: tt.file, Data: tt.data}}, importers.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ev, err := scoring.NewEvaluator(tt.set, p)
			if err != nil {
				t.Fatal(err)
			}
			checked := 0
			for f, field := range tt.set.Fields {
				if field.Type != portfolio.Number {
					continue
				}
				for i := range p.Investments {
					old := p.Value(i, f)
					if !old.Present {
						continue
					}
					changed := old.Num*1.5 + 7
					got := make([]float64, len(tt.set.Leaves()))
					ie := ev.Investment(i, []int{f})
					// Twice: a second evaluation must not see the first's values.
					if err := ie.LeafValues([]scoring.FieldValue{{Field: f, Num: old.Num + 1000}}, got); err != nil {
						t.Fatal(err)
					}
					if err := ie.LeafValues([]scoring.FieldValue{{Field: f, Num: changed}}, got); err != nil {
						t.Fatal(err)
					}
					p.Set(i, f, portfolio.Value{Num: changed, Present: true})
					res, err := scoring.Score(tt.set, p)
					p.Set(i, f, old)
					if err != nil {
						t.Fatal(err)
					}
					want := assessmentOf(res, p.Investments[i].ID).Values
					for li := range want {
						if got[li] != want[li] {
							t.Errorf("%s with %s = %v: leaf %d = %v, Score gives %v", p.Investments[i].ID, field.Name, changed, li, got[li], want[li])
						}
					}
					checked++
				}
			}
			if checked == 0 {
				t.Fatal("no number field was checked")
			}
		})
	}
}

func assessmentOf(r *scoring.Result, id string) scoring.Assessment {
	for _, a := range r.Investments {
		if a.ID == id {
			return a
		}
	}
	panic("no assessment of " + id)
}

func TestEvaluatorRefusesUndeclaredField(t *testing.T) {
	set, err := criteria.Parse(strings.NewReader(chainSet), "chain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := importers.Read(set, []importers.Source{{Path: "chain.csv", Data: []byte(chainPortfolio)}}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := scoring.NewEvaluator(set, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := ev.Investment(0, []int{1}).LeafValues([]scoring.FieldValue{{Field: 2, Num: 1}}, make([]float64, 3)); err == nil {
		t.Error("replacing a field the evaluator was not made for gave no error")
	}
}

// TestEvaluatorWithoutAllocation: a Monte Carlo evaluation, which runs
// once per sample and investment, allocates nothing: the built-in set's
// NPV replaced, npv_per_krona = npv / invest derived again by its kernel
// and valued by A1.
func TestEvaluatorWithoutAllocation(t *testing.T) {
	set := criteria.Default()
	p := syntheticPortfolio(set, 50)
	ev, err := scoring.NewEvaluator(set, p)
	if err != nil {
		t.Fatal(err)
	}
	npv := p.FieldIndex("npv")
	evs := make([]*scoring.InvestmentEvaluator, len(p.Investments))
	for i := range evs {
		evs[i] = ev.Investment(i, []int{npv})
	}
	dst := make([]float64, len(set.Leaves()))
	replace := []scoring.FieldValue{{Field: npv, Num: 12.5}}
	allocs := testing.AllocsPerRun(20, func() {
		for _, e := range evs {
			replace[0].Num += 0.25
			if err := e.LeafValues(replace, dst); err != nil {
				t.Fatal(err)
			}
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations for %d evaluations, want 0", allocs, len(evs))
	}
}
