package sensitivity

import (
	"cmp"
	"context"
	"math"
	"math/bits"
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
// sort, then the crossings at the weight and the first beyond it for the
// ranking; the top-k set follows the envelopes at its border (topKBound).
// The leaves are analysed in parallel, each on its own.
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
	up := newSweeper(ctx, p.IDs, c, t0, 1, math.Inf(1))
	down := newSweeper(ctx, p.IDs, c, t0, -1, math.Inf(-1))
	// Is the weight itself a crossing point? Two lines tied there are
	// neighbours in the sorted order, or have a tied neighbour between them.
	atWeight := false
	for pos := 0; pos+1 < len(up.order); pos++ {
		if t, ok := c.lines.crossing(int(up.order[pos]), int(up.order[pos+1])); ok && t == t0 {
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
// the stability intervals.
type walk struct {
	s       *sweeper
	t0, end float64
	top     int32
	inTop0  []int32 // per class, its members in the top k at t0
	// started tells whether the crossings at t0 itself have been passed;
	// changed is then the number of investments whose membership of the
	// top k just beyond t0 differs from theirs at t0.
	started bool
	changed int
	// inT and inR are the classes in the top k just beyond t0, and the
	// others, each from the highest; sizeT the investments of inT; beyond
	// the sweep's time just beyond t0.
	inT, inR []int32
	sizeT    int32
	beyond   float64
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
		w.s.cross()
	}
	for _, x := range w.s.order {
		// Just beyond t0 the lines are apart: a class's rank is one more
		// than the investments above it.
		in := w.s.start[x] < w.top
		if in {
			w.inT = append(w.inT, x)
			w.sizeT += w.s.c.size[x]
			w.changed += int(w.s.c.size[x] - w.inTop0[x])
		} else {
			w.inR = append(w.inR, x)
			w.changed += int(w.inTop0[x])
		}
	}
	w.beyond = w.s.now
}

// firstPoint is the first crossing point beyond t0, and false when there is
// none before end. It is called once, before topKBound.
func (w *walk) firstPoint() (float64, bool) {
	w.begin()
	if _, ok := w.s.next(); !ok {
		return 0, false
	}
	point := w.s.cross()
	return point, point != w.end
}

// topKBound is the bound towards end of the interval within which the
// top-k set stays the one at t0, as oracleWalkOut in oracle_test.go finds
// it: checked between t0 and the first crossing point, at it, between it
// and the next, and so on, ending at the last point before the first place
// where the set differs.
//
// Only the lines at the border of the top k matter, so the walk does not
// pass every crossing (there are about n²/4 in [0, 1]). Just beyond t0 the
// set T of classes in the top k is known from the sweep; until it changes
// it is fixed, and so is the rest, R. A class of T is in the top k while
// fewer than k investments are above it: for all but the lowest class of T
// that holds whatever the order within T, and for the lowest, L, it holds
// while no class of R is above it and while the investments of T above it,
// |T| − |L|, are fewer than k. (With classes of one investment |T| is k and
// only a class of R passing L changes the set; with several investments on
// one line, L can also drop out as another class of T becomes the lowest.)
// So the walk follows the lower envelope of T's lines, the upper envelope
// of R's, and where they meet: about n log n to build, and one step per
// piece of an envelope.
func (w *walk) topKBound() float64 {
	w.begin()
	if w.changed > 0 {
		return w.t0
	}
	s, inT, inR, sizeT := w.s, w.inT, w.inR, w.sizeT
	lowT := newEnvelope(s, inT, false)
	highR := newEnvelope(s, inR, true)
	low, high := inT[len(inT)-1], int32(-1)
	lowT.startAt(low, w.beyond)
	if len(inR) > 0 {
		high = inR[0]
		highR.startAt(high, w.beyond)
	}
	// meets is when, times dir, class y of R rises to x of T, or +Inf.
	meets := func(x, y int32) float64 {
		if y < 0 || s.dir*(s.l.slope[y]-s.l.slope[x]) <= 0 {
			return math.Inf(1)
		}
		t, ok := s.l.crossing(int(x), int(y))
		if !ok {
			return math.Inf(1)
		}
		return s.dir * t
	}
	endKey, now := s.dir*w.end, w.beyond
	for {
		// The next break of either envelope, or their meeting, with those
		// due within TieTolerance of it: one crossing point.
		crossAt := min(lowT.nextBreak(), highR.nextBreak(), meets(low, high))
		if crossAt > endKey || math.IsInf(crossAt, 1) {
			return w.end
		}
		e := max(crossAt, now)
		changed := meets(low, high) <= e+TieTolerance
		low = lowT.advance(e + TieTolerance)
		if len(inR) > 0 {
			high = highR.advance(e + TieTolerance)
		}
		changed = changed || sizeT-s.c.size[low] >= w.top || meets(low, high) <= e+TieTolerance
		now = e + TieTolerance
		if changed {
			return crossingPointNear(s.l, s.dir*crossAt)
		}
	}
}

// envelope is the lower (or, with upper, upper) envelope of a fixed set
// of class lines as the weight moves in a sweeper's direction: the lines
// in the order in which they are lowest (highest), by the standard convex
// hull construction over lines sorted by slope.
type envelope struct {
	s     *sweeper
	lines []int32 // classes on the envelope, in order of the weight times dir
	at    int     // the one lowest (highest) where the walk is
}

func newEnvelope(s *sweeper, xs []int32, upper bool) *envelope {
	e := &envelope{s: s}
	// In the sweep's own time u = dir·t a line is base + u·dir·slope.
	slope := func(x int32) float64 { return s.dir * s.l.slope[x] }
	base := func(x int32) float64 { return s.l.base[x] }
	sign := 1.0 // the upper envelope of lines is the lower one of their negatives
	if upper {
		sign = -1
	}
	sorted := append([]int32(nil), xs...)
	slices.SortFunc(sorted, func(a, b int32) int {
		// Lowest last as u grows: slopes falling (for the negatives).
		if c := cmp.Compare(sign*slope(b), sign*slope(a)); c != 0 {
			return c
		}
		if c := cmp.Compare(sign*base(a), sign*base(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	// meet is where the (negated, for upper) lines of a and b meet.
	meet := func(a, b int32) float64 {
		return (sign*base(b) - sign*base(a)) / (sign*slope(a) - sign*slope(b))
	}
	hull := e.lines[:0]
	for _, x := range sorted {
		if len(hull) > 0 && slope(hull[len(hull)-1]) == slope(x) {
			continue // parallel, and not lower (higher): sorted so
		}
		for len(hull) >= 2 && meet(hull[len(hull)-2], x) <= meet(hull[len(hull)-2], hull[len(hull)-1]) {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, x)
	}
	e.lines = hull
	return e
}

// startAt places the walk on class x at u; should x not be on the envelope
// (rounding can drop a line that is lowest only at a point), on the line
// lowest (highest) just after u.
func (e *envelope) startAt(x int32, u float64) {
	if i := slices.Index(e.lines, x); i >= 0 {
		e.at = i
		return
	}
	e.at = 0
	for e.at+1 < len(e.lines) && e.breakAt(e.at) <= u+TieTolerance {
		e.at++
	}
}

// breakAt is when, times dir, the envelope passes from its i-th line to
// the next, by lines.crossing; +Inf when never within [0, 1].
func (e *envelope) breakAt(i int) float64 {
	if i+1 >= len(e.lines) {
		return math.Inf(1)
	}
	t, ok := e.s.l.crossing(int(e.lines[i]), int(e.lines[i+1]))
	if !ok {
		return math.Inf(1)
	}
	return e.s.dir * t
}

func (e *envelope) nextBreak() float64 { return e.breakAt(e.at) }

// advance passes every break due by u and returns the line after them.
func (e *envelope) advance(u float64) int32 {
	for e.at+1 < len(e.lines) && e.breakAt(e.at) <= u {
		e.at++
	}
	return e.lines[e.at]
}

// crossingPointNear is the crossing point of lines l (of classes), as the sweep merges crossings
// into points, that holds the crossing at t: the smallest of the crossings
// within TieTolerance of each other around it, snapped to 0 or 1 within
// TieTolerance. Only lines whose scores at t are close can cross so near
// it, so the classes are sorted by score at t and only runs of close scores
// are paired.
func crossingPointNear(l *lines, t float64) float64 {
	nc := len(l.base)
	lowS, highS := math.Inf(1), math.Inf(-1)
	for _, s := range l.slope {
		lowS, highS = min(lowS, s), max(highS, s)
	}
	// Two lines crossing within 2·TieTolerance of t differ there by at most
	// their slopes' difference times that.
	gap := (highS-lowS)*2*TieTolerance + TieTolerance
	byScore := make([]int32, nc)
	for x := range byScore {
		byScore[x] = int32(x)
	}
	score := func(x int32) float64 { return l.at(int(x), t) }
	slices.SortFunc(byScore, func(a, b int32) int { return cmp.Compare(score(a), score(b)) })
	// The crossings near t, each value once: at a point where thousands
	// of lines meet, tens of millions of pairs cross at a few values.
	near := newWeightSet(t-3*TieTolerance, t+3*TieTolerance) // with room for rounding
	for s := 0; s < nc; {
		e := s + 1
		for e < nc && score(byScore[e])-score(byScore[e-1]) <= gap {
			e++
		}
		for a := s; a < e; a++ {
			for b := a + 1; b < e; b++ {
				if score(byScore[b])-score(byScore[a]) > 2*gap {
					break // and so are the rest: too far apart to cross near t
				}
				if u, ok := l.crossing(int(byScore[a]), int(byScore[b])); ok && math.Abs(u-t) <= 2*TieTolerance {
					near.add(u)
				}
			}
		}
		s = e
	}
	// Merge them as the sweep does: a crossing more than TieTolerance after
	// the first of its point begins the next point.
	point := t
	for i, u := range near.sorted() {
		if i == 0 || u-point > TieTolerance {
			point = u
		}
		if u >= t {
			break
		}
	}
	switch {
	case point <= TieTolerance:
		return 0
	case point >= 1-TieTolerance:
		return 1
	}
	return point
}

// weightSet is a set of weights, never NaN, mostly within a narrow span
// [lo, hi]: a short list while it holds few, then a bit per float64 of
// the span when the span holds few float64s (the bits of non-negative
// float64s order as the numbers do), else a map.
type weightSet struct {
	lo, hi float64
	list   []float64 // while it holds at most maxWeightList weights
	from   uint64    // the bits of the lowest weight the bitset holds
	bits   []uint64  // bit i: the weight with the bits from+i is in the set
	m      map[float64]struct{}
}

// maxWeightBits is the largest span of float64s a weightSet holds as a
// bitset: 512 KiB, where the span of 4·TieTolerance around a weight of
// 0.1 is some 300,000 float64s; maxWeightList the most weights it lists
// before it takes a bitset or a map.
const (
	maxWeightBits = 1 << 22
	maxWeightList = 1 << 10
)

func newWeightSet(lo, hi float64) *weightSet {
	lo = max(lo, 0)
	return &weightSet{lo: lo, hi: max(hi, lo)}
}

func (w *weightSet) add(u float64) {
	u += 0 // −0 is 0
	switch {
	case w.m != nil:
		w.m[u] = struct{}{}
		return
	case w.bits != nil:
		if i := math.Float64bits(u) - w.from; u >= 0 && i/64 < uint64(len(w.bits)) {
			w.bits[i/64] |= 1 << (i % 64)
			return
		}
		// Outside the span, which the caller avoids: kept all the same.
		w.toMap()
		w.m[u] = struct{}{}
		return
	}
	w.list = append(w.list, u)
	if len(w.list) < maxWeightList {
		return
	}
	held := w.list
	w.list = nil
	from, to := math.Float64bits(w.lo), math.Float64bits(w.hi)
	if to-from < maxWeightBits {
		w.from, w.bits = from, make([]uint64, (to-from)/64+1)
	} else {
		w.m = make(map[float64]struct{}, len(held))
	}
	for _, v := range held {
		w.add(v)
	}
}

// toMap moves the set from its bits into a map.
func (w *weightSet) toMap() {
	held := w.sorted()
	w.m, w.bits = make(map[float64]struct{}, len(held)+1), nil
	for _, v := range held {
		w.m[v] = struct{}{}
	}
}

// sorted returns the weights in increasing order, each once.
func (w *weightSet) sorted() []float64 {
	var out []float64
	switch {
	case w.m != nil:
		for u := range w.m {
			out = append(out, u)
		}
		slices.Sort(out)
	case w.bits != nil:
		for word, b := range w.bits {
			for b != 0 {
				i := uint64(bits.TrailingZeros64(b))
				out = append(out, math.Float64frombits(w.from+uint64(word)*64+i))
				b &= b - 1
			}
		}
	default:
		out = slices.Clone(w.list)
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out
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
