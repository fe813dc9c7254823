package importers

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"github.com/prio-tool/prio/portfolio"
)

// csvText is a CSV file to read, in memory or on disk: it is read in
// passes, never held whole. A file in Windows-1252 is decoded as it is read:
// a file of 512 MiB whose every byte is å would be 1 GiB of UTF-8.
type csvText struct {
	ctx        context.Context
	ra         io.ReaderAt
	start, end int64 // the text: after a byte-order mark, to the end of the file
	win1252    bool  // "CSV (semicolon-separated)" as Swedish Excel saves it, in the Windows code page
	// wide is, by separator, the first record of more than maxCols
	// fields, if any.
	wide map[rune]wideRecord
}

// wideRecord is a record with more fields than a sheet has columns.
type wideRecord struct {
	start int64 // the offset of the record's first byte in the text
	line  int   // the line of its first field past maxCols
}

// reader reads the text as UTF-8, up to the first record too wide for sep.
func (t *csvText) reader(sep rune) io.Reader {
	end := t.end
	if w, ok := t.wide[sep]; ok {
		end = t.start + w.start
	}
	var r io.Reader = io.NewSectionReader(t.ra, t.start, end-t.start)
	if t.ctx != nil {
		r = ctxReader{t.ctx, r}
	}
	if t.win1252 {
		r = transform.NewReader(r, charmap.Windows1252.NewDecoder())
	}
	return r
}

// textOf is a text in memory, for tests.
func textOf(s string) *csvText {
	return &csvText{ra: strings.NewReader(s), end: int64(len(s))}
}

// csvPrefix is the first records of a CSV file and the line of each field.
type csvPrefix struct {
	records [][]string
	lines   [][]int
	err     error // a syntax error that ended the prefix, or nil
}

func newCSVReader(t *csvText, sep rune) *csv.Reader {
	r := csv.NewReader(t.reader(sep))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = false
	return r
}

// readPrefix reads up to n records.
func readPrefix(r *csv.Reader, n int) csvPrefix {
	var p csvPrefix
	for len(p.records) < n {
		rec, err := r.Read()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				p.err = err
			}
			break
		}
		p.records = append(p.records, rec)
		p.lines = append(p.lines, fieldLines(r, len(rec), nil))
	}
	return p
}

// fieldLines returns the line on which each field of the last record read
// starts (a quoted field may span lines).
func fieldLines(r *csv.Reader, n int, buf []int) []int {
	buf = buf[:0]
	for i := 0; i < n; i++ {
		line, _ := r.FieldPos(i)
		buf = append(buf, line)
	}
	return buf
}

// rawRow turns a record into raw cells: text, or empty when only white
// space.
func rawRow(rec []string, buf []RawCell) []RawCell {
	buf = buf[:0]
	for _, s := range rec {
		if trimSpace(s) == "" {
			buf = append(buf, RawCell{})
		} else {
			buf = append(buf, RawCell{Kind: CellText, Text: s})
		}
	}
	return buf
}

// detectSeparator picks ';' or ',': the one whose header row names more
// fields; on a tie ';' if the first non-blank line has one outside quotes.
func (fr *fileReader) detectSeparator(text *csvText) rune {
	m := newHeaderMatcher(fr.fields)
	score := func(sep rune) int {
		p := readPrefix(newCSVReader(text, sep), HeaderRows)
		best := 0
		for _, rec := range p.records {
			best = max(best, m.rowScore(rec))
		}
		return best
	}
	semi, comma := score(';'), score(',')
	switch {
	case semi > comma:
		return ';'
	case comma > semi:
		return ','
	case firstLineHasSemicolon(text):
		return ';'
	}
	return ','
}

