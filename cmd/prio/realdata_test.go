package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// blankCells reads a real-data CSV with encoding/csv alone (not prio's
// importer) and returns, per id, the headers of its blank cells.
func blankCells(t *testing.T, path string) (map[string][]string, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]string)
	for _, row := range rows[1:] {
		for i, cell := range row {
			if strings.TrimSpace(cell) == "" {
				out[row[0]] = append(out[row[0]], rows[0][i])
			}
		}
	}
	return out, len(rows) - 1
}

func scoreRealData(t *testing.T, criteriaFile, data string) scoreJSON {
	t.Helper()
	stdout, stderr, code := runCLI(t, "score", "-c", criteriaFile, "-f", "json", data)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	var res scoreJSON
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// checkMissing asserts that the criteria an investment lists as missing are
// exactly those whose source column is blank in the file: every missing
// cell reported, no value invented.
func checkMissing(t *testing.T, res scoreJSON, blanks map[string][]string, leafColumn map[string]string) {
	t.Helper()
	for _, inv := range res.Investments {
		var want []string
		for leaf, col := range leafColumn {
			if slices.Contains(blanks[inv.ID], col) {
				want = append(want, leaf)
			}
		}
		got := slices.Clone(inv.Missing)
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			t.Errorf("%s: missing %v, but the blank source cells give %v", inv.ID, got, want)
		}
	}
}

func TestRealDataUK(t *testing.T) {
	const data = "../../testdata/realdata/uk-gmpp-2025-26-digital.csv"
	blanks, rows := blankCells(t, data)
	res := scoreRealData(t, "../../testdata/realdata/uk-gmpp.yaml", data)
	if rows != 83 || len(res.Investments) != 83 || res.Inputs[0].Rows != 83 {
		t.Fatalf("%d rows in the file, %d investments scored", rows, len(res.Investments))
	}
	checkMissing(t, res, blanks, map[string]string{
		"S1": "Livscykelkostnad (mn GBP)", "D2": "Avvikelse budgetår (%)",
		"S2": "Löptid (mån)", "D1": "Leveranssäkerhet (IPA DCA)",
	})
	// The counts the data's README publishes: 16, 16, 26 and 43 blank.
	counts := map[string]int{}
	flagged := 0
	for _, inv := range res.Investments {
		for _, m := range inv.Missing {
			counts[m]++
		}
		if inv.Status == "flagged" {
			flagged++
			if inv.Gates[0].Reason != "dca < 3 (dca = Red)" {
				t.Errorf("%s: reason %q", inv.ID, inv.Gates[0].Reason)
			}
		}
	}
	if diff := cmp.Diff(map[string]int{"S1": 16, "D2": 16, "S2": 26, "D1": 43}, counts); diff != "" {
		t.Errorf("missing per criterion (-published +got):\n%s", diff)
	}
	if flagged != 11 { // 11 RED ratings
		t.Errorf("%d flagged, want the 11 RED projects", flagged)
	}
	// DBT_0293_2324-Q3 (line 5): cost 1553,73; variance 15,31 under "(%)";
	// no duration; AMBER. By hand, with weights D1 0.3, D2 0.2, S1 0.25,
	// S2 0.25:
	//   D1: Amber is position 2 → 0.5
	//   D2: 0.1531 on [0.1, 0.5] → 0.75 − (0.0531/0.4)·0.75 = 0.6504375
	//   S1: 1553.73 on [1000, 10000] → 0.4 − (553.73/9000)·0.4 = 0.37538977…
	//   S2: missing, neutral → 0.5
	//   score = 0.15 + 0.1300875 + 0.0938474444… + 0.125 = 0.4989349444…
	for _, inv := range res.Investments {
		if inv.ID != "DBT_0293_2324-Q3" {
			continue
		}
		want := map[string]float64{"D1": 0.5, "D2": 0.6504375, "S1": 0.4 - 553.73/9000*0.4, "S2": 0.5}
		if diff := cmp.Diff(want, inv.Values, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-12 })); diff != "" {
			t.Errorf("values (-hand +got):\n%s", diff)
		}
		if math.Abs(inv.Score-0.49893494444444) > 1e-12 {
			t.Errorf("score %v, want 0.4989349444…", inv.Score)
		}
		if inv.Source != data+":5" {
			t.Errorf("source %q", inv.Source)
		}
	}
}

