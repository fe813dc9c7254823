package selection

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// This file holds the test oracle: exhaustive enumeration of every
// portfolio, written from FORMATS.md §5 directly and sharing no code with
// the solver (not even its tolerance helpers), and a seeded generator of
// small random problems.

// refFeasible checks a portfolio against every rule, budget and limit as
// FORMATS.md §5 states them. A budget or limit holds when the sum of the
// funded items' coefficients (in item order) is at most its capacity plus
// 1e-9 × the larger of |capacity| and the largest |coefficient| of an item
// that may be funded.
func refFeasible(p *Problem, sel []bool) bool {
	for i, in := range sel {
		if in && (p.Items[i].Eligibility != Eligible || p.Items[i].CostMissing) {
			return false
		}
	}
	for _, i := range p.Must {
		if !sel[i] {
			return false
		}
	}
	for _, i := range p.MustNot {
		if sel[i] {
			return false
		}
	}
	for _, r := range p.Requires {
		if sel[r.Item] && !sel[r.Needs] {
			return false
		}
	}
	for _, g := range p.Together {
		for _, i := range g {
			if sel[i] != sel[g[0]] {
				return false
			}
		}
	}
	for _, g := range p.Exclusive {
		k := 0
		for _, i := range g {
			if sel[i] {
				k++
			}
		}
		if k > 1 {
			return false
		}
	}
	fundable := func(i int) bool { return p.Items[i].Eligibility == Eligible && !p.Items[i].CostMissing }
	for _, b := range p.Budgets {
		s, big := 0.0, math.Abs(b.Capacity)
		for i, c := range b.Costs {
			if fundable(i) {
				big = math.Max(big, math.Abs(c))
			}
			if sel[i] {
				s += c
			}
		}
		if s > b.Capacity+1e-9*big {
			return false
		}
	}
	for _, l := range p.Limits {
		s, big := 0.0, math.Abs(l.Max)
		for k, i := range l.Items {
			if fundable(i) {
				big = math.Max(big, math.Abs(l.Coefs[k]))
			}
			if sel[i] {
				s += l.Coefs[k]
			}
		}
		if s > l.Max+1e-9*big {
			return false
		}
	}
	return true
}

func refValue(p *Problem, sel []bool) float64 {
	s := 0.0
	for i, in := range sel {
		if in {
			s += p.Items[i].Value
		}
	}
	return s
}

// refRankOrder: rank, then ID, unranked last.
func refRankOrder(p *Problem) []int {
	idx := make([]int, len(p.Items))
	for i := range idx {
		idx[i] = i
	}
	key := func(i int) int {
		if p.Items[i].Rank == 0 {
			return math.MaxInt
		}
		return p.Items[i].Rank
	}
	slices.SortFunc(idx, func(a, b int) int {
		if key(a) != key(b) {
			return key(a) - key(b)
		}
		if p.Items[a].ID < p.Items[b].ID {
			return -1
		}
		return 1
	})
	return idx
}

// refBetterTie: along the ranking order, at the first item one holds and the
// other does not, the one holding it wins.
func refBetterTie(order []int, a, b []bool) bool {
	for _, i := range order {
		if a[i] != b[i] {
			return a[i]
		}
	}
	return false
}

// refOptimum is the tie-broken optimum over the portfolios meeting keep (nil:
// all): the largest value z, then among values ≥ z − 1e-9|z| the first along
// the ranking order.
type refOptimum struct {
	feasible bool
	value    float64
	sel      []bool
}

func refSolve(p *Problem, keep func([]bool) bool) refOptimum {
	n := len(p.Items)
	if n > 24 {
		panic("refSolve: too many items to enumerate")
	}
	var all [][]bool
	var vals []float64
	sel := make([]bool, n)
	best := math.Inf(-1)
	for mask := 0; mask < 1<<n; mask++ {
		for i := range sel {
			sel[i] = mask&(1<<i) != 0
		}
		if !refFeasible(p, sel) || (keep != nil && !keep(sel)) {
			continue
		}
		v := refValue(p, sel)
		all = append(all, slices.Clone(sel))
		vals = append(vals, v)
		best = math.Max(best, v)
	}
	if len(all) == 0 {
		return refOptimum{}
	}
	order := refRankOrder(p)
	thr := best - 1e-9*math.Abs(best)
	var pick []bool
	var pickV float64
	for k, s := range all {
		if vals[k] < thr {
			continue
		}
		if pick == nil || refBetterTie(order, s, pick) {
			pick, pickV = s, vals[k]
		}
	}
	return refOptimum{feasible: true, value: pickV, sel: pick}
}

