package importers

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The workbooks of testdata/xlsx are written by the generators below and
// committed, so that the tests need neither LibreOffice nor a network. To
// write them again:
//
//	go test ./importers -run TestWriteXLSXCorpus -write-xlsx-corpus
//
// libreoffice.xlsx is converted from libreoffice.csv by soffice when it is
// installed; otherwise the committed file is kept.
var writeXLSXCorpus = flag.Bool("write-xlsx-corpus", false, "write the workbooks of testdata/xlsx again")

func xlsxCorpusDir() string { return filepath.Join("..", "testdata", "xlsx") }

func TestWriteXLSXCorpus(t *testing.T) {
	if !*writeXLSXCorpus {
		t.Skip("run with -write-xlsx-corpus to write testdata/xlsx again")
	}
	dir := xlsxCorpusDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]func(t *testing.T) []byte{
		"clean.xlsx":            cleanWorkbook,
		"messy.xlsx":            messyWorkbook,
		"formulas.xlsx":         formulasWorkbook,
		"date1904.xlsx":         date1904Workbook,
		"bottom.xlsx":           bottomWorkbook,
		"percent.xlsx":          percentWorkbook,
		"same.xlsx":             sameWorkbook,
		"bad-values.xlsx":       badValuesWorkbook,
		"header-problems.xlsx":  headerProblemsWorkbook,
		"no-header.xlsx":        noHeaderWorkbook,
		"handmade.xlsx":         handmadeWorkbook,
		"strict.xlsx":           strictWorkbook,
		"sst-out-of-range.xlsx": sstOutOfRangeWorkbook,
		"fake.xlsb":             fakeXLSB,
		"damaged.xlsx":          damagedWorkbook,
		"bad-xml.xlsx":          badXMLWorkbook,
	}
	for name, gen := range files {
		if err := os.WriteFile(filepath.Join(dir, name), gen(t), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "same.csv"), []byte(sameCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "libreoffice.csv"), []byte(libreOfficeCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Log("soffice not found: libreoffice.xlsx is kept as it is")
		return
	}
	// Semicolons (59), double quotes (34), UTF-8 (76), from line 1, Swedish
	// (1053) number recognition, formulas evaluated.
	cmd := exec.Command(soffice, "--headless",
		"--infilter=CSV:59,34,76,1,,1053,false,true,false,false,false,-1,true",
		"--convert-to", "xlsx", "--outdir", dir, filepath.Join(dir, "libreoffice.csv"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
}

// libreOfficeCSV is converted to libreoffice.xlsx by LibreOffice Calc, which
// reads "25 %" as 0.25 in a percent format, the dates as date serials, and
// calculates the formulas, saving their results.
const libreOfficeCSV = "Projekt-ID;Projektnamn;Myndighet;Investeringsutgift (tkr);Säkrad finansiering (%);Risk tid;Nyttorealiseringsplan;Startdatum\n" +
	"LO-1;Första etappen;Försäkringskassan;1500;25 %;Medel;Ja;2025-03-31\n" +
	"LO-2;Andra;Skatteverket;=D2*2;15,31;hög;Nej;Q3 2025\n" +
	"LO-3;Tredje;Skatteverket;=D2/0;-;Låg;=1>0;2026-01\n" +
	";Summa;;=SUM(D2:D3);;;;\n"

// sameCSV is same.xlsx as Swedish Excel would save it as CSV.
const sameCSV = "Projekt-ID;Projektnamn;Myndighet;Investeringsutgift (tkr);Säkrad finansiering;Risk tid;Nyttorealiseringsplan;Återanvänder gemensam lösning;Startdatum\n" +
	"S-1;Alfa;Försäkringskassan;102 100;25 %;Medel;Ja;Nej;2025-03-31\n" +
	"S-2;Beta;Skatteverket;2 500,5;0,5;Hög;Nej;;2026-01-15\n" +
	"S-3;Gamma;Skatteverket;-;;låg;;Ja;2024-01-01\n"

// must stops the generator on an error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func setRow(t *testing.T, f *excelize.File, sheet string, row int, values ...any) {
	t.Helper()
	must(t, f.SetSheetRow(sheet, fmt.Sprintf("A%d", row), &values))
}

func writeFile(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	must(t, f.Write(&buf))
	must(t, f.Close())
	return buf.Bytes()
}

func newStyle(t *testing.T, f *excelize.File, s *excelize.Style) int {
	t.Helper()
	id, err := f.NewStyle(s)
	must(t, err)
	return id
}

// cleanWorkbook: one sheet, typed cells, a shared-string table (excelize's
// File API writes shared strings).
func cleanWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	must(t, f.SetSheetName("Sheet1", "Investeringar"))
	const s = "Investeringar"
	date := newStyle(t, f, &excelize.Style{NumFmt: 14})
	setRow(t, f, s, 1, "Projekt-ID", "Projektnamn", "Myndighet", "Investeringsutgift (mnkr)", "Säkrad finansiering",
		"Risk tid", "Nyttorealiseringsplan", "Återanvänder gemensam lösning", "Startdatum")
	setRow(t, f, s, 2, "FK-1", "Ny e-tjänst", "Försäkringskassan", 12.5, 0.25, "Medel", "Ja", "Nej", 45747)
	setRow(t, f, s, 3, "FK-2", "Arkiv", "Försäkringskassan", 3, 1, "Låg", "Nej", nil, 46037)
	setRow(t, f, s, 4, "SKV-3", "Beskattning", "Skatteverket", 120, 0.5, "Hög", "Ja", "Ja", 45292)
	must(t, f.SetCellStyle(s, "I2", "I4", date))
	return writeFile(t, f)
}

