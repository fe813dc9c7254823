// Package safeio holds the file handling that keeps prio from hanging on
// what is not a file and from losing a user's files when it writes.
//
//   - [OpenRegular] opens a file to read without blocking on a named pipe
//     (FIFO) or a device, and refuses anything but a regular file: a FIFO
//     named as a criteria file or a manifest would otherwise hang prio
//     before it read a byte.
//   - [NewTempDir] makes the hidden temporary folder an output is built in
//     beside where it goes (".NAME.tmp-…"), with a marker naming this
//     machine and process. [RemoveLeftovers] removes the temporary folders
//     that runs killed outright (SIGKILL, a power cut) left behind, and
//     only those: a marker with this machine's host name and a process
//     that no longer runs. [AbandonAll] removes the temporary folders of
//     the running process when it must stop at once.
//
// It says nothing to the user: its errors are sentinel and typed errors
// that internal/fileerr and the callers put into words in the run's
// language.
package safeio
