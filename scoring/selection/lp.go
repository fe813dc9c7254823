package selection

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"unsafe"
)

// lpSolver is a bounded-variable dual simplex for the LP relaxation of an
// ilp: minimise cost·z over z = (x, s) with A x + s = rhs, each variable
// boxed. Structural x_j is in [0, 1] or fixed; slack s_i is in [0, U_i]
// where U_i is the row's largest possible slack over the unit box, a bound
// every point of the box satisfies, so it cuts nothing off. Because every
// variable is boxed, any basis becomes dual feasible by putting each
// nonbasic variable at the bound its reduced cost points to: the dual
// simplex can start from any basis, which is what makes warm starts free
// (after a branch, a new objective or new budgets alike).
//
// Rows and the objective are scaled to a largest coefficient of 1. The
// basis inverse is kept dense (m×m): the programmes here have few rows
// (budgets, limits, rules) and many columns, and a dense inverse gives the
// pivot row and the dual steepest-edge weights without extra solves.
type lpSolver struct {
	pr       *ilp
	m, n     int
	rowScale []float64
	objScale float64
	colVal   []float64 // scaled, parallel to pr.colRow
	cost     []float64 // n+m, min form
	lo, up   []float64 // n+m
	bnd      []int8    // n: the structural bounds as a state (-1 free, else the value)
	rhs      []float64 // scaled

	basis []int32 // m: the variable basic in each position
	where []int32 // n+m: position if basic, else -1
	atUp  []bool  // n+m: nonbasic at its upper bound
	binv  []float64
	// wt[p] is the squared norm of row p of binv, the dual steepest-edge
	// weight of position p: recomputed when the basis is factorised,
	// updated with binv at each pivot.
	wt []float64
	x  []float64 // n+m
	d  []float64 // n+m

	// fixedSlacks lists the slacks whose bounds are both 0 (rows that
	// cannot have slack over the box); bounds of slacks never change.
	fixedSlacks []int32
	// active lists the nonbasic variables that are not fixed: the only
	// ones that can enter, so the only ones the iterations look at.
	active    []int32
	activePos []int32 // position in active, or -1

	alpha  []float64
	col    []float64
	work   []float64
	acc    []float64 // syncBounds: the rows a bound change moves
	accRow []int32
	nzIdx  []int32
	cands  []ratioCand
	flips  []int32
	pivots int
	// cutoff, when finite, stops a solve (lpCutoff) once the objective of
	// the current basis reaches it; ones is then the cost of the
	// structurals fixed at 1 (the caller's sum), and zFixed the
	// objective's part of the nonbasic variables that cannot enter, which
	// iterations do not move.
	cutoff float64
	ones   float64
	zFixed float64
	fresh  bool // binv matches basis
	// synced: x, d and active are those of the basis and the bounds lo,
	// up (after a solve, or restored), so that a change of bounds can be
	// applied to them (syncBounds) instead of recomputing them.
	synced bool
	// Structured refactorisation's work space.
	rowIdx []int32
	m2     []float64
	m2inv  []float64
}

type ratioCand struct {
	j     int32
	idx   int32 // position in active
	ratio float64
	abs   float64
}

type lpStatus int8

const (
	lpOptimal lpStatus = iota
	lpInfeasible
	lpIterLimit
	// lpCutoff: the objective (a bound on the minimum, the dual
	// simplex keeping the basis dual feasible) reached cutoff.
	lpCutoff
)

const (
	primalTol = 1e-9
	dualTol   = 1e-9
	pivotTol  = 1e-9
)

