package importers

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/prio-tool/prio/messages"
)

// Bounds on what a workbook may make the reader do.
const (
	// maxPartSize bounds the unpacked size of every part of a workbook
	// read: far above the largest sheet Excel writes (1,048,576 rows of a
	// few columns), far below what would exhaust memory or patience.
	maxPartSize = 1 << 30
	// maxStringsPrealloc bounds the room made for the shared strings'
	// text before reading it: the part's size is only what the zip claims.
	maxStringsPrealloc = 64 << 20
	// maxSheets bounds the sheets looked at for a header.
	maxSheets = 1000
	// maxRows and maxCols are Excel's limits.
	maxRows = 1 << 20 // 1,048,576
	maxCols = maxColumns
)

// partLimit is maxPartSize, lowered by tests.
var partLimit int64 = maxPartSize

// errPartTooLarge refuses a part beyond its limit.
type errPartTooLarge struct {
	name  string
	limit int64
}

func (e errPartTooLarge) Error() string {
	if e.limit%(1<<20) == 0 {
		return messages.Sprintf("%s is larger than %d MiB unpacked, the limit for one part of a workbook", e.name, e.limit>>20)
	}
	return messages.Sprintf("%s is larger than %d bytes unpacked, the limit for one part of a workbook", e.name, e.limit)
}

// errTooManySheets refuses a workbook of more than maxSheets sheets.
type errTooManySheets struct{}

func (errTooManySheets) Error() string {
	return messages.Sprintf("the workbook has more than %d sheets, the most that are read", maxSheets)
}

// workbookZip is the package of a workbook: its parts by name.
type workbookZip struct {
	parts map[string]*zip.File // by lower-case name: part names are case-insensitive
	limit int64                // the largest a part may be unpacked
}

func newWorkbookZip(zr *zip.Reader) *workbookZip {
	z := &workbookZip{parts: make(map[string]*zip.File, len(zr.File)), limit: partLimit}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := z.parts[name]; !dup {
			z.parts[name] = f
		}
	}
	return z
}

// size returns the unpacked size of a part as the zip claims it.
func (z *workbookZip) size(name string) int64 {
	if f, ok := z.parts[strings.ToLower(name)]; ok {
		return int64(min(f.UncompressedSize64, uint64(z.limit)))
	}
	return 0
}

func (z *workbookZip) has(name string) bool {
	_, ok := z.parts[strings.ToLower(name)]
	return ok
}

// open opens a part for reading. A part larger than z.limit unpacked is
// refused by the size the zip's central directory gives, which archive/zip
// holds the data to: it fails a part that unpacks to more.
func (z *workbookZip) open(name string) (io.ReadCloser, error) {
	f, ok := z.parts[strings.ToLower(name)]
	if !ok {
		return nil, messages.Errorf("the part %s is missing", name)
	}
	if f.UncompressedSize64 > uint64(z.limit) {
		return nil, errPartTooLarge{name, z.limit}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return namedPart{rc, name}, nil
}

// namedPart names its part in read errors.
type namedPart struct {
	io.ReadCloser
	name string
}

func (p namedPart) Read(b []byte) (int, error) {
	n, err := p.ReadCloser.Read(b)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%s: %w", p.name, err)
	}
	return n, err
}

// readXMLPart streams a part's XML tokens (RawToken: names are matched by
// local name, so any namespace prefix and the strict-OOXML namespace work)
// to fn. An error names the part.
func (z *workbookZip) readXMLPart(name string, fn func(d *xml.Decoder, tok xml.Token) error) error {
	rc, err := z.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	depth := 0 // RawToken does not match start and end tags: count them
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if depth > 0 {
				line, _ := d.InputPos()
				return xmlError(name, &xml.SyntaxError{Msg: "unexpected EOF", Line: line})
			}
			return nil
		}
		if err != nil {
			return xmlError(name, err)
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
		if err := fn(d, tok); err != nil {
			return err
		}
	}
}

