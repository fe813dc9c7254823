package importers

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/prio-tool/prio/messages"
)

// The worksheet tokenizer.
//
// Why not encoding/xml alone: its RawToken returns every token boxed in an
// interface, with a fresh slice of attributes and a string per value, some
// 370 bytes of garbage for each cell of a sheet. Reading a 100,000-row
// sheet made 750 MB of it, and since the garbage collector lets the heap
// grow to twice what it keeps live before it collects, that garbage, not
// the values kept, set the import's peak memory. xmlScanner reads the
// same tokens into buffers it reuses, allocating nothing per token.
//
// It is RawToken, not a second XML parser: it reads itself only the plain
// XML that Excel and other writers put in a sheet — elements with ASCII
// names, quoted attributes, text with the predefined and numeric character
// references — and checks it as encoding/xml does (valid UTF-8, only XML
// characters, no "]]>" in text). Any other token (the XML declaration, a
// comment, CDATA, a directive, another name, anything malformed, a token cut
// short by the end of the input or by a read error) is read by
// encoding/xml's RawToken, from that token's first byte, so the tokens,
// and the errors with their line numbers, are the ones encoding/xml gives;
// after it the scanner goes on by itself. TestXMLScannerMatchesEncodingXML
// and FuzzXMLScanner compare the two.

// xmlKind is the kind of a token.
type xmlKind uint8

const (
	xmlOther xmlKind = iota // a comment, processing instruction or directive
	xmlStart                // a start tag; a self-closing one is followed by its end
	xmlEnd
	xmlText // character data, CDATA included
)

// xmlAttr is an attribute of a start tag: its local name (the part after a
// prefix and its colon) and its value, unescaped.
type xmlAttr struct {
	local, value []byte
}

const (
	// scanBufSize is the initial size of the scanner's input buffer; a
	// token that does not fit makes it grow.
	scanBufSize = 64 << 10
	// maxScanToken bounds the tokens the scanner reads itself: a longer one
	// (far longer than a cell's 32,767 characters written with character
	// references) is left to encoding/xml, which does not need it whole in
	// the buffer. Plain text is the exception: a longer run of it is given
	// in pieces of about this size, several text tokens in a row, so that
	// no text is ever held whole (a sheet may be a gigabyte of one cell).
	maxScanToken = 1 << 20
	// maxSlowToken bounds a token encoding/xml reads, which it holds whole:
	// a comment, CDATA or a tag of more is refused (errTokenTooLong).
	maxSlowToken = 2 * maxScanToken
)

// errTokenTooLong refuses a token longer than maxSlowToken.
type errTokenTooLong struct{ line int }

func (errTokenTooLong) limitError() {}

func (e errTokenTooLong) message() messages.Message {
	return messages.M("line %d: a tag, comment or text longer than %d MiB, more than a workbook holds", e.line, maxSlowToken>>20)
}

func (e errTokenTooLong) Error() string { return e.message().String() }

// Localize gives the error in language l.
func (e errTokenTooLong) Localize(l messages.Lang) string { return e.message().In(l) }

// scanAttr returns the value of the first attribute with the local name, or
// nil.
func scanAttr(attrs []xmlAttr, local string) []byte {
	for _, a := range attrs {
		if string(a.local) == local {
			return a.value
		}
	}
	return nil
}

// xmlScanner reads the tokens of an XML stream as encoding/xml's RawToken
// does (names by local name, start and end tags not matched). The current
// token's fields are valid until the next call of next.
type xmlScanner struct {
	r    io.Reader
	buf  []byte // input read and not yet dropped; the next token starts at buf[pos]
	pos  int
	base int64 // the input offset of buf[0]
	rerr error // what r returned after the bytes in buf: io.EOF or a read error
	err  error // the error that ended the tokens
	// The newlines are counted up to the input offset counted, on demand
	// (only errors need a line) but never twice: lineNo is the line there.
	counted int64
	lineNo  int

	// The current token.
	kind  xmlKind
	local []byte // the element's local name: xmlStart, xmlEnd
	attrs []xmlAttr
	text  []byte // xmlText

	closeNext bool   // the start tag returned closed itself: its end comes next
	decoded   []byte // unescaped attribute values and text of the current token
	slowName  []byte // the local name of a token encoding/xml read, kept for its end
}

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: r, buf: make([]byte, 0, scanBufSize), lineNo: 1}
}

