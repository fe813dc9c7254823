package selection

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// differentialInstances are the seeded random problems of the differential
// tests: n ≤ 20, one to four budgets, rules, ties (small integer values),
// ineligible and cost-missing items, infeasible ones among them.
func differentialInstances(count int) []*Problem {
	rng := rand.New(rand.NewPCG(16, 2026))
	var out []*Problem
	for k := 0; k < count; k++ {
		n := 1 + rng.IntN(14)
		if k%50 == 0 {
			n = 17 + rng.IntN(4)
		}
		g := genConfig{
			n: n, budgets: 1 + rng.IntN(4), intVals: rng.IntN(2) == 0, rules: rng.IntN(5) != 0,
			tight: 0.2 + 0.6*rng.Float64(), limits: rng.IntN(3) == 0, allowBad: rng.IntN(2) == 0,
		}
		out = append(out, genProblem(rng, g))
	}
	return out
}

// TestSolveAgainstEnumeration: on 600 seeded random problems the solver's
// status, value and tie-broken portfolio are those of exhaustive
// enumeration (reference_test.go).
func TestSolveAgainstEnumeration(t *testing.T) {
	for k, p := range differentialInstances(600) {
		if err := p.Validate(); err != nil {
			t.Fatalf("instance %d: generator made an invalid problem: %v", k, err)
		}
		want := refSolve(p, nil)
		got, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		if !want.feasible {
			if got.Status != StatusInfeasible {
				t.Errorf("instance %d (n=%d): status %v, want infeasible", k, p.N(), got.Status)
			}
			continue
		}
		if got.Status != StatusOptimal {
			t.Errorf("instance %d (n=%d): status %v, want optimal", k, p.N(), got.Status)
			continue
		}
		if math.Abs(got.Value-want.value) > 1e-9*math.Max(1, math.Abs(want.value)) {
			t.Errorf("instance %d (n=%d): value %v, want %v", k, p.N(), got.Value, want.value)
		}
		for i := range want.sel {
			if got.Selected[i] != want.sel[i] {
				t.Errorf("instance %d (n=%d): portfolio %v, want %v", k, p.N(), got.Selected, want.sel)
				break
			}
		}
	}
}

// TestDynamicProgrammeAgainstEnumeration: one budget, no rules, costs with
// at most one decimal: the dynamic programme answers, and its value and
// tie-broken portfolio are those of enumeration on 200 seeded problems with
// many ties (values from 1 to 5).
func TestDynamicProgrammeAgainstEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 16))
	for k := 0; k < 200; k++ {
		p := genProblem(rng, genConfig{n: 1 + rng.IntN(16), budgets: 1, intVals: k%2 == 0, tight: 0.1 + 0.8*rng.Float64(), allowBad: k%3 == 0})
		if k%4 == 0 && len(p.Items) > 2 {
			p.Must = []int{rng.IntN(len(p.Items))}
			if !p.selectable(p.Must[0]) {
				p.Must = nil
			}
		}
		want := refSolve(p, nil)
		got, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		if !want.feasible {
			if got.Status != StatusInfeasible {
				t.Errorf("instance %d: status %v, want infeasible", k, got.Status)
			}
			continue
		}
		// With no fundable item costing anything the budget row is empty
		// and the search answers at once.
		if got.Method != MethodDynamicProgramme && compile(p, compileOptions{}).prog.m > 0 || got.Status != StatusOptimal {
			t.Errorf("instance %d: method %v status %v, want the dynamic programme's optimum", k, got.Method, got.Status)
		}
		if math.Abs(got.Value-want.value) > 1e-9*math.Max(1, want.value) {
			t.Errorf("instance %d: value %v, want %v", k, got.Value, want.value)
		}
		for i := range want.sel {
			if got.Selected[i] != want.sel[i] {
				t.Errorf("instance %d: portfolio %v, want %v", k, got.Selected, want.sel)
				break
			}
		}
	}
}

