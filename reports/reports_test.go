package reports

import (
	"bytes"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// testResult is a hand-built result over the leaves of FORMATS.md §1, whose
// effective weights the contract states (A1 0.2625, A2 0.175, C1 0.25,
// C2 0.125, D1 0.09375, D2 0.09375). Each contribution is its value times
// that weight and each score the sum of the contributions, worked out by
// hand. It holds:
//   - FK-12, ranked 1st, from a workbook; its score 0.8595 makes the table's
//     85.95 a decimal tie (0.8595*100 is 85.950000000000003 in float64);
//   - SKV-3 and SKV-4, tied 2nd (D1 and D2 weigh the same and their values
//     are swapped); SKV-3's name has <, > and &, SKV-4's starts with "=";
//   - MSB-7, flagged, ranked 4th, from a CSV file, with a name of 78 runes;
//   - KAM-2, excluded, with no name or agency, two missing leaves and gate
//     reasons, one with quotes.
func testResult() *scoring.Result {
	leaf := func(id, sv, en string, w float64) *criteria.Criterion {
		return &criteria.Criterion{ID: id, Title: criteria.Text{SV: sv, EN: en}, EffectiveWeight: w}
	}
	leaves := []*criteria.Criterion{
		leaf("A1", "Nettonuvärde per investerad krona", "NPV per invested krona", 0.2625),
		leaf("A2", "Effekter för medborgare och företag", "Effects for citizens and businesses", 0.175),
		leaf("C1", "Leveransrisk", "Delivery risk", 0.25),
		leaf("C2", "Återanvänder gemensam lösning", "Reuses a shared solution", 0.125),
		leaf("D1", "Investeringsutgift", "Investment outlay", 0.09375),
		leaf("D2", "Nyttorealiseringsplan", "Benefits realisation plan", 0.09375),
	}
	gates := []*criteria.Gate{
		{ID: "G1", Title: criteria.Text{SV: "Effektmål är angivna", EN: "Effect goals are stated"}, Require: `goals != ""`, OnFail: criteria.OnFailExclude},
		{ID: "G2", Title: criteria.Text{SV: "Nyttoplan finns över 10 mnkr", EN: "Benefits plan above 10 mnkr"}, Require: "plan or invest < 10", OnFail: criteria.OnFailExclude, OnMissingPass: true},
		{ID: "G3", Title: criteria.Text{SV: "Återanvänder gemensam lösning", EN: "Reuses a shared solution"}, Require: "reused", OnFail: criteria.OnFailFlag},
	}
	pass := func(id string) scoring.GateResult {
		return scoring.GateResult{ID: id, Passed: true, Evaluated: true}
	}
	allPass := []scoring.GateResult{pass("G1"), pass("G2"), pass("G3")}
	book := func(row int) portfolio.Cell {
		return portfolio.Cell{File: "portfel.xlsx", Sheet: "Investeringar", Row: row, Col: 1}
	}
	return &scoring.Result{
		Criteria: scoring.CriteriaInfo{
			ID:      "digitala-investeringar",
			Version: "1.1.0",
			Status:  "adopted",
			SHA256:  "5f2b0c3e9a1d4b6c8e7f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5",
			Title:   criteria.Text{SV: "Utgångspunkter och kriterier för prioritering", EN: "Starting points and prioritisation criteria"},
		},
		Inputs: []portfolio.Input{
			{Path: "portfel.xlsx", SHA256: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", Sheet: "Investeringar", Rows: 4},
			{Path: "tillagg.csv", SHA256: "f9e8d7c6b5a40392817f6e5d4c3b2a1f09e8d7c6b5a40392817f6e5d4c3b2a10", Rows: 1},
		},
		Leaves:  leaves,
		Weights: []float64{0.2625, 0.175, 0.25, 0.125, 0.09375, 0.09375},
		Gates:   gates,
		Investments: []scoring.Assessment{
			{
				ID: "FK-12", Name: "Ny e-tjänst för bostadsbidrag", Agency: "Försäkringskassan",
				Source: book(7), Status: scoring.Ranked, Rank: 1,
				// 0.212625 + 0.13125 + 0.25 + 0.125 + 0.046875 + 0.09375
				Score:         0.8595,
				Values:        []float64{0.81, 0.75, 1, 1, 0.5, 1},
				Contributions: []float64{0.212625, 0.13125, 0.25, 0.125, 0.046875, 0.09375},
				Gates:         allPass,
			},
			{
				ID: "SKV-3", Name: "Skatteverket <API> & app", Agency: "Skatteverket",
				Source: book(8), Status: scoring.Ranked, Rank: 2,
				// 0.13125 + 0.175 + 0.125 + 0 + 0.0703125 + 0.09375
				Score:         0.5953125,
				Values:        []float64{0.5, 1, 0.5, 0, 0.75, 1},
				Contributions: []float64{0.13125, 0.175, 0.125, 0, 0.0703125, 0.09375},
				Gates:         allPass,
			},
			{
				ID: "SKV-4", Name: `=HYPERLINK("https://example.invalid","Ny deklaration")`, Agency: "Skatteverket",
				Source: book(9), Status: scoring.Ranked, Rank: 2,
				// 0.13125 + 0.175 + 0.125 + 0 + 0.09375 + 0.0703125
				Score:         0.5953125,
				Values:        []float64{0.5, 1, 0.5, 0, 1, 0.75},
				Contributions: []float64{0.13125, 0.175, 0.125, 0, 0.09375, 0.0703125},
				Gates:         allPass,
			},
			{
				ID:     "MSB-7",
				Name:   "Gemensam plattform för krisberedskap, ledning och samverkan mellan myndigheter",
				Agency: "Myndigheten för samhällsskydd och beredskap",
				Source: portfolio.Cell{File: "tillagg.csv", Row: 12, Col: 3}, Status: scoring.Flagged, Rank: 4,
				// 0.07875 + 0.0875 + 0.25 + 0 + 0.046875 + 0.09375
				Score:         0.556875,
				Values:        []float64{0.3, 0.5, 1, 0, 0.5, 1},
				Contributions: []float64{0.07875, 0.0875, 0.25, 0, 0.046875, 0.09375},
				Gates: []scoring.GateResult{pass("G1"), pass("G2"),
					{ID: "G3", Passed: false, Evaluated: true, Reason: "reused (reused = Nej)", OnFail: criteria.OnFailFlag,
						Values: []scoring.GateValue{{Field: "reused", Kind: portfolio.YesNo, Value: portfolio.Value{Present: true}}}}},
			},
			{
				ID:     "KAM-2",
				Source: book(11), Status: scoring.Excluded,
				// 0 + 0.175 + 0.125 + 0.125 + 0 + 0
				Score:         0.425,
				Values:        []float64{0, 1, 0.5, 1, 0, 0},
				Contributions: []float64{0, 0.175, 0.125, 0.125, 0, 0},
				Missing:       []string{"A1", "D1"},
				Gates: []scoring.GateResult{
					{ID: "G1", Passed: false, Evaluated: true, Reason: `goals != "" (goals = "")`, OnFail: criteria.OnFailExclude,
						Values: []scoring.GateValue{{Field: "goals", Kind: portfolio.Text, Value: portfolio.Value{Present: true}}}},
					{ID: "G2", Passed: true, Evaluated: false, Reason: "missing: invest", Missing: []string{"invest"}, OnFail: criteria.OnFailExclude},
					pass("G3"),
				},
			},
		},
		Warnings: []messages.Message{messages.M("%s: %s", "portfel.xlsx: Investeringar!H9", messages.M("%s read as missing", "#REF!"))},
	}
}

var writers = map[string]func(*bytes.Buffer, *scoring.Result, Options) error{
	"json":  func(b *bytes.Buffer, r *scoring.Result, o Options) error { return WriteJSON(b, r, o) },
	"csv":   func(b *bytes.Buffer, r *scoring.Result, o Options) error { return WriteCSV(b, r, o) },
	"table": func(b *bytes.Buffer, r *scoring.Result, o Options) error { return WriteTable(b, r, o) },
}

func TestGolden(t *testing.T) {
	tests := []struct {
		golden string
		format string
		opts   Options
	}{
		{"result.json.golden", "json", Options{Version: "0.1.0"}},
		{"result.csv.golden", "csv", Options{Version: "0.1.0"}},
		// CSV numbers do not follow the language.
		{"result.csv.golden", "csv", Options{Lang: "en", Version: "0.1.0"}},
		{"result.table.sv.golden", "table", Options{}},
		{"result.table.sv.golden", "table", Options{Lang: "sv"}},
		{"result.table.en.golden", "table", Options{Lang: "en"}},
	}
	for _, tt := range tests {
		lang := tt.opts.Lang
		if lang == "" {
			lang = "default"
		}
		t.Run(tt.golden+"/"+lang, func(t *testing.T) {
			var buf bytes.Buffer
			if err := writers[tt.format](&buf, testResult(), tt.opts); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.golden, buf.Bytes())
		})
	}
}

// checkGolden compares got with testdata/name, or rewrites the file with
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, d)
	}
}

