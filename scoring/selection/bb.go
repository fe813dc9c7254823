package selection

import (
	"container/heap"
	"context"
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"time"
	"unsafe"
)

// bbMode is what a search looks for.
type bbMode int8

const (
	// modeOptimize: the maximum (within gap).
	modeOptimize bbMode = iota
	// modeAtLeast: any solution worth at least thr, or proof that none is.
	modeAtLeast
)

type bbStatus int8

const (
	bbComplete  bbStatus = iota // the search space is exhausted
	bbFound                     // modeAtLeast: a solution found
	bbNodeLimit                 // stopped by the node limit
	bbTimeLimit                 // stopped by the time limit
)

// searchLimits are shared by the searches of one solve.
type searchLimits struct {
	ctx       context.Context
	nodeLimit int64 // 0: none
	deadline  time.Time
	nodes     int64
	stopped   bbStatus // bbComplete while going
	err       error
}

func (l *searchLimits) over() bool {
	if l.stopped != bbComplete {
		return true
	}
	if l.nodeLimit > 0 && l.nodes >= l.nodeLimit {
		l.stopped = bbNodeLimit
		return true
	}
	if l.nodes&63 == 0 {
		if err := l.ctx.Err(); err != nil {
			l.err = err
			l.stopped = bbTimeLimit
			return true
		}
		if !l.deadline.IsZero() && time.Now().After(l.deadline) {
			l.stopped = bbTimeLimit
			return true
		}
	}
	return false
}

// searcher holds what the searches over one programme share: the LP, its
// basis (carried from search to search: the warm start), the propagator and
// the heuristic.
type searcher struct {
	pr   *ilp
	lp   *lpSolver
	prop *propagator
	heur *heuristic
	q    float64 // value quantum, 0 if none

	state []int8
	trail []int32
	snap  lpSnap
	// Pseudocosts: per unit, the sum of bound decreases per unit change of
	// the LP value over the branchings seen, and their count, down and up.
	pcSum   [2][]float64
	pcCount [2][]int32
	// pcMeans is the sum over the units with a history of their mean
	// pseudocost, pcUnits their number: the default of the others.
	pcMeans [2]float64
	pcUnits [2]int
	y       []float64
	free    []int32 // the node's free units (freeUnits)
	dd      []float64
	lpx     []float64
	// objAbs is Σ|obj|, for lagrange's margin.
	objAbs float64
	// What the queued nodes keep (keepWarm), and buffers to reuse.
	warmBytes int
	warmFree  []*nodeWarm
}

func newSearcher(pr *ilp) *searcher {
	return &searcher{
		pr: pr, lp: newLP(pr), prop: newPropagator(pr), heur: newHeuristic(pr), q: quantum(pr.obj), objAbs: absSum(pr.obj),
		state: make([]int8, pr.n), y: make([]float64, pr.m), dd: make([]float64, pr.n), lpx: make([]float64, pr.n),
		pcSum:   [2][]float64{make([]float64, pr.n), make([]float64, pr.n)},
		pcCount: [2][]int32{make([]int32, pr.n), make([]int32, pr.n)},
	}
}

// setObjective replaces the objective (a sample's values).
func (sr *searcher) setObjective(obj []float64) {
	copy(sr.pr.obj, obj)
	sr.lp.setObjective(obj)
	sr.q = quantum(obj)
	sr.objAbs = absSum(obj)
}

func absSum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += math.Abs(x)
	}
	return s
}

// lagrange computes, from the LP's current duals, a bound on obj·x over the
// 0-1 points of the box given by state that meet every row, valid for any
// multipliers y ≥ 0 (so it does not rest on the LP being solved
// accurately): L(y) = y·rhs + Σ_j max over x_j of (obj_j − y·A_j) x_j. It
// leaves the multipliers in sr.y, the reduced objective coefficients in
// sr.dd and adds a margin for rounding in the sums.
func (sr *searcher) lagrange(state []int8) float64 {
	pr, lp := sr.pr, sr.lp
	n := pr.n
	for i := 0; i < pr.m; i++ {
		y := lp.d[n+i]
		if y < 0 {
			y = 0
		}
		sr.y[i] = y * lp.rowScale[i] / lp.objScale
	}
	return sr.lagrangeWith(sr.y, state, sr.dd)
}

