package sensitivity

import (
	"context"
	"math"
)

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
	s := newSweeper(ctx, p.IDs, l.classes(p.IDs), 0, 1, math.Inf(1))
	// Crossings within TieTolerance of 0 are at 0: lines tied there are
	// apart inside the first piece.
	for key, ok := s.next(); ok && key <= TieTolerance; key, ok = s.next() {
		s.cross()
	}
	var pieces []Piece
	from := 0.0
	for key, ok := s.next(); ok && key < 1-TieTolerance; key, ok = s.next() {
		order := s.orderIDs()
		point := s.cross()
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