// genConfig shapes random problems.
type genConfig struct {
	n        int
	budgets  int
	intVals  bool // small integer values: many ties
	rules    bool
	tight    float64 // budget as a share of the total cost
	limits   bool
	allowBad bool // ineligible and cost-missing items
}

// genProblem makes a valid random problem: requires without cycles (from a
// later item in a random permutation to an earlier), disjoint exclusive
// groups, musts drawn among eligible items.
func genProblem(rng *rand.Rand, g genConfig) *Problem {
	n := g.n
	p := &Problem{}
	for i := 0; i < n; i++ {
		it := Item{ID: fmt.Sprintf("I%02d", i), Rank: i + 1}
		if g.intVals {
			it.Value = float64(1 + rng.IntN(5))
		} else {
			it.Value = math.Round(rng.Float64()*1000) / 100
		}
		if rng.IntN(7) == 0 {
			it.Rank = 1 + rng.IntN(n) // shared ranks: ties broken by ID
		}
		if g.allowBad {
			switch rng.IntN(12) {
			case 0:
				it.Eligibility = Excluded
				it.Rank = 0
			case 1:
				it.Eligibility = Flagged
			case 2:
				it.CostMissing = true
			}
		}
		p.Items = append(p.Items, it)
	}
	rng.Shuffle(n, func(a, b int) { p.Items[a], p.Items[b] = p.Items[b], p.Items[a] })
	for b := 0; b < g.budgets; b++ {
		bu := Budget{Name: fmt.Sprint(2026 + b), Costs: make([]float64, n)}
		total := 0.0
		for i := range bu.Costs {
			if rng.IntN(6) == 0 {
				continue // nothing that year
			}
			if g.intVals {
				bu.Costs[i] = float64(1 + rng.IntN(9))
			} else {
				bu.Costs[i] = math.Round(rng.Float64()*900+10) / 10
			}
			if p.Items[i].CostMissing {
				bu.Costs[i] = math.NaN()
			} else {
				total += bu.Costs[i]
			}
		}
		bu.Capacity = math.Round(total * g.tight)
		p.Budgets = append(p.Budgets, bu)
	}
	if !g.rules || n < 2 {
		return p
	}
	perm := rng.Perm(n)
	fundable := func(i int) bool { return p.Items[i].Eligibility == Eligible && !p.Items[i].CostMissing }
	for k := rng.IntN(n/2 + 1); k > 0; k-- {
		a, b := rng.IntN(n), rng.IntN(n)
		if a == b {
			continue
		}
		if slices.Index(perm, a) < slices.Index(perm, b) {
			a, b = b, a
		}
		p.Requires = append(p.Requires, Requires{Item: a, Needs: b})
	}
	used := map[int]bool{}
	for k := rng.IntN(3); k > 0; k-- {
		size := 2 + rng.IntN(2)
		var grp []int
		for _, i := range rng.Perm(n) {
			if !used[i] && len(grp) < size {
				grp = append(grp, i)
			}
		}
		if len(grp) >= 2 {
			for _, i := range grp {
				used[i] = true
			}
			p.Exclusive = append(p.Exclusive, grp)
		}
	}
	for k := rng.IntN(2); k > 0; k-- {
		a, b := rng.IntN(n), rng.IntN(n)
		if a != b {
			p.Together = append(p.Together, []int{a, b})
		}
	}
	for k := rng.IntN(3); k > 0; k-- {
		i := rng.IntN(n)
		if fundable(i) {
			p.Must = append(p.Must, i)
		}
	}
	for k := rng.IntN(2); k > 0; k-- {
		i := rng.IntN(n)
		if !slices.Contains(p.Must, i) {
			p.MustNot = append(p.MustNot, i)
		}
	}
	if g.limits {
		l := Limit{Name: "count", Max: float64(1 + rng.IntN(n))}
		for _, i := range rng.Perm(n)[:1+rng.IntN(n)] {
			l.Items = append(l.Items, i)
			l.Coefs = append(l.Coefs, 1)
		}
		p.Limits = append(p.Limits, l)
		if rng.IntN(2) == 0 {
			l := Limit{Name: "sum", Max: math.Round(rng.Float64() * 20)}
			for _, i := range rng.Perm(n)[:1+rng.IntN(n)] {
				l.Items = append(l.Items, i)
				l.Coefs = append(l.Coefs, float64(rng.IntN(7)-1))
			}
			p.Limits = append(p.Limits, l)
		}
	}
	return p
}

