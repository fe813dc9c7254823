package messages

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed catalogue/*.yaml
var files embed.FS

// Entry is one message of the catalogue.
type Entry struct {
	// En is the message as the code writes it, a fmt format; it is the key.
	En string `yaml:"en"`
	// Sv is the same message in Swedish, with the same verbs.
	Sv string `yaml:"sv"`
	// Cause says what makes prio give the message, and Remedy what the user
	// can do about it, both in English.
	Cause  string `yaml:"cause,omitempty"`
	Remedy string `yaml:"remedy,omitempty"`
	// Fragment marks a part of other messages (a word, "criterion %s"),
	// which has no cause or remedy of its own.
	Fragment bool `yaml:"fragment,omitempty"`
	// Section is the catalogue file the entry is in, without ".yaml": the
	// part of prio that gives the message.
	Section string `yaml:"-"`
}

// Entries reads the whole catalogue in file order, reporting every file it
// cannot read. Duplicate keys are reported by the catalogue test, not here.
func Entries() ([]Entry, error) {
	names, err := fs.Glob(files, "catalogue/*.yaml")
	if err != nil {
		return nil, err
	}
	var all []Entry
	var problems []string
	for _, name := range names {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var entries []Entry
		if err := yaml.Unmarshal(data, &entries); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", name, err)) // not a message: a build defect caught by tests
			continue
		}
		section := strings.TrimSuffix(path.Base(name), ".yaml")
		for _, e := range entries {
			e.Section = section
			all = append(all, e)
		}
	}
	if len(problems) > 0 {
		return all, fmt.Errorf("messages catalogue: %s", strings.Join(problems, "; ")) // not a message: a build defect caught by tests
	}
	return all, nil
}

// catalogue maps each English format to its entry, the first if it is
// given twice.
var catalogue = sync.OnceValue(func() map[string]Entry {
	entries, _ := Entries() // a broken file fails the catalogue test; the run goes on in English
	m := make(map[string]Entry, len(entries))
	for _, e := range entries {
		if _, dup := m[e.En]; !dup {
			m[e.En] = e
		}
	}
	return m
})

// Lookup finds the entry of a message by its English format.
func Lookup(en string) (Entry, bool) {
	e, ok := catalogue()[en]
	return e, ok
}
