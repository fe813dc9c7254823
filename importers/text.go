package importers

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/prio-tool/prio/portfolio"
)

// Text values without a string allocation each.
//
// A 100,000-row portfolio holds half a million texts. Allocated one by one
// they cost their size rounded up to the allocator's next size class, and
// since the garbage collector lets the heap grow to twice what it keeps
// live, every byte kept costs two at the peak. So the workbook reader hands
// out a cell's text as a view of a buffer it reuses row after row (see
// sheetReader.view), and what a portfolio keeps is copied here, into large
// blocks; a column of few distinct values (an agency, a status) keeps each
// once. Text of a workbook's shared-string table is not copied at all: the
// table is itself one block that is never changed (see sharedStrings).
//
// A string made here is an ordinary immutable string: its bytes are written
// once, before the string exists, and never again. It keeps its block
// alive, as a substring keeps its string.

const (
	// textBlockSize is the size of a block of text values; a text longer
	// than maxBlockText gets an allocation of its own, so that a block wastes
	// little at its end.
	textBlockSize = 64 << 10
	maxBlockText  = textBlockSize / 16
	// maxInterned is how many distinct values of a column are looked up
	// before the column is taken for one of unique texts (names,
	// descriptions) and its values are no longer looked up.
	maxInterned = 256
)

// textStore holds the text values one import keeps.
type textStore struct {
	block []byte // the block being filled; its bytes up to len are in use
	// interned holds, by field, the values seen so far of a column that may
	// repeat them; nil for a field not looked at yet, and for one that gave
	// up (off).
	interned []map[string]string
	off      []bool
}

func newTextStore(fields int) *textStore {
	return &textStore{interned: make([]map[string]string, fields), off: make([]bool, fields)}
}

// keep returns a string with the text of s that stays as it is: s may be a
// view of a buffer that is about to be reused. f is the field of the value.
func (t *textStore) keep(f int, s string) string {
	if s == "" {
		return ""
	}
	if t.off[f] {
		return t.copy(s)
	}
	if kept, ok := t.interned[f][s]; ok {
		return kept
	}
	kept := t.copy(s)
	if len(t.interned[f]) == maxInterned {
		// Too many distinct values to be worth looking up.
		t.interned[f], t.off[f] = nil, true
		return kept
	}
	if t.interned[f] == nil {
		t.interned[f] = make(map[string]string)
	}
	t.interned[f][kept] = kept
	return kept
}

// copy copies s into the current block, or a new one when it does not fit.
func (t *textStore) copy(s string) string {
	if len(s) > maxBlockText {
		return strings.Clone(s)
	}
	if len(s) > cap(t.block)-len(t.block) {
		// The rest of the full block stays unused: the strings already
		// made of it keep it, and they are never written over.
		t.block = make([]byte, 0, textBlockSize)
	}
	start := len(t.block)
	t.block = append(t.block, s...)
	return unsafe.String(&t.block[start], len(s))
}

// sharedStrings is a workbook's shared-string table: the texts one after
// another in blocks of at most sstBlockSize bytes, and where each ends. A
// text is a string over its block, made when a cell asks for it: a block is
// complete and never changed once its texts are written, so such a string is
// as immutable as any. Neither a string per entry nor its 16-byte header is
// kept, and a text a portfolio keeps from the table is the table's own bytes,
// not a copy.
//
// Why blocks and not one slice: a table of hundreds of megabytes grown by
// append would be copied as it grows, the old and the new array both live
// at the peak. A block is never copied.
//
// ends holds offsets in a space where block k starts at k*sstBlockSize.
// A text never spans two blocks: one that does not fit in the rest of a
// block starts the next one. So text i starts where text i-1 ends, unless
// the two ends lie in different blocks: then it starts its block.
type sharedStrings struct {
	blocks [][]byte // by block number
	ends   []uint32 // the table is at most 512 MiB: its offsets fit
	// byAddress are the blocks sorted by address, for holds.
	byAddress []blockSpan
	// cut marks the texts longer than maxSharedText bytes, which are not
	// kept: a cell that names one is an error (a cell holds at most
	// MaxCellChars characters).
	cut map[int]bool
}

// blockSpan is where a block's bytes are in memory.
type blockSpan struct{ start, end uintptr }

const (
	sstBlockBits = 20
	// sstBlockSize is the size of a block of the shared-string table.
	sstBlockSize = 1 << sstBlockBits
	// maxSharedText bounds a text the table keeps: MaxCellChars characters
	// of four bytes, written as Excel's _xHHHH_ escapes of seven, are
	// less. A longer text cannot be a cell's.
	maxSharedText = 256 << 10
)

func (t *sharedStrings) len() int {
	if t == nil {
		return 0
	}
	return len(t.ends)
}

