package selection

import (
	"math"
	"slices"
)

// ruleSet says which rules and budgets take part; the deletion filter
// switches them off one by one.
type ruleSet map[RuleRef]bool

func (s ruleSet) on(r RuleRef) bool { return s == nil || s[r] }

// rowKind says where a row of the 0-1 programme comes from.
type rowKind int8

const (
	rowBudget rowKind = iota
	rowLimit
	rowRequires
	rowExclusive
)

// model is a problem compiled to a 0-1 programme over units: an item not in
// a together group is a unit of its own; a together group (with the groups
// it overlaps) is one unit whose value and costs are its members' sums.
type model struct {
	p       *Problem
	unitOf  []int   // item → unit
	members [][]int // unit → items, in ranking order
	pos     []int   // item → position in the ranking order
	// fixedBy says why a unit is fixed before any search: 0 free, or the
	// value it is fixed to plus one (so 1 means fixed out, 2 fixed in).
	fixed []int8
	// contradiction: some unit is fixed both in and out by the rules.
	contradiction bool
	rowRef        []RuleRef // per row: the rule or budget it comes from
	prog          *ilp
}

// compileOptions vary what is compiled from the same problem.
type compileOptions struct {
	rules  ruleSet   // nil: all
	scale  float64   // budgets × scale (the frontier's λ); 0 means 1
	values []float64 // per item values in place of Items[i].Value; nil: those
	force  map[int]int8
}

// compile builds the 0-1 programme of p. The problem must be valid.
func compile(p *Problem, o compileOptions) *model {
	n := len(p.Items)
	md := &model{p: p, unitOf: make([]int, n), pos: make([]int, n)}
	order := p.RankingOrder()
	for k, i := range order {
		md.pos[i] = k
	}

	// Units: union-find over the active together groups.
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for g, grp := range p.Together {
		if !o.rules.on(RuleRef{RuleTogether, g}) {
			continue
		}
		for _, i := range grp[1:] {
			a, b := find(grp[0]), find(i)
			if a != b {
				// The root is the member first in ranking order, so that
				// units come out numbered in ranking order below.
				if md.pos[a] < md.pos[b] {
					parent[b] = a
				} else {
					parent[a] = b
				}
			}
		}
	}
	unitOfRoot := make(map[int]int)
	for _, i := range order { // units numbered in ranking order of their first member
		r := find(i)
		u, ok := unitOfRoot[r]
		if !ok {
			u = len(md.members)
			unitOfRoot[r] = u
			md.members = append(md.members, nil)
		}
		md.unitOf[i] = u
		md.members[u] = append(md.members[u], i)
	}
	nu := len(md.members)

	fix := make([]int8, nu) // 0 free, 1 out, 2 in
	setFix := func(u int, v int8) {
		if fix[u] != 0 && fix[u] != v {
			md.contradiction = true
		}
		if fix[u] == 0 {
			fix[u] = v
		}
	}
	for i := range p.Items {
		if !p.selectable(i) {
			setFix(md.unitOf[i], 1)
		}
	}
	for r, i := range p.MustNot {
		if o.rules.on(RuleRef{RuleMustNot, r}) {
			setFix(md.unitOf[i], 1)
		}
	}
	for r, i := range p.Must {
		if o.rules.on(RuleRef{RuleMust, r}) {
			setFix(md.unitOf[i], 2)
		}
	}
	for i, v := range o.force {
		setFix(md.unitOf[i], v+1)
	}
	md.fixed = fix

	value := func(i int) float64 {
		if !p.selectable(i) {
			return 0
		}
		if o.values != nil {
			return o.values[i]
		}
		return p.Items[i].Value
	}
	scale := o.scale
	if scale == 0 {
		scale = 1
	}

	pr := &ilp{n: nu, obj: make([]float64, nu), fixed: make([]int8, nu), order: make([]int32, nu)}
	for u, ms := range md.members {
		for _, i := range ms {
			pr.obj[u] += value(i)
		}
		pr.order[u] = int32(u) // units are numbered in ranking order
		pr.fixed[u] = fix[u] - 1
	}

	// Rows. coefs accumulates one row's unit coefficients.
	coef := make([]float64, nu)
	mark := make([]bool, nu)
	var touched []int
	addRow := func(kind rowKind, ref RuleRef, rhs float64) {
		slices.Sort(touched)
		start := len(pr.rowCol)
		for _, u := range touched {
			if coef[u] != 0 {
				pr.rowCol = append(pr.rowCol, int32(u))
				pr.rowVal = append(pr.rowVal, coef[u])
			}
			coef[u] = 0
			mark[u] = false
		}
		touched = touched[:0]
		if len(pr.rowCol) == start && rhs >= 0 {
			return // an empty row that holds
		}
		pr.rowStart = append(pr.rowStart, int32(start))
		pr.rhs = append(pr.rhs, rhs)
		pr.kind = append(pr.kind, kind)
		md.rowRef = append(md.rowRef, ref)
	}
	accumulate := func(i int, c float64) {
		u := md.unitOf[i]
		if !mark[u] {
			mark[u] = true
			touched = append(touched, u)
		}
		coef[u] += c
	}
	for b, bu := range p.Budgets {
		ref := RuleRef{RuleBudget, b}
		if !o.rules.on(ref) {
			continue
		}
		var cs []float64
		for i, c := range bu.Costs {
			if p.selectable(i) && c != 0 {
				accumulate(i, c)
				cs = append(cs, c)
			}
		}
		capacity := bu.Capacity * scale
		addRow(rowBudget, ref, capacity+rowTolerance(capacity, cs))
	}
	for l, lim := range p.Limits {
		ref := RuleRef{RuleLimit, l}
		if !o.rules.on(ref) {
			continue
		}
		var cs []float64
		for k, i := range lim.Items {
			if p.selectable(i) && lim.Coefs[k] != 0 {
				accumulate(i, lim.Coefs[k])
				cs = append(cs, lim.Coefs[k])
			}
		}
		addRow(rowLimit, ref, lim.Max+rowTolerance(lim.Max, cs))
	}
	for r, q := range p.Requires {
		ref := RuleRef{RuleRequires, r}
		if !o.rules.on(ref) {
			continue
		}
		a, b := md.unitOf[q.Item], md.unitOf[q.Needs]
		if a == b {
			continue
		}
		accumulate(q.Item, 1)
		accumulate(q.Needs, -1)
		addRow(rowRequires, ref, 0)
	}
	for g, grp := range p.Exclusive {
		ref := RuleRef{RuleExclusive, g}
		if !o.rules.on(ref) {
			continue
		}
		for _, i := range grp {
			accumulate(i, 1)
		}
		addRow(rowExclusive, ref, 1)
	}
	pr.rowStart = append(pr.rowStart, int32(len(pr.rowCol)))
	pr.m = len(pr.rhs)
	pr.finish()
	md.prog = pr
	return md
}