// TestExplanationsAndLossesAgainstEnumeration: on 500 of the seeded
// problems, every reason (with what it names) is FORMATS.md §5's as
// reference_test.go spells it out, and every loss_if_forced and
// loss_if_dropped is the optimum minus the enumerated optimum with the item
// forced the other way (null where that breaks a must or must_not, the item
// cannot be funded, or nothing is feasible).
func TestExplanationsAndLossesAgainstEnumeration(t *testing.T) {
	for k, p := range differentialInstances(500) {
		want := refSolve(p, nil)
		if !want.feasible {
			continue
		}
		exs, err := Explain(p, want.sel)
		if err != nil {
			t.Fatal(err)
		}
		for _, ex := range exs {
			reason, names := refReason(p, want.sel, ex.Item)
			var got []int
			switch ex.Reason {
			case ReasonTooExpensive, ReasonBudget:
				got = ex.Budgets
			case ReasonRequires, ReasonTogether, ReasonExclusive:
				got = ex.Items
			case ReasonLimit:
				got = ex.Limits
			}
			if ex.Reason.String() != reason || !slices.Equal(got, names) {
				t.Errorf("instance %d item %d: reason %v %v, want %s %v", k, ex.Item, ex.Reason, got, reason, names)
			}
		}
		sol, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		losses, err := Losses(context.Background(), p, sol, Options{})
		if err != nil {
			t.Fatal(err)
		}
		bestIn, bestOut := refForced(p)
		for i, l := range losses {
			in := want.sel[i]
			if l.Forced == in {
				t.Errorf("instance %d item %d: Forced %v for a funded %v item", k, i, l.Forced, in)
			}
			var wantNull NullReason
			switch {
			case !p.selectable(i):
				wantNull = NullIneligible
			case in && slices.Contains(p.Must, i):
				wantNull = NullMust
			case !in && slices.Contains(p.MustNot, i):
				wantNull = NullMustNot
			}
			forced := bestIn[i]
			if in {
				forced = bestOut[i]
			}
			if wantNull == NullNone && math.IsInf(forced, -1) {
				wantNull = NullInfeasible
			}
			if l.Null != wantNull {
				t.Errorf("instance %d item %d: null %v, want %v", k, i, l.Null, wantNull)
				continue
			}
			if wantNull != NullNone {
				continue
			}
			wantLoss := math.Max(0, want.value-forced)
			if !l.Exact || math.Abs(l.Value-wantLoss) > 1e-9*math.Max(1, want.value) {
				t.Errorf("instance %d item %d: loss %v exact %v, want %v", k, i, l.Value, l.Exact, wantLoss)
			}
		}
	}
}

// TestCoreAgainstEnumeration: on 150 seeded problems (n ≤ 12, two or three
// extreme points, rules), the non-dominated portfolios are exactly those
// no feasible portfolio dominates, by enumeration and the definition of
// FORMATS.md §5 (≥ at every point and > at one, relative tolerance 1e-9).
func TestCoreAgainstEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(60, 7))
	for k := 0; k < 150; k++ {
		p := genProblem(rng, genConfig{n: 2 + rng.IntN(11), budgets: 1 + rng.IntN(2), intVals: k%2 == 0, rules: k%3 != 0, tight: 0.3 + 0.4*rng.Float64(), allowBad: k%4 == 0})
		T := 2 + rng.IntN(2)
		points := make([][]float64, T)
		for t := range points {
			points[t] = make([]float64, p.N())
			for i := range points[t] {
				if k%2 == 0 {
					points[t][i] = float64(rng.IntN(4))
				} else {
					points[t][i] = rng.Float64()
				}
			}
		}
		// Enumerate.
		n := p.N()
		var feas [][]bool
		var vecs [][]float64
		sel := make([]bool, n)
		for mask := 0; mask < 1<<n; mask++ {
			for i := range sel {
				sel[i] = mask&(1<<i) != 0
			}
			if !refFeasible(p, sel) {
				continue
			}
			v := make([]float64, T)
			for t := range v {
				for i, in := range sel {
					if in {
						v[t] += points[t][i]
					}
				}
			}
			feas = append(feas, slices.Clone(sel))
			vecs = append(vecs, v)
		}
		dom := func(a, b []float64) bool {
			strict := false
			for t := range a {
				tol := 1e-9 * math.Max(math.Abs(a[t]), math.Abs(b[t]))
				if a[t] < b[t]-tol {
					return false
				}
				if a[t] > b[t]+tol {
					strict = true
				}
			}
			return strict
		}
		var want []string
		for a := range feas {
			nd := true
			for b := range feas {
				if dom(vecs[b], vecs[a]) {
					nd = false
					break
				}
			}
			if nd {
				want = append(want, fmt.Sprint(ids(p, feas[a])))
			}
		}
		slices.Sort(want)
		res, err := Core(context.Background(), p, points, CoreOptions{})
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		var got []string
		for _, list := range res.Portfolios {
			s := make([]bool, n)
			for _, i := range list {
				s[i] = true
			}
			got = append(got, fmt.Sprint(ids(p, s)))
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("instance %d: non-dominated %v, want %v", k, got, want)
		}
	}
}

// TestFrontierAgainstEnumeration: on 60 seeded problems, each frontier
// point's value is the enumerated optimum with every budget scaled, null
// exactly where nothing is feasible at that scale.
func TestFrontierAgainstEnumeration(t *testing.T) {
	for k, p := range differentialInstances(60) {
		if p.N() > 14 {
			continue // five enumerations of 2^17 or more each: the others suffice
		}
		pts, err := Frontier(context.Background(), p, 4, Options{})
		if err == ErrUnboundedScale {
			continue
		}
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		for _, pt := range pts {
			q := *p
			q.Budgets = slices.Clone(p.Budgets)
			for b := range q.Budgets {
				q.Budgets[b].Capacity *= pt.Scale
			}
			want := refSolve(&q, nil)
			if pt.Feasible != want.feasible || want.feasible && (pt.Value != want.value || !slices.Equal(pt.Selected, want.sel)) {
				t.Errorf("instance %d λ %v: %v %v %v, want %v %v %v", k, pt.Scale, pt.Feasible, pt.Value, pt.Selected, want.feasible, want.value, want.sel)
			}
		}
	}
}
