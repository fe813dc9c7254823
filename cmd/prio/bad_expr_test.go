package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadExpressions runs the built binary on criteria sets whose
// expressions would exhaust the machine (issue 12 item 10: a repeat bomb
// that killed prio with "fatal error: out of memory", a reduce over a
// range that ran for minutes) or fail at run time (issue 11 item 2): each
// exits 1 with its message at its position, without a crash and without
// output, under the memory cap and hang guard of runBinary.
func TestBadExpressions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bad, err := filepath.Abs("../../testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"repeat bomb", []string{"criteria", "validate", "crit-repeat-bomb.yaml"},
			`crit-repeat-bomb.yaml:13:12: derived field big: repeat() is not available in criteria expressions`},
		{"repeat bomb in a run", []string{"score", "-c", "crit-repeat-bomb.yaml", "-f", "json", "-o", "OUT", "csv-names.csv"},
			`crit-repeat-bomb.yaml:13:12: derived field big: repeat() is not available in criteria expressions`},
		{"reduce over a range", []string{"criteria", "validate", "crit-reduce-loop.yaml"},
			`crit-reduce-loop.yaml:13:22: derived field slow: ranges (a..b) are not available in criteria expressions`},
		// "Alfa" and "Gamma" are not whole numbers; "7" is.
		{"conversion failing at run time", []string{"score", "-c", "crit-runtime-conversion.yaml", "-f", "json", "-o", "OUT", "csv-names.csv"},
			`crit-runtime-conversion.yaml:13:6: derived field n = int(name) + cost could not be computed for A (csv-names.csv:2; name = "Alfa" at csv-names.csv:2:2, cost = 12 at csv-names.csv:2:3): int("Alfa"): not a whole number; it failed the same way for 1 more; an expression that fails is a defect of the criteria set, not missing data: correct the expression`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.json")
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "OUT", out)
			}
			stderr, code := runBinary(t, bad, args...)
			if code != 1 {
				t.Errorf("exit status %d, want 1\n%s", code, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr)
			}
			for _, crash := range []string{"panic:", "goroutine ", "fatal error", "runtime."} {
				if strings.Contains(stderr, crash) {
					t.Errorf("stderr holds %q:\n%s", crash, stderr)
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("an output file was written")
			}
		})
	}
}
