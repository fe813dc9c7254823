package messages

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

// Errorf makes an error of a catalogue message, in no language: its Error
// is English, Localize gives it in any language. %w wraps as fmt.Errorf
// does.
func Errorf(format string, args ...any) error { return NewError(format, args...) }

// New is Errorf for a message without arguments.
func New(text string) error { return NewError(text) }

// T is a fragment of a message (a word, the name of a thing), given in the
// language of the message it becomes part of.
func T(text string) Message { return M(text) }

// Kind is Errorf for an error that callers tell apart with errors.Is: the
// error is also kind, a sentinel whose own (English) text is not shown.
func Kind(kind error, format string, args ...any) error { return KindError(kind, format, args...) }
