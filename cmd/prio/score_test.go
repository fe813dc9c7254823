package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// scoreJSON is the part of the JSON result the tests read.
type scoreJSON struct {
	Format   string `json:"format"`
	Criteria struct {
		ID, Version, Status, SHA256 string
	} `json:"criteria"`
	Inputs []struct {
		Path   string  `json:"path"`
		Sheet  *string `json:"sheet"`
		Rows   int     `json:"rows"`
		SHA256 string  `json:"sha256"`
	} `json:"inputs"`
	Weights     map[string]float64 `json:"weights"`
	Investments []struct {
		ID            string             `json:"id"`
		Name          *string            `json:"name"`
		Source        string             `json:"source"`
		Status        string             `json:"status"`
		Rank          *int               `json:"rank"`
		Score         float64            `json:"score"`
		Values        map[string]float64 `json:"values"`
		Contributions map[string]float64 `json:"contributions"`
		Missing       []string           `json:"missing"`
		Gates         []struct {
			ID     string `json:"id"`
			Passed bool   `json:"passed"`
			Reason string `json:"reason"`
		} `json:"gates"`
	} `json:"investments"`
	Warnings []string `json:"warnings"`
}

// runCLI runs prio in-process in English (PRIO_LANG=en), the language of
// the texts the tests expect, unless --lang says otherwise.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Setenv("PRIO_LANG", "en")
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// TestHandWorkedExample checks the whole pipeline, through the command line
// and its JSON output, against scores worked out by hand.
//
// Criteria (testdata/score/hand-worked.yaml): groups V (weight 3) and R (1)
// normalise to 3/4 and 1/4; V1 : V2 = 2 : 1 and R1 : R2 = 1 : 1, so the
// effective weights are V1 = 3/4 · 2/3 = 0.5, V2 = 3/4 · 1/3 = 0.25,
// R1 = R2 = 1/4 · 1/2 = 0.125. V1 values the derived ratio = npv / invest
// with linear [0, 2]; V2 the scale effects Låg/Medel/Hög with levels
// [0, 0.5, 1]; R1 the risk position 1..3 with piecewise [[1,1],[3,0]];
// R2 invest (mnkr; the column is in tkr) with piecewise [[0,1],[100,0]].
//
//	P1: invest 20 000 tkr = 20, npv 30: ratio 1.5 → V1 0.75; Hög → V2 1;
//	    Låg → R1 1; R2 1 − 20/100 = 0.8.
//	    score 0.5·0.75 + 0.25·1 + 0.125·1 + 0.125·0.8 = 0.85.
//	P2: npv "-" is missing → ratio missing → V1 worst 0; Medel → V2 0.5;
//	    Medel → R1 0.5; R2 0.5. score 0.125 + 0.0625 + 0.0625 = 0.25.
//	    G2 (flag): plan Nej and invest 50 ≥ 10 → fails → flagged.
//	P3: ratio 4.32/8 = 0.54 → V1 0.27; effects "saknas" → V2 neutral 0.5;
//	    Hög → R1 0; R2 0.92. score 0.135 + 0.125 + 0 + 0.115 = 0.375.
//	    G2: plan blank → not evaluated, on_missing: pass → passes.
//	P4: goals blank → G1 (exclude) fails → excluded; ratio 2 → V1 1; V2 1;
//	    R1 1; R2 0.95. score 0.5 + 0.25 + 0.125 + 0.11875 = 0.99375.
//	P5: npv −12,5: ratio −0.5 → V1 clamped 0; Låg → V2 0; Medel → R1 0.5;
//	    R2 0.75. score 0.0625 + 0.09375 = 0.15625.
//	P6: invest 0, npv 0: 0/0 is not finite → ratio missing with a warning
//	    → V1 0; V2 0.5; R1 1; R2 1. score 0.125 · 3 = 0.375.
//
// Ranks: P1 1; P3 and P6 tie at 0.375 → both 2, listed by id; P2 4; P5 5;
// P4 excluded last with no rank. The "Summa" row is skipped.
func TestHandWorkedExample(t *testing.T) {
	const csvPath = "../../testdata/score/hand-worked.csv"
	stdout, stderr, code := runCLI(t, "score", "-c", "../../testdata/score/hand-worked.yaml", "-f", "json", csvPath)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var res scoreJSON
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, stdout)
	}
	near := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) <= 1e-12 })
	wantWeights := map[string]float64{"V1": 0.5, "V2": 0.25, "R1": 0.125, "R2": 0.125}
	if diff := cmp.Diff(wantWeights, res.Weights, near); diff != "" {
		t.Errorf("weights (-want +got):\n%s", diff)
	}
	type row struct {
		ID      string
		Status  string
		Rank    int // 0: null
		Score   float64
		Values  map[string]float64
		Missing []string
	}
	want := []row{
		{"P1", "ranked", 1, 0.85, map[string]float64{"V1": 0.75, "V2": 1, "R1": 1, "R2": 0.8}, nil},
		{"P3", "ranked", 2, 0.375, map[string]float64{"V1": 0.27, "V2": 0.5, "R1": 0, "R2": 0.92}, []string{"V2"}},
		{"P6", "ranked", 2, 0.375, map[string]float64{"V1": 0, "V2": 0.5, "R1": 1, "R2": 1}, []string{"V1"}},
		{"P2", "flagged", 4, 0.25, map[string]float64{"V1": 0, "V2": 0.5, "R1": 0.5, "R2": 0.5}, []string{"V1"}},
		{"P5", "ranked", 5, 0.15625, map[string]float64{"V1": 0, "V2": 0, "R1": 0.5, "R2": 0.75}, nil},
		{"P4", "excluded", 0, 0.99375, map[string]float64{"V1": 1, "V2": 1, "R1": 1, "R2": 0.95}, nil},
	}
	var got []row
	for _, inv := range res.Investments {
		r := row{ID: inv.ID, Status: inv.Status, Score: inv.Score, Values: inv.Values}
		if inv.Rank != nil {
			r.Rank = *inv.Rank
		}
		if len(inv.Missing) > 0 {
			r.Missing = inv.Missing
		}
		got = append(got, r)
		for id, v := range inv.Values {
			if c := inv.Contributions[id]; math.Abs(c-wantWeights[id]*v) > 1e-12 {
				t.Errorf("%s: contribution of %s is %v, want weight × value = %v", inv.ID, id, c, wantWeights[id]*v)
			}
		}
	}
	if diff := cmp.Diff(want, got, near); diff != "" {
		t.Errorf("investments (-want +got):\n%s", diff)
	}
	gates := map[string][2]string{} // id → reasons of G1, G2
	for _, inv := range res.Investments {
		gates[inv.ID] = [2]string{inv.Gates[0].Reason, inv.Gates[1].Reason}
	}
	wantGates := map[string][2]string{
		"P1": {"", ""},
		"P2": {"", "plan or invest < 10 (plan = Nej, invest = 50)"},
		"P3": {"", "missing: plan"},
		"P4": {"missing: goals", ""},
		"P5": {"", ""},
		"P6": {"", ""},
	}
	if diff := cmp.Diff(wantGates, gates); diff != "" {
		t.Errorf("gate reasons (-want +got):\n%s", diff)
	}
	if p3 := res.Investments[1]; p3.ID != "P3" || !p3.Gates[1].Passed {
		t.Errorf("P3's G2 should pass on missing: %+v", p3.Gates)
	}
	if src := res.Investments[0].Source; src != csvPath+":3" {
		t.Errorf("P1 source = %q, want %q", src, csvPath+":3")
	}
	if len(res.Inputs) != 1 || res.Inputs[0].Rows != 6 || res.Inputs[0].Sheet != nil || res.Inputs[0].Path != csvPath {
		t.Errorf("inputs = %+v, want one CSV input of 6 rows", res.Inputs)
	}
	wantWarning := csvPath + ":8: P6: derived field ratio = npv / invest is NaN, not a finite number; read as missing"
	if !cmp.Equal(res.Warnings, []string{wantWarning}) {
		t.Errorf("warnings = %q, want %q", res.Warnings, wantWarning)
	}
	if !strings.Contains(stderr, "prio: warning: "+wantWarning) {
		t.Errorf("stderr lacks the warning:\n%s", stderr)
	}
	if !strings.Contains(stderr, "Summa") {
		t.Errorf("stderr lacks the note on the skipped sum row:\n%s", stderr)
	}
}

func TestMissingPolicyError(t *testing.T) {
	_, stderr, code := runCLI(t, "score", "-c", "../../testdata/score/hand-worked-error.yaml", "-f", "json", "../../testdata/score/hand-worked-error.csv")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	// P2 is on line 3; Risk is the 7th column.
	want := "prio: ../../testdata/score/hand-worked-error.csv:3:7: P2: criterion R1 needs risk, which is missing (its missing policy is error)\n"
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
}
