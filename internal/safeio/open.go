package safeio

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// ErrNotRegular is wrapped by the error for a path that is neither a
// regular file nor a folder: a named pipe, a device or a socket.
var ErrNotRegular = errors.New("not a regular file") // not a message: a sentinel for errors.Is; fileerr says it in the run's language

// NotRegularError is the error for a path that is a named pipe, a device or
// a socket. Kind says which.
type NotRegularError struct {
	Path string
	Kind Kind
}

// Kind is what a path that is not a regular file or a folder is.
type Kind string

// The kinds of non-regular files.
const (
	FIFO   Kind = "fifo"
	Device Kind = "device"
	Socket Kind = "socket"
	Other  Kind = "other"
)

// Error is for logs and tests; fileerr.Reason says it in the run's
// language.
func (e *NotRegularError) Error() string {
	return e.Path + ": not a regular file (" + string(e.Kind) + ")"
}

func (e *NotRegularError) Unwrap() error { return ErrNotRegular }

// KindOf is the kind of a mode that is neither regular nor a folder.
func KindOf(m fs.FileMode) Kind {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return FIFO
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return Device
	case m&fs.ModeSocket != 0:
		return Socket
	}
	return Other
}

// IsSpecial tells a mode that is neither a regular file, a folder nor a
// symbolic link: what prio neither reads nor replaces.
func IsSpecial(m fs.FileMode) bool {
	return !m.IsRegular() && !m.IsDir() && m&fs.ModeSymlink == 0
}

// OpenRegular opens path to read. It does not block on a named pipe
// without a writer (the open is non-blocking where the system has that),
// and it refuses anything but a regular file: a folder gives an error
// wrapping syscall.EISDIR as os.Open's read would, a named pipe, device or
// socket a *NotRegularError. A symbolic link is followed.
func OpenRegular(path string) (*os.File, error) {
	f, err := openNonBlocking(path)
	if err != nil {
		// A socket cannot be opened at all (ENXIO): say what it is.
		if fi, serr := os.Stat(path); serr == nil && IsSpecial(fi.Mode()) {
			return nil, &NotRegularError{Path: path, Kind: KindOf(fi.Mode())}
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	switch m := fi.Mode(); {
	case m.IsRegular():
		return f, nil
	case m.IsDir():
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: path, Err: syscall.EISDIR}
	default:
		f.Close()
		return nil, &NotRegularError{Path: path, Kind: KindOf(m)}
	}
}
