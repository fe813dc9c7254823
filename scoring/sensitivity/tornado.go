package sensitivity

import (
	"context"
	"math"
	"slices"
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
	l := p.scoreLines(k)
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
		var events, scratch []tornadoEvent
		for q, x := range first.order {
			if q%1024 == 0 && ctx.Err() != nil {
				break
			}
			events = events[:0]
			// Above x at the start, below it at the end: they pass below x.
			tree.report(0, q, inLast[q], true, func(q2 int) {
				events = append(events, tornadoEvent{partner: first.order[q2], below: true})
			})
			// Below at the start, above at the end: they pass above x.
			tree.report(q+1, nc, inLast[q], false, func(q2 int) {
				events = append(events, tornadoEvent{partner: first.order[q2]})
			})
			for e := range events {
				events[e].t, _ = c.lines.crossing(int(x), int(events[e].partner))
			}
			events, scratch = sortEvents(events, scratch)
			above := int(first.start[x]) // investments above x
			rank := func(rk int) {
				for _, i := range c.members[x] {
					note(i, rk)
				}
			}
			rank(above + 1) // between the start and the first crossing point
			// Crossings within TieTolerance of the first of their run are
			// one point, where x ties with every line it crosses there.
			for s := 0; s < len(events); {
				e := s + 1
				for e < len(events) && events[e].t-events[s].t <= TieTolerance {
					e++
				}
				passing, joining := 0, 0
				for _, ev := range events[s:e] {
					if ev.below {
						passing += int(c.size[ev.partner])
					} else {
						joining += int(c.size[ev.partner])
					}
				}
				rank(above - passing + 1) // at the point
				above += joining - passing
				rank(above + 1) // after it
				s = e
			}
		}
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

// tornadoEvent is a crossing of one class's line with a partner's, at t;
// below when the partner passes from above it to below it.
type tornadoEvent struct {
	t       float64
	partner int32
	below   bool
}

// sortEvents sorts events by weight, with scratch as room, and returns
// both (they may have changed places). The weights lie in [0, 1], never
// NaN or −0, so the bits of a float64 sort as the numbers do: a radix sort
// on them, eight bits at a time, skipping the bytes all events share, costs
// a few steps per event where a comparison sort of random weights would
// mispredict a branch at every other comparison. Events of equal weight
// keep no particular order: they are at one point.
func sortEvents(events, scratch []tornadoEvent) ([]tornadoEvent, []tornadoEvent) {
	if len(events) < 64 {
		slices.SortFunc(events, func(a, b tornadoEvent) int {
			switch {
			case a.t < b.t:
				return -1
			case a.t > b.t:
				return 1
			}
			return 0
		})
		return events, scratch
	}
	scratch = slices.Grow(scratch[:0], len(events))[:len(events)]
	var count [256]int
	for shift := uint(0); shift < 64; shift += 8 {
		clear(count[:])
		for _, e := range events {
			count[byte(math.Float64bits(e.t)>>shift)]++
		}
		if count[byte(math.Float64bits(events[0].t)>>shift)] == len(events) {
			continue // every event has this byte
		}
		sum := 0
		for b, c := range count {
			count[b] = sum
			sum += c
		}
		for _, e := range events {
			b := byte(math.Float64bits(e.t) >> shift)
			scratch[count[b]] = e
			count[b]++
		}
		events, scratch = scratch, events
	}
	return events, scratch
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

// posTree is a segment tree over a sequence of positions holding the
// largest and smallest of each span, to report the entries of a range
// above or below a bound at a small cost for each one reported.
type posTree struct {
	n        int
	max, min []int32
}

func newPosTree(v []int32) *posTree {
	t := &posTree{n: len(v), max: make([]int32, 4*max(len(v), 1)), min: make([]int32, 4*max(len(v), 1))}
	var build func(node, from, to int)
	build = func(node, from, to int) {
		if to-from == 1 {
			t.max[node], t.min[node] = v[from], v[from]
			return
		}
		mid := (from + to) / 2
		build(2*node, from, mid)
		build(2*node+1, mid, to)
		t.max[node] = max(t.max[2*node], t.max[2*node+1])
		t.min[node] = min(t.min[2*node], t.min[2*node+1])
	}
	if t.n > 0 {
		build(1, 0, t.n)
	}
	return t
}

// report calls visit with every index in [from, to) whose entry is above
// bound (or, with above false, below it), in increasing order.
func (t *posTree) report(from, to int, bound int32, above bool, visit func(q int)) {
	var walk func(node, lo, hi int)
	walk = func(node, lo, hi int) {
		if hi <= from || lo >= to || (above && t.max[node] <= bound) || (!above && t.min[node] >= bound) {
			return
		}
		if hi-lo == 1 {
			visit(lo)
			return
		}
		mid := (lo + hi) / 2
		walk(2*node, lo, mid)
		walk(2*node+1, mid, hi)
	}
	if from < to {
		walk(1, 0, t.n)
	}
}
