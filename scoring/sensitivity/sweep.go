package sensitivity

import "context"

// Piece is a stretch of one leaf's weight, [From, To], over which the
// ranking stays the same; Order lists the investments by rank in it.
type Piece struct {
	From, To float64
	Order    []string
}

// Sweep returns the exact one-at-a-time sweep of leaf k's weight over
// [0, 1], the other weights rescaled in proportion: the pieces between the
// points where the ranking changes (the crossing points, merged as
// sweeper.cross merges them, so that no piece is narrower than
// TieTolerance), each with
// its order (where no two lines cross; ties by id). The lines are sorted
// once and kept in order as the weight moves (see sweeper): the cost is n
// log n, plus log n per crossing, plus the pieces written.
func Sweep(p *Problem, k int) ([]Piece, error) {
	return sweep(context.Background(), p, k)
}

// sweep is Sweep, stopped early when ctx is done (its result is then
// incomplete: the caller returns ctx's error instead).
func sweep(ctx context.Context, p *Problem, k int) ([]Piece, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	l := p.scoreLines(k)
	s := newSweeper(ctx, p.IDs, l.classes(p.IDs), 0, 1)
	var ranges []posRange
	// Crossings within TieTolerance of 0 are at 0: lines tied there are
	// apart inside the first piece.
	for key, ok := s.next(); ok && key <= TieTolerance; key, ok = s.next() {
		_, ranges = s.cross(ranges[:0])
	}
	var pieces []Piece
	from := 0.0
	for key, ok := s.next(); ok && key < 1-TieTolerance; key, ok = s.next() {
		order := s.orderIDs()
		var point float64
		point, ranges = s.cross(ranges[:0])
		pieces = append(pieces, Piece{From: from, To: point, Order: order})
		from = point
	}
	return append(pieces, Piece{From: from, To: 1, Order: s.orderIDs()}), nil
}

// orderIDs lists the investments in the sweeper's order, each class's
// members by id.
func (s *sweeper) orderIDs() []string {
	out := make([]string, 0, len(s.ids))
	for _, x := range s.order {
		for _, i := range s.c.members[x] {
			out = append(out, s.ids[i])
		}
	}
	return out
}

// RankRange is an investment's best (lowest) and worst (highest) rank.
type RankRange struct {
	Best, Worst int
}

// Tornado returns, for leaf k, each investment's best and worst rank while
// the leaf's weight moves over [w(1−r), w(1+r)] (within [0, 1]), the others
// rescaled in proportion. Ranks are those of the ranking's own rule, at the
// ends, at every crossing point inside (where the crossing investments
// share a rank) and between crossing points, so the ranges are exact.
// Crossing points within TieTolerance of an end are that end, as 0 and 1
// are for a sweep. The lines are sorted once and kept in order (see
// sweeper): the cost is n log n, plus log n per crossing in the range.
func Tornado(p *Problem, k int, r float64) ([]RankRange, error) {
	return tornado(context.Background(), p, k, r)
}

// tornado is Tornado, stopped early when ctx is done (its result is then
// incomplete: the caller returns ctx's error instead).
func tornado(ctx context.Context, p *Problem, k int, r float64) ([]RankRange, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	w := p.Weights[k]
	lo, hi := max(0, w*(1-r)), min(1, w*(1+r))
	l := p.scoreLines(k)
	n := p.N()
	out := make([]RankRange, n)
	order, ranks := make([]int, n), make([]int, n)
	l.rankAt(p.IDs, lo, order, ranks)
	for i, rk := range ranks {
		out[i] = RankRange{rk, rk}
	}
	note := func(i int, rk int) {
		out[i].Best = min(out[i].Best, rk)
		out[i].Worst = max(out[i].Worst, rk)
	}
	if hi > lo {
		c := l.classes(p.IDs)
		s := newSweeper(ctx, p.IDs, c, lo, 1)
		noteClass := func(x int32, rk int32) {
			for _, i := range c.members[x] {
				note(i, int(rk))
			}
		}
		var ranges []posRange
		for key, ok := s.next(); ok && key <= lo+TieTolerance; key, ok = s.next() {
			_, ranges = s.cross(ranges[:0])
		}
		// Between lo and the first crossing point.
		for x := range c.first {
			noteClass(int32(x), s.start[x]+1)
		}
		var buf []int32
		for key, ok := s.next(); ok && key < hi-TieTolerance; key, ok = s.next() {
			var point float64
			point, ranges = s.cross(ranges[:0])
			for _, rg := range ranges {
				// At the crossing point: tied where the lines meet.
				buf = s.rankRun(point, rg, buf, noteClass)
				// After it, until the next: apart, in their new order.
				for pos := rg.from; pos <= rg.to; pos++ {
					x := s.order[pos]
					noteClass(x, s.start[x]+1)
				}
			}
		}
		l.rankAt(p.IDs, hi, order, ranks)
		for i, rk := range ranks {
			note(i, rk)
		}
	}
	return out, nil
}
