package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// testSensitivity is a hand-built sensitivity result; only its shape and
// the rendering of its numbers matter here, the numbers are typed by hand,
// not computed. Three leaves A1, A2, C1 (weights 0.5, 0.3, 0.2), four
// investments ranked 1 to 4, top 2:
//   - FK-12 first; its acceptabilities are a column of the matrix whose
//     columns each sum to 1 (0.61 + 0.25 + 0.14 + 0 = 1, and so on);
//   - SKV-3, whose name has <, > and &, with confidence 0.5;
//   - SKV-4, whose name starts with "=", with central weights of 1/3 each
//     (full precision in JSON, 33,3 % nowhere: central weights are not in
//     the table) and confidence 0;
//   - FK-7, with a name of 78 runes, never first: central weights and
//     confidence null.
//
// Stability: A1 has swaps at both bounds, A2 none below (its interval
// starts at 0), C1 none above (it ends at 1). SKV-3 and SKV-4 are decisive
// under missing values. Pairwise and Sweeps are left nil; withMatrices sets
// them.
func testSensitivity() *sensitivity.Result {
	half, zero := 0.5, 0.0
	conf83 := 0.83
	third := 1.0 / 3
	return &sensitivity.Result{
		Criteria: scoring.CriteriaInfo{
			ID:      "digitala-investeringar",
			Version: "1.1.0",
			Status:  "adopted",
			SHA256:  "5f2b0c3e9a1d4b6c8e7f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5",
			Title:   criteria.Text{SV: "Utgångspunkter och kriterier för prioritering", EN: "Starting points and prioritisation criteria"},
		},
		Inputs: []portfolio.Input{
			{Path: "portfel.xlsx", SHA256: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", Sheet: "Investeringar", Rows: 3},
			{Path: "tillagg.csv", SHA256: "f9e8d7c6b5a40392817f6e5d4c3b2a1f09e8d7c6b5a40392817f6e5d4c3b2a10", Rows: 1},
		},
		Seed:    20171127,
		Samples: 10000,
		Weights: criteria.WeightModel{Kind: criteria.WeightsVary, Vary: 0.2},
		Top:     2,
		Leaves:  []string{"A1", "A2", "C1"},
		Investments: []sensitivity.Investment{
			{ID: "FK-12", Name: "Ny e-tjänst för bostadsbidrag", Rank: 1, Score: 0.8595,
				Acceptability: []float64{0.61, 0.25, 0.09, 0.05}, TopK: 0.86,
				CentralWeights: []float64{0.55, 0.25, 0.2}, Confidence: &conf83,
				RankRange: sensitivity.RankRange{Best: 1, Worst: 3}},
			{ID: "SKV-3", Name: "Skatteverket <API> & app", Rank: 2, Score: 0.5953125,
				Acceptability: []float64{0.25, 0.5, 0.2, 0.05}, TopK: 0.75,
				CentralWeights: []float64{0.4, 0.4, 0.2}, Confidence: &half,
				RankRange: sensitivity.RankRange{Best: 1, Worst: 4}},
			{ID: "SKV-4", Name: `=HYPERLINK("https://example.invalid","Ny deklaration")`, Rank: 3, Score: 0.57,
				Acceptability: []float64{0.14, 0.2, 0.5, 0.16}, TopK: 0.34,
				CentralWeights: []float64{third, third, third}, Confidence: &zero,
				RankRange: sensitivity.RankRange{Best: 2, Worst: 3}},
			{ID: "FK-7", Name: "Gemensam plattform för krisberedskap, ledning och samverkan mellan myndigheter", Rank: 4, Score: 0.1e-6,
				Acceptability: []float64{0, 0.05, 0.21, 0.74}, TopK: 0.05,
				RankRange: sensitivity.RankRange{Best: 4, Worst: 4}},
		},
		Stability: []sensitivity.Stability{
			{Leaf: "A1", Weight: 0.5, Ranking: [2]float64{0.42, 0.61}, TopK: [2]float64{0.3, 1},
				Below: &sensitivity.Swap{At: 0.42, Up: "SKV-3", Down: "FK-12"},
				Above: &sensitivity.Swap{At: 0.61, Up: "SKV-4", Down: "SKV-3"}},
			{Leaf: "A2", Weight: 0.3, Ranking: [2]float64{0, 0.35}, TopK: [2]float64{0, 0.7},
				Above: &sensitivity.Swap{At: 0.35, Up: "FK-7", Down: "SKV-4"}},
			{Leaf: "C1", Weight: 0.2, Ranking: [2]float64{0.15, 1}, TopK: [2]float64{0.05, 1},
				Below: &sensitivity.Swap{At: 0.15, Up: "FK-7", Down: "SKV-4"}},
		},
		Tornado: [][]sensitivity.RankRange{
			{{Best: 1, Worst: 2}, {Best: 1, Worst: 2}, {Best: 3, Worst: 3}, {Best: 4, Worst: 4}},
			{{Best: 1, Worst: 1}, {Best: 2, Worst: 3}, {Best: 2, Worst: 3}, {Best: 4, Worst: 4}},
			{{Best: 1, Worst: 1}, {Best: 2, Worst: 2}, {Best: 3, Worst: 4}, {Best: 3, Worst: 4}},
		},
		TornadoR: 0.2,
		MissingDecisive: []sensitivity.Decisive{
			{ID: "SKV-3", Cells: []string{"portfel.xlsx: Investeringar!H8"}},
			{ID: "SKV-4", Cells: []string{"portfel.xlsx: Investeringar!K9", "tillagg.csv:12:5"}},
		},
		Warnings: []messages.Message{messages.M("%s: %s", "portfel.xlsx: Investeringar!H9", messages.M("%s read as missing", "#REF!"))},
	}
}

// withMatrices adds the pairwise matrix and the sweeps to r.
func withMatrices(r *sensitivity.Result) *sensitivity.Result {
	r.Pairwise = [][]float64{
		{0, 0.7, 0.8, 0.95},
		{0.3, 0, 0.65, 0.9},
		{0.2, 0.35, 0, 0.84},
		{0.05, 0.1, 0.16, 0},
	}
	r.Sweeps = [][]sensitivity.Piece{
		{{From: 0, To: 0.42, Order: []string{"SKV-3", "FK-12", "SKV-4", "FK-7"}},
			{From: 0.42, To: 0.61, Order: []string{"FK-12", "SKV-3", "SKV-4", "FK-7"}},
			{From: 0.61, To: 1, Order: []string{"FK-12", "SKV-4", "SKV-3", "FK-7"}}},
		{{From: 0, To: 0.35, Order: []string{"FK-12", "SKV-3", "SKV-4", "FK-7"}},
			{From: 0.35, To: 1, Order: []string{"FK-12", "SKV-3", "FK-7", "SKV-4"}}},
		{{From: 0, To: 0.15, Order: []string{"FK-12", "SKV-3", "FK-7", "SKV-4"}},
			{From: 0.15, To: 1, Order: []string{"FK-12", "SKV-3", "SKV-4", "FK-7"}}},
	}
	return r
}

// truncated cuts r's acceptabilities at rank 2, as an analysis past 1,000
// ranked investments cuts them at rank K, with the rest beyond: the shares
// of ranks 3 and 4 of testSensitivity added by hand.
func truncated(r *sensitivity.Result) *sensitivity.Result {
	rests := []float64{0.14, 0.25, 0.66, 0.95}
	for i := range r.Investments {
		inv := &r.Investments[i]
		inv.Acceptability = inv.Acceptability[:2]
		inv.AcceptabilityRest = &rests[i]
	}
	return r
}

// TestSensitivityTruncated: acceptabilities cut at rank K give
// "acceptability_rest" right after "acceptability" in the JSON, and the
// CSV's rank columns end at rank_K with a rest column.
func TestSensitivityTruncated(t *testing.T) {
	r := truncated(testSensitivity())
	var js, cs bytes.Buffer
	if err := WriteSensitivityJSON(&js, r, Options{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	want := `"acceptability": [
        0.25,
        0.5
      ],
      "acceptability_rest": 0.25,
      "top_k": 0.75,`
	if !strings.Contains(js.String(), want) {
		t.Errorf("JSON of SKV-3 lacks\n%s\n%s", want, js.String())
	}
	if err := WriteSensitivityCSV(&cs, r, Options{}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantRows := [][]string{
		{"rank", "id", "name", "score", "top_k", "confidence", "rank_range_best", "rank_range_worst", "rank_1", "rank_2", "rest"},
		{"1", "FK-12", "Ny e-tjänst för bostadsbidrag", "0.8595", "0.86", "0.83", "1", "3", "0.61", "0.25", "0.14"},
		{"2", "SKV-3", "Skatteverket <API> & app", "0.5953125", "0.75", "0.5", "1", "4", "0.25", "0.5", "0.25"},
		{"3", "SKV-4", `'=HYPERLINK("https://example.invalid","Ny deklaration")`, "0.57", "0.34", "0", "2", "3", "0.14", "0.2", "0.66"},
		{"4", "FK-7", "Gemensam plattform för krisberedskap, ledning och samverkan mellan myndigheter", "1e-7", "0.05", "", "4", "4", "0", "0.05", "0.95"},
	}
	if diff := cmp.Diff(wantRows, rows); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}

// testLeafCriteria are the criteria of testSensitivity's leaves, with
// their titles, parallel to its Leaves.
func testLeafCriteria() []*criteria.Criterion {
	return []*criteria.Criterion{
		{ID: "A1", Title: criteria.Text{SV: "Nettonuvärde per investerad krona", EN: "NPV per invested krona"}},
		{ID: "A2", Title: criteria.Text{SV: "Effekter för medborgare och företag", EN: "Effects for citizens and businesses"}},
		{ID: "C1", Title: criteria.Text{SV: "Leveransrisk", EN: "Delivery risk"}},
	}
}

var sensitivityWriters = map[string]func(io.Writer, *sensitivity.Result, Options) error{
	"json": WriteSensitivityJSON,
	"csv":  WriteSensitivityCSV,
	"table": func(w io.Writer, r *sensitivity.Result, o Options) error {
		return WriteSensitivityTable(w, r, testLeafCriteria(), o)
	},
}

func TestSensitivityGolden(t *testing.T) {
	tests := []struct {
		golden   string
		format   string
		opts     Options
		matrices bool
	}{
		{"sensitivity.json.golden", "json", Options{Version: "0.1.0"}, false},
		{"sensitivity-matrices.json.golden", "json", Options{Version: "0.1.0"}, true},
		{"sensitivity.csv.golden", "csv", Options{}, false},
		// CSV numbers do not follow the language; the matrices add nothing.
		{"sensitivity.csv.golden", "csv", Options{Lang: "en"}, true},
		{"sensitivity.table.sv.golden", "table", Options{}, false},
		{"sensitivity.table.sv.golden", "table", Options{Lang: "sv"}, true},
		{"sensitivity.table.en.golden", "table", Options{Lang: "en"}, false},
	}
	for _, tt := range tests {
		lang := tt.opts.Lang
		if lang == "" {
			lang = "default"
		}
		t.Run(tt.golden+"/"+lang, func(t *testing.T) {
			r := testSensitivity()
			if tt.matrices {
				r = withMatrices(r)
			}
			var buf bytes.Buffer
			if err := sensitivityWriters[tt.format](&buf, r, tt.opts); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.golden, buf.Bytes())
		})
	}
}

// TestSensitivityJSONGoldenDecodes reads the JSON golden files back and
// checks, against values typed by hand from testSensitivity, the key order
// FORMATS.md §3 fixes and the values that matter.
func TestSensitivityJSONGoldenDecodes(t *testing.T) {
	read := func(name string) *node {
		t.Helper()
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		doc, err := decodeOrdered(d)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Token(); err != io.EOF {
			t.Fatalf("data after the document: %v", err)
		}
		if strings.Contains(string(data), `\u003c`) || strings.Contains(string(data), `\u0026`) {
			t.Error("<, > or & escaped")
		}
		return doc
	}
	doc, full := read("sensitivity.json.golden"), read("sensitivity-matrices.json.golden")
	top := []string{"format", "prio_version", "criteria", "inputs", "seed", "samples", "weights_model", "top",
		"investments", "stability", "tornado", "missing_decisive"}
	invKeys := []string{"id", "rank", "score", "acceptability", "top_k", "central_weights", "confidence", "rank_range"}
	stabKeys := []string{"id", "weight", "ranking", "top_k", "below", "above"}
	ids := []string{"FK-12", "SKV-3", "SKV-4", "FK-7"}
	keyOrder := []struct {
		doc  *node
		path []any
		want []string
	}{
		{doc, nil, append(slices.Clone(top), "warnings")},
		{full, nil, append(slices.Clone(top), "pairwise", "sweeps", "warnings")},
		{doc, []any{"criteria"}, []string{"id", "version", "status", "sha256"}},
		{doc, []any{"inputs", 0}, []string{"path", "sha256", "sheet", "rows"}},
		{doc, []any{"investments", 0}, invKeys},
		{doc, []any{"investments", 3}, invKeys},
		{doc, []any{"investments", 0, "central_weights"}, []string{"A1", "A2", "C1"}},
		{doc, []any{"stability", 0}, stabKeys},
		{doc, []any{"stability", 0, "below"}, []string{"at", "up", "down"}},
		{doc, []any{"tornado", 0}, []string{"id", "ranks"}},
		{doc, []any{"tornado", 2, "ranks"}, ids},
		{doc, []any{"missing_decisive", 1}, []string{"id", "cells"}},
		{full, []any{"pairwise"}, ids},
		{full, []any{"pairwise", "SKV-4"}, ids},
		{full, []any{"sweeps"}, []string{"A1", "A2", "C1"}},
		{full, []any{"sweeps", "A1", 1}, []string{"from", "to", "order"}},
	}
	for _, k := range keyOrder {
		if got := k.doc.at(t, k.path...).keys; !slices.Equal(got, k.want) {
			t.Errorf("keys of %v = %q, want %q", k.path, got, k.want)
		}
	}
	values := []struct {
		doc  *node
		path []any
		want any // json.Number for numbers, nil for null
	}{
		{doc, []any{"format"}, "prio.sensitivity/1"},
		{doc, []any{"prio_version"}, "0.1.0"},
		{doc, []any{"inputs", 1, "sheet"}, nil},
		{doc, []any{"seed"}, json.Number("20171127")},
		{doc, []any{"samples"}, json.Number("10000")},
		{doc, []any{"weights_model"}, "vary:0.2"},
		{doc, []any{"top"}, json.Number("2")},
		{doc, []any{"investments", 0, "score"}, json.Number("0.8595")},
		{doc, []any{"investments", 0, "acceptability", 1}, json.Number("0.25")},
		{doc, []any{"investments", 0, "confidence"}, json.Number("0.83")},
		{doc, []any{"investments", 0, "rank_range", 1}, json.Number("3")},
		{doc, []any{"investments", 2, "central_weights", "A2"}, json.Number("0.3333333333333333")},
		{doc, []any{"investments", 2, "confidence"}, json.Number("0")},
		{doc, []any{"investments", 3, "score"}, json.Number("1e-7")},
		{doc, []any{"investments", 3, "central_weights"}, nil},
		{doc, []any{"investments", 3, "confidence"}, nil},
		{doc, []any{"investments", 3, "acceptability", 0}, json.Number("0")},
		{doc, []any{"stability", 0, "ranking", 0}, json.Number("0.42")},
		{doc, []any{"stability", 0, "below", "up"}, "SKV-3"},
		{doc, []any{"stability", 0, "above", "at"}, json.Number("0.61")},
		{doc, []any{"stability", 1, "below"}, nil},
		{doc, []any{"stability", 2, "above"}, nil},
		{doc, []any{"stability", 2, "top_k", 1}, json.Number("1")},
		{doc, []any{"tornado", 2, "id"}, "C1"},
		{doc, []any{"tornado", 2, "ranks", "FK-7", 0}, json.Number("3")},
		{doc, []any{"missing_decisive", 1, "cells", 1}, "tillagg.csv:12:5"},
		{doc, []any{"warnings", 0}, "portfel.xlsx: Investeringar!H9: #REF! read as missing"},
		{full, []any{"pairwise", "SKV-3", "SKV-4"}, json.Number("0.65")},
		{full, []any{"sweeps", "A2", 1, "from"}, json.Number("0.35")},
		{full, []any{"sweeps", "A2", 1, "order", 2}, "FK-7"},
	}
	for _, v := range values {
		if got := v.doc.at(t, v.path...).value; got != v.want {
			t.Errorf("%v = %#v, want %#v", v.path, got, v.want)
		}
	}
}

// TestSensitivityJSONEmptyLists: no decisive investments and no warnings
// are [], never null.
func TestSensitivityJSONEmptyLists(t *testing.T) {
	r := testSensitivity()
	r.MissingDecisive, r.Warnings = nil, nil
	var buf bytes.Buffer
	if err := WriteSensitivityJSON(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\n  \"missing_decisive\": [],\n", "\n  \"warnings\": []\n"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no %q in\n%s", want, buf.String())
		}
	}
}

// TestSensitivityCSVGoldenReads reads the CSV golden file back with
// encoding/csv and checks cells typed by hand from testSensitivity.
func TestSensitivityCSVGoldenReads(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "sensitivity.csv.golden"))
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"rank", "id", "name", "score", "top_k", "confidence", "rank_range_best", "rank_range_worst",
		"rank_1", "rank_2", "rank_3", "rank_4"}
	if !slices.Equal(records[0], wantHeader) {
		t.Fatalf("header = %q, want %q", records[0], wantHeader)
	}
	want := [][]string{
		{"1", "FK-12", "Ny e-tjänst för bostadsbidrag", "0.8595", "0.86", "0.83", "1", "3", "0.61", "0.25", "0.09", "0.05"},
		{"2", "SKV-3", "Skatteverket <API> & app", "0.5953125", "0.75", "0.5", "1", "4", "0.25", "0.5", "0.2", "0.05"},
		{"3", "SKV-4", `'=HYPERLINK("https://example.invalid","Ny deklaration")`, "0.57", "0.34", "0", "2", "3", "0.14", "0.2", "0.5", "0.16"},
		{"4", "FK-7", "Gemensam plattform för krisberedskap, ledning och samverkan mellan myndigheter", "1e-7", "0.05", "", "4", "4", "0", "0.05", "0.21", "0.74"},
	}
	if d := cmp.Diff(want, records[1:]); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}
}

