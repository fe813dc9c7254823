package importers

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/prio-tool/prio/messages"
)

// Bounds on what a workbook may make the reader do. A workbook is a zip,
// and a zip of a megabyte can unpack to gigabytes (a "zip bomb"): every
// part read is bounded by the bytes it unpacks to, and by what reading it
// builds. Each bound is far above what a real workbook needs.
const (
	// maxPartSize bounds the unpacked size of a sheet: far above the
	// largest sheet Excel writes (1,048,576 rows of a few columns), far
	// below what would exhaust memory or patience. A sheet is streamed,
	// never held.
	maxPartSize = 1 << 30
	// maxStringsPart bounds the shared-string table, which is kept while
	// the sheet is read: a million rows of a dozen text columns, all
	// different, are less.
	maxStringsPart = 512 << 20
	// maxStylesPart bounds the styles: Excel's 64,000 cell formats are a
	// few megabytes.
	maxStylesPart = 64 << 20
	// maxOtherPart bounds the other parts read: the workbook's list of
	// sheets and the relationships, a few kilobytes in a real workbook.
	maxOtherPart = 64 << 20
	// maxUnpacked bounds the parts read from one workbook together.
	maxUnpacked = 2 << 30

	// maxCellFormats bounds the cell formats (cellXfs) read from the
	// styles: Excel allows 64,000.
	maxCellFormats = 1 << 20
	// maxNumberFormats bounds the number formats read from the styles:
	// Excel allows about 250.
	maxNumberFormats = 1 << 16
	// maxSharedStrings bounds the texts of the shared-string table: as
	// many as a 1,048,576-row sheet of 16 text columns, all different,
	// holds. Each costs its text and four bytes.
	maxSharedStrings = 1 << 24

	// maxSheets bounds the sheets looked at for a header.
	maxSheets = 1000
	// maxRows and maxCols are Excel's limits.
	maxRows = 1 << 20 // 1,048,576
	maxCols = maxColumns
)

// partKind is what a part is read as, which sets its bound.
type partKind uint8

const (
	partOther partKind = iota // the workbook's sheet list, relationships
	partStyles
	partStrings
	partSheet
	partKinds
)

// partLimits are the bounds of the unpacked size by kind of part, and
// unpackLimit the bound of all parts read together: variables so that tests
// can lower them.
var (
	partLimits              = [partKinds]int64{maxOtherPart, maxStylesPart, maxStringsPart, maxPartSize}
	unpackLimit       int64 = maxUnpacked
	cellFormatLimit         = maxCellFormats
	sharedStringLimit       = maxSharedStrings
)

// limitError is an error that refuses a workbook for a bound it passes, or
// for a structure that would make a part be read twice: reported as it is,
// not as damage.
type limitError interface {
	error
	limitError()
}

// errPartTooLarge refuses a part beyond its limit.
type errPartTooLarge struct {
	name  string
	limit int64
}

func (errPartTooLarge) limitError() {}

func (e errPartTooLarge) message() messages.Message {
	if e.limit%(1<<20) == 0 {
		return messages.M("%s is larger than %d MiB unpacked, the limit for one part of a workbook", e.name, e.limit>>20)
	}
	return messages.M("%s is larger than %d bytes unpacked, the limit for one part of a workbook", e.name, e.limit)
}

func (e errPartTooLarge) Error() string { return e.message().String() }

// Localize gives the error in language l.
func (e errPartTooLarge) Localize(l messages.Lang) string { return e.message().In(l) }

// errUnpackedTooMuch refuses a part that would take the parts read beyond
// unpackLimit.
type errUnpackedTooMuch struct {
	name  string
	limit int64
}

func (errUnpackedTooMuch) limitError() {}

func (e errUnpackedTooMuch) message() messages.Message {
	if e.limit%(1<<20) == 0 {
		return messages.M("%s: with this part the parts read unpack to more than %d MiB, the limit for one workbook", e.name, e.limit>>20)
	}
	return messages.M("%s: with this part the parts read unpack to more than %d bytes, the limit for one workbook", e.name, e.limit)
}

