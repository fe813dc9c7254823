package criteria

import (
	"bytes"
	_ "embed"
)

// DefaultName is the file name the built-in set is reported under.
const DefaultName = "digitala-investeringar.yaml"

//go:embed builtin/digitala-investeringar.yaml
var defaultYAML []byte

// Default returns the criteria set built into prio: a reconstruction from
// public frameworks, status draft, not an official text.
func Default() *Set {
	set, err := Parse(bytes.NewReader(defaultYAML), DefaultName)
	if err != nil {
		// The embedded file is tested; this cannot happen in a release.
		panic("criteria: built-in set: " + err.Error())
	}
	return set
}

// DefaultBytes returns the bytes of the built-in criteria file.
func DefaultBytes() []byte { return bytes.Clone(defaultYAML) }
