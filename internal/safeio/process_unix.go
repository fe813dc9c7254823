//go:build unix

package safeio

import (
	"errors"
	"syscall"
)

// processRunning tells whether a process with the id pid runs on this
// machine: signal 0 checks without sending anything. Only "no such
// process" counts as not running; a process of another user (EPERM) runs.
func processRunning(pid int) bool {
	if pid <= 0 {
		return true // 0 and negative ids name process groups: never "not running"
	}
	err := syscall.Kill(pid, 0)
	return !errors.Is(err, syscall.ESRCH)
}