// TestSensitivityTableGoldenLayout checks by rune count what the eye checked
// in the table goldens: no trailing spaces, the sentences of the swaps, and
// the rank ranges.
func TestSensitivityTableGoldenLayout(t *testing.T) {
	tests := []struct {
		golden string
		want   []string
	}{
		{"sensitivity.table.sv.golden", []string{
			"Känslighetsanalys: 10\u00a0000 stickprov, slumpfrö 20171127, varje vikt inom ±20,0 % av den angivna, topp 2",
			"A1: Under 42,0 % går SKV-3 om FK-12. Över 61,0 % går SKV-4 om SKV-3.",
			"A2: Rangordningen ändras inte hur lågt vikten än sätts. Över 35,0 % går FK-7 om SKV-4.",
			"C1: Under 15,0 % går FK-7 om SKV-4. Rangordningen ändras inte hur högt vikten än sätts.",
			"A1  Nettonuvärde per investerad krona    50,0 %             42,0 %–61,0 %     30,0 %–100,0 %",
			"SKV-4  portfel.xlsx: Investeringar!K9, tillagg.csv:12:5",
		}},
		{"sensitivity.table.en.golden", []string{
			"Sensitivity analysis: 10,000 samples, seed 20171127, each weight within ±20.0 % of the stated one, top 2",
			"A1: Below 42.0 % SKV-3 overtakes FK-12. Above 61.0 % SKV-4 overtakes SKV-3.",
			"A2: The ranking does not change however low the weight is set. Above 35.0 % FK-7 overtakes SKV-4.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.golden))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			for i, l := range lines {
				if strings.TrimRight(l, " ") != l {
					t.Errorf("line %d has trailing spaces: %q", i+1, l)
				}
			}
			for _, w := range tt.want {
				if !slices.Contains(lines, w) {
					t.Errorf("no line %q", w)
				}
			}
			// Rank ranges: "1–3" for FK-12, "2–3" for SKV-4, "4" for FK-7,
			// right-aligned at the end of their rows.
			for _, end := range []string{"  1–3", "  2–3", "      4"} {
				found := false
				for _, l := range lines {
					found = found || strings.HasSuffix(l, end)
				}
				if !found {
					t.Errorf("no row ending %q", end)
				}
			}
		})
	}
}

