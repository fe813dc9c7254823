package sensitivity

import "context"

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

// StabilityIntervals computes the stability of the ranking in every leaf's
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
// them, one leaves). Its interval is found by following the ranking
// outwards from the weight, between and at the crossing points, until the
// set changes.
//
// Each direction is one sweep from the weight (see sweeper): n log n to
// sort, then log n per crossing passed, and only as far as the top-k set
// holds. The leaves are analysed in parallel, each on its own.
func StabilityIntervals(p *Problem, top int) ([]Stability, error) {
	return stabilityIntervals(context.Background(), p, top)
}

// stabilityIntervals is StabilityIntervals, stopped early when ctx is done.
func stabilityIntervals(ctx context.Context, p *Problem, top int) ([]Stability, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	ranks := competitionRanksInOrder(p)
	out := make([]Stability, p.M())
	forEachLeaf(p.M(), func(k int) {
		out[k] = p.stability(ctx, k, ranks, top)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// stability is StabilityIntervals for leaf k.
func (p *Problem) stability(ctx context.Context, k int, ranks []int, top int) Stability {
	l := p.scoreLines(k)
	t0 := l.t0
	s := Stability{Leaf: p.Leaves[k], Weight: t0, Ranking: [2]float64{0, 1}, TopK: [2]float64{0, 1}}
	c := l.classes(p.IDs)
	// inTop0 counts, per class, its members in the top k at the weight.
	inTop0 := make([]int32, len(c.first))
	for x, members := range c.members {
		for _, i := range members {
			if ranks[i] <= top {
				inTop0[x]++
			}
		}
	}
	up := newSweeper(ctx, l, p.IDs, c, t0, 1)
	down := newSweeper(ctx, l, p.IDs, c, t0, -1)
	// Is the weight itself a crossing point? Two lines tied there are
	// neighbours in the sorted order, or have a tied neighbour between them.
	atWeight := false
	for pos := 0; pos+1 < len(up.order); pos++ {
		if t, ok := l.crossing(c.first[up.order[pos]], c.first[up.order[pos+1]]); ok && t == t0 {
			atWeight = true
			break
		}
	}
	bound := func(w *walk, end float64) float64 {
		if atWeight {
			return t0
		}
		if point, ok := w.firstPoint(); ok {
			return point
		}
		return end
	}
	upWalk := &walk{s: up, t0: t0, end: 1, top: int32(top), inTop0: inTop0}
	downWalk := &walk{s: down, t0: t0, end: 0, top: int32(top), inTop0: inTop0}
	s.Ranking = [2]float64{bound(downWalk, 0), bound(upWalk, 1)}
	if b := s.Ranking[0]; b > 0 && b < 1 {
		s.Below = p.swapAt(l, ranks, b, t0, false)
	}
	if b := s.Ranking[1]; b > 0 && b < 1 {
		s.Above = p.swapAt(l, ranks, b, t0, true)
	}
	s.TopK = [2]float64{downWalk.topKBound(), upWalk.topKBound()}
	return s
}

// walk follows the ranking of one leaf's weight from t0 towards end, for
// the stability intervals: the crossing points it passes, and whether the
// top-k set is still the one at t0.
type walk struct {
	s       *sweeper
	t0, end float64
	top     int32
	inTop0  []int32 // per class, its members in the top k at t0
	// points are the crossing points passed, in order, from the first
	// beyond t0; started tells whether the crossings at t0 itself have been
	// passed.
	points  []float64
	started bool
	// in is each class's membership of the top k where the walk is, and
	// changed the number of investments whose membership differs from t0.
	in      []bool
	changed int
	ranges  []posRange
	buf     []int32
}

// begin passes the crossings at t0 itself (lines tied there, parting), the
// same point as t0 whatever their order, and takes the top-k set just
// beyond.
func (w *walk) begin() {
	if w.started {
		return
	}
	w.started = true
	for key, ok := w.s.next(); ok && key <= w.s.dir*w.t0; key, ok = w.s.next() {
		_, w.ranges = w.s.cross(w.ranges[:0])
	}
	w.in = make([]bool, len(w.inTop0))
	for x := range w.in {
		w.in[x] = w.s.start[x]+1 <= w.top
		w.changed += w.differs(int32(x), w.in[x])
	}
}

// differs is how many of class x's members differ from t0 in their
// membership of the top k, if the class is in it or not.
func (w *walk) differs(x int32, in bool) int {
	if in {
		return int(w.s.c.size[x] - w.inTop0[x])
	}
	return int(w.inTop0[x])
}

// firstPoint is the first crossing point beyond t0, and false when there is
// none before end.
func (w *walk) firstPoint() (float64, bool) {
	w.begin()
	if len(w.points) > 0 {
		return w.points[0], true
	}
	if _, ok := w.s.next(); !ok {
		return 0, false
	}
	point := w.step()
	return point, point != w.end
}

// step passes the next crossing point and returns it; afterwards w.ranges
// holds the runs of positions that changed there, and w.changed is not yet
// updated.
func (w *walk) step() float64 {
	point, ranges := w.s.cross(w.ranges[:0])
	w.ranges = ranges
	w.points = append(w.points, point)
	return point
}

// topKBound is the bound towards end of the interval within which the
// top-k set stays the one at t0: as oracleWalkOut in oracle_test.go, between t0
// and the first crossing point, at it, between it and the next, and so
// on, ending at the last point before the first place where the set
// differs.
func (w *walk) topKBound() float64 {
	w.begin()
	prev := w.t0
	for i := 0; ; i++ {
		// The set between prev and the next point, or end.
		if w.changed > 0 {
			return prev
		}
		var point float64
		switch {
		case i < len(w.points):
			// Passed already, for the ranking's bound: its runs are in
			// w.ranges.
			point = w.points[i]
		default:
			if _, ok := w.s.next(); !ok {
				return w.end
			}
			point = w.step()
		}
		if point == w.end {
			return w.end
		}
		// The set at the point: tied where the lines meet.
		atPoint := w.changed
		for _, rg := range w.ranges {
			w.buf = w.s.rankRun(point, rg, w.buf, func(x int32, rank int32) {
				atPoint += w.differs(x, rank <= w.top) - w.differs(x, w.in[x])
			})
		}
		if atPoint > 0 {
			return point
		}
		// Beyond the point: apart, in their new order.
		for _, rg := range w.ranges {
			for pos := rg.from; pos <= rg.to; pos++ {
				x := w.s.order[pos]
				in := w.s.start[x]+1 <= w.top
				w.changed += w.differs(x, in) - w.differs(x, w.in[x])
				w.in[x] = in
			}
		}
		prev = point
	}
}

// swapAt names the pair that swaps at the crossing point c, a bound of the
// ranking's interval (above it when up, below it otherwise): the first pair
// of investments adjacent in the ranking, in rank order, whose lines cross
// at c (within the points merged into it). Up is the one that gains as the
// weight moves past c away from t0.
func (p *Problem) swapAt(l *lines, ranks []int, c, t0 float64, up bool) *Swap {
	best, bestT := -1, 0.0
	for a := 0; a+1 < p.N(); a++ {
		t, ok := l.crossing(a, a+1)
		if !ok {
			continue
		}
		if t >= c && t <= c+TieTolerance {
			best, bestT = a, t
			break
		}
		// Should no adjacent pair cross within c's run of merged points (a
		// crossing merged with c from a pair not adjacent at t0), the
		// adjacent pair crossing nearest to c on t0's side stands for it.
		if (up && t >= t0 && (best < 0 || t < bestT)) || (!up && t <= t0 && (best < 0 || t > bestT)) {
			best, bestT = a, t
		}
	}
	if best < 0 {
		return nil
	}
	a, b := best, best+1
	// Moving up, the steeper line gains; moving down, the flatter one.
	gainer, loser := b, a
	if (up && l.slope[a] > l.slope[b]) || (!up && l.slope[a] < l.slope[b]) {
		gainer, loser = a, b
	}
	return &Swap{At: c, Up: p.IDs[gainer], Down: p.IDs[loser]}
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
