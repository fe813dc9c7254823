package importers

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/internal/strictyaml"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
)

// MaxFileSize bounds one input file. The largest portfolios are a few
// megabytes; a file near this size is a mistake.
const MaxFileSize = 512 << 20

// maxFileSize is MaxFileSize, lowered by tests.
var maxFileSize int64 = MaxFileSize

// Source is one input file as the user gave it, already read.
type Source struct {
	Path string // as given; used in every message
	Data []byte
}

// input is a file to read: in memory, or a workbook read in place.
type input struct {
	path string
	data []byte      // the file's bytes; nil for a workbook read in place
	ra   io.ReaderAt // a workbook read in place, a zip of size bytes
	size int64
}

// ReadFiles reads the files at paths, each at most MaxFileSize bytes, as
// [Read] does. The files are read in place rather than loaded: a
// workbook's parts are unpacked as they are read, a CSV file is read in
// passes of a megabyte.
func ReadFiles(set *criteria.Set, paths []string, opts Options) (*portfolio.Portfolio, error) {
	return ReadFilesJoined(context.Background(), set, paths, nil, opts)
}

// ReadFilesJoined is [ReadJoined] for files on disk. When ctx is cancelled
// (Ctrl-C), reading stops within a read of a megabyte or so and the error
// is ctx's.
func ReadFilesJoined(ctx context.Context, set *criteria.Set, paths, joinPaths []string, opts Options) (*portfolio.Portfolio, error) {
	var opened []input
	defer func() {
		for _, in := range opened {
			if c, ok := in.ra.(io.Closer); ok {
				c.Close()
			}
		}
	}()
	open := func(paths []string) ([]input, error) {
		var out []input
		for _, path := range paths {
			in, err := openInput(path)
			if err != nil {
				return nil, err
			}
			opened = append(opened, in)
			out = append(out, in)
		}
		return out, nil
	}
	inputs, err := open(paths)
	if err != nil {
		return nil, err
	}
	joins, err := open(joinPaths)
	if err != nil {
		return nil, err
	}
	return readInputs(ctx, set, inputs, joins, opts)
}

// readChunk is how much is read at a time from a file in passes over it,
// so that a cancelled run stops between two reads.
const readChunk = 1 << 20

// openInput opens a file, to be read in place: a workbook's parts are
// unpacked as they are read, and a CSV file is read in passes of a
// megabyte, so that no file is ever held whole. Its size is checked before
// a byte is read, and only that many bytes are read.
func openInput(path string) (input, error) {
	// fileerr.Open opens regular files only, without waiting on a named
	// pipe, so every file opened has a size.
	f, err := fileerr.Open(path)
	if err != nil {
		return input{}, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return input{}, fileerr.Describe(path, err)
	}
	if fi.Size() > maxFileSize {
		f.Close()
		return input{}, tooLarge(path)
	}
	return input{path: path, ra: f, size: fi.Size()}, nil
}

// tooLarge refuses a file larger than maxFileSize.
func tooLarge(path string) error {
	if maxFileSize%(1<<20) == 0 {
		return messages.Errorf("%s: larger than %d MiB, the limit for one input file", path, maxFileSize>>20)
	}
	return messages.Errorf("%s: larger than %d bytes, the limit for one input file", path, maxFileSize)
}

// SourceFrom reads a file for [Read] from r (an upload, a database blob, a
// file a caller opened), at most MaxFileSize bytes; path names it in every
// message. Whether it is a workbook or CSV is told from its bytes.
func SourceFrom(path string, r io.Reader) (Source, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return Source{}, messages.Errorf("%s: %w", path, err)
	}
	if int64(len(data)) > maxFileSize {
		return Source{}, tooLarge(path)
	}
	return Source{Path: path, Data: data}, nil
}

// ctxReader stops reading when its context is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Read reads every source into one portfolio, guided by the set's fields
// (not its derived fields). Problems in the files come back together as an
// [ErrorList]; if there is any, no portfolio is returned.
func Read(set *criteria.Set, sources []Source, opts Options) (*portfolio.Portfolio, error) {
	return ReadJoined(context.Background(), set, sources, nil, opts)
}

// ReadJoined reads the sources as Read does, then adds the columns of the
// joined files to the investments by id (--join: an analyst's assessment
// beside an agency's submission). A joined file needs an id column and names
// only the fields it adds; its ids must all be in the portfolio, and a value
// it gives must equal any value the portfolio already has. Options.Sheet
// applies to the sources, not to the joined files. When ctx is cancelled,
// reading stops and the error is ctx's.
func ReadJoined(ctx context.Context, set *criteria.Set, sources, joins []Source, opts Options) (*portfolio.Portfolio, error) {
	return readInputs(ctx, set, sourceInputs(sources), sourceInputs(joins), opts)
}