// messyWorkbook: an instructions sheet first, a hidden list sheet last, and
// between them the data as agencies send it, streamed (inline strings).
func messyWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	must(t, f.SetSheetName("Sheet1", "Instruktioner"))
	setRow(t, f, "Instruktioner", 1, "Så fyller du i mallen")
	setRow(t, f, "Instruktioner", 2, "En rad per investering. Belopp i tkr.")
	setRow(t, f, "Instruktioner", 4, "Kolumn", "Förklaring")
	setRow(t, f, "Instruktioner", 5, "Projekt-ID", "Myndighetens diarienummer")
	setRow(t, f, "Instruktioner", 6, "Projektnamn", "Kort namn")

	const s = "Investeringar"
	_, err := f.NewSheet(s)
	must(t, err)
	date := newStyle(t, f, &excelize.Style{NumFmt: 14})
	sw, err := f.NewStreamWriter(s)
	must(t, err)
	must(t, sw.SetColVisible(3, 3, false)) // C, Myndighet, hidden
	row := func(n int, values []any, opts ...excelize.RowOpts) {
		t.Helper()
		must(t, sw.SetRow(fmt.Sprintf("A%d", n), values, opts...))
	}
	row(1, []any{"Investeringsportfölj 2025 – Försäkringskassan och Skatteverket"})
	row(2, []any{"Belopp i tkr om inget annat anges"})
	row(4, []any{"Projekt-ID", "Projektnamn", "Myndighet", "Investeringsutgift (tkr)", "Kostnader (tkr)", nil, nil,
		"Säkrad finansiering (%)", "Risk tid", "Nyttorealiseringsplan", "Återanvänder gemensam lösning", "Startdatum", "Kommentar"})
	row(5, []any{nil, nil, nil, nil, 2024, 2025, 2026})
	row(6, []any{"FK-1", "Ny e-tjänst", "Försäkringskassan", "102\u00a0100", 1500, "2\u00a0300,5", nil,
		25, "medel", "Ja", "X", excelize.Cell{StyleID: date, Value: 45747}, "Första etappen"})
	row(7, []any{"FK-2", "Arkiv", "Försäkringskassan", 2500.5, "-", nil, "saknas",
		"TBD", " HÖG ", "Nej", nil, "Q3 2025", "?"})
	row(8, []any{nil, " "})
	row(9, []any{"FK-3", "Dold rad", "Skatteverket", excelize.Cell{Formula: "SUM(E9:G9)", Value: 600}, 100, 200, 300,
		50, "Låg", "ja", "Nej", "2025-03"}, excelize.RowOpts{Hidden: true})
	row(10, []any{"FK-4", "Felvärde", "Skatteverket", "Ej beslutat", 0, "1 000", nil,
		"#REF!", "2", "NEJ", "Ja", "2026-01-15"})
	row(11, []any{nil, "Summa", nil, excelize.Cell{Formula: "SUM(D6:D10)", Value: 3100.5},
		excelize.Cell{Formula: "SUM(E6:E10)", Value: 1600}, excelize.Cell{Formula: "SUM(F6:F10)", Value: 200},
		excelize.Cell{Formula: "SUM(G6:G10)", Value: 300}})
	must(t, sw.MergeCell("A1", "M1"))
	for _, c := range "ABCDHIJKLM" {
		must(t, sw.MergeCell(fmt.Sprintf("%c4", c), fmt.Sprintf("%c5", c)))
	}
	must(t, sw.MergeCell("E4", "G4"))
	must(t, sw.Flush())

	_, err = f.NewSheet("Listor")
	must(t, err)
	setRow(t, f, "Listor", 1, "Låg", "Ja")
	setRow(t, f, "Listor", 2, "Medel", "Nej")
	setRow(t, f, "Listor", 3, "Hög")
	must(t, f.SetSheetVisible("Listor", false))
	data := writeFile(t, f)
	// excelize cannot store an error value: make H10 what Excel stores
	// for a #REF! it has shown.
	return patchPart(t, data, "xl/worksheets/sheet2.xml",
		`<c r="H10" t="inlineStr"><is><t>#REF!</t></is></c>`, `<c r="H10" t="e"><v>#REF!</v></c>`)
}

