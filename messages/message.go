package messages

import (
	"fmt"
	"strings"
)

// Message is a message of the catalogue with its arguments, made in no
// language: results and errors hold Messages (facts), and the renderers for
// people turn them into Swedish or English with In. Its String is English,
// the language of logs and of programs' error texts.
type Message struct {
	Format string
	Args   []any
}

// M makes a message. format is the English text of a catalogue entry.
func M(format string, args ...any) Message { return Message{Format: format, Args: args} }

// In gives the message in language l. Arguments that are Messages, or
// errors and values that can localise themselves (Localizer), are given in
// l too; %w is written as %v.
func (m Message) In(l Lang) string {
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		args[i] = localizeArg(a, l)
	}
	return fmt.Sprintf(strings.ReplaceAll(formatIn(m.Format, l), "%w", "%v"), args...)
}

// String gives the message in English.
func (m Message) String() string { return m.In(English) }

// IsZero reports whether the message is empty.
func (m Message) IsZero() bool { return m.Format == "" }

// Localizer is a value, usually an error, that gives its text in a
// language: typed errors with positions implement it.
type Localizer interface {
	Localize(l Lang) string
}

func localizeArg(a any, l Lang) any {
	switch v := a.(type) {
	case Message:
		return v.In(l)
	case Localizer:
		return v.Localize(l)
	case error:
		return Localize(v, l)
	}
	return a
}

// Localize gives the text of err in language l: an error that is a
// Localizer gives its own text in l; any other error its Error(). An error
// made by fmt.Errorf around a Localizer is only English: wrap with NewError.
func Localize(err error, l Lang) string {
	if err == nil {
		return ""
	}
	if lz, ok := err.(Localizer); ok {
		return lz.Localize(l)
	}
	return err.Error()
}

// formatIn is the format of a message in language l: the catalogue's
// Swedish for sv, the English key itself otherwise or when the catalogue
// has no Swedish (the catalogue test keeps that from happening).
func formatIn(format string, l Lang) string {
	if l != Swedish {
		return format
	}
	if e, ok := catalogue()[format]; ok && e.Sv != "" {
		return e.Sv
	}
	return format
}

// Error is an error whose text is a Message. Error gives it in English;
// Localize in any language. It wraps the arguments written with %w, and a
// kind (a sentinel for errors.Is) when made by KindError.
type Error struct {
	Msg     Message
	kind    error
	wrapped []error
}

// NewError makes an error of a catalogue message; arguments written with
// %w are wrapped, as fmt.Errorf wraps them.
func NewError(format string, args ...any) *Error {
	e := &Error{Msg: M(format, args...)}
	for i, verb := range formatVerbs(format) {
		if verb == 'w' && i < len(args) {
			if err, ok := args[i].(error); ok {
				e.wrapped = append(e.wrapped, err)
			}
		}
	}
	return e
}

// KindError is NewError for an error that callers tell apart with
// errors.Is(err, kind).
func KindError(kind error, format string, args ...any) *Error {
	e := NewError(format, args...)
	e.kind = kind
	return e
}

func (e *Error) Error() string          { return e.Msg.String() }
func (e *Error) Localize(l Lang) string { return e.Msg.In(l) }
func (e *Error) Unwrap() []error        { return e.unwrap() }
func (e *Error) unwrap() []error {
	if e.kind == nil {
		return e.wrapped
	}
	return append([]error{e.kind}, e.wrapped...)
}

// formatVerbs lists the verb of each argument of a fmt format, in order ('%%'
// takes none). Explicit argument indexes are not used in prio's messages.
func formatVerbs(format string) []rune {
	var out []rune
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.*", format[i]) >= 0 {
			i++
		}
		if i < len(format) && format[i] != '%' {
			out = append(out, rune(format[i]))
		}
	}
	return out
}

// Printer makes messages for people in one language: the language is a
// parameter of the renderer, never state of the process.
type Printer struct{ Lang Lang }

// In returns a printer of language l.
func In(l Lang) Printer { return Printer{Lang: l} }

// Sprintf formats a catalogue message in the printer's language.
func (p Printer) Sprintf(format string, args ...any) string { return M(format, args...).In(p.Lang) }

// T gives a fragment in the printer's language.
func (p Printer) T(text string) string { return formatIn(text, p.Lang) }

// Error gives err in the printer's language.
func (p Printer) Error(err error) string { return Localize(err, p.Lang) }