func sourceInputs(sources []Source) []input {
	inputs := make([]input, len(sources))
	for i, src := range sources {
		inputs[i] = input{path: src.Path, data: src.Data}
	}
	return inputs
}

// readInputs is ReadJoined for files in memory or read in place.
func readInputs(ctx context.Context, set *criteria.Set, inputs, joins []input, opts Options) (*portfolio.Portfolio, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if set == nil {
		return nil, messages.New("no criteria set to guide the import")
	}
	switch opts.Locale {
	case "", LocaleSV, LocaleEN:
	default:
		return nil, messages.Errorf("unknown locale %q (use sv or en)", opts.Locale)
	}
	fields := make([]portfolio.Field, len(set.Fields))
	for i, f := range set.Fields {
		fields[i] = portfolio.Field{Name: f.Name, Kind: f.Type, Levels: f.Levels}
	}
	p := portfolio.New(fields)
	st := newReadState(ctx, p, set.Fields, opts)
	if st.idIdx < 0 {
		return nil, messages.New("the criteria set has no id field to name the investments")
	}
	var errs ErrorList
	var readers []*fileReader
	for _, in := range inputs {
		fr, err := st.readInput(in)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		readers = append(readers, fr)
		errs = append(errs, fr.errs.finish()...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	supplied := make([]bool, len(fields))
	if len(joins) > 0 {
		jerrs, err := st.readJoins(joins, supplied)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(jerrs) > 0 {
			return nil, jerrs
		}
	}
	for _, fr := range readers {
		for _, a := range fr.absent {
			if !supplied[a.field] {
				fr.absentColumn(a)
			}
		}
		errs = append(errs, fr.errs.finish()...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for _, fr := range readers {
		p.Warnings = append(p.Warnings, texts(fr.warns.finish())...)
		p.Notes = append(p.Notes, texts(fr.notes.finish())...)
	}
	return p, nil
}

// absentColumn decides what a field without a column in this file (and in
// no joined file) means. A field nothing reads may be absent without a
// word. One that a criterion, starting point or derived field reads is an
// error, unless the field says absent: missing: a typo in a header, or a
// column an agency left out, would otherwise count as missing (worst) for
// every investment and reorder the ranking without a word (FORMATS.md §1,
// amended 2026-12).
func (fr *fileReader) absentColumn(a absentColumn) {
	f := fr.fields[a.field]
	if len(f.ReadBy) == 0 {
		return
	}
	looked := strings.Join(quoteAll(f.Headers), ", ")
	readers := strings.Join(f.ReadBy, ", ")
	if f.Absent == criteria.AbsentMissing {
		fr.warns.addf(a.cell, "no column for field %s (looked for %s; read by %s): it counts as missing in every row of this file, as the field's absent: missing allows", f.Name, looked, readers)
		fr.p.Absent = append(fr.p.Absent, portfolio.AbsentColumn{Field: f.Name, Headers: slices.Clone(f.Headers), Input: fr.input, ReadBy: f.ReadBy, Investments: fr.p.Inputs[fr.input].Rows})
		return
	}
	if len(a.near) > 0 {
		fr.errs.addf(a.cell, "no column for field %s (looked for %s; read by %s); did you mean %s? If portfolios may lack the column, give the field absent: missing", f.Name, looked, readers, strictyaml.OrList(quoteAll(a.near)))
		return
	}
	fr.errs.addf(a.cell, "no column for field %s (looked for %s; read by %s): add the column, or, if portfolios may lack it, give the field absent: missing", f.Name, looked, readers)
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = quote(x)
	}
	return out
}

func newReadState(ctx context.Context, p *portfolio.Portfolio, fields []*criteria.Field, opts Options) *readState {
	st := &readState{ctx: ctx, p: p, fields: fields, opts: opts, ids: make(map[string]int32), idIdx: -1, nameIx: -1, texts: newTextStore(len(fields))}
	for i, f := range fields {
		switch f.Name {
		case "id":
			st.idIdx = i
		case "name":
			st.nameIx = i
		}
	}
	return st
}

// readInput reads one file into the state's portfolio and returns its
// reader, whose collectors hold the file's problems, warnings and notes.
func (st *readState) readInput(in input) (*fileReader, error) {
	sum, err := in.sha256(st.ctx)
	if err != nil {
		return nil, err
	}
	p := st.p
	p.Inputs = append(p.Inputs, portfolio.Input{Path: in.path, SHA256: hex.EncodeToString(sum), Columns: make([]int, len(p.Fields))})
	fr := st.newFile(in.path, len(p.Inputs)-1)
	fr.read(in)
	p.Inputs[fr.input].Rows = fr.rows
	if fr.bidi.chars > 0 {
		fr.warns.addf(fr.bidi.first, "%d bidirectional control characters removed from the text of %d cells (the first here): they make text show in another order than it is stored",
			fr.bidi.chars, fr.bidi.cells)
	}
	return fr, nil
}

// sha256 is the digest of the file's bytes.
func (in input) sha256(ctx context.Context) ([]byte, error) {
	h := sha256.New()
	if in.data != nil || in.ra == nil {
		for data := in.data; len(data) > 0; data = data[min(readChunk, len(data)):] {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			h.Write(data[:min(readChunk, len(data))])
		}
		return h.Sum(nil), nil
	}
	// A file on disk: read as it is digested, a megabyte at a time.
	if _, err := io.Copy(h, ctxReader{ctx, io.NewSectionReader(in.ra, 0, in.size)}); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fileerr.Describe(in.path, err)
	}
	return h.Sum(nil), nil
}

// readState is what reading several files shares: the fields and the ids
// seen so far.
type readState struct {
	ctx           context.Context      // stops the reading when cancelled
	p             *portfolio.Portfolio // the portfolio being read
	fields        []*criteria.Field
	opts          Options
	ids           map[string]int32 // id's key (idKey) → index of its first investment in p
	dups          map[string]int   // id's key → times seen, for ids seen more than once
	idIdx, nameIx int              // field indices of id and name, or -1
	texts         *textStore       // the text values kept
	// join marks the reading of a --join file: only the id column is
	// required, and absent columns are not worth a warning.
	joining bool
}

// fileReader reads one file.
type fileReader struct {
	*readState
	// opts are the readState's options for this file: a workbook sets its
	// date system. The field hides readState.opts.
	opts        Options
	file        string
	errs, warns *collector
	notes       *collector
	header      *Header
	input       int // index of the file in the portfolio's Inputs
	// absent holds the warnings about optional fields without a column,
	// kept until the joins are read: a joined file may supply the field.
	absent          []absentColumn
	rows            int
	failed          []bool
	sumTerms        []decimal
	sumRat, sumTerm big.Rat
	// partValues is the scratch of a row's sum_columns parts; labels the
	// labels of each sum_columns field's columns, by field.
	partValues []float64
	labels     map[int][]string
	// shared is the shared-string table of a workbook, whose texts are kept
	// as they are; nil for CSV.
	shared *sharedStrings
	// bidi counts the bidirectional controls removed from the file's text.
	bidi struct {
		chars, cells int
		first        portfolio.Cell
	}
}

func (st *readState) newFile(path string, input int) *fileReader {
	return &fileReader{
		readState: st,
		opts:      st.opts,
		file:      path,
		input:     input,
		errs:      &collector{file: path, what: collectProblems},
		warns:     &collector{file: path, what: collectWarnings},
		notes:     &collector{file: path, what: collectNotes},
		failed:    make([]bool, len(st.fields)),
	}
}

// The signatures that give a file's type away.
var (
	zipMagic  = []byte("PK\x03\x04")
	ole2Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	utf8BOM   = []byte{0xEF, 0xBB, 0xBF}
)

const odsMimetype = "application/vnd.oasis.opendocument.spreadsheet"

// fileErr reports a problem of the file as a whole.
func (fr *fileReader) fileErr(format string, args ...any) {
	fr.errs.addf(portfolio.Cell{File: fr.file}, format, args...)
}

// read recognises the file by its content and reads it.
func (fr *fileReader) read(in input) {
	ra, size := in.ra, in.size
	if in.data != nil || ra == nil {
		ra, size = bytes.NewReader(in.data), int64(len(in.data))
	}
	var buf [8]byte
	n, _ := ra.ReadAt(buf[:], 0)
	head := buf[:n]
	switch {
	case bytes.HasPrefix(head, zipMagic):
		switch kind, zr, err := zipKind(ra, size); {
		case err != nil:
			fr.fileErr("a damaged zip file, so not a workbook that can be read (%v)", err)
		case kind == "xlsx":
			fr.readXLSX(ra, size, zr)
		case kind == "xlsb":
			fr.fileErr("the Excel binary format (.xlsb) is not read; open it in Excel and save it as an Excel Workbook (.xlsx) or as .csv")
		case kind == "ods":
			fr.fileErr("OpenDocument spreadsheets are not read; open it in LibreOffice and save as .xlsx or .csv")
		default:
			fr.fileErr("a zip file that is not an Excel workbook; unpack it, or save the sheet as .xlsx or .csv")
		}
		return
	case bytes.HasPrefix(head, ole2Magic):
		if isEncryptedWorkbook(fr.ctx, ra, size) {
			fr.fileErr("the workbook is password-protected: save it without a password")
			return
		}
		fr.fileErr("the old Excel .xls format is not read; open it in Excel or LibreOffice and save as .xlsx or .csv")
		return
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		fr.fileErr("a UTF-16 text file, which is not read; save the sheet as CSV UTF-8 or as .xlsx")
		return
	}
	text := &csvText{ctx: fr.ctx, ra: ra, end: size}
	if bytes.HasPrefix(head, utf8BOM) {
		text.start = int64(len(utf8BOM))
	}
	info, err := scanText(text)
	switch {
	case err != nil:
		fr.readErr(err)
		return
	case info.binary:
		fr.fileErr("not a CSV file or workbook")
		return
	case !info.text:
		fr.fileErr("the file is empty")
		return
	}
	switch {
	case info.invalid == 0:
	case text.start > 0 || info.multiByte > info.invalid:
		// UTF-8 with a few bytes that are not: read as Windows-1252, every
		// å of the file would be "Ã¥". The bytes are reported instead.
		fr.reportInvalidUTF8(text, info)
		return
	default:
		text.win1252 = true
	}
	fr.readCSV(text)
}

// zipKind tells an Excel workbook ("xlsx", also .xlsm), an Excel binary
// workbook ("xlsb") and an OpenDocument spreadsheet ("ods") from other zip
// files ("").
func zipKind(ra io.ReaderAt, size int64) (string, *zip.Reader, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return "", nil, err
	}
	contentTypes, xl, xlsb := false, false, false
	for _, f := range zr.File {
		switch {
		case f.Name == "[Content_Types].xml":
			contentTypes = true
		case strings.HasPrefix(f.Name, "xl/"):
			xl = true
			xlsb = xlsb || f.Name == "xl/workbook.bin"
		case f.Name == "mimetype":
			rc, err := f.Open()
			if err != nil {
				continue
			}
			b, _ := io.ReadAll(io.LimitReader(rc, 256))
			rc.Close()
			if strings.TrimSpace(string(b)) == odsMimetype {
				return "ods", zr, nil
			}
		}
	}
	switch {
	case contentTypes && xlsb:
		return "xlsb", zr, nil
	case contentTypes && xl:
		return "xlsx", zr, nil
	}
	return "", zr, nil
}

// readErr reports a file that could not be read to its end (cut short
// while it was read, say). A cancelled read is not the file's problem: the
// caller returns the context's error.
func (fr *fileReader) readErr(err error) {
	if fr.ctx != nil && fr.ctx.Err() != nil {
		return
	}
	fr.errs.add(portfolio.Cell{File: fr.file}, fileerr.Reason(err))
}

// textScan is what one pass over a text file's bytes finds.
type textScan struct {
	binary    bool // NUL or another control byte that no text file holds
	text      bool // a character that is not white space: the file is not empty
	multiByte int  // characters of UTF-8 of two bytes or more
	invalid   int  // bytes that are not UTF-8
	// firstInvalid are the offsets (in the text, after a byte-order mark)
	// of the first MaxProblems invalid bytes.
	firstInvalid []int64
}

// passes reads the text from its start in chunks of readChunk, giving each
// to fn with the offset of its first byte, and stops when fn says so or the
// context is cancelled (ctx's error).
func (t *csvText) passes(fn func(chunk []byte, off int64) bool) error {
	buf := make([]byte, readChunk)
	for off := t.start; off < t.end; {
		if t.ctx != nil && t.ctx.Err() != nil {
			return t.ctx.Err()
		}
		n, err := t.ra.ReadAt(buf[:min(int64(len(buf)), t.end-off)], off)
		if n > 0 && !fn(buf[:n], off-t.start) {
			return nil
		}
		off += int64(n)
		if err != nil && err != io.EOF {
			return err
		}
		if n == 0 {
			return io.ErrUnexpectedEOF
		}
	}
	return nil
}

// scanText reads a file's bytes as UTF-8 text: how many characters of more
// than one byte it has, and which bytes are not UTF-8. A file that has
// invalid bytes and more of them than such characters is taken for
// Windows-1252 (whose å, ä and ö are single bytes that are never UTF-8);
// one that has fewer, or a byte-order mark, for UTF-8 with some bytes
// damaged. The decision is for the whole file.
func scanText(text *csvText) (textScan, error) {
	var t textScan
	total := text.end - text.start
	// pending holds the bytes of a character that a chunk's end cut, to be
	// read with the next chunk.
	var pending []byte
	joined := make([]byte, 0, readChunk+utf8.UTFMax)
	err := text.passes(func(chunk []byte, off int64) bool {
		data := chunk
		if len(pending) > 0 {
			joined = append(append(joined[:0], pending...), chunk...)
			data, off = joined, off-int64(len(pending))
			pending = pending[:0]
		}
		for i := 0; i < len(data); {
			b := data[i]
			if b < utf8.RuneSelf {
				if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' {
					t.binary = true
					return false
				}
				t.text = t.text || b > ' '
				i++
				continue
			}
			if !utf8.FullRune(data[i:]) && off+int64(len(data)) < total {
				pending = append(pending, data[i:]...)
				break
			}
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				t.addInvalid(off + int64(i))
			} else {
				t.multiByte++
				t.text = t.text || !isSpace(r)
			}
			i += size
		}
		return true
	})
	return t, err
}