func newLP(pr *ilp) *lpSolver {
	m, n := pr.m, pr.n
	s := &lpSolver{pr: pr, m: m, n: n}
	s.rowScale = make([]float64, m)
	for i := 0; i < m; i++ {
		mx := 0.0
		for k := pr.rowStart[i]; k < pr.rowStart[i+1]; k++ {
			mx = math.Max(mx, math.Abs(pr.rowVal[k]))
		}
		if mx == 0 {
			mx = 1
		}
		s.rowScale[i] = 1 / mx
	}
	mx := 0.0
	for _, c := range pr.obj {
		mx = math.Max(mx, math.Abs(c))
	}
	if mx == 0 {
		mx = 1
	}
	s.objScale = 1 / mx
	s.colVal = make([]float64, len(pr.colVal))
	for k, v := range pr.colVal {
		s.colVal[k] = v * s.rowScale[pr.colRow[k]]
	}
	N := n + m
	s.cost = make([]float64, N)
	for j, c := range pr.obj {
		s.cost[j] = -c * s.objScale
	}
	s.lo = make([]float64, N)
	s.up = make([]float64, N)
	s.rhs = make([]float64, m)
	minAct := make([]float64, m)
	for k, v := range s.colVal {
		if v < 0 {
			minAct[pr.colRow[k]] += v
		}
	}
	for i := 0; i < m; i++ {
		s.rhs[i] = pr.rhs[i] * s.rowScale[i]
		s.up[n+i] = math.Max(0, s.rhs[i]-minAct[i])
	}
	for i := 0; i < m; i++ {
		if s.up[n+i] == 0 {
			s.fixedSlacks = append(s.fixedSlacks, int32(i))
		}
	}
	s.bnd = make([]int8, n)
	for j := 0; j < n; j++ {
		s.up[j] = 1
		s.bnd[j] = free
	}
	s.basis = make([]int32, m)
	s.where = make([]int32, N)
	s.atUp = make([]bool, N)
	s.x = make([]float64, N)
	s.d = make([]float64, N)
	s.alpha = make([]float64, N)
	s.activePos = make([]int32, N)
	s.col = make([]float64, m)
	s.work = make([]float64, m)
	s.acc = make([]float64, m)
	s.rowIdx = make([]int32, m)
	s.binv = make([]float64, m*m)
	s.wt = make([]float64, m)
	s.cutoff = math.Inf(1)
	s.slackBasis()
	return s
}

// setObjective replaces the objective (a sample's values).
func (s *lpSolver) setObjective(obj []float64) {
	mx := 0.0
	for _, c := range obj {
		mx = math.Max(mx, math.Abs(c))
	}
	if mx == 0 {
		mx = 1
	}
	s.objScale = 1 / mx
	for j, c := range obj {
		s.cost[j] = -c * s.objScale
	}
	s.synced = false
}

// slackBasis makes the slacks basic.
func (s *lpSolver) slackBasis() {
	for j := range s.where {
		s.where[j] = -1
		s.atUp[j] = false
	}
	for i := 0; i < s.m; i++ {
		s.basis[i] = int32(s.n + i)
		s.where[s.n+i] = int32(i)
	}
	s.fresh = false
	s.synced = false
}

// lpSnap is the whole state of an lpSolver, to come back to after trial
// solves (strong branching) or to go on from when a queued node is taken
// up.
type lpSnap struct {
	basis, where      []int32
	active, activePos []int32
	atUp              []bool
	binv, wt, x, d    []float64
	lo, up            []float64
	bnd               []int8
	pivots            int
	fresh, synced     bool
}

func (s *lpSolver) snapshot(sn *lpSnap) {
	sn.basis = append(sn.basis[:0], s.basis...)
	sn.where = append(sn.where[:0], s.where...)
	sn.active = append(sn.active[:0], s.active...)
	sn.activePos = append(sn.activePos[:0], s.activePos...)
	sn.atUp = append(sn.atUp[:0], s.atUp...)
	sn.binv = append(sn.binv[:0], s.binv...)
	sn.wt = append(sn.wt[:0], s.wt...)
	sn.x = append(sn.x[:0], s.x...)
	sn.d = append(sn.d[:0], s.d...)
	sn.lo = append(sn.lo[:0], s.lo...)
	sn.up = append(sn.up[:0], s.up...)
	sn.bnd = append(sn.bnd[:0], s.bnd...)
	sn.pivots, sn.fresh, sn.synced = s.pivots, s.fresh, s.synced
}

func (s *lpSolver) restore(sn *lpSnap) {
	copy(s.basis, sn.basis)
	copy(s.where, sn.where)
	s.active = append(s.active[:0], sn.active...)
	copy(s.activePos, sn.activePos)
	copy(s.atUp, sn.atUp)
	copy(s.binv, sn.binv)
	copy(s.wt, sn.wt)
	copy(s.x, sn.x)
	copy(s.d, sn.d)
	copy(s.lo, sn.lo)
	copy(s.up, sn.up)
	copy(s.bnd, sn.bnd)
	s.pivots, s.fresh, s.synced = sn.pivots, sn.fresh, sn.synced
}

