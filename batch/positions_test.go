package batch

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// TestParsePos: a position run.json records reads back as it was, also for
// a file name with colons; anything else is no position.
func TestParsePos(t *testing.T) {
	tests := []struct {
		in   string
		want Pos
	}{
		{"m.yaml:13:115", Pos{File: "m.yaml", Line: 13, Col: 115}},
		{"C:/run/m.yaml:2:3", Pos{File: "C:/run/m.yaml", Line: 2, Col: 3}},
		{"", Pos{}},
		{"m.yaml:13", Pos{}},
		{"m.yaml:x:3", Pos{}},
		{":2:3", Pos{}},
		{"m.yaml:0:3", Pos{}},
	}
	for _, tt := range tests {
		if got := parsePos(tt.in); got != tt.want {
			t.Errorf("parsePos(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if tt.want.Line > 0 && posText(tt.want) != tt.in {
			t.Errorf("posText(%+v) = %q, want %q", tt.want, posText(tt.want), tt.in)
		}
	}
}

// TestBlockText: the selection block is cut out of the manifest with the
// text before it on its first line blanked, up to the next key; a block
// in flow style on one line with the next key is not cut out. The expected
// texts are the manifests' lines, copied by hand.
func TestBlockText(t *testing.T) {
	tests := []struct {
		name, manifest, want string
		ok                   bool
	}{
		{"block style", "format: x\nselection:\n  value: score\n  # a comment\n  must: [A]\nagencies: []\n",
			"  value: score\n  # a comment\n  must: [A]\n", true},
		{"flow style on the key's line", "format: x\nselection: {value: score}\nagencies: []\n",
			"           {value: score}\n", true},
		{"the last key", "format: x\nselection:\n  must: [Å]\n",
			"  must: [Å]\n", true},
		{"a flow manifest", "{format: x, selection: {value: score}, agencies: []}\n", "", false},
	}
	for _, tt := range tests {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(tt.manifest), &doc); err != nil {
			t.Fatal(err)
		}
		top := doc.Content[0]
		var value *yaml.Node
		for i := 0; i < len(top.Content); i += 2 {
			if top.Content[i].Value == "selection" {
				value = top.Content[i+1]
			}
		}
		got, ok := blockText([]byte(tt.manifest), top, value)
		if ok != tt.ok || got != tt.want {
			t.Errorf("%s: %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