func (t *textScan) addInvalid(off int64) {
	if len(t.firstInvalid) < MaxProblems {
		t.firstInvalid = append(t.firstInvalid, off)
	}
	t.invalid++
}

// reportInvalidUTF8 reports the bytes of a UTF-8 file that are not UTF-8,
// each at its line and field.
func (fr *fileReader) reportInvalidUTF8(text *csvText, info textScan) {
	sep := fr.detectSeparator(text)
	line, field := 1, 1
	quoted := false
	next := 0 // the next offset of info.firstInvalid to place
	err := text.passes(func(chunk []byte, off int64) bool {
		for i, b := range chunk {
			if next == len(info.firstInvalid) {
				return false
			}
			if off+int64(i) == info.firstInvalid[next] {
				fr.errs.addf(portfolio.Cell{File: fr.file, Row: line, Col: field},
					"the byte 0x%02X is not UTF-8, though the rest of the file is: correct the character, or save the file again as CSV UTF-8", b)
				next++
				continue
			}
			switch {
			case b == '"':
				quoted = !quoted
			case b == '\n':
				line++
				if !quoted {
					field = 1
				}
			case rune(b) == sep && !quoted:
				field++
			}
		}
		return true
	})
	if err != nil {
		fr.readErr(err)
	}
	fr.errs.dropped += info.invalid - len(info.firstInvalid)
}