// formulasWorkbook: formulas without saved results, as excelize and other
// tools write them.
func formulasWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	const s = "Beräknat"
	must(t, f.SetSheetName("Sheet1", s))
	percent := newStyle(t, f, &excelize.Style{NumFmt: 9})
	setRow(t, f, s, 1, "Projekt-ID", "Projektnamn", "Investeringsutgift", "Underlag", "Säkrad finansiering", "Nyttorealiseringsplan")
	setRow(t, f, s, 2, "FK-1", nil, nil, 10)
	setRow(t, f, s, 3, "FK-2", "Beta", nil, 3)
	setRow(t, f, s, 4, "FK-3", "Gamma")
	setRow(t, f, s, 5, "FK-4", "Delta", nil, 2)
	setRow(t, f, s, 6, "FK-5", "Epsilon", nil, 7)
	must(t, f.SetCellFormula(s, "B2", `CONCATENATE("Al","fa")`))
	must(t, f.SetCellFormula(s, "C2", "D2/4"))
	must(t, f.SetCellFormula(s, "E2", "D2/40"))
	must(t, f.SetCellStyle(s, "E2", "E2", percent))
	must(t, f.SetCellFormula(s, "F2", "D2>5"))
	must(t, f.SetCellFormula(s, "C3", "D3/0"))
	must(t, f.SetCellFormula(s, "F3", "D3>5"))
	must(t, f.SetCellFormula(s, "C4", "C2+1"))
	shared, ref := excelize.STCellFormulaTypeShared, "C5:C6"
	must(t, f.SetCellFormula(s, "C5", "D5*3", excelize.FormulaOpts{Type: &shared, Ref: &ref}))

	_, err := f.NewSheet("Fel")
	must(t, err)
	setRow(t, f, "Fel", 1, "Projekt-ID", "Projektnamn", "Investeringsutgift")
	setRow(t, f, "Fel", 2, "FK-9", "Fel")
	must(t, f.SetCellFormula("Fel", "C2", "FOOBAR(1)"))
	return writeFile(t, f)
}

