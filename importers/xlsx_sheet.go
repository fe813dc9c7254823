package importers

import (
	"bytes"
	"encoding/xml"
	"io"
	"unsafe"

	"github.com/prio-tool/prio/messages"
)

// cellProblem is a problem with one cell (Col from 1) or one row (Col 0) of
// a sheet, found while reading it.
type cellProblem struct {
	row, col int
	msg      any
}

// formulaHook is told, at the end of each row read, of the row's formula
// cells without a saved result (sheetReader.pending): sheetFormulas
// calculates them, formulaCollector keeps them for the workbook's
// calculation.
type formulaHook interface {
	rowFormulas(s *sheetReader)
}

// pendingFormula is a formula cell without a saved result in the current
// row.
type pendingFormula struct {
	col     int // from 1
	src     formulaSource
	percent bool // the cell's number format shows a percentage
	bad     any  // why it cannot be calculated, known already
}

// sharedFormula is the formula of a shared formula's first cell, which the
// other cells of its range take, moved.
type sharedFormula struct {
	text     string
	row, col int
}

// Bounds on the shared formulas a sheet reader keeps to give the cells
// that share them their formulas: Excel writes one for each block of
// cells filled with one formula.
const (
	maxSharedFormulas    = 1 << 20
	maxSharedFormulaText = 64 << 20
)

// sheetReader streams the rows of a worksheet's XML. Only <row> elements
// are read, so rows that are absent cost nothing, however far down the used
// range reaches. Each row's cells are in one slice reused from row to row,
// and so is their text: a cell's Text is valid until the next call of next
// (see view); what is kept beyond that must be copied.
type sheetReader struct {
	z       *xmlScanner
	strings *sharedStrings // the workbook's shared strings
	percent []bool         // by style index: a percent number format
	calc    formulaHook    // nil: a formula without a saved result is a problem

	// from and to bound the rows whose cells are read (Excel row numbers);
	// other rows are passed over, and reading stops after row to.
	from, to int

	row   int       // the Excel row number of the current row
	cells []RawCell // the current row's cells, by column from 0
	text  []byte    // the bytes of the current row's cell texts; see view
	// keepRowsText keeps the texts of earlier rows in text, which the caller
	// then replaces between rows (see rowBatches): rowText is where the
	// current row's text starts.
	keepRowsText bool
	rowText      int
	problems     []cellProblem
	err          error // the XML is broken; reading stopped

	inData, done bool
	inRow        bool
	prevRow      int
	rowSet       bool // the current row's number is known
	col          int  // the previous cell's column, from 1

	// the current cell
	inCell            bool
	cellCol           int
	cellStyle         int
	cellType          byte // 0 number, 's', 'i' inline string, 'c' str, 'b', 'e', 'd'
	hasV, hasF        bool
	cut, rowCut       bool // the cell's text, the row's, is too long to keep (see keepText)
	inV, inF, inIS    bool
	inT               bool
	rPh               int
	value, formula, t []byte
	fType             byte // of the cell's <f>: 0 normal, 's' shared, 'a' array, 'd' data table
	fSI               int  // a shared formula's index (si), -1 when none
	fMaster           bool // the <f> gives the shared formula's text and range

	pending    []pendingFormula // the current row's formula cells without a saved result
	shared     map[int]sharedFormula
	sharedText int // the bytes of text kept in shared
}

func newSheetReader(r io.Reader, wb *workbook, calc formulaHook, from, to int) *sheetReader {
	return &sheetReader{
		z:       newXMLScanner(r),
		strings: wb.strings,
		percent: wb.percent,
		calc:    calc,
		from:    from,
		to:      to,
	}
}

// reading reports whether the current row's cells are wanted.
func (s *sheetReader) reading() bool { return s.row >= s.from && s.row <= s.to }

