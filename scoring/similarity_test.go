package scoring

import (
	"math"
	"testing"
)

// TestSimilarity: REFERENCE-VECTORS.md, Sałabun & Urbaniak (2020): R =
// [1,2,3,4,5] against Q = [1,3,2,4,5]: Spearman 0.9, weighted Spearman
// 0.8833, WS 0.8542, Kendall τ 0.8; a swap at the top, Q = [2,1,3,4,5], WS
// 0.7917; at the bottom, Q = [1,2,3,5,4], WS 0.9714.
func TestSimilarity(t *testing.T) {
	r := []float64{1, 2, 3, 4, 5}
	q := []float64{1, 3, 2, 4, 5}
	for _, tc := range []struct {
		name string
		got  float64
		want float64
	}{
		{"Spearman", Spearman(r, q), 0.9},
		{"weighted Spearman", WeightedSpearman(r, q), 0.8833},
		{"WS", WS(r, q), 0.8542},
		{"Kendall τ", KendallTauB(r, q), 0.8},
		{"WS top swap", WS(r, []float64{2, 1, 3, 4, 5}), 0.7917},
		{"WS bottom swap", WS(r, []float64{1, 2, 3, 5, 4}), 0.9714},
		{"identical", WS(r, r), 1},
	} {
		if math.Abs(tc.got-tc.want) > 1e-4 {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

// TestAverageRanks: scores 0.9, 0.5, 0.5, 0.1 rank 1, 2.5, 2.5, 4; with
// ties Kendall's τ-b against the strict 1..4 is (5 − 0)/√(6·5) = 0.9129
// (one pair tied in one ranking only).
func TestAverageRanks(t *testing.T) {
	got := AverageRanks([]float64{0.5, 0.9, 0.1, 0.5})
	want := []float64{2.5, 1, 4, 2.5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("AverageRanks = %v, want %v", got, want)
		}
	}
	if tau := KendallTauB([]float64{2, 1, 4, 3}, got); math.Abs(tau-5/math.Sqrt(30)) > 1e-12 {
		t.Errorf("τ-b = %v, want 5/√30", tau)
	}
}
