package safeio

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := OpenRegular(file)
	if err != nil {
		t.Fatalf("a regular file: %v", err)
	}
	f.Close()
	if _, err := OpenRegular(dir); !errors.Is(err, syscall.EISDIR) {
		t.Errorf("a folder: %v, want EISDIR", err)
	}
	if _, err := OpenRegular(filepath.Join(dir, "nope")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v, want ErrNotExist", err)
	}
}
