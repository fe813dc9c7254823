package sensitivity

import (
	"math"
	"testing"

	"github.com/prio-tool/prio/criteria"
)

// TestWeightSamplerIsPerSample checks that sample k is the same whatever
// order samples are drawn in, and that vary:0.2 keeps every weight within
// ±20 % of the stated one and the sum at 1 (FORMATS.md §3).
func TestWeightSamplerIsPerSample(t *testing.T) {
	stated := []float64{0.5, 0.3, 0.2}
	ws, err := NewWeightSampler(criteria.WeightModel{Kind: criteria.WeightsVary, Vary: 0.2}, stated)
	if err != nil {
		t.Fatal(err)
	}
	a, b := make([]float64, 3), make([]float64, 3)
	if err := ws.Sample(7, 5, a); err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 5; k++ {
		if err := ws.Sample(7, k, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := ws.Sample(7, 5, b); err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for j := range a {
		if a[j] != b[j] {
			t.Fatalf("sample 5 differs by order: %v and %v", a, b)
		}
		if a[j] < stated[j]*0.8-1e-12 || a[j] > stated[j]*1.2+1e-12 {
			t.Errorf("weight %d = %v outside ±20 %% of %v", j, a[j], stated[j])
		}
		sum += a[j]
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("weights sum to %v", sum)
	}
}
