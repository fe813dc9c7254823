//go:build unix

package importers

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadFilesNotRegular: a named pipe without a writer and a device are
// refused at once, not waited on or read (internal/safeio opens them
// without blocking).
func TestReadFilesNotRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	set := parseSet(t, smallSet)
	tests := []struct{ path, want string }{
		{fifo, fifo + ": a named pipe (FIFO), not a file: prio reads only regular files"},
		{"/dev/zero", "/dev/zero: a device, not a file: prio reads only regular files"},
		{"/dev/urandom", "/dev/urandom: a device, not a file: prio reads only regular files"},
		{t.TempDir(), ": a folder, not a file"},
	}
	for _, tt := range tests {
		_, err := ReadFiles(set, []string{tt.path}, Options{})
		if err == nil || !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %s", tt.path, err, tt.want)
		}
	}
}
