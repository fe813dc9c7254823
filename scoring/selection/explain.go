package selection

import (
	"errors"
	"slices"
)

// Reason says why an item is not funded (FORMATS.md §5); the first that
// applies in this order.
type Reason int

const (
	// ReasonExcluded: it failed an exclude gate.
	ReasonExcluded Reason = iota + 1
	// ReasonFlagged: flagged, with eligible: unflagged.
	ReasonFlagged
	// ReasonMustNot: a must_not rule.
	ReasonMustNot
	// ReasonCostMissing: what it costs is not known.
	ReasonCostMissing
	// ReasonTooExpensive: its cost alone exceeds a budget (Budgets).
	ReasonTooExpensive
	// ReasonRequires: what it requires is not funded (Items).
	ReasonRequires
	// ReasonTogether: a partner of its together group is not funded
	// (Items).
	ReasonTogether
	// ReasonExclusive: another of its exclusive group is funded (Items).
	ReasonExclusive
	// ReasonLimit: a limit binds (Limits).
	ReasonLimit
	// ReasonBudget: it does not fit what the funded ones leave (Budgets:
	// the budgets where it does not fit).
	ReasonBudget
	// ReasonNoGain: none of the above: it fits and its rules hold, but
	// funding it would not add value (its value is not positive), or a
	// limit stopped the search before it was taken. Not in FORMATS.md §5's
	// list, which assumes positive values.
	ReasonNoGain
)

var reasonNames = [...]string{"", "excluded", "flagged", "must_not", "cost_missing", "too_expensive", "requires",
	"together", "exclusive", "limit", "budget", "no_gain"}

// String is the reason's code in prio.selection/1.
func (r Reason) String() string {
	if r < 0 || int(r) >= len(reasonNames) {
		return "unknown"
	}
	return reasonNames[r]
}

// Explanation says why one item is not funded.
type Explanation struct {
	Item   int
	Reason Reason
	// Budgets: for ReasonTooExpensive the budgets its cost alone exceeds,
	// for ReasonBudget those where it does not fit (the binding years).
	Budgets []int
	// Items: for ReasonRequires the items it requires that are not
	// funded, for ReasonTogether its partners that are not, for
	// ReasonExclusive the funded member of its group.
	Items []int
	// Limits: for ReasonLimit the limits it would break.
	Limits []int
}

// ErrSelectionLength: a portfolio does not have one entry per item.
var ErrSelectionLength = errors.New("selection: the portfolio does not have one entry per investment") // not a message: a defect of the caller

// Explain gives, for each item not in sel (in item order), the reason it is
// not funded. sel is a portfolio of p (a Solution's Selected).
func Explain(p *Problem, sel []bool) ([]Explanation, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if len(sel) != len(p.Items) {
		return nil, ErrSelectionLength
	}
	mustNot := make(map[int]bool)
	for _, i := range p.MustNot {
		mustNot[i] = true
	}
	budgetTol := make([]float64, len(p.Budgets))
	for b, bu := range p.Budgets {
		budgetTol[b] = rowTolerance(bu.Capacity, fundableCoefs(p, nil, bu.Costs))
	}
	limitTol := make([]float64, len(p.Limits))
	limitUsed := make([]float64, len(p.Limits))
	for l, lim := range p.Limits {
		limitTol[l] = rowTolerance(lim.Max, fundableCoefs(p, lim.Items, lim.Coefs))
		for k, i := range lim.Items {
			if sel[i] {
				limitUsed[l] += lim.Coefs[k]
			}
		}
	}
	use := used(p, sel)

	var out []Explanation
	for i, it := range p.Items {
		if sel[i] {
			continue
		}
		ex := Explanation{Item: i}
		switch {
		case it.Eligibility == Excluded:
			ex.Reason = ReasonExcluded
		case it.Eligibility == Flagged:
			ex.Reason = ReasonFlagged
		case mustNot[i]:
			ex.Reason = ReasonMustNot
		case it.CostMissing:
			ex.Reason = ReasonCostMissing
		}
		if ex.Reason == 0 {
			for b, bu := range p.Budgets {
				if bu.Costs[i] > bu.Capacity+budgetTol[b] {
					ex.Budgets = append(ex.Budgets, b)
				}
			}
			if len(ex.Budgets) > 0 {
				ex.Reason = ReasonTooExpensive
			}
		}
		if ex.Reason == 0 {
			for _, r := range p.Requires {
				if r.Item == i && !sel[r.Needs] && !slices.Contains(ex.Items, r.Needs) {
					ex.Items = append(ex.Items, r.Needs)
				}
			}
			if len(ex.Items) > 0 {
				ex.Reason = ReasonRequires
			}
		}
		if ex.Reason == 0 {
			for _, g := range p.Together {
				if !slices.Contains(g, i) {
					continue
				}
				for _, j := range g {
					if j != i && !sel[j] && !slices.Contains(ex.Items, j) {
						ex.Items = append(ex.Items, j)
					}
				}
			}
			if len(ex.Items) > 0 {
				ex.Reason = ReasonTogether
			}
		}
		if ex.Reason == 0 {
			for _, g := range p.Exclusive {
				if !slices.Contains(g, i) {
					continue
				}
				for _, j := range g {
					if j != i && sel[j] && !slices.Contains(ex.Items, j) {
						ex.Items = append(ex.Items, j)
					}
				}
			}
			if len(ex.Items) > 0 {
				ex.Reason = ReasonExclusive
			}
		}
		if ex.Reason == 0 {
			for l, lim := range p.Limits {
				for k, j := range lim.Items {
					if j == i && lim.Coefs[k] > 0 && limitUsed[l]+lim.Coefs[k] > lim.Max+limitTol[l] {
						ex.Limits = append(ex.Limits, l)
						break
					}
				}
			}
			if len(ex.Limits) > 0 {
				ex.Reason = ReasonLimit
			}
		}
		if ex.Reason == 0 {
			for b, bu := range p.Budgets {
				if use[b]+bu.Costs[i] > bu.Capacity+budgetTol[b] {
					ex.Budgets = append(ex.Budgets, b)
				}
			}
			if len(ex.Budgets) > 0 {
				ex.Reason = ReasonBudget
			}
		}
		if ex.Reason == 0 {
			ex.Reason = ReasonNoGain
		}
		out = append(out, ex)
	}
	return out, nil
}