// date1904Workbook: a workbook in the 1904 date system.
func date1904Workbook(t *testing.T) []byte {
	f := excelize.NewFile()
	yes := true
	must(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
	date := newStyle(t, f, &excelize.Style{NumFmt: 14})
	setRow(t, f, "Sheet1", 1, "Projekt-ID", "Projektnamn", "Startdatum")
	setRow(t, f, "Sheet1", 2, "FK-1", "Alfa", 44285)
	setRow(t, f, "Sheet1", 3, "FK-2", "Beta", "2025-03-31")
	must(t, f.SetCellStyle("Sheet1", "C2", "C2", date))
	return writeFile(t, f)
}

// bottomWorkbook: a used range down to row 1,048,576, Excel's last, where
// someone formatted a cell and left an empty string.
func bottomWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	bold := newStyle(t, f, &excelize.Style{Font: &excelize.Font{Bold: true}})
	setRow(t, f, "Sheet1", 1, "Projekt-ID", "Projektnamn", "Investeringsutgift")
	setRow(t, f, "Sheet1", 2, "FK-1", "Alfa", 1)
	setRow(t, f, "Sheet1", 3, "FK-2", "Beta", 2)
	must(t, f.SetCellStyle("Sheet1", "A1048576", "A1048576", bold))
	must(t, f.SetCellValue("Sheet1", "B1048576", ""))
	return writeFile(t, f)
}

// percentWorkbook: a "(%)" column with cells in percent and other formats.
func percentWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	pct0 := newStyle(t, f, &excelize.Style{NumFmt: 9})                    // 0%
	pct2 := newStyle(t, f, &excelize.Style{NumFmt: 10})                   // 0.00%
	pct1 := newStyle(t, f, &excelize.Style{CustomNumFmt: ptr("0.0%")})    // a custom percent format
	quoted := newStyle(t, f, &excelize.Style{CustomNumFmt: ptr(`0" %"`)}) // shows "15 %" without ×100
	setRow(t, f, "Sheet1", 1, "Projekt-ID", "Projektnamn", "Säkrad finansiering (%)")
	setRow(t, f, "Sheet1", 2, "FK-1", "A", 0.25)
	setRow(t, f, "Sheet1", 3, "FK-2", "B", 15.31)
	setRow(t, f, "Sheet1", 4, "FK-3", "C", 0.125)
	setRow(t, f, "Sheet1", 5, "FK-4", "D", 15)
	setRow(t, f, "Sheet1", 6, "FK-5", "E", "25 %")
	setRow(t, f, "Sheet1", 7, "FK-6", "F", 0.5)
	must(t, f.SetCellStyle("Sheet1", "C2", "C2", pct0))
	must(t, f.SetCellStyle("Sheet1", "C4", "C4", pct1))
	must(t, f.SetCellStyle("Sheet1", "C5", "C5", quoted))
	must(t, f.SetCellStyle("Sheet1", "C7", "C7", pct2))
	return writeFile(t, f)
}

func ptr[T any](v T) *T { return &v }

// sameWorkbook: the portfolio of sameCSV, with numbers, percentages and dates
// as Excel stores them.
func sameWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	const s = "Portfölj"
	must(t, f.SetSheetName("Sheet1", s))
	date := newStyle(t, f, &excelize.Style{NumFmt: 14})
	pct := newStyle(t, f, &excelize.Style{NumFmt: 9})
	setRow(t, f, s, 1, "Projekt-ID", "Projektnamn", "Myndighet", "Investeringsutgift (tkr)", "Säkrad finansiering",
		"Risk tid", "Nyttorealiseringsplan", "Återanvänder gemensam lösning", "Startdatum")
	setRow(t, f, s, 2, "S-1", "Alfa", "Försäkringskassan", 102100, 0.25, "Medel", "Ja", "Nej", 45747)
	setRow(t, f, s, 3, "S-2", "Beta", "Skatteverket", 2500.5, 0.5, "Hög", "Nej", nil, 46037)
	setRow(t, f, s, 4, "S-3", "Gamma", "Skatteverket", "-", nil, "låg", nil, "Ja", 45292)
	must(t, f.SetCellStyle(s, "E2", "E2", pct))
	must(t, f.SetCellStyle(s, "I2", "I4", date))
	return writeFile(t, f)
}