// take restores sn like restore, by exchanging the buffers instead of
// copying them: for a snapshot used once (a queued node's), whose buffers
// are then given back to be written over. sn keeps the solver's old
// buffers, their contents meaningless.
func (s *lpSolver) take(sn *lpSnap) {
	s.basis, sn.basis = sn.basis, s.basis
	s.where, sn.where = sn.where, s.where
	s.active, sn.active = sn.active, s.active
	s.activePos, sn.activePos = sn.activePos, s.activePos
	s.atUp, sn.atUp = sn.atUp, s.atUp
	s.binv, sn.binv = sn.binv, s.binv
	s.wt, sn.wt = sn.wt, s.wt
	s.x, sn.x = sn.x, s.x
	s.d, sn.d = sn.d, s.d
	s.lo, sn.lo = sn.lo, s.lo
	s.up, sn.up = sn.up, s.up
	s.bnd, sn.bnd = sn.bnd, s.bnd
	s.pivots, s.fresh, s.synced = sn.pivots, sn.fresh, sn.synced
}

// basisState is a saved basis, to warm-start a later solve: the basic
// variables only, as solve puts every nonbasic one at the bound its reduced
// cost asks for (m numbers a node, not n + m).
type basisState struct {
	basis []int32
}

func (s *lpSolver) save() *basisState {
	return &basisState{basis: slices.Clone(s.basis)}
}

func (s *lpSolver) load(b *basisState) {
	if b == nil {
		s.slackBasis()
		return
	}
	copy(s.basis, b.basis)
	for j := range s.where {
		s.where[j] = -1
	}
	for i, j := range s.basis {
		s.where[j] = int32(i)
	}
	s.fresh = false
	s.synced = false
}

// setBounds sets the structural bounds from a state (-1 free, else fixed).
// The next solve recomputes the basic solution and the reduced costs.
func (s *lpSolver) setBounds(state []int8) {
	copy(s.bnd, state)
	for j, v := range state {
		if v == free {
			s.lo[j], s.up[j] = 0, 1
		} else {
			s.lo[j], s.up[j] = float64(v), float64(v)
		}
	}
	s.synced = false
}

// syncBounds sets the structural bounds from a state like setBounds, but
// when the solver is synced it updates the basic solution for the
// nonbasic variables the new bounds move (x_B −= B⁻¹ a_j δ), so that the
// next solve goes on from where the last one stopped: the basis, its
// inverse and the reduced costs stay right (a fixed variable cannot
// enter; a basic one out of its new bounds is what the dual simplex
// repairs). A variable freed again needs its reduced cost, which fixed
// ones do not keep: then everything is recomputed.
func (s *lpSolver) syncBounds(state []int8) {
	if !s.synced {
		s.setBounds(state)
		return
	}
	s.accRow = s.accRow[:0]
	freed := false
	change := func(j int) {
		v := state[j]
		lo, up := 0.0, 1.0
		if v != free {
			lo, up = float64(v), float64(v)
		}
		if s.setVarBounds(j, lo, up) {
			freed = true
		}
	}
	j := 0
	// Eight units at a time (one load each): between nodes few change.
	if len(state) >= 8 {
		a := unsafe.Slice((*byte)(unsafe.Pointer(&state[0])), len(state))
		b := unsafe.Slice((*byte)(unsafe.Pointer(&s.bnd[0])), len(s.bnd))
		for ; j+8 <= len(a); j += 8 {
			w := binary.LittleEndian.Uint64(a[j:]) ^ binary.LittleEndian.Uint64(b[j:])
			for w != 0 {
				change(j + bits.TrailingZeros64(w)>>3)
				w &^= 0xff << (bits.TrailingZeros64(w) &^ 7)
			}
		}
	}
	for ; j < len(state); j++ {
		if state[j] != s.bnd[j] {
			change(j)
		}
	}
	if freed {
		s.clearAcc()
		s.synced = false
		return
	}
	s.applyAcc()
}

// fixVar fixes structural j at v (0 or 1) as syncBounds would.
func (s *lpSolver) fixVar(j int, v float64) {
	if !s.synced {
		s.lo[j], s.up[j], s.bnd[j] = v, v, int8(v)
		return
	}
	s.accRow = s.accRow[:0]
	s.setVarBounds(j, v, v)
	s.applyAcc()
}

