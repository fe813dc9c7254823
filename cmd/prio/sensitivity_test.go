package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
)

// sensitivityJSON is the part of the prio.sensitivity/1 document the tests
// read. Maps lose the key order, which the reports tests check.
type sensitivityJSON struct {
	Format       string `json:"format"`
	Seed         uint64 `json:"seed"`
	Samples      int    `json:"samples"`
	WeightsModel string `json:"weights_model"`
	Top          int    `json:"top"`
	Investments  []struct {
		ID             string             `json:"id"`
		Rank           int                `json:"rank"`
		Score          float64            `json:"score"`
		Acceptability  []float64          `json:"acceptability"`
		Rest           *float64           `json:"acceptability_rest"`
		TopK           float64            `json:"top_k"`
		CentralWeights map[string]float64 `json:"central_weights"`
		Confidence     *float64           `json:"confidence"`
		RankRange      [2]int             `json:"rank_range"`
	} `json:"investments"`
	Stability []struct {
		ID      string     `json:"id"`
		Weight  float64    `json:"weight"`
		Ranking [2]float64 `json:"ranking"`
		TopK    [2]float64 `json:"top_k"`
	} `json:"stability"`
	MissingDecisive []struct {
		ID    string   `json:"id"`
		Cells []string `json:"cells"`
	} `json:"missing_decisive"`
	Warnings []string `json:"warnings"`
}

func runSensitivityJSON(t *testing.T, args ...string) (sensitivityJSON, string) {
	t.Helper()
	stdout, stderr, code := runCLI(t, append([]string{"sensitivity", "-f", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var doc sensitivityJSON
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, stdout)
	}
	if doc.Format != "prio.sensitivity/1" {
		t.Fatalf("format %q", doc.Format)
	}
	return doc, stderr
}

// TestSMAAReferenceA runs SMAA-2 reference case (a) of REFERENCE-VECTORS.md
// (Lahdelma & Salminen 2001; Tervonen & Lahdelma 2007) through the command
// line: values A = (1, 0), B = (0, 1), C = (0.6, 0.6), free weights. With
// weights (t, 1 − t), t uniform on [0, 1]: A is first for t > 0.6, second
// for 0.5 < t < 0.6, third below 0.5; B mirrors it; C is first for
// 0.4 < t < 0.6 and second otherwise. Central weights are the means of
// (t, 1 − t) over those stretches; with fixed values every investment that
// is ever first is first at its central weights: confidence 1. Monte Carlo
// shares within ±0.02 (REFERENCE-VECTORS.md, 10,000 samples).
func TestSMAAReferenceA(t *testing.T) {
	doc, _ := runSensitivityJSON(t, "-c", "testdata/sensitivity/smaa-a.yaml",
		"--weights", "free", "--samples", "10000", "--seed", "1", "--top", "1", "testdata/sensitivity/smaa-a.csv")
	if doc.Samples != 10000 || doc.Seed != 1 || doc.WeightsModel != "free" || doc.Top != 1 {
		t.Errorf("run = %d samples, seed %d, %s, top %d", doc.Samples, doc.Seed, doc.WeightsModel, doc.Top)
	}
	want := map[string]struct {
		acceptability []float64
		central       map[string]float64
	}{
		"A": {[]float64{0.4, 0.1, 0.5}, map[string]float64{"X": 0.8, "Y": 0.2}},
		"B": {[]float64{0.4, 0.1, 0.5}, map[string]float64{"X": 0.2, "Y": 0.8}},
		"C": {[]float64{0.2, 0.8, 0.0}, map[string]float64{"X": 0.5, "Y": 0.5}},
	}
	near := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) <= 0.02 })
	if len(doc.Investments) != 3 {
		t.Fatalf("%d investments, want 3", len(doc.Investments))
	}
	for _, inv := range doc.Investments {
		w := want[inv.ID]
		if d := cmp.Diff(w.acceptability, inv.Acceptability, near); d != "" {
			t.Errorf("%s: acceptability (-want +got):\n%s", inv.ID, d)
		}
		if d := cmp.Diff(w.central, inv.CentralWeights, near); d != "" {
			t.Errorf("%s: central weights (-want +got):\n%s", inv.ID, d)
		}
		if inv.Confidence == nil || *inv.Confidence != 1 {
			t.Errorf("%s: confidence %v, want 1", inv.ID, inv.Confidence)
		}
		// top 1: the top-k share is the rank-1 share.
		if inv.TopK != inv.Acceptability[0] {
			t.Errorf("%s: top_k %v, rank-1 share %v", inv.ID, inv.TopK, inv.Acceptability[0])
		}
	}
}

