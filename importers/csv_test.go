package importers

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
)

// The expected values in this file are read off the corpus files in
// testdata/csv by hand; the comments give the arithmetic.

// fullSet has a field of every type.
const fullSet = `format: prio.criteria/1
id: importer-test
version: 1.0.0
status: draft
fields:
  id:        {headers: [Projekt-ID, ID], type: text, required: true}
  name:      {headers: [Projektnamn, Benämning], type: text, required: true}
  agency:    {headers: [Myndighet], type: text}
  invest:    {headers: [Investeringsutgift], type: number, unit: mnkr}
  costs:     {headers: [Kostnader], type: number, unit: mnkr, sum_columns: true}
  share:     {headers: [Säkrad finansiering], type: percent}
  risk_time: {headers: [Risk tid], type: scale, levels: [Låg, Medel, Hög]}
  plan:      {headers: [Nyttorealiseringsplan], type: yesno}
  reused:    {headers: [Återanvänder gemensam lösning], type: yesno, blank: "no"}
  start:     {headers: [Startdatum], type: date}
criteria:
  - {id: A, field: invest, value: {linear: [0, 100]}}
`

// smallSet has only what the row rules need.
const smallSet = `format: prio.criteria/1
id: importer-test-small
version: 1.0.0
status: draft
fields:
  id:     {headers: [Projekt-ID, ID], type: text, required: true}
  name:   {headers: [Projektnamn, Benämning], type: text, required: true}
  invest: {headers: [Investeringsutgift], type: number, unit: mnkr, absent: missing}
criteria:
  - {id: A, field: invest, value: {linear: [0, 100]}}
`

func parseSet(t testing.TB, yaml string) *criteria.Set {
	t.Helper()
	set, err := criteria.Parse(strings.NewReader(yaml), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// corpus reads a file of testdata/csv as a source named by its base name.
func corpus(t testing.TB, name string) Source {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "csv", name))
	if err != nil {
		t.Fatal(err)
	}
	return Source{Path: name, Data: data}
}

// show renders a value compactly: "missing" (a column, no value), "no
// column", the text, the number in shortest form (which names one float64
// exactly), "2 Medel" for a level, "yes"/"no", or the date.
func show(v portfolio.Value, k portfolio.Kind) string {
	if !v.Present {
		if v.Cell.IsZero() {
			return "no column"
		}
		return "missing"
	}
	switch k {
	case portfolio.Number, portfolio.Percent:
		return strconv.FormatFloat(v.Num, 'g', -1, 64)
	case portfolio.Scale:
		return strconv.FormatFloat(v.Num, 'g', -1, 64) + " " + v.Text
	case portfolio.YesNo:
		if v.Bool {
			return "yes"
		}
		return "no"
	case portfolio.Date:
		return v.Date.Format("2006-01-02")
	}
	return v.Text
}

// investment is an expected investment: where its id is, then its values in
// field order.
type investment struct {
	Source string
	Values []string
}

func render(set *criteria.Set, p *portfolio.Portfolio) []investment {
	var out []investment
	for n, inv := range p.Investments {
		got := investment{Source: inv.Source.String()}
		values := p.Values(n)
		for i, v := range values {
			got.Values = append(got.Values, show(v, set.Fields[i].Type))
		}
		if inv.ID != values[0].Text {
			got.Source += " (ID " + inv.ID + ")"
		}
		out = append(out, got)
	}
	return out
}

