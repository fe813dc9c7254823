package sensitivity

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"

	"github.com/prio-tool/prio/criteria"
)

// Monte Carlo shares with 10,000 samples are checked to ±0.02, as
// REFERENCE-VECTORS.md says.
const mcTolerance = 0.02

func near(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
		return
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s: got %v, want %v (±%v)", what, got, want, tol)
			return
		}
	}
}

func runSMAA(t *testing.T, p *Problem, model string, top int) *SMAAResult {
	t.Helper()
	res, err := SMAA(context.Background(), p, SMAAOptions{Samples: 10000, Seed: 20171127, Weights: criteria.WeightModel{Kind: model}, Top: top})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestSMAACaseA: REFERENCE-VECTORS.md SMAA-2 (a), Lahdelma & Salminen 2001:
// two criteria, A = (1, 0), B = (0, 1), C = (0.6, 0.6), no weight
// information. A is first when w1 > 0.6 (share 0.4), C when w1 is within
// [0.4, 0.6] (0.2).
func TestSMAACaseA(t *testing.T) {
	p := &Problem{
		IDs: []string{"A", "B", "C"}, Leaves: []string{"C1", "C2"}, Weights: []float64{0.5, 0.5},
		Values: []float64{1, 0, 0, 1, 0.6, 0.6},
	}
	res := runSMAA(t, p, criteria.WeightsFree, 1)
	near(t, "A acceptability", res.Acceptability[0], []float64{0.4, 0.1, 0.5}, mcTolerance)
	near(t, "B acceptability", res.Acceptability[1], []float64{0.4, 0.1, 0.5}, mcTolerance)
	near(t, "C acceptability", res.Acceptability[2], []float64{0.2, 0.8, 0.0}, mcTolerance)
	near(t, "A central weights", res.CentralWeights[0], []float64{0.8, 0.2}, mcTolerance)
	near(t, "B central weights", res.CentralWeights[1], []float64{0.2, 0.8}, mcTolerance)
	near(t, "C central weights", res.CentralWeights[2], []float64{0.5, 0.5}, mcTolerance)
	near(t, "confidence", res.Confidence, []float64{1, 1, 1}, 0)
	near(t, "top-1", res.TopK, []float64{0.4, 0.4, 0.2}, mcTolerance)
}

// TestSMAACaseB: REFERENCE-VECTORS.md SMAA-2 (b): three criteria, A = (1,0,0),
// B = (0,1,0), C = (0,0,1): each first with share 1/3; A's central weight is
// (11/18, 7/36, 7/36). A sampler that normalises independent uniforms gives
// about (0.523, 0.239, 0.238) and fails.
func TestSMAACaseB(t *testing.T) {
	p := &Problem{
		IDs: []string{"A", "B", "C"}, Leaves: []string{"C1", "C2", "C3"}, Weights: []float64{1.0 / 3, 1.0 / 3, 1.0 / 3},
		Values: []float64{1, 0, 0, 0, 1, 0, 0, 0, 1},
	}
	res := runSMAA(t, p, criteria.WeightsFree, 1)
	for i := range p.IDs {
		near(t, p.IDs[i]+" first", res.Acceptability[i][:1], []float64{1.0 / 3}, mcTolerance)
	}
	near(t, "A central weights", res.CentralWeights[0], []float64{11.0 / 18, 7.0 / 36, 7.0 / 36}, mcTolerance)
}

func sampleMean(t *testing.T, ws weightSampler, m, samples int, check func(w []float64)) []float64 {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	w := make([]float64, m)
	mean := make([]float64, m)
	for s := 0; s < samples; s++ {
		if err := ws.sample(rng, w); err != nil {
			t.Fatal(err)
		}
		total := 0.0
		for j := range w {
			mean[j] += w[j] / float64(samples)
			total += w[j]
		}
		if math.Abs(total-1) > 1e-12 {
			t.Fatalf("weights %v sum to %v", w, total)
		}
		if check != nil {
			check(w)
		}
	}
	return mean
}

// TestOrderModelMean: REFERENCE-VECTORS.md SMAA-2 (c): with w1 ≥ w2 ≥ w3 the
// mean of the sampled weights is the rank-order centroid (11/18, 5/18, 1/9)
// = (0.6111, 0.2778, 0.1111) (Barron & Barrett 1996).
func TestOrderModelMean(t *testing.T) {
	ws, err := newWeightSampler(criteria.WeightModel{Kind: criteria.WeightsOrder}, []float64{0.5, 0.3, 0.2})
	if err != nil {
		t.Fatal(err)
	}
	mean := sampleMean(t, ws, 3, 20000, func(w []float64) {
		if w[0] < w[1] || w[1] < w[2] {
			t.Fatalf("sample %v breaks the stated order", w)
		}
	})
	near(t, "mean", mean, []float64{11.0 / 18, 5.0 / 18, 1.0 / 9}, 0.01)

	// Equal stated weights are not ordered among themselves: with stated
	// (0.4, 0.4, 0.2) the first two share the top two sorted values, so
	// each has mean (11/18 + 5/18)/2 = 4/9; the third keeps 1/9.
	ws, _ = newWeightSampler(criteria.WeightModel{Kind: criteria.WeightsOrder}, []float64{0.4, 0.4, 0.2})
	mean = sampleMean(t, ws, 3, 20000, nil)
	near(t, "mean with a tie", mean, []float64{4.0 / 9, 4.0 / 9, 1.0 / 9}, 0.01)
}

// TestVaryModelUniform: the vary:R polytope is symmetric about the stated
// weights, so a uniform sampler's mean is the stated weights; and no sample
// leaves [w(1−R), w(1+R)].
func TestVaryModelUniform(t *testing.T) {
	stated := []float64{0.2625, 0.175, 0.25, 0.125, 0.09375, 0.09375}
	const r = 0.2
	ws, err := newWeightSampler(criteria.WeightModel{Kind: criteria.WeightsVary, Vary: r}, stated)
	if err != nil {
		t.Fatal(err)
	}
	mean := sampleMean(t, ws, len(stated), 40000, func(w []float64) {
		for j := range w {
			if w[j] < stated[j]*(1-r)-1e-15 || w[j] > stated[j]*(1+r)+1e-15 {
				t.Fatalf("sample %v leaves the bounds of leaf %d", w, j)
			}
		}
	})
	near(t, "mean", mean, stated, 0.002)
	// R = 0: no variation at all.
	ws, _ = newWeightSampler(criteria.WeightModel{Kind: criteria.WeightsVary, Vary: 0}, stated)
	near(t, "R = 0", sampleMean(t, ws, len(stated), 10, nil), stated, 1e-15)
}

// TestSMAADeterministic: the same seed gives identical results at
// GOMAXPROCS 1 and 2, counting every rank or ranks 1..K.
func TestSMAADeterministic(t *testing.T) {
	p := randomProblem(rand.New(rand.NewPCG(3, 4)), 40, 5)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, ranks := range []int{0, 7} {
		o := SMAAOptions{Samples: 3000, Seed: 99, Weights: criteria.WeightModel{Kind: criteria.WeightsVary, Vary: 0.3}, Top: 5, Pairwise: true, Ranks: ranks}
		runtime.GOMAXPROCS(1)
		one, err := SMAA(context.Background(), p, o)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GOMAXPROCS(2)
		two, err := SMAA(context.Background(), p, o)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(one, two) {
			t.Errorf("ranks %d: results differ between GOMAXPROCS 1 and 2", ranks)
		}
	}
}

func TestSMAACancel(t *testing.T) {
	p := randomProblem(rand.New(rand.NewPCG(3, 4)), 40, 5)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := SMAA(ctx, p, SMAAOptions{Samples: 100000, Weights: criteria.WeightModel{Kind: criteria.WeightsFree}, Top: 1}); err != context.Canceled {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestSMAARanks: counting ranks 1..K and the rest. Case (a) of
// REFERENCE-VECTORS.md with K = 1: A is first in 0.4 of the samples and
// lower in 0.6, B likewise, C first in 0.2 and lower in 0.8. With fixed
// weights (vary:0) and four investments scored 0.9, 0.7, 0.5, 0.3 every
// sample ranks them alike: with K = 2 the first two have their rank's
// share 1 and the rest 0, the last two no share at the listed ranks and
// the rest 1. K below Top is raised to Top; K of at least n counts every
// rank and gives no rest.
func TestSMAARanks(t *testing.T) {
	caseA := &Problem{
		IDs: []string{"A", "B", "C"}, Leaves: []string{"C1", "C2"}, Weights: []float64{0.5, 0.5},
		Values: []float64{1, 0, 0, 1, 0.6, 0.6},
	}
	res, err := SMAA(context.Background(), caseA, SMAAOptions{Samples: 10000, Seed: 20171127, Weights: criteria.WeightModel{Kind: criteria.WeightsFree}, Top: 1, Ranks: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{0.4, 0.4, 0.2} {
		near(t, caseA.IDs[i]+" acceptability", res.Acceptability[i], []float64{want}, mcTolerance)
	}
	near(t, "rest", res.Rest, []float64{0.6, 0.6, 0.8}, mcTolerance)
	near(t, "top-1", res.TopK, []float64{0.4, 0.4, 0.2}, mcTolerance)

	fixed := &Problem{
		IDs: []string{"A", "B", "C", "D"}, Leaves: []string{"C1", "C2"}, Weights: []float64{0.5, 0.5},
		Values: []float64{0.9, 0.9, 0.7, 0.7, 0.5, 0.5, 0.3, 0.3},
	}
	vary0 := criteria.WeightModel{Kind: criteria.WeightsVary, Vary: 0}
	for _, tc := range []struct {
		name       string
		top, ranks int
		accept     [][]float64
		rest, topK []float64
	}{
		{"K = 2", 1, 2, [][]float64{{1, 0}, {0, 1}, {0, 0}, {0, 0}}, []float64{0, 0, 1, 1}, []float64{1, 0, 0, 0}},
		{"K raised to top 3", 3, 2, [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, []float64{0, 0, 0, 1}, []float64{1, 1, 1, 0}},
		{"K of n", 1, 4, [][]float64{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}, nil, []float64{1, 0, 0, 0}},
		{"every rank", 2, 0, [][]float64{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}, nil, []float64{1, 1, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := SMAA(context.Background(), fixed, SMAAOptions{Samples: 700, Seed: 1, Weights: vary0, Top: tc.top, Ranks: tc.ranks})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Acceptability, tc.accept) || !reflect.DeepEqual(res.Rest, tc.rest) || !reflect.DeepEqual(res.TopK, tc.topK) {
				t.Errorf("acceptability %v, rest %v, top-k %v; want %v, %v, %v", res.Acceptability, res.Rest, res.TopK, tc.accept, tc.rest, tc.topK)
			}
			// Only A is ever first, at the stated weights.
			if !reflect.DeepEqual(res.CentralWeights[0], []float64{0.5, 0.5}) || res.CentralWeights[1] != nil || res.Confidence[0] != 1 {
				t.Errorf("central weights %v, confidence %v", res.CentralWeights, res.Confidence)
			}
		})
	}
}
