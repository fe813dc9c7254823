package fileerr

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/prio-tool/prio/messages"
)

// A read-only folder cannot be made for root (the tests' usual user in CI),
// so the mapping from the system's errors is checked directly.
func TestWriteIn(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: "d/.x.tmp", Err: syscall.ENOENT}, "out.json: the folder d does not exist; create it first"},
		{&fs.PathError{Op: "open", Path: "d/.x.tmp", Err: syscall.ENOTDIR}, "out.json: d is not a folder"},
		{&fs.PathError{Op: "open", Path: "d/.x.tmp", Err: syscall.EACCES}, "out.json: the folder d is read-only for you; choose another with -o"},
		{&fs.PathError{Op: "open", Path: "d/.x.tmp", Err: syscall.EROFS}, "out.json: the folder d is read-only for you; choose another with -o"},
		{&fs.PathError{Op: "open", Path: "d/.x.tmp", Err: syscall.ENOSPC}, "out.json: cannot write in the folder d: open d/.x.tmp: no space left on device"},
	}
	for _, tt := range tests {
		if got := WriteIn("out.json", "d", tt.err).Error(); got != tt.want {
			t.Errorf("WriteIn(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

// TestOpen opens a missing file and a folder, and maps the other errors of
// the system directly; the errors still wrap the system's.
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(filepath.Join(dir, "nofile.csv"))
	if want := filepath.Join(dir, "nofile.csv") + ": the file does not exist"; err == nil || err.Error() != want {
		t.Errorf("missing file: %v, want %q", err, want)
	}
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) {
		t.Errorf("missing file: %v does not wrap fs.ErrNotExist and *fs.PathError", err)
	}
	_, err = OpenAs(dir, "portfolios")
	if want := "portfolios: a folder, not a file"; err == nil || err.Error() != want {
		t.Errorf("folder: %v, want %q", err, want)
	}
	f, err := Open(filepath.Join("fileerr.go"))
	if err != nil {
		t.Fatalf("a file that exists: %v", err)
	}
	f.Close()
	for _, tt := range []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: "a.csv", Err: syscall.EACCES}, "a.csv: permission denied: prio may not read the file"},
		{&fs.PathError{Op: "read", Path: "a.csv", Err: syscall.EIO}, "a.csv: cannot be read (input/output error)"},
		{os.ErrClosed, "a.csv: cannot be read (file already closed)"},
		{nil, ""},
	} {
		err := Describe("a.csv", tt.err)
		if got := ""; err != nil {
			got = err.Error()
			if got != tt.want {
				t.Errorf("Describe(%v) = %q, want %q", tt.err, got, tt.want)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("Describe(%v) does not wrap it", tt.err)
			}
		} else if tt.want != "" {
			t.Errorf("Describe(%v) = nil", tt.err)
		}
	}
}

// The messages in Swedish, written by hand.
func TestSwedish(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"missing file", func() error { _, err := OpenAs(filepath.Join(dir, "x.csv"), "x.csv"); return err }(), "x.csv: filen finns inte"},
		{"folder", func() error { _, err := OpenAs(dir, "inkommet"); return err }(), "inkommet: en mapp, inte en fil"},
		{"permission", Describe("x.csv", &fs.PathError{Op: "open", Path: "x.csv", Err: syscall.EACCES}), "x.csv: åtkomst nekad: prio får inte läsa filen"},
		{"missing folder", WriteIn("ut.json", "nej", &fs.PathError{Op: "open", Path: "nej/.x.tmp", Err: syscall.ENOENT}), "ut.json: mappen nej finns inte; skapa den först"},
		{"read-only folder", WriteIn("ut.json", "d", &fs.PathError{Op: "open", Path: "d/.x.tmp", Err: syscall.EROFS}), "ut.json: mappen d är skrivskyddad för dig; välj en annan med -o"},
	}
	for _, tt := range tests {
		if tt.err == nil || messages.Localize(tt.err, messages.Swedish) != tt.want {
			t.Errorf("%s: %v, want %q", tt.name, tt.err, tt.want)
		}
	}
}
