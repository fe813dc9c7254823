package importers

import (
	"strings"
	"unsafe"
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
// another in data, and where each ends. A text is a string over data, made
// when a cell asks for it: data is complete and never changed once the table
// is read, so such a string is as immutable as any. Neither a string per
// entry nor its 16-byte header is kept, and a text a portfolio keeps from
// the table is the table's own bytes, not a copy.
type sharedStrings struct {
	data []byte
	ends []uint32 // the part holding the table is at most maxPartSize (1 GiB) unpacked
}

func (t *sharedStrings) len() int {
	if t == nil {
		return 0
	}
	return len(t.ends)
}

// get returns text i, from 0.
func (t *sharedStrings) get(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	if start == t.ends[i] {
		return ""
	}
	return unsafe.String(&t.data[start], t.ends[i]-start)
}

// holds reports whether s is a text of the table (not merely one equal to
// it): a string that needs no copy to be kept.
func (t *sharedStrings) holds(s string) bool {
	if t == nil || len(s) == 0 || len(t.data) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	base := uintptr(unsafe.Pointer(unsafe.SliceData(t.data)))
	return p >= base && p < base+uintptr(len(t.data))
}
