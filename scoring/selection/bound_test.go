package selection

import (
	"math"
	"math/rand/v2"
	"testing"
)

// boxMax is, by enumeration, the largest obj·x over the 0-1 points of the
// box state that meet every row (-Inf if none).
func boxMax(pr *ilp, state []int8) float64 {
	var free []int
	for j, v := range state {
		if v == -1 {
			free = append(free, j)
		}
	}
	best := math.Inf(-1)
	x := make([]int8, pr.n)
	for mask := 0; mask < 1<<len(free); mask++ {
		for j, v := range state {
			x[j] = max(v, 0)
		}
		for k, j := range free {
			x[j] = int8(mask >> k & 1)
		}
		ok := true
		for i := 0; i < pr.m && ok; i++ {
			s := 0.0
			for k := pr.rowStart[i]; k < pr.rowStart[i+1]; k++ {
				s += pr.rowVal[k] * float64(x[pr.rowCol[k]])
			}
			ok = s <= pr.rhs[i]
		}
		if ok {
			best = math.Max(best, pr.value(x))
		}
	}
	return best
}

// TestLagrangeBoxBounds: the node bound summed over the free units only,
// the fixed ones counted through the propagator's activities (with one
// more fixing the propagator does not hold, as a strong-branching trial
// has), is the full Lagrangian bound (to 1e-9 of the problem's scale) and,
// for the LP's duals and for random multipliers alike, at least the best
// value of the box found by enumeration: weak duality, which every pruning
// by stored or foreign multipliers rests on.
func TestLagrangeBoxBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 12))
	checked := 0
	for k := 0; k < 150; k++ {
		p := genProblem(rng, genConfig{n: 4 + rng.IntN(9), budgets: 1 + rng.IntN(3), intVals: k%2 == 0, rules: true,
			tight: 0.2 + 0.6*rng.Float64(), limits: k%3 == 0})
		if p.Validate() != nil {
			t.Fatalf("instance %d: the generator made an invalid problem", k)
		}
		pr := compile(p, compileOptions{}).prog
		sr := newSearcher(pr)
		scale := 1.0
		for _, v := range pr.obj {
			scale += math.Abs(v)
		}
		for step := 0; step < 6; step++ {
			state := append([]int8(nil), pr.fixed...)
			for j := range state {
				if state[j] == free && rng.IntN(3) == 0 {
					state[j] = int8(rng.IntN(2))
				}
			}
			var trail []int32
			if !sr.prop.run(state, &trail) {
				continue
			}
			sr.lp.setBounds(state)
			if st, _ := sr.lp.solve(100000); st != lpOptimal {
				continue
			}
			sr.lpDuals()
			ys := [][]float64{append([]float64(nil), sr.y...)}
			for r := 0; r < 2; r++ {
				y := make([]float64, pr.m)
				for i := range y {
					if rng.IntN(2) == 0 {
						y[i] = 5 * rng.Float64()
					}
				}
				ys = append(ys, y)
			}
			for _, y := range ys {
				box := sr.lagrangeBox(y, state, sr.freeUnits(state), nil, -1)
				full := sr.lagrangeWith(y, state, nil)
				if math.Abs(box-full) > 1e-9*scale {
					t.Fatalf("instance %d: box bound %v, full %v", k, box, full)
				}
				if want := boxMax(pr, state); box < want {
					t.Fatalf("instance %d: bound %v under the box's best %v", k, box, want)
				}
				// One more fixing, in state only.
				units := sr.freeUnits(state)
				for j := range state {
					if state[j] != free {
						continue
					}
					for v := int8(0); v < 2; v++ {
						state[j] = v
						trial := sr.lagrangeBox(y, state, units, nil, int32(j)<<1|int32(v))
						if full := sr.lagrangeWith(y, state, nil); math.Abs(trial-full) > 1e-9*scale {
							t.Fatalf("instance %d: trial bound %v, full %v", k, trial, full)
						}
						if want := boxMax(pr, state); trial < want {
							t.Fatalf("instance %d: trial bound %v under the box's best %v", k, trial, want)
						}
					}
					state[j] = free
					break
				}
				checked++
			}
		}
	}
	if checked < 300 {
		t.Fatalf("only %d boxes checked", checked)
	}
}
