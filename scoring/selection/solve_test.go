package selection

import (
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"
)

// tieProblem: items (id, rank, value, cost) under one budget, and, when
// search is true, a second budget no portfolio can reach, so that the
// dynamic programme does not apply and the branch and bound decides.
func tieProblem(items []Item, costs []float64, capacity float64, search bool) *Problem {
	p := &Problem{Items: items, Budgets: []Budget{{Name: "a", Capacity: capacity, Costs: costs}}}
	if search {
		big := make([]float64, len(items))
		for i := range big {
			big[i] = 1
		}
		p.Budgets = append(p.Budgets, Budget{Name: "b", Capacity: 1000, Costs: big})
		p.Limits = []Limit{{Items: []int{0}, Coefs: []float64{1}, Max: 1}}
	}
	return p
}

// TestTieBreak: problems with several optimal portfolios, by hand; the
// winner is the one holding the first item along the ranking (rank, then
// id) where they differ, whether the dynamic programme or the search
// answers.
func TestTieBreak(t *testing.T) {
	cases := []struct {
		name     string
		items    []Item
		costs    []float64
		capacity float64
		want     []string
	}{
		{"four equal items, two fit: the two best-ranked",
			[]Item{{ID: "W", Rank: 3, Value: 1}, {ID: "X", Rank: 1, Value: 1}, {ID: "Y", Rank: 2, Value: 1}, {ID: "Z", Rank: 4, Value: 1}},
			[]float64{1, 1, 1, 1}, 2, []string{"X", "Y"}},
		{"one item against two of the same total: the best-ranked one",
			[]Item{{ID: "A", Rank: 1, Value: 2}, {ID: "B", Rank: 2, Value: 1}, {ID: "C", Rank: 3, Value: 1}},
			[]float64{2, 1, 1}, 2, []string{"A"}},
		{"two items against one of the same total: the pair holding the best-ranked",
			[]Item{{ID: "A", Rank: 1, Value: 1}, {ID: "B", Rank: 2, Value: 2}, {ID: "C", Rank: 3, Value: 1}},
			[]float64{1, 2, 1}, 2, []string{"A", "C"}},
		{"shared rank: the id decides",
			[]Item{{ID: "Q", Rank: 1, Value: 5}, {ID: "P", Rank: 1, Value: 5}},
			[]float64{3, 3}, 4, []string{"P"}},
		{"values 1e-12 apart tie",
			[]Item{{ID: "A", Rank: 1, Value: 1}, {ID: "B", Rank: 2, Value: 1 + 1e-12}},
			[]float64{1, 1}, 1, []string{"A"}},
		{"values 1e-8 apart do not",
			[]Item{{ID: "A", Rank: 1, Value: 1}, {ID: "B", Rank: 2, Value: 1 + 1e-8}},
			[]float64{1, 1}, 1, []string{"B"}},
		{"a zero-value item that fits is held",
			[]Item{{ID: "A", Rank: 1, Value: 0}, {ID: "B", Rank: 2, Value: 3}},
			[]float64{1, 1}, 2, []string{"A", "B"}},
	}
	for _, c := range cases {
		for _, search := range []bool{false, true} {
			name := c.name + map[bool]string{false: " (dynamic programme)", true: " (search)"}[search]
			t.Run(name, func(t *testing.T) {
				p := tieProblem(slices.Clone(c.items), slices.Clone(c.costs), c.capacity, search)
				s, err := Solve(context.Background(), p, Options{})
				if err != nil {
					t.Fatal(err)
				}
				wantMethod := MethodDynamicProgramme
				if search {
					wantMethod = MethodBranchAndBound
				}
				if s.Status != StatusOptimal || s.Method != wantMethod || !slices.Equal(ids(p, s.Selected), c.want) {
					t.Errorf("got %v %v %v, want optimal by %v %v", s.Status, s.Method, ids(p, s.Selected), wantMethod, c.want)
				}
			})
		}
	}
}

