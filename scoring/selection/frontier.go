package selection

import (
	"context"
	"errors"
	"math"
	"slices"
)

// FrontierPoint is the optimum at one scale of the budgets.
type FrontierPoint struct {
	// Scale is λ: every budget multiplied by it.
	Scale float64
	// Budget is λ × the sum of the budgets' capacities (the pooled
	// budget, or the annual ones together).
	Budget float64
	// Feasible is false where the musts do not fit (value null); then
	// Value, Selected and Supported are not set.
	Feasible bool
	Value    float64
	Selected []bool
	Status   Status
	// Supported marks the points on the upper concave envelope of the
	// feasible points (Budget, Value): the optima some benefit/cost
	// ordering reaches.
	Supported bool
	// Line is the ranking line at this scale (Line.Feasible false where
	// the musts do not fit).
	Line *Line
}

// ErrFrontierPoints: a frontier needs at least two points.
var ErrFrontierPoints = errors.New("selection: a frontier needs at least 2 points") // not a message: the caller validates --frontier N

// ErrUnboundedScale: a budget of capacity 0 holds costs, so no scale makes
// every eligible item fit.
var ErrUnboundedScale = errors.New("selection: a budget of 0 holds costs; no scale fits every investment") // not a message: the caller reports it with the budget's position

// MaxScale is Λ, the smallest scale of the budgets at which every item that
// may be funded (eligible, cost known, not must_not) fits at once: the
// largest ratio of a budget's total cost over its capacity.
func MaxScale(p *Problem) (float64, error) {
	mustNot := map[int]bool{}
	for _, i := range p.MustNot {
		mustNot[i] = true
	}
	lambda := 0.0
	for _, bu := range p.Budgets {
		total := 0.0
		for i, c := range bu.Costs {
			if p.selectable(i) && !mustNot[i] {
				total += c
			}
		}
		switch {
		case total == 0:
		case bu.Capacity == 0:
			return 0, ErrUnboundedScale
		default:
			lambda = math.Max(lambda, total/bu.Capacity)
		}
	}
	return lambda, nil
}

// Frontier solves the problem with the budgets scaled by λ at points evenly
// spaced values from 0 to Λ (MaxScale), plus λ = 1 when it is not one of
// them, in increasing λ, each exactly (each optimum, feasible at larger λ,
// starts the next solve). Supported marks the points on the upper concave
// envelope of the reported (Budget, Value) points.
func Frontier(ctx context.Context, p *Problem, points int, o Options) ([]FrontierPoint, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if points < 2 {
		return nil, ErrFrontierPoints
	}
	big, err := MaxScale(p)
	if err != nil {
		return nil, err
	}
	var scales []float64
	for k := 0; k < points; k++ {
		scales = append(scales, big*float64(k)/float64(points-1))
	}
	if !slices.ContainsFunc(scales, func(s float64) bool { return math.Abs(s-1) <= 1e-12 }) {
		scales = append(scales, 1)
		slices.Sort(scales)
	}
	scales = slices.Compact(scales)
	total := 0.0
	for _, bu := range p.Budgets {
		total += bu.Capacity
	}
	e := newEngine(p, compileOptions{})
	var out []FrontierPoint
	var hint []int8
	for _, s := range scales {
		e.setScale(s)
		sol, err := e.solveHint(ctx, o, nil, hint)
		if err != nil {
			return nil, err
		}
		pt := FrontierPoint{Scale: s, Budget: s * total, Status: sol.Status, Line: rankingLine(p, s)}
		if sol.HasPortfolio {
			pt.Feasible = true
			pt.Value = sol.Value
			pt.Selected = sol.Selected
			hint, _ = e.md.unitsOf(sol.Selected)
		}
		out = append(out, pt)
	}
	var xs, ys []float64
	var at []int
	for k, pt := range out {
		if pt.Feasible {
			xs = append(xs, pt.Budget)
			ys = append(ys, pt.Value)
			at = append(at, k)
		}
	}
	for k, on := range UpperEnvelope(xs, ys) {
		out[at[k]].Supported = on
	}
	return out, nil
}

// setScale multiplies the budgets by s (the rows of the compiled
// programme and the LP's copy), keeping everything else.
func (e *engine) setScale(s float64) {
	pr, lp := e.md.prog, e.sr.lp
	for i, ref := range e.md.rowRef {
		if ref.Kind != RuleBudget {
			continue
		}
		bu := e.p.Budgets[ref.Index]
		capacity := bu.Capacity * s
		pr.rhs[i] = capacity + rowTolerance(capacity, fundableCoefs(e.p, nil, bu.Costs))
		lp.rhs[i] = pr.rhs[i] * lp.rowScale[i]
		minAct := 0.0
		for k := pr.rowStart[i]; k < pr.rowStart[i+1]; k++ {
			if v := pr.rowVal[k]; v < 0 {
				minAct += v * lp.rowScale[i]
			}
		}
		lp.up[lp.n+i] = math.Max(0, lp.rhs[i]-minAct)
	}
	lp.synced = false
	for i := range pr.slackTol {
		sc := math.Abs(pr.rhs[i])
		for k := pr.rowStart[i]; k < pr.rowStart[i+1]; k++ {
			sc = math.Max(sc, math.Abs(pr.rowVal[k]))
		}
		pr.slackTol[i] = 1e-12 * sc * float64(pr.rowStart[i+1]-pr.rowStart[i]+1)
	}
}

// UpperEnvelope marks the points (xs[k], ys[k]) on the upper concave
// envelope of the set, the least concave function above every point, on
// it to within 1e-9 of the values' scale.
func UpperEnvelope(xs, ys []float64) []bool {
	n := len(xs)
	on := make([]bool, n)
	if n == 0 {
		return on
	}
	idx := make([]int, n)
	for k := range idx {
		idx[k] = k
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case xs[a] < xs[b]:
			return -1
		case xs[a] > xs[b]:
			return 1
		case ys[a] > ys[b]:
			return -1
		case ys[a] < ys[b]:
			return 1
		}
		return 0
	})
	// The hull's vertices, left to right (Andrew's monotone chain, upper
	// part), on the highest point of each x.
	var hull []int
	for k, i := range idx {
		if k > 0 && xs[i] == xs[idx[k-1]] {
			continue
		}
		for len(hull) >= 2 {
			a, b := hull[len(hull)-2], hull[len(hull)-1]
			// Drop b when it is on or under the chord from a to i.
			if (xs[b]-xs[a])*(ys[i]-ys[a])-(ys[b]-ys[a])*(xs[i]-xs[a]) >= 0 {
				hull = hull[:len(hull)-1]
				continue
			}
			break
		}
		hull = append(hull, i)
	}
	scale := 0.0
	for _, y := range ys {
		scale = math.Max(scale, math.Abs(y))
	}
	tol := 1e-9 * math.Max(scale, 1e-300)
	h := 0
	for _, i := range idx {
		for h+1 < len(hull) && xs[hull[h+1]] < xs[i] {
			h++
		}
		var env float64
		switch {
		case xs[i] == xs[hull[h]]:
			env = ys[hull[h]]
		case h+1 < len(hull):
			a, b := hull[h], hull[h+1]
			env = ys[a] + (ys[b]-ys[a])*(xs[i]-xs[a])/(xs[b]-xs[a])
		default:
			env = ys[hull[h]]
		}
		on[i] = ys[i] >= env-tol
	}
	return on
}
