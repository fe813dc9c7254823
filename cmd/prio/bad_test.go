package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "prio-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "prio")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// runBinary runs the built prio in dir under a memory limit (ulimit -v, 4
// GiB of address space) and a hang guard (60 s): guards against runaway
// memory and hangs, not speed tests. It runs in English (PRIO_LANG=en).
func runBinary(t *testing.T, dir string, args ...string) (stderr string, code int) {
	t.Helper()
	return runBinaryIn(t, "en", dir, args...)
}

// runBinaryIn is runBinary in the language lang (PRIO_LANG=lang).
func runBinaryIn(t *testing.T, lang, dir string, args ...string) (stderr string, code int) {
	t.Helper()
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", append([]string{"-c", `ulimit -v 4000000; exec "$0" "$@"`, bin}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PRIO_LANG="+lang)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("prio %s: still running after 60 s", strings.Join(args, " "))
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return errb.String(), code
}

// TestBadInputs runs the built binary on every broken or hostile input of
// testdata/bad and on large ones made here: each must exit 1 with the
// expected message (with its position), without a panic or a stack trace,
// and without writing its output file.
func TestBadInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and makes inputs of hundreds of megabytes")
	}
	gen := t.TempDir()
	makeLargeInputs(t, gen)
	makeFormulaInputs(t, gen)
	score := func(file string) []string {
		return []string{"score", "-c", "crit.yaml", "-f", "json", "-o", "OUT", file}
	}
	tests := []struct {
		name string
		dir  string // testdata/bad, or the generated inputs
		args []string
		want string
	}{
		{"unknown key", "", []string{"criteria", "validate", "crit-unknown-key.yaml"}, `crit-unknown-key.yaml:5:1: unknown key "author" in the criteria set`},
		{"duplicate key", "", []string{"criteria", "validate", "crit-duplicate-key.yaml"}, `crit-duplicate-key.yaml:4:1: duplicate key "version" in the criteria set (first at line 3)`},
		{"YAML syntax", "", []string{"criteria", "validate", "crit-syntax.yaml"}, `crit-syntax.yaml:14:1: YAML syntax: did not find expected ',' or '}'`},
		{"alias bomb", "", []string{"criteria", "validate", "crit-alias-bomb.yaml"}, `crit-alias-bomb.yaml:2:8: YAML aliases (*a) are not allowed`},
		{"NaN weight", "", []string{"criteria", "validate", "crit-nan-weight.yaml"}, `crit-nan-weight.yaml:13:21: criterion K: weight must be a finite number, not .nan`},
		{"negative weight", "", []string{"criteria", "validate", "crit-negative-weight.yaml"}, `crit-negative-weight.yaml:14:21: criterion R: weight must not be negative, not -1`},
		{"weights whose sum overflows", "", []string{"criteria", "validate", "crit-weight-overflow.yaml"}, `crit-weight-overflow.yaml:11:21: criterion K: weight 1e308 is outside [1e-15, 1e15]`},
		{"an effective weight that underflows", "", []string{"criteria", "validate", "crit-weight-underflow.yaml"}, `crit-weight-underflow.yaml:12:1001: criterion L11: effective weight 1e-315 is too small to compute with`},
		{"empty criteria", "", []string{"criteria", "validate", "crit-empty.yaml"}, `crit-empty.yaml:1:1: empty file: a criteria set starts with format: prio.criteria/1`},
		{"binary criteria", "", []string{"criteria", "validate", "crit-binary.yaml"}, `crit-binary.yaml:1:1: not a YAML text file: the file is not UTF-8 text`},
		{"unknown format", "", []string{"criteria", "validate", "crit-format.yaml"}, `crit-format.yaml:1:9: unknown format "prio.criteria/9": this prio reads prio.criteria/1`},
		{"unknown name", "", []string{"criteria", "validate", "crit-unknown-name.yaml"}, `crit-unknown-name.yaml:13:17: derived field ratio: unknown name budget`},
		{"derived cycle", "", []string{"criteria", "validate", "crit-cycle.yaml"}, `crit-cycle.yaml:13:3: derived field a: cycle a → b → a`},
		{"two documents", "", []string{"criteria", "validate", "crit-two-docs.yaml"}, `crit-two-docs.yaml:15:1: the file holds one YAML document; this is a second`},
		{"levels", "", []string{"criteria", "validate", "crit-levels.yaml"}, `crit-levels.yaml:14:53: criterion R: levels gives 2 values, but field risk has 3 levels`},
		{"no criteria", "", []string{"criteria", "validate", "crit-no-criteria.yaml"}, `crit-no-criteria.yaml:1:1: the criteria set: missing required key "criteria"`},
		{"nesting 20,000 deep", "", []string{"criteria", "validate", "crit-deep-flow.yaml"}, `crit-deep-flow.yaml:3:1: YAML syntax: nested more than 10,000 levels deep, more than prio reads`},
		{"criteria tree 10,000 deep", gen, []string{"criteria", "validate", "deep-tree.yaml"}, `deep-tree.yaml:8:1: YAML syntax: nested more than 10,000 levels deep, more than prio reads`},

		{"manifest of another format", "", []string{"batch", "man-unknown-format.yaml"}, `man-unknown-format.yaml:1:9: unknown format "prio.batch/2": this prio reads prio.batch/1`},
		{"manifest syntax", "", []string{"batch", "man-syntax.yaml"}, `man-syntax.yaml:2:1: YAML syntax: did not find expected ',' or ']'`},
		{"manifest output format", "", []string{"batch", "man-bad-format.yaml"}, `man-bad-format.yaml:4:17: a format must be xlsx, html, json, md or csv, not "pdf"`},
		{"manifest agency twice", "", []string{"batch", "man-duplicate-agency.yaml"}, `man-duplicate-agency.yaml:6:12: duplicate agency name "Verket" (first at line 5)`},
		{"manifest alias bomb", "", []string{"batch", "man-alias-bomb.yaml"}, `man-alias-bomb.yaml:5:10: YAML aliases (*a0) are not allowed`},
		{"manifest naming a broken criteria set", "", []string{"batch", "man-broken-criteria.yaml"}, `crit-syntax.yaml:14:1: YAML syntax: did not find expected ',' or '}'`},
		{"manifest naming a missing criteria set", "", []string{"batch", "man-missing-criteria.yaml"}, `man-missing-criteria.yaml:2:11: the criteria file nowhere.yaml does not exist`},
		{"bad criteria in a run", "", []string{"score", "-c", "crit-levels.yaml", "-o", "OUT", "csv-bad-number.csv"}, `crit-levels.yaml:14:53:`},

		{"bad number", "", score("csv-bad-number.csv"), `csv-bad-number.csv:3:3: "ca 5" is not a number`},
		{"bad level", "", score("csv-bad-level.csv"), `csv-bad-level.csv:3:4: "Mycket hög" is not a level of risk (Låg, Medel, Hög)`},
		{"bad date", "", score("csv-bad-date.csv"), `csv-bad-date.csv:3:6: "31/3/2025" is not a date (use 2025-03-31, 2025-03 or Q3 2025)`},
		{"no such day", "", score("csv-feb30.csv"), `csv-feb30.csv:3:6: "2025-02-30" is not a day in the calendar`},
		{"bad yes/no", "", score("csv-bad-yesno.csv"), `csv-bad-yesno.csv:3:5: "kanske" is not yes or no (use Ja or Nej)`},
		{"NaN text", "", score("csv-nan.csv"), `csv-nan.csv:3:3: "NaN" is not a number`},
		{"overflow", "", score("csv-overflow.csv"), `csv-overflow.csv:3:3: "1e400" is too large a number`},
		{"duplicate id", "", score("csv-duplicate-id.csv"), `csv-duplicate-id.csv:3:1: id "A" appears twice (also at csv-duplicate-id.csv:2:1)`},
		{"row without id", "", score("csv-no-id.csv"), `csv-no-id.csv:3:1: row has data but no id`},
		{"placeholder id", "", score("csv-required-missing.csv"), `csv-required-missing.csv:3:1: row has data but no id`},
		{"no header", "", score("csv-no-header.csv"), `csv-no-header.csv: no header row in the first 30 rows`},
		{"no id column", "", score("csv-missing-id-column.csv"), `csv-missing-id-column.csv:1: no column for required field id (looked for ID)`},
		{"ambiguous columns", "", score("csv-ambiguous.csv"), `csv-ambiguous.csv:1:3: field cost: headers match 2 columns: 3 ("Kostnad"), 4 ("Kostnad (tkr)")`},
		{"CSV syntax", "", score("csv-syntax.csv"), `csv-syntax.csv:3:29: CSV syntax: extraneous or missing " in quoted-field`},
		{"UTF-16", "", score("csv-utf16.csv"), `csv-utf16.csv: a UTF-16 text file, which is not read`},
		{"random bytes", "", score("csv-random.csv"), `csv-random.csv: not a CSV file or workbook`},
		{"empty CSV", "", score("csv-empty.csv"), `csv-empty.csv: the file is empty`},
		{"CSV cell over 32,767 characters", "", score("csv-big-cell.csv"), `csv-big-cell.csv:2:2: the cell holds 40000 characters; a cell holds at most 32767`},
		{"CSV named .xlsx", "", score("csv-named.xlsx"), `csv-named.xlsx:3:3: "ca 5" is not a number`},
		// "A;" + 200 MiB of x + ";1" = 2 + 209,715,200 + 2 bytes before the newline.
		{"CSV line of 200 MB", gen, score("long-line.csv"), `long-line.csv:2: line 2 is 209715204 bytes long; a portfolio's lines are at most 8 MiB`},

		{".xls renamed", "", score("xls-renamed.xlsx"), `xls-renamed.xlsx: the old Excel .xls format is not read`},
		{".ods renamed", "", score("ods.xlsx"), `ods.xlsx: OpenDocument spreadsheets are not read`},
		{".xlsb renamed", "", score("xlsb.xlsx"), `xlsb.xlsx: the Excel binary format (.xlsb) is not read`},
		{"broken zip", "", score("broken-zip.xlsx"), `broken-zip.xlsx: a damaged zip file`},
		{"other zip", "", score("other-zip.xlsx"), `other-zip.xlsx: a zip file that is not an Excel workbook`},
		{"damaged sheet XML", "", score("xlsx-bad-xml.xlsx"), `xlsx-bad-xml.xlsx: Blad1: a damaged sheet`},
		{"no sheets", "", score("xlsx-no-sheets.xlsx"), `xlsx-no-sheets.xlsx: the workbook has no sheet of cells`},
		{"workbook without header", "", score("xlsx-no-header.xlsx"), `xlsx-no-header.xlsx: Blad1: no header row in the first 30 rows`},
		{"shared string out of range", "", score("xlsx-sst-range.xlsx"), `xlsx-sst-range.xlsx: Blad1:`},
		{"workbook bad number", "", score("xlsx-bad-number.xlsx"), `xlsx-bad-number.xlsx: Blad1!C3: "ca 5" is not a number`},
		{"workbook duplicate id", "", score("xlsx-duplicate-id.xlsx"), `xlsx-duplicate-id.xlsx: Blad1!A3: id "A" appears twice (also at xlsx-duplicate-id.xlsx: Blad1!A2)`},
		{"workbook bad date", "", score("xlsx-error-required.xlsx"), `xlsx-error-required.xlsx: Blad1!F3: "30/2/2025" is not a date`},
		{"formula that cannot be calculated", "", score("xlsx-formula.xlsx"), `xlsx-formula.xlsx: Blad1!C2: the formula =FOOBAR(1) has no saved result and could not be calculated`},
		{"workbook cell over 32,767 characters", "", score("xlsx-big-cell.xlsx"), `xlsx-big-cell.xlsx: Blad1!B2: the cell holds 40000 characters`},
		{"workbook cell of 10 MB", gen, score("ten-mb-cell.xlsx"), `ten-mb-cell.xlsx: Blad1!B2: the cell holds more than 32767 characters, the most a cell holds (Excel's limit)`},
		{"zip bomb: a part of 3 GiB", gen, score("bomb-declared.xlsx"), `bomb-declared.xlsx: Blad1: xl/worksheets/sheet1.xml is larger than 1024 MiB unpacked, the limit for one part of a workbook`},
		{"zip bomb: a part larger than it says", gen, score("bomb-lying.xlsx"), `bomb-lying.xlsx: Blad1: a damaged sheet: xl/worksheets/sheet1.xml: zip: not a valid zip file`},
		{"a million formatted empty rows", gen, score("million-rows.xlsx"), `million-rows.xlsx: Blad1!C1000002: "ca 5" is not a number`},

		// Formulas without a saved result, which prio calculates within bounds.
		{"formula: a text bomb", gen, score("formula-rept.xlsx"), `formula-rept.xlsx: Blad1!C2: the formula =LEN(REPT(REPT("x",32767),200000)) has no saved result and could not be calculated (it builds a text longer than 32767 characters, Excel's limit)`},
		{"formula: RAND", gen, score("formula-rand.xlsx"), `formula-rand.xlsx: Blad1!C2: the formula =RAND()*100 has no saved result and could not be calculated (it uses RAND, which Excel calculates anew each time, so its result is not fixed)`},
		{"formula: INDIRECT", gen, score("formula-indirect.xlsx"), `formula-indirect.xlsx: Blad1!C2: the formula =INDIRECT("C3") has no saved result and could not be calculated (it uses INDIRECT, which Excel calculates anew each time, so its result is not fixed)`},
		{"formula: a circular reference", gen, score("formula-circle.xlsx"), `formula-circle.xlsx: Blad1!C2: the formula =C3+1 has no saved result and could not be calculated (it depends on a circular reference: C2 → C3 → C2)`},
		{"formula: an unsupported function", gen, score("formula-sumif.xlsx"), `formula-sumif.xlsx: Blad1!C2: the formula =SUMIF(C3:C4,">1") has no saved result and could not be calculated (it uses the function SUMIF, which prio does not calculate)`},
		{"formula: 17 billion cells summed", gen, score("formula-steps.xlsx"), `formula-steps.xlsx: Blad1!C2: the formula =SUM(D1:XFD1048576) has no saved result and could not be calculated (it takes more than 2000000 calculation steps)`},
		{"formula: steps in all", gen, score("formula-total.xlsx"), `formula-total.xlsx: Blad1!C40: the formula =SUM(D40:XFD116) has no saved result and could not be calculated (the workbook's formulas take more than 50000000 calculation steps in all)`},
		{"formula: 198 whole rows", gen, score("formula-rows.xlsx"), `formula-rows.xlsx: Blad1!C2: the formula =SUM(3:3,4:4,5:5,6:6,7:7,8:8,9:9,10:10,11:11,12:12,13:13,14:14,15:15,16:16,17:17,18:18,19:19,20:20,21:21,22:22,23:23,24:24,25:25,26:26,27:27,28:28,29:29,30:30,31:31,32:32,33:33,34:34,35:35,36:36,37:37… has no saved result and could not be calculated (the workbook's formulas refer to more than 2000000 cells, more than prio keeps to calculate them)`},
		{"formula: nested 80 deep", gen, score("formula-deep.xlsx"), `formula-deep.xlsx: Blad1!C2: the formula =((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) has no saved result and could not be calculated (it nests more than 64 levels deep, Excel's limit)`},
	}
	bad, err := filepath.Abs("../../testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.dir
			if dir == "" {
				dir = bad
			}
			out := filepath.Join(t.TempDir(), "out.json")
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "OUT", out)
			}
			if dir == gen {
				// The generated inputs share the criteria of testdata/bad.
				args = append([]string{}, args...)
				for i, a := range args {
					if a == "crit.yaml" {
						args[i] = filepath.Join(bad, "crit.yaml")
					}
				}
			}
			stderr, code := runBinary(t, dir, args...)
			if code != 1 {
				t.Errorf("exit status %d, want 1\n%s", code, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr)
			}
			for _, crash := range []string{"panic:", "goroutine ", "fatal error", "runtime."} {
				if strings.Contains(stderr, crash) {
					t.Errorf("stderr holds %q:\n%s", crash, stderr)
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("an output file was written")
			}
		})
	}
}