// MaxCellChars is the most characters a cell may hold, as in Excel.
const MaxCellChars = 32767

// readRow reads one row of data: cells[c] is the cell of column c (missing
// cells past the end are empty), pos(c) where it is, and row the row itself.
func (fr *fileReader) readRow(cells []RawCell, pos func(c int) portfolio.Cell, row portfolio.Cell) {
	defer func() {
		fr.errs.endRow()
		fr.warns.endRow()
		fr.notes.endRow()
	}()
	blank := true
	for _, c := range cells {
		if c.Kind != CellEmpty {
			blank = false
			break
		}
	}
	if blank {
		return
	}
	for c := range cells {
		if len(cells[c].Text) > MaxCellChars && utf8.RuneCountInString(cells[c].Text) > MaxCellChars {
			fr.errs.addf(pos(c), "the cell holds %d characters; a cell holds at most %d (Excel's limit)",
				utf8.RuneCountInString(cells[c].Text), MaxCellChars)
			cells[c] = RawCell{}
			continue
		}
		if cells[c].Kind == CellText && mayHoldControls(cells[c].Text) {
			fr.checkControls(&cells[c], pos(c))
		}
	}
	at := func(c int) RawCell {
		if c < len(cells) {
			return cells[c]
		}
		return RawCell{}
	}
	h := fr.header
	idCols := h.Fields[fr.idIdx]
	idCol := idCols.Cols[0]
	idVal, _, _ := ReadValue(at(idCol), fr.fields[fr.idIdx], idCols.Columns[0], fr.opts)
	if !idVal.Present || idVal.Text == "" {
		if label, ok := fr.sumLabel(cells, at); ok {
			fr.notes.addf(row, "skipped the sum row %s", quote(label))
			return
		}
		fr.errs.addf(pos(idCol), "row has data but no id")
		return
	}
	if isSumLabel(idVal.Text) && fr.nameMissing(at) {
		// Many sheets write "Summa" in the first column, the id's.
		fr.notes.addf(row, "skipped the sum row %s", quote(idVal.Text))
		return
	}
	// One copy of the id serves the investment, its id value and, when it
	// is its own key, the index of ids.
	id := fr.keep(fr.idIdx, idVal.Text)
	idCell := pos(idCol)
	key := idKey(id)
	if first, ok := fr.ids[key]; !ok {
		fr.ids[key] = int32(len(fr.p.Investments)) // the index p.Add gives it
	} else {
		if fr.dups == nil {
			fr.dups = make(map[string]int)
		}
		fr.dups[key] = max(fr.dups[key], 1) + 1
		other := fr.p.Investments[first]
		switch {
		case other.ID != id && fr.dups[key] == 2:
			fr.errs.addf(idCell, "id %s appears twice (also at %s as %s: ids that differ only in case, invisible characters or how accented letters are written are one id)", quote(id), other.Source, quote(other.ID))
		case other.ID != id:
			fr.errs.addf(idCell, "id %s appears again (also at %s as %s: ids that differ only in case, invisible characters or how accented letters are written are one id)", quote(id), other.Source, quote(other.ID))
		case fr.dups[key] == 2:
			fr.errs.addf(idCell, "id %s appears twice (also at %s)", quote(id), other.Source)
		default:
			fr.errs.addf(idCell, "id %s appears again (also at %s)", quote(id), other.Source)
		}
	}

	p := fr.p
	inv := p.Add(portfolio.Investment{ID: id, Source: idCell, Input: fr.input})
	for fi, f := range fr.fields {
		fc := h.Fields[fi]
		fr.failed[fi] = false
		if len(fc.Cols) == 0 {
			continue
		}
		var v portfolio.Value
		if f.SumColumns {
			v = fr.sumColumns(f, fi, fc, at, pos, inv)
		} else {
			c := fc.Cols[0]
			var warning any
			var err error
			v, warning, err = ReadValue(at(c), f, fc.Columns[0], fr.opts)
			if err != nil {
				fr.errs.add(pos(c), err)
				fr.failed[fi] = true
			}
			if warning != nil {
				fr.warns.add(pos(c), warning)
			}
		}
		if f.Type == portfolio.Text {
			// The cell's text lives only until the next row. (A scale's
			// Text is a label of the criteria set.)
			if fi == fr.idIdx && v.Text == id {
				v.Text = id
			} else {
				v.Text = fr.keep(fi, v.Text)
			}
		}
		v.Cell = pos(fc.Cols[0])
		if f.Required && !v.Present && !fr.failed[fi] && !fr.errs.has(v.Cell) {
			fr.errs.addf(v.Cell, "required field %s is missing", f.Name)
		}
		p.Set(inv, fi, v)
	}
	fr.rows++
}

