package batch

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// manifestProblem is one line of a manifest's error list: the file, a line
// and a column, then the message.
var manifestProblem = regexp.MustCompile(`^m\.yaml:\d+:\d+: \S`)

// FuzzParseManifest: any input gives a manifest or problems that each name
// the file with a line and column; never a panic.
func FuzzParseManifest(f *testing.F) {
	seed, err := os.ReadFile("testdata/liten/manifest.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("format: prio.batch/1\ncriteria: k.yaml\noutput: ut\nagencies:\n  - {name: A, workbook: a.xlsx, join: [b.csv], sheet: S, locale: en}\n"))
	f.Add([]byte("format: prio.batch/1\nsensitivity: {samples: 0, seed: -1, weights: {vary: 2}, top: 0}\nformats: [pdf]\nagencies: []\n"))
	f.Add([]byte("a: &x [*x, *x]\n"))
	f.Add([]byte("format: prio.batch/2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest(bytes.NewReader(data), "m.yaml")
		if err == nil {
			if m == nil || len(m.Agencies) == 0 {
				t.Fatal("no error and no agencies")
			}
			slugs := map[string]bool{}
			for _, a := range m.Agencies {
				if a.Slug == "" || strings.ContainsAny(a.Slug, `/\.`) || slugs[a.Slug] {
					t.Fatalf("agency %q has slug %q: empty, not a plain folder name, or taken", a.Name, a.Slug)
				}
				slugs[a.Slug] = true
			}
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !manifestProblem.MatchString(line) {
				t.Fatalf("problem without a position: %q", line)
			}
		}
	})
}