// setVarBounds changes structural j's bounds; a nonbasic j that moves adds
// its column times the move to acc. It reports whether j was freed (the
// solver is then no longer synced).
func (s *lpSolver) setVarBounds(j int, lo, up float64) (freed bool) {
	s.lo[j], s.up[j] = lo, up
	s.bnd[j] = free
	if lo == up {
		s.bnd[j] = int8(lo)
	}
	if s.where[j] >= 0 {
		return false
	}
	if lo < up {
		s.atUp[j] = s.x[j] == up
		s.activate(j)
		return true
	}
	s.atUp[j] = false
	s.deactivate(j)
	if dx := lo - s.x[j]; dx != 0 {
		s.x[j] = lo
		pr := s.pr
		for k := pr.colStart[j]; k < pr.colStart[j+1]; k++ {
			s.accumulate(pr.colRow[k], s.colVal[k]*dx)
		}
	}
	return false
}

// accumulate adds v to row i of acc, listing the row once.
func (s *lpSolver) accumulate(i int32, v float64) {
	if s.acc[i] == 0 {
		s.accRow = append(s.accRow, i)
	}
	s.acc[i] += v
	if s.acc[i] == 0 {
		s.acc[i] = math.SmallestNonzeroFloat64 // stays listed once
	}
}

// applyAcc moves the basic variables for the bound changes in acc.
func (s *lpSolver) applyAcc() {
	m := s.m
	x, basis, binv, acc := s.x, s.basis[:m], s.binv, s.acc
	for _, i := range s.accRow {
		a := acc[i]
		acc[i] = 0
		bi := binv[i:]
		for p, j := range basis {
			if b := bi[p*m]; b != 0 {
				x[j] -= b * a
			}
		}
	}
	s.accRow = s.accRow[:0]
}

func (s *lpSolver) clearAcc() {
	for _, i := range s.accRow {
		s.acc[i] = 0
	}
	s.accRow = s.accRow[:0]
}

// refactor inverts the basis matrix: by its structure when it can, else
// by Gauss-Jordan elimination with partial pivoting, where a basis column
// that is (numerically) dependent on the others is replaced by a slack.
func (s *lpSolver) refactor() {
	s.synced = false
	if s.refactorStructured() {
		s.pivots = 0
		s.fresh = true
		s.weights()
		return
	}
	m := s.m
	for attempt := 0; ; attempt++ {
		// B in work space: column r is the column of basis[r].
		a := make([]float64, m*m)
		for r, j := range s.basis {
			s.columnInto(int(j), s.col)
			for i := 0; i < m; i++ {
				a[i*m+r] = s.col[i]
			}
		}
		inv := s.binv
		for i := range inv {
			inv[i] = 0
		}
		for i := 0; i < m; i++ {
			inv[i*m+i] = 1
		}
		bad := -1
		for c := 0; c < m; c++ {
			p, best := -1, 1e-11
			for i := c; i < m; i++ {
				if v := math.Abs(a[i*m+c]); v > best {
					p, best = i, v
				}
			}
			if p < 0 {
				bad = c
				break
			}
			if p != c {
				for k := 0; k < m; k++ {
					a[p*m+k], a[c*m+k] = a[c*m+k], a[p*m+k]
					inv[p*m+k], inv[c*m+k] = inv[c*m+k], inv[p*m+k]
				}
			}
			piv := 1 / a[c*m+c]
			for k := 0; k < m; k++ {
				a[c*m+k] *= piv
				inv[c*m+k] *= piv
			}
			for i := 0; i < m; i++ {
				if i == c {
					continue
				}
				f := a[i*m+c]
				if f == 0 {
					continue
				}
				for k := 0; k < m; k++ {
					a[i*m+k] -= f * a[c*m+k]
					inv[i*m+k] -= f * inv[c*m+k]
				}
			}
		}
		if bad < 0 {
			// Gauss-Jordan on B with row swaps computes B⁻¹ directly:
			// the row swaps were applied to both sides.
			break
		}
		// Replace the dependent column by a slack not basic yet.
		out := s.basis[bad]
		in := int32(-1)
		for i := 0; i < m; i++ {
			if s.where[s.n+i] < 0 {
				in = int32(s.n + i)
				break
			}
		}
		s.where[out] = -1
		s.atUp[out] = false
		s.basis[bad] = in
		s.where[in] = int32(bad)
		if attempt > m {
			s.slackBasis()
		}
	}
	s.pivots = 0
	s.fresh = true
	s.weights()
}

// weights computes the dual steepest-edge weights from binv.
func (s *lpSolver) weights() {
	m := s.m
	for p := 0; p < m; p++ {
		w := 0.0
		for _, b := range s.binv[p*m : (p+1)*m] {
			w += b * b
		}
		s.wt[p] = w
	}
}

