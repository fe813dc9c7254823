//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// TestBatchSIGTERM stops a running `prio batch` of the built binary with
// SIGTERM, as a scheduler or service manager stops a job: prio ends as it
// does for Ctrl-C, with "interrupted" and exit status 1, and leaves neither
// the run folder nor its temporary folder behind.
func TestBatchSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	inputs := []string{"kriterier.yaml", "alfa.csv", "bravo.csv", "cirkel.csv"}
	copyFiles(t, "../../batch/testdata/liten", dir, inputs...)
	// Ten million samples per agency: seconds of work, so that the signal
	// comes in the middle of the run.
	manifest := `format: prio.batch/1
criteria: kriterier.yaml
output: ut
sensitivity: {samples: 10000000}
agencies:
  - {name: Alfaverket, workbook: alfa.csv}
  - {name: Bravoverket, workbook: bravo.csv}
`
	if err := os.WriteFile(filepath.Join(dir, "manifest.yaml"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "batch", "manifest.yaml")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PRIO_LANG=en")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The run has begun once its temporary folder is there.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if tmp, _ := filepath.Glob(filepath.Join(dir, ".ut.tmp-*")); len(tmp) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no temporary run folder after 30 s\n%s", stderr.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("still running 60 s after SIGTERM\n%s", stderr.String())
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || stderr.String() != "prio: interrupted\n" {
		t.Errorf("after SIGTERM: %v, stderr %q; want exit status 1 and \"prio: interrupted\"", err, stderr.String())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		if !slices.Contains(append(inputs, "manifest.yaml"), e.Name()) {
			left = append(left, e.Name())
		}
	}
	if len(left) > 0 {
		t.Errorf("left behind: %q", left)
	}
}
