package portfolio

import (
	"fmt"
	"time"
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

// Value is one typed field value of an investment. A missing value has
// Present false; its Cell still says where it was looked for when there was
// a column for it.
type Value struct {
	Present bool
	Num     float64   // Number, Percent (as a share), Scale (position from 1)
	Text    string    // Text; for Scale the level label
	Bool    bool      // YesNo
	Date    time.Time // Date, at midnight UTC
	Cell    Cell      // where the value was read; zero when no column existed
}

// Investment is one row of a portfolio.
type Investment struct {
	ID     string
	Source Cell // the cell holding the id
	// Values holds one entry per field of the criteria set, indexed like
	// Portfolio.Fields.
	Values []Value
}

// Input describes one file read into the portfolio.
type Input struct {
	Path   string // as given by the user
	SHA256 string // hex digest of the file's bytes
	Sheet  string // the sheet used; empty for CSV
	Rows   int    // investment rows read (not header, blank or sum rows)
}

// Portfolio is the investments of one or more input files, ranked together.
type Portfolio struct {
	Fields      []string // field names, in criteria order; Investment.Values is parallel
	Inputs      []Input
	Investments []Investment
	Warnings    []string // problems that did not stop the import, with positions
	Notes       []string // things done on the user's behalf (a skipped sum row)
}

// FieldIndex returns the index of the named field in Fields, or -1.
func (p *Portfolio) FieldIndex(name string) int {
	for i, f := range p.Fields {
		if f == name {
			return i
		}
	}
	return -1
}