// TestMareschalStability checks the exact stability intervals of
// REFERENCE-VECTORS.md (Mareschal 1988) through the command line, to the
// table's 4 decimals: values A1 = (0.9, 0.3, 0.5), A2 = (0.4, 0.8, 0.6),
// A3 = (0.6, 0.6, 0.2), A4 = (0.2, 0.4, 0.9), weights 0.45, 0.30, 0.25.
func TestMareschalStability(t *testing.T) {
	doc, _ := runSensitivityJSON(t, "-c", "testdata/sensitivity/mareschal.yaml",
		"--samples", "100", "--top", "1", "testdata/sensitivity/mareschal.csv")
	type interval struct {
		ID               string
		Weight           float64
		Ranking, TopKInt [2]float64
	}
	want := []interval{
		{"C1", 0.45, [2]float64{0.3889, 0.5926}, [2]float64{0.3889, 1}},
		{"C2", 0.30, [2]float64{0, 0.3636}, [2]float64{0, 0.3636}},
		{"C3", 0.25, [2]float64{0.0909, 0.3137}, [2]float64{0, 0.4872}},
	}
	var got []interval
	for _, s := range doc.Stability {
		got = append(got, interval{s.ID, s.Weight, s.Ranking, s.TopK})
	}
	near := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) <= 1e-4 })
	if d := cmp.Diff(want, got, near); d != "" {
		t.Errorf("stability (-want +got):\n%s", d)
	}
	// Scores 0.620, 0.570, 0.500, 0.435: A1 to A4 in that order.
	var ids []string
	for _, inv := range doc.Investments {
		ids = append(ids, inv.ID)
	}
	if d := cmp.Diff([]string{"A1", "A2", "A3", "A4"}, ids); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
}

// TestHandWorkedRankRanges checks the exact rank ranges under missing
// values of the hand-worked example (see TestHandWorkedExample for its
// scores), worked out by the lead and checked again here against the rule
// of scoring/sensitivity/missing.go: an investment's score ranges from lo
// (its missing values at 0) to hi (at 1); its best rank is 1 + the number
// of others whose lo is above its hi, its worst 1 + the number whose hi is
// above its lo. Weights V1 .5, V2 .25, R1 .125, R2 .125; P4 is excluded.
//
//	P1: nothing missing: lo = hi = 0.85.
//	P3: V2 missing (weight .25): lo = .135 + 0 + .115 = 0.25, hi = 0.5.
//	P6: V1 missing (weight .5):  lo = .125 + .125 + .125 = 0.375, hi = 0.875.
//	P2: V1 missing (weight .5):  lo = .125 + .0625 + .0625 = 0.25, hi = 0.75.
//	P5: nothing missing: lo = hi = 0.15625.
//
// P1: best 1 (no lo above .85), worst 2 (P6's hi .875). P3: best 2 (P1),
// worst 4 (P1, P6, P2 have hi above .25; P2's lo .25 is not above). P6:
// best 1, worst 4 (P1, P3 .5, P2 .75 above .375). P2: best 2 (P1's .85
// above .75), worst 4 (P1, P3, P6). P5: 5 and 5.
//
// With top 1, the investments that may or may not be first are P1 [1, 2]
// and P6 [1, 4]. Their cells: their own missing inputs, then, in rank
// order, those of each other investment whose score range overlaps theirs
// (hi above their lo and lo below their hi) and has missing values. P1 has
// none of its own, and only P6 overlaps it (P6's hi .875 > .85): P6's ratio
// npv / invest is 0/0, so both its inputs, npv (line 8, column 5) and
// invest (line 8, column 4). P6: its own two, then P3 (effects, 5:6: .5 >
// .375, .25 < .875) and P2 (npv "-", 4:5: .75 > .375, .25 < .875); P1 and
// P5 have no missing values.
func TestHandWorkedRankRanges(t *testing.T) {
	const csvPath = "../../testdata/score/hand-worked.csv"
	args := []string{"-c", "../../testdata/score/hand-worked.yaml", "--samples", "500"}
	doc, stderr := runSensitivityJSON(t, append(args, csvPath)...)
	got := map[string][2]int{}
	var order []string
	for _, inv := range doc.Investments {
		got[inv.ID] = inv.RankRange
		order = append(order, inv.ID)
	}
	want := map[string][2]int{"P1": {1, 2}, "P3": {2, 4}, "P6": {1, 4}, "P2": {2, 4}, "P5": {5, 5}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("rank ranges (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"P1", "P3", "P6", "P2", "P5"}, order); d != "" {
		t.Errorf("investments (-want +got):\n%s", d)
	}
	// Top 5 of 5: nobody's membership depends on anything.
	if doc.Top != 5 || len(doc.MissingDecisive) != 0 {
		t.Errorf("top %d, missing_decisive %v; want 5 and none", doc.Top, doc.MissingDecisive)
	}
	// The scoring warning is in the document and on stderr.
	wantWarning := csvPath + ":8: P6: derived field ratio = npv / invest is NaN, not a finite number; read as missing"
	if !cmp.Equal(doc.Warnings, []string{wantWarning}) {
		t.Errorf("warnings = %q, want %q", doc.Warnings, wantWarning)
	}
	if !strings.Contains(stderr, "prio: warning: "+wantWarning+"\n") {
		t.Errorf("stderr lacks the warning:\n%s", stderr)
	}

	doc, _ = runSensitivityJSON(t, append(args, "--top", "1", csvPath)...)
	type decisive struct {
		ID    string
		Cells []string
	}
	var gotDecisive []decisive
	for _, d := range doc.MissingDecisive {
		gotDecisive = append(gotDecisive, decisive{d.ID, d.Cells})
	}
	cell := func(pos string) string { return csvPath + ":" + pos }
	wantDecisive := []decisive{
		{"P1", []string{cell("8:5"), cell("8:4")}},
		{"P6", []string{cell("8:5"), cell("8:4"), cell("5:6"), cell("4:5")}},
	}
	if d := cmp.Diff(wantDecisive, gotDecisive); d != "" {
		t.Errorf("missing_decisive (-want +got):\n%s", d)
	}
}

// TestSensitivityGOMAXPROCS runs the same analysis at GOMAXPROCS 1 and 2:
// the JSON must be byte-identical (DESIGN.md: deterministic whatever
// GOMAXPROCS is). 3,000 samples make 6 chunks of 512, enough to be shared
// between two workers; the built-in example has uncertain fields, so value
// sampling is covered too.
func TestSensitivityGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	args := []string{"sensitivity", "-f", "json", "--samples", "3000", "--pairwise", "--sweeps"}
	var outs []string
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		stdout, stderr, code := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("GOMAXPROCS %d: exit %d:\n%s", procs, code, stderr)
		}
		outs = append(outs, stdout)
	}
	if outs[0] != outs[1] {
		t.Errorf("JSON differs between GOMAXPROCS 1 and 2 (-1 +2):\n%s", cmp.Diff(outs[0], outs[1]))
	}
}

