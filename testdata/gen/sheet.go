package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// cellKind is what a generated cell holds, as Excel stores it.
type cellKind uint8

const (
	cEmpty   cellKind = iota
	cText             // a string (shared string table)
	cNum              // a number
	cBool             // TRUE or FALSE
	cDate             // an Excel date: a serial number with a date format
	cFormula          // a formula with its cached result: num, or errText
)

// cell is one cell of a generated sheet.
type cell struct {
	kind    cellKind
	text    string
	num     float64
	b       bool
	date    time.Time
	formula string // without "="
	errText string // a cached error result such as "#VALUE!"
	style   string // a key of styleDefs; "" for the kind's default
}

func text(s string) cell              { return cell{kind: cText, text: s} }
func num(x float64) cell              { return cell{kind: cNum, num: x} }
func boolean(b bool) cell             { return cell{kind: cBool, b: b} }
func date(t time.Time) cell           { return cell{kind: cDate, date: t} }
func (c cell) with(style string) cell { c.style = style; return c }

// merge is a merged range, in Excel references.
type merge struct{ from, to string }

// validation is a dropdown over a range, from a list on another sheet.
type validation struct{ sqref, list string }

// sheet is a generated worksheet.
type sheet struct {
	name        string
	rows        [][]cell // rows[0] is Excel row 1
	merges      []merge
	widths      []float64 // column widths from column A; 0 keeps the default
	validations []validation
	scaleRange  string // cells that take a whole number 1–5, or ""
	freezeRow   int    // rows above this one (1-based) stay in view; 0: none
	freezeCol   int    // columns left of this one (1-based) stay in view
	hidden      bool
}

// set puts a cell at a 1-based row and column, growing the grid.
func (s *sheet) set(row, col int, c cell) {
	for len(s.rows) < row {
		s.rows = append(s.rows, nil)
	}
	r := s.rows[row-1]
	for len(r) < col {
		r = append(r, cell{})
	}
	r[col-1] = c
	s.rows[row-1] = r
}

func (s *sheet) at(row, col int) cell {
	if row < 1 || row > len(s.rows) || col < 1 || col > len(s.rows[row-1]) {
		return cell{}
	}
	return s.rows[row-1][col-1]
}

// usedRange is the range from A1 to the last row and column that hold a
// value or a style, as Excel writes it in a sheet's <dimension>.
func (s *sheet) usedRange() string {
	rows, cols := 0, 0
	for r, row := range s.rows {
		for c, cl := range row {
			if cl.kind != cEmpty || cl.style != "" {
				rows, cols = max(rows, r+1), max(cols, c+1)
			}
		}
	}
	if rows == 0 || rows == 1 && cols == 1 {
		return "A1"
	}
	return "A1:" + ref(rows, cols)
}

// ref returns the Excel reference of a 1-based row and column.
func ref(row, col int) string {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		panic(err)
	}
	return name + strconv.Itoa(row)
}

func colName(col int) string {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		panic(err)
	}
	return name
}

// sumRange returns what Excel's SUM gives over a column's rows: the sum of
// the numbers (and numeric formula results), text and blanks ignored.
func (s *sheet) sumRange(col, first, last int) float64 {
	total := 0.0
	for row := first; row <= last; row++ {
		c := s.at(row, col)
		if c.kind == cNum || c.kind == cFormula && c.errText == "" {
			total += c.num
		}
	}
	return excelRound(total)
}

// excelRound rounds a calculated result to 15 significant digits, as Excel
// does when it stores one: 45.3 − 12.1 is saved as 33.2.
func excelRound(x float64) float64 {
	y, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	if err != nil || math.IsInf(y, 0) {
		panic(fmt.Sprintf("cannot round %v", x))
	}
	if y == 0 {
		return 0 // no -0
	}
	return y
}

