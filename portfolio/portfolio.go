package portfolio

import (
	"fmt"
	"slices"
	"time"

	"github.com/prio-tool/prio/messages"
)

// Cell names the place a value was read from. A CSV cell has no Sheet; its
// Row is the line number of the record and Col the field number, both from 1.
// A workbook cell has a Sheet and Excel's row and column numbers, both from 1.
type Cell struct {
	File  string
	Sheet string
	Row   int
	Col   int
}

// String formats the cell as users see it in messages:
// "portfel.xlsx: Investeringar!F12" or "portfel.csv:12:6".
func (c Cell) String() string {
	if c.Sheet != "" {
		return fmt.Sprintf("%s: %s!%s%d", c.File, c.Sheet, ColumnName(c.Col), c.Row)
	}
	if c.Col == 0 {
		return fmt.Sprintf("%s:%d", c.File, c.Row)
	}
	return fmt.Sprintf("%s:%d:%d", c.File, c.Row, c.Col)
}

// RowString names the row of the cell: the cell itself for a workbook (the id
// cell names the row there) and "file.csv:LINE" for CSV.
func (c Cell) RowString() string {
	if c.Sheet != "" {
		return c.String()
	}
	return fmt.Sprintf("%s:%d", c.File, c.Row)
}

// IsZero reports whether the cell is unset (a value computed, not read).
func (c Cell) IsZero() bool { return c == Cell{} }

// ColumnName returns the spreadsheet letters of a 1-based column number
// (1 → A, 27 → AA).
func ColumnName(col int) string {
	if col <= 0 {
		return "?"
	}
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}

// Kind is the type of a field value, mirroring the criteria field types.
type Kind uint8

// The kinds of value. Scale values carry their 1-based level position in Num.
const (
	Text Kind = iota + 1
	Number
	Percent
	Scale
	YesNo
	Date
)

// String returns the criteria-file name of the kind.
func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Number:
		return "number"
	case Percent:
		return "percent"
	case Scale:
		return "scale"
	case YesNo:
		return "yesno"
	case Date:
		return "date"
	}
	return "unknown"
}

// Value is one typed field value of an investment, as importers hand it in
// and scoring reads it. A missing value has Present false; its Cell still
// says where it was looked for when there was a column for it.
type Value struct {
	Present bool
	Num     float64   // Number, Percent (as a share), Scale (position from 1)
	Text    string    // Text; for Scale the level label
	Bool    bool      // YesNo
	Date    time.Time // Date, at midnight UTC
	Cell    Cell      // where the value was read; zero when no column existed
}

// Field describes one field of a portfolio.
type Field struct {
	Name   string
	Kind   Kind
	Levels []string // Scale: the level labels, by position
}

// Investment is one row of a portfolio. Its values are held by the
// Portfolio, by column; see Portfolio.Value.
type Investment struct {
	ID     string
	Source Cell // the cell holding the id
	Input  int  // index into Portfolio.Inputs of the file it was read from
}

// Input describes one file read into the portfolio.
type Input struct {
	Path   string // as given by the user
	SHA256 string // hex digest of the file's bytes
	Sheet  string // the sheet used; empty for CSV
	Rows   int    // investment rows read (not header, blank or sum rows)
	// Columns holds, per field, the 1-based column the field was read from;
	// 0 when the file has no column for it. A value's cell is this column
	// on its investment's row unless it was read from elsewhere.
	Columns []int
}

// AbsentColumn is a field that a criterion, starting point or derived field
// reads, accepted as absent from an input (absent: missing in the criteria
// set): it is missing for every investment of that input. Reports for
// people say so before the ranking.
type AbsentColumn struct {
	Field       string
	Headers     []string // the headers looked for, as the criteria set gives them
	Input       int      // index into Portfolio.Inputs
	ReadBy      []string // ids of what reads it, in criteria file order
	Investments int      // the investments of that input
}

// column holds one field's values for every investment, in chunks of
// chunkSize. Numbers, percents, scale positions and dates (days since
// 1970-01-01) share num; yes/no is a bit in yes; text has its own chunks.
// Only the chunks the field's kind reads are allocated, and presence and
// yes/no are bits: a number costs 8 bytes and a bit, a yes/no 2 bits, where
// a Value costs over a hundred bytes. Keeping values in chunks means a
// growing portfolio never copies what it holds or keeps room it does not
// use, so a 100,000-row workbook imports in little more memory than its
// values take.
type column struct {
	present []bitChunk
	num     [][]float64
	yes     []bitChunk
	text    [][]string
}

const (
	chunkBits = 12
	chunkSize = 1 << chunkBits
	chunkMask = chunkSize - 1
)

// bitChunk holds a bit for each investment of a chunk.
type bitChunk []uint64

func newBitChunk() bitChunk { return make(bitChunk, chunkSize/64) }

func (b bitChunk) get(j int) bool { return b[j>>6]&(1<<(j&63)) != 0 }

func (b bitChunk) set(j int, on bool) {
	if on {
		b[j>>6] |= 1 << (j & 63)
	} else {
		b[j>>6] &^= 1 << (j & 63)
	}
}

