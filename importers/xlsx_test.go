package importers

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
)

// The expected values in this file are worked out by hand from what the
// generators in xlsx_corpus_test.go write (and, for libreoffice.xlsx, from
// libreoffice.csv); the comments give the arithmetic. Excel date serials:
// 2024-01-01 is 45292, 2025-01-01 is 45292 + 366 = 45658, 2025-03-31 is
// 45658 + 31 + 28 + 30 = 45747, 2026-01-15 is 45658 + 365 + 14 = 46037.

// xlsxCorpus reads a file of testdata/xlsx as a source named by its base
// name.
func xlsxCorpus(t testing.TB, name string) Source {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(xlsxCorpusDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	return Source{Path: name, Data: data}
}

// formulaSet reads the formulas workbook.
const formulaSet = `format: prio.criteria/1
id: importer-test-formulas
version: 1.0.0
status: draft
fields:
  id:     {headers: [Projekt-ID], type: text, required: true}
  name:   {headers: [Projektnamn], type: text, required: true}
  invest: {headers: [Investeringsutgift], type: number}
  share:  {headers: [Säkrad finansiering], type: percent}
  plan:   {headers: [Nyttorealiseringsplan], type: yesno}
criteria:
  - {id: A, field: invest, value: {linear: [0, 100]}}
`

// handSet reads the hand-written workbooks.
const handSet = `format: prio.criteria/1
id: importer-test-hand
version: 1.0.0
status: draft
fields:
  id:     {headers: [Projekt-ID], type: text, required: true}
  name:   {headers: [Projektnamn], type: text, required: true}
  invest: {headers: [Investeringsutgift], type: number, absent: missing}
  start:  {headers: [Startdatum], type: date}
  plan:   {headers: [Nyttorealiseringsplan], type: yesno}
  share:  {headers: [Säkrad finansiering], type: percent}
criteria:
  - {id: A, field: invest, value: {linear: [0, 100]}}
`

func TestReadXLSX(t *testing.T) {
	full, small := parseSet(t, fullSet), parseSet(t, smallSet)
	formulas, hand := parseSet(t, formulaSet), parseSet(t, handSet)
	tests := []struct {
		name     string
		set      *criteria.Set
		files    []string
		opts     Options
		want     []investment
		inputs   []portfolio.Input // checked when given
		warnings []string
		notes    []string
	}{
		{
			name:  "a clean workbook with shared strings",
			set:   full,
			files: []string{"clean.xlsx"},
			want: []investment{
				// id, name, agency, invest, costs, share, risk_time, plan, reused, start
				{"clean.xlsx: Investeringar!A2", []string{"FK-1", "Ny e-tjänst", "Försäkringskassan", "12.5", "no column",
					"0.25", "2 Medel", "yes", "no", "2025-03-31"}}, // serial 45747
				{"clean.xlsx: Investeringar!A3", []string{"FK-2", "Arkiv", "Försäkringskassan", "3", "no column",
					"1", "1 Låg", "no",
					"no",           // blank with blank: "no"
					"2026-01-15"}}, // serial 46037
				{"clean.xlsx: Investeringar!A4", []string{"SKV-3", "Beskattning", "Skatteverket", "120", "no column",
					"0.5", "3 Hög", "yes", "yes", "2024-01-01"}}, // serial 45292
			},
			inputs: []portfolio.Input{{Path: "clean.xlsx", Sheet: "Investeringar", Rows: 3,
				// sha256sum testdata/xlsx/clean.xlsx
				SHA256: "3ede2b62aa9d19f1ffd16222f4367425fad9af836ec1c6af1ce43993179ce0d3"}},
		},
		{
			name:  "a messy workbook: instructions first, title rows, merged two-row header, hidden row and column",
			set:   full,
			files: []string{"messy.xlsx"},
			want: []investment{
				{"messy.xlsx: Investeringar!A6", []string{"FK-1", "Ny e-tjänst", "Försäkringskassan",
					"102.1",                 // "102 100" (no-break space) tkr / 1000
					"3.8005",                // 1500 + "2 300,5" tkr = 3800.5 tkr, / 1000
					"0.25",                  // 25 under "(%)"
					"2 Medel", "yes", "yes", // "medel", "Ja", "X"
					"2025-03-31"}}, // serial 45747
				{"messy.xlsx: Investeringar!A7", []string{"FK-2", "Arkiv", "Försäkringskassan",
					"2.5005",                   // 2500.5 tkr / 1000
					"missing",                  // "-", blank, "saknas"
					"missing",                  // "TBD"
					"3 Hög",                    // " HÖG "
					"no", "no", "2025-07-01"}}, // Q3 2025
				// Row 8 holds only a space: blank. Row 9 is hidden.
				{"messy.xlsx: Investeringar!A9", []string{"FK-3", "Dold rad", "Skatteverket",
					"0.6",                                // the formula's saved 600 tkr
					"0.6",                                // 100 + 200 + 300 tkr
					"0.5",                                // 50 under "(%)"
					"1 Låg", "yes", "no", "2025-03-01"}}, // "2025-03"
				{"messy.xlsx: Investeringar!A10", []string{"FK-4", "Felvärde", "Skatteverket",
					"missing", // "Ej beslutat"
					"1",       // 0 + "1 000" tkr = 1000 tkr
					"missing", // #REF!
					"2 Medel", // "2", a position
					"no", "yes", "2026-01-15"}},
			},
			inputs: []portfolio.Input{{Path: "messy.xlsx", Sheet: "Investeringar", Rows: 4,
				// sha256sum testdata/xlsx/messy.xlsx
				SHA256: "623f9b497e271dc7a74743c039928cc5acd3bd73b735fbf097eb64b2cfdfaf18"}},
			warnings: []string{"messy.xlsx: Investeringar!H10: #REF! read as missing"},
			notes:    []string{`messy.xlsx: Investeringar!11:11: skipped the sum row "Summa"`},
		},
		{
			name:  "formulas without saved results are calculated",
			set:   formulas,
			files: []string{"formulas.xlsx"},
			want: []investment{
				// id, name, invest, share, plan
				{"formulas.xlsx: Beräknat!A2", []string{"FK-1",
					"Alfa",  // CONCATENATE("Al","fa")
					"2.5",   // D2/4 = 10/4
					"0.25",  // D2/40 = 0.25, in a percent format
					"yes"}}, // D2>5: TRUE
				{"formulas.xlsx: Beräknat!A3", []string{"FK-2", "Beta",
					"missing", // D3/0: #DIV/0!
					"missing",
					"no"}}, // D3>5 = 3>5: FALSE
				{"formulas.xlsx: Beräknat!A4", []string{"FK-3", "Gamma",
					"3.5", // C2+1, C2 itself calculated: 2.5 + 1
					"missing", "missing"}},
				{"formulas.xlsx: Beräknat!A5", []string{"FK-4", "Delta",
					"6", // the shared formula D5*3 = 2*3
					"missing", "missing"}},
				{"formulas.xlsx: Beräknat!A6", []string{"FK-5", "Epsilon",
					"21", // the shared formula's second cell: D6*3 = 7*3
					"missing", "missing"}},
			},
			inputs:   []portfolio.Input{{Path: "formulas.xlsx", Sheet: "Beräknat", Rows: 5}},
			warnings: []string{"formulas.xlsx: Beräknat!C3: #DIV/0! read as missing"},
		},
		{
			name:  "the 1904 date system",
			set:   hand,
			files: []string{"date1904.xlsx"},
			want: []investment{
				// id, name, invest, start, plan, share
				// 44285 in the 1904 system is 45747 − 1462 in the 1900 one.
				{"date1904.xlsx: Sheet1!A2", []string{"FK-1", "Alfa", "no column", "2025-03-31", "no column", "no column"}},
				{"date1904.xlsx: Sheet1!A3", []string{"FK-2", "Beta", "no column", "2025-03-31", "no column", "no column"}},
			},
			warnings: []string{
				`date1904.xlsx: Sheet1!1:1: no column for field invest (looked for "Investeringsutgift"; read by A): it counts as missing in every row of this file, as the field's absent: missing allows`,
			},
		},
		{
			name:  "the 1904 date system stays with its workbook",
			set:   hand,
			files: []string{"date1904.xlsx", "same.xlsx"},
			want: []investment{
				{"date1904.xlsx: Sheet1!A2", []string{"FK-1", "Alfa", "no column", "2025-03-31", "no column", "no column"}},
				{"date1904.xlsx: Sheet1!A3", []string{"FK-2", "Beta", "no column", "2025-03-31", "no column", "no column"}},
				// same.xlsx is in the 1900 system: 45747 is 2025-03-31 there.
				// invest has no unit here: the tkr are taken as they are.
				{"same.xlsx: Portfölj!A2", []string{"S-1", "Alfa", "102100", "2025-03-31", "yes", "0.25"}},
				{"same.xlsx: Portfölj!A3", []string{"S-2", "Beta", "2500.5", "2026-01-15", "no", "0.5"}},
				{"same.xlsx: Portfölj!A4", []string{"S-3", "Gamma", "missing", "2024-01-01", "missing", "missing"}},
			},
			warnings: []string{
				`date1904.xlsx: Sheet1!1:1: no column for field invest (looked for "Investeringsutgift"; read by A): it counts as missing in every row of this file, as the field's absent: missing allows`,
			},
		},
		{
			name:  "a used range down to row 1,048,576",
			set:   small,
			files: []string{"bottom.xlsx"},
			want: []investment{
				{"bottom.xlsx: Sheet1!A2", []string{"FK-1", "Alfa", "1"}},
				{"bottom.xlsx: Sheet1!A3", []string{"FK-2", "Beta", "2"}},
			},
		},
		{
			name:  "XML as other tools write it: prefixes, no r, rich text, escapes",
			set:   hand,
			files: []string{"handmade.xlsx"},
			want: []investment{
				// id, name, invest, start, plan, share
				{"handmade.xlsx: Data!A3", []string{"HM-1", // two runs of inline rich text
					"Rad\r\nett",  // _x000D_ is a carriage return
					"15",          // 1.5E1
					"2025-03-31",  // t="d"
					"yes",         // t="b" 1
					"no column"}}, //
				{"handmade.xlsx: Data!A4", []string{"HM-2", // a formula's saved string
					"A_x0041_",   // _x005F_ is an underscore; what follows is text
					"missing",    // C4 is absent
					"2025-03-31", // serial 45747
					"missing",    // #N/A
					"no column"}},
				{"handmade.xlsx: Data!A6", []string{"HM-3",
					"Fas",     // the phonetic run is not part of the text
					"0",       // -0
					"missing", // D6 is absent
					"no",      // t="b" 0
					"no column"}},
			},
			inputs:   []portfolio.Input{{Path: "handmade.xlsx", Sheet: "Data", Rows: 3}},
			warnings: []string{"handmade.xlsx: Data!E4: #N/A read as missing"},
		},
		{
			name:  "strict OOXML",
			set:   hand,
			files: []string{"strict.xlsx"},
			want: []investment{
				{"strict.xlsx: Strikt!A2", []string{"ST-1", "Strikt", "no column",
					"2025-03-31", // 44285 in the 1904 system
					"no column",
					"0.4"}}, // 0.4 in a percent format (cellXfs 1: numFmtId 9) under "(%)"
			},
			warnings: []string{
				`strict.xlsx: Strikt!1:1: no column for field invest (looked for "Investeringsutgift"; read by A): it counts as missing in every row of this file, as the field's absent: missing allows`,
			},
		},
		{
			name:  "a workbook LibreOffice wrote",
			set:   full,
			files: []string{"libreoffice.xlsx"},
			want: []investment{
				{"libreoffice.xlsx: libreoffice!A2", []string{"LO-1", "Första etappen", "Försäkringskassan",
					"1.5", // 1500 tkr / 1000
					"no column",
					"0.25", // "25 %", which LibreOffice stores as 0.25 in the format 0.00%
					"2 Medel", "yes", "no column", "2025-03-31"}},
				{"libreoffice.xlsx: libreoffice!A3", []string{"LO-2", "Andra", "Skatteverket",
					"3", // =D2*2, saved as 3000 tkr
					"no column",
					"0.1531", // 15,31 under "(%)"
					"3 Hög", "no", "no column", "2025-07-01"}},
				{"libreoffice.xlsx: libreoffice!A4", []string{"LO-3", "Tredje", "Skatteverket",
					"missing", // =D2/0, saved as #DIV/0!
					"no column",
					"missing", // "-"
					"1 Låg",
					"yes", // =1>0, saved as the number 1
					"no column", "2026-01-01"}},
			},
			inputs: []portfolio.Input{{Path: "libreoffice.xlsx", Sheet: "libreoffice", Rows: 3}},
			warnings: []string{
				"libreoffice.xlsx: libreoffice!D4: #DIV/0! read as missing",
			},
			notes: []string{`libreoffice.xlsx: libreoffice!5:5: skipped the sum row "Summa"`},
		},
		{
			name:  "a workbook and a CSV file are one portfolio",
			set:   small,
			files: []string{"bottom.xlsx", "same.csv"},
			want: []investment{
				{"bottom.xlsx: Sheet1!A2", []string{"FK-1", "Alfa", "1"}},
				{"bottom.xlsx: Sheet1!A3", []string{"FK-2", "Beta", "2"}},
				{"same.csv:2:1", []string{"S-1", "Alfa", "102.1"}},    // 102 100 tkr / 1000
				{"same.csv:3:1", []string{"S-2", "Beta", "2.5005"}},   // 2 500,5 tkr / 1000
				{"same.csv:4:1", []string{"S-3", "Gamma", "missing"}}, // "-"
			},
			inputs: []portfolio.Input{
				{Path: "bottom.xlsx", Sheet: "Sheet1", Rows: 2},
				{Path: "same.csv", Rows: 3}, // no sheet for CSV
			},
		},
		{
			name:  "--sheet picks a sheet, in any case",
			set:   small,
			files: []string{"formulas.xlsx"},
			opts:  Options{Sheet: "beräknat"},
			want: []investment{
				{"formulas.xlsx: Beräknat!A2", []string{"FK-1", "Alfa", "2.5"}},
				{"formulas.xlsx: Beräknat!A3", []string{"FK-2", "Beta", "missing"}},
				{"formulas.xlsx: Beräknat!A4", []string{"FK-3", "Gamma", "3.5"}},
				{"formulas.xlsx: Beräknat!A5", []string{"FK-4", "Delta", "6"}},
				{"formulas.xlsx: Beräknat!A6", []string{"FK-5", "Epsilon", "21"}},
			},
			warnings: []string{"formulas.xlsx: Beräknat!C3: #DIV/0! read as missing"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sources []Source
			for _, f := range tt.files {
				if strings.HasSuffix(f, ".csv") {
					data, err := os.ReadFile(filepath.Join(xlsxCorpusDir(), f))
					if err != nil {
						t.Fatal(err)
					}
					sources = append(sources, Source{Path: f, Data: data})
					continue
				}
				sources = append(sources, xlsxCorpus(t, f))
			}
			p, err := Read(tt.set, sources, tt.opts)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if diff := cmp.Diff(tt.want, render(tt.set, p)); diff != "" {
				t.Errorf("investments (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.warnings, english(p.Warnings), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.notes, english(p.Notes), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
			if tt.inputs != nil {
				ignore := []string{"Columns"}
				if tt.inputs[0].SHA256 == "" {
					ignore = append(ignore, "SHA256")
				}
				if diff := cmp.Diff(tt.inputs, p.Inputs, cmpopts.IgnoreFields(portfolio.Input{}, ignore...)); diff != "" {
					t.Errorf("inputs (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// The cells of the values name the sheet and the Excel row and column.
func TestReadXLSXCells(t *testing.T) {
	set := parseSet(t, fullSet)
	p, err := Read(set, []Source{xlsxCorpus(t, "messy.xlsx")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range p.Values(2) { // FK-3, on the hidden row 9
		got = append(got, v.Cell.String())
	}
	want := []string{
		"messy.xlsx: Investeringar!A9", "messy.xlsx: Investeringar!B9",
		"messy.xlsx: Investeringar!C9", // the hidden column
		"messy.xlsx: Investeringar!D9",
		"messy.xlsx: Investeringar!E9", // costs: the first of E9:G9
		"messy.xlsx: Investeringar!H9", "messy.xlsx: Investeringar!I9", "messy.xlsx: Investeringar!J9",
		"messy.xlsx: Investeringar!K9", "messy.xlsx: Investeringar!L9",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
}

// A percent-formatted cell is a share even under a "(%)" header; other
// numbers there are percentage points.
func TestReadXLSXPercent(t *testing.T) {
	set := parseSet(t, `format: prio.criteria/1
id: importer-test-percent
version: 1.0.0
status: draft
fields:
  id:    {headers: [Projekt-ID], type: text, required: true}
  name:  {headers: [Projektnamn], type: text, required: true}
  share: {headers: [Säkrad finansiering], type: percent}
criteria:
  - {id: A, field: share, value: {linear: [0, 1]}}
`)
	p, err := Read(set, []Source{xlsxCorpus(t, "percent.xlsx")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []investment{
		{"percent.xlsx: Sheet1!A2", []string{"FK-1", "A", "0.25"}},   // 0.25 in 0%: shown as 25%
		{"percent.xlsx: Sheet1!A3", []string{"FK-2", "B", "0.1531"}}, // 15.31, no format: points, / 100
		{"percent.xlsx: Sheet1!A4", []string{"FK-3", "C", "0.125"}},  // 0.125 in 0.0%: shown as 12.5%
		{"percent.xlsx: Sheet1!A5", []string{"FK-4", "D", "0.15"}},   // 15 in 0" %": a quoted %, shown as 15 %: points
		{"percent.xlsx: Sheet1!A6", []string{"FK-5", "E", "0.25"}},   // the text "25 %"
		{"percent.xlsx: Sheet1!A7", []string{"FK-6", "F", "0.5"}},    // 0.5 in 0.00%: shown as 50.00%
	}
	if diff := cmp.Diff(want, render(set, p)); diff != "" {
		t.Errorf("investments (-want +got):\n%s", diff)
	}
}

// The same portfolio as a workbook and as CSV reads to the same values in
// the same rows and columns.
func TestReadXLSXSameAsCSV(t *testing.T) {
	set := parseSet(t, fullSet)
	read := func(name string) *portfolio.Portfolio {
		data, err := os.ReadFile(filepath.Join(xlsxCorpusDir(), name))
		if err != nil {
			t.Fatal(err)
		}
		p, err := Read(set, []Source{{Path: name, Data: data}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	book, csv := read("same.xlsx"), read("same.csv")
	if len(book.Investments) != 3 || len(csv.Investments) != 3 {
		t.Fatalf("%d and %d investments, want 3", len(book.Investments), len(csv.Investments))
	}
	// Worked out by hand from sameCSV.
	want := []investment{
		{"same.csv:2:1", []string{"S-1", "Alfa", "Försäkringskassan", "102.1", "no column", "0.25", "2 Medel", "yes", "no", "2025-03-31"}},
		{"same.csv:3:1", []string{"S-2", "Beta", "Skatteverket", "2.5005", "no column", "0.5", "3 Hög", "no", "no", "2026-01-15"}},
		{"same.csv:4:1", []string{"S-3", "Gamma", "Skatteverket", "missing", "no column", "missing", "1 Låg", "missing", "yes", "2024-01-01"}},
	}
	if diff := cmp.Diff(want, render(set, csv)); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
	for n := range book.Investments {
		bv, cv := book.Values(n), csv.Values(n)
		for i := range bv {
			b, c := bv[i], cv[i]
			if b.Cell.Row != c.Cell.Row || b.Cell.Col != c.Cell.Col {
				t.Errorf("%s %s: cell %s, CSV %s", book.Investments[n].ID, set.Fields[i].Name, b.Cell, c.Cell)
			}
			b.Cell, c.Cell = portfolio.Cell{}, portfolio.Cell{}
			if diff := cmp.Diff(c, b); diff != "" {
				t.Errorf("%s %s (-csv +xlsx):\n%s", book.Investments[n].ID, set.Fields[i].Name, diff)
			}
		}
	}
}

func TestReadXLSXErrors(t *testing.T) {
	full, small := parseSet(t, fullSet), parseSet(t, smallSet)
	formulas := parseSet(t, formulaSet)
	clean := xlsxCorpus(t, "clean.xlsx")
	truncated := Source{Path: "truncated.xlsx", Data: clean.Data[:len(clean.Data)/2]}

	// 150 rows with a bad number: the first 100 problems, then a count.
	var manyBook bytes.Buffer
	{
		f := excelize.NewFile()
		must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Projekt-ID", "Projektnamn", "Investeringsutgift"}))
		for i := 0; i < 150; i++ {
			must(t, f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &[]any{fmt.Sprintf("FK-%d", i), "Namn", "ca 5"}))
		}
		must(t, f.Write(&manyBook))
	}
	var manyWant []string
	for row := 2; row <= 101; row++ { // the first 100 of rows 2–151
		manyWant = append(manyWant, fmt.Sprintf(`many.xlsx: Sheet1!C%d: "ca 5" is not a number`, row))
	}
	manyWant = append(manyWant, "many.xlsx: … and 50 more problems")

	tests := []struct {
		name    string
		set     *criteria.Set
		sources []Source
		opts    Options
		want    []string
	}{
		{
			name:    "bad values, no id, a required value missing, a duplicate id",
			set:     full,
			sources: []Source{xlsxCorpus(t, "bad-values.xlsx")},
			want: []string{
				`bad-values.xlsx: Blad1!C2: "ca 5" is not a number`,
				`bad-values.xlsx: Blad1!D2: "Mycket hög" is not a level of risk_time (Låg, Medel, Hög)`,
				`bad-values.xlsx: Blad1!E2: "31/3/2025" is not a date (use 2025-03-31, 2025-03 or Q3 2025)`,
				`bad-values.xlsx: Blad1!F2: "kanske" is not yes or no (use Ja or Nej)`,
				`bad-values.xlsx: Blad1!B3: required field name is missing`,
				`bad-values.xlsx: Blad1!C3: "1.234.567" is not a number`,
				`bad-values.xlsx: Blad1!E3: "2025-02-30" is not a day in the calendar`,
				`bad-values.xlsx: Blad1!A4: row has data but no id`,
				`bad-values.xlsx: Blad1!C5: "25 %" is a percentage, not a number`,
				`bad-values.xlsx: Blad1!A6: id "FK-50" appears twice (also at bad-values.xlsx: Blad1!A2)`,
				`bad-values.xlsx: Blad1!C6: "5–10" is not a number`,
				`bad-values.xlsx: Blad1!C7: "TRUE" is not a number`,                                      // a TRUE cell
				`bad-values.xlsx: Blad1!D7: "4" is not a level of risk_time (Låg, Medel, Hög)`,           // the number 4: no 4th level
				`bad-values.xlsx: Blad1!E7: "0" is not a date: Excel date serials run from 1 to 2958465`, // the number 0
				`bad-values.xlsx: Blad1!F7: "2" is not yes or no (use Ja or Nej)`,                        // the number 2
			},
		},
		{
			name:    "a duplicate id across a workbook and a CSV file",
			set:     small,
			sources: []Source{clean, {Path: "dup.csv", Data: []byte("Projekt-ID;Projektnamn\nFK-1;x\n")}},
			want:    []string{`dup.csv:2:1: id "FK-1" appears twice (also at clean.xlsx: Investeringar!A2)`},
		},
		{
			name:    "the sheet that names the most fields has an ambiguous field",
			set:     small,
			sources: []Source{xlsxCorpus(t, "header-problems.xlsx")},
			want:    []string{`header-problems.xlsx: Tvetydig!C1: field invest: headers match 2 columns: C ("Investeringsutgift"), D ("Investeringsutgift (tkr)")`},
		},
		{
			name:    "missing required column",
			set:     small,
			sources: []Source{xlsxCorpus(t, "header-problems.xlsx")},
			opts:    Options{Sheet: "Saknas"},
			want:    []string{"header-problems.xlsx: Saknas!1:1: no column for required field name (looked for Projektnamn, Benämning)"},
		},
		{
			name:    "--sheet names a sheet without a header",
			set:     small,
			sources: []Source{xlsxCorpus(t, "header-problems.xlsx")},
			opts:    Options{Sheet: "Tom"},
			want:    []string{"header-problems.xlsx: Tom: no header row in the first 30 rows: none names a field (looked for Projekt-ID, Projektnamn, Investeringsutgift)"},
		},
		{
			name:    "--sheet names no sheet",
			set:     small,
			sources: []Source{xlsxCorpus(t, "header-problems.xlsx")},
			opts:    Options{Sheet: "Investeringar"},
			want:    []string{`header-problems.xlsx: no sheet is named "Investeringar" (the sheets are "Saknas", "Tvetydig", "Tom")`},
		},
		{
			name:    "no sheet has a header",
			set:     small,
			sources: []Source{xlsxCorpus(t, "no-header.xlsx")},
			want: []string{`no-header.xlsx: no sheet has a header row in its first 30 rows: none names a field ` +
				`(looked at the sheets "Ett", "Två"; looked for Projekt-ID, Projektnamn, Investeringsutgift)`},
		},
		{
			name:    "a formula that cannot be calculated",
			set:     formulas,
			sources: []Source{xlsxCorpus(t, "formulas.xlsx")},
			opts:    Options{Sheet: "Fel"},
			want: []string{"formulas.xlsx: Fel!C2: the formula =FOOBAR(1) has no saved result and could not be calculated " +
				"(it uses the function FOOBAR, which prio does not calculate)"},
		},
		{
			name:    "a shared string that does not exist",
			set:     small,
			sources: []Source{xlsxCorpus(t, "sst-out-of-range.xlsx")},
			want:    []string{"sst-out-of-range.xlsx: Blad1!C2: the shared string 7 does not exist (the workbook has 3)"},
		},
		{
			name:    "an Excel binary workbook",
			set:     small,
			sources: []Source{xlsxCorpus(t, "fake.xlsb")},
			want:    []string{"fake.xlsb: the Excel binary format (.xlsb) is not read; open it in Excel and save it as an Excel Workbook (.xlsx) or as .csv"},
		},
		{
			name:    "a sheet damaged in the zip",
			set:     small,
			sources: []Source{xlsxCorpus(t, "damaged.xlsx")},
			want:    []string{"damaged.xlsx: Blad1: a damaged sheet: xl/worksheets/sheet1.xml: zip: checksum error"},
		},
		{
			name:    "a sheet whose XML breaks off",
			set:     small,
			sources: []Source{xlsxCorpus(t, "bad-xml.xlsx")},
			// The XML declaration, <worksheet><sheetData>, two rows, each on
			// its line: row 3 breaks off on line 5.
			want: []string{"bad-xml.xlsx: Blad1: a damaged sheet: xl/worksheets/sheet1.xml: XML syntax error on line 5: unexpected EOF"},
		},
		{
			name:    "a truncated workbook",
			set:     small,
			sources: []Source{truncated},
			want:    []string{"truncated.xlsx: a damaged zip file, so not a workbook that can be read (zip: not a valid zip file)"},
		},
		{
			name:    "more than 100 problems",
			set:     small,
			sources: []Source{{Path: "many.xlsx", Data: manyBook.Bytes()}},
			want:    manyWant,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Read(tt.set, tt.sources, tt.opts)
			if err == nil {
				t.Fatalf("no error; read %d investments", len(p.Investments))
			}
			if p != nil {
				t.Errorf("a portfolio came with the error")
			}
			if diff := cmp.Diff(strings.Join(tt.want, "\n"), err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			var list ErrorList
			if !errors.Is(err, ErrInput) || !errors.As(err, &list) || len(list) != len(tt.want) {
				t.Errorf("error is not an ErrorList of %d wrapping ErrInput", len(tt.want))
			}
		})
	}
}

// A part larger than the limit unpacked is refused, whatever the zip's
// header says of its size.
func TestReadXLSXPartLimit(t *testing.T) {
	set := parseSet(t, smallSet)
	defer func(l [partKinds]int64) { partLimits = l }(partLimits)
	partLimits = [partKinds]int64{1000, 1000, 1000, 1000}
	// clean.xlsx's styles.xml is 5723 bytes unpacked (unzip -lv).
	_, err := Read(set, []Source{xlsxCorpus(t, "clean.xlsx")}, Options{})
	want := "clean.xlsx: xl/styles.xml is larger than 1000 bytes unpacked, the limit for one part of a workbook"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	partLimits = [partKinds]int64{1040, 1040, 1040, 1040}
	// handmade.xlsx's sheet is 1053 bytes unpacked, its other parts
	// below 1000.
	_, err = Read(set, []Source{xlsxCorpus(t, "handmade.xlsx")}, Options{})
	want = "handmade.xlsx: Data: xl/worksheets/data.xml is larger than 1040 bytes unpacked, the limit for one part of a workbook"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	// A zip whose directory understates the size: archive/zip stops
	// reading at the size it gives.
	data := lieAboutSize(t, xlsxCorpus(t, "handmade.xlsx").Data, "xl/worksheets/data.xml")
	_, err = Read(set, []Source{{Path: "lie.xlsx", Data: data}}, Options{})
	want = "lie.xlsx: Data: a damaged sheet: xl/worksheets/data.xml: zip: not a valid zip file"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// lieAboutSize rewrites a zip so that one entry's headers claim 10 bytes
// unpacked.
func lieAboutSize(t *testing.T, data []byte, name string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		raw, err := f.OpenRaw()
		must(t, err)
		h := f.FileHeader
		if f.Name == name {
			h.UncompressedSize64 = 10
		}
		w, err := zw.CreateRaw(&h)
		must(t, err)
		_, err = io.Copy(w, raw)
		must(t, err)
	}
	must(t, zw.Close())
	return buf.Bytes()
}

func TestScanMerges(t *testing.T) {
	// Padding that puts tags across the 64 KiB chunks the scan reads.
	pad := strings.Repeat(`<c r="A1"><v>1</v></c>`, 3000) // 22 bytes each: 66,000 bytes
	xml := `<worksheet><sheetData>` + pad + `</sheetData>` +
		`<mergeCells count="5">` +
		`<mergeCell ref="A1:C1"/>` + // row 1
		`<x:mergeCell ref="E4:G4"></x:mergeCell>` + // a prefix
		`<mergeCell  foo="1" ref = 'B30:B40' />` + // starts on row 30, the last header row
		`<mergeCell ref="A31:B32"/>` + // below the header rows
		`<mergeCell ref="D5"/>` + // one cell is no merge
		`</mergeCells>` + pad + `<mergeCell ref="H1:H2"/>` // a stray one after more padding
	want := []Merge{
		{FirstRow: 0, LastRow: 0, FirstCol: 0, LastCol: 2},
		{FirstRow: 3, LastRow: 3, FirstCol: 4, LastCol: 6},
		{FirstRow: 29, LastRow: 39, FirstCol: 1, LastCol: 1},
		{FirstRow: 0, LastRow: 1, FirstCol: 7, LastCol: 7},
	}
	for _, r := range []struct {
		name string
		r    io.Reader
	}{
		{"whole", strings.NewReader(xml)},
		{"one byte at a time", iotest.OneByteReader(strings.NewReader(xml))},
		{"half", iotest.HalfReader(strings.NewReader(xml))},
	} {
		got, err := scanMerges(r.r, "sheet1.xml")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", r.name, diff)
		}
	}
	// Every offset of a tag against the chunk boundary.
	for shift := 0; shift < 80; shift++ {
		xml := strings.Repeat(" ", 64<<10-40+shift) + `<mergeCell ref="A1:B1"/>`
		got, err := scanMerges(strings.NewReader(xml), "sheet1.xml")
		if err != nil || len(got) != 1 {
			t.Errorf("shift %d: %v, %v", shift, got, err)
		}
	}
}

func TestIsPercentFormat(t *testing.T) {
	tests := map[string]bool{
		"0%": true, "0.00%": true, "#,##0.0%": true, "0%;[Red]-0%": true, `0.0" kr";0.0%`: true,
		`0" %"`: false, `0\%`: false, "0_%": false, "0*%": false, "[$%-41D]0": false, "General": false, "0.00": false,
		`"unclosed`: false,
	}
	for code, want := range tests {
		if got := isPercentFormat(code); got != want {
			t.Errorf("isPercentFormat(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestDecodeXString(t *testing.T) {
	tests := map[string]string{
		"plain":             "plain",
		"a_x000D_b":         "a\rb",
		"_x0041__x0042_":    "AB",
		"A_x005F_x0041_":    "A_x0041_", // an escaped underscore
		"_x00zz_":           "_x00zz_",
		"_x004":             "_x004",
		"snake_x_case":      "snake_x_case",
		"_xD800_":           "\uFFFD", // a lone surrogate
		"Försäkringskassan": "Försäkringskassan",
	}
	for in, want := range tests {
		if got := decodeXString(in); got != want {
			t.Errorf("decodeXString(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseCellRef(t *testing.T) {
	tests := []struct {
		ref      string
		col, row int
		ok       bool
	}{
		{"A1", 1, 1, true}, {"Z9", 26, 9, true}, {"AA10", 27, 10, true}, {"xfd1048576", 16384, 1048576, true},
		{"XFE1", 0, 0, false}, {"A1048577", 0, 0, false}, {"A0", 0, 0, false}, {"1A", 0, 0, false},
		{"AAAA1", 0, 0, false}, {"A", 0, 0, false}, {"", 0, 0, false}, {"$A$1", 0, 0, false},
	}
	for _, tt := range tests {
		col, row, ok := parseCellRef(tt.ref)
		if col != tt.col || row != tt.row || ok != tt.ok {
			t.Errorf("parseCellRef(%q) = %d, %d, %v; want %d, %d, %v", tt.ref, col, row, ok, tt.col, tt.row, tt.ok)
		}
	}
}

func TestResolveTarget(t *testing.T) {
	tests := []struct{ dir, target, want string }{
		{"xl/", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"},
		{"xl/", "/xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"},
		{"xl/", "../customXml/item1.xml", "customXml/item1.xml"},
		{"", "xl/workbook.xml", "xl/workbook.xml"},
		{"xl/", `worksheets\sheet1.xml`, "xl/worksheets/sheet1.xml"},
		{"xl/", "../../../etc/passwd", "etc/passwd"},
	}
	for _, tt := range tests {
		if got := resolveTarget(tt.dir, tt.target); got != tt.want {
			t.Errorf("resolveTarget(%q, %q) = %q, want %q", tt.dir, tt.target, got, tt.want)
		}
	}
}

// FuzzReadXLSX checks that reading any bytes as a workbook never panics and
// gives either a portfolio of finite values or positioned errors. It is
// seeded with the corpus in testdata/xlsx.
func FuzzReadXLSX(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(xlsxCorpusDir(), "*.xls[xb]"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no corpus: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
	}
	f.Add(xlsxCorpus(f, "formulas.xlsx").Data, "Fel")
	set := parseSet(f, fullSet)
	f.Fuzz(func(t *testing.T, data []byte, sheet string) {
		p, err := Read(set, []Source{{Path: "f.xlsx", Data: data}}, Options{Sheet: sheet})
		if err != nil {
			var list ErrorList
			if p != nil || !errors.Is(err, ErrInput) || !errors.As(err, &list) || len(list) == 0 || len(list) > MaxProblems+1 {
				t.Fatalf("bad error %T: %v", err, err)
			}
			for _, e := range list {
				if e.Cell.File != "f.xlsx" || e.Msg.IsZero() || e.Cell.Sheet != "" && e.Cell.Row < 0 {
					t.Fatalf("unpositioned error %+v", e)
				}
			}
			return
		}
		if len(p.Inputs) != 1 || p.Inputs[0].Rows != len(p.Investments) || p.Inputs[0].Sheet == "" {
			t.Fatalf("inputs %+v for %d investments", p.Inputs, len(p.Investments))
		}
		for n, inv := range p.Investments {
			if inv.ID == "" || inv.Source.Sheet != p.Inputs[0].Sheet || inv.Source.Row < 1 || inv.Source.Col < 1 {
				t.Fatalf("investment %+v", inv)
			}
			for i, v := range p.Values(n) {
				if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) || v.Num == 0 && math.Signbit(v.Num) {
					t.Fatalf("%s %s: number %v", inv.ID, set.Fields[i].Name, v.Num)
				}
			}
		}
	})
}

// ReadFiles reads a workbook in place; its digest and values are those of
// the bytes.
func TestReadFilesXLSX(t *testing.T) {
	set := parseSet(t, smallSet)
	path := filepath.Join(xlsxCorpusDir(), "bottom.xlsx")
	p, err := ReadFiles(set, []string{path, filepath.Join(xlsxCorpusDir(), "same.csv")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []investment{
		{path + ": Sheet1!A2", []string{"FK-1", "Alfa", "1"}},
		{path + ": Sheet1!A3", []string{"FK-2", "Beta", "2"}},
		{filepath.Join(xlsxCorpusDir(), "same.csv") + ":2:1", []string{"S-1", "Alfa", "102.1"}},
		{filepath.Join(xlsxCorpusDir(), "same.csv") + ":3:1", []string{"S-2", "Beta", "2.5005"}},
		{filepath.Join(xlsxCorpusDir(), "same.csv") + ":4:1", []string{"S-3", "Gamma", "missing"}},
	}
	if diff := cmp.Diff(want, render(set, p)); diff != "" {
		t.Errorf("investments (-want +got):\n%s", diff)
	}
	// sha256sum testdata/xlsx/bottom.xlsx
	if got, want := p.Inputs[0].SHA256, "08cc1c7d1bb0b050bfdd1dc9eed5f5cab510a8eeca1139cdd4daf46e9844c5e1"; got != want {
		t.Errorf("sha256 = %s, want %s", got, want)
	}
	// A workbook too large is refused before it is opened as a zip.
	defer func(n int64) { maxFileSize = n }(maxFileSize)
	maxFileSize = 1000
	_, err = ReadFiles(set, []string{path}, Options{})
	if want := path + ": larger than 1000 bytes, the limit for one input file"; err == nil || err.Error() != want {
		t.Errorf("too large: %v, want %s", err, want)
	}
}

// The sheet naming the most fields is read, a visible one before a hidden
// one; a hidden sheet is read when no visible one has a header.
func TestReadXLSXSheetChoice(t *testing.T) {
	set := parseSet(t, smallSet)
	book := func(sheets ...[]any) []byte {
		// Each sheet: name, hidden, then its header and one row.
		f := excelize.NewFile()
		for i, sh := range sheets {
			name := sh[0].(string)
			if i == 0 {
				must(t, f.SetSheetName("Sheet1", name))
			} else {
				_, err := f.NewSheet(name)
				must(t, err)
			}
			header, row := sh[2].([]any), sh[3].([]any)
			must(t, f.SetSheetRow(name, "A1", &header))
			must(t, f.SetSheetRow(name, "A2", &row))
		}
		for i, sh := range sheets {
			if !sh[1].(bool) {
				f.SetActiveSheet(i) // excelize does not hide the selected sheet
			}
		}
		for _, sh := range sheets {
			if sh[1].(bool) {
				must(t, f.SetSheetVisible(sh[0].(string), false))
			}
		}
		var buf bytes.Buffer
		must(t, f.Write(&buf))
		return buf.Bytes()
	}
	full := []any{"Projekt-ID", "Projektnamn", "Investeringsutgift"}
	two := []any{"Projekt-ID", "Projektnamn"}
	tests := []struct {
		name   string
		data   []byte
		sheet  string // the sheet read
		source string // the first investment's
	}{
		{"the most fields", book(
			[]any{"Två", false, two, []any{"A-1", "a"}},
			[]any{"Tre", false, full, []any{"B-1", "b", 1}}), "Tre", "t.xlsx: Tre!A2"},
		{"a tie: the first", book(
			[]any{"Först", false, two, []any{"A-1", "a"}},
			[]any{"Sedan", false, two, []any{"B-1", "b"}}), "Först", "t.xlsx: Först!A2"},
		{"a visible sheet before a hidden one naming more", book(
			[]any{"Gammal", true, full, []any{"A-1", "a", 1}},
			[]any{"Ny", false, two, []any{"B-1", "b"}}), "Ny", "t.xlsx: Ny!A2"},
		{"a hidden sheet when no visible one has a header", book(
			[]any{"Instruktioner", false, []any{"Läs detta"}, []any{"Fyll i"}},
			[]any{"Data", true, full, []any{"C-1", "c", 2}}), "Data", "t.xlsx: Data!A2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Read(set, []Source{{Path: "t.xlsx", Data: tt.data}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Inputs[0].Sheet != tt.sheet || len(p.Investments) != 1 || p.Investments[0].Source.String() != tt.source {
				t.Errorf("sheet %q, investments %+v; want %q, %s", p.Inputs[0].Sheet, p.Investments, tt.sheet, tt.source)
			}
		})
	}
}

// A workbook of more than 1000 sheets is refused before any is read.
func TestReadXLSXTooManySheets(t *testing.T) {
	var sheets strings.Builder
	for i := 1; i <= 1001; i++ {
		fmt.Fprintf(&sheets, `<sheet name="S%d" sheetId="%d" r:id="rId%d"/>`, i, i, i)
	}
	parts := simpleParts("", "")
	for i := range parts {
		if parts[i].name == "xl/workbook.xml" {
			parts[i].text = `<workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `"><sheets>` + sheets.String() + `</sheets></workbook>`
		}
	}
	_, err := Read(parseSet(t, smallSet), []Source{{Path: "many.xlsx", Data: makeZip(t, parts...)}}, Options{})
	if want := "many.xlsx: the workbook has more than 1000 sheets, the most that are read"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}
