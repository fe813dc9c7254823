package selection

import "math"

// dpMaxCells bounds the dynamic programme's table (units × capacity steps):
// 2 million float64s, 16 MB.
const dpMaxCells = 2_000_000

// dynamicProgramme solves the one-budget case exactly when it pays: a
// programme whose only row is one budget, whose free units' costs are whole
// multiples of 10^-k (k ≤ 6) and whose table stays under dpMaxCells. Then
// f[i][w], the best value of units i… within capacity w, is filled
// backwards, and the portfolio read forwards in ranking order, taking each
// unit when what it leaves can still reach the tie threshold of the
// optimum: that is the tie-break of FORMATS.md §5 exactly. ok is false when
// the case does not apply; x is nil when the fixed units alone overrun the
// budget.
func (e *engine) dynamicProgramme(root []int8) (x []int8, ok bool) {
	pr := e.md.prog
	if pr.m != 1 || pr.kind[0] != rowBudget {
		return nil, false
	}
	n := pr.n
	cost := make([]float64, n)
	for k := pr.rowStart[0]; k < pr.rowStart[1]; k++ {
		cost[pr.rowCol[k]] = pr.rowVal[k]
	}
	// The decimal scale that makes every free unit's cost whole.
	var scale float64
	for k := 0; k <= 6 && scale == 0; k++ {
		f := math.Pow(10, float64(k))
		whole := true
		for j := 0; j < n && whole; j++ {
			if root[j] != free {
				continue
			}
			c := cost[j] * f
			whole = c >= 0 && math.Abs(c-math.Round(c)) <= 1e-9*math.Max(1, c)
		}
		if whole {
			scale = f
		}
	}
	if scale == 0 {
		return nil, false
	}
	room := pr.rhs[0]
	fixedValue := 0.0
	var units []int
	for j := 0; j < n; j++ {
		switch root[j] {
		case 1:
			room -= cost[j]
			fixedValue += pr.obj[j]
		case free:
			units = append(units, j)
		}
	}
	if room < 0 {
		return nil, true
	}
	capacity := math.Floor(room*scale + 1e-9)
	if capacity > dpMaxCells || float64(len(units)+1)*(capacity+1) > dpMaxCells {
		return nil, false
	}
	C := int(capacity)
	w := make([]int, len(units))
	for k, j := range units {
		w[k] = int(math.Round(cost[j] * scale))
	}
	// f[k*(C+1)+c]: the best value of units[k:] within capacity c.
	f := make([]float64, (len(units)+1)*(C+1))
	for k := len(units) - 1; k >= 0; k-- {
		v := pr.obj[units[k]]
		row, next := f[k*(C+1):(k+1)*(C+1)], f[(k+1)*(C+1):(k+2)*(C+1)]
		for c := 0; c <= C; c++ {
			best := next[c]
			if w[k] <= c {
				if t := next[c-w[k]] + v; t > best {
					best = t
				}
			}
			row[c] = best
		}
	}
	z := fixedValue + f[C]
	thr := tieThreshold(z)
	x = make([]int8, n)
	for j := 0; j < n; j++ {
		if root[j] == 1 {
			x[j] = 1
		}
	}
	acc, c := fixedValue, C
	for k, j := range units {
		if w[k] <= c && acc+pr.obj[j]+f[(k+1)*(C+1)+c-w[k]] >= thr {
			x[j] = 1
			acc += pr.obj[j]
			c -= w[k]
		}
	}
	if !pr.feasible(x) {
		return nil, false // rounding of the scaled costs disagrees: let the search decide
	}
	return x, true
}
