package sensitivity

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Tornado returns, for leaf k, each investment's best and worst rank while
// the leaf's weight moves over [w(1−r), w(1+r)] (within [0, 1]), the others
// rescaled in proportion. Ranks are those of the ranking's own rule, at the
// ends, at every crossing point inside (where the crossing investments
// share a rank) and between crossing points, so the ranges are exact.
// Crossing points within TieTolerance of an end are that end, as 0 and 1
// are for a sweep.
//
// Every line crosses many others in the range (with thousands of
// investments, most of its neighbours), so the crossings are not passed in
// order, one queue operation each, but line by line: the lines whose order
// differs between the two ends of the range are those that cross inside it,
// found for each line in trees over the two orders; its rank at each of its
// crossing points and between them follows from counting, in the order of
// their weights. The cost is n log n, plus a sort of each line's crossings.
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
	l := p.scoreLinesIn(k, lo, hi)
	n := p.N()
	out := make([]RankRange, n)
	order, ranks := make([]int, n), make([]int, n)
	l.rankAt(p.IDs, lo, order, ranks)
	for i, rk := range ranks {
		out[i] = RankRange{rk, rk}
	}
	note := func(i, rk int) {
		out[i].Best = min(out[i].Best, rk)
		out[i].Worst = max(out[i].Worst, rk)
	}
	if hi > lo {
		c := l.classes(p.IDs)
		first, last := rangeOrders(ctx, p.IDs, c, lo, hi)
		nc := len(c.first)
		// The classes in the first order, each with its position in the
		// last: a class's crossings inside the range are with the classes
		// on the other side of it in one order than in the other.
		inLast := make([]int32, nc)
		for q, x := range first.order {
			inLast[q] = last.pos[x]
		}
		tree := newPosTree(inLast)
		// The lines in chunks, on up to GOMAXPROCS goroutines: a line's
		// work writes only its own members' ranges, so the outcome does
		// not depend on who did which chunk.
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(runtime.GOMAXPROCS(0), (nc+tornadoChunk-1)/tornadoChunk) {
			wg.Go(func() {
				var events, scratch []tornadoEvent
				var partners []int32
				var buckets []int32
				for {
					from := int(next.Add(tornadoChunk)) - tornadoChunk
					if from >= nc || ctx.Err() != nil {
						return
					}
					for q := from; q < min(from+tornadoChunk, nc); q++ {
						x := first.order[q]
						// Above x at the start, below it at the end: they pass below x.
						partners = tree.report(0, q, inLast[q], true, partners[:0])
						passing := len(partners)
						// Below at the start, above at the end: they pass above x.
						partners = tree.report(q+1, nc, inLast[q], false, partners)
						events = slices.Grow(events[:0], len(partners))[:len(partners)]
						for e, q2 := range partners {
							partner := first.order[q2]
							t, _ := c.lines.crossing(int(x), int(partner))
							size := c.size[partner]
							if e < passing {
								size = -size
							}
							events[e] = tornadoEvent{t: t, change: size}
						}
						events, scratch, buckets = sortEvents(events, scratch, buckets)
						above := int(first.start[x]) // investments above x
						// Its best and worst rank: between the start and the first
						// crossing point, then at each point and after it.
						best, worst := above+1, above+1
						// Crossings within TieTolerance of the first of their run are
						// one point, where x ties with every line it crosses there.
						for s := 0; s < len(events); {
							e := s + 1
							for e < len(events) && events[e].t-events[s].t <= TieTolerance {
								e++
							}
							passing, joining := 0, 0
							for _, ev := range events[s:e] {
								if ev.change < 0 {
									passing -= int(ev.change)
								} else {
									joining += int(ev.change)
								}
							}
							best = min(best, above-passing+1) // at the point
							above += joining - passing
							best, worst = min(best, above+1), max(worst, above+1) // after it
							s = e
						}
						for _, i := range c.members[x] {
							note(i, best)
							note(i, worst)
						}
					}
				}
			})
		}
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		l.rankAt(p.IDs, hi, order, ranks)
		for i, rk := range ranks {
			note(i, rk)
		}
	}
	return out, nil
}

// tornadoChunk is the number of lines a goroutine of the tornado takes at
// a time.
const tornadoChunk = 256

// tornadoEvent is a crossing of one class's line with a partner class's,
// at t: change is the partner's size, negative when the partner passes
// from above the line to below it.
type tornadoEvent struct {
	t      float64
	change int32
}