// line returns the line of the scanner's position as encoding/xml's
// InputPos counts it: 1 and the newlines read before it.
func (z *xmlScanner) line() int {
	z.countLines(z.pos)
	return z.lineNo
}

// countLines counts the newlines up to buf[i], from where counting stopped.
func (z *xmlScanner) countLines(i int) {
	if from := int(z.counted - z.base); from < i {
		z.lineNo += bytes.Count(z.buf[from:i], []byte{'\n'})
		z.counted = z.base + int64(i)
	}
}

// rest returns the input after the current token: the bytes read into the
// buffer and not yet scanned, then the rest of the reader. For a search of
// the rest of a part once the tokens wanted are read (see scanMerges).
func (z *xmlScanner) rest() io.Reader {
	return io.MultiReader(bytes.NewReader(z.buf[z.pos:]), z.r)
}

// next reads the next token. It returns io.EOF at the end of the input and
// any other error as encoding/xml would, and then the same error again.
func (z *xmlScanner) next() error {
	if z.err != nil {
		return z.err
	}
	if z.closeNext {
		// The end of a self-closing element: its name is unchanged.
		z.closeNext = false
		z.kind, z.attrs, z.text = xmlEnd, z.attrs[:0], nil
		return nil
	}
	for {
		if z.pos == len(z.buf) && !z.more() {
			z.err = z.rerr
			return z.err
		}
		n, ok := z.scan()
		if ok {
			z.pos += n
			return nil
		}
		if n < 0 || len(z.buf)-z.pos > maxScanToken || !z.more() {
			// Not plain, or cut short: encoding/xml reads it.
			return z.slow()
		}
	}
}

// more reads more input after the bytes in the buffer, first dropping those
// before pos: until the buffer is full, so that a token is scanned again
// only when it outgrows the buffer, which then doubles. It reports whether
// it read any; when not, z.rerr says why. Bytes read before an error are
// tokens before it, as they are to encoding/xml. As bufio does for
// encoding/xml, it gives up on a reader that keeps returning nothing.
func (z *xmlScanner) more() bool {
	if z.rerr != nil {
		return false
	}
	if z.pos > 0 {
		z.countLines(z.pos)
		z.base += int64(z.pos)
		z.buf = z.buf[:copy(z.buf, z.buf[z.pos:])]
		z.pos = 0
	}
	if len(z.buf) == cap(z.buf) {
		z.buf = append(z.buf, make([]byte, cap(z.buf))...)[:len(z.buf)]
	}
	read, empty := false, 0
	for len(z.buf) < cap(z.buf) {
		n, err := z.r.Read(z.buf[len(z.buf):cap(z.buf)])
		z.buf = z.buf[:len(z.buf)+n]
		read = read || n > 0
		if err != nil {
			z.rerr = err
			break
		}
		if n > 0 {
			empty = 0
		} else if empty++; empty == 100 {
			z.rerr = io.ErrNoProgress
			break
		}
	}
	return read
}

