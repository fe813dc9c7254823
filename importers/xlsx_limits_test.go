package importers

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
)

// The bounds on what a workbook makes the reader unpack and build (issue
// 12, items 5 and 6), with the bounds lowered so that small workbooks pass
// them: each test says which bound and how far the workbook goes past it.

// bookSpec describes a workbook for these tests: its sheets (name and part),
// the part each names, and the shared strings and styles, if any.
type bookSpec struct {
	sheets  [][2]string       // name, part
	parts   map[string]string // part → XML; a sheet's part not given is a small one with a header and one row
	sst     string            // the XML of xl/sharedStrings.xml, or ""
	styles  string            // the XML of xl/styles.xml, or ""
	entries []zipPart         // more zip entries, as they are
}

// limitSheet is a sheet with the header of smallSet and one investment.
const limitSheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + mainNS + `"><sheetData>` +
	`<row r="1"><c r="A1" t="inlineStr"><is><t>Projekt-ID</t></is></c><c r="B1" t="inlineStr"><is><t>Projektnamn</t></is></c>` +
	`<c r="C1" t="inlineStr"><is><t>Investeringsutgift</t></is></c></row>` +
	`<row r="2"><c r="A2" t="inlineStr"><is><t>L-1</t></is></c><c r="B2" t="inlineStr"><is><t>Alfa</t></is></c><c r="C2"><v>5</v></c></row>` +
	`</sheetData></worksheet>`

