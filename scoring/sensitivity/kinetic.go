package sensitivity

import (
	"cmp"
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// The exact analyses of one leaf's weight (sweeps, stability, and the ends
// of a tornado's range) follow the investments' score lines as the weight
// moves. Rather than re-sorting the ranking at every crossing point (n log
// n each, and up to n² points), a sweeper sorts the lines once and then
// keeps them in order as the weight moves, swapping neighbours where their
// lines cross: the next crossing is always between two lines that are
// neighbours just before it, so only neighbours' crossings need be known,
// and a priority queue holds them (a kinetic sorted list). Each crossing
// costs log n.
//
// The sweeper decides everything as the definitions evaluated directly do
// (oracle_test.go): the same lines, the same crossing points (lines.crossing),
// merged the same way (see cross), and ranks by the same rule
// (lines.rankAt), so that the results agree bit for bit.

// lineClasses groups the investments by line: after lines.sameLines, lines
// within the tie tolerance of each other at both ends are the same line,
// and investments on one line are tied wherever the weight is. The sweeper
// moves classes, not investments, so that a hundred investments on one
// line cost one swap, not a hundred.
type lineClasses struct {
	first   []int   // the member with the smallest id: its line is the class's
	members [][]int // by id
	size    []int32
	// lines are the classes' lines, class x's at x: the same numbers as
	// its members', kept together for the sweep's inner loops.
	lines *lines
}

func (l *lines) classes(ids []string) *lineClasses {
	n := len(l.base)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(l.base[a], l.base[b]); c != 0 {
			return c
		}
		if c := cmp.Compare(l.slope[a], l.slope[b]); c != 0 {
			return c
		}
		return cmp.Compare(ids[a], ids[b])
	})
	c := &lineClasses{}
	for s := 0; s < n; {
		e := s + 1
		for e < n && l.base[idx[e]] == l.base[idx[s]] && l.slope[idx[e]] == l.slope[idx[s]] {
			e++
		}
		c.first = append(c.first, idx[s])
		c.members = append(c.members, idx[s:e:e])
		c.size = append(c.size, int32(e-s))
		s = e
	}
	c.lines = &lines{base: make([]float64, len(c.first)), slope: make([]float64, len(c.first)), t0: l.t0}
	for x, i := range c.first {
		c.lines.base[x], c.lines.slope[x] = l.base[i], l.slope[i]
	}
	return c
}

// sweeper keeps the line classes of one leaf sorted by score as the weight
// moves up from a start (or down, with dir −1).
type sweeper struct {
	l   *lines // the classes' lines
	ids []string
	c   *lineClasses
	dir float64
	// order is the class at each position, highest score first; pos the
	// position of each class; start the number of investments above it.
	order, pos, start []int32
	// now is the weight reached, times dir; the queue holds, for each pair
	// of neighbours at positions (p, p+1) that will swap, when, times dir.
	now float64
	q   crossingQueue
	// until is how far the sweep goes, times dir: crossings due later are
	// not queued, which keeps the queue small for a short range.
	until float64
	// ctx stops a sweep early: next reports no more crossings once it is
	// cancelled, checked every so many crossings.
	ctx    context.Context
	passed int
}

// newSweeper sorts the classes by score at t (ties by id, as rankAt does)
// and queues their neighbours' crossings beyond t in direction dir, up to
// the weight until.
func newSweeper(ctx context.Context, ids []string, c *lineClasses, t, dir, until float64) *sweeper {
	nc := len(c.first)
	s := &sweeper{ctx: ctx, l: c.lines, ids: ids, c: c, dir: dir, now: dir * t, until: dir * until,
		order: make([]int32, nc), pos: make([]int32, nc), start: make([]int32, nc)}
	for i := range s.order {
		s.order[i] = int32(i)
	}
	slices.SortFunc(s.order, func(a, b int32) int {
		return s.compareAt(a, b, t)
	})
	above := int32(0)
	for p, x := range s.order {
		s.pos[x] = int32(p)
		s.start[x] = above
		above += c.size[x]
	}
	s.q.init(max(nc-1, 0))
	for p := 0; p+1 < nc; p++ {
		s.schedule(p)
	}
	return s
}

// score is class x's score at t.
func (s *sweeper) score(x int32, t float64) float64 { return s.l.at(int(x), t) }

// compareAt orders classes as rankAt orders investments: by score at t,
// highest first, then by id.
func (s *sweeper) compareAt(a, b int32, t float64) int {
	if c := cmp.Compare(s.score(b, t), s.score(a, t)); c != 0 {
		return c
	}
	return cmp.Compare(s.ids[s.c.first[a]], s.ids[s.c.first[b]])
}

// schedule queues the crossing of the neighbours at positions p and p+1,
// if the lower one is to rise above the upper one in the sweep's
// direction. A crossing already passed (within rounding, or at the start)
// is due now.
func (s *sweeper) schedule(p int) {
	if p < 0 || p+1 >= len(s.order) {
		return
	}
	x, y := int(s.order[p]), int(s.order[p+1])
	if s.dir*(s.l.slope[y]-s.l.slope[x]) > 0 {
		if t, ok := s.l.crossing(x, y); ok && s.dir*t < s.until {
			s.q.set(p, max(s.dir*t, s.now), t)
			return
		}
	}
	s.q.remove(p)
}