// refactorStructured inverts a basis of k structural columns and m − k
// slacks through the k×k matrix M of the structural columns on the k rows
// whose slacks are not basic (R): for B z = r, z_S = M⁻¹ r_R and, for the
// slack of a row t not in R, z_t = r_t − A_{t,S} z_S. That costs O(k³ +
// nnz·k + m²) instead of O(m³), and k is small: the rows that bind. It
// reports false when M is (numerically) singular; the general
// factorisation then repairs the basis.
func (s *lpSolver) refactorStructured() bool {
	m, n := s.m, s.n
	pr := s.pr
	for i := range s.rowIdx {
		s.rowIdx[i] = 0
	}
	var S []int32 // positions of the structural basics
	for p, j := range s.basis {
		if int(j) >= n {
			s.rowIdx[int(j)-n] = -1 // covered by its slack
		} else {
			S = append(S, int32(p))
		}
	}
	k := len(S)
	R := make([]int32, 0, k)
	for i := 0; i < m; i++ {
		if s.rowIdx[i] == 0 {
			s.rowIdx[i] = int32(len(R))
			R = append(R, int32(i))
		} else {
			s.rowIdx[i] = -1
		}
	}
	if len(R) != k {
		return false
	}
	if cap(s.m2) < k*k {
		s.m2 = make([]float64, k*k)
		s.m2inv = make([]float64, k*k)
	}
	a, inv := s.m2[:k*k], s.m2inv[:k*k]
	for i := range a {
		a[i], inv[i] = 0, 0
	}
	for c, p := range S {
		j := s.basis[p]
		for kk := pr.colStart[j]; kk < pr.colStart[j+1]; kk++ {
			if r := s.rowIdx[pr.colRow[kk]]; r >= 0 {
				a[int(r)*k+c] = s.colVal[kk]
			}
		}
	}
	for i := 0; i < k; i++ {
		inv[i*k+i] = 1
	}
	for c := 0; c < k; c++ {
		p, best := -1, 1e-11
		for i := c; i < k; i++ {
			if v := math.Abs(a[i*k+c]); v > best {
				p, best = i, v
			}
		}
		if p < 0 {
			return false
		}
		if p != c {
			for q := 0; q < k; q++ {
				a[p*k+q], a[c*k+q] = a[c*k+q], a[p*k+q]
				inv[p*k+q], inv[c*k+q] = inv[c*k+q], inv[p*k+q]
			}
		}
		piv := 1 / a[c*k+c]
		for q := 0; q < k; q++ {
			a[c*k+q] *= piv
			inv[c*k+q] *= piv
		}
		for i := 0; i < k; i++ {
			if i == c {
				continue
			}
			f := a[i*k+c]
			if f == 0 {
				continue
			}
			for q := 0; q < k; q++ {
				a[i*k+q] -= f * a[c*k+q]
				inv[i*k+q] -= f * inv[c*k+q]
			}
		}
	}
	// inv is M⁻¹: row c for basis position S[c], column r for row R[r].
	binv := s.binv
	for i := range binv {
		binv[i] = 0
	}
	for c, p := range S {
		row := binv[int(p)*m : (int(p)+1)*m]
		for r, i := range R {
			row[i] = inv[c*k+r]
		}
	}
	for p, j := range s.basis {
		if int(j) >= n {
			binv[p*m+int(j)-n] = 1
		}
	}
	for c, p := range S {
		j := s.basis[p]
		for kk := pr.colStart[j]; kk < pr.colStart[j+1]; kk++ {
			t := pr.colRow[kk]
			if s.rowIdx[t] >= 0 {
				continue
			}
			v := s.colVal[kk]
			row := binv[int(s.where[n+int(t)])*m:]
			for r, i := range R {
				row[i] -= v * inv[c*k+r]
			}
		}
	}
	return true
}

// columnInto writes the scaled column of variable j into dst (length m).
func (s *lpSolver) columnInto(j int, dst []float64) {
	for i := range dst {
		dst[i] = 0
	}
	if j >= s.n {
		dst[j-s.n] = 1
		return
	}
	pr := s.pr
	for k := pr.colStart[j]; k < pr.colStart[j+1]; k++ {
		dst[pr.colRow[k]] = s.colVal[k]
	}
}

// buildActive lists the nonbasic variables that are not fixed.
func (s *lpSolver) buildActive() {
	s.active = s.active[:0]
	for j := range s.where {
		s.activePos[j] = -1
		if s.where[j] < 0 && s.lo[j] < s.up[j] {
			s.activePos[j] = int32(len(s.active))
			s.active = append(s.active, int32(j))
		}
	}
}

