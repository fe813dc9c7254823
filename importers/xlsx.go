package importers

// The Excel workbook reader (.xlsx, .xlsm).
//
// Why a streaming sheet reader of our own: excelize's streaming Rows()
// iterator gives every cell as a string. It drops the cell's type (number,
// text, boolean, error value), so that a number stored as text could not be
// told from a number, nor an error value from text, and it cannot tell a
// formula without a saved result from an empty cell. Its typed API
// (GetCellType, GetCellFormula, GetMergeCells) loads the whole worksheet
// into memory, which a 100,000-row workbook cannot afford. So the parts are
// read here with archive/zip and the sheet XML streamed with xmlScanner
// (encoding/xml's RawToken without its garbage; see xlsx_scan.go), matching
// local names only so that a prefixed namespace (<x:c>) and strict OOXML
// work too, and taking each cell's raw stored value, never a formatted one. excelize is used for what it does well: calculating the
// formulas a file holds without a saved result (files written by other
// tools), opened lazily when the first such cell is met; and, in the tests,
// writing workbooks.

import (
	"archive/zip"
	"errors"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
)

// xlsxFile is one workbook being read.
type xlsxFile struct {
	fr   *fileReader
	wb   *workbook
	calc *xlsxCalc
}

// readXLSX reads a workbook: chooses the sheet, finds its header and reads
// its rows.
func (fr *fileReader) readXLSX(ra io.ReaderAt, size int64, zr *zip.Reader) {
	z, err := newWorkbookZip(fr.ctx, zr)
	var wb *workbook
	if err == nil {
		wb, err = openWorkbook(z)
	}
	var limit limitError
	switch {
	case errors.As(err, &limit):
		fr.errs.add(portfolio.Cell{File: fr.file}, limit.Error())
		return
	case err != nil:
		fr.fileErr("a damaged workbook: %v", err)
		return
	}
	x := &xlsxFile{fr: fr, wb: wb, calc: &xlsxCalc{ra: ra, size: size}}
	defer x.calc.close()
	fr.opts.Date1904 = wb.date1904
	fr.shared = wb.strings
	x.read()
}

// sheetHeader is what looking at the top of a sheet found.
type sheetHeader struct {
	sheet    *sheetInfo
	header   *Header // nil when the sheet cannot be read
	problems []HeaderProblem
	matched  int           // fields named by the best row
	cells    []cellProblem // problems of cells in the first rows
}

func (x *xlsxFile) read() {
	fr := x.fr
	var worksheets []*sheetInfo
	for i := range x.wb.sheets {
		if x.wb.sheets[i].kind == worksheet {
			worksheets = append(worksheets, &x.wb.sheets[i])
		}
	}
	var best *sheetHeader
	// The sheets looked at are accounted for before any is unpacked, so
	// that sheets that unpack to too much together are refused at once.
	lookAt := worksheets
	if fr.opts.Sheet != "" {
		lookAt = nil
		if sh := x.findSheet(fr.opts.Sheet); sh != nil && sh.kind == worksheet {
			lookAt = []*sheetInfo{sh}
		}
	}
	for _, sh := range lookAt {
		if err := x.wb.zip.account(sh.part, partSheet); err != nil {
			x.sheetErr(sh, err)
			return
		}
	}
	if fr.opts.Sheet != "" {
		sh := x.findSheet(fr.opts.Sheet)
		switch {
		case sh == nil:
			fr.fileErr("no sheet is named %s (the sheets are %s)", quote(fr.opts.Sheet), sheetNames(worksheets))
			return
		case sh.kind != worksheet:
			fr.fileErr("the sheet %s is a chart or another sheet without cells (the sheets are %s)", quote(sh.name), sheetNames(worksheets))
			return
		}
		hd, err := x.lookAtSheet(sh)
		if err != nil {
			x.sheetErr(sh, err)
			return
		}
		best = hd
	} else {
		if len(worksheets) == 0 {
			fr.fileErr("the workbook has no sheet of cells")
			return
		}
		for _, sh := range worksheets {
			hd, err := x.lookAtSheet(sh)
			if err != nil {
				x.sheetErr(sh, err)
				return
			}
			if better(hd, best) {
				best = hd
			}
		}
	}
	sheet := best.sheet
	fr.p.Inputs[fr.input].Sheet = sheet.name
	if best.matched == 0 {
		lookedFor := newHeaderMatcher(fr.fields).lookedFor()
		if len(worksheets) == 1 || fr.opts.Sheet != "" {
			fr.errs.addf(portfolio.Cell{File: fr.file, Sheet: sheet.name},
				"no header row in the first %d rows: none names a field (looked for %s)", HeaderRows, lookedFor)
		} else {
			fr.fileErr("no sheet has a header row in its first %d rows: none names a field (looked at the sheets %s; looked for %s)",
				HeaderRows, sheetNames(worksheets), lookedFor)
		}
		return
	}
	cellAt := func(row, col int) portfolio.Cell {
		return portfolio.Cell{File: fr.file, Sheet: sheet.name, Row: row + 1, Col: col + 1}
	}
	fr.addHeaderProblems(best.problems, cellAt)
	h := best.header
	if h == nil {
		return
	}
	fr.setHeader(h)
	top := h.Row
	if h.GroupRow >= 0 {
		top = min(top, h.GroupRow)
	}
	// Problems of cells in the header rows; data rows are read below.
	for _, p := range best.cells {
		if p.row >= top+1 && p.row <= h.DataRow {
			fr.errs.add(portfolio.Cell{File: fr.file, Sheet: sheet.name, Row: p.row, Col: p.col}, p.msg)
		}
	}
	x.readRows(sheet, h.DataRow+1)
}

