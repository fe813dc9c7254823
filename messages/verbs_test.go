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
	defer SetLanguage(Language())
	SetLanguage(Swedish)
	if got := Errorf("unknown language %q: use sv or en", "fi").Error(); got != `okänt språk "fi": välj sv eller en` {
		t.Errorf("Swedish: %s", got)
	}
	SetLanguage(English)
	if got := Errorf("unknown language %q: use sv or en", "fi").Error(); got != `unknown language "fi": use sv or en` {
		t.Errorf("English: %s", got)
	}
	SetLanguage(Swedish)
	if got := Sprintf("not in the catalogue %d", 3); got != "not in the catalogue 3" {
		t.Errorf("uncatalogued: %s", got)
	}
}

// TestKind: a Kind error says its message in the current language and is
// still its sentinel, and what it wraps with %w, for errors.Is.
func TestKind(t *testing.T) {
	defer SetLanguage(Language())
	sentinel := errors.New("unknown language")
	cause := errors.New("cause")
	SetLanguage(Swedish)
	err := Kind(sentinel, "unknown language %q: use sv or en", "fi")
	if got := err.Error(); got != `okänt språk "fi": välj sv eller en` {
		t.Errorf("Swedish: %s", got)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("%v is not its sentinel", err)
	}
	SetLanguage(English)
	err = Kind(sentinel, "not in the catalogue: %w", cause)
	if got := err.Error(); got != "not in the catalogue: cause" || !errors.Is(err, sentinel) || !errors.Is(err, cause) {
		t.Errorf("English: %q, is sentinel %v, is cause %v", got, errors.Is(err, sentinel), errors.Is(err, cause))
	}
}