// excelSerial returns the Excel (1900 system) serial number of a date after
// 1900-02-28.
func excelSerial(t time.Time) float64 {
	return float64(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// styleDefs are the cell styles of the generated workbooks, by key.
var styleDefs = map[string]*excelize.Style{
	"title":   {Font: &excelize.Font{Bold: true, Size: 14}},
	"note":    {Font: &excelize.Font{Italic: true}},
	"bold":    {Font: &excelize.Font{Bold: true}},
	"wrap":    {Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}},
	"header":  headerStyle(),
	"date":    {CustomNumFmt: ptr("yyyy-mm-dd")},
	"textfmt": {NumFmt: 49},
	"tkr":     {NumFmt: 3},
	"mnkr":    {CustomNumFmt: ptr("0.0")},
	"pct":     {NumFmt: 9},
	"int":     {NumFmt: 1},
	"sumtkr":  {NumFmt: 3, Font: &excelize.Font{Bold: true}},
	"summnkr": {CustomNumFmt: ptr("0.0"), Font: &excelize.Font{Bold: true}},
}

// styleOrder fixes the order styles are added in, so that their indices in
// styles.xml do not depend on map iteration.
var styleOrder = []string{"title", "note", "bold", "wrap", "header", "date", "textfmt", "tkr", "mnkr", "pct", "int", "sumtkr", "summnkr"}

func ptr[T any](x T) *T { return &x }

func headerStyle() *excelize.Style {
	var border []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		border = append(border, excelize.Border{Type: side, Color: "808080", Style: 1})
	}
	return &excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	}
}

// errorSentinel is written as the cached number of a formula whose cached
// result is an Excel error; the zip writer turns it into the error, as
// excelize has no call that stores one.
const errorSentinel = -987654321.5

// book is a generated workbook.
type book struct {
	sheets   []*sheet
	active   int    // index of the sheet shown on opening
	title    string // document title
	modified string // W3CDTF time for docProps/core.xml
}

