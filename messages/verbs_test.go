package messages

import (
	"errors"
	"maps"
	"testing"
)

func TestVerbs(t *testing.T) {
	tests := []struct {
		format string
		want   map[int]string
		bad    bool
	}{
		{"no verbs, 100%% sure", map[int]string{}, false},
		{"%s: %w", map[int]string{1: "s", 2: "w"}, false},
		{"%[2]s före %[1]q", map[int]string{1: "q", 2: "s"}, false},
		{"%d rows, %.2f%%", map[int]string{1: "d", 2: ".2f"}, false},
		{"%-10s|%+d", map[int]string{1: "10s", 2: "d"}, false},
		{"%[1]s and %[1]s again", map[int]string{1: "s"}, false},
		{"%[1]s and %[1]d", nil, true},
		{"%*d", nil, true},
		{"ends in %", nil, true},
		{"%[x]s", nil, true},
	}
	for _, tt := range tests {
		got, err := verbs(tt.format)
		if (err != nil) != tt.bad {
			t.Errorf("verbs(%q) error = %v, want error %v", tt.format, err, tt.bad)
			continue
		}
		if !tt.bad && !maps.Equal(got, tt.want) {
			t.Errorf("verbs(%q) = %v, want %v", tt.format, got, tt.want)
		}
	}
}

func TestTranslate(t *testing.T) {
	err := Errorf("unknown language %q: use sv or en", "fi")
	if got := Localize(err, Swedish); got != `okänt språk "fi": välj sv eller en` {
		t.Errorf("Swedish: %s", got)
	}
	if got := Localize(err, English); got != `unknown language "fi": use sv or en` {
		t.Errorf("English: %s", got)
	}
	if got := err.Error(); got != `unknown language "fi": use sv or en` {
		t.Errorf("Error() is not English: %s", got)
	}
	if got := In(Swedish).Sprintf("not in the catalogue %d", 3); got != "not in the catalogue 3" {
		t.Errorf("uncatalogued: %s", got)
	}
}

// TestKind: a Kind error says its message in the language asked for and
// is still its sentinel, and what it wraps with %w, for errors.Is.
func TestKind(t *testing.T) {
	sentinel := errors.New("unknown language")
	cause := errors.New("cause")
	err := Kind(sentinel, "unknown language %q: use sv or en", "fi")
	if got := Localize(err, Swedish); got != `okänt språk "fi": välj sv eller en` {
		t.Errorf("Swedish: %s", got)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("%v is not its sentinel", err)
	}
	err = Kind(sentinel, "not in the catalogue: %w", cause)
	if got := err.Error(); got != "not in the catalogue: cause" || !errors.Is(err, sentinel) || !errors.Is(err, cause) {
		t.Errorf("English: %q, is sentinel %v, is cause %v", got, errors.Is(err, sentinel), errors.Is(err, cause))
	}
}
