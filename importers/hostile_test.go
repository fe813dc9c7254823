package importers

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/prio-tool/prio/messages"
	"github.com/xuri/excelize/v2"
)

// Inputs that are not what they seem (issue 12, items 7 and 12 to 15): ids
// that look alike, control characters, text that shows in another order,
// files that are almost UTF-8, sum rows that are investments, encrypted
// workbooks, CSV wider than a sheet. Each expected message is written by
// hand from the file's lines and fields.

// readResult is what a read gave: the error, or the ids, warnings and
// notes.
func readResult(t *testing.T, sources ...Source) (ids []string, warnings, notes []string, err error) {
	t.Helper()
	p, err := Read(parseSet(t, smallSet), sources, Options{})
	if err != nil {
		return nil, nil, nil, err
	}
	for _, inv := range p.Investments {
		ids = append(ids, inv.ID)
	}
	return ids, messages.Strings(p.Warnings, messages.English), messages.Strings(p.Notes, messages.English), nil
}

func TestLookalikeIDs(t *testing.T) {
	const head = "Projekt-ID;Projektnamn;Investeringsutgift\n"
	const sameID = ": ids that differ only in case, invisible characters or how accented letters are written are one id)"
	tests := []struct {
		name string
		csv  string
		want string
	}{
		{"a zero-width space", head + "EXV-1;A;1\nEXV\u200b-1;B;2\n",
			`ids.csv:3:1: id "EXV\u200b-1" appears twice (also at ids.csv:2:1 as "EXV-1"` + sameID},
		{"case", head + "EXV-1;A;1\nexv-1;B;2\n",
			`ids.csv:3:1: id "exv-1" appears twice (also at ids.csv:2:1 as "EXV-1"` + sameID},
		{"a word joiner, a soft hyphen and case, three times", head + "EXV-1;A;1\nEXV\u2060-1;B;2\nE\u00adxv-1;C;3\n",
			`ids.csv:3:1: id "EXV\u2060-1" appears twice (also at ids.csv:2:1 as "EXV-1"` + sameID + "\n" +
				`ids.csv:4:1: id "E\u00adxv-1" appears again (also at ids.csv:2:1 as "EXV-1"` + sameID},
		// Å as one character (U+00C5) and as A with a ring above (U+030A).
		{"composed and decomposed", head + "\u00c5-1;A;1\nA\u030a-1;B;2\n",
			"ids.csv:3:1: id \"A\u030a-1\" appears twice (also at ids.csv:2:1 as \"\u00c5-1\"" + sameID},
		{"the same text", head + "EXV-1;A;1\nEXV-1;B;2\n",
			`ids.csv:3:1: id "EXV-1" appears twice (also at ids.csv:2:1)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := readResult(t, Source{Path: "ids.csv", Data: []byte(tt.csv)})
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
	// Different ids stay different: Å and A, EXV-1 and EXV-l.
	ids, _, _, err := readResult(t, Source{Path: "ok.csv", Data: []byte(head + "Å-1;A;1\nA-1;B;2\nEXV-1;C;3\nEXV-l;D;4\n")})
	if err != nil || strings.Join(ids, ",") != "Å-1,A-1,EXV-1,EXV-l" {
		t.Errorf("ids %v, %v; want Å-1, A-1, EXV-1, EXV-l", ids, err)
	}
}

// A join matches ids as the portfolio compares them.
func TestLookalikeIDsJoined(t *testing.T) {
	set := parseSet(t, smallSet)
	p, err := ReadJoined(t.Context(), set,
		[]Source{{Path: "a.csv", Data: []byte("Projekt-ID;Projektnamn\nEXV-1;Alfa\n")}},
		[]Source{{Path: "b.csv", Data: []byte("Projekt-ID;Investeringsutgift\nexv\u200b-1;7\n")}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v := p.Value(0, 2); !v.Present || v.Num != 7 {
		t.Errorf("invest %+v, want 7 from the joined file", v)
	}
}

func TestControlCharacters(t *testing.T) {
	const head = "Projekt-ID;Projektnamn;Investeringsutgift\n"
	// A vertical tab passes as text in a CSV file, which it may be, but
	// not in a cell; U+0085 (NEL) is a control too.
	_, _, _, err := readResult(t, Source{Path: "c.csv", Data: []byte(head + "A;Al\vfa;1\nB;Be\u0085ta;2\n")})
	want := "c.csv:2:2: the cell holds the control character U+000B, which no text needs: remove it\n" +
		"c.csv:3:2: the cell holds the control character U+0085, which no text needs: remove it"
	if err == nil || err.Error() != want {
		t.Errorf("CSV: got %v\nwant %s", err, want)
	}
	// In a workbook, Excel's escape _x0001_ is U+0001.
	book := bookSpec{parts: map[string]string{"xl/worksheets/sheet1.xml": limitSheet[:strings.Index(limitSheet, `<row r="2">`)] +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>L-1</t></is></c><c r="B2" t="inlineStr"><is><t>Al_x0001_fa</t></is></c></row></sheetData></worksheet>`}}
	_, _, _, err = readResult(t, Source{Path: "c.xlsx", Data: book.build(t)})
	want = "c.xlsx: Blad1!B2: the cell holds the control character U+0001, which no text needs: remove it"
	if err == nil || err.Error() != want {
		t.Errorf("workbook: got %v\nwant %s", err, want)
	}
	// Tabs and line breaks are text.
	ids, _, _, err := readResult(t, Source{Path: "ok.csv", Data: []byte(head + "A;\"Al\tfa\r\nrad två\";1\n")})
	if err != nil || len(ids) != 1 {
		t.Errorf("tab and line break: %v, %v", ids, err)
	}
}