// next reads the next row; false at the end of the sheet's data, after row
// s.to, or when the XML is broken (s.err).
func (s *sheetReader) next() bool {
	if s.done {
		return false
	}
	s.problems = s.problems[:0]
	z := s.z
	for {
		if err := z.next(); err != nil {
			if err != io.EOF {
				s.err = err
			} else if s.inData {
				// Start and end tags are not matched (as by RawToken): a
				// sheet that stops inside <sheetData> is cut short.
				s.err = &xml.SyntaxError{Msg: "unexpected EOF", Line: z.line()}
			}
			s.done = true
			return false
		}
		switch z.kind {
		case xmlStart:
			switch string(z.local) {
			case "sheetData":
				s.inData = true
			case "row":
				if s.inData {
					s.startRow(z.attrs)
					if s.rowSet && s.row > s.to {
						s.done = true
						return false
					}
				}
			case "c":
				if s.inRow {
					s.startCell(z.attrs)
				}
			case "v":
				if s.inCell {
					s.inV, s.hasV = true, true
					s.value = s.value[:0]
				}
			case "f":
				if s.inCell {
					s.inF, s.hasF = true, true
					s.formula = s.formula[:0]
					s.startFormula(z.attrs)
				}
			case "is":
				if s.inCell {
					s.inIS = true
					s.t = s.t[:0]
				}
			case "rPh":
				s.rPh++
			case "t":
				s.inT = s.inIS && s.rPh == 0
			}
		case xmlEnd:
			switch string(z.local) {
			case "row":
				if s.inRow {
					s.inRow = false
					if !s.rowSet {
						s.row = s.prevRow + 1
						s.rowSet = true
					}
					s.prevRow = s.row
					if s.row > s.to {
						s.done = true
						return false
					}
					if s.reading() {
						if len(s.pending) > 0 {
							s.rowFormulas()
						}
						return true
					}
					s.problems = s.problems[:0]
				}
			case "sheetData":
				s.done = true
				return false
			case "c":
				if s.inCell {
					s.endCell()
				}
			case "v":
				s.inV = false
			case "f":
				s.inF = false
			case "is":
				s.inIS = false
			case "rPh":
				s.rPh = max(s.rPh-1, 0)
			case "t":
				s.inT = false
			}
		case xmlText:
			switch {
			case (s.inV || s.inT || s.inF) && !s.keepText(len(z.text)):
			case s.inV:
				s.value = append(s.value, z.text...)
			case s.inT:
				s.t = append(s.t, z.text...)
			case s.inF:
				// Kept up to a length that is surely beyond Excel's
				// limit (of characters, each at most 4 bytes): enough to
				// refuse it, without holding all of a hostile one.
				if n := 4*maxFormulaChars + 1 - len(s.formula); n > 0 {
					s.formula = append(s.formula, z.text[:min(n, len(z.text))]...)
				}
			}
		}
	}
}

// problem records a problem of the catalogue at a cell of the current row.
func (s *sheetReader) problem(col int, format string, args ...any) {
	s.addProblem(col, messages.M(format, args...))
}

// addProblem records a message already made.
func (s *sheetReader) addProblem(col int, msg any) {
	s.problems = append(s.problems, cellProblem{row: s.row, col: col, msg: msg})
}

func (s *sheetReader) startRow(attrs []xmlAttr) {
	s.inRow = true
	s.cells = s.cells[:0]
	s.pending = s.pending[:0]
	if s.keepRowsText {
		s.rowText = len(s.text)
	} else {
		s.text = s.text[:0] // the previous row's cells are done with
	}
	s.rowCut = false
	s.col = 0
	s.rowSet = false
	s.inCell = false
	if r := scanAttr(attrs, "r"); len(r) > 0 {
		n, ok := parseUint(r)
		if !ok || n < 1 || n > maxRows {
			s.row = s.prevRow + 1
			s.rowSet = true
			s.problem(0, "a row number %s that is not valid", quote(string(r)))
			return
		}
		s.row, s.rowSet = n, true
	}
}

func (s *sheetReader) startCell(attrs []xmlAttr) {
	s.inCell = true
	s.hasV, s.hasF, s.cut = false, false, false
	s.inV, s.inF, s.inIS, s.inT, s.rPh = false, false, false, false, 0
	s.value, s.formula, s.t = s.value[:0], s.formula[:0], s.t[:0]
	s.cellType, s.cellStyle = 0, 0
	s.fType, s.fSI, s.fMaster = 0, -1, false
	var ref []byte
	for _, a := range attrs {
		switch string(a.local) {
		case "r":
			ref = a.value
		case "s":
			if n, ok := parseUint(a.value); ok {
				s.cellStyle = n
			}
		case "t":
			switch string(a.value) {
			case "s":
				s.cellType = 's'
			case "inlineStr":
				s.cellType = 'i'
			case "str":
				s.cellType = 'c'
			case "b":
				s.cellType = 'b'
			case "e":
				s.cellType = 'e'
			case "d":
				s.cellType = 'd'
			}
		}
	}
	col := s.col + 1
	if len(ref) > 0 {
		c, r, ok := parseCellRef(ref)
		switch {
		case !ok:
			if !s.rowSet {
				s.row, s.rowSet = s.prevRow+1, true
			}
			s.problem(col, "a cell reference %s that is not valid", quote(string(ref)))
		default:
			col = c
			if !s.rowSet {
				s.row, s.rowSet = r, true
			}
		}
	}
	if !s.rowSet {
		s.row, s.rowSet = s.prevRow+1, true
	}
	s.col = col
	s.cellCol = col
	if col > maxCols {
		s.inCell = false
		s.problem(0, "a cell beyond column %s, the last Excel has", "XFD")
	}
}