// keep returns text value s of field f as the portfolio keeps it, in the
// text store: a workbook cell's text is a view of the reader's buffer (see
// sheetReader.view), and a CSV field a part of its record's string, which
// the copy lets go. A text of the workbook's shared-string table is kept as
// it is.
func (fr *fileReader) keep(f int, s string) string {
	if fr.shared.holds(s) {
		return s
	}
	return fr.texts.keep(f, s)
}

// setHeader records the header found and the column each field is read
// from.
func (fr *fileReader) setHeader(h *Header) {
	fr.header = h
	cols := fr.p.Inputs[fr.input].Columns
	for fi, fc := range h.Fields {
		if len(fc.Cols) > 0 {
			cols[fi] = fc.Cols[0] + 1
		}
	}
}

// sumColumns reads a sum_columns field: the sum of the numbers in its
// columns, added exactly and rounded once, or missing when all are missing.
//
// Each column is also kept on its own, by its year label, for annual
// budgets (FORMATS.md §5): in a row with a value in some column, a blank
// column is 0; a missing marker or an error value in any column, or every
// column blank, makes the row's parts missing.
func (fr *fileReader) sumColumns(f *criteria.Field, fi int, fc FieldColumns, at func(int) RawCell, pos func(int) portfolio.Cell, inv int) portfolio.Value {
	terms := fr.sumTerms[:0]
	labels := fr.partLabels(fi, fc)
	parts := fr.partValues[:0]
	partsMissing := false
	for i, c := range fc.Cols {
		cell := at(c)
		blank := cell.Kind == CellEmpty || trimSpace(cell.Text) == ""
		d, shift, ok, warning, err := numberCell(cell, f, fc.Columns[i], fr.opts)
		if warning != nil {
			fr.warns.add(pos(c), warning)
		}
		if err == nil && ok {
			if _, ferr := d.float(shift); ferr != nil {
				err = messages.Errorf("%s is too large a number", quote(trimSpace(at(c).Text)))
			}
		}
		if err != nil {
			fr.errs.add(pos(c), err)
			fr.failed[fi] = true
			continue
		}
		part := 0.0
		if ok {
			part, _ = d.float(shift) // finite: checked above
			d.exp += shift
			terms = append(terms, d)
		} else if !blank {
			partsMissing = true // a missing marker or an error value
		}
		parts = append(parts, part)
	}
	fr.sumTerms, fr.partValues = terms, parts
	if !fr.failed[fi] {
		fr.p.SetParts(inv, fi, labels, parts, partsMissing || len(terms) == 0)
	}
	if len(terms) == 0 || fr.failed[fi] {
		return portfolio.Value{}
	}
	total, ok := sumDecimals(terms, &fr.sumRat, &fr.sumTerm)
	if !ok {
		fr.errs.addf(pos(fc.Cols[0]), "the sum of the columns of %s is too large", f.Name)
		fr.failed[fi] = true
		return portfolio.Value{}
	}
	return portfolio.Value{Present: true, Num: total}
}

