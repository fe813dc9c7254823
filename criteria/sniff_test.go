package criteria

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestPortfolioGiven: a workbook or a CSV table given as a criteria set is
// said to be a portfolio; a broken criteria set is not.
func TestPortfolioGiven(t *testing.T) {
	workbook, err := os.ReadFile("../testdata/examples/exempelverket.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	csvFile, err := os.ReadFile("../testdata/realdata/uk-gmpp-2025-26-digital.csv")
	if err != nil {
		t.Fatal(err)
	}
	const portfolio = "p looks like a portfolio (%s), not a criteria set"
	tests := []struct {
		name, data string
		want       string // the kind of portfolio, or "" for a criteria error
	}{
		{"xlsx workbook", string(workbook), "a workbook"},
		// The OLE2 signature of an .xls file, then anything.
		{"xls workbook", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an old Excel workbook (.xls)"},
		{"real CSV, semicolons", string(csvFile), "a CSV table"},
		{"CSV with BOM and commas", "\ufeffID,Namn,Kostnad\nA1,Foo,12\n", "a CSV table"},
		{"CSV with tabs", "ID\tX\nA1\t2\n", "a CSV table"},
		// Two lines with commas, but the first is YAML ("key: value").
		{"YAML with commas", "title: {sv: a, en: b}\nfoo: [1, 2]\n", ""},
		{"YAML comment first", "# a, b\nx, y\n", ""},
		{"one line", "ID;X\n", ""},
		{"ragged", "ID;X;Y\nA1;2\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.data), "p")
			if err == nil {
				t.Fatal("parsed as a criteria set")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%v is not ErrInvalid", err)
			}
			if tc.want == "" {
				if errors.Is(err, ErrPortfolioGiven) {
					t.Errorf("said to be a portfolio: %v", err)
				}
				return
			}
			if want := strings.Replace(portfolio, "%s", tc.want, 1); err.Error() != want || !errors.Is(err, ErrPortfolioGiven) {
				t.Errorf("got  %v\nwant %s", err, want)
			}
		})
	}
}