// swap exchanges the classes at positions p and p+1.
func (s *sweeper) swap(p int) {
	x, y := s.order[p], s.order[p+1]
	s.order[p], s.order[p+1] = y, x
	s.pos[x], s.pos[y] = int32(p+1), int32(p)
	s.start[y] = s.start[x]
	s.start[x] = s.start[y] + s.c.size[y]
	s.schedule(p - 1)
	s.schedule(p)
	s.schedule(p + 1)
}

// next returns when the next crossing is due, times dir, and false when
// none is, or the sweep's context is done.
func (s *sweeper) next() (float64, bool) {
	if s.q.len() == 0 {
		return 0, false
	}
	if s.passed++; s.passed%4096 == 0 && s.ctx.Err() != nil {
		return 0, false
	}
	return s.q.topKey(), true
}

// cross passes the next crossing point: every crossing due within
// TieTolerance of the first. Crossings that close are one point, the
// smallest of them, and a point within TieTolerance of 0 or 1 is 0 or 1:
// crossings that differ only by rounding (three lines through one point
// give three slightly different ones) are thus one, and no piece of a
// sweep is narrower than the tolerance.
func (s *sweeper) cross() float64 {
	first := s.q.topKey()
	point := math.Inf(1)
	for s.q.len() > 0 && s.q.topKey() <= first+TieTolerance {
		p, key, t := s.q.pop()
		s.now = key
		point = min(point, t)
		s.swap(p)
	}
	switch {
	case point <= TieTolerance:
		point = 0
	case point >= 1-TieTolerance:
		point = 1
	}
	return point
}

// crossingQueue is a priority queue of the neighbours' crossings, one slot
// per pair of positions (p, p+1), earliest first (ties by position), with
// the crossing's weight kept beside its due time. Its size is bounded by
// the number of classes, however many crossings the sweep passes. It is a
// 4-ary heap with the keys in its entries, so that sifting reads
// contiguous memory: the sweep's time goes mostly here.
type crossingQueue struct {
	heap []queued
	at   []int32   // index in heap of each position's slot, or -1
	t    []float64 // the crossing's weight, per slot
}

type queued struct {
	key float64 // due time, times the sweep's direction
	p   int32
}

func (a queued) before(b queued) bool { return a.key < b.key || (a.key == b.key && a.p < b.p) }

func (q *crossingQueue) init(slots int) {
	q.heap = q.heap[:0]
	q.at = make([]int32, slots)
	for i := range q.at {
		q.at[i] = -1
	}
	q.t = make([]float64, slots)
}

func (q *crossingQueue) len() int        { return len(q.heap) }
func (q *crossingQueue) topKey() float64 { return q.heap[0].key }

func (q *crossingQueue) up(i int) {
	e := q.heap[i]
	for i > 0 {
		parent := (i - 1) / 4
		if !e.before(q.heap[parent]) {
			break
		}
		q.heap[i] = q.heap[parent]
		q.at[q.heap[i].p] = int32(i)
		i = parent
	}
	q.heap[i] = e
	q.at[e.p] = int32(i)
}

func (q *crossingQueue) down(i int) {
	n := len(q.heap)
	e := q.heap[i]
	for {
		first := 4*i + 1
		if first >= n {
			break
		}
		m := first
		for c := first + 1; c < min(first+4, n); c++ {
			if q.heap[c].before(q.heap[m]) {
				m = c
			}
		}
		if !q.heap[m].before(e) {
			break
		}
		q.heap[i] = q.heap[m]
		q.at[q.heap[i].p] = int32(i)
		i = m
	}
	q.heap[i] = e
	q.at[e.p] = int32(i)
}

// set queues slot p at key (or moves it there).
func (q *crossingQueue) set(p int, key, t float64) {
	q.t[p] = t
	if i := int(q.at[p]); i >= 0 {
		old := q.heap[i].key
		q.heap[i].key = key
		if key < old {
			q.up(i)
		} else {
			q.down(i)
		}
		return
	}
	q.heap = append(q.heap, queued{key, int32(p)})
	q.up(len(q.heap) - 1)
}

func (q *crossingQueue) remove(p int) {
	i := int(q.at[p])
	if i < 0 {
		return
	}
	q.at[p] = -1
	last := len(q.heap) - 1
	if i == last {
		q.heap = q.heap[:last]
		return
	}
	moved := q.heap[last]
	q.heap = q.heap[:last]
	old := q.heap[i]
	q.heap[i] = moved
	if moved.before(old) {
		q.up(i)
	} else {
		q.down(i)
	}
}

func (q *crossingQueue) pop() (p int, key, t float64) {
	top := q.heap[0]
	p = int(top.p)
	q.remove(p)
	return p, top.key, q.t[p]
}

// forEachLeaf calls f for every leaf 0..m−1, on up to GOMAXPROCS
// goroutines. f writes only its own leaf's results, so the outcome does
// not depend on which goroutine runs which leaf, or when.
func forEachLeaf(m int, f func(k int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(m, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for k := int(next.Add(1)) - 1; k < m; k = int(next.Add(1)) - 1 {
				f(k)
			}
		})
	}
	wg.Wait()
}