func (s *lpSolver) activate(j int) {
	if s.activePos[j] < 0 && s.lo[j] < s.up[j] {
		s.activePos[j] = int32(len(s.active))
		s.active = append(s.active, int32(j))
	}
}

func (s *lpSolver) deactivate(j int) {
	p := s.activePos[j]
	if p < 0 {
		return
	}
	last := s.active[len(s.active)-1]
	s.active[p] = last
	s.activePos[last] = p
	s.active = s.active[:len(s.active)-1]
	s.activePos[j] = -1
}

// computeDuals sets the reduced costs from the basis.
func (s *lpSolver) computeDuals() {
	m, n := s.m, s.n
	pi := s.work
	for k := 0; k < m; k++ {
		pi[k] = 0
	}
	for r, j := range s.basis {
		c := s.cost[j]
		if c == 0 {
			continue
		}
		row := s.binv[r*m : (r+1)*m]
		for k, v := range row {
			pi[k] += c * v
		}
	}
	// Structural reduced costs only where they can matter: the nonbasic
	// variables that are not fixed (the Lagrangian bound recomputes its
	// own from the row duals, which are the slacks' reduced costs).
	pr := s.pr
	for _, j := range s.active {
		if int(j) >= n {
			continue
		}
		dj := s.cost[j]
		for k := pr.colStart[j]; k < pr.colStart[j+1]; k++ {
			dj -= pi[pr.colRow[k]] * s.colVal[k]
		}
		s.d[j] = dj
	}
	for i := 0; i < m; i++ {
		s.d[n+i] = -pi[i]
	}
	for _, j := range s.basis {
		s.d[j] = 0
	}
}

// placeNonbasic puts each nonbasic variable at the bound its reduced cost
// makes dual feasible.
func (s *lpSolver) placeNonbasic() {
	for j := range s.d {
		if s.where[j] >= 0 {
			continue
		}
		switch {
		case s.lo[j] == s.up[j]:
			s.atUp[j] = false
		case s.d[j] < -dualTol:
			s.atUp[j] = true
		case s.d[j] > dualTol:
			s.atUp[j] = false
		}
		if s.atUp[j] {
			s.x[j] = s.up[j]
		} else {
			s.x[j] = s.lo[j]
		}
	}
}

// computePrimal sets the basic values from the nonbasic ones.
func (s *lpSolver) computePrimal() {
	m, n := s.m, s.n
	r := s.col
	copy(r, s.rhs)
	pr := s.pr
	for j := 0; j < n; j++ {
		if s.where[j] >= 0 || s.x[j] == 0 {
			continue
		}
		xj := s.x[j]
		for k := pr.colStart[j]; k < pr.colStart[j+1]; k++ {
			r[pr.colRow[k]] -= s.colVal[k] * xj
		}
	}
	for i := 0; i < m; i++ {
		if s.where[n+i] < 0 {
			r[i] -= s.x[n+i]
		}
	}
	for p := 0; p < m; p++ {
		row := s.binv[p*m : (p+1)*m]
		v := 0.0
		for k, b := range row {
			v += b * r[k]
		}
		s.x[s.basis[p]] = v
	}
}

// solve runs the dual simplex from the current basis with the current
// bounds. On lpInfeasible, infRow is the basis position whose row proves it.
func (s *lpSolver) solve(maxIter int) (st lpStatus, infRow int) {
	if !s.fresh || s.pivots >= 64 {
		s.refactor()
	}
	if !s.synced {
		s.setup()
	}
	check := !math.IsInf(s.cutoff, 1)
	if check {
		s.fixedValue()
	}
	for it := 0; it < maxIter; it++ {
		r := s.price()
		if r < 0 {
			return lpOptimal, -1
		}
		switch s.iterate(r) {
		case iterInfeasible:
			return lpInfeasible, r
		case iterRefactor:
			s.refactor()
			s.setup()
			if check {
				s.fixedValue()
			}
		}
		if s.pivots >= 64 {
			s.refactor()
			s.setup()
			if check {
				s.fixedValue()
			}
		}
		if check && s.value() >= s.cutoff {
			return lpCutoff, -1
		}
	}
	return lpIterLimit, -1
}

// fixedValue sets zFixed: the structurals fixed at 1 but those basic
// (a fixed variable is nonbasic at its value or basic; slacks cost
// nothing).
func (s *lpSolver) fixedValue() {
	z := s.ones
	for _, j := range s.basis {
		if int(j) < s.n && s.lo[j] == 1 {
			z -= s.cost[j]
		}
	}
	s.zFixed = z
}

