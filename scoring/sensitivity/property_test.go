package sensitivity

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// randomProblem makes a problem of n investments × m leaves with values
// uniform on [0, 1] and random weights, its investments put in rank order.
func randomProblem(rng *rand.Rand, n, m int) *Problem {
	w := make([]float64, m)
	total := 0.0
	for j := range w {
		w[j] = 0.05 + rng.Float64()
		total += w[j]
	}
	for j := range w {
		w[j] /= total
	}
	type inv struct {
		id     string
		values []float64
	}
	invs := make([]inv, n)
	for i := range invs {
		invs[i].id = fmt.Sprintf("I%02d", i)
		for j := 0; j < m; j++ {
			invs[i].values = append(invs[i].values, rng.Float64())
		}
	}
	score := func(v []float64) float64 {
		s := 0.0
		for j := range v {
			s += w[j] * v[j]
		}
		return s
	}
	sort.SliceStable(invs, func(a, b int) bool { return score(invs[a].values) > score(invs[b].values) })
	p := &Problem{Weights: w}
	for j := 0; j < m; j++ {
		p.Leaves = append(p.Leaves, fmt.Sprintf("C%d", j+1))
	}
	for _, iv := range invs {
		p.IDs = append(p.IDs, iv.id)
		p.Values = append(p.Values, iv.values...)
	}
	return p
}

// ranksWithWeight ranks the investments with leaf k's weight set to t and
// the others rescaled in proportion, computed directly from the definition
// (not with the code under test): competition ranks, ties within 1e-12.
func ranksWithWeight(p *Problem, k int, t float64) []int {
	m := p.M()
	w := make([]float64, m)
	for j := range w {
		if j == k {
			w[j] = t
		} else {
			w[j] = p.Weights[j] * (1 - t) / (1 - p.Weights[k])
		}
	}
	scores := make([]float64, p.N())
	for i := range scores {
		for j := 0; j < m; j++ {
			scores[i] += w[j] * p.Values[i*m+j]
		}
	}
	ranks := make([]int, len(scores))
	for i := range scores {
		ranks[i] = 1
		for j := range scores {
			if scores[j] > scores[i]+1e-12 {
				ranks[i]++
			}
		}
	}
	return ranks
}

// TestStabilityProperty: for random portfolios, no weight inside a reported
// full-ranking interval changes the ranking, and a weight just outside each
// finite bound does.
func TestStabilityProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(2017, 1127))
	for trial := 0; trial < 300; trial++ {
		n, m := 2+rng.IntN(25), 2+rng.IntN(5)
		p := randomProblem(rng, n, m)
		stab, err := StabilityIntervals(p, 3)
		if err != nil {
			t.Fatal(err)
		}
		for k, s := range stab {
			base := ranksWithWeight(p, k, p.Weights[k])
			lo, hi := s.Ranking[0], s.Ranking[1]
			if lo > p.Weights[k] || hi < p.Weights[k] {
				t.Fatalf("trial %d %s: interval %v does not hold the weight %v", trial, s.Leaf, s.Ranking, p.Weights[k])
			}
			for _, u := range []float64{0.001, 0.25, 0.5, 0.75, 0.999} {
				if x := lo + u*(hi-lo); !slices.Equal(ranksWithWeight(p, k, x), base) {
					t.Errorf("trial %d %s: weight %v inside %v changes the ranking", trial, s.Leaf, x, s.Ranking)
				}
			}
			const eps = 1e-7
			if lo > 0 && slices.Equal(ranksWithWeight(p, k, lo-eps), base) {
				t.Errorf("trial %d %s: weight just below %v keeps the ranking", trial, s.Leaf, lo)
			}
			if hi < 1 && slices.Equal(ranksWithWeight(p, k, hi+eps), base) {
				t.Errorf("trial %d %s: weight just above %v keeps the ranking", trial, s.Leaf, hi)
			}
			// The same for the top-3 set.
			inTop := func(ranks []int) []bool {
				out := make([]bool, len(ranks))
				for i, r := range ranks {
					out[i] = r <= 3
				}
				return out
			}
			baseTop := inTop(base)
			tlo, thi := s.TopK[0], s.TopK[1]
			for _, u := range []float64{0.001, 0.5, 0.999} {
				if x := tlo + u*(thi-tlo); !slices.Equal(inTop(ranksWithWeight(p, k, x)), baseTop) {
					t.Errorf("trial %d %s: weight %v inside top-3 interval %v changes the set", trial, s.Leaf, x, s.TopK)
				}
			}
			if tlo > 0 && slices.Equal(inTop(ranksWithWeight(p, k, tlo-eps)), baseTop) {
				t.Errorf("trial %d %s: weight just below %v keeps the top-3 set", trial, s.Leaf, tlo)
			}
			if thi < 1 && slices.Equal(inTop(ranksWithWeight(p, k, thi+eps)), baseTop) {
				t.Errorf("trial %d %s: weight just above %v keeps the top-3 set", trial, s.Leaf, thi)
			}
		}
	}
}
