package criteria

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: any input gives a set or an ErrorList whose every line names
// the file with a line and column; never a panic.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../testdata/criteria/*.yaml")
	bad, _ := filepath.Glob("../testdata/criteria/bad/*.yaml")
	for _, p := range append(files, bad...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(DefaultBytes())
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("format: prio.criteria/1\nfields: {id: {headers: [ID], type: text}}\nderived: {a: 'a'}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := Parse(bytes.NewReader(data), "f.yaml")
		if err == nil {
			if set == nil || len(set.Leaves()) == 0 {
				t.Fatal("no error and no criteria")
			}
			total := 0.0
			for _, c := range set.Leaves() {
				total += c.EffectiveWeight
			}
			if total < 1-1e-9 || total > 1+1e-9 {
				t.Fatalf("effective weights sum to %v", total)
			}
			return
		}
		var list ErrorList
		if !errors.As(err, &list) {
			if !strings.HasPrefix(err.Error(), "f.yaml") { // "f.yaml: …" or a sentence naming it ("f.yaml looks like a portfolio …")
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.HasPrefix(line, "f.yaml:") {
				t.Fatalf("line without position: %q", line)
			}
		}
	})
}
