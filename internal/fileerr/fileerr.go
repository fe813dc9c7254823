// Package fileerr says, in any language, why a file a user named
// could not be opened or read, or why no file could be written in a folder.
//
// The operating system's own text ("open nofile.csv: no such file or
// directory") is English and names the operation; these messages name the
// file first, as every other message about a file does, and say what is
// wrong in words a user acts on. The errors still wrap the operating
// system's, so errors.Is(err, fs.ErrNotExist) and errors.As with
// *fs.PathError hold.
//
// It must not print, and it opens nothing but what Open is asked to open.
package fileerr

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"github.com/prio-tool/prio/internal/safeio"
	"github.com/prio-tool/prio/messages"
)

// Open opens the file at path for reading. A path that does not exist, may
// not be read, is a folder, or is a named pipe, device or socket gives an
// error that says so after the path. Opening never waits: a named pipe
// without a writer is refused at once (safeio.OpenRegular).
func Open(path string) (*os.File, error) { return OpenAs(path, path) }

// OpenAs is Open for a file that messages name otherwise than its path: as
// a manifest writes it, say, relative to the manifest's folder.
func OpenAs(path, name string) (*os.File, error) {
	f, err := safeio.OpenRegular(path)
	if err != nil {
		return nil, Describe(name, err)
	}
	return f, nil
}

// Describe is err, from opening or reading the file name, as a message
// that begins with name and says why (Reason). An err that is nil gives
// nil.
func Describe(name string, err error) error {
	if err == nil {
		return nil
	}
	return &fileError{name: name, reason: Reason(err), err: err}
}

// Reason says why err, from opening or reading a file, happened, without
// the file's name: for a message that names the file its own way.
func Reason(err error) messages.Message {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return messages.T("the file does not exist")
	case errors.Is(err, fs.ErrPermission):
		return messages.T("permission denied: prio may not read the file")
	case errors.Is(err, syscall.EISDIR):
		return messages.T("a folder, not a file")
	case errors.Is(err, safeio.ErrNotRegular):
		return notRegular(err)
	case errors.As(err, &pe):
		err = pe.Err
	}
	return messages.M("cannot be read (%v)", err)
}

// notRegular says what a path that is not a regular file is.
func notRegular(err error) messages.Message {
	var nr *safeio.NotRegularError
	kind := safeio.Other
	if errors.As(err, &nr) {
		kind = nr.Kind
	}
	switch kind {
	case safeio.FIFO:
		return messages.T("a named pipe (FIFO), not a file: prio reads only regular files")
	case safeio.Device:
		return messages.T("a device, not a file: prio reads only regular files")
	case safeio.Socket:
		return messages.T("a socket, not a file: prio reads only regular files")
	}
	return messages.T("not a regular file: prio reads only regular files")
}

type fileError struct {
	name   string
	reason messages.Message
	err    error
}

func (e *fileError) Error() string { return e.name + ": " + e.reason.String() }
func (e *fileError) Unwrap() error { return e.err }

// Localize gives the error in language l.
func (e *fileError) Localize(l messages.Lang) string { return e.name + ": " + e.reason.In(l) }

// WriteIn explains why no file could be created in the folder dir to write
// path: the operating system's "open dir/.x.123.tmp: ..." names a temporary
// file the user never asked for.
func WriteIn(path, dir string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return messages.Kind(err, "%s: the folder %s does not exist; create it first", path, dir)
	case errors.Is(err, syscall.ENOTDIR):
		return messages.Kind(err, "%s: %s is not a folder", path, dir)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return messages.Kind(err, "%s: the folder %s is read-only for you; choose another with -o", path, dir)
	}
	return messages.Errorf("%s: cannot write in the folder %s: %w", path, dir, err)
}
