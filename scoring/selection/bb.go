package selection

import (
	"container/heap"
	"context"
	"math"
	"time"
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
	y     []float64
	dd    []float64
	lpx   []float64
}

func newSearcher(pr *ilp) *searcher {
	return &searcher{
		pr: pr, lp: newLP(pr), prop: newPropagator(pr), heur: newHeuristic(pr), q: quantum(pr.obj),
		state: make([]int8, pr.n), y: make([]float64, pr.m), dd: make([]float64, pr.n), lpx: make([]float64, pr.n),
	}
}

// setObjective replaces the objective (a sample's values).
func (sr *searcher) setObjective(obj []float64) {
	copy(sr.pr.obj, obj)
	sr.lp.setObjective(obj)
	sr.q = quantum(obj)
}

// lagrange computes, from the LP's current duals, a bound on obj·x over the
// 0-1 points of the box given by state that meet every row, valid for any
// multipliers y ≥ 0 (so it does not rest on the LP being solved
// accurately): L(y) = y·rhs + Σ_j max over x_j of (obj_j − y·A_j) x_j. It
// leaves the reduced objective coefficients in sr.dd and adds a margin for
// rounding in the sums.
func (sr *searcher) lagrange(state []int8) float64 {
	pr, lp := sr.pr, sr.lp
	n := pr.n
	L, mag := 0.0, 0.0
	for i := 0; i < pr.m; i++ {
		y := lp.d[n+i]
		if y < 0 {
			y = 0
		}
		y *= lp.rowScale[i] / lp.objScale
		sr.y[i] = y
		if y != 0 {
			L += y * pr.rhs[i]
			mag += math.Abs(y * pr.rhs[i])
		}
	}
	for j := 0; j < n; j++ {
		d := pr.obj[j]
		m := math.Abs(d)
		for k := pr.colStart[j]; k < pr.colStart[j+1]; k++ {
			t := sr.y[pr.colRow[k]] * pr.colVal[k]
			d -= t
			m += math.Abs(t)
		}
		sr.dd[j] = d
		switch state[j] {
		case 1:
			L += d
			mag += m
		case free:
			if d > 0 {
				L += d
				mag += m
			}
		}
	}
	return L + 1e-12*mag*float64(n+pr.m+1)
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

// bbNode is an open node: its fixings beyond the search's root, the bound
// of its parent and the parent's final basis.
type bbNode struct {
	fix   []int32 // j<<1 | value
	bound float64
	basis *basisState
	seq   int64
}

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
	// rootBound, rootY, rootDD: the root's Lagrangian bound and multipliers.
	rootBound float64
	rootDD    []float64
	rootOK    bool
}

// pruneBound is the bound at or under which a node holds nothing the search
// wants.
func (sr *searcher) pruneLevel(c *searchConfig, inc float64, has bool) float64 {
	if c.mode == modeAtLeast {
		return math.Nextafter(c.thr, math.Inf(-1)) // prune if bound < thr
	}
	if !has {
		return math.Inf(-1)
	}
	slack := 1e-10 * math.Abs(inc)
	if sr.q > 0 {
		slack = math.Max(slack, 0.999*sr.q)
	}
	if c.gap > 0 {
		slack = math.Max(slack, c.gap*math.Abs(inc))
	}
	return inc + slack
}

