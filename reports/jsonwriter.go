package reports

import (
	"bufio"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/prio-tool/prio/portfolio"
)

// jsonWriter writes a JSON document as it is walked, indented by two spaces
// as encoding/json's Encoder with SetIndent("", "  ") and SetEscapeHTML(false)
// writes it, byte for byte, without building the document in memory: a
// result of 100,000 investments is written in a few kilobytes of buffer.
// Callers check the numbers are finite before they start (checkResult), so
// that only an I/O error can stop a document half-way; the first error is
// kept and returned by finish.
type jsonWriter struct {
	w *bufio.Writer
	// open holds, per nesting level, whether the container is still empty.
	open    []bool
	afterKy bool // a key was just written: the value follows on its line
	scratch []byte
	err     error
}

func newJSONWriter(w io.Writer) *jsonWriter {
	return &jsonWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// value prepares for a value (or a key) inside the current container: a
// comma after an earlier element, then a new line and the indentation.
func (j *jsonWriter) element() {
	if j.afterKy {
		j.afterKy = false
		return
	}
	if n := len(j.open); n > 0 {
		if !j.open[n-1] {
			j.w.WriteByte(',')
		}
		j.open[n-1] = false
		j.newline(n)
	}
}

func (j *jsonWriter) newline(depth int) {
	j.w.WriteByte('\n')
	for i := 0; i < depth; i++ {
		j.w.WriteString("  ")
	}
}

func (j *jsonWriter) begin(c byte) {
	j.element()
	j.w.WriteByte(c)
	j.open = append(j.open, true)
}

func (j *jsonWriter) end(c byte) {
	n := len(j.open)
	empty := j.open[n-1]
	j.open = j.open[:n-1]
	if !empty {
		j.newline(n - 1)
	}
	j.w.WriteByte(c)
}

func (j *jsonWriter) beginObject() { j.begin('{') }
func (j *jsonWriter) endObject()   { j.end('}') }
func (j *jsonWriter) beginArray()  { j.begin('[') }
func (j *jsonWriter) endArray()    { j.end(']') }

// key writes an object key; its value comes next.
func (j *jsonWriter) key(k string) {
	j.element()
	j.scratch = appendJSONString(j.scratch[:0], k)
	j.w.Write(j.scratch)
	j.w.WriteString(": ")
	j.afterKy = true
}

func (j *jsonWriter) str(s string) {
	j.element()
	j.scratch = appendJSONString(j.scratch[:0], s)
	j.w.Write(j.scratch)
}

// cellRow writes the row of a cell as portfolio.Cell.RowString gives it
// ("book.xlsx: Blad!A7", "file.csv:7"), or null for no cell, as
// strOrNull(c.RowString()) writes it, without making the text: one string
// per investment was the largest garbage of a large result's JSON.
func (j *jsonWriter) cellRow(c portfolio.Cell) {
	if c.IsZero() {
		j.null()
		return
	}
	j.element()
	b := append(j.scratch[:0], '"')
	b = appendJSONEscaped(b, c.File)
	if c.Sheet != "" {
		b = append(b, ": "...)
		b = appendJSONEscaped(b, c.Sheet)
		b = append(b, '!')
		b = appendColumnName(b, c.Col)
	} else {
		b = append(b, ':')
	}
	b = strconv.AppendInt(b, int64(c.Row), 10)
	j.scratch = append(b, '"')
	j.w.Write(j.scratch)
}

// appendColumnName appends a column's letters as portfolio.ColumnName
// gives them: 1 is A, 27 AA; "?" for a column below 1.
func appendColumnName(b []byte, col int) []byte {
	if col <= 0 {
		return append(b, '?')
	}
	var letters [16]byte
	i := len(letters)
	for col > 0 {
		col--
		i--
		letters[i] = byte('A' + col%26)
		col /= 26
	}
	return append(b, letters[i:]...)
}

// strOrNull writes "" as null.
func (j *jsonWriter) strOrNull(s string) {
	if s == "" {
		j.null()
		return
	}
	j.str(s)
}

func (j *jsonWriter) null() {
	j.element()
	j.w.WriteString("null")
}

func (j *jsonWriter) boolean(b bool) {
	j.element()
	if b {
		j.w.WriteString("true")
	} else {
		j.w.WriteString("false")
	}
}

func (j *jsonWriter) integer(n int) {
	j.element()
	j.scratch = appendInt(j.scratch[:0], int64(n))
	j.w.Write(j.scratch)
}

func (j *jsonWriter) uinteger(n uint64) {
	j.element()
	j.scratch = appendUint(j.scratch[:0], n)
	j.w.Write(j.scratch)
}

// num writes a finite number as appendNumber does; a number that is not
// finite is kept as the writer's error (checkResult should have refused it).
func (j *jsonWriter) num(x float64) {
	j.element()
	var err error
	j.scratch, err = appendNumber(j.scratch[:0], x)
	if err != nil && j.err == nil {
		j.err = err
	}
	j.w.Write(j.scratch)
}

// strings writes a list of strings.
func (j *jsonWriter) strings(xs []string) {
	j.beginArray()
	for _, x := range xs {
		j.str(x)
	}
	j.endArray()
}

// leafObject writes an object of numbers keyed by ids, in their order.
func (j *jsonWriter) leafObject(ids []string, xs []float64) {
	j.beginObject()
	for i, id := range ids {
		j.key(id)
		j.num(xs[i])
	}
	j.endObject()
}

// finish ends the document with a newline, flushes it and returns the
// first error.
func (j *jsonWriter) finish() error {
	j.w.WriteByte('\n')
	if err := j.w.Flush(); err != nil && j.err == nil {
		j.err = err
	}
	return j.err
}

func appendInt(b []byte, n int64) []byte {
	if n < 0 {
		b = append(b, '-')
		return appendUint(b, uint64(-n))
	}
	return appendUint(b, uint64(n))
}

func appendUint(b []byte, n uint64) []byte {
	var d [20]byte
	i := len(d)
	for {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(b, d[i:]...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes a string with
// SetEscapeHTML(false): ", \ and control characters escaped (\b, \f, \n, \r,
// \t by name, the rest as \u00XX), U+2028 and U+2029 escaped, invalid UTF-8
// replaced by \ufffd; everything else as it is.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONEscaped(b, s)
	return append(b, '"')
}

// appendJSONEscaped appends s escaped as appendJSONString does, without
// the quotes: the escapes are character by character, so that escaping
// the parts of a text one after the other gives the text's escape.
func appendJSONEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}
