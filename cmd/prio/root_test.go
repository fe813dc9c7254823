package main

import (
	"bytes"
	"errors"
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
	defer messages.SetLanguage(messages.Language())
	messages.SetLanguage(messages.English)
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
// own does not keep the root's from setting the language first.
func TestLanguageHookNotShadowed(t *testing.T) {
	defer messages.SetLanguage(messages.Language())
	messages.SetLanguage(messages.Swedish)
	t.Setenv(langEnv, "")
	root := newRootCmd()
	var seen messages.Lang
	root.AddCommand(&cobra.Command{
		Use:               "probe",
		PersistentPreRunE: func(*cobra.Command, []string) error { seen = messages.Language(); return nil },
		RunE:              func(*cobra.Command, []string) error { return nil },
	})
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs([]string{"probe", "--lang", "en"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	if seen != messages.English {
		t.Errorf("the subcommand's hook saw %q, want en: the root's hook did not run first", seen)
	}
}

// TestRunRestoresLanguage: run sets the language for its own duration only,
// so that tests calling the library after it get its default.
func TestRunRestoresLanguage(t *testing.T) {
	defer messages.SetLanguage(messages.Language())
	messages.SetLanguage(messages.English)
	t.Setenv(langEnv, "")
	var out, errb bytes.Buffer
	if code := run([]string{"version", "--lang", "sv"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if got := messages.Language(); got != messages.English {
		t.Errorf("after run the language is %q, want en as before", got)
	}
}
