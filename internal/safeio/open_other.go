//go:build !unix

package safeio

import "os"

// openNonBlocking opens path read-only: systems without O_NONBLOCK have no
// named pipes in the file system that an open would wait on.
func openNonBlocking(path string) (*os.File, error) {
	return os.Open(path)
}