// TestLimitsAreHonest: stopped by the node limit, a solve reports
// node_limit with a feasible portfolio and a bound at least the proven
// optimum, the same at every run; with a gap it proves no more than the gap
// and no less.
func TestLimitsAreHonest(t *testing.T) {
	p := benchFamily(3, 120, 4, 10, 3, 3)
	opt, err := Solve(context.Background(), p, Options{})
	if err != nil || opt.Status != StatusOptimal {
		t.Fatalf("%v %v", opt.Status, err)
	}
	var first *Solution
	for run := 0; run < 2; run++ {
		s, err := Solve(context.Background(), p, Options{NodeLimit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if s.Status != StatusNodeLimit || !s.HasPortfolio || !refFeasible(p, s.Selected) {
			t.Fatalf("status %v portfolio %v feasible %v", s.Status, s.HasPortfolio, refFeasible(p, s.Selected))
		}
		if s.Bound < opt.Value || s.Value > opt.Value || s.Gap != (s.Bound-s.Value)/s.Value {
			t.Errorf("value %v bound %v gap %v, optimum %v", s.Value, s.Bound, s.Gap, opt.Value)
		}
		if first == nil {
			first = s
		} else if s.Value != first.Value || s.Bound != first.Bound || !slices.Equal(s.Selected, first.Selected) {
			t.Errorf("a second run gives %v %v, the first %v %v", s.Value, s.Bound, first.Value, first.Bound)
		}
	}
	g, err := Solve(context.Background(), p, Options{Gap: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	if (g.Status != StatusWithinGap && g.Status != StatusOptimal) || g.Gap > 0.01 || g.Bound < opt.Value || g.Value < opt.Value*(1-0.01) {
		t.Errorf("gap run: %v value %v bound %v gap %v, optimum %v", g.Status, g.Value, g.Bound, g.Gap, opt.Value)
	}
	// A time limit already passed stops at once, honestly.
	tl, err := Solve(context.Background(), benchFamily(1, 300, 5, 20, 5, 5), Options{TimeLimit: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	if tl.Status != StatusTimeLimit || (tl.HasPortfolio && tl.Bound < tl.Value) {
		t.Errorf("time limit: %v %v %v", tl.Status, tl.Value, tl.Bound)
	}
}

// TestCancelled: a cancelled context stops the work with its error.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Solve(ctx, benchFamily(1, 300, 5, 20, 5, 5), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

// TestBadOptions: a negative gap or limit is refused.
func TestBadOptions(t *testing.T) {
	for _, o := range []Options{{Gap: -1}, {NodeLimit: -1}, {TimeLimit: -time.Second}, {Gap: math.NaN()}} {
		if _, err := Solve(context.Background(), s4(0), o); !errors.Is(err, ErrBadOptions) {
			t.Errorf("%+v: error %v, want ErrBadOptions", o, err)
		}
	}
}

// TestLossesDeterministic: losses at GOMAXPROCS 1 and 2 are the same, even
// when a node limit stops re-solves.
func TestLossesDeterministic(t *testing.T) {
	p := benchFamily(9, 60, 3, 8, 2, 2)
	for _, o := range []Options{{}, {NodeLimit: 20}} {
		s, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var runs [][]Loss
		for _, procs := range []int{1, 2} {
			old := runtime.GOMAXPROCS(procs)
			l, err := Losses(context.Background(), p, s, o)
			runtime.GOMAXPROCS(old)
			if err != nil {
				t.Fatal(err)
			}
			runs = append(runs, l)
		}
		if !slices.Equal(runs[0], runs[1]) {
			t.Errorf("%+v: GOMAXPROCS 1 and 2 differ", o)
		}
	}
}

// TestGapBoundIsProven: on five seeds of the benchmark family (n = 150),
// solves within a gap of 0.2 % report a bound no lower than the proven
// optimum and a value no lower than the optimum less the gap.
func TestGapBoundIsProven(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		p := benchFamily(seed, 150, 5, 10, 3, 3)
		opt, err := Solve(context.Background(), p, Options{})
		if err != nil || opt.Status != StatusOptimal {
			t.Fatalf("seed %d: %v %v", seed, opt.Status, err)
		}
		g, err := Solve(context.Background(), p, Options{Gap: 0.002})
		if err != nil {
			t.Fatal(err)
		}
		if g.Bound < opt.Value || g.Value < opt.Value*(1-0.002) || g.Gap > 0.002 {
			t.Errorf("seed %d: %v value %v bound %v gap %v; optimum %v", seed, g.Status, g.Value, g.Bound, g.Gap, opt.Value)
		}
	}
}
