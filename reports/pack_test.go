package reports

import (
	"context"
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/prio-tool/prio"
	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// Hostile names: each must show as the text it is in every format.
const (
	hostileScript  = `<script>alert(1)</script>`
	hostileImg     = `"><img src=x onerror=alert(1)>`
	hostileFormula = `=HYPERLINK("http://x","y")`
)

// packResult is a hand-built scored portfolio for the pack's golden files,
// over the six leaves of testResult (effective weights A1 0.2625, A2 0.175,
// C1 0.25, C2 0.125, D1 0.09375, D2 0.09375, which FORMATS.md §1 states).
// Each contribution is its value times the weight and each score the sum of
// the contributions, worked out by hand in the comments. It holds:
//   - FK-12, ranked 1st, from a workbook;
//   - "<script>" (the id of a ranked investment whose name is the image
//     attack), ranked 2nd, with a missing input;
//   - SKV-4, whose name is a formula, ranked 3rd;
//   - MSB-7, flagged, ranked 4th, from a CSV file;
//   - KAM-2, excluded, with no name or agency and gate reasons.
func packResult() *scoring.Result {
	r := testResult()
	book := func(row, col int) portfolio.Cell {
		return portfolio.Cell{File: "portfel.xlsx", Sheet: "Investeringar", Row: row, Col: col}
	}
	r.Investments[1].ID = hostileScript
	r.Investments[1].Name = hostileImg
	r.Investments[1].Agency = "Skatteverket | <b>fet</b> & *kursiv*"
	// SKV-4 drops from a tie to 3rd: its D2 value 0.75 → 0.5, so its
	// score is 0.5953125 − 0.0234375 = 0.571875.
	r.Investments[2].Name = hostileFormula
	r.Investments[2].Rank = 3
	r.Investments[2].Values[5] = 0.5
	r.Investments[2].Contributions[5] = 0.046875
	r.Investments[2].Score = 0.571875
	// The hostile investment's A1 was missing (worst: value 0, which its
	// contribution 0.13125 does not show: the numbers of a golden file
	// need not add up, only render).
	r.Investments[1].Missing = []string{"A1"}
	r.Investments[1].Gaps = make([][]portfolio.Cell, 6)
	r.Investments[1].Gaps[0] = []portfolio.Cell{book(8, 10)}
	return r
}

// packSensitivity is a hand-built analysis of packResult's four ranked
// investments, top 2. Its numbers are typed by hand, not computed: the
// acceptability matrix's rows and columns each sum to 1. FK-12 is firm
// (95 % in the top 2), "<script>" borderline (70 %), SKV-4 and MSB-7 not
// in the top 2; "<script>" depends on missing data.
func packSensitivity() *sensitivity.Result {
	r := packResult()
	conf := 0.9
	half := 0.5
	return &sensitivity.Result{
		Criteria: r.Criteria, Inputs: r.Inputs,
		Seed: 20171127, Samples: 2000,
		Weights: criteria.WeightModel{Kind: criteria.WeightsVary, Vary: 0.2},
		Top:     2,
		Leaves:  []string{"A1", "A2", "C1", "C2", "D1", "D2"},
		Investments: []sensitivity.Investment{
			{ID: "FK-12", Name: r.Investments[0].Name, Rank: 1, Score: r.Investments[0].Score,
				Acceptability: []float64{0.8, 0.15, 0.05, 0}, TopK: 0.95,
				CentralWeights: []float64{0.3, 0.15, 0.25, 0.1, 0.1, 0.1}, Confidence: &conf,
				RankRange: sensitivity.RankRange{Best: 1, Worst: 2}},
			{ID: hostileScript, Name: hostileImg, Rank: 2, Score: r.Investments[1].Score,
				Acceptability: []float64{0.2, 0.5, 0.25, 0.05}, TopK: 0.7,
				CentralWeights: []float64{0.2, 0.2, 0.2, 0.2, 0.1, 0.1}, Confidence: &half,
				RankRange: sensitivity.RankRange{Best: 1, Worst: 4}},
			{ID: "SKV-4", Name: hostileFormula, Rank: 3, Score: r.Investments[2].Score,
				Acceptability: []float64{0, 0.3, 0.5, 0.2}, TopK: 0.3,
				RankRange: sensitivity.RankRange{Best: 2, Worst: 3}},
			{ID: "MSB-7", Name: r.Investments[3].Name, Rank: 4, Score: r.Investments[3].Score,
				Acceptability: []float64{0, 0.05, 0.2, 0.75}, TopK: 0.05,
				RankRange: sensitivity.RankRange{Best: 3, Worst: 4}},
		},
		Stability: []sensitivity.Stability{
			{Leaf: "A1", Weight: 0.2625, Ranking: [2]float64{0.21, 0.31}, TopK: [2]float64{0, 0.52},
				Below: &sensitivity.Swap{At: 0.21, Up: hostileScript, Down: "FK-12"},
				Above: &sensitivity.Swap{At: 0.31, Up: "SKV-4", Down: hostileScript}},
			{Leaf: "A2", Weight: 0.175, Ranking: [2]float64{0, 0.4}, TopK: [2]float64{0, 0.6},
				Above: &sensitivity.Swap{At: 0.4, Up: "MSB-7", Down: "SKV-4"}},
			{Leaf: "C1", Weight: 0.25, Ranking: [2]float64{0.1, 1}, TopK: [2]float64{0.05, 1},
				Below: &sensitivity.Swap{At: 0.1, Up: "SKV-4", Down: hostileScript}},
			{Leaf: "C2", Weight: 0.125, Ranking: [2]float64{0, 1}, TopK: [2]float64{0, 1}},
			{Leaf: "D1", Weight: 0.09375, Ranking: [2]float64{0.05, 0.2}, TopK: [2]float64{0, 0.3},
				Below: &sensitivity.Swap{At: 0.05, Up: "MSB-7", Down: "SKV-4"},
				Above: &sensitivity.Swap{At: 0.2, Up: "SKV-4", Down: hostileScript}},
			{Leaf: "D2", Weight: 0.09375, Ranking: [2]float64{0.08, 0.15}, TopK: [2]float64{0.02, 0.4},
				Below: &sensitivity.Swap{At: 0.08, Up: "SKV-4", Down: hostileScript},
				Above: &sensitivity.Swap{At: 0.15, Up: hostileScript, Down: "SKV-4"}},
		},
		Tornado: [][]sensitivity.RankRange{
			{{Best: 1, Worst: 2}, {Best: 1, Worst: 3}, {Best: 2, Worst: 3}, {Best: 4, Worst: 4}},
			{{Best: 1, Worst: 1}, {Best: 2, Worst: 3}, {Best: 2, Worst: 4}, {Best: 3, Worst: 4}},
			{{Best: 1, Worst: 1}, {Best: 2, Worst: 3}, {Best: 2, Worst: 3}, {Best: 4, Worst: 4}},
			{{Best: 1, Worst: 1}, {Best: 2, Worst: 2}, {Best: 3, Worst: 3}, {Best: 4, Worst: 4}},
			{{Best: 1, Worst: 1}, {Best: 2, Worst: 3}, {Best: 2, Worst: 4}, {Best: 3, Worst: 4}},
			{{Best: 1, Worst: 1}, {Best: 2, Worst: 3}, {Best: 2, Worst: 3}, {Best: 4, Worst: 4}},
		},
		TornadoR: 0.2,
		MissingDecisive: []sensitivity.Decisive{
			{ID: hostileScript, Cells: []string{"portfel.xlsx: Investeringar!J8"}},
		},
		Warnings: []messages.Message{messages.M("%s: %s", "portfel.xlsx: Investeringar!H9", messages.M("%s read as missing", "#REF!"))},
	}
}

// scorePack and fullPack are the packs of `prio score` and `prio
// sensitivity` for the hand-built results.
func scorePack() *Pack { return &Pack{Score: packResult(), Top: 2} }
func fullPack() *Pack {
	return &Pack{Score: packResult(), Sensitivity: packSensitivity()}
}

// examplePack runs the real pipeline on the built-in example: the default
// criteria set, the embedded example workbook joined with its assessment,
// scoring and a sensitivity
// analysis with few samples (enough to fill every part of the pack). It is
// computed once and shared; tests must not change it.
var examplePack = sync.OnceValues(func() (*Pack, error) {
	set := criteria.Default()
	p, err := importers.ReadJoined(context.Background(), set,
		[]importers.Source{{Path: prio.ExampleName, Data: prio.ExampleWorkbook()}},
		[]importers.Source{{Path: prio.ExampleAssessmentName, Data: prio.ExampleAssessment()}}, importers.Options{Locale: "sv"})
	if err != nil {
		return nil, err
	}
	res, err := scoring.Score(set, p)
	if err != nil {
		return nil, err
	}
	o := sensitivity.DefaultOptions
	o.Samples = 1000
	sens, err := sensitivity.Analyse(context.Background(), set, p, res, o)
	if err != nil {
		return nil, err
	}
	return &Pack{Score: res, Sensitivity: sens, Set: set, Portfolio: p}, nil
})

func mustExamplePack(t testing.TB) *Pack {
	t.Helper()
	p, err := examplePack()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// manyPack is a pack of n ranked investments over the six leaves of
// packResult, for layout tests: ids EXV-2020-001 on, names with å, ä and
// ö, scores falling by rank, and an acceptability matrix with each
// investment's samples spread over its own rank and its neighbours' (each
// row sums to 1; the numbers mean nothing).
func manyPack(n int) *Pack {
	base := packResult()
	r := &scoring.Result{Criteria: base.Criteria, Inputs: base.Inputs, Leaves: base.Leaves, Weights: base.Weights, Gates: base.Gates}
	s := &sensitivity.Result{
		Criteria: base.Criteria, Inputs: base.Inputs, Seed: 1, Samples: 100,
		Weights: criteria.WeightModel{Kind: criteria.WeightsFree}, Top: min(5, n),
		Leaves: []string{"A1", "A2", "C1", "C2", "D1", "D2"}, TornadoR: 0.2,
	}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("EXV-2020-%03d", i+1)
		v := 1 - float64(i)/float64(n)
		a := scoring.Assessment{ID: id, Name: fmt.Sprintf("Ärendehantering för åtgärd nr %d (öppen)", i+1), Agency: "Exempelverket",
			Status: scoring.Ranked, Rank: i + 1, Values: make([]float64, 6), Contributions: make([]float64, 6)}
		for k, w := range r.Weights {
			a.Values[k] = v
			a.Contributions[k] = w * v
			a.Score += w * v
		}
		r.Investments = append(r.Investments, a)
		acc := make([]float64, n)
		acc[i] = 0.6
		switch {
		case i == 0:
			acc[1] = 0.4
		case i == n-1:
			acc[i-1] = 0.4
		default:
			acc[i-1], acc[i+1] = 0.2, 0.2
		}
		s.Investments = append(s.Investments, sensitivity.Investment{ID: id, Name: a.Name, Rank: i + 1, Score: a.Score,
			Acceptability: acc, TopK: 0.5, RankRange: sensitivity.RankRange{Best: max(1, i), Worst: min(n, i+2)}})
	}
	for k, id := range s.Leaves {
		s.Stability = append(s.Stability, sensitivity.Stability{Leaf: id, Weight: r.Weights[k],
			Ranking: [2]float64{r.Weights[k] / 2, r.Weights[k] * 1.5}, TopK: [2]float64{0, 1}})
		row := make([]sensitivity.RankRange, n)
		for i := range row {
			row[i] = sensitivity.RankRange{Best: i + 1, Worst: i + 1}
		}
		s.Tornado = append(s.Tornado, row)
	}
	return &Pack{Score: r, Sensitivity: s}
}

// BenchmarkPackExample renders the full pack of the built-in example (38
// investments, 12 criteria, the analysis run with 1,000 samples) in each
// format.
func BenchmarkPackExample(b *testing.B) {
	p := mustExamplePack(b)
	for name, write := range map[string]func(io.Writer, *Pack, Options) error{
		"md": WriteMarkdown, "html": WriteHTML, "xlsx": WriteXLSX,
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := write(io.Discard, p, Options{Version: "0.1.0"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
