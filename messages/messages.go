package messages

import (
	"errors"
	"fmt"
	"sync/atomic"
)

// Lang is a language messages are given in.
type Lang string

// The languages of the catalogue.
const (
	English Lang = "en"
	Swedish Lang = "sv"
)

// Languages lists the languages a user may choose, the default of the
// command line first.
var Languages = []Lang{Swedish, English}

// ParseLang reads a language code as a user gives it ("sv", "en").
func ParseLang(s string) (Lang, error) {
	for _, l := range Languages {
		if string(l) == s {
			return l, nil
		}
	}
	return "", Errorf("unknown language %q: use sv or en", s)
}

var current atomic.Value // of Lang

// SetLanguage sets the language of the messages made from now on.
func SetLanguage(l Lang) { current.Store(l) }

// Language is the language messages are made in.
func Language() Lang {
	if l, ok := current.Load().(Lang); ok {
		return l
	}
	return English
}

// translate gives the format of a message in the current language. A format
// not in the catalogue is used as it is: the catalogue test keeps that from
// happening in prio's own code.
func translate(format string) string {
	if Language() == English {
		return format
	}
	if e, ok := catalogue()[format]; ok && e.Sv != "" {
		return e.Sv
	}
	return format
}

// Sprintf formats a message in the current language.
func Sprintf(format string, args ...any) string {
	return fmt.Sprintf(translate(format), args...)
}

// Errorf is fmt.Errorf in the current language; %w wraps as it does there.
func Errorf(format string, args ...any) error {
	return fmt.Errorf(translate(format), args...)
}

// New is errors.New in the current language.
func New(text string) error { return errors.New(translate(text)) }

// T gives a fragment of a message (a word, a name of a thing) in the current
// language, for messages that are put together from parts.
func T(text string) string { return translate(text) }

// Kind is Errorf for an error that callers tell apart with errors.Is: the
// error it gives is also kind, a sentinel whose own (English) text is not
// shown, as the message says the same in the run's language.
func Kind(kind error, format string, args ...any) error {
	return kindError{kind: kind, msg: Errorf(format, args...)}
}

type kindError struct{ kind, msg error }

func (e kindError) Error() string { return e.msg.Error() }

// Unwrap gives the sentinel and what the message wraps with %w.
func (e kindError) Unwrap() []error { return []error{e.kind, e.msg} }
