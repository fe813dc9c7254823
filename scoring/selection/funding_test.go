package selection

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// TestFundingProbabilityByHand: A and B each cost 1 of a budget of 1; B is
// worth 1.5 in every sample, A 2 in the samples s with s mod 4 = 0 and 1 in
// the others: A is funded in 25 of 100 samples, B in 75. C is a must (1),
// D excluded (0).
func TestFundingProbabilityByHand(t *testing.T) {
	p := &Problem{
		Items: []Item{{ID: "A", Rank: 1, Value: 1}, {ID: "B", Rank: 2, Value: 1.5}, {ID: "C", Rank: 3, Value: 0.1},
			{ID: "D", Value: 9, Eligibility: Excluded}},
		Budgets: []Budget{{Name: "total", Capacity: 1, Costs: []float64{1, 1, 0, 1}}},
		Must:    []int{2},
	}
	values := func(s int, v []float64) error {
		v[0], v[1], v[2], v[3] = 1, 1.5, 0.1, 9
		if s%4 == 0 {
			v[0] = 2
		}
		return nil
	}
	f, err := FundingProbability(context.Background(), p, 100, values, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{25, 75, 100, 0}; !slices.Equal(f.Funded, want) {
		t.Errorf("funded %v, want %v", f.Funded, want)
	}
	if want := []float64{0.25, 0.75, 1, 0}; !slices.Equal(f.Probability, want) {
		t.Errorf("probability %v, want %v", f.Probability, want)
	}
	if f.NotOptimal != 0 {
		t.Errorf("%d samples not optimal", f.NotOptimal)
	}
}

// TestRobustnessClass: the thresholds of FORMATS.md §5.
func TestRobustnessClass(t *testing.T) {
	for _, c := range []struct {
		p    float64
		want Robustness
	}{{1, RobustYes}, {0.95, RobustYes}, {0.9499, Open}, {0.5, Open}, {0.0501, Open}, {0.05, RobustNo}, {0, RobustNo}} {
		if got := Class(c.p); got != c.want {
			t.Errorf("Class(%v) = %v, want %v", c.p, got, c.want)
		}
	}
}

// TestFundingProbabilityDeterministic: the counts are the same at
// GOMAXPROCS 1 and 2, and equal to solving each sample on its own with
// Solve: warm starts and parallel chunks change nothing.
func TestFundingProbabilityDeterministic(t *testing.T) {
	p := benchFamily(7, 40, 3, 6, 2, 2)
	crit := make([][]float64, p.N())
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range crit {
		crit[i] = []float64{10 + 90*rng.Float64(), 10 + 90*rng.Float64(), 10 + 90*rng.Float64()}
	}
	values := func(s int, v []float64) error {
		r := rand.New(rand.NewPCG(uint64(s), 99))
		w := []float64{r.Float64(), r.Float64(), r.Float64()}
		for i := range v {
			v[i] = w[0]*crit[i][0] + w[1]*crit[i][1] + w[2]*crit[i][2]
		}
		return nil
	}
	const K = 60
	var runs [][]int
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		f, err := FundingProbability(context.Background(), p, K, values, Options{})
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, f.Funded)
	}
	if !slices.Equal(runs[0], runs[1]) {
		t.Fatalf("GOMAXPROCS 1 gives %v, 2 gives %v", runs[0], runs[1])
	}
	want := make([]int, p.N())
	for s := 0; s < K; s++ {
		q := *p
		q.Items = slices.Clone(p.Items)
		v := make([]float64, p.N())
		values(s, v)
		for i := range q.Items {
			q.Items[i].Value = v[i]
		}
		sol, err := Solve(context.Background(), &q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, in := range sol.Selected {
			if in {
				want[i]++
			}
		}
	}
	if !slices.Equal(runs[0], want) {
		t.Errorf("funded %v, solving each sample alone gives %v", runs[0], want)
	}
}

// TestFundingProbabilityBadSample: a NaN value is an error naming the
// sample and the item.
func TestFundingProbabilityBadSample(t *testing.T) {
	p := s4(0)
	_, err := FundingProbability(context.Background(), p, 20, func(s int, v []float64) error {
		for i := range v {
			v[i] = 1
		}
		if s == 13 {
			v[2] = v[2] / 0 * 0
		}
		return nil
	}, Options{})
	want := &SampleValueError{Sample: 13, Item: 2}
	if fmt.Sprint(err) != fmt.Sprint(want) {
		t.Errorf("error %v, want %v", err, want)
	}
}

// TestFundingProbabilityAgainstEnumeration: the samples of a chunk share a
// guide (branchings, stored multipliers) and start from earlier samples'
// optima; none of that may change an answer. On 40 seeded random problems
// (n ≤ 13, rules, tight and loose budgets) with 70 samples
// each (three chunks) whose values are small integers, so that optima tie
// and the tie-break decides, the counts are those of exhaustive
// enumeration of every sample (reference_test.go) — with GOMAXPROCS 1 and 2.
func TestFundingProbabilityAgainstEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(70, 16))
	const K = 70
	for k := 0; k < 40; k++ {
		p := genProblem(rng, genConfig{n: 6 + rng.IntN(8), budgets: 1 + rng.IntN(3), intVals: true, rules: true,
			tight: 0.3 + 0.5*rng.Float64(), limits: k%4 == 0, allowBad: k%3 == 0})
		if p.Validate() != nil {
			t.Fatalf("instance %d: the generator made an invalid problem", k)
		}
		if !refSolve(p, nil).feasible {
			continue
		}
		seed := uint64(k)
		values := func(s int, v []float64) error {
			r := rand.New(rand.NewPCG(seed, uint64(s)))
			for i := range v {
				v[i] = float64(1 + r.IntN(6))
			}
			return nil
		}
		want := make([]int, p.N())
		for s := 0; s < K; s++ {
			q := *p
			q.Items = slices.Clone(p.Items)
			v := make([]float64, p.N())
			values(s, v)
			for i := range q.Items {
				q.Items[i].Value = v[i]
			}
			for i, in := range refSolve(&q, nil).sel {
				if in {
					want[i]++
				}
			}
		}
		for _, procs := range []int{1, 2} {
			old := runtime.GOMAXPROCS(procs)
			f, err := FundingProbability(context.Background(), p, K, values, Options{})
			runtime.GOMAXPROCS(old)
			if err != nil {
				t.Fatalf("instance %d: %v", k, err)
			}
			if !slices.Equal(f.Funded, want) {
				t.Fatalf("instance %d (n=%d), GOMAXPROCS %d: funded %v, enumeration %v", k, p.N(), procs, f.Funded, want)
			}
		}
	}
}