// partLabels gives the labels of a sum_columns field's columns in this
// file: each sub-header without its unit hint, trimmed ("2026", "2026
// (tkr)" and the number 2026 all give "2026"). Worked out once per file.
func (fr *fileReader) partLabels(fi int, fc FieldColumns) []string {
	if fr.labels == nil {
		fr.labels = make(map[int][]string)
	}
	if l, ok := fr.labels[fi]; ok {
		return l
	}
	l := make([]string, len(fc.Columns))
	for i, col := range fc.Columns {
		l[i] = trimSpace(parseHeader(col.Header).name)
	}
	fr.labels[fi] = l
	return l
}

// sumDecimals adds decimals exactly and rounds the sum once to the nearest
// float64, so that 100 + 200 tkr is 0.3 mnkr and not 0.1 + 0.2. ok is false
// when the sum overflows float64. Small terms are added as int64 multiples
// of a common power of ten; others as big.Rat, with the two scratch values.
func sumDecimals(terms []decimal, sum, term *big.Rat) (float64, bool) {
	if x, ok := sumSmallDecimals(terms); ok {
		return x, true
	}
	approx := 0.0
	for _, d := range terms {
		x, _ := d.float(0) // finite: checked by the caller
		approx += x
	}
	sum.SetInt64(0)
	for _, d := range terms {
		if len(d.digits) > 400 || d.exp < -400 || d.exp > 400 {
			// Far beyond float64's precision or range: float64 addition
			// loses nothing that rounding would keep.
			return finite(approx)
		}
		if _, ok := term.SetString(d.sign() + d.digits + "e" + strconv.Itoa(d.exp)); !ok {
			return finite(approx)
		}
		sum.Add(sum, term) // not a message: big.Rat addition
	}
	x, _ := sum.Float64()
	return finite(x)
}

