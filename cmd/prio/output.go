package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeOutput writes data to stdout, or, with a path, to a temporary file in
// the same folder renamed into place: a failed run never leaves a partial
// file, and an input file is never overwritten.
func writeOutput(path string, data []byte, stdout io.Writer, inputs []string) error {
	if path == "" || path == "-" {
		_, err := io.Copy(stdout, bytes.NewReader(data))
		return err
	}
	if out, err := os.Stat(path); err == nil {
		if out.IsDir() {
			return fmt.Errorf("%s: is a folder; -o takes a file name", path)
		}
		for _, in := range inputs {
			if st, err := os.Stat(in); err == nil && os.SameFile(st, out) {
				return fmt.Errorf("%s: is an input of this run; it will not be overwritten", path)
			}
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file 0600; an output is an ordinary file.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
