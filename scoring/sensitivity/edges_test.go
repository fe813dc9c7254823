package sensitivity

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/scoring"
)

// analyseFiles runs every analysis, sweeps included, on a criteria set and
// a portfolio of testdata/sensitivity (the reproductions of issue 11,
// items 11–15), with a few samples: these tests check the exact analyses.
func analyseFiles(t *testing.T, set, csv string, top int) *Result {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "sensitivity")
	cs, err := criteria.Load(filepath.Join(dir, set))
	if err != nil {
		t.Fatal(err)
	}
	p, err := importers.ReadFiles(cs, []string{filepath.Join(dir, csv)}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := scoring.Score(cs, p)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Analyse(context.Background(), cs, p, res, Options{Samples: 100, Seed: 1, Weights: DefaultOptions.Weights, Top: top, Sweeps: true})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTopKTies (issue 11, item 11): ties-top.csv with ties.yaml, K and F
// weighing 0.5 each. A = (1, 1) scores 1; B = (0.6, 0.4), C = (0.4, 0.6)
// and D = (0.5, 0.5) all score 0.5, tied at rank 2 (places 2–4); E =
// (0, 0.2) scores 0.1. With K's weight t (F's 1 − t) their lines are
// B 0.4 + 0.2t, C 0.6 − 0.2t, D 0.5: the three meet at t = 0.5 and part on
// either side (above, B 2nd, D 3rd, C 4th; below, C, D, B); A stays at 1 and
// E at 0.2 − 0.2t, below them all. So the full ranking changes at 0.5 on
// both sides. With top 2 or 3 the tied three are all in the top k at 0.5
// and one or two of them leave it either way: the interval is [0.5, 0.5].
// With top 4 they stay in it (ranks 2, 3, 4) and E never reaches them:
// [0, 1]. F is K mirrored.
func TestTopKTies(t *testing.T) {
	for _, tt := range []struct {
		top  int
		want [2]float64
	}{{2, [2]float64{0.5, 0.5}}, {3, [2]float64{0.5, 0.5}}, {4, [2]float64{0, 1}}} {
		out := analyseFiles(t, "ties.yaml", "ties-top.csv", tt.top)
		for _, s := range out.Stability {
			if s.TopK != tt.want {
				t.Errorf("top %d, %s: top-k interval %v, want %v", tt.top, s.Leaf, s.TopK, tt.want)
			}
			if s.Ranking != [2]float64{0.5, 0.5} {
				t.Errorf("top %d, %s: ranking interval %v, want [0.5, 0.5]", tt.top, s.Leaf, s.Ranking)
			}
		}
		// Below 0.5 on K the flatter C gains on B, the first tied pair in
		// rank order (B, C, D: ties by id); above it the steeper B.
		k := out.Stability[0]
		if diff := cmp.Diff([]*Swap{{0.5, "C", "B"}, {0.5, "B", "C"}}, []*Swap{k.Below, k.Above}); diff != "" {
			t.Errorf("K's swaps (-want +got):\n%s", diff)
		}
	}
}

// TestSameLineNeverCrosses (issue 11, item 12): ties-same.csv with
// edges.yaml. A = (0.5; 0.1, 0.2, 0.3) and B = (0.5; 0.3, 0.2, 0.1) have
// the same value on K and, on paper, the same score from P, Q and R:
// (0.1 + 0.2 + 0.3) × 0.25 / 0.75 = 0.2, though floating point gives
// 0.20000000000000004 and 0.19999999999999998. Their lines for K are both
// 0.2 + 0.3t: they never cross. C = (0.1; 0.1, 0.1, 0.1) is 0.1 for any t,
// below them. So K's ranking stays the same over [0, 1] with no swap, and
// the sweep has one piece. (Before: [0.25, 0.25], "B overtakes A".)
func TestSameLineNeverCrosses(t *testing.T) {
	out := analyseFiles(t, "edges.yaml", "ties-same.csv", 1)
	k := out.Stability[0]
	if k.Ranking != [2]float64{0, 1} || k.TopK != [2]float64{0, 1} || k.Below != nil || k.Above != nil {
		t.Errorf("K: %+v, want ranking and top-1 [0, 1] and no swaps", k)
	}
	if diff := cmp.Diff([]Piece{{0, 1, []string{"A", "B", "C"}}}, out.Sweeps[0]); diff != "" {
		t.Errorf("K's sweep (-want +got):\n%s", diff)
	}
	// On P they are tied at 0.25 but part: A is 1/3 + t(0.1 − 1/3) and B
	// 4/15 + t(0.3 − 4/15), both 33/120 at t = 0.25. Below it the flatter A
	// gains, above it B.
	pl := out.Stability[1]
	if pl.Ranking != [2]float64{0.25, 0.25} || pl.TopK != [2]float64{0.25, 0.25} {
		t.Errorf("P: ranking %v top-1 %v, want [0.25, 0.25] twice", pl.Ranking, pl.TopK)
	}
	if diff := cmp.Diff([]*Swap{{0.25, "A", "B"}, {0.25, "B", "A"}}, []*Swap{pl.Below, pl.Above}); diff != "" {
		t.Errorf("P's swaps (-want +got):\n%s", diff)
	}
}

// TestCrossingAtTheEnds (issue 11, item 15): lines that meet at weight 0 or
// 1 cross there exactly, a bound with no swap, and no sweep has a piece of
// zero width.
//
// ties-bounds.csv: A = (0.8; 0.3, 0.2, 0.1) and B = (0.4; 0.1, 0.2, 0.3)
// score 0.2 from P, Q and R on paper (see TestSameLineNeverCrosses), so
// their lines for K are 0.2 + 0.6t and 0.2 + 0.2t: they meet at t = 0, and
// for t > 0 A is above. (Before: the bound was 1.3877787807814452e-16 with
// "B overtakes A", and the sweep began with a piece that wide.)
//
// ties-one.csv: A = (0.7; 0.1, 0.1, 0.3) and B = (0.7; 0.1, 0.1, 0.1): from
// P, Q, R A scores 0.125/0.75 = 1/6 and B 0.1, so their lines are
// 1/6 + t(0.7 − 1/6) and 0.1 + 0.6t: they meet at t = 1, where both are
// 0.7, and below it A is above. (Before: 0.9999999999999998.)
func TestCrossingAtTheEnds(t *testing.T) {
	for _, csv := range []string{"ties-bounds.csv", "ties-one.csv"} {
		out := analyseFiles(t, "edges.yaml", csv, 1)
		k := out.Stability[0]
		if k.Ranking != [2]float64{0, 1} || k.TopK != [2]float64{0, 1} || k.Below != nil || k.Above != nil {
			t.Errorf("%s: K: %+v, want ranking and top-1 [0, 1] and no swaps", csv, k)
		}
		if diff := cmp.Diff([]Piece{{0, 1, []string{"A", "B"}}}, out.Sweeps[0]); diff != "" {
			t.Errorf("%s: K's sweep (-want +got):\n%s", csv, diff)
		}
	}
}

// TestRankRangeTieRule (issue 11, item 13): ties-rank-range.csv with
// ties.yaml. Scores are 0.5 × K + 0.5: A 0.75, B 0.75 − 0.8e-12 and C
// 0.75 − 1.6e-12. The ranking's rule groups scores within 1e-12 of the
// first of their group: B shares A's rank 1; C is 1.6e-12 below A, so it
// starts a group at place 3: rank 3. Nothing is missing, so each rank range
// is the rank itself. (Before: C's range was [2, 2], from counting the
// scores more than 1e-12 above its own.) The tornado and acceptabilities
// use the same rule.
func TestRankRangeTieRule(t *testing.T) {
	out := analyseFiles(t, "ties.yaml", "ties-rank-range.csv", 1)
	var ranks []int
	var ranges []RankRange
	for _, inv := range out.Investments {
		ranks = append(ranks, inv.Rank)
		ranges = append(ranges, inv.RankRange)
	}
	if diff := cmp.Diff([]int{1, 1, 3}, ranks); diff != "" {
		t.Errorf("ranks (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]RankRange{{1, 1}, {1, 1}, {3, 3}}, ranges); diff != "" {
		t.Errorf("rank ranges (-want +got):\n%s", diff)
	}
	if got := out.Investments[2].Acceptability; got[2] != 1 {
		t.Errorf("C's acceptability %v, want rank 3 in every sample", got)
	}
}

// TestTornadoTieRule (issue 11, item 13): the tornado ranks as the ranking
// does. Weights K 0.5, F 0.5; A = (0.5, 1), B = (0.5 − 1.6e-12, 1), C =
// (0.5 − 3.2e-12, 1). With K's weight t (F's 1 − t), B's score is A's less
// 1.6e-12·t and C's A's less 3.2e-12·t. Over the tornado's range for K, t
// in [0.4, 0.6], B is at most 0.96e-12 below A: tied, rank 1 throughout;
// C is at least 1.28e-12 below A and 0.64e-12 to 0.96e-12 below B: rank 3
// (the ranking's groups start at their highest score). So A and B [1, 1],
// C [3, 3]. Beyond t = 0.625 B would part from A, but that is outside the
// range. F's range is [0.4, 0.6] too, K's weight 1 − t in [0.4, 0.6]: the
// same.
func TestTornadoTieRule(t *testing.T) {
	p := &Problem{
		IDs: []string{"A", "B", "C"}, Leaves: []string{"K", "F"}, Weights: []float64{0.5, 0.5},
		Values: []float64{0.5, 1, 0.5 - 1.6e-12, 1, 0.5 - 3.2e-12, 1},
	}
	for k, leaf := range p.Leaves {
		got, err := Tornado(p, k, 0.2)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]RankRange{{1, 1}, {1, 1}, {3, 3}}, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", leaf, diff)
		}
	}
}

