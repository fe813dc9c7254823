package selection

import (
	"math"
	"slices"
)

// heuristic builds and improves feasible solutions: greedy filling in an
// order of value per weighted cost, then swaps (drop one unit with what
// requires it, add another with what it requires) while they gain value.
// It works on units and respects a state's fixings and every row.
type heuristic struct {
	pr    *ilp
	x     []int8
	act   []float64
	order []int32 // greedy order
	mark  []bool
	buf   []int32
	buf2  []int32
	stack []int32
}

func newHeuristic(pr *ilp) *heuristic {
	h := &heuristic{pr: pr, x: make([]int8, pr.n), act: make([]float64, pr.m), mark: make([]bool, pr.n)}
	h.setOrder(nil)
	return h
}

// setOrder orders the units by value over weighted cost, the weights being
// the row duals y when given, else each row's share of its capacity.
func (h *heuristic) setOrder(y []float64) {
	pr := h.pr
	w := make([]float64, pr.m)
	for i := 0; i < pr.m; i++ {
		switch {
		case y != nil:
			w[i] = y[i]
		case pr.kind[i] == rowBudget || pr.kind[i] == rowLimit:
			if pr.rhs[i] > 0 {
				w[i] = 1 / pr.rhs[i]
			} else {
				w[i] = 1
			}
		}
	}
	score := make([]float64, pr.n)
	for j := 0; j < pr.n; j++ {
		c := 0.0
		for k := pr.colStart[j]; k < pr.colStart[j+1]; k++ {
			if v := pr.colVal[k]; v > 0 {
				c += w[pr.colRow[k]] * v
			}
		}
		if c <= 1e-12 {
			score[j] = math.Inf(1)
			if pr.obj[j] <= 0 {
				score[j] = pr.obj[j]
			}
		} else {
			score[j] = pr.obj[j] / c
		}
	}
	h.order = h.order[:0]
	for j := 0; j < pr.n; j++ {
		h.order = append(h.order, int32(j))
	}
	slices.SortStableFunc(h.order, func(a, b int32) int {
		sa, sb := score[a], score[b]
		if sa > sb {
			return -1
		}
		if sa < sb {
			return 1
		}
		return int(pr.order[a] - pr.order[b])
	})
}

// load sets the current solution and its row activities.
func (h *heuristic) load(x []int8) {
	copy(h.x, x)
	pr := h.pr
	for i := range h.act {
		h.act[i] = 0
	}
	for j, v := range x {
		if v == 1 {
			for k := pr.colStart[j]; k < pr.colStart[j+1]; k++ {
				h.act[pr.colRow[k]] += pr.colVal[k]
			}
		}
	}
}

// feasibleNow reports whether the current solution meets every row.
func (h *heuristic) feasibleNow() bool {
	for i, a := range h.act {
		if a > h.pr.rhs[i] {
			return false
		}
	}
	return true
}

// closureIn collects into h.buf u and the units it requires, transitively,
// that are not in the solution; ok is false if one is fixed out.
func (h *heuristic) closureIn(u int32, state []int8) bool {
	h.buf = h.buf[:0]
	h.stack = append(h.stack[:0], u)
	ok := true
	for len(h.stack) > 0 {
		v := h.stack[len(h.stack)-1]
		h.stack = h.stack[:len(h.stack)-1]
		if h.mark[v] || h.x[v] == 1 {
			continue
		}
		if state[v] == 0 {
			ok = false
			break
		}
		h.mark[v] = true
		h.buf = append(h.buf, v)
		h.stack = append(h.stack, h.pr.pre[v]...)
	}
	for _, v := range h.buf {
		h.mark[v] = false
	}
	return ok
}

// closureOut collects into h.buf2 u and the units that require it,
// transitively, that are in the solution; ok is false if one is fixed in.
func (h *heuristic) closureOut(u int32, state []int8) bool {
	h.buf2 = h.buf2[:0]
	h.stack = append(h.stack[:0], u)
	ok := true
	for len(h.stack) > 0 {
		v := h.stack[len(h.stack)-1]
		h.stack = h.stack[:len(h.stack)-1]
		if h.mark[v] || h.x[v] == 0 {
			continue
		}
		if state[v] == 1 {
			ok = false
			break
		}
		h.mark[v] = true
		h.buf2 = append(h.buf2, v)
		h.stack = append(h.stack, h.pr.post[v]...)
	}
	for _, v := range h.buf2 {
		h.mark[v] = false
	}
	return ok
}

