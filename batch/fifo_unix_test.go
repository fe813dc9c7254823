//go:build unix

package batch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prio-tool/prio/messages"
)

// noHang runs f and fails the test if it has not returned after a minute:
// a guard against a read that waits on a named pipe for ever, not a
// measure of speed.
func noHang(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatalf("%s: still waiting after a minute", what)
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	os.Remove(path)
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNamedPipes: a manifest, a criteria file, a workbook, a run.json and
// an output that are named pipes are refused at once, named with what they
// are; nothing waits for a writer that never comes.
func TestNamedPipes(t *testing.T) {
	const fifo = ": a named pipe (FIFO), not a file: prio reads only regular files"

	t.Run("manifest", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "m.yaml")
		mkfifo(t, path)
		noHang(t, "LoadManifest", func() {
			_, err := LoadManifest(path)
			if err == nil || err.Error() != path+fifo {
				t.Errorf("LoadManifest = %v, want %s", err, path+fifo)
			}
		})
	})
	t.Run("criteria file and workbook", func(t *testing.T) {
		dir := copyLiten(t)
		mkfifo(t, filepath.Join(dir, "bravo.csv"))
		m, err := LoadManifest(filepath.Join(dir, "manifest.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		noHang(t, "Run", func() {
			pl, err := NewPlan(m)
			if err != nil {
				t.Fatal(err)
			}
			rec, err := Run(context.Background(), pl, Options{Output: filepath.Join(dir, "ut"), Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"bravo.csv" + fifo}
			if diff := cmp.Diff(want, rec.Agencies[1].Errors); diff != "" {
				t.Errorf("Bravoverket's errors (-want +got):\n%s", diff)
			}
		})
		mkfifo(t, filepath.Join(dir, "kriterier.yaml"))
		noHang(t, "NewPlan", func() {
			_, err := NewPlan(m)
			want := filepath.Join(dir, "manifest.yaml") + ":2:11: " + filepath.Join(dir, "kriterier.yaml") + fifo
			if err == nil || err.Error() != want {
				t.Errorf("NewPlan = %v, want %s", err, want)
			}
		})
	})
	t.Run("run.json and an output", func(t *testing.T) {
		dir := copyLiten(t)
		runLiten(t, dir, "ut", Options{})
		out := filepath.Join(dir, "ut")
		mkfifo(t, filepath.Join(out, "summary.html"))
		noHang(t, "Verify", func() {
			rep, err := Verify(context.Background(), out, VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want := []string{filepath.Join(out, "summary.html") + fifo}
			if diff := cmp.Diff(want, messages.Strings(rep.Problems, messages.English)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
		record := filepath.Join(out, RecordName)
		mkfifo(t, record)
		noHang(t, "ReadRecord", func() {
			_, err := ReadRecord(out)
			want := record + ": not a prio batch run: a named pipe (FIFO), not a file: prio reads only regular files"
			if !errors.Is(err, ErrNotRun) || err.Error() != want {
				t.Errorf("ReadRecord = %v, want %s", err, want)
			}
		})
	})
}