// itemsOf expands a unit solution to items.
func (md *model) itemsOf(x []int8) []bool {
	sel := make([]bool, len(md.p.Items))
	for u, v := range x {
		if v == 1 {
			for _, i := range md.members[u] {
				sel[i] = true
			}
		}
	}
	return sel
}

// unitsOf maps an item selection to units; ok is false when it splits a
// unit.
func (md *model) unitsOf(sel []bool) (x []int8, ok bool) {
	x = make([]int8, len(md.members))
	for u, ms := range md.members {
		in := sel[ms[0]]
		for _, i := range ms[1:] {
			if sel[i] != in {
				return nil, false
			}
		}
		if in {
			x[u] = 1
		}
	}
	return x, true
}

// itemValue sums the values of the selected items in item order: the value
// a portfolio is reported with.
func itemValue(p *Problem, sel []bool, values []float64) float64 {
	s := 0.0
	for i, in := range sel {
		if in {
			if values != nil {
				s += values[i]
			} else {
				s += p.Items[i].Value
			}
		}
	}
	return s
}

// quantum returns q > 0 when every value is an integer multiple of q = 10^-k
// (k ≤ 6) to within 1e-9 relative, so that any portfolio's value is one too;
// 0 otherwise.
func quantum(obj []float64) float64 {
	for k := 0; k <= 6; k++ {
		f := math.Pow(10, float64(k))
		ok := true
		for _, v := range obj {
			s := v * f
			if math.Abs(s) > 1<<50 || math.Abs(s-math.Round(s)) > 1e-9*math.Max(1, math.Abs(s)) {
				ok = false
				break
			}
		}
		if ok {
			return 1 / f
		}
	}
	return 0
}