// delta applies (sign +1) or undoes (sign -1) adding set to the activities.
func (h *heuristic) delta(set []int32, sign float64) {
	pr := h.pr
	for _, j := range set {
		for k := pr.colStart[j]; k < pr.colStart[j+1]; k++ {
			h.act[pr.colRow[k]] += sign * pr.colVal[k]
		}
	}
}

// fits reports whether the activities meet every row touched by set.
func (h *heuristic) fits(set []int32) bool {
	pr := h.pr
	for _, j := range set {
		for k := pr.colStart[j]; k < pr.colStart[j+1]; k++ {
			i := pr.colRow[k]
			if h.act[i] > pr.rhs[i] {
				return false
			}
		}
	}
	return true
}

func (h *heuristic) setValue(set []int32) float64 {
	s := 0.0
	for _, j := range set {
		s += h.pr.obj[j]
	}
	return s
}

// fill adds, in greedy order, every unit (with what it requires) that fits
// and adds value.
func (h *heuristic) fill(state []int8) {
	for _, u := range h.order {
		if h.x[u] == 1 || state[u] == 0 {
			continue
		}
		if !h.closureIn(u, state) || h.setValue(h.buf) <= 0 {
			continue
		}
		h.delta(h.buf, 1)
		if h.fits(h.buf) {
			for _, v := range h.buf {
				h.x[v] = 1
			}
		} else {
			h.delta(h.buf, -1)
		}
	}
}

// improve makes swap moves that gain value until none does or maxPasses
// passes are done.
func (h *heuristic) improve(state []int8, maxPasses int) {
	pr := h.pr
	out := make([]int32, 0)
	for pass := 0; pass < maxPasses; pass++ {
		gained := false
		for _, u := range h.order {
			if h.x[u] != 1 || state[u] == 1 {
				continue
			}
			if !h.closureOut(u, state) {
				continue
			}
			out = append(out[:0], h.buf2...)
			lost := h.setValue(out)
			h.delta(out, -1)
			for _, v := range out {
				h.x[v] = 0
			}
			// The best single addition (with its closure) in place of out.
			best, bestGain := int32(-1), lost+1e-12*math.Max(1, math.Abs(lost))
			for _, w := range h.order {
				if h.x[w] == 1 || state[w] == 0 || slices.Contains(out, w) {
					continue
				}
				if !h.closureIn(w, state) {
					continue
				}
				g := h.setValue(h.buf)
				if g <= bestGain {
					continue
				}
				h.delta(h.buf, 1)
				if h.fits(h.buf) {
					best, bestGain = w, g
				}
				h.delta(h.buf, -1)
			}
			if best >= 0 {
				h.closureIn(best, state)
				h.delta(h.buf, 1)
				for _, v := range h.buf {
					h.x[v] = 1
				}
				h.fill(state)
				gained = true
			} else {
				h.delta(out, 1)
				for _, v := range out {
					h.x[v] = 1
				}
			}
		}
		if !gained {
			break
		}
	}
	_ = pr
}

// start builds a solution from the units fixed in by state, then fills.
// It reports false when the fixed units alone break a row.
func (h *heuristic) start(state []int8) bool {
	for j := range h.x {
		h.x[j] = 0
		if state[j] == 1 {
			h.x[j] = 1
		}
	}
	h.load(h.x)
	if !h.feasibleNow() {
		return false
	}
	h.fill(state)
	return true
}

// round builds a solution from an LP point: the units at 1, then fills.
func (h *heuristic) round(state []int8, lpx []float64) bool {
	for j := range h.x {
		h.x[j] = 0
		if state[j] == 1 || (state[j] == free && lpx[j] > 1-1e-6) {
			h.x[j] = 1
		}
	}
	h.load(h.x)
	if !h.feasibleNow() {
		return false
	}
	h.fill(state)
	return true
}