// badValuesWorkbook: bad values of every kind, a row without an id and a
// duplicate id.
func badValuesWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	const s = "Blad1"
	must(t, f.SetSheetName("Sheet1", s))
	setRow(t, f, s, 1, "Projekt-ID", "Projektnamn", "Investeringsutgift", "Risk tid", "Startdatum", "Nyttorealiseringsplan")
	setRow(t, f, s, 2, "FK-50", "Alfa", "ca 5", "Mycket hög", "31/3/2025", "kanske")
	setRow(t, f, s, 3, "FK-51", nil, "1.234.567", "Låg", "2025-02-30", "Ja")
	setRow(t, f, s, 4, nil, "Gamma", 5)
	setRow(t, f, s, 5, "FK-53", "Delta", "25 %")
	setRow(t, f, s, 6, "FK-50", "Epsilon", "5–10")
	setRow(t, f, s, 7, "FK-54", "Zeta", true, 4, 0, 2)
	return writeFile(t, f)
}

// headerProblemsWorkbook: a sheet without a required column, one with an
// ambiguous field and one without a header.
func headerProblemsWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	must(t, f.SetSheetName("Sheet1", "Saknas"))
	setRow(t, f, "Saknas", 1, "Projekt-ID", "Myndighet")
	setRow(t, f, "Saknas", 2, "FK-1", "Försäkringskassan")
	_, err := f.NewSheet("Tvetydig")
	must(t, err)
	setRow(t, f, "Tvetydig", 1, "Projekt-ID", "Projektnamn", "Investeringsutgift", "Investeringsutgift (tkr)")
	_, err = f.NewSheet("Tom")
	must(t, err)
	setRow(t, f, "Tom", 1, "Namn", "Belopp")
	return writeFile(t, f)
}

// noHeaderWorkbook: two sheets, neither with a header.
func noHeaderWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	must(t, f.SetSheetName("Sheet1", "Ett"))
	setRow(t, f, "Ett", 1, "Namn", "Belopp")
	_, err := f.NewSheet("Två")
	must(t, err)
	setRow(t, f, "Två", 1, "Summa", 5)
	return writeFile(t, f)
}

// patchPart replaces text in one part of a zip, each old string exactly
// once.
func patchPart(t *testing.T, data []byte, part string, oldNew ...string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	var files []zipPart
	for _, f := range zr.File {
		rc, err := f.Open()
		must(t, err)
		b, err := io.ReadAll(rc)
		must(t, err)
		rc.Close()
		text := string(b)
		if f.Name == part {
			for i := 0; i < len(oldNew); i += 2 {
				if strings.Count(text, oldNew[i]) != 1 {
					t.Fatalf("%s: %q is not there once", part, oldNew[i])
				}
				text = strings.Replace(text, oldNew[i], oldNew[i+1], 1)
			}
		}
		files = append(files, zipPart{f.Name, text})
	}
	return makeZip(t, files...)
}

type zipPart struct{ name, text string }

func makeZip(t *testing.T, parts ...zipPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		must(t, err)
		_, err = io.WriteString(w, p.text)
		must(t, err)
	}
	must(t, zw.Close())
	return buf.Bytes()
}

