package selection

import (
	"context"
	"math"
	"math/rand/v2"
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