// xmlError names the part of an XML error, which may be a read error of the
// part itself.
func xmlError(name string, err error) error {
	if strings.HasPrefix(err.Error(), name+":") {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

// attr returns the value of the attribute with the local name, or "".
func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// xmlBool reads an xsd:boolean attribute value.
func xmlBool(s string) bool {
	s = strings.TrimSpace(s)
	return s == "1" || strings.EqualFold(s, "true") || strings.EqualFold(s, "on")
}

// relationship is one entry of a .rels part.
type relationship struct {
	typ    string // the Type URI
	target string // the part it points to, resolved to a name in the zip; "" for external targets
}

// readRels reads the relationships of a part (source "" for the package's
// own), resolving their targets against the source's folder.
func (z *workbookZip) readRels(source string) (map[string]relationship, error) {
	dir, base := path.Split(source)
	name := dir + "_rels/" + base + ".rels"
	rels := make(map[string]relationship)
	if !z.has(name) {
		return rels, nil
	}
	err := z.readXMLPart(name, func(_ *xml.Decoder, tok xml.Token) error {
		e, ok := tok.(xml.StartElement)
		if !ok || e.Name.Local != "Relationship" {
			return nil
		}
		r := relationship{typ: attr(e, "Type")}
		if !strings.EqualFold(attr(e, "TargetMode"), "External") {
			r.target = resolveTarget(dir, attr(e, "Target"))
		}
		if id := attr(e, "Id"); id != "" {
			rels[id] = r
		}
		return nil
	})
	return rels, err
}

// resolveTarget resolves a relationship target: absolute ("/xl/styles.xml")
// from the package root, relative ("worksheets/sheet1.xml") from dir.
func resolveTarget(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+dir+target), "/")
}

// relType reports whether a relationship type URI ends in the kind, as both
// the transitional and the strict URIs do (".../relationships/worksheet").
func relType(uri, kind string) bool {
	return strings.HasSuffix(uri, "/"+kind)
}

// sheetKind tells worksheets, the sheets of cells, from chart sheets and
// others.
type sheetKind uint8

const (
	worksheet sheetKind = iota
	otherSheet
)

// sheetInfo is one sheet of the workbook, in workbook order.
type sheetInfo struct {
	name   string
	part   string // the zip entry of its XML
	hidden bool   // state="hidden" or "veryHidden"
	kind   sheetKind
}

// workbook is what the reader needs from a workbook's parts besides the
// sheets' cells.
type workbook struct {
	zip      *workbookZip
	sheets   []sheetInfo
	date1904 bool
	strings  *sharedStrings // nil when the workbook has none
	percent  []bool         // by cell style index: the style's number format shows a percentage
}