// Portfolio is the investments of one or more input files, ranked together.
type Portfolio struct {
	Fields      []Field
	Inputs      []Input
	Investments []Investment
	// Warnings are problems that did not stop the import, with positions;
	// Notes things done on the user's behalf (a skipped sum row). Both are
	// made in no language: reports give them in theirs.
	Warnings []messages.Message
	Notes    []messages.Message
	// Absent lists the fields read by the criteria set that an input has
	// no column for, accepted by the field's absent: missing.
	Absent []AbsentColumn

	cols []column
	// parts holds the columns of sum_columns fields one by one, by field.
	parts map[int]*Parts
	// cells holds the cells of values not read from their input's column
	// on their investment's row (a joined value, a record over two lines).
	cells map[[2]int]Cell
}

// New returns an empty portfolio with the given fields.
func New(fields []Field) *Portfolio {
	return &Portfolio{Fields: fields, cols: make([]column, len(fields))}
}

// FieldIndex returns the index of the named field in Fields, or -1.
func (p *Portfolio) FieldIndex(name string) int {
	for i, f := range p.Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// Add appends an investment whose values are all missing and returns its
// index.
func (p *Portfolio) Add(inv Investment) int {
	i := len(p.Investments)
	if i == cap(p.Investments) {
		// Double the room: append grows a slice this large by a quarter,
		// copying it each time, and the arrays it leaves behind, four
		// times the final one in all, were the largest garbage of a
		// 100,000-row import and raised its peak memory by some 10 MB.
		// Doubling leaves about one final array behind, for at most half
		// the room unused.
		p.Investments = slices.Grow(p.Investments, max(i, 256))
	}
	p.Investments = append(p.Investments, inv)
	if i&chunkMask == 0 {
		for f := range p.cols {
			c := &p.cols[f]
			c.present = append(c.present, newBitChunk())
			switch p.Fields[f].Kind {
			case Text:
				c.text = append(c.text, make([]string, chunkSize))
			case YesNo:
				c.yes = append(c.yes, newBitChunk())
			default:
				c.num = append(c.num, make([]float64, chunkSize))
			}
		}
	}
	return i
}

// AddValues appends an investment with the given values, in field order,
// and returns its index.
func (p *Portfolio) AddValues(inv Investment, values []Value) int {
	i := p.Add(inv)
	for f, v := range values {
		p.Set(i, f, v)
	}
	return i
}

const secondsPerDay = 24 * 60 * 60

// Set stores value v of field f for investment i.
func (p *Portfolio) Set(i, f int, v Value) {
	c := &p.cols[f]
	k, j := i>>chunkBits, i&chunkMask
	c.present[k].set(j, v.Present)
	switch p.Fields[f].Kind {
	case Text:
		c.text[k][j] = v.Text
	case YesNo:
		c.yes[k].set(j, v.Bool)
	case Date:
		c.num[k][j] = float64(v.Date.Unix() / secondsPerDay)
	default:
		c.num[k][j] = v.Num
	}
	key := [2]int{i, f}
	if v.Cell != p.defaultCell(i, f) {
		if p.cells == nil {
			p.cells = make(map[[2]int]Cell)
		}
		p.cells[key] = v.Cell
	} else if p.cells != nil {
		delete(p.cells, key)
	}
}

// defaultCell is where investment i's value of field f is unless recorded
// otherwise: its input's column for the field on the investment's row.
func (p *Portfolio) defaultCell(i, f int) Cell {
	inv := &p.Investments[i]
	if inv.Input >= len(p.Inputs) {
		return Cell{}
	}
	in := &p.Inputs[inv.Input]
	if f >= len(in.Columns) || in.Columns[f] == 0 {
		return Cell{}
	}
	return Cell{File: inv.Source.File, Sheet: inv.Source.Sheet, Row: inv.Source.Row, Col: in.Columns[f]}
}

// Present reports whether investment i has a value of field f.
func (p *Portfolio) Present(i, f int) bool { return p.cols[f].present[i>>chunkBits].get(i & chunkMask) }

// Value returns investment i's value of field f.
func (p *Portfolio) Value(i, f int) Value {
	c := &p.cols[f]
	k, j := i>>chunkBits, i&chunkMask
	v := Value{Present: c.present[k].get(j)}
	if cell, ok := p.cells[[2]int{i, f}]; ok {
		v.Cell = cell
	} else {
		v.Cell = p.defaultCell(i, f)
	}
	if !v.Present {
		return v
	}
	field := &p.Fields[f]
	switch field.Kind {
	case Text:
		v.Text = c.text[k][j]
	case YesNo:
		v.Bool = c.yes[k].get(j)
	case Date:
		v.Date = time.Unix(int64(c.num[k][j])*secondsPerDay, 0).UTC()
	case Scale:
		v.Num = c.num[k][j]
		if pos := int(v.Num); pos >= 1 && pos <= len(field.Levels) {
			v.Text = field.Levels[pos-1]
		}
	default:
		v.Num = c.num[k][j]
	}
	return v
}

// Values returns every value of investment i, in field order.
func (p *Portfolio) Values(i int) []Value {
	out := make([]Value, len(p.Fields))
	for f := range out {
		out[f] = p.Value(i, f)
	}
	return out
}
