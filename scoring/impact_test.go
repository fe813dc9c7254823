package scoring_test

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/scoring"
)

func scoreFile(t *testing.T, crit string, csvPath string) *scoring.Result {
	t.Helper()
	set, err := criteria.Parse(strings.NewReader(crit), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	p, err := importers.Read(set, []importers.Source{{Path: "hand.csv", Data: data}}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := scoring.Score(set, p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestCompareResults: the hand-worked example (cmd/prio/score_test.go)
// under its set and under a version with V1's weight 2 → 1, worked out by
// hand. New effective weights: V1 = V2 = 0.375, R1 = R2 = 0.125.
//
//	P1: 0.375·0.75 + 0.375·1 + 0.125 + 0.125·0.8 = 0.88125 (was 0.85):
//	    V1 0.28125 − 0.375 = −0.09375, V2 0.375 − 0.25 = +0.125.
//	P6: 0.1875 + 0.125 + 0.125 = 0.4375 (was 0.375);
//	P3: 0.10125 + 0.1875 + 0.115 = 0.40375 (was 0.375);
//	P2: 0.3125 (was 0.25); P5: 0.15625 (unchanged); P4 excluded in both.
//
// The five ranked in both, old ranks with average ties (P1 1, P6 2.5, P3
// 2.5, P2 4, P5 5) against new (1, 2, 3, 4, 5): Spearman 9.5/√95 =
// 0.974679; Kendall τ-b 9/√90 = 0.948683 (one pair tied in the old);
// WS 1 − 2·2^−2.5·0.5/2.5 = 0.929289. Top 2: old P1, P3, P6 (tied 2nd),
// new P1, P6: P3 leaves.
func TestCompareResults(t *testing.T) {
	crit, err := os.ReadFile("../testdata/score/hand-worked.yaml")
	if err != nil {
		t.Fatal(err)
	}
	old := scoreFile(t, string(crit), "../testdata/score/hand-worked.csv")
	newCrit := strings.Replace(string(crit), "{id: V1, weight: 2,", "{id: V1, weight: 1,", 1)
	new := scoreFile(t, newCrit, "../testdata/score/hand-worked.csv")
	im := scoring.CompareResults(old, new, 2)

	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
	if !near(im.Spearman, 9.5/math.Sqrt(95)) || !near(im.Kendall, 9/math.Sqrt(90)) || !near(im.WS, 1-2*math.Pow(2, -2.5)*0.5/2.5) || im.Compared != 5 {
		t.Errorf("Spearman %v Kendall %v WS %v over %d", im.Spearman, im.Kendall, im.WS, im.Compared)
	}
	if len(im.Entered) != 0 || !cmp.Equal(im.Left, []string{"P3"}) {
		t.Errorf("entered %v left %v, want none and [P3]", im.Entered, im.Left)
	}
	var order []string
	for _, ii := range im.Investments {
		order = append(order, ii.ID)
	}
	if want := []string{"P1", "P6", "P3", "P2", "P5", "P4"}; !cmp.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	p1 := im.Investments[0]
	if !near(p1.Change, 0.03125) || !near(p1.Attribution[0], -0.09375) || !near(p1.Attribution[1], 0.125) ||
		p1.Attribution[2] != 0 || p1.Attribution[3] != 0 || p1.Old.Rank != 1 || p1.New.Rank != 1 {
		t.Errorf("P1: %+v", p1)
	}
	for _, ii := range im.Investments {
		total := 0.0
		for _, a := range ii.Attribution {
			total += a
		}
		if math.Abs(total-ii.Change) > 1e-15 {
			t.Errorf("%s: attributions add to %v, the change is %v", ii.ID, total, ii.Change)
		}
	}
	if len(im.GateChanges) != 0 {
		t.Errorf("gate changes %v, want none", im.GateChanges)
	}
}