// TestSensitivityTableWithoutTitles: nil leaves leave the title column out.
// Also: a weight whose interval is all of [0, 1] gets one sentence, and a
// long list of decisive cells is wrapped under itself.
func TestSensitivityTableWithoutTitles(t *testing.T) {
	r := testSensitivity()
	r.Stability[1].Ranking, r.Stability[1].Above = [2]float64{0, 1}, nil
	r.MissingDecisive[0].Cells = []string{"portfel.xlsx: Investeringar!H8", "portfel.xlsx: Investeringar!H9",
		"portfel.xlsx: Investeringar!H10", "portfel.xlsx: Investeringar!H11"}
	var buf bytes.Buffer
	if err := WriteSensitivityTable(&buf, r, nil, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"ID  Weight  Ranking unchanged  Top 2 unchanged\n" +
			"A1  50.0 %      42.0 %–61.0 %   30.0 %–100.0 %\n",
		"\nA2: The ranking does not change, whatever the weight.\n",
		// 78 runes at most: the id column (5 + 2) and 71 for the cells.
		"\nSKV-3  portfel.xlsx: Investeringar!H8, portfel.xlsx: Investeringar!H9,\n" +
			"       portfel.xlsx: Investeringar!H10, portfel.xlsx: Investeringar!H11\n" +
			"SKV-4  portfel.xlsx: Investeringar!K9, tillagg.csv:12:5\n",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no\n%s\nin\n%s", want, buf.String())
		}
	}
}

