package importers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"

	"golang.org/x/text/encoding/charmap"

	"github.com/prio-tool/prio/portfolio"
)

// decodeWindows1252 decodes text that Swedish Excel saved as "CSV
// (semicolon-separated)" in the Windows code page.
func decodeWindows1252(data []byte) []byte {
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		// The decoder maps every byte; this is not reached.
		return data
	}
	return out
}

// csvPrefix is the first records of a CSV file and the line of each field.
type csvPrefix struct {
	records [][]string
	lines   [][]int
	err     error // a syntax error that ended the prefix, or nil
}

func newCSVReader(text []byte, sep rune) *csv.Reader {
	r := csv.NewReader(bytes.NewReader(text))
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
func (fr *fileReader) detectSeparator(text []byte) rune {
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
func firstLineHasSemicolon(text []byte) bool {
	// Skip blank lines.
	start := 0
	for i, b := range text {
		if b == '\n' {
			start = i + 1
			continue
		}
		if b != ' ' && b != '\t' && b != '\r' {
			break
		}
	}
	quoted := false
	for _, b := range text[start:] {
		switch {
		case b == '"':
			quoted = !quoted
		case b == '\n' && !quoted:
			return false
		case b == ';' && !quoted:
			return true
		}
	}
	return false
}

// readCSV reads a CSV file, already decoded to UTF-8.
func (fr *fileReader) readCSV(text []byte) {
	if line, n := longestLine(text); n > MaxLineBytes {
		fr.errs.addf(portfolio.Cell{File: fr.file, Row: line},
			"line %d is %d bytes long; a portfolio's lines are at most %d MiB (is this a CSV file?)", line, n, MaxLineBytes>>20)
		return
	}
	r := newCSVReader(text, fr.detectSeparator(text))
	prefix := readPrefix(r, HeaderRows)
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
			fr.errs.add(portfolio.Cell{File: fr.file}, err.Error())
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
		return
	}
	r.ReuseRecord = true
	lines = nil
	var cells []RawCell
	for {
		rec, err := r.Read()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				syntaxError(err)
			}
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

// longestLine returns the number (from 1) and length of the longest line.
func longestLine(text []byte) (line, n int) {
	for i := 1; len(text) > 0; i++ {
		end := bytes.IndexByte(text, '\n')
		if end < 0 {
			end = len(text)
		}
		if end > n {
			line, n = i, end
		}
		text = text[min(end+1, len(text)):]
	}
	return line, n
}