// Bidirectional controls are removed from the text, and counted in one
// warning at the first cell that had one.
func TestBidiControls(t *testing.T) {
	set := parseSet(t, smallSet)
	// U+202E (right-to-left override) makes "1-VXE" show as "EXV-1".
	csv := "Projekt-ID;Projektnamn;Investeringsutgift\nA;\u202e1-VXE;1\nB\u2066;Be\u202dta\u202c;2\n"
	p, err := Read(set, []Source{{Path: "b.csv", Data: []byte(csv)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{p.Value(0, 1).Text, p.Investments[1].ID, p.Value(1, 1).Text}; strings.Join(got, ",") != "1-VXE,B,Beta" {
		t.Errorf("texts %q, want 1-VXE, B, Beta", got)
	}
	want := "b.csv:2:2: 4 bidirectional control characters removed from the text of 3 cells (the first here): they make text show in another order than it is stored"
	if len(p.Warnings) != 1 || p.Warnings[0].String() != want {
		t.Errorf("warnings %q, want %q", p.Warnings, want)
	}
}

// TestAlmostUTF8: a UTF-8 file with a few bytes that are not UTF-8 is not
// read as Windows-1252 (every å would be "Ã¥"): the bytes are reported at
// their lines and fields. A Windows-1252 file is still read as one, even
// with a pair of bytes that happen to be UTF-8.
func TestAlmostUTF8(t *testing.T) {
	const head = "Projekt-ID;Projektnamn;Investeringsutgift\n"
	tests := []struct {
		name string
		data string
		want string
		ids  string // when read
	}{
		{"three å in UTF-8 and one in Windows-1252", head + "Å-1;Lön;1\nÅ-2;\"a;b\nx\xe5\";2\nÅ-3;ö;\xe5\n",
			"a.csv:4:2: the byte 0xE5 is not UTF-8, though the rest of the file is: correct the character, or save the file again as CSV UTF-8\n" +
				"a.csv:5:3: the byte 0xE5 is not UTF-8, though the rest of the file is: correct the character, or save the file again as CSV UTF-8", ""},
		{"a byte-order mark says UTF-8", "\xef\xbb\xbf" + head + "A;B\xe5;1\n",
			"a.csv:2:2: the byte 0xE5 is not UTF-8, though the rest of the file is: correct the character, or save the file again as CSV UTF-8", ""},
		// "SKÅ" then a no-break space is C5 A0 in Windows-1252, which is
		// also UTF-8 (U+0160); the ö, å and Å (F6, E5, C5) of "Lönnå Åsa"
		// are not. The id is "SKÅ", trimmed of the no-break space.
		{"Windows-1252 with a pair that is UTF-8", head + "SK\xc5\xa0;L\xf6nn\xe5 \xc5sa;1\n", "", "SKÅ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, _, _, err := readResult(t, Source{Path: "a.csv", Data: []byte(tt.data)})
			if tt.want != "" {
				if err == nil || err.Error() != tt.want {
					t.Errorf("got %v\nwant %s", err, tt.want)
				}
				return
			}
			if err != nil || strings.Join(ids, ",") != tt.ids {
				t.Errorf("ids %q, %v; want %q", ids, err, tt.ids)
			}
		})
	}
}

// TestSumRows (FORMATS.md §2, amended 2026-12): a row with an id is data;
// a row without one is a sum row only when its name is a sum label.
func TestSumRows(t *testing.T) {
	csv := "Projekt-ID;Projektnamn;Investeringsutgift\n" +
		"TOTAL-2;Nytt ärendesystem;5\n" +
		"Totalt-3;Totaltjänst;6\n" +
		";Summa 2025;11\n" +
		";Delsumma (tkr);11\n" +
		"Totalt;;22\n"
	ids, _, notes, err := readResult(t, Source{Path: "s.csv", Data: []byte(csv)})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != "TOTAL-2,Totalt-3" {
		t.Errorf("ids %v, want TOTAL-2, Totalt-3", ids)
	}
	wantNotes := []string{`s.csv:4: skipped the sum row "Summa 2025"`, `s.csv:5: skipped the sum row "Delsumma (tkr)"`, `s.csv:6: skipped the sum row "Totalt"`}
	if strings.Join(notes, "\n") != strings.Join(wantNotes, "\n") {
		t.Errorf("notes %q, want %q", notes, wantNotes)
	}
	_, _, _, err = readResult(t, Source{Path: "s.csv", Data: []byte("Projekt-ID;Projektnamn;Investeringsutgift\n;Totalt nytt ärendesystem;7\n")})
	if want := "s.csv:2:1: row has data but no id"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestEncryptedWorkbook: a password-protected workbook, an OLE compound
// file as an .xls is, gets its own message.
func TestEncryptedWorkbook(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellValue("Sheet1", "A1", "Projekt-ID"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf, excelize.Options{Password: "hemligt"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), ole2Magic) {
		t.Fatal("excelize did not write an OLE compound file")
	}
	_, _, _, err := readResult(t, Source{Path: "locked.xlsx", Data: buf.Bytes()})
	if want := "locked.xlsx: the workbook is password-protected: save it without a password"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	// The .xls of the corpus is still one.
	_, _, _, err = readResult(t, corpus(t, "fake.xls"))
	if want := "fake.xls: the old Excel .xls format is not read"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %s…", err, want)
	}
}

// TestCSVShape: a record of more fields than a sheet has columns is
// refused at the line of its first field past them, and nothing of it is
// parsed; so is a row past the sheet's rows.
func TestCSVShape(t *testing.T) {
	head := "Projekt-ID;Projektnamn;Investeringsutgift\nA;Alfa;1\n"
	// 16,384 semicolons: 16,385 fields. The quoted field holds a line
	// break, so the 16,385th field is on line 4.
	wide := "B;\"Be\nta\";2" + strings.Repeat(";", maxCols-2) + "\n"
	_, _, _, err := readResult(t, Source{Path: "w.csv", Data: []byte(head + wide + "C;Gamma;3\n")})
	if want := "w.csv:4: line 4 has more than 16384 columns, the most a sheet has (Excel's limit)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	// 16,384 fields are a sheet's width.
	ids, _, _, err := readResult(t, Source{Path: "w.csv", Data: []byte(head + "B;Beta;2" + strings.Repeat(";", maxCols-3) + "\n")})
	if err != nil || len(ids) != 2 {
		t.Errorf("16,384 fields: %v, %v", ids, err)
	}
	// Commas in a semicolon file are text.
	ids, _, _, err = readResult(t, Source{Path: "w.csv", Data: []byte(head + "B;\"" + strings.Repeat(",", maxCols) + "\";2\n")})
	if err != nil || len(ids) != 2 {
		t.Errorf("commas in a field: %v, %v", ids, err)
	}
	// A header too wide is refused before it is read.
	_, _, _, err = readResult(t, Source{Path: "w.csv", Data: []byte("Projekt-ID;Projektnamn" + strings.Repeat(";x", maxCols) + "\n")})
	if want := "w.csv:1: line 1 has more than 16384 columns, the most a sheet has (Excel's limit)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestCSVRows(t *testing.T) {
	if csvRowLimit != 1048576 {
		t.Errorf("a CSV file may have %d rows; Excel's sheets have 1,048,576", csvRowLimit)
	}
	defer func(n int) { csvRowLimit = n }(csvRowLimit)
	csvRowLimit = 40 // past the 30 rows read for the header
	var b strings.Builder
	b.WriteString("Projekt-ID;Projektnamn\n")
	for i := 1; i <= 40; i++ {
		b.WriteString("A" + strconv.Itoa(i) + ";x\n")
	}
	// The header and 40 rows are 41 rows, the last on line 41.
	_, _, _, err := readResult(t, Source{Path: "r.csv", Data: []byte(b.String())})
	if want := "r.csv:41: the file has more than 40 rows, the most a sheet has (Excel's limit)"; err == nil || err.Error() != want {
		t.Errorf("got %.200v, want %s", err, want)
	}
	// 40 rows, the header included, are read.
	ids, _, _, err := readResult(t, Source{Path: "r.csv", Data: []byte(b.String()[:strings.Index(b.String(), "A40;")])})
	if err != nil || len(ids) != 39 {
		t.Errorf("40 rows: %d investments, %v", len(ids), err)
	}
}
