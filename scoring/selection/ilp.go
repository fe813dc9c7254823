package selection

import (
	"cmp"
	"math"
	"slices"
)

// ilp is a 0-1 programme: maximise obj·x subject to rows A x ≤ rhs, x in
// {0, 1}, some x fixed. Rows are stored both by row and by column.
type ilp struct {
	n, m  int
	obj   []float64
	fixed []int8  // -1 free, else the value
	order []int32 // lexicographic priority: smaller is earlier in the ranking

	rowStart []int32 // m+1
	rowCol   []int32
	rowVal   []float64
	rhs      []float64 // with the contract's tolerance added
	kind     []rowKind

	colStart []int32 // n+1
	colRow   []int32
	colVal   []float64

	// srtCol, srtVal: each row's entries again (same rowStart), largest
	// |coefficient| first, so that propagation stops at the first that
	// fits.
	srtCol []int32
	srtVal []float64

	// pre[u] are the units u requires, post[u] the units that require u
	// (from the requires rows).
	pre, post [][]int32
	// slackTol[i] guards row i's propagation against rounding in sums.
	slackTol []float64
	// rowAbs[i] is Σ_j |a_ij|, for the margin of the Lagrangian bound.
	rowAbs []float64
}

const free int8 = -1

var negInf = math.Inf(-1)

// finish builds the column copy and the requires graph.
func (pr *ilp) finish() {
	cnt := make([]int32, pr.n+1)
	for _, j := range pr.rowCol {
		cnt[j+1]++
	}
	for j := 0; j < pr.n; j++ {
		cnt[j+1] += cnt[j]
	}
	pr.colStart = append([]int32(nil), cnt...)
	pr.colRow = make([]int32, len(pr.rowCol))
	pr.colVal = make([]float64, len(pr.rowCol))
	next := append([]int32(nil), cnt[:pr.n]...)
	for i := 0; i < pr.m; i++ {
		for k := pr.rowStart[i]; k < pr.rowStart[i+1]; k++ {
			j := pr.rowCol[k]
			pr.colRow[next[j]] = int32(i)
			pr.colVal[next[j]] = pr.rowVal[k]
			next[j]++
		}
	}
	pr.srtCol = slices.Clone(pr.rowCol)
	pr.srtVal = slices.Clone(pr.rowVal)
	for i := 0; i < pr.m; i++ {
		a, b := pr.rowStart[i], pr.rowStart[i+1]
		idx := make([]int32, b-a)
		for k := range idx {
			idx[k] = a + int32(k)
		}
		slices.SortStableFunc(idx, func(p, q int32) int {
			return cmp.Compare(math.Abs(pr.rowVal[q]), math.Abs(pr.rowVal[p]))
		})
		for k, src := range idx {
			pr.srtCol[a+int32(k)] = pr.rowCol[src]
			pr.srtVal[a+int32(k)] = pr.rowVal[src]
		}
	}
	pr.pre = make([][]int32, pr.n)
	pr.post = make([][]int32, pr.n)
	pr.slackTol = make([]float64, pr.m)
	pr.rowAbs = make([]float64, pr.m)
	for i := 0; i < pr.m; i++ {
		for k := pr.rowStart[i]; k < pr.rowStart[i+1]; k++ {
			pr.rowAbs[i] += math.Abs(pr.rowVal[k])
		}
		s := math.Abs(pr.rhs[i])
		for k := pr.rowStart[i]; k < pr.rowStart[i+1]; k++ {
			s = math.Max(s, math.Abs(pr.rowVal[k]))
		}
		pr.slackTol[i] = 1e-12 * s * float64(pr.rowStart[i+1]-pr.rowStart[i]+1)
		if pr.kind[i] != rowRequires {
			continue
		}
		var a, b int32 = -1, -1
		for k := pr.rowStart[i]; k < pr.rowStart[i+1]; k++ {
			if pr.rowVal[k] > 0 {
				a = pr.rowCol[k]
			} else {
				b = pr.rowCol[k]
			}
		}
		if a >= 0 && b >= 0 {
			pr.pre[a] = append(pr.pre[a], b)
			pr.post[b] = append(pr.post[b], a)
		}
	}
}

// value is obj·x, summed in index order.
func (pr *ilp) value(x []int8) float64 {
	s := 0.0
	for j, v := range x {
		if v == 1 {
			s += pr.obj[j]
		}
	}
	return s
}

// feasible reports whether x satisfies every row and fixing.
func (pr *ilp) feasible(x []int8) bool {
	for j, f := range pr.fixed {
		if f != free && x[j] != f {
			return false
		}
	}
	for i := 0; i < pr.m; i++ {
		s := 0.0
		for k := pr.rowStart[i]; k < pr.rowStart[i+1]; k++ {
			if x[pr.rowCol[k]] == 1 {
				s += pr.rowVal[k]
			}
		}
		if s > pr.rhs[i] {
			return false
		}
	}
	return true
}

