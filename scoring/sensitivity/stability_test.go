package sensitivity

import (
	"math"
	"slices"
	"testing"
)

// mareschal is the weighted-sum example of Mareschal (1988), EJOR 33(1)
// 54–64, as REFERENCE-VECTORS.md gives it: scores A1 0.620, A2 0.570,
// A3 0.500, A4 0.435, so the rank order is A1..A4.
func mareschal() *Problem {
	return &Problem{
		IDs:     []string{"A1", "A2", "A3", "A4"},
		Leaves:  []string{"C1", "C2", "C3"},
		Weights: []float64{0.45, 0.30, 0.25},
		Values: []float64{
			0.9, 0.3, 0.5,
			0.4, 0.8, 0.6,
			0.6, 0.6, 0.2,
			0.2, 0.4, 0.9,
		},
	}
}

// TestMareschalStability checks all twelve bounds of REFERENCE-VECTORS.md
// (printed to 4 decimals: tolerance 1e-4) and the pairs that swap at the
// full-ranking bounds, worked out by hand. With leaf k varied, an
// investment's score is R + t·(v_k − R), R the score of the other leaves
// rescaled to sum 1:
//
//	C1 (R, slope): A1 (0.3909, 0.5091), A2 (0.7091, −0.3091), A3 (0.4182, 0.1818), A4 (0.6273, −0.4273).
//	   A1/A2 cross at 0.3889: below it A2 overtakes A1. A2/A3 at 0.5926:
//	   above it A3 overtakes A2.
//	C2: A1 (0.7571, −0.4571), A2 (0.4714, 0.3286), A3 (0.4571, 0.1429), A4 (0.45, −0.05).
//	   A1/A2 cross at 0.3636: above it A2 overtakes A1; nothing below.
//	C3: A1 (0.66, −0.16), A2 (0.56, 0.04), A3 (0.6, −0.4), A4 (0.28, 0.62).
//	   A2/A3 cross at 0.0909: below it A3 overtakes A2. A3/A4 at 0.3137:
//	   above it A4 overtakes A3 (before A1/A2 at 0.5). Top 1: A1/A4 at 0.4872.
func TestMareschalStability(t *testing.T) {
	got, err := StabilityIntervals(mareschal(), 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		ranking, top [2]float64
		below, above *Swap
	}{
		{[2]float64{0.3889, 0.5926}, [2]float64{0.3889, 1}, &Swap{0.3889, "A2", "A1"}, &Swap{0.5926, "A3", "A2"}},
		{[2]float64{0, 0.3636}, [2]float64{0, 0.3636}, nil, &Swap{0.3636, "A2", "A1"}},
		{[2]float64{0.0909, 0.3137}, [2]float64{0, 0.4872}, &Swap{0.0909, "A3", "A2"}, &Swap{0.3137, "A4", "A3"}},
	}
	sameSwap := func(a, b *Swap) bool {
		if a == nil || b == nil {
			return a == b
		}
		return math.Abs(a.At-b.At) < 1e-4 && a.Up == b.Up && a.Down == b.Down
	}
	for k, w := range want {
		g := got[k]
		for b := 0; b < 2; b++ {
			if math.Abs(g.Ranking[b]-w.ranking[b]) > 1e-4 || math.Abs(g.TopK[b]-w.top[b]) > 1e-4 {
				t.Errorf("%s: ranking %v top-1 %v, want %v and %v", g.Leaf, g.Ranking, g.TopK, w.ranking, w.top)
			}
		}
		if !sameSwap(g.Below, w.below) || !sameSwap(g.Above, w.above) {
			t.Errorf("%s: swaps below %+v above %+v, want %+v and %+v", g.Leaf, g.Below, g.Above, w.below, w.above)
		}
	}
}

// TestWeightSet: the set gives each weight once, in increasing order,
// whether it lists them (few), holds them as bits (many within a narrow
// span), or, for a wide span or a weight outside its span, in a map. The
// weights are written by hand around 0.1, one float64 apart
// (math.Nextafter) and a tie tolerance apart, or k/2048.
func TestWeightSet(t *testing.T) {
	const t0 = 0.1
	up := math.Nextafter(t0, 1)
	down := math.Nextafter(t0, 0)
	// 1,500 consecutive float64s from t0 up, each added twice, backwards.
	var run, runTwice []float64
	for u, i := t0, 0; i < 1500; u, i = math.Nextafter(u, 1), i+1 {
		run = append(run, u)
	}
	for i := len(run) - 1; i >= 0; i-- {
		runTwice = append(runTwice, run[i], run[i])
	}
	// k/2048 for k = 0..1499, added in a scrambled order, twice.
	var grid, gridTwice []float64
	for k := 0; k < 1500; k++ {
		grid = append(grid, float64(k)/2048)
	}
	for i := 0; i < 3000; i++ {
		gridTwice = append(gridTwice, grid[(i*7919)%1500])
	}
	for _, tc := range []struct {
		name   string
		lo, hi float64
		add    []float64
		want   []float64
	}{
		{"few", t0 - 3e-12, t0 + 3e-12, []float64{up, t0, down, t0, up, t0 + 2e-12}, []float64{down, t0, up, t0 + 2e-12}},
		{"few around 0", -3e-12, 3e-12, []float64{1e-12, 0, math.Copysign(0, -1), 1e-12}, []float64{0, 1e-12}},
		{"many in a narrow span", t0 - 3e-12, t0 + 3e-12, runTwice, run},
		{"many in a wide span", 0, 1, gridTwice, grid},
		{"many, then one outside the span", t0 - 3e-12, t0 + 3e-12, append(slices.Clone(runTwice), 0.5, down), append(append([]float64{down}, run...), 0.5)},
		{"many around 0, −0 among them", -3e-12, 3e-12, append(slices.Clone(gridTwice[:2000]), math.Copysign(0, -1)), grid[:1500]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newWeightSet(tc.lo, tc.hi)
			for _, u := range tc.add {
				s.add(u)
			}
			got := s.sorted()
			if !slices.Equal(got, tc.want) || (len(got) > 0 && math.Signbit(got[0])) {
				t.Errorf("got %d weights %v…, want %d %v…", len(got), got[:min(4, len(got))], len(tc.want), tc.want[:min(4, len(tc.want))])
			}
		})
	}
}
