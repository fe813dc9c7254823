package criteria

import (
	"math"
	"testing"
)

func closeTo(t *testing.T, what any, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s: got %v, want %v (±%v)", what, got, want, tol)
			return
		}
	}
}

// TestSurrogateWeights: REFERENCE-VECTORS.md, Barron & Barrett (1996), n = 4:
// ROC [0.5208, 0.2708, 0.1458, 0.0625]; rank-sum [0.4, 0.3, 0.2, 0.1];
// reciprocal [0.48, 0.24, 0.16, 0.12].
func TestSurrogateWeights(t *testing.T) {
	closeTo(t, "ROC", RankOrderCentroid(4), []float64{0.5208, 0.2708, 0.1458, 0.0625}, 1e-4)
	closeTo(t, "rank-sum", RankSum(4), []float64{0.4, 0.3, 0.2, 0.1}, 1e-12)
	closeTo(t, "reciprocal", RankReciprocal(4), []float64{0.48, 0.24, 0.16, 0.12}, 1e-12)
	w, err := Swing([]float64{100, 60, 40})
	if err != nil {
		t.Fatal(err)
	}
	closeTo(t, "swing", w, []float64{0.5, 0.3, 0.2}, 1e-12) // 100 : 60 : 40 over 200
}

// TestAHP: REFERENCE-VECTORS.md, the car example used in the R package MCDA
// tests, and the 3×3 example.
func TestAHP(t *testing.T) {
	criteria := [][]float64{{1, 1.0 / 2, 3}, {2, 1, 4}, {1.0 / 3, 1.0 / 4, 1}}
	res, err := AHP(criteria)
	if err != nil {
		t.Fatal(err)
	}
	closeTo(t, "criteria weights", res.Weights, []float64{0.3196, 0.5584, 0.1220}, 1e-4)

	style := [][]float64{{1, 1.0 / 4, 4, 1.0 / 6}, {4, 1, 4, 1.0 / 4}, {1.0 / 4, 1.0 / 4, 1, 1.0 / 5}, {6, 4, 5, 1}}
	reliability := [][]float64{{1, 2, 5, 1}, {1.0 / 2, 1, 3, 2}, {1.0 / 5, 1.0 / 3, 1, 1.0 / 4}, {1, 1.0 / 2, 4, 1}}
	fuel := [][]float64{{1, 2, 4, 1}, {1.0 / 2, 1, 3, 2}, {1.0 / 4, 1.0 / 3, 1, 1.0 / 5}, {1, 1.0 / 2, 5, 1}}
	var local [][]float64
	for _, m := range [][][]float64{style, reliability, fuel} {
		r, err := AHP(m)
		if err != nil {
			t.Fatal(err)
		}
		local = append(local, r.Weights)
	}
	overall := make([]float64, 4)
	for c, w := range res.Weights {
		for a := range overall {
			overall[a] += w * local[c][a]
		}
	}
	closeTo(t, "overall priorities", overall, []float64{0.2922, 0.2767, 0.0697, 0.3613}, 1e-4)

	s, _ := AHP(style)
	if math.Abs(s.Lambda-4.4347) > 1e-4 || math.Abs(s.CI-0.1449) > 1e-4 || math.Abs(s.CR-0.161) > 1e-3 {
		t.Errorf("style matrix: λ %v CI %v CR %v, want 4.4347, 0.1449, 0.161", s.Lambda, s.CI, s.CR)
	}

	three, err := AHP([][]float64{{1, 3, 5}, {1.0 / 3, 1, 3}, {1.0 / 5, 1.0 / 3, 1}})
	if err != nil {
		t.Fatal(err)
	}
	closeTo(t, "3×3 weights", three.Weights, []float64{0.6370, 0.2583, 0.1047}, 1e-4)
	if math.Abs(three.Lambda-3.0385) > 1e-4 || math.Abs(three.CR-0.0332) > 1e-4 {
		t.Errorf("3×3: λ %v CR %v, want 3.0385 and 0.0332", three.Lambda, three.CR)
	}
}

func TestAHPRejectsBadMatrices(t *testing.T) {
	for name, m := range map[string][][]float64{
		"not reciprocal": {{1, 3}, {3, 1}},
		"zero":           {{1, 0}, {0, 1}},
		"diagonal":       {{2, 1}, {1, 1}},
		"ragged":         {{1, 2}, {0.5}},
	} {
		if _, err := AHP(m); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