// TestMissingRanksTieChain: the rank range of an investment with missing
// values follows the ranking's rule too. Weights 0.5 and 0.5 (K, F); A =
// (1, 0.5) scores 0.75, B = (1, 0.5 − 1.6e-12) 0.75 − 0.8e-12, C = (1,
// 0.5 − 3.2e-12) 0.75 − 1.6e-12, and D = (1, missing) from 0.5 (F at 0) to
// 1 (F at 1). B is within 1e-12 of A and shares its rank; C is not, and
// starts a group of its own, at rank 3 when D is below and 4 when D is
// above. So A and B range over 1–2, C over 3–4, D over 1–4. (Counting the
// scores more than 1e-12 above C would give 2–3.)
func TestMissingRanksTieChain(t *testing.T) {
	p := &Problem{
		IDs: []string{"A", "B", "C", "D"}, Leaves: []string{"K", "F"}, Weights: []float64{0.5, 0.5},
		Values:  []float64{1, 0.5, 1, 0.5 - 1.6e-12, 1, 0.5 - 3.2e-12, 1, 0},
		Missing: []bool{false, false, false, false, false, false, false, true},
	}
	if diff := cmp.Diff([]RankRange{{1, 2}, {1, 2}, {3, 4}, {1, 4}}, MissingRanks(p)); diff != "" {
		t.Errorf("rank ranges (-want +got):\n%s", diff)
	}
}

