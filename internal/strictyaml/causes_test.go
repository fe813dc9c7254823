package strictyaml

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTabIndentation: a tab in a line's indentation is named at its own
// line and column, whichever of its three texts yaml.v3 gives and whether
// or not its line is the tab's; other syntax errors keep yaml.v3's words.
func TestTabIndentation(t *testing.T) {
	const tab = "YAML syntax: a tab indents this line; YAML indents with spaces only: replace the tab with spaces"
	tests := []struct {
		name, data string
		want       []string
	}{
		// yaml.v3: "line 2: found character that cannot start any token".
		{"tab alone", "a:\n\tb: 2\n", []string{"t.yaml:2:1: " + tab}},
		// yaml.v3: "line 2: found a tab character that violates
		// indentation", though the tab is on line 3.
		{"tab after spaces", "a:\n  b: 1\n  \tc: 2\n", []string{"t.yaml:3:3: " + tab}},
		{"tab before a list item", "a:\n  - x\n\t- y\n", []string{"t.yaml:3:1: " + tab}},
		{"tab on a blank line", "a:\n\t\n  b: 1\n", []string{"t.yaml:2:1: " + tab}},
		// A tab between tokens of a line is allowed.
		{"tab inside a line", "a:\n  b:\t2\n", nil},
		// The same yaml.v3 text from another character keeps its words.
		{"backquote", "a: `x`\n", []string{"t.yaml:1:1: YAML syntax: found character that cannot start any token"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &Decoder{File: "t.yaml"}
			d.Document([]byte(tc.data), "x")
			var got []string
			for _, e := range d.Errs {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestCommaInFlowValue: the text after a comma in an unquoted value inside
// { } is read as keys without values; the problem is told once, at the
// value, with the value as meant. A bare word one slip from a known key is a
// misspelt key, and a word after a list is an unknown key.
func TestCommaInFlowValue(t *testing.T) {
	tests := []struct {
		name, data string
		want       []string
	}{
		// "Effekter" begins at column 9 of "t: {sv: Effekter, …".
		{"one comma", "t: {sv: Effekter, nytta och mål, en: Effects}\n",
			[]string{`t.yaml:1:9: a comma in an unquoted value inside { }: put the value in quotes, as in sv: "Effekter, nytta och mål"`}},
		{"two commas, last pair", "t: {en: x, sv: A, B, C}\n",
			[]string{`t.yaml:1:16: a comma in an unquoted value inside { }: put the value in quotes, as in sv: "A, B, C"`}},
		{"quoted is fine", "t: {sv: \"Effekter, nytta och mål\", en: Effects}\n", nil},
		{"block style is fine", "t:\n  sv: Effekter, nytta och mål\n  en: Effects\n", nil},
		{"misspelt key", "t: {sv: x, enn}\n", []string{`t.yaml:1:12: unknown key "enn" in title (did you mean "en"?)`}},
		{"word after a list", "t: {sv: [a], other}\n", []string{`t.yaml:1:14: unknown key "other" in title`}},
		{"first pair", "t: {nytta, sv: x}\n", []string{`t.yaml:1:5: unknown key "nytta" in title`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &Decoder{File: "t.yaml"}
			doc := d.Document([]byte(tc.data), "x")
			if doc == nil {
				t.Fatalf("not parsed: %v", d.Errs)
			}
			d.Mapping(doc.Content[1], "title", "sv", "en")
			var got []string
			for _, e := range d.Errs {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
