package selection

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
)

// coreProblem: projects with two criteria values and a cost, budget 8,
// ranked in the given order.
func coreProblem(v [][2]float64, cost []float64) (*Problem, [][]float64) {
	p := &Problem{Budgets: []Budget{{Name: "budget", Capacity: 8, Costs: cost}}}
	var crit [][]float64
	for i, c := range v {
		p.Items = append(p.Items, Item{ID: fmt.Sprintf("P%d", i+1), Rank: i + 1, Value: c[0] + c[1]})
		crit = append(crit, []float64{c[0], c[1]})
	}
	return p, crit
}

func portfolioNames(p *Problem, ps [][]int) []string {
	var out []string
	for _, list := range ps {
		s := "{"
		for k, i := range list {
			if k > 0 {
				s += ","
			}
			s += p.Items[i].ID[1:]
		}
		out = append(out, s+"}")
	}
	return out
}

// TestCoreLiesioTable: the table of REFERENCE-VECTORS.md "Portfolio
// selection and robustness" (Liesiö, Mild & Salo 2007, EJOR 181(3);
// example hand-derived): the non-dominated portfolios and core indices
// under four kinds of weight information. Portfolios come in the tie-break
// order along the ranking P1…P6.
func TestCoreLiesioTable(t *testing.T) {
	p, crit := coreProblem([][2]float64{{0.6, 0.1}, {0.6, 0.3}, {0.2, 0.8}, {0.4, 0.5}, {0.4, 0.7}, {0.8, 0.2}}, []float64{4, 5, 1, 2, 4, 2})
	cases := []struct {
		name       string
		weights    [][]float64
		portfolios []string
		index      []float64
	}{
		{"none (whole simplex)", ExtremePointsFree(2), []string{"{1,4,6}", "{3,4,5}", "{3,5,6}", "{4,5,6}"},
			[]float64{0.25, 0, 0.5, 0.75, 0.75, 0.75}},
		{"w1 ≥ w2", ExtremePointsOrder([]float64{2, 1}), []string{"{1,4,6}", "{3,5,6}", "{4,5,6}"},
			[]float64{1.0 / 3, 0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1}},
		{"w1 in [0.55, 0.75]", ExtremePointsBox([]float64{0.55, 0.25}, []float64{0.75, 0.45}), []string{"{3,5,6}", "{4,5,6}"},
			[]float64{0, 0, 0.5, 0.5, 1, 1}},
		{"w = (0.65, 0.35)", [][]float64{{0.65, 0.35}}, []string{"{4,5,6}"}, []float64{0, 0, 0, 1, 1, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Core(context.Background(), p, ExtremeValues(crit, c.weights), CoreOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got := portfolioNames(p, res.Portfolios); !slices.Equal(got, c.portfolios) {
				t.Errorf("portfolios %v, want %v", got, c.portfolios)
			}
			for i, want := range c.index {
				if math.Abs(res.Index[i]-want) > 1e-12 {
					t.Errorf("core index of P%d %v, want %v", i+1, res.Index[i], want)
				}
			}
		})
	}
}

// TestCoreS6: S6 of REFERENCE-VECTORS.md (enumerated there): w1 ≥ w2 ≥ 0,
// budget 8; non-dominated {P1, P3, P4}, {P2, P3, P4}, {P1, P4, P5}; P4 core,
// P6 exterior.
func TestCoreS6(t *testing.T) {
	p, crit := coreProblem([][2]float64{{0.9, 0.2}, {0.3, 0.9}, {0.6, 0.6}, {0.9, 0.8}, {0.8, 0.1}, {0.2, 0.3}}, []float64{4, 3, 3, 1, 2, 3})
	res, err := Core(context.Background(), p, ExtremeValues(crit, [][]float64{{1, 0}, {0.5, 0.5}}), CoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := portfolioNames(p, res.Portfolios), []string{"{1,3,4}", "{1,4,5}", "{2,3,4}"}; !slices.Equal(got, want) {
		t.Errorf("portfolios %v, want %v", got, want)
	}
	for i, want := range []float64{2.0 / 3, 1.0 / 3, 2.0 / 3, 1, 1.0 / 3, 0} {
		if math.Abs(res.Index[i]-want) > 1e-12 {
			t.Errorf("core index of P%d %v, want %v", i+1, res.Index[i], want)
		}
	}
}

// TestExtremePoints: the generators against hand-derived vertex lists.
func TestExtremePoints(t *testing.T) {
	cases := []struct {
		name string
		got  [][]float64
		want [][]float64
	}{
		{"free, 3 criteria", ExtremePointsFree(3), [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}},
		// w1 > w2 = w3: S closed upward is {1}, {1,2}, {1,3}, {1,2,3}.
		{"order with a tie", ExtremePointsOrder([]float64{0.5, 0.25, 0.25}),
			[][]float64{{1, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {1.0 / 3, 1.0 / 3, 1.0 / 3}}},
		// vary:0.2 around (0.5, 0.3, 0.2): box [0.4, 0.6]×[0.24, 0.36]×
		// [0.16, 0.24] cut by Σ = 1 has four vertices (the other corners
		// give the first coordinate outside its bounds).
		{"box", ExtremePointsBox([]float64{0.4, 0.24, 0.16}, []float64{0.6, 0.36, 0.24}),
			[][]float64{{0.6, 0.24, 0.16}, {0.48, 0.36, 0.16}, {0.52, 0.24, 0.24}, {0.4, 0.36, 0.24}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if len(c.got) != len(c.want) {
				t.Fatalf("got %v, want %v", c.got, c.want)
			}
			for k := range c.want {
				for j := range c.want[k] {
					if math.Abs(c.got[k][j]-c.want[k][j]) > 1e-12 {
						t.Fatalf("got %v, want %v", c.got, c.want)
					}
				}
			}
		})
	}
}