// add appends a text of at most maxSharedText bytes to the table; partSize
// is the size of the part the table is read from, which the first block
// need not exceed.
func (t *sharedStrings) add(text []byte, partSize int64) {
	var start uint32
	if n := len(t.ends); n > 0 {
		start = t.ends[n-1]
	}
	if len(text) == 0 {
		t.ends = append(t.ends, start)
		return
	}
	k := int(start >> sstBlockBits)
	if k >= len(t.blocks) || len(t.blocks[k])+len(text) > cap(t.blocks[k]) {
		// A new block: the first no larger than the part, as a small
		// table is the usual one.
		if k < len(t.blocks) || start&(sstBlockSize-1) != 0 {
			k++
		}
		size := int64(sstBlockSize)
		if len(t.blocks) == 0 {
			size = min(max(partSize, int64(len(text))), sstBlockSize)
		}
		b := make([]byte, 0, size)
		for len(t.blocks) <= k {
			t.blocks = append(t.blocks, nil)
		}
		t.blocks[k] = b
		t.addSpan(b)
		start = uint32(k) << sstBlockBits
	}
	b := t.blocks[k]
	t.blocks[k] = append(b, text...)
	t.ends = append(t.ends, start+uint32(len(text)))
}

// addCut appends a text too long to keep: empty, and marked.
func (t *sharedStrings) addCut() {
	if t.cut == nil {
		t.cut = make(map[int]bool)
	}
	t.cut[len(t.ends)] = true
	t.add(nil, 0)
}

// isCut reports whether text i was too long to keep.
func (t *sharedStrings) isCut(i int) bool { return t.cut[i] }

func (t *sharedStrings) addSpan(b []byte) {
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	span := blockSpan{p, p + uintptr(cap(b))}
	i := sort.Search(len(t.byAddress), func(i int) bool { return t.byAddress[i].start > p })
	t.byAddress = append(t.byAddress, blockSpan{})
	copy(t.byAddress[i+1:], t.byAddress[i:])
	t.byAddress[i] = span
}

// get returns text i, from 0.
func (t *sharedStrings) get(i int) string {
	end := t.ends[i]
	var start uint32
	if i > 0 {
		start = t.ends[i-1]
	}
	if start == end {
		return ""
	}
	k := (end - 1) >> sstBlockBits
	if start>>sstBlockBits != k {
		start = k << sstBlockBits
	}
	b := t.blocks[k]
	off := start & (sstBlockSize - 1)
	return unsafe.String(&b[off], end-start)
}

// holds reports whether s is a text of the table (not merely one equal to
// it): a string that needs no copy to be kept.
func (t *sharedStrings) holds(s string) bool {
	if t == nil || len(s) == 0 || len(t.byAddress) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	i := sort.Search(len(t.byAddress), func(i int) bool { return t.byAddress[i].start > p })
	return i > 0 && p < t.byAddress[i-1].end
}

// Text that is not what it seems (issue 12, item 12).

// idKey is the form in which ids are compared: without the invisible
// format characters (Unicode's Cf: zero-width spaces and joiners, soft
// hyphens, direction marks), canonically decomposed and case folded
// (Unicode's canonical caseless match, D145). Five cells that all show
// "EXV-1" are one id, not five investments; so are "EXV-1" and "exv-1".
func idKey(id string) string {
	ascii, upper := true, false
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if ascii {
		// ASCII has no format characters and is its own NFD; its case
		// folds to lower case.
		if !upper {
			return id
		}
		return strings.ToLower(id)
	}
	visible := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, id)
	return norm.NFD.String(cases.Fold().String(norm.NFD.String(visible)))
}

// mayHoldControls reports whether a text may hold a control character or
// a bidirectional control, by the bytes that start them in UTF-8: most text
// has none, and is looked at no further.
func mayHoldControls(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7F, c == 0xC2, c == 0xE2:
			return true
		}
	}
	return false
}

// isBidiControl reports whether r is one of the controls that override the
// direction text is shown in (U+202A–U+202E, U+2066–U+2069): with them,
// "1-VXE" can show as "EXV-1".
func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// isTextControl reports whether r is a control character (Unicode's Cc)
// that no text in a cell needs: all but tab, line feed and carriage return.
func isTextControl(r rune) bool {
	return unicode.Is(unicode.Cc, r) && r != '\t' && r != '\n' && r != '\r'
}

// checkControls refuses a text cell with a control character, and removes
// the bidirectional controls from one, counting them for the file's
// warning.
func (fr *fileReader) checkControls(c *RawCell, at portfolio.Cell) {
	bidi := 0
	for _, r := range c.Text {
		switch {
		case isTextControl(r):
			fr.errs.addf(at, "the cell holds the control character U+%04X, which no text needs: remove it", r)
			*c = RawCell{}
			return
		case isBidiControl(r):
			bidi++
		}
	}
	if bidi == 0 {
		return
	}
	c.Text = strings.Map(func(r rune) rune {
		if isBidiControl(r) {
			return -1
		}
		return r
	}, c.Text)
	if fr.bidi.chars == 0 {
		fr.bidi.first = at
	}
	fr.bidi.chars += bidi
	fr.bidi.cells++
	if trimSpace(c.Text) == "" {
		*c = RawCell{}
	}
}