// lagrangeWith is the bound of lagrange for given multipliers y ≥ 0; dd,
// when not nil, receives the reduced objective coefficients of the units
// not fixed to 0. The margin is 1e-12 (n+m+1) times a bound on the
// magnitude of every term summed: Σ|obj| + Σ_i y_i (|rhs_i| + Σ_j |a_ij|),
// which takes O(m) where summing each term's magnitude would double the
// work of the sums.
func (sr *searcher) lagrangeWith(y []float64, state []int8, dd []float64) float64 {
	pr := sr.pr
	n := pr.n
	L, mag := 0.0, sr.objAbs
	for i, yi := range y {
		if yi != 0 {
			L += yi * pr.rhs[i]
			mag += yi * (math.Abs(pr.rhs[i]) + pr.rowAbs[i])
		}
	}
	obj, colStart, colRow, colVal := pr.obj, pr.colStart, pr.colRow, pr.colVal
	for j := 0; j < n; j++ {
		st := state[j]
		if st == 0 {
			continue // contributes nothing, and its reduced cost is not read
		}
		d := obj[j]
		for k := colStart[j]; k < colStart[j+1]; k++ {
			d -= y[colRow[k]] * colVal[k]
		}
		if dd != nil {
			dd[j] = d
		}
		if st == 1 || d > 0 {
			L += d
		}
	}
	return L + 1e-12*mag*float64(n+pr.m+1)
}

// lagrangeBox is lagrangeWith over a box the propagator holds: the units
// fixed to 1 count through the propagator's activities and value, so only
// the free units are summed one by one (dd receives theirs). units lists,
// in increasing order, the units that may be free in state (a superset:
// sr.freeUnits), so that deep in the tree, where few are, the sum does not
// look at every unit. extra, when not -1, is one more fixing (j<<1 | v)
// that state holds and the propagator does not (a strong-branching trial).
func (sr *searcher) lagrangeBox(y []float64, state []int8, units []int32, dd []float64, extra int32) float64 {
	pr, pg := sr.pr, sr.prop
	n := pr.n
	L, mag := pg.obj1, sr.objAbs
	for i, yi := range y {
		if yi != 0 {
			L += yi * (pr.rhs[i] - pg.act1[i])
			mag += yi * (math.Abs(pr.rhs[i]) + pr.rowAbs[i])
		}
	}
	obj, colStart, colRow, colVal := pr.obj, pr.colStart, pr.colRow, pr.colVal
	if extra >= 0 && extra&1 == 1 {
		j := extra >> 1
		L += obj[j]
		for k := colStart[j]; k < colStart[j+1]; k++ {
			L -= y[colRow[k]] * colVal[k]
		}
	}
	for _, jj := range units {
		j := int(jj)
		if state[j] != free {
			continue
		}
		d := obj[j]
		for k := colStart[j]; k < colStart[j+1]; k++ {
			d -= y[colRow[k]] * colVal[k]
		}
		if dd != nil {
			dd[j] = d
		}
		if d > 0 {
			L += d
		}
	}
	return L + 1e-12*mag*float64(n+pr.m+1)
}

// freeUnits lists the units free in state, in increasing order, in
// sr.free.
func (sr *searcher) freeUnits(state []int8) []int32 {
	f := sr.free[:0]
	j := 0
	// Eight units at a time (one load): free is -1, the only value with
	// its sign bit set, and deep in the tree most units are fixed.
	if len(state) >= 8 {
		b := unsafe.Slice((*byte)(unsafe.Pointer(&state[0])), len(state))
		for ; j+8 <= len(b); j += 8 {
			w := binary.LittleEndian.Uint64(b[j:]) & 0x8080808080808080
			for w != 0 {
				f = append(f, int32(j+bits.TrailingZeros64(w)>>3))
				w &= w - 1
			}
		}
	}
	for ; j < len(state); j++ {
		if state[j] == free {
			f = append(f, int32(j))
		}
	}
	sr.free = f
	return f
}

// stillFree drops from units (in place, keeping the order) those state
// has fixed since.
func stillFree(units []int32, state []int8) []int32 {
	k := 0
	for _, j := range units {
		if state[j] == free {
			units[k] = j
			k++
		}
	}
	return units[:k]
}

// lpDuals puts the LP's row duals, as multipliers of the unscaled rows, in
// sr.y.
func (sr *searcher) lpDuals() {
	pr, lp := sr.pr, sr.lp
	for i := 0; i < pr.m; i++ {
		y := lp.d[pr.n+i]
		if y < 0 {
			y = 0
		}
		sr.y[i] = y * lp.rowScale[i] / lp.objScale
	}
}

// farkas checks that row position r of the current basis proves the LP
// infeasible: the row's equation cannot hold for any point of the box.
func (sr *searcher) farkas(r int) bool {
	lp := sr.lp
	m, n := lp.m, lp.n
	pr := sr.pr
	rho := lp.binv[r*m : (r+1)*m]
	beta, mag := 0.0, 0.0
	for i, v := range rho {
		beta += v * lp.rhs[i]
		mag += math.Abs(v * lp.rhs[i])
	}
	lo, hi := 0.0, 0.0
	for j := 0; j < n+m; j++ {
		var a float64
		if j < n {
			for k := pr.colStart[j]; k < pr.colStart[j+1]; k++ {
				a += rho[pr.colRow[k]] * lp.colVal[k]
			}
		} else {
			a = rho[j-n]
		}
		if a == 0 {
			continue
		}
		l, u := a*lp.lo[j], a*lp.up[j]
		if l > u {
			l, u = u, l
		}
		lo += l
		hi += u
		mag += math.Abs(l) + math.Abs(u)
	}
	margin := 1e-9*mag + 1e-12
	return beta < lo-margin || beta > hi+margin
}

