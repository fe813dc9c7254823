package sensitivity

import (
	"cmp"
	"math"
	"slices"
)

// lines holds, for one leaf k, every investment's score as a function of
// that leaf's weight t: S_i(t) = base_i + t·slope_i, where base_i is the
// score the other leaves give at weights rescaled to sum to 1 (R_i) and
// slope_i = v_ik − R_i. At t = t0, the leaf's effective weight, it is the
// investment's score.
//
// Lines that are the same within the tie tolerance at both ends of [0, 1],
// and so everywhere between, are made one: every such line is replaced by
// one of them (see sameLines). Two investments with equal values on the
// swept leaf and equal scores from the others then share one line exactly,
// whatever the last bits of their sums, and never cross.
type lines struct {
	base, slope []float64
	t0          float64
}

// scoreLines computes the lines of leaf k. When w_k is 1 the other weights
// are all 0 and cannot be rescaled in proportion; they are then taken as
// equal, each (1 − t)/(m − 1).
func (p *Problem) scoreLines(k int) *lines { return p.scoreLinesIn(k, 0, 1) }

// scoreLinesIn is scoreLines for weights of leaf k in [a, b] only: lines
// the same within the tie tolerance at a and at b, and so everywhere
// between, are made one. The tornado, whose range is a part of [0, 1],
// then ranks two investments tied all over its range as the ranking does,
// tied, though they part further out.
func (p *Problem) scoreLinesIn(k int, a, b float64) *lines {
	n, m := p.N(), p.M()
	l := &lines{base: make([]float64, n), slope: make([]float64, n), t0: p.Weights[k]}
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
	l.sameLines(p.IDs, a, b)
	return l
}

func (l *lines) at(i int, t float64) float64 { return l.base[i] + t*l.slope[i] }

// sameLines replaces lines that are the same within TieTolerance at t = a
// and at t = b (0 and 1 but for the tornado) by one of them. The groups are formed as ties are in a
// ranking, so that they do not depend on the order of the input: lines
// sorted by their value at 0 (highest first, then by id) are grouped with
// the first of their group when within TieTolerance of it; each group,
// sorted by the value at 1, is grouped again the same way; every line of a
// final group takes the line of its first.
func (l *lines) sameLines(ids []string, a, b float64) {
	n := len(l.base)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	byValueAt := func(t float64) func(a, b int) int {
		return func(a, b int) int {
			if c := cmp.Compare(l.at(b, t), l.at(a, t)); c != 0 {
				return c
			}
			return cmp.Compare(ids[a], ids[b])
		}
	}
	slices.SortFunc(order, byValueAt(a))
	for start := 0; start < n; {
		end := start + 1
		for end < n && l.at(order[start], a)-l.at(order[end], a) <= TieTolerance {
			end++
		}
		group := order[start:end]
		if len(group) > 1 {
			slices.SortFunc(group, byValueAt(b))
			for s := 0; s < len(group); {
				e := s + 1
				for e < len(group) && l.at(group[s], b)-l.at(group[e], b) <= TieTolerance {
					e++
				}
				first := group[s]
				for _, i := range group[s+1 : e] {
					l.base[i], l.slope[i] = l.base[first], l.slope[first]
				}
				s = e
			}
		}
		start = end
	}
}

// crossing returns where the lines of a and b cross in [0, 1], and false
// when they do not. The tie tolerance of the ranking decides where a
// crossing lies, so that the sensitivity analyses agree with the ranking
// they analyse:
//
//   - lines within TieTolerance of each other at both ends never part: they
//     do not cross (sameLines has made most of them one line);
//   - lines within TieTolerance at the stated weight t0 are tied in the
//     ranking and part there: they cross at t0;
//   - otherwise lines within TieTolerance at t = 0 or t = 1 cross at that
//     end, exactly, not a rounding error away from it (1e-16 or
//     0.9999999999999999);
//   - otherwise they cross where their difference changes sign, if it does.
//
// The tolerance on the weight is thus the tie tolerance divided by how fast
// the two scores part, 1e-12/|slope_a − slope_b|: relative to the data.
func (l *lines) crossing(a, b int) (float64, bool) {
	if l.base[a] == l.base[b] && l.slope[a] == l.slope[b] {
		return 0, false
	}
	d0 := l.at(a, 0) - l.at(b, 0)
	d1 := l.at(a, 1) - l.at(b, 1)
	tied0, tied1 := math.Abs(d0) <= TieTolerance, math.Abs(d1) <= TieTolerance
	switch {
	case tied0 && tied1:
		return 0, false
	case math.Abs(l.at(a, l.t0)-l.at(b, l.t0)) <= TieTolerance:
		return l.t0, true
	case tied0:
		return 0, true
	case tied1:
		return 1, true
	case (d0 > 0) == (d1 > 0):
		return 0, false
	}
	t := (l.base[b] - l.base[a]) / (l.slope[a] - l.slope[b])
	return min(1, max(0, t)), true
}

// rankAt returns the investments' order and competition ranks with the
// leaf's weight at t, by the ranking's own rule: by score, highest first,
// ties by id; scores within TieTolerance of the first of their group share
// its rank, and the group is listed by id.
func (l *lines) rankAt(ids []string, t float64, order []int, ranks []int) {
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if sa, sb := l.at(a, t), l.at(b, t); sa != sb {
			return cmp.Compare(sb, sa)
		}
		return cmp.Compare(ids[a], ids[b])
	})
	for start := 0; start < len(order); {
		lead := l.at(order[start], t)
		end := start + 1
		for end < len(order) && lead-l.at(order[end], t) <= TieTolerance {
			end++
		}
		group := order[start:end]
		slices.SortFunc(group, func(a, b int) int { return cmp.Compare(ids[a], ids[b]) })
		for _, i := range group {
			ranks[i] = start + 1
		}
		start = end
	}
}