// openWorkbook reads the workbook's sheet list, shared strings and styles.
func openWorkbook(z *workbookZip) (*workbook, error) {
	wb := &workbook{zip: z}
	rootRels, err := z.readRels("")
	if err != nil {
		return nil, err
	}
	main := "xl/workbook.xml"
	for _, r := range rootRels {
		if relType(r.typ, "officeDocument") && r.target != "" && z.has(r.target) {
			main = r.target
			break
		}
	}
	if !z.has(main) {
		return nil, messages.Errorf("the part %s is missing", main)
	}
	rels, err := z.readRels(main)
	if err != nil {
		return nil, err
	}
	type entry struct {
		name, rid string
		hidden    bool
	}
	var entries []entry
	err = z.readXMLPart(main, func(_ *xml.Decoder, tok xml.Token) error {
		e, ok := tok.(xml.StartElement)
		if !ok {
			return nil
		}
		switch e.Name.Local {
		case "workbookPr":
			wb.date1904 = xmlBool(attr(e, "date1904"))
		case "sheet":
			if len(entries) == maxSheets {
				return errTooManySheets{}
			}
			var en entry
			for _, a := range e.Attr {
				switch a.Name.Local {
				case "name":
					en.name = a.Value
				case "id":
					// r:id, in the relationships namespace (sheetId has
					// another local name).
					if a.Name.Space != "" || en.rid == "" {
						en.rid = a.Value
					}
				case "state":
					en.hidden = a.Value == "hidden" || a.Value == "veryHidden"
				}
			}
			entries = append(entries, en)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, en := range entries {
		r, ok := rels[en.rid]
		switch {
		case !ok || r.target == "":
			return nil, messages.Errorf("the sheet %s has no part in %s", quote(en.name), main)
		case !z.has(r.target):
			return nil, messages.Errorf("the part %s of the sheet %s is missing", r.target, quote(en.name))
		}
		kind := otherSheet
		if relType(r.typ, "worksheet") {
			kind = worksheet
		}
		wb.sheets = append(wb.sheets, sheetInfo{name: en.name, part: r.target, hidden: en.hidden, kind: kind})
	}

	var sstPart, stylesPart string
	for _, r := range rels {
		switch {
		case relType(r.typ, "sharedStrings") && r.target != "":
			sstPart = r.target
		case relType(r.typ, "styles") && r.target != "":
			stylesPart = r.target
		}
	}
	if sstPart == "" && z.has("xl/sharedStrings.xml") {
		sstPart = "xl/sharedStrings.xml"
	}
	if stylesPart == "" && z.has("xl/styles.xml") {
		stylesPart = "xl/styles.xml"
	}
	if sstPart != "" && z.has(sstPart) {
		if wb.strings, err = z.readSharedStrings(sstPart); err != nil {
			return nil, err
		}
	}
	if stylesPart != "" && z.has(stylesPart) {
		if wb.percent, err = z.readPercentStyles(stylesPart); err != nil {
			return nil, err
		}
	}
	return wb, nil
}

// readSharedStrings reads the shared-string table: each <si> is its <t>, or
// the concatenation of its runs' <t>, without the phonetic runs (<rPh>). It
// is read with xmlScanner rather than readXMLPart's encoding/xml, which
// would make a few hundred bytes of garbage for each of the table's
// strings, as many as a large sheet has text cells.
func (z *workbookZip) readSharedStrings(name string) (*sharedStrings, error) {
	rc, err := z.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// The text is at most as long as the part's XML: room for it at
	// once, not grown by copying (bounded, as the size is only a claim),
	// and trimmed at the end.
	out := &sharedStrings{data: make([]byte, 0, min(z.size(name), maxStringsPrealloc))}
	var text []byte
	inSI, inT, rPh := false, false, 0
	depth := 0 // start and end tags are not matched: count them, as readXMLPart does
	sc := newXMLScanner(rc)
	for {
		err := sc.next()
		if err == io.EOF {
			if depth > 0 {
				return nil, xmlError(name, &xml.SyntaxError{Msg: "unexpected EOF", Line: sc.line()})
			}
			break
		}
		if err != nil {
			return nil, xmlError(name, err)
		}
		switch sc.kind {
		case xmlStart:
			depth++
			switch string(sc.local) {
			case "sst":
				if n, err := strconv.Atoi(string(scanAttr(sc.attrs, "uniqueCount"))); err == nil && n > 0 && out.ends == nil {
					out.ends = make([]uint32, 0, min(n, 1<<20))
				}
			case "si":
				inSI, text = true, text[:0]
			case "rPh":
				rPh++
			case "t":
				inT = inSI && rPh == 0
			}
		case xmlEnd:
			depth--
			switch string(sc.local) {
			case "si":
				if inSI {
					if bytes.Contains(text, []byte("_x")) {
						out.data = append(out.data, decodeXString(string(text))...)
					} else {
						out.data = append(out.data, text...)
					}
					out.ends = append(out.ends, uint32(len(out.data)))
				}
				inSI = false
			case "rPh":
				rPh = max(rPh-1, 0)
			case "t":
				inT = false
			}
		case xmlText:
			if inT {
				text = append(text, sc.text...)
			}
		}
	}
	if cap(out.data)-len(out.data) > len(out.data)/8 {
		// The table is kept for the whole import, and a portfolio keeps
		// what it uses of it: not the room left.
		out.data = bytes.Clone(out.data)
	}
	return out, nil
}

// readPercentStyles reads which cell styles (cellXfs, by index) have a
// number format that shows a percentage: the built-in formats 9 (0%) and 10
// (0.00%), or a custom format with a % that is not quoted, escaped or in
// brackets.
func (z *workbookZip) readPercentStyles(name string) ([]bool, error) {
	custom := make(map[int]bool) // numFmtId → shows a percentage
	var ids []int                // the numFmtId of each cellXfs entry
	inXfs := false
	err := z.readXMLPart(name, func(_ *xml.Decoder, tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				if id, err := strconv.Atoi(strings.TrimSpace(attr(t, "numFmtId"))); err == nil {
					custom[id] = isPercentFormat(attr(t, "formatCode"))
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, err := strconv.Atoi(strings.TrimSpace(attr(t, "numFmtId")))
					if err != nil {
						id = 0
					}
					ids = append(ids, id)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]bool, len(ids))
	for i, id := range ids {
		if p, ok := custom[id]; ok {
			out[i] = p
		} else {
			out[i] = id == 9 || id == 10
		}
	}
	return out, nil
}

// isPercentFormat reports whether a number format code shows a percentage:
// a % outside quoted text ("…"), brackets ([Red], [$-41D]) and escapes (\%,
// and the _% and *% of padding and fill).
func isPercentFormat(code string) bool {
	for i := 0; i < len(code); i++ {
		switch code[i] {
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return false
			}
			i += j + 1
		case '\\', '_', '*':
			i++ // the next character is literal
		case '%':
			return true
		}
	}
	return false
}

// decodeXString undoes Excel's escapes of characters XML cannot hold:
// "_x000D_" is a carriage return and "_x005F_" an underscore.
func decodeXString(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil && isHex4(s[i+2:i+6]) {
				r := rune(n)
				if !utf8.ValidRune(r) {
					r = utf8.RuneError
				}
				b.WriteRune(r)
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func isHex4(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if !(s[i] >= '0' && s[i] <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