// search runs a branch and bound. Nodes are taken best bound first; from
// each, the search dives into one child (keeping the LP's basis: the parent
// warm-starts the child) and queues the other with the parent's basis.
func (sr *searcher) search(c *searchConfig, lim *searchLimits) searchResult {
	pr := sr.pr
	n := pr.n
	res := searchResult{bound: math.Inf(-1)}
	var incX []int8
	incVal := math.Inf(-1)
	accept := func(x []int8) bool {
		v := pr.value(x)
		if incX == nil || v > incVal {
			if incX == nil {
				incX = make([]int8, n)
			}
			copy(incX, x)
			incVal = v
			return true
		}
		return false
	}
	if c.incumbent != nil {
		accept(c.incumbent)
	}
	found := func() bool { return c.mode == modeAtLeast && incX != nil && incVal >= c.thr }
	// prunedMax is the largest bound of a node pruned only by the gap or
	// left open: what keeps the optimum above the incumbent possible.
	prunedMax := math.Inf(-1)
	quantumSlack := func() float64 {
		if sr.q > 0 {
			return 0.999 * sr.q
		}
		return 0
	}

	var open nodeHeap
	var seq int64
	var cur *bbNode = &bbNode{bound: math.Inf(1)}
	first := true
	trail := sr.trail[:0]

	for {
		if cur == nil {
			if found() || open.Len() == 0 {
				break
			}
			cur = heap.Pop(&open).(*bbNode)
			if cur.bound <= sr.pruneLevel(c, incVal, incX != nil) {
				// The incumbent improved since the node was queued.
				if c.mode == modeOptimize && cur.bound > incVal+quantumSlack()+1e-10*math.Abs(incVal) {
					prunedMax = math.Max(prunedMax, cur.bound)
				}
				cur = nil
				continue
			}
			sr.lp.load(cur.basis)
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

		// The node's box.
		state := sr.state
		copy(state, c.root)
		for _, f := range cur.fix {
			state[f>>1] = int8(f & 1)
		}
		trail = trail[:0]
		if !sr.prop.run(state, &trail) {
			if first {
				res.rootOK = true
				res.rootBound = math.Inf(-1)
			}
			first = false
			cur = nil
			continue
		}
		sr.lp.setBounds(state)
		st, infRow := sr.lp.solve(50*(pr.m+1) + 2*n)
		if st == lpInfeasible && sr.farkas(infRow) {
			if first {
				res.rootOK = true
				res.rootBound = math.Inf(-1)
			}
			first = false
			cur = nil
			continue
		}
		bound := sr.lagrange(state)
		if first {
			res.rootOK = true
			res.rootBound = bound
			res.rootDD = append([]float64(nil), sr.dd...)
			sr.heur.setOrder(sr.y)
			if sr.heur.start(state) {
				if c.mode == modeOptimize {
					sr.heur.improve(state, 3)
				}
				if pr.feasible(sr.heur.x) {
					accept(sr.heur.x)
				}
			}
		}
		first = false
		level := sr.pruneLevel(c, incVal, incX != nil)
		if bound <= level {
			if c.mode == modeOptimize && incX != nil && bound > incVal+quantumSlack()+1e-10*math.Abs(incVal) {
				prunedMax = math.Max(prunedMax, bound)
			}
			cur = nil
			continue
		}
		// Reduced-cost fixing: a free unit whose other value would bring
		// the bound to the prune level is fixed for the whole subtree.
		fixes := cur.fix
		for j := 0; j < n; j++ {
			if state[j] != free {
				continue
			}
			d := sr.dd[j]
			if d < 0 && bound+d <= level {
				state[j] = 0
				fixes = append(fixes, int32(j)<<1)
			} else if d > 0 && bound-d <= level {
				state[j] = 1
				fixes = append(fixes, int32(j)<<1|1)
			} else {
				continue
			}
			// What the fixing cuts off may be better than the incumbent
			// when the level allows a gap.
			if cut := bound - math.Abs(d); c.mode == modeOptimize && cut > incVal+quantumSlack()+1e-10*math.Abs(incVal) {
				prunedMax = math.Max(prunedMax, cut)
			}
		}

		// The LP point and its most fractional variable; st may be an
		// iteration limit, when x need not be in the box: any free unit
		// not at 0 or 1 is then a branching candidate.
		for j := 0; j < n; j++ {
			sr.lpx[j] = sr.lp.x[j]
		}
		br := -1
		bestScore := -1.0
		integral := st == lpOptimal
		for j := 0; j < n; j++ {
			if state[j] != free {
				continue
			}
			v := sr.lpx[j]
			f := math.Min(math.Abs(v), math.Abs(1-v))
			if f <= 1e-6 {
				continue
			}
			integral = false
			sc := math.Min(f, 0.5) * (math.Abs(pr.obj[j]) + 1e-9)
			if sc > bestScore {
				bestScore, br = sc, j
			}
		}
		if integral {
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
				cur = nil
				continue
			}
			// Integral to the LP's tolerance but not by the contract's:
			// branch on the first free unit.
			for j := 0; j < n; j++ {
				if state[j] == free {
					br = j
					break
				}
			}
			if br < 0 {
				cur = nil
				continue
			}
		}
		if br < 0 {
			// No fractional unit on an unsolved LP: branch on any free one.
			for j := 0; j < n; j++ {
				if state[j] == free {
					br = j
					break
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
		}
		// A rounding heuristic now and then.
		if c.mode == modeOptimize && lim.nodes%16 == 1 {
			if sr.heur.round(state, sr.lpx) && pr.feasible(sr.heur.x) {
				accept(sr.heur.x)
			}
		}
		if found() {
			break
		}
		up := sr.lpx[br] >= 0.5
		if c.mode == modeAtLeast {
			up = true
		}
		var dive, other int32
		if up {
			dive, other = int32(br)<<1|1, int32(br)<<1
		} else {
			dive, other = int32(br)<<1, int32(br)<<1|1
		}
		seq++
		sib := &bbNode{fix: append(append([]int32(nil), fixes...), other), bound: bound, basis: sr.lp.save(), seq: seq}
		heap.Push(&open, sib)
		cur = &bbNode{fix: append(append([]int32(nil), fixes...), dive), bound: bound}
	}
	sr.trail = trail

	if incX != nil {
		res.has = true
		res.x = incX
		res.value = incVal
	}
	if res.status == bbComplete && found() {
		res.status = bbFound
	}
	switch {
	case c.mode == modeAtLeast:
	case res.status != bbComplete:
		res.bound = math.Max(prunedMax, incVal)
		if !res.has && res.bound == math.Inf(-1) {
			res.bound = math.Inf(1)
		}
	default:
		res.bound = math.Max(prunedMax, incVal)
		res.exact = prunedMax == math.Inf(-1)
	}
	return res
}