// scan reads the token at buf[pos:] if it is plain XML and whole in the
// buffer: ok, and n bytes long. Otherwise n is -1 for a token that is not
// plain, which encoding/xml must read, or 0 for one that may be plain but
// goes on past the buffer.
func (z *xmlScanner) scan() (n int, ok bool) {
	b := z.buf[z.pos:]
	z.local, z.attrs, z.text, z.decoded = nil, z.attrs[:0], nil, z.decoded[:0]
	if b[0] != '<' {
		end := bytes.IndexByte(b, '<')
		if end < 0 && len(b) >= maxScanToken {
			// A long text: this piece of it, and the rest as the next.
			end = textPiece(b[:maxScanToken])
		}
		if end < 0 {
			// Text runs on to the next '<', or to the end of the input.
			return 0, false
		}
		text, ok := z.unescape(b[:end], false)
		if !ok {
			return -1, false
		}
		z.kind, z.text = xmlText, text
		return end, true
	}
	if len(b) < 2 {
		return 0, false
	}
	switch b[1] {
	case '/':
		local, i := scanName(b, 2)
		if i <= 0 {
			return i, false
		}
		i = skipSpace(b, i)
		switch {
		case i == len(b):
			return 0, false
		case b[i] != '>':
			return -1, false
		}
		z.kind, z.local = xmlEnd, local
		return i + 1, true
	case '?', '!':
		return -1, false
	}
	local, i := scanName(b, 1)
	if i <= 0 {
		return i, false
	}
	for {
		i = skipSpace(b, i)
		if i == len(b) {
			return 0, false
		}
		switch b[i] {
		case '>':
			z.kind, z.local = xmlStart, local
			return i + 1, true
		case '/':
			if i+1 == len(b) {
				return 0, false
			}
			if b[i+1] != '>' {
				return -1, false
			}
			z.kind, z.local, z.closeNext = xmlStart, local, true
			return i + 2, true
		}
		var a xmlAttr
		if a.local, i = scanName(b, i); i <= 0 {
			return i, false
		}
		i = skipSpace(b, i)
		if i == len(b) {
			return 0, false
		}
		if b[i] != '=' {
			return -1, false
		}
		i = skipSpace(b, i+1)
		if i == len(b) {
			return 0, false
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return -1, false
		}
		end := bytes.IndexByte(b[i+1:], q)
		if end < 0 {
			return 0, false
		}
		raw := b[i+1 : i+1+end]
		if bytes.IndexByte(raw, '<') >= 0 {
			return -1, false
		}
		if a.value, ok = z.unescape(raw, true); !ok {
			return -1, false
		}
		z.attrs = append(z.attrs, a)
		i += end + 2
	}
}

// textPiece returns where to cut the start b of a long text so that the
// piece reads as it would in the whole text: not within a character
// reference (&#xE5;), a UTF-8 sequence, a "\r\n" or a "]]>". It returns
// -1 when no such cut is found, for encoding/xml to judge the text.
func textPiece(b []byte) int {
	end := len(b)
	if i := bytes.LastIndexByte(b[max(end-16, 0):], '&'); i >= 0 {
		if i += max(end-16, 0); bytes.IndexByte(b[i:], ';') < 0 {
			end = i
		}
	}
	for end > 0 && (b[end-1] == '\r' || b[end-1] == ']') {
		end--
	}
	// Back to the start of the last character, when it is not whole.
	for i := end - 1; i >= max(end-utf8.UTFMax, 0); i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:end]) {
				end = i
			}
			break
		}
	}
	if end <= 0 {
		return -1
	}
	return end
}

// skipSpace skips the white space encoding/xml skips inside tags.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// scanName reads the name at b[i:]: its local part, and the index after it.
// The index is 0 when the name may go on past b, and -1 when the name is
// not a plain one: ASCII, at most one colon with a part on each side.
func scanName(b []byte, i int) (local []byte, next int) {
	start, colon := i, -1
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_':
		case '0' <= c && c <= '9', c == '.', c == '-':
			if i == start || i == colon+1 {
				return nil, -1
			}
		case c == ':':
			if colon >= 0 || i == start {
				return nil, -1
			}
			colon = i
		case c >= utf8.RuneSelf:
			return nil, -1
		default:
			if i == start || i == colon+1 {
				return nil, -1
			}
			if colon >= 0 {
				return b[colon+1 : i], i
			}
			return b[start:i], i
		}
	}
	return nil, 0
}

// unescape returns text or an attribute value as encoding/xml reads it:
// character references replaced, "\r\n" and "\r" made "\n". ok is false for
// what encoding/xml would refuse, or would read otherwise: an entity it does
// not define, a character outside XML's, invalid UTF-8, "]]>" in text. Plain
// input is returned as it is; other input is written to z.decoded.
func (z *xmlScanner) unescape(raw []byte, quoted bool) ([]byte, bool) {
	plain := true
	for _, c := range raw {
		if c == '&' || c == '\r' || c < ' ' && c != '\t' && c != '\n' || c >= utf8.RuneSelf || c == ']' {
			plain = false
			break
		}
	}
	if plain {
		return raw, true
	}
	if !quoted && bytes.Contains(raw, []byte("]]>")) {
		return nil, false
	}
	start := len(z.decoded)
	out := z.decoded
	var prev byte // the byte before, as encoding/xml tracks it for "\r\n"
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '&':
			r, n := charRef(raw[i:])
			if n == 0 {
				return nil, false
			}
			out = utf8.AppendRune(out, r) // a surrogate is U+FFFD, as string(rune(n)) makes it
			i += n - 1
			prev = 0
			continue
		case c == '\r':
			out = append(out, '\n')
		case c == '\n' && prev == '\r':
		default:
			out = append(out, c)
		}
		prev = c
	}
	z.decoded = out
	text := out[start:]
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\t' && c != '\n' && c != '\r' {
				return nil, false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
			return nil, false
		}
		i += size
	}
	return text, true
}