func TestRealDataCanada(t *testing.T) {
	const data = "../../testdata/realdata/ca-gc-it-projects-2022-multiyear.csv"
	blanks, rows := blankCells(t, data)
	res := scoreRealData(t, "../../testdata/realdata/ca-gc.yaml", data)
	if rows != 73 || len(res.Investments) != 73 {
		t.Fatalf("%d rows in the file, %d investments scored", rows, len(res.Investments))
	}
	checkMissing(t, res, blanks, map[string]string{
		"B": "Budgetförändring (%)", "T": "Förskjutning sluttid (mån)", "S": "Senaste budget (mn CAD)",
	})
	for _, inv := range res.Investments {
		switch inv.ID {
		case "cbsa-apm":
			// The only blanks in the file: budget change and slippage.
			if !cmp.Equal(inv.Missing, []string{"B", "T"}) {
				t.Errorf("cbsa-apm missing %v, want [B T]", inv.Missing)
			}
		case "cbsa-ppp":
			// "-55,16 %" → −0.5516, flat at 1 below 0; slippage 0 → 1;
			// latest budget 25,512434 on [5, 100] → 1 − (20.512434/95)·0.5.
			// Weights B 0.4, T 0.4, S 0.2.
			s := 1 - 20.512434/95*0.5
			if math.Abs(inv.Values["S"]-s) > 1e-12 || inv.Values["B"] != 1 || inv.Values["T"] != 1 || math.Abs(inv.Score-(0.8+0.2*s)) > 1e-12 {
				t.Errorf("cbsa-ppp: values %v score %v", inv.Values, inv.Score)
			}
		}
	}
}

// TestRealDataUKSensitivityReadable: the terminal table of the UK portfolio
// stays readable (issue 11 item 6: 6,100 lines, almost all lists of missing
// cells). Its lines, at most: 4 of title and header, 83 ranked, 6 of
// legend, 4 + 4 of weight stability and swaps, 9 of headings and blank
// lines, and the decisive investments: at most 10, each at most 10 cells
// and a count, one a line at worst (the paths are long), and a count of
// the rest — 4 + 83 + 6 + 8 + 9 + 110 + 1 = 221.
func TestRealDataUKSensitivityReadable(t *testing.T) {
	const data = "../../testdata/realdata/uk-gmpp-2025-26-digital.csv"
	stdout, stderr, code := runCLI(t, "sensitivity", "-c", "../../testdata/realdata/uk-gmpp.yaml", "--samples", "200", data)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) > 221 {
		t.Errorf("%d lines, more than 221", len(lines))
	}
	_, decisive, ok := strings.Cut(stdout, "Missing values decide whether these investments are in the top 5:\n\n")
	if !ok {
		t.Fatalf("no decisive investments:\n%s", stdout)
	}
	var ids, counts int
	for _, line := range strings.Split(decisive, "\n") {
		if line != "" && line[0] != ' ' && !strings.HasPrefix(line, "and ") {
			ids++
		}
		if strings.HasSuffix(line, "more: see -f json") {
			counts++
		}
	}
	if ids != 10 || !strings.HasSuffix(decisive, " more: see -f json\n") {
		t.Errorf("%d investments listed, want 10 and a count of the rest:\n%s", ids, decisive)
	}
	if counts < 2 {
		t.Errorf("no list of cells counted:\n%s", decisive)
	}
	if n := strings.Count(stderr, "\n"); n != 1 { // the draft set's warning
		t.Errorf("%d lines on stderr:\n%s", n, stderr)
	}
}
