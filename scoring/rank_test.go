package scoring

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompetitionOrder(t *testing.T) {
	tests := []struct {
		name      string
		scores    []float64
		ids       []string
		excluded  []bool
		wantOrder []string
		wantRanks map[string]int
	}{
		{
			// FORMATS.md §3: ties share the lowest rank, 1, 2, 2, 4; ties by id.
			name:      "competition ranking",
			scores:    []float64{0.5, 0.9, 0.5, 0.1},
			ids:       []string{"B", "A", "C", "D"},
			excluded:  []bool{false, false, false, false},
			wantOrder: []string{"A", "B", "C", "D"},
			wantRanks: map[string]int{"A": 1, "B": 2, "C": 2, "D": 4},
		},
		{
			// Within 1e-12 is a tie, listed by id even when the later id
			// has the higher exact score.
			name:      "near tie",
			scores:    []float64{0.7, 0.7 + 5e-13, 0.7 - 2e-12},
			ids:       []string{"A", "Z", "M"},
			excluded:  []bool{false, false, false},
			wantOrder: []string{"A", "Z", "M"},
			wantRanks: map[string]int{"A": 1, "Z": 1, "M": 3},
		},
		{
			name:      "excluded last by id, rank 0",
			scores:    []float64{0.99, 0.2, 0.3, 0.95},
			ids:       []string{"X2", "R1", "R2", "X1"},
			excluded:  []bool{true, false, false, true},
			wantOrder: []string{"R2", "R1", "X1", "X2"},
			wantRanks: map[string]int{"R2": 1, "R1": 2, "X1": 0, "X2": 0},
		},
		{
			name:      "three-way tie at the top",
			scores:    []float64{0.4, 0.4, 0.4, 0.6},
			ids:       []string{"c", "a", "b", "d"},
			excluded:  []bool{false, false, false, false},
			wantOrder: []string{"d", "a", "b", "c"},
			wantRanks: map[string]int{"d": 1, "a": 2, "b": 2, "c": 2},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			order, ranks := CompetitionOrder(tc.scores, tc.ids, tc.excluded)
			var gotOrder []string
			gotRanks := map[string]int{}
			for _, i := range order {
				gotOrder = append(gotOrder, tc.ids[i])
				gotRanks[tc.ids[i]] = ranks[i]
			}
			if diff := cmp.Diff(tc.wantOrder, gotOrder); diff != "" {
				t.Errorf("order (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantRanks, gotRanks); diff != "" {
				t.Errorf("ranks (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAggregateMareschal uses the weighted-sum example of Mareschal (1988),
// EJOR 33(1) 54–64, as REFERENCE-VECTORS.md gives it: scores A1 0.620,
// A2 0.570, A3 0.500, A4 0.435.
func TestAggregateMareschal(t *testing.T) {
	weights := []float64{0.45, 0.30, 0.25}
	values := []float64{
		0.9, 0.3, 0.5,
		0.4, 0.8, 0.6,
		0.6, 0.6, 0.2,
		0.2, 0.4, 0.9,
	}
	scores := make([]float64, 4)
	Aggregate(values, weights, scores)
	want := []float64{0.620, 0.570, 0.500, 0.435}
	for i := range want {
		if d := scores[i] - want[i]; d > 1e-12 || d < -1e-12 {
			t.Errorf("A%d: score %v, want %v", i+1, scores[i], want[i])
		}
	}
	order, ranks := CompetitionOrder(scores, []string{"A1", "A2", "A3", "A4"}, make([]bool, 4))
	if !cmp.Equal(order, []int{0, 1, 2, 3}) || !cmp.Equal(ranks, []int{1, 2, 3, 4}) {
		t.Errorf("order %v ranks %v, want A1..A4 ranked 1..4", order, ranks)
	}
}

// benchmarkMatrix is n investments × m criteria of values in [0, 1] with
// weights summing to 1, from a fixed seed.
func benchmarkMatrix(n, m int) (values, weights []float64, ids []string) {
	rng := rand.New(rand.NewPCG(1, 2))
	values = make([]float64, n*m)
	for i := range values {
		values[i] = rng.Float64()
	}
	weights = make([]float64, m)
	for j := range weights {
		weights[j] = 1 / float64(m)
	}
	ids = make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("INV-%05d", i)
	}
	return values, weights, ids
}

// BenchmarkAggregateRank: weighted score and competition ranking of 10,000
// investments × 12 criteria on computed values (DESIGN.md: numpy ≈ 1.9 ms).
func BenchmarkAggregateRank(b *testing.B) {
	const n, m = 10_000, 12
	values, weights, ids := benchmarkMatrix(n, m)
	scores := make([]float64, n)
	excluded := make([]bool, n)
	b.ResetTimer()
	for b.Loop() {
		Aggregate(values, weights, scores)
		CompetitionOrder(scores, ids, excluded)
	}
}