// TestBadInputsSwedish runs three of the bad inputs in Swedish, prio's
// default, where PRIO_LANG=sv says so: the same exit status and position,
// the message in Swedish (written by hand, not taken from the catalogue).
func TestBadInputsSwedish(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bad, err := filepath.Abs("../../testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"negative weight", []string{"criteria", "validate", "crit-negative-weight.yaml"},
			"prio: crit-negative-weight.yaml:14:21: kriteriet R: weight får inte vara negativ, inte -1\n"},
		{"workbook duplicate id", []string{"score", "-c", "crit.yaml", "-f", "json", "-o", "OUT", "xlsx-duplicate-id.xlsx"},
			"prio: xlsx-duplicate-id.xlsx: Blad1!A3: id \"A\" förekommer två gånger (även i xlsx-duplicate-id.xlsx: Blad1!A2)\n"},
		{"manifest naming a missing criteria set", []string{"batch", "man-missing-criteria.yaml"},
			"prio: man-missing-criteria.yaml:2:11: kriteriefilen nowhere.yaml finns inte\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.json")
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "OUT", out)
			}
			stderr, code := runBinaryIn(t, "sv", bad, args...)
			if code != 1 || stderr != tc.want {
				t.Errorf("exit status %d, stderr\n%s\nwant 1 and\n%s", code, stderr, tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("an output file was written")
			}
		})
	}
}

