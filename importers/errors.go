package importers

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
)

// ErrInput is wrapped by every ErrorList, so that callers can tell bad input
// files from I/O failures with errors.Is.
var ErrInput = errors.New("bad input") // not a message: a sentinel for errors.Is, never shown: ErrorList.Error gives only its problems

// MaxProblems is how many problems of one file are reported; the rest are
// counted in one last line.
const MaxProblems = 100

// Error is one problem in an input file, at a cell, a row (Col 0) or the
// file as a whole (Row 0).
type Error struct {
	Cell portfolio.Cell
	// Msg is made in no language: Error gives it in English, Localize in
	// any.
	Msg messages.Message
	// Err is the kind of problem callers may branch on, or nil.
	Err error
}

func (e *Error) Error() string { return position(e.Cell) + ": " + e.Msg.String() }

// Localize gives the problem in language l.
func (e *Error) Localize(l messages.Lang) string { return position(e.Cell) + ": " + e.Msg.In(l) }

// Message is the problem with its position, as a message.
func (e *Error) Message() messages.Message {
	return messages.M("%s: %s", position(e.Cell), e.Msg)
}

// Unwrap returns the kind of problem, if any.
func (e *Error) Unwrap() error { return e.Err }

// position formats a cell, a row ("file.csv:40", or "book.xlsx: Blad1!40:40"
// as Excel names a whole row), a sheet ("book.xlsx: Blad1") or a file
// ("file.csv").
func position(c portfolio.Cell) string {
	switch {
	case c.Sheet != "" && c.Row == 0:
		return c.File + ": " + c.Sheet
	case c.Row == 0:
		return c.File
	case c.Sheet != "" && c.Col == 0:
		return fmt.Sprintf("%s: %s!%d:%d", c.File, c.Sheet, c.Row, c.Row)
	}
	return c.String()
}

// ErrorList is every problem found in the input files: for each file in the
// order given, its problems sorted by position, at most MaxProblems of them
// and then one line counting the rest. Its Error method gives one problem a
// line.
type ErrorList []*Error

func (l ErrorList) Error() string { return l.Localize(messages.English) }

// Localize gives one problem a line in language lang.
func (l ErrorList) Localize(lang messages.Lang) string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Localize(lang)
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.Is(err, ErrInput) hold for any ErrorList, and
// errors.Is(err, kind) when a problem is of that kind.
func (l ErrorList) Unwrap() []error {
	out := []error{ErrInput}
	for _, e := range l {
		if e.Err != nil {
			out = append(out, e.Err)
		}
	}
	return out
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// collector gathers the problems, warnings or notes of one file, keeping the
// first MaxProblems by position. Rows are read in order, so between rows
// everything past the first MaxProblems can be counted and dropped.
type collector struct {
	file    string
	what    collected
	list    []*Error
	dropped int
}

// collected is what a collector gathers.
type collected uint8

const (
	collectProblems collected = iota
	collectWarnings
	collectNotes
)

// add adds a message already made: a messages.Message, or an error whose
// text is the problem.
func (c *collector) add(cell portfolio.Cell, msg any) {
	c.list = append(c.list, &Error{Cell: cell, Msg: messages.Of(msg)})
}

// addf adds a message of the catalogue.
func (c *collector) addf(cell portfolio.Cell, format string, args ...any) {
	c.add(cell, messages.M(format, args...))
}

// has reports whether an entry of the current row is at cell: a cell
// already reported (too long, say) is not reported again as missing.
func (c *collector) has(cell portfolio.Cell) bool {
	for i := len(c.list) - 1; i >= 0 && c.list[i].Cell.Row == cell.Row; i-- {
		if c.list[i].Cell == cell {
			return true
		}
	}
	return false
}

func (c *collector) sort() {
	sort.SliceStable(c.list, func(i, j int) bool {
		a, b := c.list[i].Cell, c.list[j].Cell
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return a.Col < b.Col
	})
}

// endRow bounds the memory a file full of bad rows takes.
func (c *collector) endRow() {
	if len(c.list) > 4*MaxProblems {
		c.truncate()
	}
}

func (c *collector) truncate() {
	c.sort()
	if len(c.list) > MaxProblems {
		c.dropped += len(c.list) - MaxProblems
		c.list = c.list[:MaxProblems]
	}
}

// finish returns the entries sorted, with a last line counting those left
// out.
func (c *collector) finish() []*Error {
	c.truncate()
	out := c.list
	if c.dropped > 0 {
		var msg messages.Message
		switch c.what {
		case collectWarnings:
			msg = messages.M("… and %d more warnings", c.dropped)
		case collectNotes:
			msg = messages.M("… and %d more notes", c.dropped)
		default:
			msg = messages.M("… and %d more problems", c.dropped)
		}
		out = append(out, &Error{Cell: portfolio.Cell{File: c.file}, Msg: msg})
	}
	return out
}

// texts gives each entry with its position, as a message.
func texts(list []*Error) []messages.Message {
	out := make([]messages.Message, len(list))
	for i, e := range list {
		out[i] = e.Message()
	}
	return out
}
