package sensitivity

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestRankerCompetition(t *testing.T) {
	r := newRanker(6)
	// By hand: 0.9 first; 0.5, 0.5 + 1e-13 and 0.5 tie at 2; 0.1 fifth;
	// 0.1 − 2e-12 sixth (beyond the tolerance).
	scores := []float64{0.5, 0.9, 0.5 + 1e-13, 0.1, 0.5, 0.1 - 2e-12}
	r.rank(scores)
	if want := []int32{2, 1, 2, 5, 2, 6}; !slices.Equal(r.ranks, want) {
		t.Errorf("ranks %v, want %v", r.ranks, want)
	}
	r.rank([]float64{0.3, 0.3, 0.3, 0.3, 0.3, 0.3})
	if want := []int32{1, 1, 1, 1, 1, 1}; !slices.Equal(r.ranks, want) {
		t.Errorf("all tied: ranks %v, want %v", r.ranks, want)
	}
}

// TestRankerAgreesWithCounting compares the bucket ranker with the
// definition: rank = 1 + the number of scores above the group's lead.
func TestRankerAgreesWithCounting(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		n := 1 + rng.IntN(300)
		scores := make([]float64, n)
		for i := range scores {
			switch rng.IntN(4) {
			case 0: // clustered values, to make full buckets and ties
				scores[i] = float64(rng.IntN(5)) / 4
			default:
				scores[i] = rng.Float64()
			}
		}
		r := newRanker(n)
		r.rank(scores)
		sorted := slices.Clone(scores)
		slices.SortFunc(sorted, func(a, b float64) int {
			switch {
			case a > b:
				return -1
			case a < b:
				return 1
			}
			return 0
		})
		for i, s := range scores {
			// Exact scores here are distinct or equal (no near ties), so
			// the rank is 1 + the count of strictly greater scores.
			want := int32(1)
			for _, o := range scores {
				if o > s {
					want++
				}
			}
			if r.ranks[i] != want {
				t.Fatalf("trial %d: score %v has rank %d, want %d", trial, s, r.ranks[i], want)
			}
		}
		for p := 1; p < n; p++ {
			if scores[r.order[p]] > scores[r.order[p-1]] {
				t.Fatalf("trial %d: order not decreasing at %d", trial, p)
			}
		}
	}
}
