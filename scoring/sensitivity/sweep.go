package sensitivity

// Piece is a stretch of one leaf's weight, [From, To], over which the
// ranking stays the same; Order lists the investments by rank in it.
type Piece struct {
	From, To float64
	Order    []string
}

// Sweep returns the exact one-at-a-time sweep of leaf k's weight over
// [0, 1], the other weights rescaled in proportion: the pieces between the
// points where the ranking changes (the crossing points, merged as in
// mergeCrossings, so that no piece is narrower than TieTolerance), each with
// its order (at the piece's middle, where no two lines cross; ties by id).
func Sweep(p *Problem, k int) ([]Piece, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	l := p.scoreLines(k)
	points := []float64{0}
	for _, c := range l.crossingPoints() {
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

// RankRange is an investment's best (lowest) and worst (highest) rank.
type RankRange struct {
	Best, Worst int
}

// Tornado returns, for leaf k, each investment's best and worst rank while
// the leaf's weight moves over [w(1−r), w(1+r)] (within [0, 1]), the others
// rescaled in proportion. Ranks are those of the ranking's own rule, at the
// ends, at every crossing point inside (where the crossing pair shares a
// rank) and between crossing points, so the ranges are exact.
func Tornado(p *Problem, k int, r float64) ([]RankRange, error) {
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
	for _, c := range l.crossingPoints() {
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
