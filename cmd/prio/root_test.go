package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio/messages"
)

// TestLangArg reads --lang from a command line as cobra will: the last one
// wins, --lang=VALUE too, nothing after "--".
func TestLangArg(t *testing.T) {
	tests := []struct {
		args  []string
		value string
		given bool
	}{
		{nil, "", false},
		{[]string{"score", "a.csv"}, "", false},
		{[]string{"score", "--lang", "en", "a.csv"}, "en", true},
		{[]string{"--lang", "en", "score"}, "en", true},
		{[]string{"score", "--lang=fi"}, "fi", true},
		{[]string{"score", "--lang", "sv", "--lang=en"}, "en", true},
		{[]string{"score", "--", "--lang", "en"}, "", false},
		{[]string{"score", "--lang"}, "", false}, // cobra says the value is missing
	}
	for _, tt := range tests {
		value, given := langArg(tt.args)
		if value != tt.value || given != tt.given {
			t.Errorf("langArg(%q) = %q, %v; want %q, %v", tt.args, value, given, tt.value, tt.given)
		}
	}
}

// TestChooseLanguage: --lang, else PRIO_LANG, else Swedish; a bad value of
// either is a usage error naming it.
func TestChooseLanguage(t *testing.T) {
	tests := []struct {
		env, flag string
		given     bool
		want      messages.Lang
		err       string
	}{
		{"", "", false, messages.Swedish, ""},
		{"en", "", false, messages.English, ""},
		{"en", "sv", true, messages.Swedish, ""},
		{"", "en", true, messages.English, ""},
		{"fi", "en", true, messages.English, ""},
		{"", "fi", true, "", `--lang must be sv or en, not "fi"`},
		{"fi", "", false, "", `the environment variable PRIO_LANG must be sv or en, not "fi"`},
	}
	for _, tt := range tests {
		t.Setenv(langEnv, tt.env)
		got, err := chooseLanguage(tt.flag, tt.given)
		var ue usageError
		switch {
		case tt.err != "" && (err == nil || err.Error() != tt.err || !errors.As(err, &ue)):
			t.Errorf("PRIO_LANG=%q --lang %q: error %v, want the usage error %q", tt.env, tt.flag, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("PRIO_LANG=%q --lang %q: %q, %v; want %q", tt.env, tt.flag, got, err, tt.want)
		}
	}
}

// TestLanguageHookNotShadowed: a subcommand with a PersistentPreRunE of its
// own does not keep the root's from setting the run's language first.
func TestLanguageHookNotShadowed(t *testing.T) {
	t.Setenv(langEnv, "")
	root := newRootCmd()
	var seen messages.Lang
	root.AddCommand(&cobra.Command{
		Use:               "probe",
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { seen = langOf(cmd.ErrOrStderr()); return nil },
		RunE:              func(*cobra.Command, []string) error { return nil },
	})
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&console{Writer: &out, lang: messages.Swedish})
	root.SetArgs([]string{"probe", "--lang", "en"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	if seen != messages.English {
		t.Errorf("the subcommand's hook saw %q, want en: the root's hook did not run first", seen)
	}
}

// TestRunsInTwoLanguagesAtOnce: the language is the run's own, not the
// process's: runs in Swedish and English at the same time each say their
// errors in their own (run with -race). The texts are the catalogue's,
// copied by hand.
func TestRunsInTwoLanguagesAtOnce(t *testing.T) {
	t.Setenv(langEnv, "")
	missing := filepath.Join(t.TempDir(), "saknas.csv")
	// The note on the built-in criteria set, then the error.
	want := map[string][2]string{
		"sv": {"prio: upplysning: ingen --criteria angiven", "prio: " + missing + ": filen finns inte\n"},
		"en": {"prio: note: no --criteria given", "prio: " + missing + ": the file does not exist\n"},
	}
	var wg sync.WaitGroup
	for range 20 {
		for lang, w := range want {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var out, errb bytes.Buffer
				code := run([]string{"score", "--lang", lang, missing}, &out, &errb)
				if got := errb.String(); code != 1 || !strings.HasPrefix(got, w[0]) || !strings.HasSuffix(got, w[1]) {
					t.Errorf("--lang %s: exit %d, stderr %q; want 1, %q … %q", lang, code, got, w[0], w[1])
				}
			}()
		}
	}
	wg.Wait()
}
