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
// work too, and taking each cell's raw stored value, never a formatted one.
// Formulas a file holds without a saved result (files written by other
// tools) are calculated by formulaBook (formula*.go), which reads only the
// cells they refer to; excelize, whose calculation opens the whole
// workbook without bounds, is used only in the tests, to write workbooks.

import (
	"archive/zip"
	"errors"
	"io"
	"strings"

	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
)

// xlsxFile is one workbook being read.
type xlsxFile struct {
	fr   *fileReader
	wb   *workbook
	book *formulaBook // calculates formulas without a saved result
}

// readXLSX reads a workbook: chooses the sheet, finds its header and reads
// its rows.
func (fr *fileReader) readXLSX(_ io.ReaderAt, _ int64, zr *zip.Reader) {
	z, err := newWorkbookZip(fr.ctx, zr)
	var wb *workbook
	if err == nil {
		wb, err = openWorkbook(z)
	}
	var limit limitError
	switch {
	case errors.As(err, &limit):
		fr.errs.add(portfolio.Cell{File: fr.file}, limit)
		return
	case err != nil:
		fr.fileErr("a damaged workbook: %v", err)
		return
	}
	fr.opts.Date1904 = wb.date1904
	fr.shared = wb.strings
	x := &xlsxFile{fr: fr, wb: wb, book: newFormulaBook(wb, fr.opts)}
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

func sheetNames(sheets []*sheetInfo) any {
	if len(sheets) == 0 {
		return messages.T("none")
	}
	const max = 20
	var names []string
	for i, sh := range sheets {
		if i == max {
			return messages.M("%s, and %d more", strings.Join(names, ", "), len(sheets)-max)
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
		x.fr.errs.add(cell, limit)
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
			return nil, errBuildsTooMuch{messages.M("the first %d rows hold more than %d MiB of text, more than a header and the rows around it", HeaderRows, maxHeaderAreaText>>20)}
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
//
// The sheet's XML is unpacked and parsed on one goroutine (rowBatches)
// while this one turns the rows into investments: each is about half the
// work, so that on two cores a large sheet is read in about half the time.
// The rows, their problems and so every message come in the sheet's order,
// whatever the scheduling: the output does not depend on it.
func (x *xlsxFile) readRows(sh *sheetInfo, first int) {
	fr := x.fr
	rc, err := x.wb.zip.reopen(sh.part)
	if err != nil {
		x.sheetErr(sh, err)
		return
	}
	defer rc.Close()
	ahead := newAheadReader(rc)
	defer ahead.close() // before rc.Close
	s := newSheetReader(ahead, x.wb, x.calculator(sh), first, maxRows)
	batches, free := make(chan *rowBatch, maxBatches), make(chan *rowBatch, maxBatches)
	go s.rowBatches(batches, free)
	row := 0
	pos := func(c int) portfolio.Cell {
		return portfolio.Cell{File: fr.file, Sheet: sh.name, Row: row, Col: c + 1}
	}
	for b := range batches {
		for _, r := range b.rows {
			row = r.row
			for _, p := range b.problems[r.problems[0]:r.problems[1]] {
				fr.errs.add(portfolio.Cell{File: fr.file, Sheet: sh.name, Row: p.row, Col: p.col}, p.msg)
			}
			fr.readRow(b.cells[r.cells[0]:r.cells[1]:r.cells[1]], pos, portfolio.Cell{File: fr.file, Sheet: sh.name, Row: row})
		}
		free <- b
	}
	// rowBatches has closed batches after its last use of s.
	if s.err != nil {
		x.sheetErr(sh, s.err)
	}
}

// rowBatch is rows a sheet reader has read, handed from the goroutine that
// reads them to the one that turns them into investments. Their cells'
// texts are views of text (or the shared strings'), which the reader does
// not write to again until the batch comes back to it.
type rowBatch struct {
	rows     []batchRow
	cells    []RawCell
	problems []cellProblem
	text     []byte
}

// batchRow is a row of a batch: its Excel row number and where its cells
// and problems are in the batch's.
type batchRow struct {
	row             int
	cells, problems [2]int
}

// Bounds of a batch: rows, and bytes of text (past which a row still
// completes the batch).
const (
	batchRows  = 512
	batchText  = 256 << 10
	maxBatches = 4
)

// rowBatches reads the sheet's rows into batches sent on out, and closes
// it at the end (s.err then tells why it stopped). A batch the receiver is
// done with comes back on free, to be filled again; at most maxBatches
// are in use, so the rows read ahead are bounded; free holds them
// all.
func (s *sheetReader) rowBatches(out chan<- *rowBatch, free chan *rowBatch) {
	defer close(out)
	s.keepRowsText = true
	made := 0
	fresh := func() *rowBatch {
		select {
		case b := <-free:
			b.rows, b.cells, b.problems, b.text = b.rows[:0], b.cells[:0], b.problems[:0], b.text[:0]
			return b
		default:
		}
		if made < maxBatches {
			made++
			return &rowBatch{}
		}
		b := <-free
		b.rows, b.cells, b.problems, b.text = b.rows[:0], b.cells[:0], b.problems[:0], b.text[:0]
		return b
	}
	b := fresh()
	s.text = b.text
	for s.next() {
		r := batchRow{row: s.row}
		r.cells[0] = len(b.cells)
		b.cells = append(b.cells, s.cells...)
		r.cells[1] = len(b.cells)
		r.problems[0] = len(b.problems)
		b.problems = append(b.problems, s.problems...)
		r.problems[1] = len(b.problems)
		b.rows = append(b.rows, r)
		if len(b.rows) >= batchRows || len(s.text) >= batchText {
			// The texts of the batch's rows stay in its buffer (the
			// views made before it grew keep the arrays they were made
			// of, which nothing writes to again).
			b.text = s.text
			out <- b
			b = fresh()
			s.text = b.text
		}
	}
	if len(b.rows) > 0 {
		b.text = s.text
		out <- b
	}
}

// calculator calculates formulas without a saved result on a sheet.
func (x *xlsxFile) calculator(sh *sheetInfo) formulaHook {
	return sheetFormulas{book: x.book, part: x.book.partOf(sh)}
}