const (
	mainNS   = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	relNS    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	pkgRels  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + relTypes + `officeDocument" Target="xl/workbook.xml"/></Relationships>`
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/></Types>`
)

// handmadeWorkbook: XML written by hand as other tools write it: every
// element with the x: prefix, absolute and unusual part names, rows and
// cells without r, gaps, rich text with phonetic runs, escaped characters,
// t="d", "b", "e", "str" and inline rich text.
func handmadeWorkbook(t *testing.T) []byte {
	workbook := `<?xml version="1.0" encoding="UTF-8"?>` +
		`<x:workbook xmlns:x="` + mainNS + `" xmlns:r="` + relNS + `"><x:workbookPr/>` +
		`<x:sheets><x:sheet name="Data" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`
	rels := `<?xml version="1.0" encoding="UTF-8"?>` +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + relTypes + `worksheet" Target="/xl/worksheets/data.xml"/>` +
		`<Relationship Id="rId2" Type="` + relTypes + `sharedStrings" Target="strings.xml"/></Relationships>`
	strs := `<?xml version="1.0" encoding="UTF-8"?><x:sst xmlns:x="` + mainNS + `" count="7" uniqueCount="7">` +
		`<x:si><x:t>Projekt-ID</x:t></x:si>` +
		`<x:si><x:r><x:t>Projekt</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>namn</x:t></x:r>` +
		`<x:rPh sb="0" eb="1"><x:t>ぷろじぇくと</x:t></x:rPh><x:phoneticPr fontId="1"/></x:si>` +
		`<x:si><x:t>Startdatum</x:t></x:si>` +
		`<x:si><x:t>Nyttorealiseringsplan</x:t></x:si>` +
		`<x:si><x:t>Investeringsutgift</x:t></x:si>` +
		`<x:si><x:t xml:space="preserve">Rad_x000D_` + "\n" + `ett</x:t></x:si>` +
		`<x:si><x:t>A_x005F_x0041_</x:t></x:si></x:sst>`
	sheet := `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="` + mainNS + `"><x:sheetData>` +
		// Row 1, no r anywhere: A to E by order.
		`<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>4</x:v></x:c>` +
		`<x:c t="s"><x:v>2</x:v></x:c><x:c t="s"><x:v>3</x:v></x:c></x:row>` +
		// Row 2 is absent.
		`<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:r><x:t>HM-</x:t></x:r><x:r><x:t>1</x:t></x:r></x:is></x:c>` +
		`<x:c r="B3" t="s"><x:v>5</x:v></x:c><x:c r="C3"><x:v>1.5E1</x:v></x:c>` +
		`<x:c r="D3" t="d"><x:v>2025-03-31T00:00:00</x:v></x:c><x:c r="E3" t="b"><x:v>1</x:v></x:c></x:row>` +
		// Row 4 without r: the row after 3. C4 is absent.
		`<x:row><x:c t="str"><x:f>"HM-"&amp;"2"</x:f><x:v>HM-2</x:v></x:c><x:c r="B4" t="s"><x:v>6</x:v></x:c>` +
		`<x:c r="D4"><x:v>45747</x:v></x:c><x:c r="E4" t="e"><x:f>NA()</x:f><x:v>#N/A</x:v></x:c></x:row>` +
		`<x:row r="6"><x:c r="A6" t="inlineStr"><x:is><x:t>HM-3</x:t></x:is></x:c>` +
		`<x:c r="B6" t="inlineStr"><x:is><x:t>Fas</x:t><x:rPh sb="0" eb="1"><x:t>ふぁす</x:t></x:rPh></x:is></x:c>` +
		`<x:c r="C6" t="n"><x:v>-0</x:v></x:c><x:c r="E6" t="b"><x:v>0</x:v></x:c></x:row>` +
		`</x:sheetData></x:worksheet>`
	return makeZip(t,
		zipPart{"[Content_Types].xml", contentTypes},
		zipPart{"_rels/.rels", pkgRels},
		zipPart{"xl/workbook.xml", workbook},
		zipPart{"xl/_rels/workbook.xml.rels", rels},
		zipPart{"xl/strings.xml", strs},
		zipPart{"xl/worksheets/data.xml", sheet})
}

// strictWorkbook: the strict OOXML namespaces, the 1904 date system, styles
// with a percent format.
func strictWorkbook(t *testing.T) []byte {
	const (
		strictMain = "http://purl.oclc.org/ooxml/spreadsheetml/main"
		strictRel  = "http://purl.oclc.org/ooxml/officeDocument/relationships"
	)
	pkg := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + strictRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbook := `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="` + strictMain + `" xmlns:r="` + strictRel + `">` +
		`<workbookPr date1904="1"/><sheets><sheet name="Strikt" sheetId="1" r:id="rId1"/></sheets></workbook>`
	rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + strictRel + `/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="` + strictRel + `/styles" Target="styles.xml"/></Relationships>`
	styles := `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="` + strictMain + `">` +
		// cellStyleXfs are not the styles cells name: a reader that took
		// them for cellXfs would see no percent format in style 1.
		`<cellStyleXfs count="2"><xf numFmtId="9"/><xf numFmtId="0"/></cellStyleXfs>` +
		`<cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="9" xfId="1"/></cellXfs></styleSheet>`
	sheet := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + strictMain + `"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Projekt-ID</t></is></c><c r="B1" t="inlineStr"><is><t>Projektnamn</t></is></c>` +
		`<c r="C1" t="inlineStr"><is><t>Startdatum</t></is></c><c r="D1" t="inlineStr"><is><t>Säkrad finansiering (%)</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>ST-1</t></is></c><c r="B2" t="inlineStr"><is><t>Strikt</t></is></c>` +
		`<c r="C2" s="0"><v>44285</v></c><c r="D2" s="1"><v>0.4</v></c></row>` +
		`</sheetData></worksheet>`
	return makeZip(t,
		zipPart{"[Content_Types].xml", contentTypes},
		zipPart{"_rels/.rels", pkg},
		zipPart{"xl/workbook.xml", workbook},
		zipPart{"xl/_rels/workbook.xml.rels", rels},
		zipPart{"xl/styles.xml", styles},
		zipPart{"xl/worksheets/sheet1.xml", sheet})
}