// value is the objective of the current basic solution (min form).
func (s *lpSolver) value() float64 {
	z := s.zFixed
	for _, j := range s.active {
		z += s.cost[j] * s.x[j]
	}
	for _, j := range s.basis {
		z += s.cost[j] * s.x[j]
	}
	return z
}

// setup computes the active set, the reduced costs and the basic solution
// from the basis and the bounds.
func (s *lpSolver) setup() {
	s.buildActive()
	s.computeDuals()
	s.placeNonbasic()
	s.computePrimal()
	s.synced = true
}

// price picks the leaving position by dual steepest edge: the largest
// squared infeasibility over the squared norm of its row of B⁻¹.
func (s *lpSolver) price() int {
	m := s.m
	best, r := 0.0, -1
	x, lo, up, wt := s.x, s.lo, s.up, s.wt[:m]
	for p, j := range s.basis[:m] {
		v := x[j]
		var inf float64
		if l := lo[j]; v < l-primalTol {
			inf = l - v
		} else if u := up[j]; v > u+primalTol {
			inf = v - u
		} else {
			continue
		}
		w := wt[p]
		if w < 1e-12 {
			// Updates lost it to cancellation: the row's own.
			w = 0
			for _, b := range s.binv[p*m : (p+1)*m] {
				w += b * b
			}
			s.wt[p] = w
		}
		if sc := inf * inf / w; sc > best {
			best, r = sc, p
		}
	}
	return r
}

type iterResult int8

const (
	iterDone iterResult = iota
	iterInfeasible
	iterRefactor
)

