package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"

	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/messages"
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
			return messages.Errorf("%s: is a folder; -o takes a file name", path)
		}
		for _, in := range inputs {
			if st, err := os.Stat(in); err == nil && os.SameFile(st, out) {
				return messages.Errorf("%s: is an input of this run; it will not be overwritten", path)
			}
		}
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fileerr.WriteIn(path, dir, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return messages.Errorf("%s: writing failed, nothing was written: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return messages.Errorf("%s: writing failed, nothing was written: %w", path, err)
	}
	// CreateTemp makes the file 0600; an output is an ordinary file.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return messages.Errorf("%s: could not be put in place, nothing was written: %w", path, err)
	}
	return nil
}