// better reports whether a sheet's header beats the best so far: it names
// more fields, and a visible sheet beats a hidden one. On a tie the first
// sheet stays.
func better(hd, best *sheetHeader) bool {
	if best == nil {
		return true
	}
	if hd.matched == 0 || best.matched == 0 {
		return hd.matched > best.matched
	}
	if hd.sheet.hidden != best.sheet.hidden {
		return !hd.sheet.hidden
	}
	return hd.matched > best.matched
}

// findSheet finds a sheet by its name, or else by its name in any case (Excel
// does not let two sheets' names differ only in case).
func (x *xlsxFile) findSheet(name string) *sheetInfo {
	for i := range x.wb.sheets {
		if x.wb.sheets[i].name == name {
			return &x.wb.sheets[i]
		}
	}
	for i := range x.wb.sheets {
		if strings.EqualFold(x.wb.sheets[i].name, name) {
			return &x.wb.sheets[i]
		}
	}
	return nil
}

func sheetNames(sheets []*sheetInfo) string {
	if len(sheets) == 0 {
		return messages.T("none")
	}
	const max = 20
	var names []string
	for i, sh := range sheets {
		if i == max {
			names = append(names, messages.Sprintf("and %d more", len(sheets)-max))
			break
		}
		names = append(names, quote(sh.name))
	}
	return strings.Join(names, ", ")
}

// sheetErr reports a sheet whose XML cannot be read.
func (x *xlsxFile) sheetErr(sh *sheetInfo, err error) {
	cell := portfolio.Cell{File: x.fr.file, Sheet: sh.name}
	var limit limitError
	if errors.As(err, &limit) {
		x.fr.errs.add(cell, limit.Error())
		return
	}
	x.fr.errs.addf(cell, "a damaged sheet: %v", xmlError(sh.part, err))
}

// lookAtSheet reads the first HeaderRows rows of a sheet and its merges, in
// one pass over the part, and detects its header.
func (x *xlsxFile) lookAtSheet(sh *sheetInfo) (*sheetHeader, error) {
	hd := &sheetHeader{sheet: sh}
	rc, err := x.wb.zip.open(sh.part, partSheet)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	s := newSheetReader(rc, x.wb, x.calculator(sh), 1, HeaderRows)
	var rows [][]RawCell
	kept := 0 // bytes of text kept of the first rows
	for s.next() {
		for len(rows) < s.row {
			rows = append(rows, nil)
		}
		row := append([]RawCell(nil), s.cells...)
		for i := range row {
			// Kept past the row: not a view of the reader's buffer. A
			// text of the shared-string table stays as it is.
			if !x.wb.strings.holds(row[i].Text) {
				row[i].Text = strings.Clone(headerText(row[i].Text))
				kept += len(row[i].Text)
			}
		}
		if kept > maxHeaderAreaText {
			return nil, errBuildsTooMuch{messages.Sprintf("the first %d rows hold more than %d MiB of text, more than a header and the rows around it", HeaderRows, maxHeaderAreaText>>20)}
		}
		rows[s.row-1] = row
		hd.cells = append(hd.cells, s.problems...)
	}
	if s.err != nil {
		return nil, s.err
	}
	// The merges follow the rows: the rest of the part, from where the
	// rows stopped.
	merges, err := scanMerges(s.z.rest(), sh.part)
	if err != nil {
		return nil, err
	}
	hd.header, hd.problems, hd.matched = detectHeader(HeaderInput{
		Rows:       rows,
		Merges:     merges,
		ColumnName: func(c int) string { return columnLetters(c + 1) },
	}, x.fr.fields)
	return hd, nil
}