func (e errUnpackedTooMuch) Error() string { return e.message().String() }

// Localize gives the error in language l.
func (e errUnpackedTooMuch) Localize(l messages.Lang) string { return e.message().In(l) }

// errBuildsTooMuch refuses a part that holds more of something than is
// read: its message is made where the bound is passed.
type errBuildsTooMuch struct{ msg messages.Message }

func (errBuildsTooMuch) limitError()     {}
func (e errBuildsTooMuch) Error() string { return e.msg.String() }

// Localize gives the error in language l.
func (e errBuildsTooMuch) Localize(l messages.Lang) string { return e.msg.In(l) }

// errTooManySheets refuses a workbook of more than maxSheets sheets.
type errTooManySheets struct{}

func (errTooManySheets) limitError() {}

func (errTooManySheets) message() messages.Message {
	return messages.M("the workbook has more than %d sheets, the most that are read", maxSheets)
}

func (e errTooManySheets) Error() string { return e.message().String() }

// Localize gives the error in language l.
func (e errTooManySheets) Localize(l messages.Lang) string { return e.message().In(l) }

// errDuplicatePart refuses a zip with two entries of one name, or of names
// that differ only in case: programs differ in which they read, so the same
// file would show different numbers in different programs.
type errDuplicatePart struct{ first, second string }

func (errDuplicatePart) limitError() {}

func (e errDuplicatePart) message() messages.Message {
	if e.first == e.second {
		return messages.M("the zip holds two entries named %s: programs differ in which they read, so prio reads neither", quote(e.first))
	}
	return messages.M("the zip holds two entries whose names differ only in case, %s and %s: programs differ in which they read, so prio reads neither",
		quote(e.first), quote(e.second))
}

func (e errDuplicatePart) Error() string { return e.message().String() }

// Localize gives the error in language l.
func (e errDuplicatePart) Localize(l messages.Lang) string { return e.message().In(l) }

// errSharedPart refuses a workbook in which one part serves twice: two
// sheets, or a sheet and the shared strings. It would be read twice, and
// a workbook Excel writes never does it.
type errSharedPart struct {
	part          string
	first, second messages.Message
}

func (errSharedPart) limitError() {}

func (e errSharedPart) message() messages.Message {
	return messages.M("%s and %s are the same part, %s: in a workbook each has a part of its own", e.first, e.second, e.part)
}

func (e errSharedPart) Error() string { return e.message().String() }

// Localize gives the error in language l.
func (e errSharedPart) Localize(l messages.Lang) string { return e.message().In(l) }

// errPartReadTwice refuses to unpack a part a second time.
type errPartReadTwice struct{ name string }

func (errPartReadTwice) limitError() {}

func (e errPartReadTwice) message() messages.Message {
	return messages.M("the part %s would be unpacked a second time", e.name)
}

func (e errPartReadTwice) Error() string { return e.message().String() }

// Localize gives the error in language l.
func (e errPartReadTwice) Localize(l messages.Lang) string { return e.message().In(l) }

// workbookZip is the package of a workbook: its parts by name, and the
// account of what has been unpacked.
type workbookZip struct {
	ctx   context.Context
	parts map[string]*zip.File // by lower-case name: part names are case-insensitive
	// counted are the parts whose size is in total, the unpacked size of
	// the parts read or about to be; opened counts how often each part
	// was opened.
	counted map[string]bool
	opened  map[string]int
	total   int64
}

// newWorkbookZip indexes the zip's entries. Two entries whose names differ
// at most in case are an error.
func newWorkbookZip(ctx context.Context, zr *zip.Reader) (*workbookZip, error) {
	z := &workbookZip{ctx: ctx, parts: make(map[string]*zip.File, len(zr.File)), counted: make(map[string]bool), opened: make(map[string]int)}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if other, dup := z.parts[name]; dup {
			return nil, errDuplicatePart{other.Name, f.Name}
		}
		z.parts[name] = f
	}
	return z, nil
}

