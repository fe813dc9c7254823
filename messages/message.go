package messages

import (
	"bytes"
	"encoding/json"
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
// Text arguments are copied: a message is rendered long after it is made,
// and readers hand it text that points into buffers they reuse.
func M(format string, args ...any) Message {
	return Message{Format: format, Args: ownArgs(args)}
}

// ownArgs is args with its texts copied, in a slice of its own (a caller's
// args... stays as it was).
func ownArgs(args []any) []any {
	if len(args) == 0 {
		return nil
	}
	own := make([]any, len(args))
	for i, a := range args {
		if s, ok := a.(string); ok {
			a = strings.Clone(s)
		}
		own[i] = a
	}
	return own
}

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
// Localizer gives its own text in l, and so does a wrapper whose text is
// that of the error it wraps; any other error its Error(). An error made by
// fmt.Errorf around a Localizer is only English: wrap with NewError.
func Localize(err error, l Lang) string {
	if err == nil {
		return ""
	}
	if lz, ok := err.(Localizer); ok {
		return lz.Localize(l)
	}
	// A wrapper that says no more than what it wraps (a kind of error
	// marked by its type) says it in l too.
	if u, ok := err.(interface{ Unwrap() error }); ok {
		if inner := u.Unwrap(); inner != nil && inner.Error() == err.Error() {
			return Localize(inner, l)
		}
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

// Of is a message made of one value: an error (given in the language of
// the message, when it can be) or another message.
func Of(v any) Message {
	if m, ok := v.(Message); ok {
		return m
	}
	return Message{Format: "%v", Args: ownArgs([]any{v})}
}

// Strings gives messages in language l, one string each.
func Strings(ms []Message, l Lang) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.In(l)
	}
	return out
}

// Join is parts (strings, messages, errors) joined by sep, each given in
// the language of the message it becomes part of.
func Join(parts []any, sep string) Localizer { return joined{parts, sep} }

type joined struct {
	parts []any
	sep   string
}

func (j joined) Localize(l Lang) string {
	out := make([]string, len(j.parts))
	for i, p := range j.parts {
		out[i] = fmt.Sprint(localizeArg(p, l))
	}
	return strings.Join(out, j.sep)
}

func (j joined) String() string { return j.Localize(English) }

// MarshalJSON writes a message as its English text: data outputs are the
// same whatever the language of the run.
func (m Message) MarshalJSON() ([]byte, error) {
	// As prio's JSON documents write text: < > & as they are, not as
	// \u003c (json.Marshal's escapes for HTML).
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m.String()); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// JoinErrors is errors.Join for errors that localise themselves: its text
// is theirs, one a line, in the language asked for. Nil errors are
// dropped; with none left it is nil.
func JoinErrors(errs ...error) error {
	var kept []error
	for _, e := range errs {
		if e != nil {
			kept = append(kept, e)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return &joinedErrors{kept}
}

type joinedErrors struct{ errs []error }

func (j *joinedErrors) Error() string   { return j.Localize(English) }
func (j *joinedErrors) Unwrap() []error { return j.errs }
func (j *joinedErrors) Localize(l Lang) string {
	lines := make([]string, len(j.errs))
	for i, e := range j.errs {
		lines[i] = Localize(e, l)
	}
	return strings.Join(lines, "\n")
}