// simpleParts are a workbook of one sheet, Blad1, whose XML is given.
func simpleParts(sheet, sst string) []zipPart {
	workbook := `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `">` +
		`<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + relTypes + `worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="` + relTypes + `sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	return []zipPart{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", pkgRels},
		{"xl/workbook.xml", workbook},
		{"xl/_rels/workbook.xml.rels", rels},
		{"xl/sharedStrings.xml", sst},
		{"xl/worksheets/sheet1.xml", sheet},
	}
}

// sstOutOfRangeWorkbook: a cell naming shared string 7 of 3.
func sstOutOfRangeWorkbook(t *testing.T) []byte {
	sst := `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="` + mainNS + `" count="3" uniqueCount="3">` +
		`<si><t>Projekt-ID</t></si><si><t>Projektnamn</t></si><si><t>Myndighet</t></si></sst>`
	sheet := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + mainNS + `"><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>FK-1</t></is></c><c r="B2" t="inlineStr"><is><t>Alfa</t></is></c>` +
		`<c r="C2" t="s"><v>7</v></c></row></sheetData></worksheet>`
	return makeZip(t, simpleParts(sheet, sst)...)
}

// fakeXLSB: the parts that make a zip an Excel binary workbook.
func fakeXLSB(t *testing.T) []byte {
	return makeZip(t,
		zipPart{"[Content_Types].xml", contentTypes},
		zipPart{"_rels/.rels", pkgRels},
		zipPart{"xl/workbook.bin", "\x83\x01\x00"})
}

// damagedWorkbook: a sheet stored with a wrong CRC-32, as a file damaged
// in transfer reads.
func damagedWorkbook(t *testing.T) []byte {
	sst := `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="` + mainNS + `"/>`
	sheet := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + mainNS + `"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Projekt-ID</t></is></c></row></sheetData></worksheet>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range simpleParts(sheet, sst) {
		if p.name != "xl/worksheets/sheet1.xml" {
			w, err := zw.Create(p.name)
			must(t, err)
			_, err = io.WriteString(w, p.text)
			must(t, err)
			continue
		}
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: p.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE([]byte(p.text)) ^ 1,
			CompressedSize64: uint64(len(p.text)), UncompressedSize64: uint64(len(p.text)),
		})
		must(t, err)
		_, err = io.WriteString(w, p.text)
		must(t, err)
	}
	must(t, zw.Close())
	return buf.Bytes()
}

// badXMLWorkbook: a sheet whose XML stops in the middle of a row.
func badXMLWorkbook(t *testing.T) []byte {
	sst := `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="` + mainNS + `"/>`
	sheet := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<worksheet xmlns="` + mainNS + `"><sheetData>` + "\n" +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Projekt-ID</t></is></c><c r="B1" t="inlineStr"><is><t>Projektnamn</t></is></c></row>` + "\n" +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>FK-1</t></is></c><c r="B2" t="inlineStr"><is><t>Alfa</t></is></c></row>` + "\n" +
		`<row r="3"><c r="A3" t="inlineStr"><is><t>FK-2</t>`
	return makeZip(t, simpleParts(sheet, sst)...)
}