// startFormula reads the attributes of a cell's <f>.
func (s *sheetReader) startFormula(attrs []xmlAttr) {
	for _, a := range attrs {
		switch string(a.local) {
		case "t":
			switch string(a.value) {
			case "shared":
				s.fType = 's'
			case "array":
				s.fType = 'a'
			case "dataTable":
				s.fType = 'd'
			}
		case "si":
			if n, ok := parseUint(a.value); ok {
				s.fSI = n
			}
		case "ref":
			s.fMaster = len(a.value) > 0
		}
	}
}

// endCell turns the cell just read into a RawCell.
func (s *sheetReader) endCell() {
	s.inCell = false
	if s.hasF && s.fType == 's' && s.fMaster && s.fSI >= 0 {
		// Kept even in rows not read: the cells that share it may be.
		s.keepSharedFormula()
	}
	if !s.reading() || s.rowTooLong() {
		return
	}
	if s.needsCalculation() {
		s.pending = append(s.pending, s.pendingFormula())
		return
	}
	s.setCell(s.cellCol-1, s.rawCell())
}

// needsCalculation reports whether the cell just read is a formula without
// a saved result: no <v>, or an empty one, as openpyxl writes every
// formula. An empty <v> of a cell typed as text (t="str") is a saved
// result: the empty text, as Excel and LibreOffice save a formula whose
// result is "".
func (s *sheetReader) needsCalculation() bool {
	if !s.hasF || s.cellType == 'i' {
		return false
	}
	return !s.hasV || s.cellType != 'c' && len(bytes.TrimSpace(s.value)) == 0
}

// keepSharedFormula keeps the text of a shared formula's first cell.
func (s *sheetReader) keepSharedFormula() {
	if s.shared == nil {
		s.shared = make(map[int]sharedFormula)
	}
	if len(s.shared) >= maxSharedFormulas || s.sharedText+len(s.formula) > maxSharedFormulaText {
		return
	}
	if old, ok := s.shared[s.fSI]; ok {
		s.sharedText -= len(old.text)
	}
	s.sharedText += len(s.formula)
	s.shared[s.fSI] = sharedFormula{text: string(s.formula), row: s.row, col: s.cellCol}
}

// pendingFormula is the formula cell just read, to be calculated at the end
// of its row.
func (s *sheetReader) pendingFormula() pendingFormula {
	p := pendingFormula{col: s.cellCol, src: formulaSource{text: string(s.formula)}, percent: s.percentStyle()}
	switch s.fType {
	case 'a':
		p.bad = messages.T("it is an array formula, which prio does not calculate")
	case 'd':
		p.bad = messages.T("it is part of a data table, which prio does not calculate")
	case 's':
		if s.fMaster || len(bytes.TrimSpace(s.formula)) > 0 {
			break
		}
		sf, ok := s.shared[s.fSI]
		if !ok || s.fSI < 0 {
			p.bad = messages.T("it shares the formula of a cell that the sheet does not have before it")
			break
		}
		p.src = formulaSource{text: sf.text, dr: s.row - sf.row, dc: s.cellCol - sf.col}
	}
	return p
}

// rowFormulas has the row's formula cells without a saved result
// calculated, or reports them when there is no one to calculate them.
func (s *sheetReader) rowFormulas() {
	if s.calc != nil {
		s.calc.rowFormulas(s)
		return
	}
	for _, p := range s.pending {
		s.problem(p.col, "the formula %s has no saved result", clippedFormula(p.src))
	}
}

// setCell puts a cell of the current row at index i (column i+1); an empty
// one is left out.
func (s *sheetReader) setCell(i int, c RawCell) {
	if c.Kind == CellEmpty {
		return
	}
	if i >= len(s.cells) {
		n := len(s.cells)
		if i < cap(s.cells) {
			s.cells = s.cells[:i+1]
			clear(s.cells[n:])
		} else {
			s.cells = append(s.cells, make([]RawCell, i+1-n)...)
		}
	}
	s.cells[i] = c
}