// fundableCoefs are the coefficients of the items that may be funded (of
// items, or of all items when items is nil): what a row's tolerance is
// measured against.
func fundableCoefs(p *Problem, items []int, coefs []float64) []float64 {
	var out []float64
	for k, c := range coefs {
		i := k
		if items != nil {
			i = items[k]
		}
		if p.selectable(i) {
			out = append(out, c)
		}
	}
	return out
}

// Line is the ranking line: what funding down the ranking gives.
type Line struct {
	// Feasible is false when the musts (with what they bring) do not fit;
	// then nothing else is set.
	Feasible bool
	Selected []bool
	Value    float64
	Used     []float64
}

// RankingLine funds the musts first, with everything the rules bring along
// (their together partners and what they require, transitively), then goes
// down the ranking order taking each item whose costs fit what is left of
// every budget and whose rules hold with what is already taken: a requires
// only if what it requires is taken, a together group as one unit when its
// first member in ranking order is reached, an exclusive member only if
// none of its group is, and every limit. Regret is the optimal value minus
// Line.Value.
func RankingLine(p *Problem) (*Line, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return rankingLine(p, 1), nil
}

func rankingLine(p *Problem, scale float64) *Line {
	n := len(p.Items)
	md := compile(p, compileOptions{})
	pr := md.prog
	capacity := make([]float64, len(p.Budgets))
	for b, bu := range p.Budgets {
		capacity[b] = bu.Capacity * scale
		capacity[b] += rowTolerance(capacity[b], fundableCoefs(p, nil, bu.Costs))
	}
	limitMax := make([]float64, len(p.Limits))
	for l, lim := range p.Limits {
		limitMax[l] = lim.Max + rowTolerance(lim.Max, fundableCoefs(p, lim.Items, lim.Coefs))
	}
	sel := make([]bool, n)
	use := make([]float64, len(p.Budgets))
	limUse := make([]float64, len(p.Limits))
	// fits reports whether the units in set can be added to sel.
	fits := func(set []int) bool {
		add := make([]bool, n)
		for _, u := range set {
			if pr.fixed[u] == 0 {
				return false
			}
			for _, i := range md.members[u] {
				add[i] = true
			}
		}
		in := func(i int) bool { return sel[i] || add[i] }
		for _, r := range p.Requires {
			if add[r.Item] && !in(r.Needs) {
				return false
			}
		}
		for _, g := range p.Exclusive {
			k := 0
			for _, i := range g {
				if in(i) {
					k++
				}
			}
			if k > 1 {
				return false
			}
		}
		for b, bu := range p.Budgets {
			s := use[b]
			for i, a := range add {
				if a {
					s += bu.Costs[i]
				}
			}
			if s > capacity[b] {
				return false
			}
		}
		for l, lim := range p.Limits {
			s := limUse[l]
			for k, i := range lim.Items {
				if add[i] {
					s += lim.Coefs[k]
				}
			}
			if s > limitMax[l] {
				return false
			}
		}
		return true
	}
	take := func(set []int) {
		for _, u := range set {
			for _, i := range md.members[u] {
				if sel[i] {
					continue
				}
				sel[i] = true
				for b, bu := range p.Budgets {
					use[b] += bu.Costs[i]
				}
				for l, lim := range p.Limits {
					for k, j := range lim.Items {
						if j == i {
							limUse[l] += lim.Coefs[k]
						}
					}
				}
			}
		}
	}

	// The musts and what they bring, by unit, closed under requires.
	var musts []int
	seen := make([]bool, pr.n)
	var stack []int
	for u, f := range md.fixed {
		if f == 2 {
			stack = append(stack, u)
		}
	}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[u] {
			continue
		}
		seen[u] = true
		musts = append(musts, u)
		for _, v := range pr.pre[u] {
			stack = append(stack, int(v))
		}
	}
	if md.contradiction || !fits(musts) {
		return &Line{}
	}
	take(musts)
	for _, i := range p.RankingOrder() {
		u := md.unitOf[i]
		if sel[i] || md.members[u][0] != i {
			continue // taken, or a later member of a group met before
		}
		if fits([]int{u}) {
			take([]int{u})
		}
	}
	return &Line{Feasible: true, Selected: sel, Value: itemValue(p, sel, nil), Used: used(p, sel)}
}
