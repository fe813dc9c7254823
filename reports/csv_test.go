package reports

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCSVText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain", "FK-12", "FK-12"},
		{"equals", "=1+2", "'=1+2"},
		{"plus", "+46 8 123", "'+46 8 123"},
		{"minus", "-2", "'-2"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\tx", "'\tx"},
		{"carriage return", "\rx", "'\rx"},
		{"later equals", "a=b", "a=b"},
		{"apostrophe", "'x", "'x"},
		{"leading space", " =x", " =x"},
		{"non-ASCII", "Östersund", "Östersund"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := csvText(tt.in); got != tt.want {
				t.Errorf("csvText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCSVGoldenReads reads the CSV golden file back with encoding/csv and
// checks its shape and cells typed by hand from testResult.
func TestCSVGoldenReads(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "result.csv.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(data, []byte("\ufeff")) || bytes.Contains(data, []byte("\r")) {
		t.Error("a BOM or a carriage return in the CSV")
	}
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll() // also checks every row has the header's width
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"rank", "id", "name", "agency", "source", "status", "score",
		"value_A1", "value_A2", "value_C1", "value_C2", "value_D1", "value_D2",
		"contribution_A1", "contribution_A2", "contribution_C1", "contribution_C2", "contribution_D1", "contribution_D2",
		"missing", "failed_gates"}
	if !slices.Equal(records[0], wantHeader) {
		t.Errorf("header = %q, want %q", records[0], wantHeader)
	}
	if len(records) != 6 {
		t.Fatalf("%d records, want a header and 5 rows", len(records))
	}
	col := func(name string) int { return slices.Index(wantHeader, name) }
	cells := []struct {
		row  int
		col  string
		want string
	}{
		{1, "rank", "1"},
		{1, "source", "portfel.xlsx: Investeringar!A7"},
		{1, "score", "0.8595"},
		{1, "contribution_A1", "0.212625"},
		{1, "value_C1", "1"},
		{3, "rank", "2"},
		{3, "name", `'=HYPERLINK("https://example.invalid","Ny deklaration")`},
		{4, "source", "tillagg.csv:12"},
		{4, "status", "flagged"},
		{4, "failed_gates", "G3"},
		{5, "rank", ""},
		{5, "name", ""},
		{5, "status", "excluded"},
		{5, "score", "0.425"},
		{5, "missing", "A1 D1"},
		{5, "failed_gates", "G1"},
	}
	for _, c := range cells {
		if got := records[c.row][col(c.col)]; got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row, c.col, got, c.want)
		}
	}
}

// Numbers in the CSV are never guarded, even negative ones, and use the
// shortest exact form with a decimal point.
func TestCSVNumbers(t *testing.T) {
	a, b := 0.1, 0.2
	r := testResult()
	r.Investments = r.Investments[:1]
	r.Investments[0].Values[0] = -0.5 // a value function may extrapolate below 0
	r.Investments[0].Values[1] = a + b
	r.Investments[0].Contributions[0] = -0.13125
	r.Investments[0].Contributions[1] = math.Copysign(0, -1)
	r.Investments[0].Score = 1e-7
	r.Investments[0].ID = "-12"
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r, Options{Lang: "sv"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	want := "1,'-12,Ny e-tjänst för bostadsbidrag,Försäkringskassan,portfel.xlsx: Investeringar!A7,ranked,1e-7," +
		"-0.5,0.30000000000000004,1,1,0.5,1," +
		"-0.13125,0,0.25,0.125,0.046875,0.09375,,"
	if lines[1] != want {
		t.Errorf("row =\n%s\nwant\n%s", lines[1], want)
	}
}
