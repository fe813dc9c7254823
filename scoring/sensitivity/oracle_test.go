package sensitivity

// The algorithms of the sensitivity analyses as first written, kept as the
// oracle of the differential tests (differential_test.go): each evaluates
// its definition directly, pair by pair and point by point, at a cost of
// about n² per leaf (crossings) and n log n per point evaluated (a full
// sort). The package's own algorithms must give the same results, bit for
// bit.

import (
	"slices"

	"github.com/prio-tool/prio/scoring"
)

// oracleStabilityIntervals computes the stability of the ranking in every leaf's
// weight. The ranking is the problem's order (its investments in rank
// order, with their competition ranks); top is k of the top-k set.
//
// The full ranking changes at every crossing of two lines (crossing), so
// its interval runs from the nearest crossing point at or below the weight
// to the nearest at or above it; two investments tied at the weight whose
// lines part make it a single point. The top-k set is the investments whose
// competition rank is at most k: it changes where one of them falls below
// rank k or another rises to it, which a tie does too (three investments
// tied at rank 2 with top 2 are all in it; when moving the weight separates
// them, one leaves). Its interval is found by evaluating the set between
// and at the crossing points, outwards from the weight.
func oracleStabilityIntervals(p *Problem, top int) ([]Stability, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	n := p.N()
	ranks := competitionRanksInOrder(p)
	inTop0 := make([]bool, n)
	for i, r := range ranks {
		inTop0[i] = r <= top
	}
	out := make([]Stability, p.M())
	order, atRanks := make([]int, n), make([]int, n)
	for k := range out {
		l := p.scoreLines(k)
		t0 := l.t0
		s := Stability{Leaf: p.Leaves[k], Weight: t0, Ranking: [2]float64{0, 1}, TopK: [2]float64{0, 1}}
		points := l.oracleCrossingPoints()
		below, above := -1, -1 // the points bounding the ranking's interval
		for i, c := range points {
			if c <= t0 {
				below = i
			}
			if c >= t0 && above < 0 {
				above = i
			}
		}
		if below >= 0 {
			s.Ranking[0] = points[below]
			if c := points[below]; c > 0 && c < 1 {
				s.Below = p.swapAt(l, ranks, c, t0, false)
			}
		}
		if above >= 0 {
			s.Ranking[1] = points[above]
			if c := points[above]; c > 0 && c < 1 {
				s.Above = p.swapAt(l, ranks, c, t0, true)
			}
		}
		sameTop := func(t float64) bool {
			l.rankAt(p.IDs, t, order, atRanks)
			for i, r := range atRanks {
				if (r <= top) != inTop0[i] {
					return false
				}
			}
			return true
		}
		var up, down []float64 // the points above t0, upwards, and below, downwards
		for i, c := range points {
			if c > t0 {
				up = append(up, c)
			}
			if c := points[len(points)-1-i]; c < t0 {
				down = append(down, c)
			}
		}
		s.TopK = [2]float64{oracleWalkOut(t0, 0, down, sameTop), oracleWalkOut(t0, 1, up, sameTop)}
		out[k] = s
	}
	return out, nil
}

// oracleWalkOut returns the bound of an interval around t0 within which same
// holds, going outwards over the points towards end: same is checked
// between t0 and the first point, at that point, between it and the next,
// and so on, and the interval ends at the last point before the first
// place where it fails. At end itself nothing is checked: the interval ends
// there anyway.
func oracleWalkOut(t0, end float64, points []float64, same func(float64) bool) float64 {
	prev := t0
	for _, c := range points {
		if !same((prev + c) / 2) {
			return prev
		}
		if c == end {
			return end
		}
		if !same(c) {
			return c
		}
		prev = c
	}
	if prev != end && !same((prev+end)/2) {
		return prev
	}
	return end
}

// oracleSweep returns the exact one-at-a-time sweep of leaf k's weight over
// [0, 1], the other weights rescaled in proportion: the pieces between the
// points where the ranking changes (the crossing points, merged as in
// mergeCrossings, so that no piece is narrower than TieTolerance), each with
// its order (at the piece's middle, where no two lines cross; ties by id).
func oracleSweep(p *Problem, k int) ([]Piece, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	l := p.scoreLines(k)
	points := []float64{0}
	for _, c := range l.oracleCrossingPoints() {
		if c > 0 && c < 1 {
			points = append(points, c)
		}
	}
	points = append(points, 1)
	order, ranks := make([]int, p.N()), make([]int, p.N())
	pieces := make([]Piece, 0, len(points)-1)
	for i := 0; i+1 < len(points); i++ {
		from, to := points[i], points[i+1]
		l.rankAt(p.IDs, (from+to)/2, order, ranks)
		ids := make([]string, len(order))
		for pos, inv := range order {
			ids[pos] = p.IDs[inv]
		}
		pieces = append(pieces, Piece{From: from, To: to, Order: ids})
	}
	return pieces, nil
}

