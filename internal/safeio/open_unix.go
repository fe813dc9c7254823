//go:build unix

package safeio

import (
	"os"
	"syscall"
)

// openNonBlocking opens path read-only with O_NONBLOCK, so that opening a
// named pipe with no writer returns at once instead of waiting for one. A
// regular file ignores the flag; anything else is closed again by the
// caller before it is read.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