func TestWrapList(t *testing.T) {
	tests := []struct {
		name  string
		items []string
		width int
		want  []string
	}{
		{"none", nil, 10, nil},
		{"one", []string{"abc"}, 10, []string{"abc"}},
		{"fits exactly", []string{"abc", "de"}, 7, []string{"abc, de"}},
		{"one over", []string{"abc", "def"}, 7, []string{"abc,", "def"}},
		{"long item alone", []string{"a", "abcdefghijkl", "b"}, 5, []string{"a,", "abcdefghijkl,", "b"}},
		{"runes, not bytes", []string{"åäö", "åäö"}, 8, []string{"åäö, åäö"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wrapList(tt.items, tt.width); !slices.Equal(got, tt.want) {
				t.Errorf("wrapList(%q, %d) = %q, want %q", tt.items, tt.width, got, tt.want)
			}
		})
	}
}

func TestSensitivityDeterministic(t *testing.T) {
	for format, write := range sensitivityWriters {
		t.Run(format, func(t *testing.T) {
			var first, second bytes.Buffer
			if err := write(&first, withMatrices(testSensitivity()), Options{Version: "0.1.0"}); err != nil {
				t.Fatal(err)
			}
			if err := write(&second, withMatrices(testSensitivity()), Options{Version: "0.1.0"}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), second.Bytes()) {
				t.Errorf("two renderings differ (-first +second):\n%s", cmp.Diff(first.String(), second.String()))
			}
		})
	}
}

