package sensitivity

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSweepMareschal: the one-at-a-time sweep of C1 in the Mareschal
// example. By hand, with the lines of TestMareschalStability, the pairs
// cross at A1/A3 0.0833, A1/A4 0.2524, A3/A4 0.3433, A1/A2 0.3889 and A2/A3
// 0.5926 (A2/A4 cross below 0); the orders in between, evaluated at a point
// inside each piece, are below.
func TestSweepMareschal(t *testing.T) {
	pieces, err := Sweep(mareschal(), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Piece{
		{0, 0.0833, []string{"A2", "A4", "A3", "A1"}},
		{0.0833, 0.2524, []string{"A2", "A4", "A1", "A3"}},
		{0.2524, 0.3433, []string{"A2", "A1", "A4", "A3"}},
		{0.3433, 0.3889, []string{"A2", "A1", "A3", "A4"}},
		{0.3889, 0.5926, []string{"A1", "A2", "A3", "A4"}},
		{0.5926, 1, []string{"A1", "A3", "A2", "A4"}},
	}
	if diff := cmp.Diff(want, pieces, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-4 })); diff != "" {
		t.Errorf("sweep (-want +got):\n%s", diff)
	}
}

// TestTornadoMareschal: C1 moving over [0.36, 0.54] (R = 0.2) passes only
// the A1/A2 crossing at 0.3889, where they tie for rank 1: A1 and A2 range
// over ranks 1–2, A3 and A4 stay 3rd and 4th.
func TestTornadoMareschal(t *testing.T) {
	got, err := Tornado(mareschal(), 0, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	want := []RankRange{{1, 2}, {1, 2}, {3, 3}, {4, 4}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tornado (-want +got):\n%s", diff)
	}
}

// TestMissingRanks, by hand: weights 0.5, 0.5. X = (0.8, missing), so its
// score is in [0.4, 0.9]; Y = (0.6, 0.6) scores 0.6; Z = (0.2, 0.3) 0.25.
// X: best 1 (0.9 above all), worst 2 (Y's 0.6 above 0.4). Y: best 1 (X at
// 0.4), worst 2 (X at 0.9). Z: 3 either way. With top 1, X and Y depend on
// X's missing cell; Z does not.
func TestMissingRanks(t *testing.T) {
	p := &Problem{
		IDs: []string{"X", "Y", "Z"}, Leaves: []string{"C1", "C2"}, Weights: []float64{0.5, 0.5},
		Values:  []float64{0.8, 0, 0.6, 0.6, 0.2, 0.3},
		Missing: []bool{false, true, false, false, false, false},
		Cells:   [][]string{{"a.xlsx: S!B2"}, {"a.xlsx: S!C2"}, {"a.xlsx: S!B3"}, {"a.xlsx: S!C3"}, {"a.xlsx: S!B4"}, {"a.xlsx: S!C4"}},
	}
	if diff := cmp.Diff([]RankRange{{1, 2}, {1, 2}, {3, 3}}, MissingRanks(p)); diff != "" {
		t.Errorf("rank ranges (-want +got):\n%s", diff)
	}
	want := []Decisive{{"X", []string{"a.xlsx: S!C2"}}, {"Y", []string{"a.xlsx: S!C2"}}}
	if diff := cmp.Diff(want, MissingDecisive(p, 1)); diff != "" {
		t.Errorf("decisive (-want +got):\n%s", diff)
	}
	if got := MissingDecisive(p, 2); len(got) != 0 {
		t.Errorf("top 2: %v, want none (X and Y are in the top 2 either way)", got)
	}
}