func (b bookSpec) build(t *testing.T) []byte {
	t.Helper()
	if len(b.sheets) == 0 {
		b.sheets = [][2]string{{"Blad1", "xl/worksheets/sheet1.xml"}}
	}
	var sheets, rels strings.Builder
	for i, sh := range b.sheets {
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, sh[0], i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%sworksheet" Target="/%s"/>`, i+1, relTypes, sh[1])
	}
	parts := []zipPart{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", pkgRels},
		{"xl/workbook.xml", `<workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `"><sheets>` + sheets.String() + `</sheets></workbook>`},
	}
	if b.sst != "" {
		rels.WriteString(`<Relationship Id="rIdS" Type="` + relTypes + `sharedStrings" Target="sharedStrings.xml"/>`)
		parts = append(parts, zipPart{"xl/sharedStrings.xml", b.sst})
	}
	if b.styles != "" {
		rels.WriteString(`<Relationship Id="rIdT" Type="` + relTypes + `styles" Target="styles.xml"/>`)
		parts = append(parts, zipPart{"xl/styles.xml", b.styles})
	}
	parts = append(parts, zipPart{"xl/_rels/workbook.xml.rels",
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`})
	written := map[string]bool{"xl/sharedStrings.xml": b.sst != "", "xl/styles.xml": b.styles != ""}
	for _, sh := range b.sheets {
		if written[sh[1]] {
			continue
		}
		written[sh[1]] = true
		xml, ok := b.parts[sh[1]]
		if !ok {
			xml = limitSheet
		}
		parts = append(parts, zipPart{sh[1], xml})
	}
	return makeZip(t, append(parts, b.entries...)...)
}

// lowerLimits sets the bounds for one test and puts them back after it.
func lowerLimits(t *testing.T, set func()) {
	t.Helper()
	parts, unpack, formats, strs := partLimits, unpackLimit, cellFormatLimit, sharedStringLimit
	t.Cleanup(func() {
		partLimits, unpackLimit, cellFormatLimit, sharedStringLimit = parts, unpack, formats, strs
	})
	set()
}

func TestWorkbookBounds(t *testing.T) {
	set := parseSet(t, smallSet)
	sst := func(texts ...string) string {
		var b strings.Builder
		b.WriteString(`<sst xmlns="` + mainNS + `">`)
		for _, s := range texts {
			b.WriteString("<si><t>" + s + "</t></si>")
		}
		return b.String() + "</sst>"
	}
	styles := func(xfs int) string {
		return `<styleSheet xmlns="` + mainNS + `"><cellXfs>` + strings.Repeat(`<xf numFmtId="0"/>`, xfs) + `</cellXfs></styleSheet>`
	}
	bigSheet := limitSheet[:len(limitSheet)-len(`</sheetData></worksheet>`)] + strings.Repeat(`<row/>`, 1000) + `</sheetData></worksheet>`
	tests := []struct {
		name  string
		book  bookSpec
		lower func()
		want  string
	}{
		{
			// styles.xml is 52 + 18×10 + 25 = 257 bytes (counted by hand:
			// the root tag with its namespace, ten <xf numFmtId="0"/>, the
			// closing tags).
			name:  "styles larger than their bound",
			book:  bookSpec{styles: styles(10)},
			lower: func() { partLimits[partStyles] = 256 },
			want:  "w.xlsx: xl/styles.xml is larger than 256 bytes unpacked, the limit for one part of a workbook",
		},
		{
			name:  "shared strings larger than their bound",
			book:  bookSpec{sst: sst(strings.Repeat("x", 300))},
			lower: func() { partLimits[partStrings] = 300 },
			want:  "w.xlsx: xl/sharedStrings.xml is larger than 300 bytes unpacked, the limit for one part of a workbook",
		},
		{
			name:  "cell formats beyond their bound",
			book:  bookSpec{styles: styles(5)},
			lower: func() { cellFormatLimit = 4 },
			want:  "w.xlsx: xl/styles.xml defines more than 4 cell formats; Excel allows 64000",
		},
		{
			name:  "shared strings beyond their bound",
			book:  bookSpec{sst: sst("a", "b", "c")},
			lower: func() { sharedStringLimit = 2 },
			want:  "w.xlsx: xl/sharedStrings.xml holds more than 2 shared strings, the most a workbook is read with",
		},
		{
			// The bound falls in the middle of the third sheet: the
			// sheets are refused before any is read.
			name: "sheets that unpack to more than the bound together",
			book: bookSpec{
				sheets: [][2]string{{"A", "xl/worksheets/a.xml"}, {"B", "xl/worksheets/b.xml"}, {"C", "xl/worksheets/c.xml"}},
				parts:  map[string]string{"xl/worksheets/a.xml": bigSheet, "xl/worksheets/b.xml": limitSheet, "xl/worksheets/c.xml": limitSheet},
			},
			lower: func() { unpackLimit = 9000 }, // replaced below by the sizes of the parts
			want:  "w.xlsx: C: xl/worksheets/c.xml: with this part the parts read unpack to more than BOUND bytes, the limit for one workbook",
		},
		{
			name: "two sheets of one part",
			book: bookSpec{sheets: [][2]string{{"A", "xl/worksheets/sheet1.xml"}, {"B", "xl/worksheets/sheet1.xml"}}},
			want: `w.xlsx: the sheet "A" and the sheet "B" are the same part, xl/worksheets/sheet1.xml: in a workbook each has a part of its own`,
		},
		{
			name: "a sheet that is the shared strings",
			book: bookSpec{sst: sst("Projekt-ID"), sheets: [][2]string{{"A", "xl/sharedStrings.xml"}},
				parts: map[string]string{"xl/sharedStrings.xml": sst("Projekt-ID")}},
			want: `w.xlsx: the shared strings and the sheet "A" are the same part, xl/sharedStrings.xml: in a workbook each has a part of its own`,
		},
		{
			name: "an entry twice",
			book: bookSpec{entries: []zipPart{{"xl/worksheets/sheet1.xml", limitSheet}}},
			want: `w.xlsx: the zip holds two entries named "xl/worksheets/sheet1.xml": programs differ in which they read, so prio reads neither`,
		},
		{
			name: "entries whose names differ in case",
			book: bookSpec{entries: []zipPart{{"XL/Worksheets/Sheet1.xml", limitSheet}}},
			want: `w.xlsx: the zip holds two entries whose names differ only in case, "xl/worksheets/sheet1.xml" and "XL/Worksheets/Sheet1.xml": programs differ in which they read, so prio reads neither`,
		},
		{
			// A merge A1:XFD3 covers 3 × 16,384 = 49,152 cells of the
			// header rows; forty cover 1,966,080 = 4 × 30 × 16,384, the
			// bound; the forty-first passes it.
			name: "merges that overlap beyond reason",
			book: bookSpec{parts: map[string]string{"xl/worksheets/sheet1.xml": limitSheet[:len(limitSheet)-len(`</worksheet>`)] +
				`<mergeCells>` + strings.Repeat(`<mergeCell ref="A1:XFD3"/>`, 41) + `</mergeCells></worksheet>`}},
			want: "w.xlsx: Blad1: xl/worksheets/sheet1.xml: the merged ranges of the first 30 rows overlap, covering more cells than the rows have four times over",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.lower != nil {
				lowerLimits(t, tt.lower)
			}
			data := tt.book.build(t)
			want := tt.want
			if strings.Contains(want, "BOUND") {
				// All the parts but the last sheet, and half of it.
				zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
				if err != nil {
					t.Fatal(err)
				}
				unpackLimit = int64(len(limitSheet) / 2)
				for _, f := range zr.File {
					if f.Name != "xl/worksheets/c.xml" && f.Name != "[Content_Types].xml" {
						unpackLimit += int64(f.UncompressedSize64)
					}
				}
				want = strings.Replace(want, "BOUND", fmt.Sprint(unpackLimit), 1)
			}
			_, err := Read(set, []Source{{Path: "w.xlsx", Data: data}}, Options{})
			if err == nil || err.Error() != want {
				t.Errorf("got %v\nwant %s", err, want)
			}
		})
	}
}

// TestWorkbookBoundsNotReached: the same workbooks, within their bounds,
// read as usual.
func TestWorkbookBoundsNotReached(t *testing.T) {
	set := parseSet(t, smallSet)
	book := bookSpec{
		sst:    `<sst xmlns="` + mainNS + `"><si><t>a</t></si><si><t>b</t></si></sst>`,
		styles: `<styleSheet xmlns="` + mainNS + `"><cellXfs><xf numFmtId="0"/><xf numFmtId="9"/></cellXfs></styleSheet>`,
		sheets: [][2]string{{"A", "xl/worksheets/a.xml"}, {"B", "xl/worksheets/b.xml"}},
	}
	lowerLimits(t, func() { sharedStringLimit, cellFormatLimit = 2, 2 })
	p, err := Read(set, []Source{{Path: "w.xlsx", Data: book.build(t)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Investments) != 1 || p.Investments[0].ID != "L-1" || p.Inputs[0].Sheet != "A" {
		t.Errorf("investments %+v from sheet %q; want L-1 from A", p.Investments, p.Inputs[0].Sheet)
	}
}

// countingReaderAt counts the reads of a file that start at each offset.
type countingReaderAt struct {
	data   []byte
	starts map[int64]int
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	c.starts[off]++
	if off >= int64(len(c.data)) {
		return 0, io.EOF
	}
	n := copy(p, c.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// TestWorkbookPartsReadOnce: every part is unpacked at most once, but the
// sheet whose rows are read, twice (its header is found in the first pass,
// with the merges at the end of its part). Counted as the reads that start
// at the first byte of each part's compressed data: unpacking a part
// starts there, and nothing else does (the digest of the file reads it from
// its first byte, the zip's directory from its end).
func TestWorkbookPartsReadOnce(t *testing.T) {
	set := parseSet(t, smallSet)
	book := bookSpec{
		sst:    `<sst xmlns="` + mainNS + `"><si><t>a</t></si></sst>`,
		styles: `<styleSheet xmlns="` + mainNS + `"><cellXfs><xf numFmtId="0"/></cellXfs></styleSheet>`,
		sheets: [][2]string{{"A", "xl/worksheets/a.xml"}, {"B", "xl/worksheets/b.xml"}, {"C", "xl/worksheets/c.xml"}},
		parts: map[string]string{
			"xl/worksheets/b.xml": `<worksheet xmlns="` + mainNS + `"><sheetData/></worksheet>`,
			"xl/worksheets/c.xml": `<worksheet xmlns="` + mainNS + `"><sheetData/></worksheet>`,
		},
	}
	data := book.build(t)
	ra := &countingReaderAt{data: data, starts: make(map[int64]int)}
	in := input{path: "w.xlsx", ra: ra, size: int64(len(data))}
	p, err := readInputs(context.Background(), set, []input{in}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Investments) != 1 {
		t.Fatalf("investments %+v, want one", p.Investments)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		off, err := f.DataOffset()
		if err != nil {
			t.Fatal(err)
		}
		times := ra.starts[off]
		want := 1
		switch f.Name {
		case "[Content_Types].xml":
			want = 0
		case "xl/worksheets/a.xml":
			want = 2
		}
		if times != want {
			t.Errorf("%s unpacked %d times, want %d", f.Name, times, want)
		}
	}
}

// TestWorkbookLongText: a cell's text of more than maxSharedText bytes is
// not kept, inline or shared, and is an error at the cell; a row of more
// than maxRowText bytes of text is an error at the row, its further cells
// unread.
func TestWorkbookLongText(t *testing.T) {
	set := parseSet(t, smallSet)
	head := limitSheet[:strings.Index(limitSheet, `<row r="2">`)]
	inline := func(ref, text string) string {
		return `<c r="` + ref + `" t="inlineStr"><is><t>` + text + `</t></is></c>`
	}
	long := strings.Repeat("y", maxSharedText+1)
	// Cells of 30,000 four-byte characters, 120,000 bytes, each within a
	// cell's 32,767 characters: 70 of them are 8,400,000 bytes, more than
	// 8 MiB (8,388,608); the cell after that is not read.
	var wide strings.Builder
	for c := 4; c <= 75; c++ {
		wide.WriteString(inline(columnLetters(c)+"2", strings.Repeat("😀", 30000)))
	}
	// The same with Excel's escapes: 30,000 "_x20AC_" (€, three bytes)
	// are 90,000 bytes decoded; 94 such cells are 8,460,000 bytes, and the
	// 95th is not read.
	var escaped strings.Builder
	for c := 4; c <= 98; c++ {
		escaped.WriteString(inline(columnLetters(c)+"2", strings.Repeat("_x20AC_", 30000)))
	}
	tests := []struct {
		name string
		book bookSpec
		want string
	}{
		{"a row of escaped text", bookSpec{parts: map[string]string{"xl/worksheets/sheet1.xml": head +
			`<row r="2">` + inline("A2", "L-1") + inline("B2", "Alfa") + escaped.String() + `</row></sheetData></worksheet>`}},
			"w.xlsx: Blad1!2:2: the row holds more than 8 MiB of text, more than a portfolio's row"},
		{"inline", bookSpec{parts: map[string]string{"xl/worksheets/sheet1.xml": head +
			`<row r="2">` + inline("A2", "L-1") + inline("B2", long) + `</row></sheetData></worksheet>`}},
			"w.xlsx: Blad1!B2: the cell holds more than 32767 characters, the most a cell holds (Excel's limit)"},
		{"in rich text runs", bookSpec{parts: map[string]string{"xl/worksheets/sheet1.xml": head +
			`<row r="2">` + inline("A2", "L-1") + `<c r="B2" t="inlineStr"><is>` + strings.Repeat("<r><t>"+strings.Repeat("r", 64<<10)+"</t></r>", 5) +
			`</is></c></row></sheetData></worksheet>`}},
			"w.xlsx: Blad1!B2: the cell holds more than 32767 characters, the most a cell holds (Excel's limit)"},
		{"shared", bookSpec{sst: `<sst xmlns="` + mainNS + `"><si><t>` + long + `</t></si></sst>`,
			parts: map[string]string{"xl/worksheets/sheet1.xml": head +
				`<row r="2">` + inline("A2", "L-1") + `<c r="B2" t="s"><v>0</v></c></row></sheetData></worksheet>`}},
			"w.xlsx: Blad1!B2: the cell holds more than 32767 characters, the most a cell holds (Excel's limit)"},
		{"a row", bookSpec{parts: map[string]string{"xl/worksheets/sheet1.xml": head +
			`<row r="2">` + inline("A2", "L-1") + inline("B2", "Alfa") + wide.String() + `</row></sheetData></worksheet>`}},
			"w.xlsx: Blad1!2:2: the row holds more than 8 MiB of text, more than a portfolio's row"},
	}
	// Thirty rows of 150 cells of 4,000 bytes: 18,000,000 bytes of text,
	// more than the 16 MiB (16,777,216) the first rows may keep.
	var top strings.Builder
	top.WriteString(`<worksheet xmlns="` + mainNS + `"><sheetData>`)
	for r := 1; r <= 30; r++ {
		fmt.Fprintf(&top, `<row r="%d">`, r)
		for c := 1; c <= 150; c++ {
			top.WriteString(inline(columnLetters(c)+fmt.Sprint(r), strings.Repeat("h", 4000)))
		}
		top.WriteString(`</row>`)
	}
	top.WriteString(`</sheetData></worksheet>`)
	tests = append(tests, struct {
		name string
		book bookSpec
		want string
	}{"the first rows", bookSpec{parts: map[string]string{"xl/worksheets/sheet1.xml": top.String()}},
		"w.xlsx: Blad1: the first 30 rows hold more than 16 MiB of text, more than a header and the rows around it"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(set, []Source{{Path: "w.xlsx", Data: tt.book.build(t)}}, Options{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}
