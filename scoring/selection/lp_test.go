package selection

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// lpCertify checks, without trusting the solver, that its solution is an
// optimum of the LP relaxation over the box state: x meets every row and
// bound (to 1e-7 of the row's scale), and the Lagrangian bound of the row
// duals y ≥ 0 it reports, y·rhs + Σ_j max over the box of (c_j − y·A_j) x_j,
// equals obj·x (to 1e-7 relative). By weak duality no point of the box is
// worth more than that bound, so x is optimal.
func lpCertify(pr *ilp, lp *lpSolver, state []int8) error {
	n := pr.n
	for j := 0; j < n; j++ {
		x := lp.x[j]
		lo, up := 0.0, 1.0
		if state[j] != free {
			lo, up = float64(state[j]), float64(state[j])
		}
		if x < lo-1e-7 || x > up+1e-7 {
			return fmt.Errorf("x[%d] = %v outside [%v, %v]", j, x, lo, up)
		}
	}
	value := 0.0
	for j := 0; j < n; j++ {
		value += pr.obj[j] * lp.x[j]
	}
	for i := 0; i < pr.m; i++ {
		act, scale := 0.0, math.Abs(pr.rhs[i])
		for k := pr.rowStart[i]; k < pr.rowStart[i+1]; k++ {
			act += pr.rowVal[k] * lp.x[pr.rowCol[k]]
			scale = math.Max(scale, math.Abs(pr.rowVal[k]))
		}
		if act > pr.rhs[i]+1e-7*math.Max(1, scale) {
			return fmt.Errorf("row %d: activity %v over %v", i, act, pr.rhs[i])
		}
	}
	y := make([]float64, pr.m)
	L := 0.0
	for i := range y {
		y[i] = math.Max(0, lp.d[n+i]) * lp.rowScale[i] / lp.objScale
		L += y[i] * pr.rhs[i]
	}
	for j := 0; j < n; j++ {
		d := pr.obj[j]
		for k := pr.colStart[j]; k < pr.colStart[j+1]; k++ {
			d -= y[pr.colRow[k]] * pr.colVal[k]
		}
		switch {
		case state[j] == 1:
			L += d
		case state[j] == free && d > 0:
			L += d
		}
	}
	if math.Abs(L-value) > 1e-7*math.Max(1, math.Abs(value)) {
		return fmt.Errorf("bound %v from the duals, value %v", L, value)
	}
	return nil
}

// lpInstances are the programmes the LP tests walk: the benchmark family
// and random problems with rules.
func lpInstances() []*ilp {
	var out []*ilp
	for seed := uint64(1); seed <= 4; seed++ {
		out = append(out, compile(benchFamily(seed, 60, 4, 10, 3, 3), compileOptions{}).prog)
	}
	rng := rand.New(rand.NewPCG(3, 14))
	for k := 0; k < 12; k++ {
		p := genProblem(rng, genConfig{n: 8 + rng.IntN(30), budgets: 1 + rng.IntN(4), rules: true, tight: 0.2 + 0.6*rng.Float64(), limits: k%3 == 0})
		if p.Validate() != nil {
			continue
		}
		out = append(out, compile(p, compileOptions{}).prog)
	}
	return out
}

// TestLPWarmAgreesWithCold: along random walks through boxes (fixing
// units as a branch and bound dives, freeing them as it backtracks, trial
// fixings undone by restoring a snapshot, snapshots kept and restored as
// queued nodes are), the solver carried from box to box (syncBounds, its
// basic solution updated rather than recomputed) reaches an optimum each
// time, certified by its duals (lpCertify), of the value a solver started
// cold on the same box reaches, and says infeasible exactly when that one
// does.
func TestLPWarmAgreesWithCold(t *testing.T) {
	for k, pr := range lpInstances() {
		rng := rand.New(rand.NewPCG(uint64(k), 77))
		warm := newLP(pr)
		state := append([]int8(nil), pr.fixed...)
		var kept []struct {
			state []int8
			snap  lpSnap
		}
		check := func(step int, what string) {
			t.Helper()
			warm.syncBounds(state)
			st, _ := warm.solve(100000)
			cold := newLP(pr)
			cold.setBounds(state)
			cst, _ := cold.solve(100000)
			if (st == lpInfeasible) != (cst == lpInfeasible) || st == lpIterLimit || cst == lpIterLimit {
				t.Fatalf("instance %d step %d (%s): warm status %v, cold %v", k, step, what, st, cst)
			}
			if st != lpOptimal {
				return
			}
			if err := lpCertify(pr, warm, state); err != nil {
				t.Fatalf("instance %d step %d (%s): warm: %v", k, step, what, err)
			}
			if err := lpCertify(pr, cold, state); err != nil {
				t.Fatalf("instance %d step %d (%s): cold: %v", k, step, what, err)
			}
		}
		for step := 0; step < 200; step++ {
			j := rng.IntN(pr.n)
			switch r := rng.IntN(10); {
			case r < 5: // dive: fix a free unit
				if state[j] == free {
					state[j] = int8(rng.IntN(2))
				}
				check(step, "fix")
			case r < 7: // backtrack: free a unit the walk fixed
				if state[j] != free && pr.fixed[j] == free {
					state[j] = free
				}
				check(step, "free")
			case r < 8: // a strong-branching trial, undone
				if state[j] != free {
					continue
				}
				warm.syncBounds(state)
				warm.solve(100000)
				var sn lpSnap
				warm.snapshot(&sn)
				warm.fixVar(j, float64(rng.IntN(2)))
				warm.solve(100000)
				warm.restore(&sn)
				check(step, "trial")
			case r < 9: // queue the current node
				warm.syncBounds(state)
				warm.solve(100000)
				var e struct {
					state []int8
					snap  lpSnap
				}
				e.state = append([]int8(nil), state...)
				warm.snapshot(&e.snap)
				kept = append(kept, e)
			default: // take a queued node
				if len(kept) == 0 {
					continue
				}
				e := kept[len(kept)-1]
				kept = kept[:len(kept)-1]
				copy(state, e.state)
				warm.restore(&e.snap)
				check(step, "restore")
			}
		}
	}
}

// TestRefactorInvertsBasis: the basis inverse the solver computes (by the
// structure of slack and structural columns, or by elimination) times the
// basis matrix is the identity, for the bases the LP ends with over random
// boxes.
func TestRefactorInvertsBasis(t *testing.T) {
	for k, pr := range lpInstances() {
		rng := rand.New(rand.NewPCG(uint64(k), 78))
		lp := newLP(pr)
		m := pr.m
		col := make([]float64, m)
		for step := 0; step < 30; step++ {
			state := append([]int8(nil), pr.fixed...)
			for j := range state {
				if state[j] == free && rng.IntN(4) == 0 {
					state[j] = int8(rng.IntN(2))
				}
			}
			lp.setBounds(state)
			lp.solve(100000)
			lp.refactor()
			for r := 0; r < m; r++ {
				lp.columnInto(int(lp.basis[r]), col)
				for p := 0; p < m; p++ {
					v := 0.0
					for i := 0; i < m; i++ {
						v += lp.binv[p*m+i] * col[i]
					}
					want := 0.0
					if p == r {
						want = 1
					}
					if math.Abs(v-want) > 1e-9 {
						t.Fatalf("instance %d step %d: (B⁻¹B)[%d][%d] = %v", k, step, p, r, v)
					}
				}
			}
		}
	}
}
