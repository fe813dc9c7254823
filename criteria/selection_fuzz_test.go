package criteria

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseSelection: any input gives a selection or an ErrorList whose
// every line names the file with a line and column (FORMATS.md §5's strict
// decoding); checking a parsed selection against the built-in set gives a
// positioned error or none; never a panic.
func FuzzParseSelection(f *testing.F) {
	files, _ := filepath.Glob("../testdata/selection/*.yaml")
	files = append(files, "../testdata/examples/exempelverket-urval.yaml")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("format: prio.selection/1\nvalue: score\ncost: invest\nbudget: 10\nrequires: [[A, B], [B, A]]\nexclusive: [[A, C], [C, D]]\n"))
	f.Add([]byte("format: prio.selection/1\nyears: {cost: costs, budgets: {\"2026\": -1}}\nlimits: [{where: 'x >', count: true, max: 2}]\n"))
	f.Add([]byte("a: &x [*x]\n"))
	set := Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		sel, err := ParseSelection(bytes.NewReader(data), "s.yaml")
		if err == nil {
			if sel == nil {
				t.Fatal("no error and no selection")
			}
			err = sel.Check(set)
			if err == nil {
				return
			}
		}
		var list ErrorList
		if !errors.As(err, &list) {
			if !strings.HasPrefix(err.Error(), "s.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.HasPrefix(line, "s.yaml:") {
				t.Fatalf("line without position: %q", line)
			}
		}
	})
}