// charRef reads the character reference at the start of b ("&amp;",
// "&#229;", "&#xE5;"): the character and the reference's length, or 0 for
// one encoding/xml must judge.
func charRef(b []byte) (rune, int) {
	end := bytes.IndexByte(b, ';')
	if end < 2 {
		return 0, 0
	}
	name := b[1:end]
	switch string(name) {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "apos":
		return '\'', end + 1
	case "quot":
		return '"', end + 1
	}
	if name[0] != '#' || len(name) < 2 {
		return 0, 0
	}
	digits, base := name[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 || len(digits) > 8 {
		return 0, 0
	}
	for _, c := range digits {
		if !('0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
			return 0, 0
		}
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || n > utf8.MaxRune {
		return 0, 0
	}
	return rune(n), end + 1
}

// isXMLChar is encoding/xml's isInCharacterRange: the characters XML allows.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// slow has encoding/xml read the token at pos, and takes it as the current
// token. Its error is the scanner's, with the line counted from the start of
// the input.
func (z *xmlScanner) slow() error {
	start := z.base + int64(z.pos)
	line := z.line()
	d := xml.NewDecoder(&scanReader{z: z, at: start, start: start, line: line})
	tok, err := d.RawToken()
	if err != nil {
		if se, ok := err.(*xml.SyntaxError); ok {
			se.Line += line - 1
		}
		z.err = err
		return err
	}
	// The decoder may hold one byte back; InputOffset says where the next
	// token starts, a byte still in the buffer (see scanReader).
	end := int(start + d.InputOffset() - z.base)
	z.pos = end
	z.local, z.attrs, z.text, z.decoded = nil, z.attrs[:0], nil, z.decoded[:0]
	switch t := tok.(type) {
	case xml.StartElement:
		z.kind = xmlStart
		z.slowName = append(z.slowName[:0], t.Name.Local...)
		z.local = z.slowName
		for _, a := range t.Attr {
			z.decoded = append(z.decoded, a.Name.Local...)
			z.decoded = append(z.decoded, a.Value...)
		}
		n := 0
		for _, a := range t.Attr {
			l, v := len(a.Name.Local), len(a.Value)
			z.attrs = append(z.attrs, xmlAttr{local: z.decoded[n : n+l], value: z.decoded[n+l : n+l+v]})
			n += l + v
		}
		// A self-closing tag ends in "/>", RawToken's next token is its
		// end. (The bytes from the one before the token's end are in the
		// buffer: see scanReader.)
		z.closeNext = end >= 2 && z.buf[end-2] == '/'
	case xml.EndElement:
		z.kind = xmlEnd
		z.slowName = append(z.slowName[:0], t.Name.Local...)
		z.local = z.slowName
	case xml.CharData:
		z.kind = xmlText
		z.decoded = append(z.decoded, t...)
		z.text = z.decoded
	default:
		z.kind = xmlOther
	}
	return nil
}

// scanReader gives encoding/xml the scanner's input from offset at: the
// bytes in the buffer, then more read into it. Those before at-1 may be
// dropped when more are read; the one before at is kept, as the decoder may
// have read it ahead and held it back.
type scanReader struct {
	z     *xmlScanner
	at    int64
	start int64 // where the token starts
	line  int   // its line
}

func (r *scanReader) ReadByte() (byte, error) {
	z := r.z
	if r.at-r.start > maxSlowToken {
		return 0, errTokenTooLong{r.line}
	}
	i := int(r.at - z.base)
	if i == len(z.buf) {
		z.pos = max(i-1, 0)
		if !z.more() {
			return 0, z.rerr
		}
		i = int(r.at - z.base)
	}
	r.at++
	return z.buf[i], nil
}

func (r *scanReader) Read(p []byte) (int, error) {
	// encoding/xml reads a ByteReader byte by byte.
	if len(p) == 0 {
		return 0, nil
	}
	b, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	p[0] = b
	return 1, nil
}
