package strictyaml

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/prio-tool/prio/messages"
)

// ErrInvalid is wrapped by every ErrorList, so that callers can tell a bad
// file from I/O failures with errors.Is.
var ErrInvalid = errors.New("invalid YAML file") // not a message: a sentinel for errors.Is; the list's own problems are shown, never this text

// Pos is a position in a YAML file. Line and Col count from 1.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one problem in a YAML file, at a position. Its message is made
// in no language: Error gives it in English, Localize in any.
type Error struct {
	Pos Pos
	Msg messages.Message
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg.String() }

// Localize gives the problem in language l.
func (e *Error) Localize(l messages.Lang) string { return e.Pos.String() + ": " + e.Msg.In(l) }

// ErrorList is every problem found in a file. Its Error method gives
// one line per problem, sorted by position.
type ErrorList []*Error

// Add adds a problem at a position. format is an English message of the
// catalogue.
func (l *ErrorList) Add(p Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: p, Msg: messages.M(format, args...)})
}

// Sort orders the list by line and column, keeping the order of problems
// found at the same position.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

func (l ErrorList) Error() string { return l.Localize(messages.English) }

// Localize gives one line per problem in language l.
func (l ErrorList) Localize(lang messages.Lang) string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Localize(lang)
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.Is(err, ErrInvalid) hold for any ErrorList.
func (l ErrorList) Unwrap() error { return ErrInvalid }

// Err returns the sorted list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}