// size returns the unpacked size of a part, as the zip's central directory
// gives it: archive/zip holds a part to it, failing one that unpacks to
// more or less.
func (z *workbookZip) size(name string) int64 {
	if f, ok := z.parts[strings.ToLower(name)]; ok {
		return int64(min(f.UncompressedSize64, math.MaxInt64))
	}
	return 0
}

func (z *workbookZip) has(name string) bool {
	_, ok := z.parts[strings.ToLower(name)]
	return ok
}

// account checks a part to be read against the bound of its kind and adds
// its size to what the workbook unpacks, once: a part refused by its size
// is refused before a byte is unpacked.
func (z *workbookZip) account(name string, kind partKind) error {
	key := strings.ToLower(name)
	if z.counted[key] {
		return nil
	}
	size := z.size(name)
	if limit := partLimits[kind]; size > limit {
		return errPartTooLarge{name, limit}
	}
	if size > unpackLimit-z.total {
		return errUnpackedTooMuch{name, unpackLimit}
	}
	z.total += size
	z.counted[key] = true
	return nil
}

// open opens a part for reading, for the first and only time.
func (z *workbookZip) open(name string, kind partKind) (io.ReadCloser, error) {
	f, ok := z.parts[strings.ToLower(name)]
	if !ok {
		return nil, messages.Errorf("the part %s is missing", name)
	}
	if err := z.account(name, kind); err != nil {
		return nil, err
	}
	if z.opened[strings.ToLower(name)] > 0 {
		return nil, errPartReadTwice{name}
	}
	return z.unpack(f, name)
}

// reopen opens a sheet a second time, to read its rows: the first reading
// found its header, whose merged cells are at the end of the part. It is
// the one part unpacked twice.
func (z *workbookZip) reopen(name string) (io.ReadCloser, error) {
	f, ok := z.parts[strings.ToLower(name)]
	if !ok {
		return nil, messages.Errorf("the part %s is missing", name)
	}
	if z.opened[strings.ToLower(name)] != 1 {
		return nil, errPartReadTwice{name}
	}
	return z.unpack(f, name)
}

// openForFormulas opens a sheet again to find what formulas without a
// saved result refer to. Those readings are bounded by the formula book's
// own budget of bytes read again (formulaBook.scanLeft) and its passes,
// not by the rule of one reading a part: a part a formula reads is
// unpacked at most once per pass.
func (z *workbookZip) openForFormulas(name string) (io.ReadCloser, error) {
	f, ok := z.parts[strings.ToLower(name)]
	if !ok {
		return nil, messages.Errorf("the part %s is missing", name)
	}
	if err := z.account(name, partSheet); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, messages.Errorf("%s: %w", name, err)
	}
	return namedPart{rc, name, z.ctx}, nil
}

func (z *workbookZip) unpack(f *zip.File, name string) (io.ReadCloser, error) {
	z.opened[strings.ToLower(name)]++
	rc, err := f.Open()
	if err != nil {
		return nil, messages.Errorf("%s: %w", name, err)
	}
	return namedPart{rc, name, z.ctx}, nil
}

// namedPart names its part in read errors, and stops reading when the
// context is cancelled (Ctrl-C).
type namedPart struct {
	io.ReadCloser
	name string
	ctx  context.Context
}

func (p namedPart) Read(b []byte) (int, error) {
	if p.ctx != nil {
		if err := p.ctx.Err(); err != nil {
			return 0, messages.Errorf("%s: %w", p.name, err)
		}
	}
	n, err := p.ReadCloser.Read(b)
	if err != nil && err != io.EOF {
		err = messages.Errorf("%s: %w", p.name, err)
	}
	return n, err
}

