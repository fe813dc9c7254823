package messages

import (
	"errors"
	"io/fs"
	"sync"
	"testing"
)

// The Swedish texts expected here are the catalogue's entries for these
// keys, copied by hand from catalogue/*.yaml.
func TestMessageIn(t *testing.T) {
	m := M("%s: larger than %d MiB; not a criteria set", "k.yaml", 4)
	if got, want := m.In(English), "k.yaml: larger than 4 MiB; not a criteria set"; got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
	if got, want := m.In(Swedish), "k.yaml: större än 4 MiB; inte en kriterieuppsättning"; got != want {
		t.Errorf("sv: %q, want %q", got, want)
	}
	if m.String() != m.In(English) {
		t.Error("String is not English")
	}
	// A message inside a message is given in the same language.
	outer := M("%s at %s", M("a Monte Carlo sample"), "p.csv:2")
	if got, want := outer.In(Swedish), "ett stickprov i Monte Carlo-analysen i p.csv:2"; got != want {
		t.Errorf("nested sv: %q, want %q", got, want)
	}
}

func TestNewErrorWraps(t *testing.T) {
	base := fs.ErrNotExist
	err := NewError("%s: larger than %d MiB; not a criteria set: %w", "k.yaml", 4, base)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Error("does not wrap its %w argument")
	}
	kind := errors.New("kind")
	if !errors.Is(KindError(kind, "the selection"), kind) {
		t.Error("KindError is not its kind")
	}
	if got, want := err.Error(), "k.yaml: larger than 4 MiB; not a criteria set: file does not exist"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	// An error argument that localises itself is given in the language.
	outer := NewError("%s at %s", NewError("a Monte Carlo sample"), "p.csv:2")
	if got, want := Localize(outer, Swedish), "ett stickprov i Monte Carlo-analysen i p.csv:2"; got != want {
		t.Errorf("Localize = %q, want %q", got, want)
	}
	if got := Localize(errors.New("plain"), Swedish); got != "plain" {
		t.Errorf("a plain error: %q", got)
	}
}

func TestFormatVerbs(t *testing.T) {
	got := string(formatVerbs("%s: %5.2f%% of %q (%w) %d"))
	if got != "sfqwd" {
		t.Errorf("verbs = %q, want sfqwd", got)
	}
}

// TestPrintersInTwoLanguagesAtOnce renders one message in Swedish and
// English from many goroutines at once: the language is a parameter, so
// each gets its own (run with -race).
func TestPrintersInTwoLanguagesAtOnce(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		for _, tc := range []struct {
			l    Lang
			want string
		}{{Swedish, "urvalet"}, {English, "the selection"}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got := In(tc.l).T("the selection"); got != tc.want {
					t.Errorf("%s: %q, want %q", tc.l, got, tc.want)
				}
			}()
		}
	}
	wg.Wait()
}
