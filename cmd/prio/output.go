package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
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
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return folderError(path, dir, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: writing failed, nothing was written: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: writing failed, nothing was written: %w", path, err)
	}
	// CreateTemp makes the file 0600; an output is an ordinary file.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: could not be put in place, nothing was written: %w", path, err)
	}
	return nil
}

// folderError explains why no file could be created in dir: the raw
// "open dir/.x.123.tmp: ..." names a temporary file the user never asked for.
func folderError(path, dir string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: the folder %s does not exist; create it first", path, dir)
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("%s: %s is not a folder", path, dir)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return fmt.Errorf("%s: the folder %s is read-only for you; choose another with -o", path, dir)
	}
	return fmt.Errorf("%s: cannot write in the folder %s: %w", path, dir, err)
}