func TestDeterministic(t *testing.T) {
	for _, format := range []string{"json", "csv", "table"} {
		t.Run(format, func(t *testing.T) {
			var first, second bytes.Buffer
			if err := writers[format](&first, testResult(), Options{Version: "0.1.0"}); err != nil {
				t.Fatal(err)
			}
			if err := writers[format](&second, testResult(), Options{Version: "0.1.0"}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), second.Bytes()) {
				t.Errorf("two renderings differ (-first +second):\n%s", cmp.Diff(first.String(), second.String()))
			}
		})
	}
}

// TestInvalidResult checks that every writer refuses, without writing a
// byte, what it cannot render faithfully.
func TestInvalidResult(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *scoring.Result)
		want   string
	}{
		{"nil result", nil, "invalid result: no result"},
		{"NaN score", func(r *scoring.Result) { r.Investments[0].Score = math.NaN() },
			"invalid result: investment FK-12: score is NaN"},
		{"infinite value", func(r *scoring.Result) { r.Investments[1].Values[2] = math.Inf(1) },
			"invalid result: investment SKV-3: value of C1 is +Inf"},
		{"infinite contribution", func(r *scoring.Result) { r.Investments[4].Contributions[5] = math.Inf(-1) },
			"invalid result: investment KAM-2: contribution of D2 is -Inf"},
		{"NaN weight", func(r *scoring.Result) { r.Weights[3] = math.NaN() },
			"invalid result: weight of C2 is NaN"},
		{"weights not parallel", func(r *scoring.Result) { r.Weights = r.Weights[:5] },
			"invalid result: 5 weights for 6 criteria"},
		{"values not parallel", func(r *scoring.Result) { r.Investments[3].Values = nil },
			"invalid result: investment MSB-7: 0 values and 6 contributions for 6 criteria"},
		{"nil leaf", func(r *scoring.Result) { r.Leaves[1] = nil },
			"invalid result: criterion 2 is nil"},
		{"unknown status", func(r *scoring.Result) { r.Investments[2].Status = "tied" },
			`invalid result: investment SKV-4: unknown status "tied"`},
	}
	for _, tt := range tests {
		for format, write := range writers {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				var r *scoring.Result
				if tt.change != nil {
					r = testResult()
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

func TestUnknownLang(t *testing.T) {
	for format, write := range writers {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			err := write(&buf, testResult(), Options{Lang: "de"})
			if want := `unknown language "de" (want sv or en)`; err == nil || err.Error() != want {
				t.Errorf("error = %v, want %s", err, want)
			}
			if !errors.Is(err, ErrUnknownLang) {
				t.Errorf("error %v does not wrap ErrUnknownLang", err)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %q before failing", buf.String())
			}
		})
	}
}

// failingWriter fails every write, like a closed pipe.
type failingWriter struct{}

var errWrite = errors.New("broken pipe")

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteError(t *testing.T) {
	for name, write := range map[string]func() error{
		"json":  func() error { return WriteJSON(failingWriter{}, testResult(), Options{}) },
		"csv":   func() error { return WriteCSV(failingWriter{}, testResult(), Options{}) },
		"table": func() error { return WriteTable(failingWriter{}, testResult(), Options{}) },
	} {
		t.Run(name, func(t *testing.T) {
			if err := write(); !errors.Is(err, errWrite) {
				t.Errorf("error = %v, want %v", err, errWrite)
			}
		})
	}
}

// TestEmptyResult checks the shape of a result with no investments, inputs
// or warnings: empty JSON lists, never null; a header-only CSV; a table with
// its header and a summary of zeros.
func TestEmptyResult(t *testing.T) {
	r := testResult()
	r.Inputs, r.Investments, r.Warnings = nil, nil, nil
	tests := []struct {
		format string
		opts   Options
		want   string
	}{
		{"json", Options{Version: "0.1.0"}, `{
  "format": "prio.result/1",
  "prio_version": "0.1.0",
  "criteria": {
    "id": "digitala-investeringar",
    "version": "1.1.0",
    "status": "adopted",
    "sha256": "5f2b0c3e9a1d4b6c8e7f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5"
  },
  "inputs": [],
  "weights": {
    "A1": 0.2625,
    "A2": 0.175,
    "C1": 0.25,
    "C2": 0.125,
    "D1": 0.09375,
    "D2": 0.09375
  },
  "investments": [],
  "warnings": []
}
`},
		{"csv", Options{}, "rank,id,name,agency,source,status,score," +
			"value_A1,value_A2,value_C1,value_C2,value_D1,value_D2," +
			"contribution_A1,contribution_A2,contribution_C1,contribution_C2,contribution_D1,contribution_D2," +
			"missing,failed_gates\n"},
		{"table", Options{Lang: "en"}, "Criteria: Starting points and prioritisation criteria 1.1.0 (adopted)\n" +
			"\n" +
			"Rank  ID  Name  Agency  Score  Failed gates\n" +
			"\n" +
			"0 investments: 0 ranked (0 flagged), 0 excluded\n"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := writers[tt.format](&buf, r, tt.opts); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, buf.String()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