// firstLineHasSemicolon reports whether the first line that is not blank has
// a ';' outside quotes.
func firstLineHasSemicolon(text *csvText) bool {
	blank, quoted, found := true, false, false
	text.passes(func(chunk []byte, _ int64) bool {
		for _, b := range chunk {
			if blank {
				// Skip blank lines.
				switch b {
				case '\n', ' ', '\t', '\r':
					continue
				}
				blank = false
			}
			switch {
			case b == '"':
				quoted = !quoted
			case b == '\n' && !quoted:
				return false
			case b == ';' && !quoted:
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// readCSV reads a CSV file.
func (fr *fileReader) readCSV(text *csvText) {
	shape, err := csvShapeOf(text)
	if err != nil {
		fr.readErr(err)
		return
	}
	if shape.longest > MaxLineBytes {
		fr.errs.addf(portfolio.Cell{File: fr.file, Row: shape.longestLine},
			"line %d is %d bytes long; a portfolio's lines are at most %d MiB (is this a CSV file?)", shape.longestLine, shape.longest, MaxLineBytes>>20)
		return
	}
	text.wide = shape.wide
	sep := fr.detectSeparator(text)
	r := newCSVReader(text, sep)
	prefix := readPrefix(r, HeaderRows)
	// tooWide reports the record too wide for sep, once the records before
	// it are read without a syntax error (after one, the count of fields
	// may be off).
	tooWide := func() {
		if w, ok := text.wide[sep]; ok {
			fr.errs.addf(portfolio.Cell{File: fr.file, Row: w.line},
				"line %d has more than %d columns, the most a sheet has (Excel's limit)", w.line, maxCols)
		}
	}
	syntaxError := func(err error) {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			cell := portfolio.Cell{File: fr.file, Row: pe.Line, Col: pe.Column}
			switch {
			case errors.Is(pe.Err, csv.ErrBareQuote):
				fr.errs.addf(cell, `CSV syntax: bare " in non-quoted-field`)
			case errors.Is(pe.Err, csv.ErrQuote):
				fr.errs.addf(cell, `CSV syntax: extraneous or missing " in quoted-field`)
			default:
				// The reader's other errors cannot arise with its settings
				// here (any number of fields, no trimming).
				fr.errs.addf(cell, "CSV syntax: %v", pe.Err)
			}
		} else {
			fr.errs.add(portfolio.Cell{File: fr.file}, err)
		}
	}
	rows := make([][]RawCell, len(prefix.records))
	for i, rec := range prefix.records {
		rows[i] = rawRow(rec, nil)
	}
	h, problems := DetectHeader(HeaderInput{
		Rows:       rows,
		InferSpans: true,
		ColumnName: func(c int) string { return strconv.Itoa(c + 1) },
	}, fr.fields)
	if h == nil && prefix.err != nil {
		// The header may lie past the broken record; say only what broke.
		syntaxError(prefix.err)
		return
	}
	if h == nil && len(prefix.records) < HeaderRows {
		if _, wide := text.wide[sep]; wide {
			// The header may lie in the record too wide to read.
			tooWide()
			return
		}
	}
	fr.addHeaderProblems(problems, func(row, col int) portfolio.Cell {
		lines := prefix.lines[row]
		if col < 0 {
			return portfolio.Cell{File: fr.file, Row: lines[0]}
		}
		return portfolio.Cell{File: fr.file, Row: lineOf(lines, col), Col: col + 1}
	})
	if h == nil {
		return
	}
	fr.setHeader(h)

	var lines []int
	pos := func(c int) portfolio.Cell {
		return portfolio.Cell{File: fr.file, Row: lineOf(lines, c), Col: c + 1}
	}
	for i := h.DataRow; i < len(prefix.records); i++ {
		lines = prefix.lines[i]
		fr.readRow(rows[i], pos, portfolio.Cell{File: fr.file, Row: lines[0]})
	}
	if prefix.err != nil {
		syntaxError(prefix.err)
		return
	}
	if len(prefix.records) < HeaderRows {
		tooWide()
		return
	}
	r.ReuseRecord = true
	lines = nil
	var cells []RawCell
	for records := len(prefix.records); ; records++ {
		rec, err := r.Read()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				syntaxError(err)
			} else {
				tooWide()
			}
			return
		}
		if records == csvRowLimit {
			line, _ := r.FieldPos(0)
			fr.errs.addf(portfolio.Cell{File: fr.file, Row: line},
				"the file has more than %d rows, the most a sheet has (Excel's limit)", csvRowLimit)
			return
		}
		lines = fieldLines(r, len(rec), lines)
		cells = rawRow(rec, cells)
		fr.readRow(cells, pos, portfolio.Cell{File: fr.file, Row: lines[0]})
	}
}

// lineOf returns the line of field c, or of the last field for a cell past
// the end of a short record.
func lineOf(lines []int, c int) int {
	if c < len(lines) {
		return lines[c]
	}
	return lines[len(lines)-1]
}

// MaxLineBytes bounds a line of a CSV file: a row of 250 full cells is far
// less; a longer line is not a portfolio, and reading it would only cost
// memory.
const MaxLineBytes = 8 << 20

// csvRowLimit is the most rows a CSV file may have, a sheet's: a variable
// so that tests can lower it.
var csvRowLimit = maxRows

// csvShape is what one pass over a CSV file's bytes finds, before any is
// parsed: its longest line, and for each separator the first record with
// more fields than a sheet has columns.
type csvShape struct {
	longest, longestLine int
	wide                 map[rune]wideRecord
}

// csvShapeOf measures a CSV file. Quotes are followed as the CSV reader
// follows them in a well-formed file: a separator or line break between
// quotes is text. (In a file that is not well formed the reader stops at
// the first bad quote, before any record measured here could matter.)
func csvShapeOf(text *csvText) (csvShape, error) {
	shape := csvShape{wide: make(map[rune]wideRecord)}
	line, lineStart, recordStart := 1, int64(0), int64(0)
	quoted := false
	var semis, commas int
	err := text.passes(func(chunk []byte, off int64) bool {
		for j, b := range chunk {
			switch b {
			case '"':
				quoted = !quoted
			case ';', ',':
				if quoted {
					break
				}
				n, sep := &semis, rune(b)
				if b == ',' {
					n = &commas
				}
				if *n++; *n == maxCols {
					if _, seen := shape.wide[sep]; !seen {
						shape.wide[sep] = wideRecord{start: recordStart, line: line}
					}
				}
			case '\n':
				i := off + int64(j)
				if n := i - lineStart; n > int64(shape.longest) {
					shape.longest, shape.longestLine = int(n), line
				}
				line++
				lineStart = i + 1
				if !quoted {
					recordStart, semis, commas = i+1, 0, 0
				}
			}
		}
		return true
	})
	if n := text.end - text.start - lineStart; n > int64(shape.longest) {
		shape.longest, shape.longestLine = int(n), line
	}
	return shape, err
}
