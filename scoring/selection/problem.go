package selection

import (
	"cmp"
	"math"
	"slices"
)

// Eligibility says whether an investment may be funded at all.
type Eligibility int

const (
	// Eligible investments may be funded.
	Eligible Eligibility = iota
	// Excluded investments failed an exclude gate: never funded.
	Excluded
	// Flagged investments are not funded when the selection file says
	// `eligible: unflagged`; the caller marks them so only then.
	Flagged
)

// Item is one investment.
type Item struct {
	ID string
	// Rank is the investment's rank (1 = best); 0 for an investment without
	// one (excluded). The ranking order, used to break ties and to draw the
	// ranking line, is rank then ID, unranked ones last.
	Rank  int
	Value float64
	// Eligibility other than Eligible fixes the investment out.
	Eligibility Eligibility
	// CostMissing fixes the investment out: what it costs is not known.
	// Its entries in the budgets' Costs are not read.
	CostMissing bool
}

// Budget is one budget constraint: the costs of the funded investments may
// not exceed Capacity. A pooled budget is one Budget; annual budgets are one
// per year.
type Budget struct {
	Name     string // the year label, or what the caller calls a pooled budget
	Capacity float64
	Costs    []float64 // per item, parallel to Problem.Items
}

// Requires says Item may be funded only if Needs is.
type Requires struct {
	Item, Needs int
}

// Limit is a linear limit over a subset: Σ Coefs[k]·x[Items[k]] ≤ Max. A
// count limit has all coefficients 1.
type Limit struct {
	Name  string
	Items []int
	Coefs []float64
	Max   float64
}

// Problem is a selection problem: items, budgets and rules. Rules name items
// by their index in Items.
type Problem struct {
	Items     []Item
	Budgets   []Budget
	Must      []int
	MustNot   []int
	Requires  []Requires
	Together  [][]int // each group: all or none
	Exclusive [][]int // each group: at most one
	Limits    []Limit
	// RuleOrder is the order in which the rules and budgets appear in the
	// selection file; the deletion filter that finds an infeasible
	// problem's conflict tries them in this order. Nil means budgets, must,
	// must_not, requires, together, exclusive, limits, each in slice order.
	// When given it must name every rule exactly once.
	RuleOrder []RuleRef
}

// RuleKind names a kind of rule (or a budget, which a conflict can name as
// well).
type RuleKind int

const (
	RuleNone RuleKind = iota
	RuleBudget
	RuleMust
	RuleMustNot
	RuleRequires
	RuleTogether
	RuleExclusive
	RuleLimit
)

var ruleKindNames = [...]string{"none", "budget", "must", "must_not", "requires", "together", "exclusive", "limit"}

// String is the key of the selection file the kind comes from.
func (k RuleKind) String() string {
	if k < 0 || int(k) >= len(ruleKindNames) {
		return "unknown"
	}
	return ruleKindNames[k]
}

// RuleRef names one rule: Index is the index in the Problem's slice of that
// kind (Budgets, Must, MustNot, Requires, Together, Exclusive, Limits).
type RuleRef struct {
	Kind  RuleKind
	Index int
}

// N is the number of items.
func (p *Problem) N() int { return len(p.Items) }

// rules lists every rule and budget in RuleOrder (or the default order).
func (p *Problem) rules() []RuleRef {
	if p.RuleOrder != nil {
		return p.RuleOrder
	}
	var out []RuleRef
	add := func(k RuleKind, n int) {
		for i := 0; i < n; i++ {
			out = append(out, RuleRef{k, i})
		}
	}
	add(RuleBudget, len(p.Budgets))
	add(RuleMust, len(p.Must))
	add(RuleMustNot, len(p.MustNot))
	add(RuleRequires, len(p.Requires))
	add(RuleTogether, len(p.Together))
	add(RuleExclusive, len(p.Exclusive))
	add(RuleLimit, len(p.Limits))
	return out
}

func (p *Problem) ruleCount(k RuleKind) int {
	switch k {
	case RuleBudget:
		return len(p.Budgets)
	case RuleMust:
		return len(p.Must)
	case RuleMustNot:
		return len(p.MustNot)
	case RuleRequires:
		return len(p.Requires)
	case RuleTogether:
		return len(p.Together)
	case RuleExclusive:
		return len(p.Exclusive)
	case RuleLimit:
		return len(p.Limits)
	}
	return 0
}

// RankingOrder returns the item indices in ranking order: rank, then ID,
// unranked items last.
func (p *Problem) RankingOrder() []int {
	order := make([]int, len(p.Items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ra, rb := p.Items[a].Rank, p.Items[b].Rank
		if (ra == 0) != (rb == 0) {
			if ra == 0 {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(ra, rb); c != 0 {
			return c
		}
		return cmp.Compare(p.Items[a].ID, p.Items[b].ID)
	})
	return order
}

// selectable reports whether item i may be funded as far as the item itself
// goes (rules aside).
func (p *Problem) selectable(i int) bool {
	it := &p.Items[i]
	return it.Eligibility == Eligible && !it.CostMissing
}

// tolRel is the relative tolerance of the contract: values within it are
// equal (FORMATS.md §5), and a budget or limit holds when what is used
// exceeds it by no more than tolRel × the larger of its capacity and its
// largest coefficient (so that 0.1 + 0.2 fits in 0.3).
const tolRel = 1e-9

// rowTolerance is what a budget or limit row may be exceeded by.
func rowTolerance(max float64, coefs []float64) float64 {
	s := math.Abs(max)
	for _, c := range coefs {
		s = math.Max(s, math.Abs(c))
	}
	return tolRel * s
}

// tieThreshold is the smallest value that counts as equal to the optimum z.
func tieThreshold(z float64) float64 { return z - tolRel*math.Abs(z) }
