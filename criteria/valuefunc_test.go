package criteria

import (
	"math"
	"testing"
)

// Expected values are worked out by hand from the definitions in FORMATS.md §1.
func TestValueFunctions(t *testing.T) {
	linear := &ValueFunc{Form: FormLinear, Points: [][2]float64{{0, 0}, {2, 1}}}
	lowerBetter := &ValueFunc{Form: FormLinear, Points: [][2]float64{{100, 0}, {0, 1}}}
	extrapolating := &ValueFunc{Form: FormLinear, Points: [][2]float64{{0, 0}, {2, 1}}, Extrapolate: true}
	// The D1 function of the FORMATS.md example.
	piecewise := &ValueFunc{Form: FormPiecewise, Points: [][2]float64{{0, 1}, {10, 0.75}, {50, 0.5}, {100, 0.25}, {300, 0}}}
	steps := &ValueFunc{Form: FormSteps, Points: [][2]float64{{10, 0.2}, {50, 0.6}, {100, 1}}}
	tests := []struct {
		name string
		f    *ValueFunc
		x    float64
		want float64
	}{
		{"linear at a", linear, 0, 0},
		{"linear inside", linear, 1.62, 0.81},
		{"linear at b", linear, 2, 1},
		{"linear clamped above", linear, 5, 1},
		{"linear clamped below", linear, -1, 0},
		{"linear a > b: lower is better", lowerBetter, 25, 0.75},
		{"linear a > b beyond", lowerBetter, 150, 0},
		{"extrapolate above", extrapolating, 3, 1.5},
		{"extrapolate below", extrapolating, -1, -0.5},
		{"piecewise flat below", piecewise, -5, 1},
		{"piecewise at a point", piecewise, 10, 0.75},
		{"piecewise between 0 and 10", piecewise, 4, 0.9},    // 1 + 4/10 × (0.75 − 1)
		{"piecewise between 10 and 50", piecewise, 42, 0.55}, // 0.75 + 32/40 × (0.5 − 0.75)
		{"piecewise between 100 and 300", piecewise, 200, 0.125},
		{"piecewise flat above", piecewise, 1000, 0},
		{"steps below x1 gives v1", steps, 5, 0.2},
		{"steps at x1", steps, 10, 0.2},
		{"steps just below x2", steps, 49.999, 0.2},
		{"steps at x2", steps, 50, 0.6},
		{"steps from xn up", steps, 1e9, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.f.Apply(tc.x); math.Abs(got-tc.want) > 1e-15 {
				t.Errorf("Apply(%v) = %v, want %v", tc.x, got, tc.want)
			}
		})
	}
	levels := &ValueFunc{Form: FormLevels, Levels: []float64{0, 0.25, 0.5, 0.75, 1}}
	if got := levels.Level(4); got != 0.75 {
		t.Errorf("Level(4) = %v, want 0.75", got)
	}
}

func TestValueFuncString(t *testing.T) {
	for _, tc := range []struct {
		f    *ValueFunc
		want string
	}{
		{&ValueFunc{Form: FormLinear, Points: [][2]float64{{0, 0}, {2, 1}}}, "linear: [0, 2]"},
		{&ValueFunc{Form: FormPiecewise, Points: [][2]float64{{1, 1}, {2, 0.5}, {3, 0}}}, "piecewise: [[1, 1], [2, 0.5], [3, 0]]"},
		{&ValueFunc{Form: FormLevels, Levels: []float64{0, 1}}, "levels: [0, 1]"},
		{&ValueFunc{Form: FormLinear, Points: [][2]float64{{0, 0}, {2, 1}}, Extrapolate: true}, "linear: [0, 2], extrapolate"},
	} {
		if got := tc.f.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}