// scanPart streams a part's XML tokens to fn with xmlScanner (names are
// matched by local name, so any namespace prefix and the strict-OOXML
// namespace work). An error names the part.
func (z *workbookZip) scanPart(name string, kind partKind, fn func(sc *xmlScanner) error) error {
	rc, err := z.open(name, kind)
	if err != nil {
		return err
	}
	defer rc.Close()
	sc := newXMLScanner(rc)
	depth := 0 // start and end tags are not matched (as by RawToken): count them
	for {
		err := sc.next()
		if err == io.EOF {
			if depth > 0 {
				return xmlError(name, &xml.SyntaxError{Msg: "unexpected EOF", Line: sc.line()})
			}
			return nil
		}
		if err != nil {
			return xmlError(name, err)
		}
		switch sc.kind {
		case xmlStart:
			depth++
		case xmlEnd:
			depth--
		}
		if err := fn(sc); err != nil {
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
	return messages.Errorf("%s: %w", name, err)
}

// xmlBool reads an xsd:boolean attribute value.
func xmlBool(b []byte) bool {
	s := strings.TrimSpace(string(b))
	return s == "1" || strings.EqualFold(s, "true") || strings.EqualFold(s, "on")
}

// relationship is one entry of a .rels part.
type relationship struct {
	typ    string // the Type URI
	target string // the part it points to, resolved to a name in the zip; "" for external targets
}

// readRels reads the relationships of a part (source "" for the package's
// own), resolving their targets against the source's folder. It keeps only
// those keep wants, by id and type: a part may list any number.
func (z *workbookZip) readRels(source string, keep func(id, typ string) bool) (map[string]relationship, error) {
	name := relsName(source)
	rels := make(map[string]relationship)
	if !z.has(name) {
		return rels, nil
	}
	dir, _ := path.Split(source)
	err := z.scanPart(name, partOther, func(sc *xmlScanner) error {
		if sc.kind != xmlStart || string(sc.local) != "Relationship" {
			return nil
		}
		id, typ := string(scanAttr(sc.attrs, "Id")), string(scanAttr(sc.attrs, "Type"))
		if id == "" || !keep(id, typ) {
			return nil
		}
		r := relationship{typ: typ}
		if !strings.EqualFold(string(scanAttr(sc.attrs, "TargetMode")), "External") {
			r.target = resolveTarget(dir, string(scanAttr(sc.attrs, "Target")))
		}
		rels[id] = r
		return nil
	})
	return rels, err
}

// relsName is the name of the part that holds the relationships of source.
func relsName(source string) string {
	dir, base := path.Split(source)
	return dir + "_rels/" + base + ".rels"
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
	rootRels, err := z.readRels("", func(_, typ string) bool { return relType(typ, "officeDocument") })
	if err != nil {
		return nil, err
	}
	main := "xl/workbook.xml"
	for _, r := range rootRels {
		if r.target != "" && z.has(r.target) {
			main = r.target
			break
		}
	}
	if !z.has(main) {
		return nil, messages.Errorf("the part %s is missing", main)
	}
	type entry struct {
		name, rid string
		hidden    bool
	}
	var entries []entry
	ids := make(map[string]bool)
	err = z.scanPart(main, partOther, func(sc *xmlScanner) error {
		if sc.kind != xmlStart {
			return nil
		}
		switch string(sc.local) {
		case "workbookPr":
			wb.date1904 = xmlBool(scanAttr(sc.attrs, "date1904"))
		case "sheet":
			if len(entries) == maxSheets {
				return errTooManySheets{}
			}
			var en entry
			for _, a := range sc.attrs {
				switch string(a.local) {
				case "name":
					en.name = string(a.value)
				case "id":
					// r:id, in the relationships namespace; the scanner
					// gives local names only, and sheetId has another.
					en.rid = string(a.value)
				case "state":
					en.hidden = string(a.value) == "hidden" || string(a.value) == "veryHidden"
				}
			}
			entries = append(entries, en)
			ids[en.rid] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rels, err := z.readRels(main, func(id, typ string) bool {
		return ids[id] || relType(typ, "sharedStrings") || relType(typ, "styles")
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
	if !z.has(sstPart) {
		sstPart = ""
	}
	if !z.has(stylesPart) {
		stylesPart = ""
	}
	if err := wb.checkPartsDistinct(main, sstPart, stylesPart); err != nil {
		return nil, err
	}
	if sstPart != "" {
		if wb.strings, err = z.readSharedStrings(sstPart); err != nil {
			return nil, err
		}
	}
	if stylesPart != "" {
		if wb.percent, err = z.readPercentStyles(stylesPart); err != nil {
			return nil, err
		}
	}
	return wb, nil
}

// checkPartsDistinct refuses a workbook in which one part serves twice (two
// worksheets, or a worksheet and the shared strings), so that no part is
// unpacked and read twice: a workbook whose thousand sheets all named one
// large part would otherwise be read a thousand times.
func (wb *workbook) checkPartsDistinct(main, sstPart, stylesPart string) error {
	roles := make(map[string]messages.Message)
	claim := func(part string, role messages.Message) error {
		if part == "" {
			return nil
		}
		key := strings.ToLower(part)
		if first, ok := roles[key]; ok {
			return errSharedPart{part, first, role}
		}
		roles[key] = role
		return nil
	}
	if err := claim(main, messages.T("the workbook")); err != nil {
		return err
	}
	for _, rels := range []string{relsName(""), relsName(main)} {
		if wb.zip.has(rels) {
			if err := claim(rels, messages.T("the relationships")); err != nil {
				return err
			}
		}
	}
	if err := claim(sstPart, messages.T("the shared strings")); err != nil {
		return err
	}
	if err := claim(stylesPart, messages.T("the styles")); err != nil {
		return err
	}
	for _, sh := range wb.sheets {
		if sh.kind != worksheet {
			continue
		}
		if err := claim(sh.part, messages.M("the sheet %s", quote(sh.name))); err != nil {
			return err
		}
	}
	return nil
}

// readSharedStrings reads the shared-string table: each <si> is its <t>, or
// the concatenation of its runs' <t>, without the phonetic runs (<rPh>). It
// is read with xmlScanner rather than encoding/xml, which would make a few
// hundred bytes of garbage for each of the table's strings, as many as a
// large sheet has text cells.
func (z *workbookZip) readSharedStrings(name string) (*sharedStrings, error) {
	out := &sharedStrings{}
	var text []byte
	inSI, inT, rPh, cut := false, false, 0, false
	size := z.size(name)
	err := z.scanPart(name, partStrings, func(sc *xmlScanner) error {
		switch sc.kind {
		case xmlStart:
			switch string(sc.local) {
			case "sst":
				if n, err := strconv.Atoi(string(scanAttr(sc.attrs, "uniqueCount"))); err == nil && n > 0 && out.ends == nil {
					out.ends = make([]uint32, 0, min(n, 1<<20))
				}
			case "si":
				inSI, text, cut = true, text[:0], false
			case "rPh":
				rPh++
			case "t":
				inT = inSI && rPh == 0
			}
		case xmlEnd:
			switch string(sc.local) {
			case "si":
				if !inSI {
					break
				}
				inSI = false
				if out.len() == sharedStringLimit {
					return errBuildsTooMuch{messages.M("%s holds more than %d shared strings, the most a workbook is read with", name, sharedStringLimit)}
				}
				switch {
				case cut:
					out.addCut()
				case bytes.Contains(text, []byte("_x")):
					out.add([]byte(decodeXString(string(text))), size)
				default:
					out.add(text, size)
				}
			case "rPh":
				rPh = max(rPh-1, 0)
			case "t":
				inT = false
			}
		case xmlText:
			if inT && !cut {
				if len(text)+len(sc.text) > maxSharedText {
					cut, text = true, text[:0]
				} else {
					text = append(text, sc.text...)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readPercentStyles reads which cell styles (cellXfs, by index) have a
// number format that shows a percentage: the built-in formats 9 (0%) and 10
// (0.00%), or a custom format with a % that is not quoted, escaped or in
// brackets.
func (z *workbookZip) readPercentStyles(name string) ([]bool, error) {
	custom := make(map[int]bool) // numFmtId → shows a percentage
	var ids []int32              // the numFmtId of each cellXfs entry
	inXfs := false
	err := z.scanPart(name, partStyles, func(sc *xmlScanner) error {
		switch sc.kind {
		case xmlStart:
			switch string(sc.local) {
			case "numFmt":
				id, err := strconv.Atoi(strings.TrimSpace(string(scanAttr(sc.attrs, "numFmtId"))))
				if err != nil {
					break
				}
				if _, ok := custom[id]; !ok && len(custom) == maxNumberFormats {
					return errBuildsTooMuch{messages.M("%s defines more than %d number formats; Excel allows about 250", name, maxNumberFormats)}
				}
				custom[id] = isPercentFormat(string(scanAttr(sc.attrs, "formatCode")))
			case "cellXfs":
				inXfs = true
			case "xf":
				if !inXfs {
					break
				}
				if len(ids) == cellFormatLimit {
					return errBuildsTooMuch{messages.M("%s defines more than %d cell formats; Excel allows 64000", name, cellFormatLimit)}
				}
				id, err := strconv.ParseInt(strings.TrimSpace(string(scanAttr(sc.attrs, "numFmtId"))), 10, 32)
				if err != nil {
					id = 0
				}
				ids = append(ids, int32(id))
			}
		case xmlEnd:
			if string(sc.local) == "cellXfs" {
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
		if p, ok := custom[int(id)]; ok {
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
	return string(appendXString(nil, s))
}

// appendXString appends s to dst with Excel's _xHHHH_ escapes undone.
func appendXString[T string | []byte](dst []byte, s T) []byte {
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			hex := string(s[i+2 : i+6])
			if n, err := strconv.ParseUint(hex, 16, 16); err == nil && isHex4(hex) {
				r := rune(n)
				if !utf8.ValidRune(r) {
					r = utf8.RuneError
				}
				dst = utf8.AppendRune(dst, r)
				i += 7
				continue
			}
		}
		dst = append(dst, s[i])
		i++
	}
	return dst
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

// maxRowText bounds the text of the cells of one row read from a sheet's
// XML, as MaxLineBytes bounds a CSV line: a row's cells are held until the
// next row.
const maxRowText = MaxLineBytes

// keepText reports whether n more bytes of text of the current cell are
// kept: a cell's text of more than maxSharedText bytes has more than
// MaxCellChars characters, so the rest is not, and the cell is cut.
func (s *sheetReader) keepText(n int) bool {
	if !s.cut && len(s.value)+len(s.t)+len(s.formula)+n > maxSharedText {
		s.cut = true
		s.value, s.t, s.formula = s.value[:0], s.t[:0], s.formula[:0]
	}
	return !s.cut
}

// rowTooLong reports whether the current row's text has passed maxRowText;
// the row is reported once, and its further cells are not read.
func (s *sheetReader) rowTooLong() bool {
	if len(s.text)-s.rowText <= maxRowText {
		return false
	}
	if !s.rowCut {
		s.rowCut = true
		s.problem(0, "the row holds more than %d MiB of text, more than a portfolio's row", maxRowText>>20)
	}
	return true
}

// maxHeaderAreaText bounds the text kept of a sheet's first HeaderRows rows
// while its header is looked for, on top of what the shared strings hold:
// thirty rows of a real portfolio are a few hundred kilobytes.
const maxHeaderAreaText = 16 << 20

// headerText is the part of a cell's text that header detection needs: a
// text longer than maxHeaderBytes is no header, and only its start is kept
// (still longer than maxHeaderBytes, and cut at a character's start). The
// rows read as data are read again, whole.
func headerText(s string) string {
	if len(s) <= maxHeaderBytes+1 {
		return s
	}
	end := maxHeaderBytes + 1
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	return s[:end]
}
