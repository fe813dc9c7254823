//go:build !unix

package safeio

// processRunning cannot tell on this system: every process counts as
// running, so that no left-over is removed that might still be in use.
func processRunning(pid int) bool { return true }
