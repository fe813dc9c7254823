//go:build unix

package safeio

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestOpenRegularSpecial: a named pipe without a writer and a device are
// refused at once, with what they are; a hang guard of a minute, not a
// measure of speed.
func TestOpenRegularSpecial(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		kind Kind
	}{
		{fifo, FIFO},
		{"/dev/null", Device},
		{"/dev/zero", Device},
	}
	for _, tt := range tests {
		done := make(chan error, 1)
		go func() { _, err := OpenRegular(tt.path); done <- err }()
		select {
		case err := <-done:
			var nr *NotRegularError
			if !errors.As(err, &nr) || nr.Kind != tt.kind || !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s: %v, want a %s NotRegularError", tt.path, err, tt.kind)
			}
		case <-time.After(time.Minute):
			t.Fatalf("%s: still waiting after a minute", tt.path)
		}
	}
}