func (s *sheetReader) rawCell() RawCell {
	if s.cut {
		s.problem(s.cellCol, "the cell holds more than %d characters, the most a cell holds (Excel's limit)", MaxCellChars)
		return RawCell{}
	}
	switch s.cellType {
	case 's':
		if !s.hasV {
			return RawCell{}
		}
		v := bytes.TrimSpace(s.value)
		n, ok := parseUint(v)
		switch {
		case !ok:
			s.problem(s.cellCol, "the shared-string index %s is not a number", quote(string(v)))
			return RawCell{}
		case n >= s.strings.len():
			s.problem(s.cellCol, "the shared string %d does not exist (the workbook has %d)", n, s.strings.len())
			return RawCell{}
		case s.strings.isCut(n):
			s.problem(s.cellCol, "the cell holds more than %d characters, the most a cell holds (Excel's limit)", MaxCellChars)
			return RawCell{}
		}
		return textCell(s.strings.get(n))
	case 'i':
		if len(s.t) == 0 && s.hasV {
			// Some writers put an inline string's text in <v>.
			return textCell(s.xview(s.value))
		}
		return textCell(s.xview(s.t))
	case 'c':
		return textCell(s.xview(s.value))
	case 'd':
		return textCell(s.view(s.value))
	case 'b':
		v := bytes.TrimSpace(s.value)
		switch {
		case len(v) == 0:
			return RawCell{}
		case string(v) == "1", bytes.EqualFold(v, []byte("true")):
			return RawCell{Kind: CellBool, Text: "1"}
		case string(v) == "0", bytes.EqualFold(v, []byte("false")):
			return RawCell{Kind: CellBool, Text: "0"}
		}
		return RawCell{Kind: CellText, Text: s.view(v)}
	case 'e':
		return RawCell{Kind: CellError, Text: s.view(bytes.TrimSpace(s.value))}
	}
	v := bytes.TrimSpace(s.value)
	if len(v) == 0 {
		return RawCell{}
	}
	return RawCell{Kind: CellNumber, Text: s.view(v), Percent: s.percentStyle()}
}

// view returns b as a string valid until the next row: its bytes are
// appended to the row's text buffer, which the next row writes over. Most
// cells are read into a number, a date or a level and dropped, so no string
// is allocated for them; a text the portfolio keeps is copied then (see
// textStore). Should the buffer grow, the views made so far keep the old
// array, which nothing writes to again.
func (s *sheetReader) view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	start := len(s.text)
	s.text = append(s.text, b...)
	return unsafe.String(&s.text[start], len(b))
}

// xview is view for text that may hold _xHHHH_ escapes, decoded.
func (s *sheetReader) xview(b []byte) string {
	if bytes.Contains(b, []byte("_x")) {
		// Decoded into the row's buffer, as view does: held no longer
		// than the row, and counted in its text (rowTooLong).
		start := len(s.text)
		s.text = appendXString(s.text, b)
		if len(s.text) == start {
			return ""
		}
		return unsafe.String(&s.text[start], len(s.text)-start)
	}
	return s.view(b)
}

func (s *sheetReader) percentStyle() bool {
	return s.cellStyle < len(s.percent) && s.percent[s.cellStyle]
}

// clipFormula shortens a formula shown in a message.
func clipFormula(f string) string {
	const most = 200
	if len(f) <= most {
		return f
	}
	r := []rune(f)
	if len(r) <= most {
		return f
	}
	return string(r[:most]) + "…"
}

// textCell is a text cell, or an empty one when the text is only white
// space, as in CSV.
func textCell(s string) RawCell {
	if s == "" {
		return RawCell{}
	}
	if c := s[0]; c > ' ' && c < 0x80 {
		return RawCell{Kind: CellText, Text: s}
	}
	if trimSpace(s) == "" {
		return RawCell{}
	}
	return RawCell{Kind: CellText, Text: s}
}

// parseCellRef reads an A1 reference: column and row from 1.
func parseCellRef[T string | []byte](ref T) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == 0 || col > maxCols {
		return 0, 0, false
	}
	row, ok = parseUint(ref[i:])
	if !ok || row < 1 || row > maxRows {
		return 0, 0, false
	}
	return col, row, true
}