// bytes writes the workbook. The result depends on nothing but the book:
// document times are fixed, zip entries come in excelize's sorted order with
// a fixed time stamp.
func (b *book) bytes() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	styles := make(map[string]int)
	for _, key := range styleOrder {
		id, err := f.NewStyle(styleDefs[key])
		if err != nil {
			return nil, fmt.Errorf("style %s: %w", key, err)
		}
		styles[key] = id
	}
	for i, sh := range b.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return nil, err
		}
		if err := writeSheet(f, sh, styles); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", sh.name, err)
		}
	}
	f.SetActiveSheet(b.active)
	for _, sh := range b.sheets {
		if sh.hidden {
			if err := f.SetSheetVisible(sh.name, false); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          b.title,
		Creator:        "prio testdata/gen",
		LastModifiedBy: "prio testdata/gen",
		Created:        b.modified,
		Modified:       b.modified,
		Language:       "sv-SE",
	}); err != nil {
		return nil, err
	}
	stamp, err := time.Parse(time.RFC3339, b.modified)
	if err != nil {
		return nil, err
	}
	// excelize names the part of the n-th sheet created sheetN.xml.
	dims := make(map[string]string)
	for i, sh := range b.sheets {
		dims[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = sh.usedRange()
	}
	var out bytes.Buffer
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newFixedZip(w, stamp, dims) })
	if _, err := f.WriteTo(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func writeSheet(f *excelize.File, sh *sheet, styles map[string]int) error {
	for col, w := range sh.widths {
		if w > 0 {
			if err := f.SetColWidth(sh.name, colName(col+1), colName(col+1), w); err != nil {
				return err
			}
		}
	}
	for r, row := range sh.rows {
		for c, cl := range row {
			if err := writeCell(f, sh.name, ref(r+1, c+1), cl, styles); err != nil {
				return err
			}
		}
	}
	for _, m := range sh.merges {
		if err := f.MergeCell(sh.name, m.from, m.to); err != nil {
			return err
		}
	}
	for _, v := range sh.validations {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = v.sqref
		dv.SetSqrefDropList(v.list)
		if err := f.AddDataValidation(sh.name, dv); err != nil {
			return err
		}
	}
	if sh.scaleRange != "" {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sh.scaleRange
		if err := dv.SetRange(1, 5, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleWarning, "Skala 1–5", "Ange ett heltal från 1 till 5.")
		if err := f.AddDataValidation(sh.name, dv); err != nil {
			return err
		}
	}
	if sh.freezeRow > 1 || sh.freezeCol > 1 {
		top := ref(max(sh.freezeRow, 1), max(sh.freezeCol, 1))
		if err := f.SetPanes(sh.name, &excelize.Panes{
			Freeze: true, XSplit: max(sh.freezeCol-1, 0), YSplit: max(sh.freezeRow-1, 0),
			TopLeftCell: top, ActivePane: "bottomRight",
			Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomRight"}},
		}); err != nil {
			return err
		}
	}
	return nil
}

func writeCell(f *excelize.File, name, at string, c cell, styles map[string]int) error {
	style := c.style
	var err error
	switch c.kind {
	case cEmpty:
		if style == "" {
			return nil
		}
	case cText:
		err = f.SetCellStr(name, at, c.text)
	case cNum:
		err = f.SetCellFloat(name, at, c.num, -1, 64)
	case cBool:
		err = f.SetCellBool(name, at, c.b)
	case cDate:
		err = f.SetCellFloat(name, at, excelSerial(c.date), -1, 64)
		if style == "" {
			style = "date"
		}
	case cFormula:
		// The value first: setting a value removes a cell's formula, while
		// setting a formula keeps the value, which Excel reads as the
		// formula's cached result.
		v := c.num
		if c.errText != "" {
			if c.errText != "#VALUE!" {
				return fmt.Errorf("%s: only #VALUE! can be stored as a cached error", at)
			}
			v = errorSentinel
		}
		if err = f.SetCellFloat(name, at, v, -1, 64); err == nil {
			err = f.SetCellFormula(name, at, c.formula)
		}
	}
	if err != nil {
		return err
	}
	if style != "" {
		id, ok := styles[style]
		if !ok {
			return fmt.Errorf("%s: unknown style %q", at, style)
		}
		return f.SetCellStyle(name, at, at, id)
	}
	return nil
}

// fixedZip is the zip writer given to excelize. It gives every entry the
// same time stamp and mends what excelize writes unlike Excel in the sheet
// XML: a formula cell's cached number is stored as a number (excelize marks
// every formula result t="str", a string), errorSentinel becomes the error
// result #VALUE! (excelize has no call that stores an error), and the
// <dimension> holds the used range (excelize leaves it at A1). Entries are
// buffered whole, which these small workbooks allow.
type fixedZip struct {
	zw    *zip.Writer
	stamp time.Time
	dims  map[string]string // sheet part → used range
	name  string
	buf   bytes.Buffer
	open  bool
}

func newFixedZip(w io.Writer, stamp time.Time, dims map[string]string) *fixedZip {
	return &fixedZip{zw: zip.NewWriter(w), stamp: stamp, dims: dims}
}

func (z *fixedZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	z.name, z.open = name, true
	z.buf.Reset()
	return &z.buf, nil
}

// AddFS is part of excelize.ZipWriter; excelize does not call it.
func (z *fixedZip) AddFS(fs.FS) error { return fmt.Errorf("AddFS is not supported") }

func (z *fixedZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.Close()
}

var (
	formulaCell  = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="str"><f>([^<]*)</f><v>([^<]*)</v></c>`)
	sentinelText = strconv.FormatFloat(errorSentinel, 'f', -1, 64)
)

func (z *fixedZip) flush() error {
	if !z.open {
		return nil
	}
	z.open = false
	data := z.buf.Bytes()
	if dim, ok := z.dims[z.name]; ok {
		var err error
		if data, err = mendSheet(data, dim); err != nil {
			return fmt.Errorf("%s: %w", z.name, err)
		}
	}
	w, err := z.zw.CreateHeader(&zip.FileHeader{Name: z.name, Method: zip.Deflate, Modified: z.stamp})
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// mendSheet makes a sheet part's formula results and dimension what Excel
// would have written.
func mendSheet(data []byte, dim string) ([]byte, error) {
	const excelizeDim = `<dimension ref="A1"></dimension>`
	if bytes.Count(data, []byte(excelizeDim)) != 1 {
		return nil, fmt.Errorf("no %s to replace", excelizeDim)
	}
	data = bytes.Replace(data, []byte(excelizeDim), []byte(`<dimension ref="`+dim+`"></dimension>`), 1)
	var bad error
	data = formulaCell.ReplaceAllFunc(data, func(c []byte) []byte {
		m := formulaCell.FindSubmatch(c)
		ref, style, formula, value := m[1], m[2], m[3], string(m[4])
		if value == sentinelText {
			return fmt.Appendf(nil, `<c r="%s"%s t="e"><f>%s</f><v>#VALUE!</v></c>`, ref, style, formula)
		}
		if _, err := strconv.ParseFloat(value, 64); err != nil {
			bad = fmt.Errorf("%s: formula result %q is not a number", ref, value)
		}
		return fmt.Appendf(nil, `<c r="%s"%s><f>%s</f><v>%s</v></c>`, ref, style, formula, value)
	})
	if bad != nil {
		return nil, bad
	}
	if bytes.Contains(data, []byte(`t="str"`)) || bytes.Contains(data, []byte(sentinelText)) {
		return nil, fmt.Errorf("a formula cell was not mended")
	}
	return data, nil
}