// oracleTornado returns, for leaf k, each investment's best and worst rank while
// the leaf's weight moves over [w(1−r), w(1+r)] (within [0, 1]), the others
// rescaled in proportion. Ranks are those of the ranking's own rule, at the
// ends, at every crossing point inside (where the crossing pair shares a
// rank) and between crossing points, so the ranges are exact.
func oracleTornado(p *Problem, k int, r float64) ([]RankRange, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	w := p.Weights[k]
	lo, hi := max(0, w*(1-r)), min(1, w*(1+r))
	l := p.scoreLines(k)
	// Crossing points within TieTolerance of an end are that end, as 0 and 1
	// are for a sweep: lines crossing at the end, within rounding, are tied
	// there (evaluated at the end) and apart inside.
	points := []float64{lo}
	for _, c := range l.oracleCrossingPoints() {
		if c > lo+TieTolerance && c < hi-TieTolerance {
			points = append(points, c)
		}
	}
	points = append(points, hi)
	// Between consecutive points too: there the crossing pairs are apart.
	var at []float64
	for i, t := range points {
		at = append(at, t)
		if i+1 < len(points) {
			at = append(at, (t+points[i+1])/2)
		}
	}
	n := p.N()
	out := make([]RankRange, n)
	order, ranks := make([]int, n), make([]int, n)
	for pi, t := range at {
		l.rankAt(p.IDs, t, order, ranks)
		for i, rk := range ranks {
			if pi == 0 || rk < out[i].Best {
				out[i].Best = rk
			}
			if pi == 0 || rk > out[i].Worst {
				out[i].Worst = rk
			}
		}
	}
	return out, nil
}

// oracleMissingRanks returns each investment's best and worst rank when every
// missing leaf value, its own and everyone else's, may be anything in
// [0, 1] (at the stated weights). An investment's score depends only on its
// own values, so the extremes are reached together: its best rank is its
// rank with its missing values at 1 and everyone else's at 0, its worst the
// opposite. Ranks are the ranking's own competition ranks
// (scoring.CompetitionOrder: scores within TieTolerance of the first of
// their group share its rank), so an investment with nothing missing among
// investments with nothing missing has its own rank as its range.
func oracleMissingRanks(p *Problem) []RankRange {
	lo, hi := p.scoreBounds()
	n := p.N()
	out := make([]RankRange, n)
	scores := make([]float64, n)
	excluded := make([]bool, n)
	for i := range out {
		copy(scores, lo)
		scores[i] = hi[i]
		_, ranks := scoring.CompetitionOrder(scores, p.IDs, excluded)
		out[i].Best = ranks[i]
		copy(scores, hi)
		scores[i] = lo[i]
		_, ranks = scoring.CompetitionOrder(scores, p.IDs, excluded)
		out[i].Worst = ranks[i]
	}
	return out
}

// oracleMissingDecisive returns the investments whose membership of the top k
// differs between the best and the worst case of the missing values, in
// rank order.
func oracleMissingDecisive(p *Problem, top int) []Decisive {
	ranges := oracleMissingRanks(p)
	lo, hi := p.scoreBounds()
	m := p.M()
	var out []Decisive
	for i, r := range ranges {
		if !(r.Best <= top && r.Worst > top) {
			continue
		}
		d := Decisive{ID: p.IDs[i]}
		add := func(inv int) {
			for j := 0; j < m; j++ {
				if p.Missing == nil || p.Cells == nil || !p.Missing[inv*m+j] {
					continue
				}
				for _, c := range p.Cells[inv*m+j] {
					if !slices.Contains(d.Cells, c) {
						d.Cells = append(d.Cells, c)
					}
				}
			}
		}
		add(i)
		for j := range ranges {
			// Others whose missing values decide whether they pass i.
			if j != i && hi[j] > lo[j] && hi[j] > lo[i] && lo[j] < hi[i] {
				add(j)
			}
		}
		out = append(out, d)
	}
	return out
}

// mergeCrossings turns sorted crossing points (the rule sweeper.cross
// applies as it passes them) into the distinct points of a
// sweep: points within TieTolerance of the first of their run are one point,
// that first; a point within TieTolerance of 0 or 1 is 0 or 1. Points that
// differ only by rounding (three lines through one point give three
// slightly different crossings) are thus one, and no piece of a sweep is
// narrower than the tolerance.
func mergeCrossings(ts []float64) []float64 {
	out := ts[:0]
	for _, t := range ts {
		if len(out) == 0 || t-out[len(out)-1] > TieTolerance {
			out = append(out, t)
		}
	}
	for i, t := range out {
		switch {
		case t <= TieTolerance:
			out[i] = 0
		case t >= 1-TieTolerance:
			out[i] = 1
		}
	}
	return out
}

// oracleCrossingPoints returns the distinct points of [0, 1] where the lines of
// two investments cross (mergeCrossings), from every pair.
func (l *lines) oracleCrossingPoints() []float64 {
	n := len(l.base)
	var ts []float64
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			if t, ok := l.crossing(a, b); ok {
				ts = append(ts, t)
			}
		}
	}
	slices.Sort(ts)
	return mergeCrossings(ts)
}