// TestSensitivityInterrupted cancels the run's context, as Ctrl-C does:
// "interrupted", exit status 1 (not a usage error), no output file.
func TestSensitivityInterrupted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	root := newRootCmd()
	var stdout, stderr bytes.Buffer
	root.SetArgs([]string{"sensitivity", "--lang", "en", "-f", "json", "--samples", "2000", "-o", out})
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	err := root.ExecuteContext(ctx)
	if !errors.Is(err, errInterrupted) || err.Error() != "interrupted" {
		t.Fatalf("error = %v, want interrupted", err)
	}
	var ue usageError
	if errors.As(err, &ue) {
		t.Error("an interruption is not a usage error")
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s written: %v", out, err)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout: %q", stdout.String())
	}
	var b bytes.Buffer
	printError(&b, err)
	if b.String() != "prio: interrupted\n" {
		t.Errorf("printed %q", b.String())
	}
}

func TestParseWeightModel(t *testing.T) {
	tests := []struct {
		in      string
		want    criteria.WeightModel
		wantErr string
	}{
		{"free", criteria.WeightModel{Kind: "free"}, ""},
		{"order", criteria.WeightModel{Kind: "order"}, ""},
		{"vary:0.2", criteria.WeightModel{Kind: "vary", Vary: 0.2}, ""},
		{"vary:0", criteria.WeightModel{Kind: "vary"}, ""},
		{"vary:1", criteria.WeightModel{Kind: "vary", Vary: 1}, ""},
		{"bogus", criteria.WeightModel{}, `--weights must be free, order or vary:R (R from 0 to 1), not "bogus"`},
		{"", criteria.WeightModel{}, `--weights must be free, order or vary:R (R from 0 to 1), not ""`},
		{"Free", criteria.WeightModel{}, `--weights must be free, order or vary:R (R from 0 to 1), not "Free"`},
		{"vary", criteria.WeightModel{}, `--weights must be free, order or vary:R (R from 0 to 1), not "vary"`},
		{"vary:2", criteria.WeightModel{}, `--weights vary:R needs R to be a number from 0 to 1, not "2"`},
		{"vary:-0.1", criteria.WeightModel{}, `--weights vary:R needs R to be a number from 0 to 1, not "-0.1"`},
		{"vary:NaN", criteria.WeightModel{}, `--weights vary:R needs R to be a number from 0 to 1, not "NaN"`},
		{"vary:0,2", criteria.WeightModel{}, `--weights vary:R needs R to be a number from 0 to 1, not "0,2"`},
		{"vary:", criteria.WeightModel{}, `--weights vary:R needs R to be a number from 0 to 1, not ""`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseWeightModel(tt.in)
			if tt.wantErr != "" {
				var ue usageError
				if err == nil || err.Error() != tt.wantErr || !errors.As(err, &ue) {
					t.Errorf("error = %v, want the usage error %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("= %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// TestNoProgressOffTerminal: no bar on a buffer, a pipe or a file.
func TestNoProgressOffTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, w := range map[string]interface{ Write([]byte) (int, error) }{"buffer": &bytes.Buffer{}, "file": f} {
		if p := newProgress(w, 100); p != nil {
			t.Errorf("%s: a progress bar", name)
		}
	}
	var p *progress // what a non-terminal gets: does nothing
	p.update(10)
	p.finish()
}

// TestSensitivityPast1000 runs 1,001 investments through the command line
// (FORMATS.md §3, amended 2026-12): past 1,000 ranked investments the
// acceptability lists ranks 1..K, K = max(top, 100), and the rest;
// --full gives every rank. The portfolio (smaa-a.yaml's criteria) gives
// investment I0000 X = 1.000 down to I1000 X = 0.000 in steps of 0.001
// and Y = 0 for all; with weights fixed at the stated ones (vary:0) every
// sample ranks them in that order, so investment r (from 1) has all of
// its share at rank r: 1 at index r−1 for r ≤ 100 and rest 0, all
// listed shares 0 and rest 1 for r > 100.
func TestSensitivityPast1000(t *testing.T) {
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("ID,X,Y\n")
	for i := 0; i <= 1000; i++ {
		fmt.Fprintf(&csv, "I%04d,%d.%03d,0\n", i, (1000-i)/1000, (1000-i)%1000)
	}
	port := filepath.Join(dir, "p.csv")
	if err := os.WriteFile(port, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-c", "testdata/sensitivity/smaa-a.yaml", "--weights", "vary:0", "--samples", "20", port}
	check := func(t *testing.T, doc sensitivityJSON, ranks int, rest bool) {
		t.Helper()
		if len(doc.Investments) != 1001 {
			t.Fatalf("%d investments", len(doc.Investments))
		}
		for i, inv := range doc.Investments {
			r := i + 1
			if inv.Rank != r || len(inv.Acceptability) != ranks || (inv.Rest != nil) != rest {
				t.Fatalf("%s: rank %d, %d shares, rest %v; want rank %d, %d shares, rest given %v", inv.ID, inv.Rank, len(inv.Acceptability), inv.Rest, r, ranks, rest)
			}
			for k, x := range inv.Acceptability {
				if want := map[bool]float64{true: 1}[k == r-1]; x != want {
					t.Fatalf("%s: share %v at rank %d, want %v", inv.ID, x, k+1, want)
				}
			}
			if rest {
				if want := map[bool]float64{true: 1}[r > ranks]; *inv.Rest != want {
					t.Fatalf("%s: rest %v, want %v", inv.ID, *inv.Rest, want)
				}
			}
		}
	}
	t.Run("ranks 1..100 and the rest", func(t *testing.T) {
		doc, _ := runSensitivityJSON(t, args...)
		check(t, doc, 100, true)
	})
	t.Run("top 150 lists 150", func(t *testing.T) {
		doc, _ := runSensitivityJSON(t, append([]string{"--top", "150"}, args...)...)
		check(t, doc, 150, true)
	})
	t.Run("--full", func(t *testing.T) {
		doc, _ := runSensitivityJSON(t, append([]string{"--full"}, args...)...)
		check(t, doc, 1001, false)
	})
	t.Run("csv", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, append([]string{"sensitivity", "-f", "csv"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		lines := strings.Split(stdout, "\n")
		header := strings.Split(lines[0], ",")
		if n := len(header); n != 8+100+1 || header[n-2] != "rank_100" || header[n-1] != "rest" {
			t.Fatalf("header ends %v, %d columns", header[len(header)-3:], len(header))
		}
		// I0100, rank 101: no share listed, all of it beyond rank 100.
		row := strings.Split(lines[101], ",")
		if row[1] != "I0100" || row[len(row)-1] != "1" || row[len(row)-2] != "0" {
			t.Errorf("row of rank 101 ends %v", row[len(row)-3:])
		}
	})
}
