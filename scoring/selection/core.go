package selection

import (
	"context"
	"errors"
	"math"
	"slices"
)

// MaxCoreItems is the most items that may be funded (eligible, cost known,
// not must_not) for which Core enumerates the non-dominated portfolios.
const MaxCoreItems = 60

// ErrCoreTooLarge: more than MaxCoreItems items may be funded.
var ErrCoreTooLarge = errors.New("selection: too many investments for the core index") // not a message: the caller checks the count first and reports it

// ErrCoreLimit: the enumeration passed its node or portfolio limit.
var ErrCoreLimit = errors.New("selection: the non-dominated portfolios are too many to enumerate") // not a message: the caller reports it in its own words

// ErrCorePoints: the extreme points' values are not one per item, or not
// finite.
var ErrCorePoints = errors.New("selection: extreme point values are not one finite number per item") // not a message: a defect of the caller

// CoreOptions bound the enumeration.
type CoreOptions struct {
	// NodeLimit bounds the nodes; 0 means DefaultNodeLimit.
	NodeLimit int64
	// MaxPortfolios bounds the non-dominated portfolios kept; 0 means
	// 100,000.
	MaxPortfolios int
}

// CoreResult holds the non-dominated portfolios and the core indices.
type CoreResult struct {
	// Portfolios are the non-dominated portfolios, each the funded items
	// in ranking order, the portfolios in the tie-break order (at the first
	// item in ranking order one holds and the other does not, the holder
	// first).
	Portfolios [][]int
	// Index is, per item, the share of the portfolios holding it (1: core,
	// 0: exterior).
	Index []float64
	Nodes int64
}

// Core enumerates the feasible portfolios that no other feasible portfolio
// dominates over the extreme points of the weight set (Liesiö, Mild & Salo
// 2007, Robust Portfolio Modeling): points[t][i] is item i's value at
// extreme point t (with value linear in the weights, a portfolio's value is
// then linear in them too, and dominance over the whole weight set is
// dominance at its extreme points). p dominates q when its value is at
// least q's at every extreme point and greater at one, values compared with
// a relative tolerance of 1e-9 (so that sums in another order do not split
// ties). The enumeration is a depth-first branch and bound over the units
// in ranking order, in-branch first; a node is pruned when a portfolio
// found dominates the vector of its LP bounds, one per extreme point.
func Core(ctx context.Context, p *Problem, points [][]float64, o CoreOptions) (*CoreResult, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	n := len(p.Items)
	mustNot := map[int]bool{}
	for _, i := range p.MustNot {
		mustNot[i] = true
	}
	fundable := 0
	for i := range p.Items {
		if p.selectable(i) && !mustNot[i] {
			fundable++
		}
	}
	if fundable > MaxCoreItems {
		return nil, ErrCoreTooLarge
	}
	if len(points) == 0 {
		return nil, ErrCorePoints
	}
	for _, pt := range points {
		if len(pt) != n {
			return nil, ErrCorePoints
		}
		for i, v := range pt {
			if p.selectable(i) && !finite(v) {
				return nil, ErrCorePoints
			}
		}
	}
	nodeLimit := o.NodeLimit
	if nodeLimit == 0 {
		nodeLimit = DefaultNodeLimit
	}
	maxPortfolios := o.MaxPortfolios
	if maxPortfolios == 0 {
		maxPortfolios = 100_000
	}

	md := compile(p, compileOptions{})
	pr := md.prog
	T := len(points)
	// One programme and LP per extreme point, each with that point's unit
	// values, each keeping its own basis from node to node.
	objs := make([][]float64, T)
	sols := make([]*searcher, T)
	for t, pt := range points {
		objs[t] = make([]float64, pr.n)
		for u, ms := range md.members {
			for _, i := range ms {
				if p.selectable(i) {
					objs[t][u] += pt[i]
				}
			}
		}
		cp := *pr
		cp.obj = objs[t]
		sols[t] = newSearcher(&cp)
	}
	tol := func(a, b float64) float64 { return 1e-9 * math.Max(math.Abs(a), math.Abs(b)) }
	geq := func(a, b float64) bool { return a >= b-tol(a, b) }
	gt := func(a, b float64) bool { return a > b+tol(a, b) }
	dominates := func(a, b []float64) bool {
		strict := false
		for t := range a {
			if !geq(a[t], b[t]) {
				return false
			}
			if gt(a[t], b[t]) {
				strict = true
			}
		}
		return strict
	}

	type found struct {
		x []int8
		v []float64
	}
	var archive []found
	var nodes int64
	var limitHit bool
	state := make([]int8, pr.n)
	prop := newPropagator(pr)
	var trail []int32
	bound := make([]float64, T)
	vec := make([]float64, T)

	var visit func(fixes []int32) error
	visit = func(fixes []int32) error {
		if limitHit {
			return nil
		}
		nodes++
		if nodes > nodeLimit {
			limitHit = true
			return nil
		}
		if nodes&255 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		copy(state, pr.fixed)
		for _, f := range fixes {
			state[f>>1] = int8(f & 1)
		}
		trail = trail[:0]
		if !prop.run(state, &trail) {
			return nil
		}
		next := -1
		for j := 0; j < pr.n; j++ {
			if state[j] == free {
				next = j
				break
			}
		}
		if next < 0 {
			x := slices.Clone(state)
			if !pr.feasible(x) {
				return nil
			}
			for t := range vec {
				vec[t] = 0
				for j, v := range x {
					if v == 1 {
						vec[t] += objs[t][j]
					}
				}
			}
			for _, a := range archive {
				if dominates(a.v, vec) {
					return nil
				}
			}
			k := 0
			for _, a := range archive {
				if !dominates(vec, a.v) {
					archive[k] = a
					k++
				}
			}
			archive = append(archive[:k], found{x, slices.Clone(vec)})
			if len(archive) > maxPortfolios {
				limitHit = true
			}
			return nil
		}
		// The LP bound at every extreme point.
		for t, sr := range sols {
			sr.lp.setBounds(state)
			st, infRow := sr.lp.solve(50*(pr.m+1) + 2*pr.n)
			if st == lpInfeasible && sr.farkas(infRow) {
				return nil
			}
			bound[t] = sr.lagrange(state)
		}
		for _, a := range archive {
			if dominates(a.v, bound) {
				return nil
			}
		}
		base := len(fixes)
		fixes = append(fixes, int32(next)<<1|1)
		if err := visit(fixes); err != nil {
			return err
		}
		fixes = append(fixes[:base], int32(next)<<1)
		return visit(fixes)
	}
	if !md.contradiction {
		if err := visit(nil); err != nil {
			return nil, err
		}
	}
	if limitHit {
		return nil, ErrCoreLimit
	}
	slices.SortFunc(archive, func(a, b found) int {
		if lexBefore(a.x, b.x) {
			return -1
		}
		if lexBefore(b.x, a.x) {
			return 1
		}
		return 0
	})
	res := &CoreResult{Index: make([]float64, n), Nodes: nodes}
	order := p.RankingOrder()
	count := make([]int, n)
	for _, a := range archive {
		sel := md.itemsOf(a.x)
		var list []int
		for _, i := range order {
			if sel[i] {
				list = append(list, i)
				count[i]++
			}
		}
		res.Portfolios = append(res.Portfolios, list)
	}
	if len(archive) > 0 {
		for i, c := range count {
			res.Index[i] = float64(c) / float64(len(archive))
		}
	}
	return res, nil
}

