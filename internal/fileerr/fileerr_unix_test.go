//go:build unix

package fileerr

import (
	"net"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/prio-tool/prio/messages"
)

// TestOpenSpecial: a named pipe, a device and a socket are refused when
// opened, in both languages (the Swedish written by hand), without waiting
// for a writer.
func TestOpenSpecial(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "kriterier.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.csv")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	tests := []struct {
		path, name, en, sv string
	}{
		{fifo, "kriterier.yaml", "kriterier.yaml: a named pipe (FIFO), not a file: prio reads only regular files", "kriterier.yaml: en namngiven pipa (FIFO), inte en fil: prio läser bara vanliga filer"},
		{"/dev/zero", "/dev/zero", "/dev/zero: a device, not a file: prio reads only regular files", "/dev/zero: en enhet, inte en fil: prio läser bara vanliga filer"},
		{sock, "s.csv", "s.csv: a socket, not a file: prio reads only regular files", "s.csv: en socket, inte en fil: prio läser bara vanliga filer"},
	}
	for _, tt := range tests {
		for lang, want := range map[messages.Lang]string{messages.English: tt.en, messages.Swedish: tt.sv} {
			_, err := OpenAs(tt.path, tt.name)
			if err == nil || messages.Localize(err, lang) != want {
				t.Errorf("OpenAs(%s) in %s = %v, want %s", tt.name, lang, err, want)
			}
		}
	}
}
