// Command prio scores and ranks public agencies' digital investments against
// a versioned criteria set, and explains every score.
//
// Data goes to stdout, messages to stderr, each line starting "prio: ".
// Exit status: 0 success, 1 failure (bad data, bad criteria, I/O), 2 usage.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
