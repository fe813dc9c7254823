package importers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// bookSet reads the workbooks of the formula tests: an id, a name, a cost
// and a yes/no.
const bookSet = `format: prio.criteria/1
id: importer-test-formula-book
version: 1.0.0
status: draft
fields:
  id:   {headers: [ID], type: text, required: true}
  name: {headers: [Namn], type: text}
  cost: {headers: [Kostnad], type: number}
  done: {headers: [Klar], type: yesno}
criteria:
  - {id: A, field: cost, value: {linear: [0, 100]}}
`

// testSheet is a sheet of a workbook written by hand: its name and the XML
// of its rows.
type testSheet struct{ name, rows string }

// handBook zips sheets into a workbook.
func handBook(t *testing.T, path string, sheets ...testSheet) Source {
	t.Helper()
	var list, rels strings.Builder
	parts := []zipPart{{"[Content_Types].xml", contentTypes}, {"_rels/.rels", pkgRels}}
	for i, sh := range sheets {
		fmt.Fprintf(&list, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, sh.name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%sworksheet" Target="worksheets/sheet%d.xml"/>`, i+1, relTypes, i+1)
		parts = append(parts, zipPart{fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1),
			`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + mainNS + `"><sheetData>` + sh.rows + `</sheetData></worksheet>`})
	}
	parts = append(parts,
		zipPart{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `"><sheets>` + list.String() + `</sheets></workbook>`},
		zipPart{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`})
	return Source{Path: path, Data: makeZip(t, parts...)}
}

// Cells of hand-written sheets.
func strCell(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
}
func numCell(ref string, x float64) string {
	return fmt.Sprintf(`<c r="%s"><v>%v</v></c>`, ref, x)
}
func rowXML(r int, cells ...string) string {
	return fmt.Sprintf(`<row r="%d">%s</row>`, r, strings.Join(cells, ""))
}

// formula is a formula cell as openpyxl writes it: an empty saved result.
func formulaCell(ref, f string) string {
	return `<c r="` + ref + `"><f>` + strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(f) + `</f><v></v></c>`
}

var bookHeader = rowXML(1, strCell("A1", "ID"), strCell("B1", "Namn"), strCell("C1", "Kostnad"), strCell("D1", "Underlag"), strCell("E1", "Klar"))

func TestFormulaBook(t *testing.T) {
	set := parseSet(t, bookSet)
	// On the sheet Indata, the running total F of a column D holding 1, 2,
	// …, 1500 in rows 2 to 1501 (F2 = D2, F_r = F_{r-1} + D_r) is
	// 1500 · 1501 / 2 = 1,125,750 at F1501.
	var total strings.Builder
	total.WriteString(rowXML(2, numCell("D2", 1), formulaCell("F2", "D2")))
	for r := 3; r <= 1501; r++ {
		total.WriteString(rowXML(r, numCell(fmt.Sprintf("D%d", r), float64(r-1)), formulaCell(fmt.Sprintf("F%d", r), fmt.Sprintf("F%d+D%d", r-1, r))))
	}

	tests := []struct {
		name     string
		sheets   []testSheet
		want     []investment
		warnings []string
		errs     []string
	}{
		{
			name: "empty saved results, as openpyxl writes them",
			sheets: []testSheet{{"Blad1", bookHeader +
				rowXML(2, strCell("A2", "F-1"), `<c r="B2"><f>"Al"&amp;"fa"</f><v></v></c>`, `<c r="C2"><f>D2*2</f><v/></c>`, numCell("D2", 21),
					`<c r="E2" t="b"><f>D2&gt;5</f><v></v></c>`) +
				// t="str" with an empty <v>: the saved empty text, not
				// calculated (=\"x\" would give x).
				rowXML(3, strCell("A3", "F-2"), `<c r="B3" t="str"><f>"x"</f><v></v></c>`, `<c r="C3" t="e"><f>D3/2</f><v></v></c>`, numCell("D3", 3))}},
			want: []investment{
				{"book.xlsx: Blad1!A2", []string{"F-1", "Alfa", "42", "yes"}}, // 21·2; 21 > 5
				{"book.xlsx: Blad1!A3", []string{"F-2", "missing", "1.5", "missing"}},
			},
		},
		{
			name: "formulas referring to other rows and sheets",
			sheets: []testSheet{
				{"Blad1", bookHeader +
					rowXML(2, strCell("A2", "R-1"), formulaCell("C2", "D2*2"), numCell("D2", 10)) + // from the row: 20
					rowXML(3, strCell("A3", "R-2"), formulaCell("C3", "C2+D3"), numCell("D3", 1)) + // C2 calculated: 21
					rowXML(4, strCell("A4", "R-3"), formulaCell("C4", "D4*2"), numCell("D4", 4)) + // after the workbook's cells are read: 8
					rowXML(5, strCell("A5", "R-4"), formulaCell("C5", "SUM(D2:D4)")) + // 10 + 1 + 4
					rowXML(6, strCell("A6", "R-5"), formulaCell("C6", "Indata!B2+'Indata'!B3")) + // 40 + 80
					rowXML(7, strCell("A7", "R-6"), formulaCell("C7", "SUM(D:D)/COUNT(D:D)")) + // 15 / 3
					rowXML(8, strCell("A8", "R-7"), formulaCell("C8", "C9"), strCell("B8", "upward")) + // C9 calculated from C8's row: 9
					rowXML(9, strCell("A9", "R-8"), formulaCell("C9", "3*3"))},
				{"Indata", rowXML(2, numCell("B2", 40)) +
					rowXML(3, formulaCell("B3", "B2*2"))}, // a formula on another sheet, without a saved result
			},
			want: []investment{
				{"book.xlsx: Blad1!A2", []string{"R-1", "missing", "20", "missing"}},
				{"book.xlsx: Blad1!A3", []string{"R-2", "missing", "21", "missing"}},
				{"book.xlsx: Blad1!A4", []string{"R-3", "missing", "8", "missing"}},
				{"book.xlsx: Blad1!A5", []string{"R-4", "missing", "15", "missing"}},
				{"book.xlsx: Blad1!A6", []string{"R-5", "missing", "120", "missing"}},
				{"book.xlsx: Blad1!A7", []string{"R-6", "missing", "5", "missing"}},
				{"book.xlsx: Blad1!A8", []string{"R-7", "upward", "9", "missing"}},
				{"book.xlsx: Blad1!A9", []string{"R-8", "missing", "9", "missing"}},
			},
		},
		{
			name: "a range beyond its row's last cell, the first formula to need other rows",
			// Row 4 ends at C4, left of the range F2:F3: the range must
			// still be read from the workbook (its cells hold 5 and 7).
			sheets: []testSheet{{"Blad1", bookHeader +
				rowXML(2, strCell("A2", "B-1"), numCell("F2", 5)) +
				rowXML(3, strCell("A3", "B-2"), numCell("F3", 7)) +
				rowXML(4, strCell("A4", "B-3"), formulaCell("C4", "SUM(F2:F3)"))}},
			want: []investment{
				{"book.xlsx: Blad1!A2", []string{"B-1", "missing", "missing", "missing"}},
				{"book.xlsx: Blad1!A3", []string{"B-2", "missing", "missing", "missing"}},
				{"book.xlsx: Blad1!A4", []string{"B-3", "missing", "12", "missing"}}, // 5 + 7
			},
		},
		{
			name: "a formula met first while reading for another sheet's",
			// The look at Indata's first rows calculates its A1, which
			// reads Blad1 down to F10, meeting C2's formula on the way;
			// C2 needs F5, which that pass did not keep.
			sheets: []testSheet{
				{"Indata", rowXML(1, formulaCell("A1", "Blad1!F10"))},
				{"Blad1", bookHeader +
					rowXML(2, strCell("A2", "M-1"), formulaCell("C2", "F5*2")) +
					rowXML(5, strCell("A5", "M-2"), numCell("F5", 21)) +
					rowXML(10, strCell("A10", "M-3"), numCell("F10", 1))},
			},
			want: []investment{
				{"book.xlsx: Blad1!A2", []string{"M-1", "missing", "42", "missing"}}, // 21 · 2
				{"book.xlsx: Blad1!A5", []string{"M-2", "missing", "missing", "missing"}},
				{"book.xlsx: Blad1!A10", []string{"M-3", "missing", "missing", "missing"}},
			},
		},
		{
			name: "a formula of another row that needs a formula of its own row",
			// C2 = F3; F3 = G3*2 and G3 = H3+1 in row 3, H3 = 4: G3
			// is 5, F3 10.
			sheets: []testSheet{{"Blad1", bookHeader +
				rowXML(2, strCell("A2", "P-1"), formulaCell("C2", "F3")) +
				rowXML(3, strCell("A3", "P-2"), formulaCell("F3", "G3*2"), formulaCell("G3", "H3+1"), numCell("H3", 4))}},
			want: []investment{
				{"book.xlsx: Blad1!A2", []string{"P-1", "missing", "10", "missing"}},
				{"book.xlsx: Blad1!A3", []string{"P-2", "missing", "missing", "missing"}},
			},
		},
		{
			name: "a running total of 1,500 rows read from its end",
			// C2 = Indata!F1501, the end of a chain of 1,500 formulas
			// down a column of another sheet: found in one pass, and
			// calculated from the top, one level at a time, though the
			// chain is longer than maxFormulaDepth.
			sheets: []testSheet{
				{"Blad1", bookHeader + rowXML(2, strCell("A2", "S-1"), formulaCell("C2", "Indata!F1501"))},
				{"Indata", total.String()},
			},
			want: []investment{{"book.xlsx: Blad1!A2", []string{"S-1", "missing", "1.12575e+06", "missing"}}}, // 1,125,750
		},
		{
			name: "error values are missing with a warning",
			sheets: []testSheet{{"Blad1", bookHeader +
				rowXML(2, strCell("A2", "E-1"), formulaCell("C2", "D2/0"), numCell("D2", 1)) +
				rowXML(3, strCell("A3", "E-2"), formulaCell("C3", "#N/A"))}},
			want: []investment{
				{"book.xlsx: Blad1!A2", []string{"E-1", "missing", "missing", "missing"}},
				{"book.xlsx: Blad1!A3", []string{"E-2", "missing", "missing", "missing"}},
			},
			warnings: []string{"book.xlsx: Blad1!C2: #DIV/0! read as missing", "book.xlsx: Blad1!C3: #N/A read as missing"},
		},
		{
			name: "formulas that cannot be calculated",
			sheets: []testSheet{
				{"Blad1", bookHeader +
					rowXML(2, strCell("A2", "X-1"), formulaCell("C2", "D2+1"), formulaCell("D2", "C2*2")) +
					rowXML(3, strCell("A3", "X-2"), formulaCell("C3", "C4")) +
					rowXML(4, strCell("A4", "X-3"), formulaCell("C4", "C3")) +
					rowXML(5, strCell("A5", "X-4"), formulaCell("C5", "FOOBAR(1)")) +
					rowXML(6, strCell("A6", "X-5"), formulaCell("C6", "C5*2")) +
					rowXML(7, strCell("A7", "X-6"), formulaCell("C7", "Indata!B2")) +
					rowXML(8, strCell("A8", "X-7"), formulaCell("C8", "Saknas!A1")) +
					rowXML(9, strCell("A9", "X-8"), `<c r="C9"><f t="array" ref="C9">SUM(D2:D3*2)</f></c>`) +
					rowXML(10, strCell("A10", "X-9"), formulaCell("C10", "RAND()")) +
					rowXML(11, strCell("A11", "X-10"), `<c r="C11"><f t="shared" si="4"/></c>`)},
				{"Indata", rowXML(2, formulaCell("B2", "TODAY()"))},
			},
			errs: []string{
				"book.xlsx: Blad1!C2: the formula =D2+1 has no saved result and could not be calculated (it depends on a circular reference: C2 → D2 → C2)",
				// The header's look at the first rows found the circle from C2.
				"book.xlsx: Blad1!D2: the formula =C2*2 has no saved result and could not be calculated (it depends on a circular reference: C2 → D2 → C2)",
				"book.xlsx: Blad1!C3: the formula =C4 has no saved result and could not be calculated (it depends on a circular reference: C3 → C4 → C3)",
				"book.xlsx: Blad1!C4: the formula =C3 has no saved result and could not be calculated (it depends on a circular reference: C3 → C4 → C3)",
				"book.xlsx: Blad1!C5: the formula =FOOBAR(1) has no saved result and could not be calculated (it uses the function FOOBAR, which prio does not calculate)",
				"book.xlsx: Blad1!C6: the formula =C5*2 has no saved result and could not be calculated (in C5, on which it depends: it uses the function FOOBAR, which prio does not calculate)",
				"book.xlsx: Blad1!C7: the formula =Indata!B2 has no saved result and could not be calculated (in Indata!B2, on which it depends: it uses TODAY, which Excel calculates anew each time, so its result is not fixed)",
				`book.xlsx: Blad1!C8: the formula =Saknas!A1 has no saved result and could not be calculated (it refers to the sheet "Saknas", which the workbook does not have)`,
				"book.xlsx: Blad1!C9: the formula =SUM(D2:D3*2) has no saved result and could not be calculated (it is an array formula, which prio does not calculate)",
				"book.xlsx: Blad1!C10: the formula =RAND() has no saved result and could not be calculated (it uses RAND, which Excel calculates anew each time, so its result is not fixed)",
				"book.xlsx: Blad1!C11: the formula (a shared formula) has no saved result and could not be calculated (it shares the formula of a cell that the sheet does not have before it)",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Read(set, []Source{handBook(t, "book.xlsx", tc.sheets...)}, Options{})
			if tc.errs != nil {
				if err == nil {
					t.Fatalf("no error; want %q", tc.errs)
				}
				got := strings.Split(err.Error(), "\n")
				if len(tc.errs) == 1 && len(got) > 1 {
					got = got[:1] // the first of a long list
				}
				if diff := cmp.Diff(tc.errs, got); diff != "" {
					t.Errorf("errors (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, render(set, p)); diff != "" {
				t.Errorf("investments (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.warnings, english(p.Warnings), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// upwardChain is a sheet whose C2 needs C3, which needs C4, and so on for
// n formulas; the last is 1.
func upwardChain(n int) string {
	var b strings.Builder
	b.WriteString(bookHeader)
	for r := 2; r <= n; r++ {
		b.WriteString(rowXML(r, strCell(fmt.Sprintf("A%d", r), fmt.Sprintf("U-%d", r)), formulaCell(fmt.Sprintf("C%d", r), fmt.Sprintf("C%d+1", r+1))))
	}
	b.WriteString(rowXML(n+1, strCell(fmt.Sprintf("A%d", n+1), "U-last"), numCell(fmt.Sprintf("C%d", n+1), 1)))
	return b.String()
}

// A chain of 2,500 formulas upward (C2 = C3+1, …, C2500 = C2501+1, C2501 =
// 1), longer than maxFormulaDepth: C_r is 1 + (2501 − r), so C2 is 2500 and
// C1000 is 1502.
func TestFormulaBookLongChain(t *testing.T) {
	set := parseSet(t, bookSet)
	p, err := Read(set, []Source{handBook(t, "book.xlsx", testSheet{"Blad1", upwardChain(2500)})}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := render(set, p)
	if len(got) != 2500 {
		t.Fatalf("%d investments, want 2500", len(got))
	}
	for _, i := range []int{0, 998, 2499} { // rows 2, 1000, 2501
		want := fmt.Sprint(2500 - i) // row i+2
		if got[i].Values[2] != want {
			t.Errorf("%s: cost %s, want %s", got[i].Source, got[i].Values[2], want)
		}
	}
}

// Each of 30,000 rows divides its cost by the column's total
// (=F_r/SUM(F$2:F$30001)), with every F 1: each share is 1/30,000. Summed
// anew for each row, the totals would take 9·10⁸ steps, beyond
// maxWorkbookSteps: the workbook's calculator reads a range's numbers once.
func TestFormulaBookShareOfTotal(t *testing.T) {
	const n = 30000
	var b strings.Builder
	b.WriteString(bookHeader)
	for r := 2; r <= n+1; r++ {
		b.WriteString(rowXML(r, strCell(fmt.Sprintf("A%d", r), fmt.Sprintf("S-%d", r)),
			formulaCell(fmt.Sprintf("C%d", r), fmt.Sprintf("F%d/SUM(F$2:F$%d)", r, n+1)), numCell(fmt.Sprintf("F%d", r), 1)))
	}
	set := parseSet(t, bookSet)
	p, err := Read(set, []Source{handBook(t, "book.xlsx", testSheet{"Blad1", b.String()})}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := render(set, p)
	want := fmt.Sprint(1.0 / n) // the float64 nearest to 1/30,000
	for _, i := range []int{0, n / 2, n - 1} {
		if got[i].Values[2] != want {
			t.Errorf("%s: cost %s, want %s", got[i].Source, got[i].Values[2], want)
		}
	}
}
