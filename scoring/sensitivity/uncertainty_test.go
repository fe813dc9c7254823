package sensitivity

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

const uncertainSet = `format: prio.criteria/1
id: u
version: 1.0.0
status: draft
fields:
  id:  {headers: [ID], type: text}
  npv: {headers: [NPV], type: number, uncertainty: {dist: uniform, low: 0, high: 2}}
  inv: {headers: [Inv], type: number}
derived:
  ratio: npv / inv
criteria:
  - {id: C, field: ratio, value: {linear: [0, 2]}}
`

// TestUncertaintyTie: A's npv is uniform on [0, 2] and B's is 1; both invest
// 1, so A's value ratio/2 is uniform on [0, 1] and B's is 0.5. By hand A
// ranks first in half the samples, and with its central weight (the only
// leaf, weight 1) it is first in half the value samples: confidence 0.5.
// B's fixed npv (1) lies within [0, 2] and is drawn too: both are uncertain
// in the same way, so each is first with share 0.5.
func TestUncertaintyTie(t *testing.T) {
	set, err := criteria.Parse(strings.NewReader(uncertainSet), "u.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fields := []portfolio.Field{{Name: "id", Kind: portfolio.Text}, {Name: "npv", Kind: portfolio.Number}, {Name: "inv", Kind: portfolio.Number}}
	p := portfolio.New(fields)
	p.AddValues(portfolio.Investment{ID: "A"}, []portfolio.Value{{Present: true, Text: "A"}, {Present: true, Num: 1}, {Present: true, Num: 1}})
	p.AddValues(portfolio.Investment{ID: "B"}, []portfolio.Value{{Present: true, Text: "B"}, {Present: true, Num: 1}, {Present: true, Num: 1}})
	res, err := scoring.Score(set, p)
	if err != nil {
		t.Fatal(err)
	}
	prob := FromResult(res)
	u, warnings, err := NewUncertainty(set, p, prob)
	if err != nil || len(warnings) > 0 || u == nil {
		t.Fatalf("uncertainty %v, warnings %v, err %v", u, warnings, err)
	}
	out, err := SMAA(context.Background(), prob, SMAAOptions{
		Samples: 10000, Seed: 5, Weights: criteria.WeightModel{Kind: criteria.WeightsFree}, Top: 1,
		Values: func() (ValueSampler, error) { return u.Sampler() },
	})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "A", out.Acceptability[0], []float64{0.5, 0.5}, mcTolerance)
	near(t, "B", out.Acceptability[1], []float64{0.5, 0.5}, mcTolerance)
	near(t, "confidence", out.Confidence, []float64{0.5, 0.5}, mcTolerance)
}

// TestUncertaintyOutsideRange: a value outside its own [low, high] is an
// error naming the investment.
func TestUncertaintyOutsideRange(t *testing.T) {
	set, err := criteria.Parse(strings.NewReader(uncertainSet), "u.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// A uniform range is checked only for low ≤ high; use a triangular one.
	set.Fields[1].Uncertainty.Dist = "triangular"
	fields := []portfolio.Field{{Name: "id", Kind: portfolio.Text}, {Name: "npv", Kind: portfolio.Number}, {Name: "inv", Kind: portfolio.Number}}
	p := portfolio.New(fields)
	p.Inputs = []portfolio.Input{{Path: "a.csv"}}
	p.AddValues(portfolio.Investment{ID: "A", Source: portfolio.Cell{File: "a.csv", Row: 2, Col: 1}},
		[]portfolio.Value{{Present: true, Text: "A"}, {Present: true, Num: 3}, {Present: true, Num: 1}})
	res, err := scoring.Score(set, p)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = NewUncertainty(set, p, FromResult(res))
	if want := "a.csv:2: A: npv = 3 lies outside its uncertainty range [0, 2]"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// TestDrawsAsGonum: a uniform and a triangular draw give, bit for bit and
// from the same stream, what gonum's distributions give (their Rand), so
// that drawing without a rand.Rand per draw changes no result.
func TestDrawsAsGonum(t *testing.T) {
	for _, tc := range []struct {
		name            string
		dist            string
		low, base, high float64
	}{
		{"uniform", "uniform", -3, 1, 7.5},
		{"triangular, mode inside", "triangular", 2, 3.25, 10},
		{"triangular, mode at low", "triangular", -1, -1, 4},
		{"triangular, mode at high", "triangular", 0.5, 9, 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &draw{dist: tc.dist, low: tc.low, base: tc.base, high: tc.high}
			if tc.dist == "triangular" {
				d.tri = distuv.NewTriangle(tc.low, tc.high, tc.base, nil)
			}
			ours, theirs := rand.New(rand.NewPCG(5, 6)), rand.New(rand.NewPCG(5, 6))
			for i := range 10000 {
				got := d.sample(ours)
				var want float64
				if tc.dist == "uniform" {
					want = distuv.Uniform{Min: tc.low, Max: tc.high, Src: theirs}.Rand()
				} else {
					want = distuv.NewTriangle(tc.low, tc.high, tc.base, theirs).Rand()
				}
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("draw %d: %v, gonum %v", i, got, want)
				}
			}
		})
	}
}