// ExtremeValues gives the items' values at each extreme point of a weight
// set when value is linear in the weights: criteria[i][k] is item i's value
// on criterion k (its weighted contribution per unit weight), weights[t] an
// extreme point; the result's [t][i] is Σ_k weights[t][k]·criteria[i][k].
func ExtremeValues(criteria [][]float64, weights [][]float64) [][]float64 {
	out := make([][]float64, len(weights))
	for t, w := range weights {
		out[t] = make([]float64, len(criteria))
		for i, c := range criteria {
			s := 0.0
			for k, v := range c {
				s += w[k] * v
			}
			out[t][i] = s
		}
	}
	return out
}

// ExtremePointsFree: with no weight information the weight set is the
// simplex, whose extreme points are the unit vectors.
func ExtremePointsFree(m int) [][]float64 {
	out := make([][]float64, m)
	for k := range out {
		out[k] = make([]float64, m)
		out[k][k] = 1
	}
	return out
}

// ExtremePointsOrder: with weights ordered as the stated ones are (w_i ≥
// w_j where stated[i] > stated[j]), the extreme points are, for each
// nonempty set S closed upward under that order (if j is in S, every
// criterion with a larger stated weight is too), the uniform weights on S;
// in the order of the sets' sizes, then of their members.
func ExtremePointsOrder(stated []float64) [][]float64 {
	m := len(stated)
	levels := slices.Clone(stated)
	slices.Sort(levels)
	levels = slices.Compact(levels)
	slices.Reverse(levels)
	var out [][]float64
	var above []int
	for _, lv := range levels {
		var tied []int
		for k, w := range stated {
			if w == lv {
				tied = append(tied, k)
			}
		}
		// Every nonempty subset of the tied ones on top of all above.
		for mask := 1; mask < 1<<len(tied); mask++ {
			set := slices.Clone(above)
			for b, k := range tied {
				if mask&(1<<b) != 0 {
					set = append(set, k)
				}
			}
			w := make([]float64, m)
			for _, k := range set {
				w[k] = 1 / float64(len(set))
			}
			out = append(out, w)
		}
		above = append(above, tied...)
	}
	return out
}

// ExtremePointsBox: the vertices of the box [lo, hi] cut by Σ w = 1 (vary:R
// has lo = w(1−R), hi = w(1+R)): every point with all but one coordinate at
// a bound of the box and the last making the sum 1 within its own bounds;
// duplicates (within 1e-12) once, in the order found.
func ExtremePointsBox(lo, hi []float64) [][]float64 {
	m := len(lo)
	var out [][]float64
	for k := 0; k < m; k++ {
		for mask := 0; mask < 1<<(m-1); mask++ {
			w := make([]float64, m)
			s, b := 0.0, 0
			for j := 0; j < m; j++ {
				if j == k {
					continue
				}
				if mask&(1<<b) != 0 {
					w[j] = hi[j]
				} else {
					w[j] = lo[j]
				}
				s += w[j]
				b++
			}
			w[k] = 1 - s
			if w[k] < lo[k]-1e-12 || w[k] > hi[k]+1e-12 {
				continue
			}
			dup := slices.ContainsFunc(out, func(v []float64) bool {
				for j := range v {
					if math.Abs(v[j]-w[j]) > 1e-12 {
						return false
					}
				}
				return true
			})
			if !dup {
				out = append(out, w)
			}
		}
	}
	return out
}