// propagator fixes variables that every feasible completion of a partial
// assignment must have, row by row, to a fixpoint.
type propagator struct {
	pr     *ilp
	minAct []float64
	// act1 is each row's activity of the units fixed to 1, obj1 their
	// value: what the Lagrangian bound of the box needs besides the free
	// units (searcher.lagrangeBox).
	act1   []float64
	obj1   float64
	queued []bool
	queue  []int32
}

func newPropagator(pr *ilp) *propagator {
	return &propagator{pr: pr, minAct: make([]float64, pr.m), act1: make([]float64, pr.m), queued: make([]bool, pr.m)}
}

// run propagates over state (-1 free, else fixed), recording each new fixing
// in *trail. It reports false when a row cannot hold.
func (pg *propagator) run(state []int8, trail *[]int32) bool {
	pr := pg.pr
	pg.obj1 = 0
	for j, v := range state {
		if v == 1 {
			pg.obj1 += pr.obj[j]
		}
	}
	for i := 0; i < pr.m; i++ {
		s, big, a1 := 0.0, 0.0, 0.0
		for k := pr.rowStart[i]; k < pr.rowStart[i+1]; k++ {
			a := pr.rowVal[k]
			switch state[pr.rowCol[k]] {
			case 1:
				s += a
				a1 += a
			case free:
				if a < 0 {
					s += a
					a = -a
				}
				big = math.Max(big, a)
			}
		}
		pg.minAct[i] = s
		pg.act1[i] = a1
		// Only a row whose room is under some free coefficient can fix
		// anything (or fail).
		if room := pr.rhs[i] + pr.slackTol[i] - s; room < 0 || big > room {
			pg.queued[i] = true
			pg.queue = append(pg.queue, int32(i))
		}
	}
	ok := pg.drain(state, trail)
	return ok
}

// fixMore applies further fixings (j<<1 | v) to a state that run (or
// fixMore) left at its fixpoint, with the minimum activities it keeps, and
// propagates them. It reports false when a row cannot hold.
func (pg *propagator) fixMore(state []int8, trail *[]int32, fixes []int32) bool {
	for _, f := range fixes {
		j, v := f>>1, int8(f&1)
		switch state[j] {
		case v:
			continue
		case free:
			pg.fix(state, trail, j, v)
		default:
			pg.clear()
			return false
		}
	}
	return pg.drain(state, trail)
}

// fix sets x_j = v and updates the minimum activities of j's rows: one
// changes only where j's coefficient was counted at its free minimum and
// now is not (a < 0 set to 0) or was not and now is (a > 0 set to 1); the
// row is then queued.
func (pg *propagator) fix(state []int8, trail *[]int32, j int32, v int8) {
	pr := pg.pr
	state[j] = v
	*trail = append(*trail, j)
	if v == 1 {
		pg.obj1 += pr.obj[j]
	}
	for kk := pr.colStart[j]; kk < pr.colStart[j+1]; kk++ {
		r := pr.colRow[kk]
		c := pr.colVal[kk]
		if v == 1 {
			pg.act1[r] += c
		}
		if v == 1 && c > 0 {
			pg.minAct[r] += c
		} else if v == 0 && c < 0 {
			pg.minAct[r] -= c
		} else {
			continue
		}
		if !pg.queued[r] {
			pg.queued[r] = true
			pg.queue = append(pg.queue, r)
		}
	}
}

func (pg *propagator) drain(state []int8, trail *[]int32) bool {
	pr := pg.pr
	for len(pg.queue) > 0 {
		i := pg.queue[len(pg.queue)-1]
		pg.queue = pg.queue[:len(pg.queue)-1]
		pg.queued[i] = false
		room := pr.rhs[i] + pr.slackTol[i] - pg.minAct[i]
		if room < 0 {
			pg.clear()
			return false
		}
		// Largest coefficients first: past the first that fits, all do.
		for k := pr.rowStart[i]; k < pr.rowStart[i+1]; k++ {
			a := pr.srtVal[k]
			if math.Abs(a) <= room {
				break
			}
			j := pr.srtCol[k]
			if state[j] != free {
				continue
			}
			// Setting j against the sign of a would exceed the row.
			var v int8
			if a > 0 {
				v = 0
			} else {
				v = 1
			}
			pg.fix(state, trail, j, v)
			room = pr.rhs[i] + pr.slackTol[i] - pg.minAct[i]
			if room < 0 {
				pg.clear()
				return false
			}
		}
	}
	return true
}

func (pg *propagator) clear() {
	for _, i := range pg.queue {
		pg.queued[i] = false
	}
	pg.queue = pg.queue[:0]
}