// parseUint reads a decimal number of at most 9 digits.
func parseUint[T string | []byte](s T) (int, bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// columnLetters returns the letters of a column from 1 (1 → A, 27 → AA).
func columnLetters(col int) string {
	var b [4]byte
	i := len(b)
	for col > 0 && i > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

// mergeTag is what the merge scan looks for.
var mergeTag = []byte("mergeCell")

// scanMerges finds the merged ranges of a sheet that touch its first
// HeaderRows rows, with a byte search for <mergeCell ref="…"> elements
// (any namespace prefix): the merges follow the rows in the XML, but header
// detection needs them first, and a second XML parse of a large sheet would
// cost as much as reading it.
func scanMerges(r io.Reader, part string) ([]Merge, error) {
	const (
		chunk   = 64 << 10
		maxTag  = 4 << 10 // a <mergeCell> tag is short; a longer one is not one
		context = 64      // bytes kept before a match, for its namespace prefix
	)
	var merges []Merge
	area := 0 // the cells the merges kept cover within the header rows
	buf := make([]byte, 0, chunk+maxTag+context)
	start := 0 // where the search goes on in buf
	for {
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		eof := false
		switch err {
		case nil:
		case io.EOF, io.ErrUnexpectedEOF:
			eof = true
		default:
			return nil, err
		}
		i, pending := start, -1
		for {
			j := bytes.Index(buf[i:], mergeTag)
			if j < 0 {
				break
			}
			j += i
			end := bytes.IndexByte(buf[j:min(len(buf), j+maxTag)], '>')
			if end < 0 && !eof && len(buf)-j < maxTag {
				pending = j // read on for the rest of the tag
				break
			}
			i = j + len(mergeTag)
			if end < 0 || !mergeStart(buf[max(j-context, 0):j]) {
				continue
			}
			switch buf[j+len(mergeTag)] {
			case ' ', '\t', '\r', '\n', '/':
			default:
				continue // <mergeCells>
			}
			mg, ok := parseMergeRef(tagAttr(buf[j+len(mergeTag):j+end], "ref"))
			if !ok || mg.FirstRow >= HeaderRows {
				continue
			}
			a := (min(mg.LastRow, HeaderRows-1) - mg.FirstRow + 1) * (mg.LastCol - mg.FirstCol + 1)
			if area+a > 4*HeaderRows*maxCols {
				// Merges in Excel never overlap: these cover each cell of
				// the header rows four times over.
				return nil, errBuildsTooMuch{messages.M("%s: the merged ranges of the first %d rows overlap, covering more cells than the rows have four times over", part, HeaderRows)}
			}
			area += a
			merges = append(merges, mg)
		}
		if eof {
			return merges, nil
		}
		next := pending
		if next < 0 {
			next = max(i, len(buf)-len(mergeTag)+1)
		}
		keep := max(next-context, 0)
		start = next - keep
		buf = buf[:copy(buf, buf[keep:])]
	}
}

// mergeStart reports whether the bytes before "mergeCell" open an element:
// "<" or "<prefix:".
func mergeStart(before []byte) bool {
	i := len(before) - 1
	if i < 0 {
		return false
	}
	if before[i] == '<' {
		return true
	}
	if before[i] != ':' {
		return false
	}
	for i--; i >= 0; i-- {
		c := before[i]
		switch {
		case c == '<':
			return i < len(before)-2 // a prefix of at least one character
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '-', c == '.':
		default:
			return false
		}
	}
	return false
}

// tagAttr returns the value of an attribute in the text of a start tag.
func tagAttr(tag []byte, name string) []byte {
	for i := 0; i < len(tag); {
		j := bytes.Index(tag[i:], []byte(name))
		if j < 0 {
			return nil
		}
		j += i
		i = j + len(name)
		if j == 0 || !isXMLSpace(tag[j-1]) {
			continue
		}
		k := i
		for k < len(tag) && isXMLSpace(tag[k]) {
			k++
		}
		if k >= len(tag) || tag[k] != '=' {
			continue
		}
		k++
		for k < len(tag) && isXMLSpace(tag[k]) {
			k++
		}
		if k >= len(tag) || tag[k] != '"' && tag[k] != '\'' {
			return nil
		}
		q := tag[k]
		end := bytes.IndexByte(tag[k+1:], q)
		if end < 0 {
			return nil
		}
		return tag[k+1 : k+1+end]
	}
	return nil
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// parseMergeRef reads "A1:C2" as a Merge of 0-based indices; a single cell
// is no merge.
func parseMergeRef(ref []byte) (Merge, bool) {
	i := bytes.IndexByte(ref, ':')
	if i < 0 {
		return Merge{}, false
	}
	c1, r1, ok1 := parseCellRef(ref[:i])
	c2, r2, ok2 := parseCellRef(ref[i+1:])
	if !ok1 || !ok2 {
		return Merge{}, false
	}
	m := Merge{FirstRow: min(r1, r2) - 1, LastRow: max(r1, r2) - 1, FirstCol: min(c1, c2) - 1, LastCol: max(c1, c2) - 1}
	if m.FirstRow == m.LastRow && m.FirstCol == m.LastCol {
		return Merge{}, false
	}
	return m, true
}
