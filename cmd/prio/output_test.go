package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteOutputRefusals(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "portfolio.csv")
	plain := filepath.Join(dir, "plain.txt")
	for _, f := range []string{input, plain} {
		if err := os.WriteFile(f, []byte("original"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, path, want string
	}{
		{"missing folder", filepath.Join(dir, "nope", "out.json"), "the folder " + filepath.Join(dir, "nope") + " does not exist; create it first"},
		{"parent is a file", filepath.Join(plain, "out.json"), plain + " is not a folder"},
		{"output is a folder", dir, "is a folder; -o takes a file name"},
		{"output is an input", input, "is an input of this run; it will not be overwritten"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := writeOutput(tt.path, []byte("new"), nil, []string{input})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("writeOutput(%s) = %v, want an error containing %q", tt.path, err, tt.want)
			}
		})
	}
	if b, _ := os.ReadFile(input); string(b) != "original" {
		t.Errorf("the input was changed to %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the folder holds %d entries after refused writes, want the 2 it had", len(entries))
	}
}

func TestWriteOutputReplacesAtomically(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeOutput(path, []byte("new"), nil, nil); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if !bytes.Equal(b, []byte("new")) || st.Mode().Perm() != 0o644 {
		t.Errorf("after writeOutput: %q with mode %v, want \"new\" with 0644", b, st.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want 1 (no temporary left)", len(entries))
	}
}