func finite(x float64) (float64, bool) {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, false
	}
	return x + 0, true // no -0
}

// sumSmallDecimals adds decimals of at most 18 digits whose exponents are
// close, in int64; ok is false when they do not fit.
func sumSmallDecimals(terms []decimal) (float64, bool) {
	const maxDigits = 18
	type scaled struct {
		m   int64 // the digits as an integer, signed
		exp int   // the power of ten of its last digit
	}
	var buf [8]scaled
	parts := buf[:0]
	minExp := math.MaxInt
	for _, d := range terms {
		if n := len(d.digits) - strings.Count(d.digits, "."); n > maxDigits {
			return 0, false
		}
		var m int64
		frac, dot := 0, false
		for i := 0; i < len(d.digits); i++ {
			if d.digits[i] == '.' {
				dot = true
				continue
			}
			m = m*10 + int64(d.digits[i]-'0')
			if dot {
				frac++
			}
		}
		if m == 0 {
			continue
		}
		if d.neg {
			m = -m
		}
		parts = append(parts, scaled{m, d.exp - frac})
		minExp = min(minExp, d.exp-frac)
	}
	if len(parts) == 0 {
		return 0, true
	}
	limit := int64(math.MaxInt64 / len(parts)) // so that the sum cannot overflow
	var sum int64
	for _, p := range parts {
		if p.exp-minExp > maxDigits {
			return 0, false
		}
		m := p.m
		for e := p.exp - minExp; e > 0; e-- {
			if m > limit/10 || m < -limit/10 {
				return 0, false
			}
			m *= 10
		}
		if m > limit || m < -limit {
			return 0, false
		}
		sum += m
	}
	x, err := strconv.ParseFloat(strconv.FormatInt(sum, 10)+"e"+strconv.Itoa(minExp), 64)
	if err != nil {
		return 0, false
	}
	return finite(x)
}

// sumLabel returns the text that makes a row without an id a sum row: its
// name cell, or else its first text, a sum label (isSumLabel).
func (fr *fileReader) sumLabel(cells []RawCell, at func(int) RawCell) (string, bool) {
	if fr.nameIx >= 0 {
		if fc := fr.header.Fields[fr.nameIx]; len(fc.Cols) > 0 {
			if s := trimSpace(at(fc.Cols[0]).Text); isSumLabel(s) {
				return s, true
			}
		}
	}
	for _, c := range cells {
		if c.Kind == CellText {
			if s := trimSpace(c.Text); s != "" {
				return s, isSumLabel(s)
			}
		}
	}
	return "", false
}

// nameMissing reports whether the row's name cell is empty or a missing
// marker; false when the set has no name field or the sheet no name column.
func (fr *fileReader) nameMissing(at func(int) RawCell) bool {
	if fr.nameIx < 0 || len(fr.header.Fields[fr.nameIx].Cols) == 0 {
		return false
	}
	s := trimSpace(at(fr.header.Fields[fr.nameIx].Cols[0]).Text)
	return s == "" || isMissingMarker(s)
}

