package main

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fileDetails matches the lines of a JSON result that must differ between
// the same portfolio as a workbook and as CSV: each input's path, digest and
// sheet, and each investment's source cell.
var fileDetails = regexp.MustCompile(`(?m)^      "(path|sha256|sheet|source)": .*\n`)

// TestWorkbookAndCSVGiveTheSameResult: the same portfolio as an .xlsx
// (numbers, dates and a percent stored as Excel stores them) and as a
// Swedish CSV (the same values as text) scores to byte-identical JSON but
// for the lines naming the files and cells.
func TestWorkbookAndCSVGiveTheSameResult(t *testing.T) {
	const crit = "../../testdata/xlsx/same.yaml"
	book, stderr, code := runCLI(t, "score", "-c", crit, "-f", "json", "../../testdata/xlsx/same.xlsx")
	if code != 0 {
		t.Fatalf("xlsx: exit %d\n%s", code, stderr)
	}
	csv, stderr, code := runCLI(t, "score", "-c", crit, "-f", "json", "../../testdata/xlsx/same.csv")
	if code != 0 {
		t.Fatalf("csv: exit %d\n%s", code, stderr)
	}
	a := fileDetails.ReplaceAll([]byte(book), nil)
	b := fileDetails.ReplaceAll([]byte(csv), nil)
	if !bytes.Equal(a, b) {
		t.Errorf("results differ (-xlsx +csv):\n%s", cmp.Diff(string(a), string(b)))
	}
	// One source line per investment and path, sha256 and sheet of the input.
	if removed := len(book) - len(a); removed == 0 || !bytes.Contains(a, []byte(`"id": "S-3"`)) {
		t.Errorf("the comparison removed %d bytes and the result lacks S-3", removed)
	}
}
