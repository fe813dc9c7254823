package sensitivity

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/prio-tool/prio/criteria"
)

// BenchmarkSMAA: SMAA-2 with 10,000 weight samples (free model) and the full
// acceptability matrix, for 1,000 and 200 investments × 12 criteria
// (DESIGN.md: numpy ≈ 0.55 s for the first; target ≤ 0.12 s on 2 cores).
func BenchmarkSMAA(b *testing.B) {
	for _, n := range []int{1000, 200} {
		p := randomProblem(rand.New(rand.NewPCG(5, 6)), n, 12)
		o := SMAAOptions{Samples: 10000, Seed: 1, Weights: criteria.WeightModel{Kind: criteria.WeightsFree}, Top: 5}
		b.Run(map[int]string{1000: "10000x1000x12", 200: "10000x200x12"}[n], func(b *testing.B) {
			for b.Loop() {
				if _, err := SMAA(context.Background(), p, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