// refReason is FORMATS.md §5's reason for an item not funded in sel, the
// first that applies, with what it names; "no_gain" when none applies.
func refReason(p *Problem, sel []bool, i int) (string, []int) {
	it := p.Items[i]
	switch {
	case it.Eligibility == Excluded:
		return "excluded", nil
	case it.Eligibility == Flagged:
		return "flagged", nil
	case slices.Contains(p.MustNot, i):
		return "must_not", nil
	case it.CostMissing:
		return "cost_missing", nil
	}
	fundable := func(j int) bool { return p.Items[j].Eligibility == Eligible && !p.Items[j].CostMissing }
	slack := func(capacity float64, coef func(j int) (float64, bool)) float64 {
		big := math.Abs(capacity)
		for j := range p.Items {
			if c, ok := coef(j); ok && fundable(j) {
				big = math.Max(big, math.Abs(c))
			}
		}
		return 1e-9 * big
	}
	var names []int
	for b, bu := range p.Budgets {
		tol := slack(bu.Capacity, func(j int) (float64, bool) { return bu.Costs[j], true })
		if bu.Costs[i] > bu.Capacity+tol {
			names = append(names, b)
		}
	}
	if names != nil {
		return "too_expensive", names
	}
	for _, r := range p.Requires {
		if r.Item == i && !sel[r.Needs] && !slices.Contains(names, r.Needs) {
			names = append(names, r.Needs)
		}
	}
	if names != nil {
		return "requires", names
	}
	for _, g := range p.Together {
		if slices.Contains(g, i) {
			for _, j := range g {
				if j != i && !sel[j] && !slices.Contains(names, j) {
					names = append(names, j)
				}
			}
		}
	}
	if names != nil {
		return "together", names
	}
	for _, g := range p.Exclusive {
		if slices.Contains(g, i) {
			for _, j := range g {
				if j != i && sel[j] {
					names = append(names, j)
				}
			}
		}
	}
	if names != nil {
		return "exclusive", names
	}
	for l, lim := range p.Limits {
		k := slices.Index(lim.Items, i)
		if k < 0 || lim.Coefs[k] <= 0 {
			continue
		}
		s := 0.0
		for kk, j := range lim.Items {
			if sel[j] {
				s += lim.Coefs[kk]
			}
		}
		tol := slack(lim.Max, func(j int) (float64, bool) {
			if kk := slices.Index(lim.Items, j); kk >= 0 {
				return lim.Coefs[kk], true
			}
			return 0, false
		})
		if s+lim.Coefs[k] > lim.Max+tol {
			names = append(names, l)
		}
	}
	if names != nil {
		return "limit", names
	}
	for b, bu := range p.Budgets {
		s := 0.0
		for j, in := range sel {
			if in {
				s += bu.Costs[j]
			}
		}
		tol := slack(bu.Capacity, func(j int) (float64, bool) { return bu.Costs[j], true })
		if s+bu.Costs[i] > bu.Capacity+tol {
			names = append(names, b)
		}
	}
	if names != nil {
		return "budget", names
	}
	return "no_gain", nil
}

// refForced gives, per item, the best value of the feasible portfolios
// holding it (in) and not holding it (out), in one enumeration; ±Inf
// marks none.
func refForced(p *Problem) (in, out []float64) {
	n := len(p.Items)
	in, out = make([]float64, n), make([]float64, n)
	for i := range in {
		in[i], out[i] = math.Inf(-1), math.Inf(-1)
	}
	sel := make([]bool, n)
	for mask := 0; mask < 1<<n; mask++ {
		for i := range sel {
			sel[i] = mask&(1<<i) != 0
		}
		if !refFeasible(p, sel) {
			continue
		}
		v := refValue(p, sel)
		for i, s := range sel {
			if s {
				in[i] = math.Max(in[i], v)
			} else {
				out[i] = math.Max(out[i], v)
			}
		}
	}
	return in, out
}