// fixSeg is a node's fixings beyond its parent's (j<<1 | value), with the
// parent's: siblings share what they inherit, so a node costs memory for
// its own fixings only.
type fixSeg struct {
	parent *fixSeg
	fix    []int32
}

// apply writes the fixings of the chain into state.
func (f *fixSeg) apply(state []int8) {
	for ; f != nil; f = f.parent {
		for _, x := range f.fix {
			state[x>>1] = int8(x & 1)
		}
	}
}

// bbNode is an open node: its fixings beyond the search's root, the bound
// of its parent and the parent's final basis.
type bbNode struct {
	fix   *fixSeg
	bound float64
	basis *basisState
	seq   int64
	// The branching that made the node: variable (-1 at the root),
	// direction and the distance the parent's LP value moved.
	brVar  int32
	brUp   bool
	brDist float64
	// dive: the node is the child the search went on with, so the
	// searcher's state, propagator and LP are its parent's at the end.
	dive bool
	// gid is the node's node in the search's guide (-1: none).
	gid int32
	// warm, when not nil, is the parent's state, row activities and LP
	// at the end, kept (within warmBudget) so that taking the node from the
	// queue costs what a dive does.
	warm *nodeWarm
}

// nodeWarm is a parent's final state kept for a queued child.
type nodeWarm struct {
	state        []int8
	minAct, act1 []float64
	obj1         float64
	lp           lpSnap
}

// warmBudget bounds the bytes the open nodes' kept states take, per
// search; past it nodes keep only their basis and are rebuilt from their
// fixings.
const warmBudget = 64 << 20

type nodeHeap []*bbNode

