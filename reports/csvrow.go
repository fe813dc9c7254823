package reports

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/prio-tool/prio/portfolio"
)

// csvRows writes CSV records as encoding/csv's Writer does with its
// defaults (comma-separated, "\n" line ends, a field quoted when it holds a
// comma, a quote, a line break, begins with a space or is `\.`), but takes
// its fields one at a time, and numbers as numbers, written straight into
// its buffer: a row of 100,000 rows' CSV makes no string per field, where
// the strings of csv.Writer.Write were the largest garbage of a large
// score (some 90 MB, which raised its peak memory by as much).
type csvRows struct {
	w     *bufio.Writer
	first bool // the next field is the first of its record
	err   error
	// scratch is where cellRow makes a cell's name, reused from row to row.
	scratch []byte
}

func newCSVRows(w io.Writer) *csvRows { return &csvRows{w: bufio.NewWriter(w), first: true} }

func (c *csvRows) sep() {
	if !c.first {
		c.w.WriteByte(',')
	}
	c.first = false
}

// text writes a text field, quoted where csv.Writer quotes it.
func (c *csvRows) text(s string) {
	c.sep()
	if !csvNeedsQuotes(s) {
		c.w.WriteString(s)
		return
	}
	c.w.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			c.w.WriteString(`""`)
		} else {
			c.w.WriteByte(s[i])
		}
	}
	c.w.WriteByte('"')
}

// cellRow writes the field csvText(c.RowString()) writes, empty for a zero
// cell, without making the string: one a row was the largest garbage of a
// 100,000-row CSV score (16 MB, which raised its peak memory by some 9 MB).
func (c *csvRows) cellRow(cell portfolio.Cell) {
	if cell.IsZero() {
		c.text("")
		return
	}
	b := c.scratch[:0]
	if cell.File != "" && strings.ContainsRune("=+-@\t\r", rune(cell.File[0])) {
		b = append(b, '\'') // csvText's guard against a formula
	}
	b = append(b, cell.File...)
	if cell.Sheet != "" {
		b = append(b, ": "...)
		b = append(b, cell.Sheet...)
		b = append(b, '!')
		b = appendColumnName(b, cell.Col)
	} else {
		b = append(b, ':')
	}
	b = strconv.AppendInt(b, int64(cell.Row), 10)
	c.scratch = b
	c.sep()
	if !csvBytesNeedQuotes(b) {
		c.w.Write(b)
		return
	}
	c.w.WriteByte('"')
	for _, x := range b {
		if x == '"' {
			c.w.WriteString(`""`)
		} else {
			c.w.WriteByte(x)
		}
	}
	c.w.WriteByte('"')
}

// number writes a number as appendNumber does (a number never needs
// quotes); a number that is not finite is an error.
func (c *csvRows) number(x float64) {
	c.sep()
	b, err := appendNumber(c.w.AvailableBuffer(), x)
	if err != nil && c.err == nil {
		c.err = err
	}
	c.w.Write(b)
}

// integer writes a whole number.
func (c *csvRows) integer(n int) {
	c.sep()
	c.w.Write(strconv.AppendInt(c.w.AvailableBuffer(), int64(n), 10))
}

// end ends the record.
func (c *csvRows) end() {
	c.w.WriteByte('\n')
	c.first = true
}

// flush writes what is buffered and returns the first error.
func (c *csvRows) flush() error {
	if err := c.w.Flush(); err != nil && c.err == nil {
		c.err = err
	}
	return c.err
}

// csvNeedsQuotes is encoding/csv's fieldNeedsQuotes for a comma.
func csvNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		if c := field[i]; c == '\n' || c == '\r' || c == '"' || c == ',' {
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}

// csvBytesNeedQuotes is csvNeedsQuotes for a field in bytes.
func csvBytesNeedQuotes(field []byte) bool {
	if len(field) == 0 {
		return false
	}
	if string(field) == `\.` {
		return true
	}
	for _, c := range field {
		if c == '\n' || c == '\r' || c == '"' || c == ',' {
			return true
		}
	}
	r, _ := utf8.DecodeRune(field)
	return unicode.IsSpace(r)
}