// TestSensitivityInvalid checks that every writer refuses, without writing
// a byte, what it cannot render faithfully.
func TestSensitivityInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *sensitivity.Result)
		want   string
	}{
		{"nil result", nil, "invalid result: no result"},
		{"NaN score", func(r *sensitivity.Result) { r.Investments[0].Score = math.NaN() },
			"invalid result: investment FK-12: score NaN, top-k share 0.86"},
		{"infinite acceptability", func(r *sensitivity.Result) { r.Investments[1].Acceptability[2] = math.Inf(1) },
			"invalid result: investment SKV-3: +Inf in its acceptabilities or central weights"},
		{"NaN confidence", func(r *sensitivity.Result) { c := math.NaN(); r.Investments[2].Confidence = &c },
			"invalid result: investment SKV-4: confidence is NaN"},
		{"acceptabilities not parallel", func(r *sensitivity.Result) { r.Investments[3].Acceptability = r.Investments[3].Acceptability[:3] },
			"invalid result: investment FK-7: 3 rank acceptabilities for 4 investments"},
		{"central weights not parallel", func(r *sensitivity.Result) { r.Investments[0].CentralWeights = []float64{1} },
			"invalid result: investment FK-12: 1 central weights for 3 criteria"},
		{"rank range", func(r *sensitivity.Result) { r.Investments[0].RankRange.Worst = 5 },
			"invalid result: investment FK-12: rank range 1–5 outside 1–4"},
		{"stability not parallel", func(r *sensitivity.Result) { r.Stability = r.Stability[:2] },
			"invalid result: 2 stability intervals for 3 criteria"},
		{"stability out of order", func(r *sensitivity.Result) { r.Stability[0], r.Stability[1] = r.Stability[1], r.Stability[0] },
			"invalid result: stability interval 1 is of A2, not A1"},
		{"NaN bound", func(r *sensitivity.Result) { r.Stability[0].Above.At = math.NaN() },
			"invalid result: stability of A1: NaN is not a finite number"},
		{"tornado not parallel", func(r *sensitivity.Result) { r.Tornado[1] = r.Tornado[1][:1] },
			"invalid result: tornado of A2: 1 rank ranges for 4 investments"},
		{"pairwise not square", func(r *sensitivity.Result) { withMatrices(r).Pairwise[2] = []float64{0} },
			"invalid result: pairwise row of SKV-4: 1 shares for 4 investments"},
		{"sweeps not parallel", func(r *sensitivity.Result) { withMatrices(r).Sweeps = r.Sweeps[:1] },
			"invalid result: 1 sweeps for 3 criteria"},
		{"rest for some only", func(r *sensitivity.Result) { truncated(r).Investments[2].AcceptabilityRest = nil },
			"invalid result: investment SKV-4: the rest beyond the listed ranks given for some investments only"},
		{"rest with every rank", func(r *sensitivity.Result) {
			truncated(r).Investments[1].Acceptability = []float64{0.25, 0.5, 0.2, 0.05}
		},
			"invalid result: investment SKV-3: 4 rank acceptabilities and the rest 0.25 for 4 investments, 2 ranks listed"},
	}
	for _, tt := range tests {
		for format, write := range sensitivityWriters {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				var r *sensitivity.Result
				if tt.change != nil {
					r = testSensitivity()
					tt.change(r)
				}
				var buf bytes.Buffer
				err := write(&buf, r, Options{})
				if err == nil || err.Error() != tt.want {
					t.Errorf("error = %v, want %s", err, tt.want)
				}
				if !errors.Is(err, ErrInvalidResult) {
					t.Errorf("error %v does not wrap ErrInvalidResult", err)
				}
				if buf.Len() != 0 {
					t.Errorf("wrote %q before failing", buf.String())
				}
			})
		}
	}
}

func TestSensitivityTableTitlesMismatch(t *testing.T) {
	leaves := testLeafCriteria()
	leaves[1], leaves[2] = leaves[2], leaves[1]
	var buf bytes.Buffer
	err := WriteSensitivityTable(&buf, testSensitivity(), leaves, Options{})
	if want := "invalid result: criterion 2 is not A2"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
	if err := WriteSensitivityTable(&buf, testSensitivity(), leaves[:2], Options{}); err == nil {
		t.Error("no error for 2 titles for 3 criteria")
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %q", buf.String())
	}
}

func TestSensitivityUnknownLangAndWriteError(t *testing.T) {
	for format, write := range sensitivityWriters {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf, testSensitivity(), Options{Lang: "de"}); !errors.Is(err, ErrUnknownLang) || buf.Len() != 0 {
				t.Errorf("error = %v, wrote %d bytes; want ErrUnknownLang and nothing", err, buf.Len())
			}
			if err := write(failingWriter{}, testSensitivity(), Options{}); !errors.Is(err, errWrite) {
				t.Errorf("error = %v, want %v", err, errWrite)
			}
		})
	}
}