func TestReadCSV(t *testing.T) {
	full, small := parseSet(t, fullSet), parseSet(t, smallSet)
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
			name:  "semicolons, Swedish numbers, placeholders, a blank row and a sum row",
			set:   full,
			files: []string{"semicolon-sv.csv"},
			want: []investment{
				// id, name, agency, invest, costs, share, risk_time, plan, reused, start
				{"semicolon-sv.csv:2:1", []string{"FK-12", "Ny e-tjänst", "Försäkringskassan",
					"102.1", // 102 100 tkr / 1000
					"no column", "0.25", "2 Medel", "yes", "yes", "2025-03-31"}},
				{"semicolon-sv.csv:3:1", []string{"FK-13", "Arkiv", "Försäkringskassan",
					"2.5005", // 2 500,5 tkr / 1000
					"no column", "0.5", "3 Hög", "no",
					"no",           // empty with blank: "no"
					"2025-07-01"}}, // Q3 2025
				{"semicolon-sv.csv:5:1", []string{"SKV-3", "Beskattning", "Skatteverket",
					"missing", "no column", "missing", "missing", "missing",
					"missing", // "-" stays missing with blank: "no"
					"2025-03-01"}},
			},
			inputs: []portfolio.Input{{Path: "semicolon-sv.csv", Rows: 3,
				// sha256sum testdata/csv/semicolon-sv.csv
				SHA256: "1fbee6459142a53750148eb9168de754bac269b3f1e2257da1c9c05661bfc20b"}},
			notes: []string{`semicolon-sv.csv:6: skipped the sum row "Summa"`},
		},
		{
			name:  "BOM, commas, English numbers, title rows, a field over two lines, a short row",
			set:   full,
			files: []string{"comma-bom-en.csv"},
			opts:  Options{Locale: "en"},
			want: []investment{
				{"comma-bom-en.csv:4:1", []string{"FK-20", "Självservice, steg 2", "no column",
					"1234.5", // MSEK is mnkr: no conversion
					"no column",
					"0.1531", // 15.31 under "(%)": 15.31 / 100
					"no column", "no column", "no column", "2026-01-15"}},
				{"comma-bom-en.csv:5:1", []string{"FK-21", "Två\nrader", "no column", "0.75", "no column",
					"missing", "no column", "no column", "no column", "missing"}},
				{"comma-bom-en.csv:7:1", []string{"FK-22", "Kort", "no column", "2000", "no column",
					"1",                                                   // 100 under "(%)"
					"no column", "no column", "no column", "2026-01-01"}}, // kv 1 2026
			},
		},
		{
			name:  "Windows-1252 with CRLF and no-break spaces",
			set:   full,
			files: []string{"windows-1252.csv"},
			want: []investment{
				{"windows-1252.csv:2:1", []string{"FK-30", "Löneväxling", "Försäkringskassan",
					"1234.5", // no unit hint: no conversion
					"no column", "no column", "2 Medel", "no column", "yes", "no column"}},
				{"windows-1252.csv:3:1", []string{"SKV-31", "Ärendehantering", "Skatteverket", "-12",
					"no column", "no column", "1 Låg", "no column", "no", "no column"}},
			},
			inputs: []portfolio.Input{{Path: "windows-1252.csv", Rows: 2,
				// sha256sum testdata/csv/windows-1252.csv
				SHA256: "019999ba348ff9ed217a3777a3b343976eb1da634ca160bcbaa460395e7e7e58"}},
		},
		{
			name:  "two-row header with a group label and sum columns",
			set:   full,
			files: []string{"two-row.csv"},
			want: []investment{
				{"two-row.csv:3:1", []string{"FK-40", "Alfa", "no column", "12",
					"4.6005", // 1500 tkr + 2300.5 tkr + 0.8 mnkr = 1.5 + 2.3005 + 0.8 mnkr
					"no column", "no column", "no column", "no column", "no column"}},
				{"two-row.csv:4:1", []string{"FK-41", "Beta", "no column", "3",
					"missing", // "-" and two blanks
					"no column", "no column", "no column", "no column", "no column"}},
				{"two-row.csv:5:1", []string{"FK-42", "Gamma", "no column", "missing",
					"0.3", // 100 + 200 tkr = 0.3 mnkr, added exactly (not 0.1 + 0.2 in float64)
					"no column", "no column", "no column", "no column", "no column"}},
			},
		},
		{
			name:  "a sum row with Totalt in the id column",
			set:   small,
			files: []string{"sum-in-id.csv"},
			want: []investment{
				{"sum-in-id.csv:2:1", []string{"FK-60", "Alfa", "1"}},
				{"sum-in-id.csv:3:1", []string{"FK-61", "Beta", "2"}},
			},
			notes: []string{`sum-in-id.csv:4: skipped the sum row "Totalt"`},
		},
		{
			name:  "two files are one portfolio",
			set:   small,
			files: []string{"dup-a.csv", "sum-in-id.csv"},
			want: []investment{
				{"dup-a.csv:2:1", []string{"FK-12", "Alfa", "no column"}},
				{"dup-a.csv:3:1", []string{"FK-14", "Gamma", "no column"}},
				{"sum-in-id.csv:2:1", []string{"FK-60", "Alfa", "1"}},
				{"sum-in-id.csv:3:1", []string{"FK-61", "Beta", "2"}},
			},
			// smallSet's invest says absent: missing: dup-a.csv, without
			// the column, gets a warning and its 2 rows miss the value.
			warnings: []string{`dup-a.csv:1: no column for field invest (looked for "Investeringsutgift"; read by A): it counts as missing in every row of this file, as the field's absent: missing allows`},
			notes:    []string{`sum-in-id.csv:4: skipped the sum row "Totalt"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sources []Source
			for _, f := range tt.files {
				sources = append(sources, corpus(t, f))
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
				if diff := cmp.Diff(tt.inputs, p.Inputs, cmpopts.IgnoreFields(portfolio.Input{}, "Columns")); diff != "" {
					t.Errorf("inputs (-want +got):\n%s", diff)
				}
			}
			var names []string
			for _, f := range tt.set.Fields {
				names = append(names, f.Name)
			}
			var gotNames []string
			for _, f := range p.Fields {
				gotNames = append(gotNames, f.Name)
			}
			if diff := cmp.Diff(names, gotNames); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
}

// The cells of a record over two lines, and of a short row, are where the
// fields start, or the last field's line for cells past the end.
func TestReadCSVCells(t *testing.T) {
	set := parseSet(t, fullSet)
	p, err := Read(set, []Source{corpus(t, "comma-bom-en.csv")}, Options{Locale: "en"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range p.Values(1) {
		got = append(got, v.Cell.String())
	}
	want := []string{
		"comma-bom-en.csv:5:1", // id
		"comma-bom-en.csv:5:2", // name: "Två\nrader" starts on line 5
		":0",                   // agency: no column
		"comma-bom-en.csv:6:3", // invest: 0.75 is on line 6
		":0",                   // costs
		"comma-bom-en.csv:6:4", // share: past the end of the row
		":0", ":0", ":0",
		"comma-bom-en.csv:6:5", // start: past the end of the row
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	if got := p.Investments[1].Source.RowString(); got != "comma-bom-en.csv:5" {
		t.Errorf("row = %s, want comma-bom-en.csv:5", got)
	}
}

func TestReadCSVErrors(t *testing.T) {
	full, small := parseSet(t, fullSet), parseSet(t, smallSet)
	inline := func(name, text string) Source { return Source{Path: name, Data: []byte(text)} }
	var many strings.Builder
	many.WriteString("Projekt-ID;Projektnamn;Investeringsutgift\n")
	for i := 0; i < 150; i++ {
		fmt.Fprintf(&many, "FK-%d;Namn;ca 5\n", i)
	}
	var manyWant []string
	for line := 2; line <= 101; line++ { // the first 100 of 150 bad rows, lines 2–151
		manyWant = append(manyWant, fmt.Sprintf(`many.csv:%d:3: "ca 5" is not a number`, line))
	}
	manyWant = append(manyWant, "many.csv: … and 50 more problems")

	tests := []struct {
		name    string
		set     *criteria.Set
		sources []Source
		opts    Options
		want    []string
	}{
		{
			name:    "bad values, no id, a required field missing, a duplicate id",
			set:     full,
			sources: []Source{corpus(t, "bad-values.csv")},
			want: []string{
				`bad-values.csv:2:3: "ca 5" is not a number`,
				`bad-values.csv:2:4: "Mycket hög" is not a level of risk_time (Låg, Medel, Hög)`,
				`bad-values.csv:2:5: "31/3/2025" is not a date (use 2025-03-31, 2025-03 or Q3 2025)`,
				`bad-values.csv:2:6: "kanske" is not yes or no (use Ja or Nej)`,
				`bad-values.csv:3:2: required field name is missing`,
				`bad-values.csv:3:3: "1.234.567" is not a number`,
				`bad-values.csv:3:5: "2025-02-30" is not a day in the calendar`,
				`bad-values.csv:4:1: row has data but no id`,
				`bad-values.csv:5:3: "25 %" is a percentage, not a number`,
				`bad-values.csv:6:1: id "FK-50" appears twice (also at bad-values.csv:2:1)`,
				`bad-values.csv:6:3: "5–10" is not a number`,
			},
		},
		{
			name:    "English numbers read as Swedish",
			set:     full,
			sources: []Source{corpus(t, "comma-bom-en.csv")},
			want:    []string{`comma-bom-en.csv:4:3: "1,234.5" is not a number`},
		},
		{
			name:    "duplicate ids across two files",
			set:     small,
			sources: []Source{corpus(t, "dup-a.csv"), corpus(t, "dup-b.csv")},
			want:    []string{`dup-b.csv:3:1: id "FK-12" appears twice (also at dup-a.csv:2:1)`},
		},
		{
			name:    "an id three times",
			set:     small,
			sources: []Source{inline("three.csv", "ID;Projektnamn\nA;x\nA;y\nA;z\n")},
			want: []string{
				`three.csv:3:1: id "A" appears twice (also at three.csv:2:1)`,
				`three.csv:4:1: id "A" appears again (also at three.csv:2:1)`,
			},
		},
		{
			name:    "missing required column",
			set:     full,
			sources: []Source{corpus(t, "missing-column.csv")},
			want:    []string{"missing-column.csv:1: no column for required field name (looked for Projektnamn, Benämning)"},
		},
		{
			name:    "ambiguous columns",
			set:     full,
			sources: []Source{corpus(t, "ambiguous.csv")},
			want:    []string{`ambiguous.csv:1:5: field invest: headers match 2 columns: 5 ("Investeringsutgift"), 8 ("Investeringsutgift (tkr)")`},
		},
		{
			name:    "no header row",
			set:     full,
			sources: []Source{corpus(t, "no-header.csv")},
			want: []string{"no-header.csv: no header row in the first 30 rows: none names a field " +
				"(looked for Projekt-ID, Projektnamn, Myndighet, Investeringsutgift, Kostnader, Säkrad finansiering, …)"},
		},
		{
			name:    "CSV syntax error",
			set:     small,
			sources: []Source{corpus(t, "syntax.csv")},
			// "FK-91;Beta "B"": the second field starts at byte 7 and its
			// quote is 5 bytes in, byte 12.
			want: []string{`syntax.csv:3:12: CSV syntax: bare " in non-quoted-field`},
		},
		{
			name: "a CSV syntax error past the first 30 records",
			set:  small,
			sources: []Source{inline("late.csv", "Projekt-ID;Projektnamn\n"+
				func() string {
					var b strings.Builder
					for i := 0; i < 40; i++ {
						fmt.Fprintf(&b, "FK-%d;x\n", i)
					}
					return b.String()
				}()+"FK-99;\"open\n")},
			// 1 header line, 40 rows (lines 2–41), then line 42 opens a quote
			// that never closes: encoding/csv reports it where the file ends,
			// after the 12 bytes of `FK-99;"open` and its line break.
			want: []string{`late.csv:42:13: CSV syntax: extraneous or missing " in quoted-field`},
		},
		{
			name:    "more than 100 problems",
			set:     small,
			sources: []Source{inline("many.csv", many.String())},
			want:    manyWant,
		},
		{
			name:    "the old Excel format",
			set:     small,
			sources: []Source{corpus(t, "fake.xls")},
			want:    []string{"fake.xls: the old Excel .xls format is not read; open it in Excel or LibreOffice and save as .xlsx or .csv"},
		},
		{
			name:    "the old Excel format renamed .csv",
			set:     small,
			sources: []Source{corpus(t, "renamed-xls.csv")},
			want:    []string{"renamed-xls.csv: the old Excel .xls format is not read; open it in Excel or LibreOffice and save as .xlsx or .csv"},
		},
		{
			name:    "OpenDocument",
			set:     small,
			sources: []Source{corpus(t, "fake.ods")},
			want:    []string{"fake.ods: OpenDocument spreadsheets are not read; open it in LibreOffice and save as .xlsx or .csv"},
		},
		{
			// book.xlsx is [Content_Types].xml and an empty <workbook/>.
			name:    "an Excel workbook without sheets",
			set:     small,
			sources: []Source{corpus(t, "book.xlsx")},
			want:    []string{"book.xlsx: the workbook has no sheet of cells"},
		},
		{
			name:    "another zip",
			set:     small,
			sources: []Source{corpus(t, "other.zip")},
			want:    []string{"other.zip: a zip file that is not an Excel workbook; unpack it, or save the sheet as .xlsx or .csv"},
		},
		{
			name:    "a broken zip",
			set:     small,
			sources: []Source{corpus(t, "broken.zip")},
			want:    []string{"broken.zip: a damaged zip file, so not a workbook that can be read (zip: not a valid zip file)"},
		},
		{
			name:    "random bytes",
			set:     small,
			sources: []Source{corpus(t, "random.bin")},
			want:    []string{"random.bin: not a CSV file or workbook"},
		},
		{
			name:    "NUL bytes",
			set:     small,
			sources: []Source{inline("nul.csv", "Projekt-ID;Projektnamn\nFK-1;a\x00b\n")},
			want:    []string{"nul.csv: not a CSV file or workbook"},
		},
		{
			name:    "UTF-16",
			set:     small,
			sources: []Source{inline("utf16.txt", "\xff\xfeP\x00r\x00")},
			want:    []string{"utf16.txt: a UTF-16 text file, which is not read; save the sheet as CSV UTF-8 or as .xlsx"},
		},
		{
			name:    "an empty file",
			set:     small,
			sources: []Source{inline("empty.csv", "\xef\xbb\xbf \r\n\r\n")},
			want:    []string{"empty.csv: the file is empty"},
		},
		{
			name:    "problems of several files, in the order given",
			set:     small,
			sources: []Source{corpus(t, "fake.ods"), corpus(t, "dup-a.csv"), corpus(t, "fake.xls")},
			want: []string{
				"fake.ods: OpenDocument spreadsheets are not read; open it in LibreOffice and save as .xlsx or .csv",
				"fake.xls: the old Excel .xls format is not read; open it in Excel or LibreOffice and save as .xlsx or .csv",
			},
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
			if !errors.Is(err, ErrInput) {
				t.Errorf("error does not wrap ErrInput")
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) != len(tt.want) {
				t.Errorf("error is not an ErrorList of %d", len(tt.want))
			}
		})
	}
}