// TestLeafWeightOne (issue 11, item 16): when the leaf swept has weight 1,
// the other weights are all 0 and cannot be rescaled in proportion; they
// share 1 − t equally. Weights K 1, P 0, Q 0; A = (0.5; 1, 0), B = (0.6; 0,
// 0). Swept on K: A is (1 − t)(1 + 0)/2 + 0.5t = 0.5 and B 0.6t; they cross
// at t = 5/6. At 1 B is first; below 5/6 A overtakes B (the flatter line
// gains going down); above, the range ends at 1 with no swap. P's weight is
// 0 and the others are rescaled as usual (K takes all of 1 − t): A is
// 0.5(1 − t) + t and B 0.6(1 − t), crossing at 1/11; above it A overtakes
// B.
func TestLeafWeightOne(t *testing.T) {
	p := &Problem{
		IDs: []string{"B", "A"}, Leaves: []string{"K", "P", "Q"}, Weights: []float64{1, 0, 0},
		Values: []float64{0.6, 0, 0, 0.5, 1, 0},
	}
	got, err := StabilityIntervals(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-15 }
	k, pl := got[0], got[1]
	if !near(k.Ranking[0], 5.0/6) || k.Ranking[1] != 1 || k.Above != nil || k.Below == nil || k.Below.Up != "A" || k.Below.Down != "B" {
		t.Errorf("K: %+v, below %+v; want [5/6, 1], A overtaking B below", k, k.Below)
	}
	if pl.Ranking[0] != 0 || !near(pl.Ranking[1], 1.0/11) || pl.Below != nil || pl.Above == nil || pl.Above.Up != "A" || pl.Above.Down != "B" {
		t.Errorf("P: %+v, above %+v; want [0, 1/11], A overtaking B above", pl, pl.Above)
	}
	sweep, err := Sweep(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Piece{{0, 5.0 / 6, []string{"A", "B"}}, {5.0 / 6, 1, []string{"B", "A"}}}
	if diff := cmp.Diff(want, sweep, cmp.Comparer(near)); diff != "" {
		t.Errorf("K's sweep (-want +got):\n%s", diff)
	}
}

// TestLognormalNeedsPositiveMedian (issue 11, item 16): under a lognormal
// uncertainty the field's value is the median, value × exp(N(0, sd)); a
// value of 0 or below is an error naming its cell, not a distribution
// mirrored below 0.
func TestLognormalNeedsPositiveMedian(t *testing.T) {
	const set = `format: prio.criteria/1
id: ln
version: 1.0.0
status: draft
fields:
  id:  {headers: [ID], type: text}
  npv: {headers: [NPV], type: number, uncertainty: {dist: lognormal, sd: 0.5}}
criteria:
  - {id: N, field: npv, value: {linear: [-10, 10]}}
`
	cs, err := criteria.Parse(strings.NewReader(set), "ln.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := importers.Read(cs, []importers.Source{{Path: "ln.csv", Data: []byte("ID,NPV\nA,4\nB,0\nC,-2\n")}}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := scoring.Score(cs, p)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = NewUncertainty(cs, p, FromResult(res))
	want := "ln.csv:3:2: B: npv = 0 has a lognormal uncertainty, whose median must be above 0\n" +
		"ln.csv:4:2: C: npv = -2 has a lognormal uncertainty, whose median must be above 0"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}