// sumWords are the words of a sum row's label (FORMATS.md §2), each
// before any word it begins ("totalt" before "total").
var sumWords = []string{"totalsumma", "delsumma", "summa", "totalt", "total"}

// isSumLabel reports whether s is the label of a sum row: a sum word alone
// or followed by a colon, a year ("Summa 2025", "Totalt 2025–2027") or a
// bracket ("Summa (tkr)"), in any case. "Totalt nytt ärendesystem",
// "Totalförsvaret" and "TOTAL-2" are not (amended 2026-12: "starts with"
// skipped real investments).
func isSumLabel(s string) bool {
	s = trimSpace(s)
	if s == "" {
		return false
	}
	if c := s[0] | 0x20; c != 's' && c != 't' && c != 'd' {
		// Only S, T, D and their lower case lower-case to s, t or d: no
		// lower-cased copy of every label.
		return false
	}
	lower := strings.ToLower(s)
	for _, w := range sumWords {
		if rest, ok := strings.CutPrefix(lower, w); ok {
			return sumLabelEnd(strings.TrimLeftFunc(rest, isSpace))
		}
	}
	return false
}

// sumLabelEnd reports whether what follows a sum word makes a sum label:
// nothing, a colon or a bracket and anything after it, or a year or a
// span of years ("2025", "2025–2027", "2025/26") and then nothing, a colon
// or a bracket.
func sumLabelEnd(rest string) bool {
	labelEnd := func(s string) bool {
		return s == "" || s[0] == ':' || s[0] == '(' || s[0] == '['
	}
	if labelEnd(rest) {
		return true
	}
	if len(rest) < 4 || !allDigits(rest[:4]) {
		return false
	}
	rest = rest[4:]
	for _, dash := range []string{"-", "–", "/"} {
		if after, ok := strings.CutPrefix(rest, dash); ok {
			switch {
			case len(after) >= 4 && allDigits(after[:4]):
				rest = after[4:]
			case len(after) >= 2 && allDigits(after[:2]):
				rest = after[2:]
			default:
				return false
			}
			break
		}
	}
	return labelEnd(strings.TrimLeftFunc(rest, isSpace))
}

// addHeaderProblems reports the problems of header detection at the rows
// and cells they name.
func (fr *fileReader) addHeaderProblems(problems []HeaderProblem, cellAt func(row, col int) portfolio.Cell) {
	for _, p := range problems {
		var cell portfolio.Cell
		switch {
		case p.Row < 0:
			cell = portfolio.Cell{File: fr.file}
		default:
			cell = cellAt(p.Row, p.Col)
		}
		switch {
		case p.Warning && fr.joining:
			// A joined file names only the columns it adds.
		case p.Warning:
			fr.absent = append(fr.absent, absentColumn{field: p.Field, cell: cell, near: p.Near})
		default:
			fr.errs.add(cell, p.Msg)
		}
	}
}

// isEncryptedWorkbook reports whether an OLE compound file (the container
// of .xls files) is an encrypted Excel workbook: a password-protected .xlsx
// is saved as one, holding the streams EncryptionInfo and EncryptedPackage
// (MS-OFFCRYPTO 2.3.4). The directory entries are looked for where they
// can be, at every 128 bytes after the 512-byte header, by their UTF-16
// name, its length and their type (2, a stream) (MS-CFB 2.6.1), rather than
// by following the directory's chains with a compound-file reader: all that
// is needed is whether two names are there, in bounded time on any file.
func isEncryptedWorkbook(ctx context.Context, ra io.ReaderAt, size int64) bool {
	entry := func(name string) []byte {
		e := make([]byte, 2*len(name)+2) // UTF-16LE of an ASCII name, and its terminating zero
		for i, r := range name {
			e[2*i] = byte(r)
		}
		return e
	}
	info, pkg := entry("EncryptionInfo"), entry("EncryptedPackage")
	found := func(e, want []byte) bool {
		return bytes.Equal(e[:len(want)], want) && int(e[64])|int(e[65])<<8 == len(want) && e[66] == 2
	}
	hasInfo, hasPkg := false, false
	text := &csvText{ctx: ctx, ra: ra, start: 512, end: size}
	text.passes(func(chunk []byte, _ int64) bool {
		// readChunk is a multiple of 128: entries do not cross chunks.
		for off := 0; off+128 <= len(chunk); off += 128 {
			e := chunk[off : off+128]
			hasInfo = hasInfo || found(e, info)
			hasPkg = hasPkg || found(e, pkg)
		}
		return !(hasInfo && hasPkg)
	})
	return hasInfo && hasPkg
}