func (h nodeHeap) Len() int { return len(h) }
func (h nodeHeap) Less(a, b int) bool {
	if h[a].bound != h[b].bound {
		return h[a].bound > h[b].bound
	}
	return h[a].seq < h[b].seq
}
func (h nodeHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *nodeHeap) Push(x any)   { *h = append(*h, x.(*bbNode)) }
func (h *nodeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// searchConfig says what one search does.
type searchConfig struct {
	mode bbMode
	thr  float64 // modeAtLeast: the value needed
	gap  float64 // modeOptimize: accepted relative gap
	root []int8  // fixings at the root (-1 free)
	// incumbent, when not nil, is a feasible solution to start from.
	incumbent []int8
	// guide, when not nil, is shared with earlier searches of the same
	// programme with another objective, and passed on to later ones.
	guide *guide
	// noSwap: no swap search from the first greedy portfolio and no
	// rounding heuristic (the incumbent, an optimum of a similar
	// objective, is better).
	noSwap bool
	// depthFirst: the queued nodes are taken last in, first out instead
	// of best bound first. A node is still pruned only by its bound
	// against the incumbent of the moment, which only gets better, and
	// every node is taken up before the search ends, so the answer is the
	// same; the order matters for speed only.
	depthFirst bool
}

// searchResult is what a search found.
type searchResult struct {
	status bbStatus
	has    bool
	x      []int8
	value  float64
	// bound is a proven upper bound on the optimum under the root fixings
	// (modeOptimize), -Inf when the root is infeasible.
	bound float64
	// exact is true when the search proved its incumbent optimal (to the
	// tie tolerance), false when it stopped within the gap.
	exact bool
}

// lexTie reports whether a is after b in the tie-break order: along the
// units (numbered in ranking order), at the first that one holds and the
// other does not, the one that holds it comes first.
func lexBefore(a, b []int8) bool {
	for j := range a {
		if a[j] != b[j] {
			return a[j] == 1
		}
	}
	return false
}

// pool keeps the solutions found that may tie with the optimum: those worth
// at least the tie threshold of the best value found, none of them both
// after another in the tie-break order and worth no more than it.
type pool struct {
	zmax float64
	best []int8 // the best value's solution
	sols [][]int8
	vals []float64
}

func (pl *pool) add(x []int8, v float64) {
	if pl.best == nil || v > pl.zmax {
		pl.zmax = v
		pl.best = cloneX(x)
		thr := tieThreshold(v)
		k := 0
		for i := range pl.sols {
			if pl.vals[i] >= thr {
				pl.sols[k], pl.vals[k] = pl.sols[i], pl.vals[i]
				k++
			}
		}
		pl.sols, pl.vals = pl.sols[:k], pl.vals[:k]
	}
	if v < tieThreshold(pl.zmax) {
		return
	}
	k := 0
	for i := range pl.sols {
		y, w := pl.sols[i], pl.vals[i]
		if !lexBefore(x, y) && w >= v {
			return // dominated: y is as early and worth as much
		}
		if lexBefore(x, y) && v >= w {
			continue // x dominates y
		}
		pl.sols[k], pl.vals[k] = y, w
		k++
	}
	pl.sols, pl.vals = append(pl.sols[:k], cloneX(x)), append(pl.vals[:k], v)
}

// cloneX copies a solution; never nil, even when empty (no units).
func cloneX(x []int8) []int8 {
	c := make([]int8, len(x))
	copy(c, x)
	return c
}

// first is the pool's solution first in the tie-break order.
func (pl *pool) first() ([]int8, float64) {
	var b []int8
	var bv float64
	for i, y := range pl.sols {
		if b == nil || lexBefore(y, b) {
			b, bv = y, pl.vals[i]
		}
	}
	return b, bv
}

// pruneLevel is the bound at or under which a node holds nothing the search
// wants.
func (sr *searcher) pruneLevel(c *searchConfig, inc float64, has bool) float64 {
	if c.mode == modeAtLeast {
		return math.Nextafter(c.thr, math.Inf(-1)) // prune if bound < thr
	}
	if !has {
		return math.Inf(-1)
	}
	if c.gap == 0 {
		// Everything that may tie with the best is explored.
		return math.Nextafter(tieThreshold(inc), math.Inf(-1))
	}
	slack := 1e-10 * math.Abs(inc)
	if sr.q > 0 {
		slack = math.Max(slack, 0.999*sr.q)
	}
	slack = math.Max(slack, c.gap*math.Abs(inc))
	return inc + slack
}

// tieLevel is the bound at or under which a node can hold nothing worth
// more than inc (beyond rounding), only ties.
func (sr *searcher) tieLevel(inc float64) float64 {
	slack := 1e-10 * math.Abs(inc)
	if sr.q > 0 {
		slack = math.Max(slack, 0.999*sr.q)
	}
	return inc + slack
}

// search runs a branch and bound. Nodes are taken best bound first; from
// each, the search dives into one child (keeping the LP's basis: the parent
// warm-starts the child) and queues the other with the parent's basis.
// Branching is reliability branching: pseudocosts, initialised by strong
// branching (trial solves of both children) until a unit has been branched
// on reliably often; a trial child that is infeasible or under the prune
// level fixes the unit the other way at once.
//
// With no gap, the search also applies the tie-break. A node whose bound is
// under the tie threshold of the best value found is pruned; one whose bound
// could not beat that value but may tie with it is in the tie regime: it is
// pruned when even its most favourable completion (every free unit in)
// would not come before the pool's first solution in the tie-break order,
// and otherwise branched on its first free unit in ranking order, the
// in-branch first, so that the tie-break search goes in that order.
func (sr *searcher) search(c *searchConfig, lim *searchLimits) searchResult {
	pr := sr.pr
	n := pr.n
	lex := c.mode == modeOptimize && c.gap == 0
	res := searchResult{bound: math.Inf(-1)}
	var pl pool
	has := func() bool { return pl.best != nil }
	accept := func(x []int8) {
		v := pr.value(x)
		if lex {
			pl.add(x, v)
		} else if !has() || v > pl.zmax {
			pl.zmax, pl.best = v, cloneX(x)
		}
	}
	if c.incumbent != nil {
		accept(c.incumbent)
	}
	found := func() bool { return c.mode == modeAtLeast && has() && pl.zmax >= c.thr }
	// prunedMax is the largest bound of what was cut off only by the gap,
	// or left open by a limit: what keeps the optimum above the incumbent
	// possible.
	prunedMax := math.Inf(-1)
	cutOff := func(b float64) {
		if c.mode == modeOptimize && has() && b > sr.tieLevel(pl.zmax) {
			prunedMax = math.Max(prunedMax, b)
		}
	}
	// lexDone reports whether a tie-regime node cannot hold a solution
	// before the pool's first: its best completion in tie-break order is
	// the fixed units with every free one in.
	lexDone := func(state []int8) bool {
		w, _ := pl.first()
		if w == nil {
			return false
		}
		for j := 0; j < n; j++ {
			u := state[j]
			if u == free {
				u = 1
			}
			if u != w[j] {
				return u == 0
			}
		}
		return true
	}

	var open nodeHeap
	var seq int64
	sr.warmBytes = 0 // what an earlier search left queued is not reused
	cur := &bbNode{bound: math.Inf(1), brVar: -1}
	g := c.guide
	if g != nil {
		g.start()
	} else {
		cur.gid = -1
	}
	first := true
	trail := sr.trail[:0]
	var cands []int32

	for {
		if cur == nil {
			if found() || open.Len() == 0 {
				break
			}
			if c.depthFirst {
				cur = open[len(open)-1]
				open = open[:len(open)-1]
			} else {
				cur = heap.Pop(&open).(*bbNode)
			}
			if cur.bound <= sr.pruneLevel(c, pl.zmax, has()) {
				cutOff(cur.bound)
				sr.releaseWarm(cur)
				cur = nil
				continue
			}
			if cur.warm != nil {
				// The kept state is used once (released below):
				// its buffers are taken, not copied.
				sr.lp.take(&cur.warm.lp)
			} else {
				sr.lp.load(cur.basis)
			}
		}
		if lim.over() {
			prunedMax = math.Max(prunedMax, cur.bound)
			for _, nd := range open {
				prunedMax = math.Max(prunedMax, nd.bound)
			}
			res.status = lim.stopped
			break
		}
		lim.nodes++

		// The node's box: its parent's with the branching (a dive, or a
		// node that kept its parent's), else rebuilt from the fixings.
		state := sr.state
		trail = trail[:0]
		var boxOK bool
		switch {
		case cur.dive:
			boxOK = sr.prop.fixMore(state, &trail, cur.fix.fix)
		case cur.warm != nil:
			copy(state, cur.warm.state)
			copy(sr.prop.minAct, cur.warm.minAct)
			copy(sr.prop.act1, cur.warm.act1)
			sr.prop.obj1 = cur.warm.obj1
			sr.releaseWarm(cur)
			boxOK = sr.prop.fixMore(state, &trail, cur.fix.fix)
		default:
			copy(state, c.root)
			cur.fix.apply(state)
			boxOK = sr.prop.run(state, &trail)
		}
		if !boxOK {
			first = false
			cur = nil
			continue
		}
		// The node's free units: after a dive, its parent's still free.
		var units []int32
		if cur.dive {
			units = stillFree(sr.free, state)
			sr.free = units
		} else {
			units = sr.freeUnits(state)
		}
		// The guide: the node's branching and multipliers from earlier
		// searches, if any. Their multipliers bound this box too (any
		// multipliers do): when that bound prunes, no LP is needed.
		guided := false
		if g != nil && cur.gid >= 0 {
			cur.gid = g.descend(cur.gid, state)
			guided = g.nodes[cur.gid].br >= 0
			if y := g.multipliers(cur.gid); y != nil && !guided {
				if b := sr.lagrangeBox(y, state, units, nil, -1); b <= sr.pruneLevel(c, pl.zmax, has()) {
					cutOff(b)
					first = false
					cur = nil
					continue
				}
			}
		}
		var fixes []int32 // the node's own: reduced-cost and strong-branching fixings
		var bound, level float64
		var st lpStatus
		pruned := false
		tie := false
		for resolve := 0; ; resolve++ {
			sr.lp.syncBounds(state)
			var infRow int
			maxIter := 50*(pr.m+1) + 2*n
			if lv := sr.pruneLevel(c, pl.zmax, has()); !math.IsInf(lv, -1) {
				// The LP stops once its objective (the dual simplex's,
				// a bound) is under the prune level: most nodes solved
				// are pruned, and the Lagrangian bound of the duals of
				// that moment proves it without the iterations left
				// (measured: a third fewer iterations at n = 300).
				sr.lp.cutoff = -(lv - 1e-9*math.Abs(lv)) * sr.lp.objScale
				sr.lp.ones = -sr.prop.obj1 * sr.lp.objScale
			}
			st, infRow = sr.lp.solve(maxIter)
			sr.lp.cutoff = math.Inf(1)
			if st == lpCutoff {
				sr.lpDuals()
				if b := sr.lagrangeBox(sr.y, state, units, sr.dd, -1); b <= sr.pruneLevel(c, pl.zmax, has()) {
					if g != nil && cur.gid >= 0 {
						g.setMultipliers(cur.gid, sr.y)
					}
					cutOff(b)
					pruned = true
					break
				}
				// Rounding in the objective: the LP goes on.
				st, infRow = sr.lp.solve(maxIter)
			}
			if st == lpInfeasible && sr.farkas(infRow) {
				pruned = true
				break
			}
			sr.lpDuals()
			bound = sr.lagrangeBox(sr.y, state, units, sr.dd, -1)
			if g != nil && cur.gid >= 0 {
				g.setMultipliers(cur.gid, sr.y)
			}
			if resolve == 0 && cur.brVar >= 0 && st == lpOptimal && cur.brDist > 1e-9 {
				dir := 0
				if cur.brUp {
					dir = 1
				}
				sr.addPseudo(dir, cur.brVar, math.Max(0, cur.bound-bound)/cur.brDist)
			}
			if first && resolve == 0 {
				sr.heur.setOrder(sr.y)
				if sr.heur.start(state) {
					if c.mode == modeOptimize && !c.noSwap {
						sr.heur.improve(state, 3)
					}
					if pr.feasible(sr.heur.x) {
						accept(sr.heur.x)
					}
				}
			}
			level = sr.pruneLevel(c, pl.zmax, has())
			if bound <= level {
				cutOff(bound)
				pruned = true
				break
			}
			tie = lex && has() && bound <= sr.tieLevel(pl.zmax)
			if tie && lexDone(state) {
				pruned = true
				break
			}
			// Reduced-cost fixing: a free unit whose other value would
			// bring the bound to the prune level is fixed for the subtree
			// (and what that implies propagated).
			nf := len(fixes)
			for _, jj := range units {
				j := int(jj)
				if state[j] != free {
					continue
				}
				d := sr.dd[j]
				if d < 0 && bound+d <= level {
					fixes = append(fixes, int32(j)<<1)
				} else if d > 0 && bound-d <= level {
					fixes = append(fixes, int32(j)<<1|1)
				} else {
					continue
				}
				cutOff(bound - math.Abs(d))
			}
			if len(fixes) > nf {
				t0 := len(trail)
				if !sr.prop.fixMore(state, &trail, fixes[nf:]) {
					pruned = true
					break
				}
				units = stillFree(units, state)
				sr.free = units
				// Propagation may fix a unit away from its LP value: the
				// LP is then solved again over the smaller box.
				if !sr.lpAgrees(state, trail[t0:]) && resolve < 8 {
					continue
				}
			}
			// Strong branching may fix units; the node is then solved
			// again with them.
			if st != lpOptimal || resolve >= 8 || tie || guided {
				break
			}
			cands = sr.fractional(state, units, cands)
			if len(cands) == 0 {
				break
			}
			fixed, infeasible, cutMax := sr.strongBranch(state, units, cands, bound, level, lim)
			cutOff(cutMax)
			if infeasible {
				pruned = true
				break
			}
			if len(fixed) == 0 {
				break
			}
			fixes = append(fixes, fixed...)
			if !sr.prop.fixMore(state, &trail, fixed) {
				pruned = true
				break
			}
			units = stillFree(units, state)
			sr.free = units
		}
		first = false
		if pruned {
			cur = nil
			continue
		}

		copy(sr.lpx, sr.lp.x[:n])
		cands = sr.fractional(state, units, cands)
		if st == lpOptimal && len(cands) == 0 && sr.lpAgrees(state, nil) {
			x := make([]int8, n)
			for j := 0; j < n; j++ {
				switch {
				case state[j] != free:
					x[j] = state[j]
				case sr.lpx[j] > 0.5:
					x[j] = 1
				}
			}
			if pr.feasible(x) {
				accept(x)
				// The LP optimum is integral: nothing in the node is
				// worth more; in the tie regime, ties may remain.
				if !lex || lexDone(state) {
					cur = nil
					continue
				}
				tie = true
			}
		}
		br := -1
		up := false
		switch {
		case tie:
			// The first free unit in ranking order, in first.
			for j := 0; j < n; j++ {
				if state[j] == free {
					br = j
					break
				}
			}
			up = true
		case len(cands) > 0:
			br = sr.bestByPseudocost(cands)
			up = sr.lpx[br] >= 0.5
		default:
			// An LP not solved, or integral only to its tolerance:
			// branch on the first free unit.
			for j := 0; j < n; j++ {
				if state[j] == free {
					br = j
					break
				}
			}
			up = true
		}
		if !tie && br >= 0 && guided {
			// Follow the guide's branching, unless the node's fixings
			// took its unit: then the guide's child that holds the
			// node.
			cur.gid = g.descend(cur.gid, state)
			if b := g.nodes[cur.gid].br; b >= 0 {
				br = int(b)
				up = sr.lpx[br] >= 0.5
			} else {
				guided = false
			}
		}
		if br < 0 {
			x := append([]int8(nil), state...)
			if pr.feasible(x) {
				accept(x)
			}
			cur = nil
			continue
		}
		// A rounding heuristic now and then; not when the search
		// started from an optimum of a similar objective (noSwap), which
		// mostly is its optimum: it would not better it (measured: 5 %
		// less CPU on weight samples at n = 300, the same nodes).
		if c.mode == modeOptimize && lim.nodes%16 == 1 && !c.noSwap {
			if sr.heur.round(state, sr.lpx) && pr.feasible(sr.heur.x) {
				accept(sr.heur.x)
			}
		}

		if found() {
			break
		}
		if c.mode == modeAtLeast {
			up = true
		}
		v := sr.lpx[br]
		distUp, distDown := math.Max(1-v, 0), math.Max(v, 0)
		seq++
		inherit := cur.fix
		if len(fixes) > 0 {
			inherit = &fixSeg{parent: cur.fix, fix: fixes}
		}
		down := &bbNode{fix: &fixSeg{parent: inherit, fix: []int32{int32(br) << 1}}, bound: bound, seq: seq, brVar: int32(br), brDist: distDown}
		upNode := &bbNode{fix: &fixSeg{parent: inherit, fix: []int32{int32(br)<<1 | 1}}, bound: bound, seq: seq, brVar: int32(br), brUp: true, brDist: distUp}
		down.gid, upNode.gid = -1, -1
		if g != nil && cur.gid >= 0 {
			down.gid, upNode.gid = g.branch(cur.gid, int32(br))
		}
		dive, other := down, upNode
		if up {
			dive, other = upNode, down
		}
		if tie {
			// Pseudocosts learn from fractional branchings only.
			dive.brVar, other.brVar = -1, -1
		}
		if !sr.keepWarm(other) {
			other.basis = sr.lp.save()
		}
		if c.depthFirst {
			open = append(open, other)
		} else {
			heap.Push(&open, other)
		}
		dive.dive = true
		cur = dive
	}
	sr.trail = trail

	if has() {
		res.has = true
		res.x, res.value = pl.best, pl.zmax
		if lex {
			res.x, res.value = pl.first()
		}
	}
	if res.status == bbComplete && found() {
		res.status = bbFound
	}
	switch {
	case c.mode == modeAtLeast:
	case res.status != bbComplete:
		res.bound = math.Max(prunedMax, pl.zmax)
		if !res.has && res.bound == math.Inf(-1) {
			res.bound = math.Inf(1)
		}
	default:
		res.bound = math.Max(prunedMax, pl.zmax)
		res.exact = prunedMax == math.Inf(-1)
	}
	return res
}

// lpAgrees reports whether the LP's values of the given units (all when
// nil) are those they are fixed to in state: then the LP solution lies in
// the box and its optimum is the box's.
func (sr *searcher) lpAgrees(state []int8, units []int32) bool {
	ok := func(j int) bool {
		return state[j] == free || math.Abs(sr.lp.x[j]-float64(state[j])) <= 1e-6
	}
	if units == nil {
		for j := range state {
			if !ok(j) {
				return false
			}
		}
		return true
	}
	for _, j := range units {
		if !ok(int(j)) {
			return false
		}
	}
	return true
}

// fractional lists the free units whose LP value is not 0 or 1 (or, when
// the LP stopped early, outside the box); units are those that may be free
// (freeUnits).
func (sr *searcher) fractional(state []int8, units []int32, out []int32) []int32 {
	out = out[:0]
	for _, j := range units {
		if state[j] != free {
			continue
		}
		v := sr.lp.x[j]
		if math.Min(math.Abs(v), math.Abs(1-v)) > 1e-6 {
			out = append(out, j)
		}
	}
	return out
}

// reliable is how many branchings in each direction make a unit's
// pseudocost trusted without strong branching (8 measured best on the
// benchmark family, solves and weight samples, against 2, 4 and 16; 2 was
// best before node LPs went on from their parents', when trial solves
// cost more).
const reliable = 8

// sbCands and sbIters bound strong branching: candidates per node and dual
// simplex iterations per trial child.
const (
	sbCands = 8
	sbIters = 25
)

func (sr *searcher) pseudo(j int32, dir int) (float64, bool) {
	if c := sr.pcCount[dir][j]; c > 0 {
		return sr.pcSum[dir][j] / float64(c), c >= reliable
	}
	// No history: the average over the units that have one.
	if sr.pcUnits[dir] == 0 {
		return 1, false
	}
	return sr.pcMeans[dir] / float64(sr.pcUnits[dir]), false
}

// addPseudo records a branching's bound decrease per unit of change.
func (sr *searcher) addPseudo(dir int, j int32, v float64) {
	if c := sr.pcCount[dir][j]; c > 0 {
		sr.pcMeans[dir] -= sr.pcSum[dir][j] / float64(c)
	} else {
		sr.pcUnits[dir]++
	}
	sr.pcSum[dir][j] += v
	sr.pcCount[dir][j]++
	sr.pcMeans[dir] += sr.pcSum[dir][j] / float64(sr.pcCount[dir][j])
}

// clearPseudo forgets the pseudocosts.
func (sr *searcher) clearPseudo() {
	for d := 0; d < 2; d++ {
		clear(sr.pcSum[d])
		clear(sr.pcCount[d])
		sr.pcMeans[d], sr.pcUnits[d] = 0, 0
	}
}

// score is the product rule over the two children's bound decreases.
func score(down, up float64) float64 {
	return math.Max(down, 1e-6) * math.Max(up, 1e-6)
}

func (sr *searcher) bestByPseudocost(cands []int32) int {
	best, bestScore := -1, -1.0
	for _, j := range cands {
		v := sr.lp.x[j]
		pd, _ := sr.pseudo(j, 0)
		pu, _ := sr.pseudo(j, 1)
		sc := score(pd*v, pu*(1-v))
		if sc > bestScore {
			best, bestScore = int(j), sc
		}
	}
	return best
}

// strongBranch solves, for the unreliable candidates (at most eight, the
// most fractional first), both children's LPs a few iterations deep,
// records their bound decreases as pseudocosts, and returns the fixings it
// proves: a child infeasible or under the prune level fixes its unit the
// other way. infeasible is true when both children of a unit are cut off;
// cutMax is the largest bound of a child cut off (-Inf if none), what a gap
// search must still count as possible. The LP is left as it was.
func (sr *searcher) strongBranch(state []int8, units, cands []int32, bound, level float64, lim *searchLimits) (fixed []int32, infeasible bool, cutMax float64) {
	cutMax = math.Inf(-1)
	var todo []int32
	for _, j := range cands {
		_, rd := sr.pseudo(j, 0)
		_, ru := sr.pseudo(j, 1)
		if !rd || !ru {
			todo = append(todo, j)
		}
	}
	if len(todo) == 0 {
		return nil, false, cutMax
	}
	slices.SortStableFunc(todo, func(a, b int32) int {
		fa := math.Abs(sr.lp.x[a] - 0.5)
		fb := math.Abs(sr.lp.x[b] - 0.5)
		if fa < fb {
			return -1
		}
		if fa > fb {
			return 1
		}
		return 0
	})
	if len(todo) > sbCands {
		todo = todo[:sbCands]
	}
	lp := sr.lp
	lp.snapshot(&sr.snap)
	xs := make([]float64, len(todo))
	for k, j := range todo {
		xs[k] = lp.x[j]
	}
	for k, j := range todo {
		v := xs[k]
		var cut [2]bool
		for dir := 0; dir < 2; dir++ {
			lim.nodes++ // a trial solve counts as a node: the limit stays deterministic and honest
			state[j] = int8(dir)
			lp.fixVar(int(j), float64(dir))
			st, infRow := lp.solve(sbIters)
			var b float64
			switch {
			case st == lpInfeasible && sr.farkas(infRow):
				b = math.Inf(-1)
			default:
				sr.lpDuals()
				b = sr.lagrangeBox(sr.y, state, units, nil, j<<1|int32(dir))
			}
			if b <= level {
				cut[dir] = true
				cutMax = math.Max(cutMax, b)
			}
			if st == lpOptimal {
				dist := v
				if dir == 1 {
					dist = 1 - v
				}
				if dist > 1e-9 {
					sr.addPseudo(dir, j, math.Max(0, bound-b)/dist)
				}
			}
			state[j] = free
			lp.restore(&sr.snap)
		}
		switch {
		case cut[0] && cut[1]:
			return nil, true, cutMax
		case cut[0]:
			fixed = append(fixed, j<<1|1)
		case cut[1]:
			fixed = append(fixed, j<<1)
		}
	}
	return fixed, false, cutMax
}

// keepWarm stores, within warmBudget, the searcher's state, row activities
// and LP in nd, for when it is taken from the queue; false when over
// budget.
func (sr *searcher) keepWarm(nd *bbNode) bool {
	size := sr.warmSize()
	if sr.warmBytes+size > warmBudget {
		return false
	}
	sr.warmBytes += size
	var w *nodeWarm
	if k := len(sr.warmFree); k > 0 {
		w, sr.warmFree = sr.warmFree[k-1], sr.warmFree[:k-1]
	} else {
		w = &nodeWarm{}
	}
	w.state = append(w.state[:0], sr.state...)
	w.minAct = append(w.minAct[:0], sr.prop.minAct...)
	w.act1 = append(w.act1[:0], sr.prop.act1...)
	w.obj1 = sr.prop.obj1
	sr.lp.snapshot(&w.lp)
	nd.warm = w
	return true
}

// releaseWarm gives back what nd kept (after its use: the buffers are
// reused).
func (sr *searcher) releaseWarm(nd *bbNode) {
	if nd.warm == nil {
		return
	}
	sr.warmBytes -= sr.warmSize()
	sr.warmFree = append(sr.warmFree, nd.warm)
	nd.warm = nil
}

// warmSize is about what one kept state takes.
func (sr *searcher) warmSize() int {
	m, N := sr.pr.m, sr.pr.n+sr.pr.m
	return 8*(m*m+4*N+3*m) + 4*(4*N+m) + 3*N
}