// sortEvents sorts events by weight, with scratch and buckets as room, and
// returns the three (they may have changed places). Events of equal weight
// keep no particular order: they are at one point. Many events are sorted
// by buckets, as the ranker sorts scores: one bucket per event over the
// events' span of weights, so that a bucket holds one event on average,
// each bucket then sorted on its own. That is two passes over the events
// where a comparison sort of random weights would mispredict a branch at
// every other comparison, and a radix sort of their bits takes eight.
func sortEvents(events, scratch []tornadoEvent, buckets []int32) ([]tornadoEvent, []tornadoEvent, []int32) {
	byWeight := func(a, b tornadoEvent) int {
		switch {
		case a.t < b.t:
			return -1
		case a.t > b.t:
			return 1
		}
		return 0
	}
	n := len(events)
	if n < 64 {
		slices.SortFunc(events, byWeight)
		return events, scratch, buckets
	}
	lo, hi := events[0].t, events[0].t
	for _, e := range events[1:] {
		lo = min(lo, e.t)
		hi = max(hi, e.t)
	}
	if lo == hi {
		return events, scratch, buckets
	}
	// Bucket of weight t: ⌊(t − lo)·scale⌋, which never decreases as t
	// grows (each step rounds monotonically), so the buckets are in order.
	scale := float64(n-1) / (hi - lo)
	bucket := func(t float64) int { return min(int((t-lo)*scale), n-1) }
	buckets = slices.Grow(buckets[:0], n+1)[:n+1]
	clear(buckets)
	for _, e := range events {
		buckets[bucket(e.t)+1]++
	}
	for b := 1; b <= n; b++ {
		buckets[b] += buckets[b-1]
	}
	scratch = slices.Grow(scratch[:0], n)[:n]
	for _, e := range events {
		b := bucket(e.t)
		scratch[buckets[b]] = e
		buckets[b]++
	}
	// buckets[b] is now the end of bucket b, and the start of bucket b+1.
	begin := int32(0)
	for b := 0; b < n; b++ {
		end := buckets[b]
		if in := scratch[begin:end]; len(in) > 32 {
			slices.SortFunc(in, byWeight) // a cluster: no quadratic insertion
		} else {
			for p := 1; p < len(in); p++ {
				e := in[p]
				q := p
				for q > 0 && in[q-1].t > e.t {
					in[q] = in[q-1]
					q--
				}
				in[q] = e
			}
		}
		begin = end
	}
	return scratch, events, buckets
}

// rangeOrders returns the order of the classes just inside [lo, hi] at
// each end: after the crossings within TieTolerance of lo (as a sweep from
// lo passes them first, tied at lo, apart just after) and before those
// within TieTolerance of hi (as a sweep down from hi passes them first).
func rangeOrders(ctx context.Context, ids []string, c *lineClasses, lo, hi float64) (first, last *sweeper) {
	first = newSweeper(ctx, ids, c, lo, 1, lo+2*TieTolerance)
	for key, ok := first.next(); ok && key <= lo+TieTolerance; key, ok = first.next() {
		first.cross()
	}
	last = newSweeper(ctx, ids, c, hi, -1, hi-2*TieTolerance)
	for key, ok := last.next(); ok && key <= -(hi-TieTolerance); key, ok = last.next() {
		last.cross()
	}
	return first, last
}

// posTree is a segment tree over a sequence of positions, in blocks of
// posBlock entries, holding the largest and smallest entry of each span of
// blocks, to report the entries of a range above or below a bound at a
// small cost for each one reported: a block that holds one is scanned
// whole, which costs less than descending to each entry.
type posTree struct {
	v        []int32
	leaves   int     // the tree's leaves: a power of two, at least the blocks
	max, min []int32 // node 1 the root, node i's children 2i and 2i+1
}

const posBlock = 32

func newPosTree(v []int32) *posTree {
	blocks := (len(v) + posBlock - 1) / posBlock
	leaves := 1
	for leaves < blocks {
		leaves *= 2
	}
	t := &posTree{v: v, leaves: leaves, max: make([]int32, 2*leaves), min: make([]int32, 2*leaves)}
	for b := 0; b < leaves; b++ {
		hi, lo := int32(math.MinInt32), int32(math.MaxInt32) // an empty block holds nothing to report
		for _, x := range v[min(b*posBlock, len(v)):min((b+1)*posBlock, len(v))] {
			hi, lo = max(hi, x), min(lo, x)
		}
		t.max[leaves+b], t.min[leaves+b] = hi, lo
	}
	for i := leaves - 1; i >= 1; i-- {
		t.max[i] = max(t.max[2*i], t.max[2*i+1])
		t.min[i] = min(t.min[2*i], t.min[2*i+1])
	}
	return t
}

// report appends to dst every index in [from, to) whose entry is above
// bound (or, with above false, below it), and returns dst.
func (t *posTree) report(from, to int, bound int32, above bool, dst []int32) []int32 {
	if from >= to {
		return dst
	}
	scan := func(from, to int) {
		for q, x := range t.v[from:to] {
			if (above && x > bound) || (!above && x < bound) {
				dst = append(dst, int32(from+q))
			}
		}
	}
	// The partial blocks at the ends directly, the whole blocks between
	// through the tree.
	bf, bl := (from+posBlock-1)/posBlock, to/posBlock // whole blocks [bf, bl)
	if bf >= bl {
		scan(from, to)
		return dst
	}
	scan(from, bf*posBlock)
	type span struct{ node, lo, hi int32 }
	var stack [64]span
	stack[0] = span{1, 0, int32(t.leaves)}
	for top := 1; top > 0; {
		top--
		s := stack[top]
		if s.hi <= int32(bf) || s.lo >= int32(bl) || (above && t.max[s.node] <= bound) || (!above && t.min[s.node] >= bound) {
			continue
		}
		if s.hi-s.lo == 1 {
			scan(int(s.lo)*posBlock, min(int(s.hi)*posBlock, len(t.v)))
			continue
		}
		mid := (s.lo + s.hi) / 2
		stack[top] = span{2*s.node + 1, mid, s.hi}
		stack[top+1] = span{2 * s.node, s.lo, mid}
		top += 2
	}
	scan(bl*posBlock, to)
	return dst
}