// iterate makes one dual simplex iteration on leaving position r, with the
// bound-flipping ratio test.
func (s *lpSolver) iterate(r int) iterResult {
	m, n := s.m, s.n
	pr := s.pr
	k := int(s.basis[r])
	xk := s.x[k]
	var delta, target, sgn float64
	if xk < s.lo[k] {
		delta, target, sgn = s.lo[k]-xk, s.lo[k], -1
	} else {
		delta, target, sgn = xk-s.up[k], s.up[k], 1
	}
	rho := s.binv[r*m : (r+1)*m]

	// The pivot row over the variables that can enter, and the candidates.
	// The row is kept by position in active (alpha[idx] for active[idx]),
	// read in order by the dual update. The slices are held in locals: the
	// compiler reloads fields through s after every store.
	active := s.active
	alpha := s.alpha[:len(active)]
	colStart, colRow, colVal := pr.colStart, pr.colRow, s.colVal
	atUp, d := s.atUp, s.d
	cands := s.cands[:0]
	for idx, jj := range active {
		j := int(jj)
		var a float64
		if j < n {
			for kk := colStart[j]; kk < colStart[j+1]; kk++ {
				a += rho[colRow[kk]] * colVal[kk]
			}
		} else {
			a = rho[j-n]
		}
		alpha[idx] = a
		// A candidate moves its reduced cost toward zero: up from its
		// lower bound (ab > 0) or down from its upper one (ab < 0). The
		// signs are turned for the latter; negation is exact, so the
		// ratio is the same number.
		ab, dj := sgn*a, d[j]
		if atUp[j] {
			ab, dj = -ab, -dj
		}
		if ab > pivotTol {
			ratio := dj / ab
			if ratio < 0 {
				ratio = 0
			}
			cands = append(cands, ratioCand{j: jj, idx: int32(idx), ratio: ratio, abs: math.Abs(a)})
		}
	}
	s.cands = cands
	if len(s.cands) == 0 {
		return iterInfeasible
	}
	// Bound flipping: pass breakpoints, in increasing ratio, while the
	// primal infeasibility of the leaving row still decreases. The
	// candidates are ordered lazily (a selection step per breakpoint
	// passed), as few are passed.
	less := func(a, b ratioCand) bool {
		if a.ratio != b.ratio {
			return a.ratio < b.ratio
		}
		if a.abs != b.abs {
			return a.abs > b.abs
		}
		return a.j < b.j
	}
	slope := delta
	q, qi := -1, 0
	for ci := range s.cands {
		best := ci
		for cj := ci + 1; cj < len(s.cands); cj++ {
			if less(s.cands[cj], s.cands[best]) {
				best = cj
			}
		}
		s.cands[ci], s.cands[best] = s.cands[best], s.cands[ci]
		c := s.cands[ci]
		slope -= c.abs * (s.up[c.j] - s.lo[c.j])
		if slope <= 0 || ci == len(s.cands)-1 {
			q, qi = int(c.j), ci
			break
		}
	}
	if slope > primalTol*math.Max(1, delta) {
		// Even with every candidate flipped the row stays infeasible
		// (beyond the primal tolerance, which rounding in an updated
		// basic solution may reach): the dual is unbounded and the LP
		// infeasible.
		return iterInfeasible
	}
	// Among the candidates tied with q's ratio, take the largest pivot
	// (the rest are not sorted: look at all).
	for ci := qi + 1; ci < len(s.cands); ci++ {
		if s.cands[ci].ratio <= s.cands[qi].ratio+1e-12 && s.cands[ci].abs > s.cands[qi].abs {
			s.cands[qi], s.cands[ci] = s.cands[ci], s.cands[qi]
			q = int(s.cands[qi].j)
		}
	}
	if s.cands[qi].abs < 1e-7 && s.pivots > 0 {
		return iterRefactor
	}
	t := s.cands[qi].ratio

	// Dual update: the active variables, and the slacks that are not
	// (fixed ones), whose reduced costs are the row duals the bound uses.
	for idx, j := range active {
		if a := alpha[idx]; a != 0 {
			d[j] -= t * sgn * a
		}
	}
	for _, i := range s.fixedSlacks {
		if j := n + int(i); s.where[j] < 0 {
			s.d[j] -= t * sgn * rho[i]
		}
	}
	s.d[k] = -t * sgn
	s.d[q] = 0

	// Flips: the candidates before qi move to their other bound; the
	// basic variables move for them (through the few rows their columns
	// touch).
	s.accRow = s.accRow[:0]
	for _, c := range s.cands[:qi] {
		j := int(c.j)
		var dx float64
		if s.atUp[j] {
			s.atUp[j] = false
			dx = s.lo[j] - s.up[j]
			s.x[j] = s.lo[j]
		} else {
			s.atUp[j] = true
			dx = s.up[j] - s.lo[j]
			s.x[j] = s.up[j]
		}
		if j < n {
			for kk := pr.colStart[j]; kk < pr.colStart[j+1]; kk++ {
				s.accumulate(pr.colRow[kk], s.colVal[kk]*dx)
			}
		} else {
			s.accumulate(int32(j-n), dx)
		}
	}
	s.applyAcc()

	// The entering column.
	col := s.col[:m]
	binv := s.binv[:m*m]
	for i := range col {
		col[i] = 0
	}
	if q < n {
		for kk := colStart[q]; kk < colStart[q+1]; kk++ {
			i, v := int(colRow[kk]), colVal[kk]
			bi := binv[i:]
			for p := range col {
				col[p] += bi[p*m] * v
			}
		}
	} else {
		bi := binv[q-n:]
		for p := range col {
			col[p] = bi[p*m]
		}
	}
	if math.Abs(col[r]-alpha[s.cands[qi].idx]) > 1e-6*(1+math.Abs(col[r])) {
		return iterRefactor
	}
	theta := (s.x[k] - target) / col[r]
	x, basis := s.x, s.basis[:m]
	for p, c := range col {
		if c != 0 {
			x[basis[p]] -= theta * c
		}
	}
	s.x[q] += theta
	s.x[k] = target

	// Basis change.
	s.where[k] = -1
	s.atUp[k] = sgn > 0
	s.basis[r] = int32(q)
	s.where[q] = int32(r)
	s.atUp[q] = false
	s.deactivate(q)
	s.activate(k)
	if s.lo[k] == s.up[k] {
		s.zFixed += s.cost[k] * s.x[k]
	}
	piv := 1 / col[r]
	pivRow := binv[r*m : (r+1)*m]
	nz := s.nzIdx[:0]
	wr := 0.0
	for i := range pivRow {
		if pivRow[i] != 0 {
			pivRow[i] *= piv
			wr += pivRow[i] * pivRow[i]
			nz = append(nz, int32(i))
		}
	}
	s.nzIdx = nz
	wt := s.wt[:m]
	wt[r] = wr
	for p, f := range col {
		if p == r || f == 0 {
			continue
		}
		row := binv[p*m : (p+1)*m]
		dw := 0.0
		for _, i := range nz {
			old := row[i]
			v := old - f*pivRow[i]
			row[i] = v
			dw += v*v - old*old
		}
		wt[p] += dw
	}
	s.pivots++
	return iterDone
}