// readRows reads the rows of the sheet from Excel row first on.
func (x *xlsxFile) readRows(sh *sheetInfo, first int) {
	fr := x.fr
	rc, err := x.wb.zip.reopen(sh.part)
	if err != nil {
		x.sheetErr(sh, err)
		return
	}
	defer rc.Close()
	s := newSheetReader(rc, x.wb, x.calculator(sh), first, maxRows)
	pos := func(c int) portfolio.Cell {
		return portfolio.Cell{File: fr.file, Sheet: sh.name, Row: s.row, Col: c + 1}
	}
	for s.next() {
		for _, p := range s.problems {
			fr.errs.add(portfolio.Cell{File: fr.file, Sheet: sh.name, Row: p.row, Col: p.col}, p.msg)
		}
		fr.readRow(s.cells, pos, portfolio.Cell{File: fr.file, Sheet: sh.name, Row: s.row})
	}
	if s.err != nil {
		x.sheetErr(sh, s.err)
	}
}

// calculator calculates formulas without a saved result on a sheet.
func (x *xlsxFile) calculator(sh *sheetInfo) formulaCalculator {
	return func(ref, formula string, percent bool) (RawCell, error) {
		return x.calc.cell(sh.name, ref, formula, percent)
	}
}

// xlsxCalc calculates formulas with excelize, which opens the whole
// workbook: only done when a cell needs it.
type xlsxCalc struct {
	ra      io.ReaderAt // the workbook's bytes
	size    int64
	f       *excelize.File
	openErr error
}

// excelErrors are the error values Excel gives formulas.
var excelErrors = map[string]bool{
	"#DIV/0!": true, "#REF!": true, "#N/A": true, "#VALUE!": true, "#NAME?": true, "#NUM!": true, "#NULL!": true,
	"#GETTING_DATA": true, "#SPILL!": true, "#CALC!": true, "#FIELD!": true, "#BLOCKED!": true, "#CONNECT!": true, "#BUSY!": true, "#UNKNOWN!": true,
}

// cell calculates the formula of one cell. An Excel error value is a
// CellError; a plain number a CellNumber; anything else CellText. A
// calculation that fails is an error.
func (c *xlsxCalc) cell(sheet, ref, formula string, percent bool) (cell RawCell, err error) {
	fail := func(why string) error {
		text := formulaText(formula)
		if formula == "" && c.f != nil {
			if f, err := c.getFormula(sheet, ref); err == nil && f != "" {
				text = "=" + f
			}
		}
		return messages.Errorf("the formula %s has no saved result and could not be calculated (%s)", text, why)
	}
	if c.f == nil && c.openErr == nil {
		c.open()
	}
	if c.openErr != nil {
		return RawCell{}, fail(c.openErr.Error())
	}
	result, calcErr := c.calcCell(sheet, ref)
	if calcErr != nil {
		if code := strings.TrimSpace(calcErr.Error()); excelErrors[code] {
			return RawCell{Kind: CellError, Text: code}, nil
		}
		return RawCell{}, fail(calcErr.Error())
	}
	trimmed := strings.TrimSpace(result)
	switch {
	case excelErrors[trimmed]:
		return RawCell{Kind: CellError, Text: trimmed}, nil
	case strings.EqualFold(strings.TrimLeft(trimmed, "+-"), "INF"), strings.EqualFold(trimmed, "NaN"):
		// Beyond float64: Excel says #NUM!.
		return RawCell{Kind: CellError, Text: "#NUM!"}, nil
	}
	if _, ok := parseRawNumber(trimmed); ok {
		return RawCell{Kind: CellNumber, Text: trimmed, Percent: percent}, nil
	}
	return textCell(result), nil
}

func (c *xlsxCalc) open() {
	defer func() {
		if r := recover(); r != nil {
			c.f, c.openErr = nil, messages.Errorf("excelize failed: %v", r)
		}
	}()
	f, err := excelize.OpenReader(io.NewSectionReader(c.ra, 0, c.size), excelize.Options{
		UnzipSizeLimit:    maxPartSize,
		UnzipXMLSizeLimit: 16 << 20,
	})
	if err != nil {
		c.openErr = err
		return
	}
	c.f = f
}

func (c *xlsxCalc) calcCell(sheet, ref string) (result string, err error) {
	defer func() {
		if r := recover(); r != nil {
			result, err = "", messages.Errorf("excelize failed: %v", r)
		}
	}()
	return c.f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
}

func (c *xlsxCalc) getFormula(sheet, ref string) (f string, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = "", errors.New("excelize failed") // not a message: only tells the caller to keep the formula it has
		}
	}()
	return c.f.GetCellFormula(sheet, ref)
}

func (c *xlsxCalc) close() {
	if c.f != nil {
		c.f.Close()
	}
}