func TestReadFiles(t *testing.T) {
	set := parseSet(t, smallSet)
	path := filepath.Join("..", "testdata", "csv", "sum-in-id.csv")
	p, err := ReadFiles(set, []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The path as given names the input and every cell.
	if got := p.Investments[0].Source.String(); got != path+":2:1" {
		t.Errorf("source = %s, want %s:2:1", got, path)
	}
	if p.Inputs[0].Path != path || p.Inputs[0].Rows != 2 {
		t.Errorf("input = %+v", p.Inputs[0])
	}

	_, err = ReadFiles(set, []string{filepath.Join(t.TempDir(), "nope.csv")}, Options{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}

	defer func(n int64) { maxFileSize = n }(maxFileSize)
	maxFileSize = 40 // sum-in-id.csv has 78 bytes
	_, err = ReadFiles(set, []string{path}, Options{})
	if want := path + ": larger than 40 bytes, the limit for one input file"; err == nil || err.Error() != want {
		t.Errorf("too large: %v, want %s", err, want)
	}
	maxFileSize = 2 << 20
	big := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(big, make([]byte, 2<<20+1), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadFiles(set, []string{big}, Options{})
	if want := big + ": larger than 2 MiB, the limit for one input file"; err == nil || err.Error() != want {
		t.Errorf("too large: %v, want %s", err, want)
	}
}

func TestReadOptions(t *testing.T) {
	set := parseSet(t, smallSet)
	if _, err := Read(set, nil, Options{Locale: "de"}); err == nil || err.Error() != `unknown locale "de" (use sv or en)` {
		t.Errorf("locale de: %v", err)
	}
	if _, err := Read(nil, nil, Options{}); err == nil {
		t.Errorf("no set: no error")
	}
	p, err := Read(set, nil, Options{})
	if err != nil || len(p.Investments) != 0 {
		t.Errorf("no sources: %v, %v", p, err)
	}
}

func TestSeparator(t *testing.T) {
	set := parseSet(t, smallSet)
	fr := (&readState{fields: set.Fields}).newFile("x.csv", 0)
	tests := []struct {
		name string
		text string
		want rune
	}{
		{"semicolons name more fields", "Projekt-ID;Projektnamn\nA;B\n", ';'},
		{"commas name more fields", "Projekt-ID,Projektnamn\nA,B\n", ','},
		{"commas win even with a semicolon in a name", "Projekt-ID,Projektnamn,Not;this\n", ','},
		{"tie, semicolon on the first line", "\n  \nID;x,y\n", ';'},
		{"tie, semicolon only inside quotes", "\"ID;x\",y\n", ','},
		{"tie, semicolon after a quoted line break", "\"x\n;y\";ID\n", ';'},
		{"tie, nothing", "ID\n", ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fr.detectSeparator(textOf(tt.text)); got != tt.want {
				t.Errorf("separator = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestIsSumLabel: the sum labels of FORMATS.md §2 (amended 2026-12), a sum
// word alone or followed by a colon, a year or a bracket, and labels that
// only begin like one.
func TestIsSumLabel(t *testing.T) {
	tests := map[string]bool{
		"Summa": true, "SUMMA:": true, "Summa 2025": true, "Totalt": true, " totalt ": true,
		"Total": true, "Totalsumma": true, "Delsumma": true, "DELSUMMA:": true,
		"Summa (tkr)": true, "Totalt [mnkr]": true, "Totalt: alla projekt": true,
		"Summa 2025:": true, "Totalt 2025–2027": true, "Totalt 2025-2027 (tkr)": true, "Summa 2025/26": true,
		"Total-3": false, "TOTAL-2": false, "totalt alla": false, "Totalt nytt ärendesystem": false,
		"Summering": false, "Totalförsvarets digitalisering": false, "Summa 12": false, "Summa 2025 alla": false,
		"Delsummor": false, "Totalt 2025–27x": false, "": false, "ID-1": false,
	}
	for s, want := range tests {
		if got := isSumLabel(s); got != want {
			t.Errorf("isSumLabel(%q) = %v, want %v", s, got, want)
		}
	}
}

// The UK Government Major Projects Portfolio, 2025-26, digital categories
// (shared/realdata, see testdata/csv/README.md): real data nobody here wrote.
func TestReadRealUKPortfolio(t *testing.T) {
	set := parseSet(t, `format: prio.criteria/1
id: uk
version: 1.0.0
status: draft
fields:
  id:     {headers: [Projekt-ID], type: text, required: true}
  name:   {headers: [Projektnamn], type: text, required: true}
  agency: {headers: [Myndighet], type: text}
  wlc:    {headers: ["Livscykelkostnad (mn GBP)"], type: number}
  fy_var: {headers: [Avvikelse budgetår], type: percent}
  months: {headers: ["Löptid (mån)"], type: number}
  dca:    {headers: ["Leveranssäkerhet (IPA DCA)"], type: scale, levels: [Green, Amber, Red]}
criteria:
  - {id: A, field: wlc, value: {linear: [0, 100]}}
`)
	p, err := Read(set, []Source{corpus(t, "uk-gmpp-2025-26-digital.csv")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The counts the data's README publishes: 83 rows; 16 without a cost,
	// 16 without a variance, 26 without a duration, 43 without a rating;
	// 25 AMBER, 11 RED, 4 GREEN.
	missing := make(map[string]int)
	levels := make(map[string]int)
	for n := range p.Investments {
		values := p.Values(n)
		for i, v := range values {
			if !v.Present {
				missing[p.Fields[i].Name]++
			}
		}
		if v := values[6]; v.Present {
			levels[v.Text]++
		}
	}
	if len(p.Investments) != 83 || p.Inputs[0].Rows != 83 {
		t.Errorf("%d investments, want 83", len(p.Investments))
	}
	if diff := cmp.Diff(map[string]int{"wlc": 16, "fy_var": 16, "months": 26, "dca": 43}, missing); diff != "" {
		t.Errorf("missing (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"Amber": 25, "Red": 11, "Green": 4}, levels); diff != "" {
		t.Errorf("ratings (-want +got):\n%s", diff)
	}
	// Line 5: DBT_0293_2324-Q3;POST OFFICE - TRANSFORMATION;DBT;…;1553,73;15,31;;AMBER
	got := render(set, p)[3:4]
	want := []investment{{"uk-gmpp-2025-26-digital.csv:5:1", []string{"DBT_0293_2324-Q3", "POST OFFICE - TRANSFORMATION", "DBT",
		"1553.73", // "(mn GBP)" is part of the name: no unit, no conversion
		"0.1531",  // 15,31 under "(%)": 15.31 / 100
		"missing", "2 Amber"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DBT_0293 (-want +got):\n%s", diff)
	}
	if len(p.Warnings) != 0 || len(p.Notes) != 0 {
		t.Errorf("warnings %q, notes %q", p.Warnings, p.Notes)
	}
}