// makeLargeInputs writes the inputs too large to commit: a CSV with a line of
// 200 MB, a workbook with a 10 MB cell, two zip bombs, a sheet of a million
// formatted empty rows with a bad value at the bottom, and a criteria tree
// 10,000 deep.
func makeLargeInputs(t *testing.T, dir string) {
	t.Helper()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	b.WriteString("ID;Namn;Kostnad\nA;")
	b.Write(bytes.Repeat([]byte("x"), 200<<20))
	b.WriteString(";1\n")
	write("long-line.csv", b.Bytes())

	cell := func(ref, v string) string {
		return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>`
	}
	header := `<row r="1">` + cell("A1", "ID") + cell("B1", "Namn") + cell("C1", "Kostnad") + `</row>`
	sheet := func(body string) string {
		return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + header + body + `</sheetData></worksheet>`
	}
	write("ten-mb-cell.xlsx", workbook(t, sheet(`<row r="2">`+cell("A2", "A")+cell("B2", strings.Repeat("y", 10<<20))+`</row>`), -1))

	var rows strings.Builder
	for r := 2; r <= 1000001; r++ {
		fmt.Fprintf(&rows, `<row r="%d" s="1" customFormat="1"/>`, r)
	}
	rows.WriteString(`<row r="1000002">` + cell("A1000002", "Z") + cell("B1000002", "Zeta") + cell("C1000002", "ca 5") + `</row>`)
	write("million-rows.xlsx", workbook(t, sheet(rows.String()), -1))

	small := sheet(`<row r="2">` + cell("A2", "A") + `</row>`)
	write("bomb-declared.xlsx", workbook(t, small, 3<<30))                         // says 3 GiB
	write("bomb-lying.xlsx", workbook(t, small+strings.Repeat(" ", 50<<20), 1000)) // says 1000 bytes, holds 50 MB

	// In flow style, as the block style of 10,000 levels would be refused
	// for its size alone (400 MB of indentation).
	var tree strings.Builder
	tree.WriteString("format: prio.criteria/1\nid: deep\nversion: 1.0.0\nstatus: draft\nfields:\n  id: {headers: [ID], type: text}\n  x: {headers: [X], type: number}\ncriteria: ")
	for d := 0; d < 10000; d++ {
		fmt.Fprintf(&tree, "[{id: C%d, criteria: ", d)
	}
	tree.WriteString("[{id: L, field: x, value: {linear: [0, 1]}}]" + strings.Repeat("}]", 10000) + "\n")
	write("deep-tree.yaml", []byte(tree.String()))
}

// makeFormulaInputs writes workbooks whose formulas have no saved result
// and cannot be calculated, or only beyond prio's bounds.
func makeFormulaInputs(t *testing.T, dir string) {
	t.Helper()
	cell := func(ref, v string) string {
		return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>`
	}
	formula := func(ref, f string) string {
		return `<c r="` + ref + `"><f>` + strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(f) + `</f><v></v></c>`
	}
	header := `<row r="1">` + cell("A1", "ID") + cell("B1", "Namn") + cell("C1", "Kostnad") + `</row>`
	sheet := func(rows ...string) string {
		return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			header + strings.Join(rows, "") + `</sheetData></worksheet>`
	}
	row := func(r int, cells ...string) string {
		return fmt.Sprintf(`<row r="%d">%s</row>`, r, strings.Join(cells, ""))
	}
	one := func(name, f string, more ...string) {
		rows := append([]string{row(2, cell("A2", "A"), formula("C2", f))}, more...)
		if err := os.WriteFile(filepath.Join(dir, name), workbook(t, sheet(rows...), -1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	one("formula-rept.xlsx", `LEN(REPT(REPT("x",32767),200000))`)
	one("formula-rand.xlsx", "RAND()*100")
	one("formula-indirect.xlsx", `INDIRECT("C3")`, row(3, cell("A3", "B"), `<c r="C3"><v>1</v></c>`))
	one("formula-circle.xlsx", "C3+1", row(3, cell("A3", "B"), formula("C3", "C2*2")))
	one("formula-sumif.xlsx", `SUMIF(C3:C4,">1")`, row(3, cell("A3", "B"), `<c r="C3"><v>1</v></c>`))
	// A value in the sheet's last cell makes its used range all of
	// Excel's: the sum (of the columns right of the formula, not to
	// refer to itself) has 16,381 × 1,048,576 cells.
	one("formula-steps.xlsx", "SUM(D1:XFD1048576)", row(1048576, cell("A1048576", "Z"), `<c r="XFD1048576"><v>1</v></c>`))
	// In rows 2 to 40, =SUM(Dr:XFD116): (117 − r) × 16,381 cells each,
	// every range another (a range's numbers are read once), 61 million in
	// all; those of row 40 are beyond 60 million.
	var rows []string
	for r := 3; r <= 40; r++ {
		rows = append(rows, row(r, cell(fmt.Sprintf("A%d", r), fmt.Sprintf("R%d", r)), formula(fmt.Sprintf("C%d", r), fmt.Sprintf("SUM(D%d:XFD116)", r))))
	}
	rows = append(rows, row(116, cell("A116", "Z"), `<c r="XFD116"><v>1</v></c>`))
	one("formula-total.xlsx", "SUM(D2:XFD116)", rows...)
	// 198 whole rows, each 16,384 cells: 3,244,032 in all.
	var whole []string
	for r := 3; r <= 200; r++ {
		whole = append(whole, fmt.Sprintf("%d:%d", r, r))
	}
	one("formula-rows.xlsx", "SUM("+strings.Join(whole, ",")+")")
	one("formula-deep.xlsx", strings.Repeat("(", 80)+"1"+strings.Repeat(")", 80))
}

// workbook zips a minimal workbook around the sheet XML. declared, when not
// -1, is the uncompressed size the zip claims for the sheet: a lie, to make
// a zip bomb.
func workbook(t *testing.T, sheetXML string, declared int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	if declared < 0 {
		add("xl/worksheets/sheet1.xml", sheetXML)
	} else {
		var comp bytes.Buffer
		fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
		fw.Write([]byte(sheetXML))
		fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
			CRC32: crc32.ChecksumIEEE([]byte(sheetXML)), CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(declared),
		})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
