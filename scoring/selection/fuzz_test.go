package selection

import (
	"context"
	"math"
	"testing"
)

// problemFromBytes builds a problem, valid or not, from fuzz input.
func problemFromBytes(data []byte) *Problem {
	at := 0
	next := func() int {
		if at >= len(data) {
			return 0
		}
		b := int(data[at])
		at++
		return b
	}
	n := next() % 13
	p := &Problem{}
	for i := 0; i < n; i++ {
		it := Item{ID: string(rune('A' + i)), Rank: next() % (n + 1), Value: float64(next()%21) - 4}
		switch next() % 9 {
		case 0:
			it.Eligibility = Excluded
		case 1:
			it.Eligibility = Flagged
		case 2:
			it.CostMissing = true
		case 3:
			it.Value = math.NaN()
		}
		p.Items = append(p.Items, it)
	}
	for b := next() % 4; b > 0; b-- {
		bu := Budget{Capacity: float64(next() % 40), Costs: make([]float64, n)}
		for i := range bu.Costs {
			bu.Costs[i] = float64(next()%16) / 2
		}
		p.Budgets = append(p.Budgets, bu)
	}
	item := func() int { return next()%(n+2) - 1 } // sometimes out of range
	for k := next() % 4; k > 0; k-- {
		p.Must = append(p.Must, item())
	}
	for k := next() % 3; k > 0; k-- {
		p.MustNot = append(p.MustNot, item())
	}
	for k := next() % 5; k > 0; k-- {
		p.Requires = append(p.Requires, Requires{item(), item()})
	}
	for k := next() % 3; k > 0; k-- {
		p.Together = append(p.Together, []int{item(), item()})
	}
	for k := next() % 3; k > 0; k-- {
		p.Exclusive = append(p.Exclusive, []int{item(), item(), item()}[:2+next()%2])
	}
	for k := next() % 2; k > 0; k-- {
		l := Limit{Max: float64(next()%10) - 2}
		for j := next() % 4; j > 0; j-- {
			l.Items = append(l.Items, item())
			l.Coefs = append(l.Coefs, float64(next()%7)-2)
		}
		p.Limits = append(p.Limits, l)
	}
	return p
}

// FuzzSolve: whatever the problem, nothing panics; an invalid problem gives
// a *ValidationError; an optimal portfolio meets every rule and budget and
// has the enumerated optimum's value; an infeasible one has no feasible
// portfolio at all.
func FuzzSolve(f *testing.F) {
	f.Add([]byte{5, 1, 10, 4, 2, 3, 5, 3, 8, 1, 4, 6, 9, 2, 20, 1, 2, 3, 4, 5, 6, 1, 2, 3, 1, 2, 2, 3, 4, 1, 2, 3})
	f.Add([]byte{12, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 3, 30})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		p := problemFromBytes(data)
		s, err := Solve(context.Background(), p, Options{NodeLimit: 5000})
		if err != nil {
			if p.Validate() == nil {
				t.Fatalf("valid problem: %v", err)
			}
			return
		}
		want := refSolve(p, nil)
		switch s.Status {
		case StatusOptimal:
			if !refFeasible(p, s.Selected) {
				t.Fatalf("optimal portfolio %v breaks a rule", s.Selected)
			}
			if s.Value != refValue(p, s.Selected) || !want.feasible || math.Abs(s.Value-want.value) > 1e-9*math.Max(1, math.Abs(want.value)) {
				t.Fatalf("value %v, enumeration %v %v", s.Value, want.feasible, want.value)
			}
			if _, err := Explain(p, s.Selected); err != nil {
				t.Fatal(err)
			}
			if _, err := Losses(context.Background(), p, s, Options{NodeLimit: 5000}); err != nil {
				t.Fatal(err)
			}
		case StatusInfeasible:
			if want.feasible {
				t.Fatalf("infeasible, but %v is feasible", want.sel)
			}
		}
		if _, err := RankingLine(p); err != nil {
			t.Fatal(err)
		}
	})
}
