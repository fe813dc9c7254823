package sensitivity

import (
	"cmp"
	"math"
	"slices"
)

// Swap names the pair that changes places at a bound of a stability
// interval: Up overtakes Down when the weight crosses At.
type Swap struct {
	At   float64
	Up   string
	Down string
}

// Stability is the exact stability of the ranking in one leaf's weight, the
// other leaves' weights rescaled in proportion (Mareschal 1988).
type Stability struct {
	Leaf   string
	Weight float64
	// Ranking is the interval of the weight within which the full ranking
	// stays unchanged; TopK the one within which the set of the top k does.
	Ranking [2]float64
	TopK    [2]float64
	// Below and Above name the swaps at Ranking's bounds; nil where a bound
	// is 0 or 1 (no swap before the end of the range).
	Below, Above *Swap
}

// lines holds, for one leaf k, every investment's score as a function of
// that leaf's weight t: S_i(t) = base_i + t·slope_i, where base_i is the
// score the other leaves give at weights rescaled to sum to 1 (R_i) and
// slope_i = v_ik − R_i. At t = w_k it is the investment's score.
type lines struct {
	base, slope []float64
}

// scoreLines computes the lines of leaf k. When w_k is 1 the other weights
// are all 0 and cannot be rescaled in proportion; they are then taken as
// equal.
func (p *Problem) scoreLines(k int) lines {
	n, m := p.N(), p.M()
	l := lines{base: make([]float64, n), slope: make([]float64, n)}
	rest := 1 - p.Weights[k]
	for i := 0; i < n; i++ {
		r := 0.0
		for j := 0; j < m; j++ {
			if j == k {
				continue
			}
			if rest > 0 {
				r += p.Weights[j] * p.value(i, j)
			} else {
				r += p.value(i, j) / float64(m-1)
			}
		}
		if rest > 0 {
			r /= rest
		}
		if m == 1 {
			r = 0
		}
		l.base[i] = r
		l.slope[i] = p.value(i, k) - r
	}
	return l
}

func (l lines) at(i int, t float64) float64 { return l.base[i] + t*l.slope[i] }

// crossing returns where the lines of a and b meet, and false when they are
// parallel (never meet, or are the same line and never part).
func (l lines) crossing(a, b int) (float64, bool) {
	ds := l.slope[a] - l.slope[b]
	if ds == 0 {
		return 0, false
	}
	return (l.base[b] - l.base[a]) / ds, true
}

// StabilityIntervals computes the stability of the ranking in every leaf's
// weight. The ranking is the problem's order (its investments in rank
// order); top is k of the top-k set.
//
// The first change of the full ranking as the weight moves from its value is
// a swap of two investments adjacent in the ranking, so only adjacent pairs'
// crossing points are needed; the top-k set changes first where an
// investment outside it crosses one inside it, so those pairs are used.
// Investments tied at the stated weight (within TieTolerance) whose lines
// part there make the full-ranking interval a single point.
func StabilityIntervals(p *Problem, top int) ([]Stability, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	n := p.N()
	ranks := competitionRanksInOrder(p)
	var inTop, outTop []int
	for i := 0; i < n; i++ {
		if ranks[i] <= top {
			inTop = append(inTop, i)
		} else {
			outTop = append(outTop, i)
		}
	}
	out := make([]Stability, p.M())
	for k := range out {
		t0 := p.Weights[k]
		l := p.scoreLines(k)
		s := Stability{Leaf: p.Leaves[k], Weight: t0, Ranking: [2]float64{0, 1}, TopK: [2]float64{0, 1}}
		for a := 0; a+1 < n; a++ {
			b := a + 1
			t, ok := l.crossing(a, b)
			if !ok {
				continue
			}
			if math.Abs(l.at(a, t0)-l.at(b, t0)) <= TieTolerance {
				// Tied now, and the lines part here: any change breaks the tie.
				t = t0
			}
			// Below t the one with the larger slope falls behind.
			up, down := p.IDs[b], p.IDs[a]
			if t <= t0 && t > 0 && (s.Below == nil || t > s.Ranking[0]) {
				s.Ranking[0] = t
				if l.slope[a] < l.slope[b] {
					up, down = down, up
				}
				s.Below = &Swap{At: t, Up: up, Down: down}
			}
			up, down = p.IDs[b], p.IDs[a]
			if t >= t0 && t < 1 && (s.Above == nil || t < s.Ranking[1]) {
				s.Ranking[1] = t
				if l.slope[a] > l.slope[b] {
					up, down = down, up
				}
				s.Above = &Swap{At: t, Up: up, Down: down}
			}
		}
		for _, a := range inTop {
			for _, b := range outTop {
				t, ok := l.crossing(a, b)
				if !ok {
					continue
				}
				if t < t0 && t > s.TopK[0] {
					s.TopK[0] = t
				}
				if t > t0 && t < s.TopK[1] {
					s.TopK[1] = t
				}
			}
		}
		out[k] = s
	}
	return out, nil
}

// competitionRanksInOrder gives the competition ranks of the problem's
// investments, which are already in rank order: an investment within
// TieTolerance of the first of its group shares the group's rank.
func competitionRanksInOrder(p *Problem) []int {
	scores := make([]float64, p.N())
	p.scores(p.Weights, scores)
	ranks := make([]int, len(scores))
	for start := 0; start < len(scores); {
		end := start + 1
		for end < len(scores) && scores[start]-scores[end] <= TieTolerance {
			end++
		}
		for i := start; i < end; i++ {
			ranks[i] = start + 1
		}
		start = end
	}
	return ranks
}

// rankAt returns the investments' order and competition ranks with leaf k's
// weight at t: by score, highest first, ties by id.
func (p *Problem) rankAt(l lines, t float64, order []int, ranks []int) {
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if sa, sb := l.at(a, t), l.at(b, t); sa != sb {
			return cmp.Compare(sb, sa)
		}
		return cmp.Compare(p.IDs[a], p.IDs[b])
	})
	for start := 0; start < len(order); {
		lead := l.at(order[start], t)
		end := start + 1
		for end < len(order) && lead-l.at(order[end], t) <= TieTolerance {
			end++
		}
		group := order[start:end]
		slices.SortFunc(group, func(a, b int) int { return cmp.Compare(p.IDs[a], p.IDs[b]) })
		for _, i := range group {
			ranks[i] = start + 1
		}
		start = end
	}
}
