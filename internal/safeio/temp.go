package safeio

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// MarkerName is the file in every temporary folder that says which machine
// and process made it.
const MarkerName = ".prio-temp"

// markerTitle is the first line of a marker: a marker is recognised by it.
const markerTitle = "prio temporary folder" // not a message: the first line of a marker file, read back by RemoveLeftovers

// tempInfix is in the name of every temporary folder: ".NAME.tmp-RANDOM".
const tempInfix = ".tmp-"

// TempDir is a temporary folder beside an output, in which the output is
// built before it is put in place. While it exists it holds a marker
// naming this machine and process; it is registered so that [AbandonAll]
// can remove it when prio must stop at once.
type TempDir struct {
	path string
	// mu is held for reading by writes into the folder and for writing by
	// Commit, Remove and AbandonAll, so that no write lands in a folder that
	// is being removed or put in place.
	mu   sync.RWMutex
	done bool
}

// ErrAbandoned is the error of a write into a temporary folder that was
// removed because prio is stopping.
var ErrAbandoned = errors.New("the run is stopping") // not a message: the run is interrupted, which the caller says

var registry = struct {
	sync.Mutex
	dirs map[*TempDir]bool
}{dirs: map[*TempDir]bool{}}

// NewTempDir makes the temporary folder ".BASE.tmp-RANDOM" in parent,
// readable by others as an output folder is (0755), with its marker.
func NewTempDir(parent, base string) (*TempDir, error) {
	path, err := os.MkdirTemp(parent, "."+base+tempInfix+"*")
	if err != nil {
		return nil, err
	}
	t := &TempDir{path: path}
	if err := os.Chmod(path, 0o755); err != nil { // MkdirTemp makes it 0700
		os.RemoveAll(path)
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(path, MarkerName), marker(), 0o644); err != nil {
		os.RemoveAll(path)
		return nil, err
	}
	registry.Lock()
	registry.dirs[t] = true
	registry.Unlock()
	return t, nil
}

// marker is the content of a marker: its title, this machine's host name
// and this process's id.
func marker() []byte {
	host, _ := os.Hostname()
	return fmt.Appendf(nil, "%s\nhost: %s\npid: %d\n", markerTitle, host, os.Getpid()) // not a message: the marker file's content
}

// Path is the temporary folder's path.
func (t *TempDir) Path() string { return t.path }

// WriteFile writes data to the file rel (with "/" or the system's
// separator between folders) under the temporary folder, making the
// folders it needs.
func (t *TempDir) WriteFile(rel string, data []byte) error {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.done {
		return ErrAbandoned
	}
	path := filepath.Join(t.path, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// Create creates the file rel under the temporary folder for writing,
// making the folders it needs: an output written as it is made.
func (t *TempDir) Create(rel string) (*os.File, error) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.done {
		return nil, ErrAbandoned
	}
	path := filepath.Join(t.path, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

// Commit removes the marker and calls place with the temporary folder's
// path, to rename the folder or a file in it into place; whatever is left
// of the folder is then removed. Once Commit has been called, the folder
// is no longer prio's to remove when it stops.
func (t *TempDir) Commit(place func(tmp string) error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return ErrAbandoned
	}
	if err := os.Remove(filepath.Join(t.path, MarkerName)); err != nil {
		return err
	}
	if err := place(t.path); err != nil {
		// Not placed: the folder is still ours, marked again so that a
		// left-over is recognised.
		os.WriteFile(filepath.Join(t.path, MarkerName), marker(), 0o644)
		return err
	}
	t.done = true
	unregister(t)
	return os.RemoveAll(t.path) // a folder renamed away leaves nothing here
}

// Remove removes the temporary folder and everything in it. It is a no-op
// after Commit.
func (t *TempDir) Remove() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return
	}
	t.done = true
	os.RemoveAll(t.path)
	unregister(t)
}

func unregister(t *TempDir) {
	registry.Lock()
	delete(registry.dirs, t)
	registry.Unlock()
}

// AbandonAll removes every temporary folder of this process that is not
// yet committed, and makes later writes into them fail with
// ErrAbandoned: for a process that must exit before its work has seen
// that it was cancelled.
func AbandonAll() {
	registry.Lock()
	dirs := make([]*TempDir, 0, len(registry.dirs))
	for t := range registry.dirs {
		dirs = append(dirs, t)
	}
	registry.Unlock()
	for _, t := range dirs {
		t.Remove()
	}
}

// Leftover is a temporary folder of a run that ended without removing it,
// removed by RemoveLeftovers.
type Leftover struct {
	// Name is the folder's name in its parent.
	Name string
	// PID is the process that made it, on this machine.
	PID int
}

// maxMarkerSize bounds the marker read back: it holds three short lines.
const maxMarkerSize = 1024

// RemoveLeftovers removes the temporary folders in parent that runs of
// prio on this machine left behind when they were killed: folders named
// ".NAME.tmp-…" (not symbolic links) whose marker names this machine's
// host name and a process that no longer runs. Anything else, and anything
// it cannot be sure of (no marker, another machine, a process that runs,
// an unreadable marker), is left alone. It returns what it removed, in the
// order of the names.
func RemoveLeftovers(parent string) []Leftover {
	host, err := os.Hostname()
	if err != nil || host == "" {
		return nil
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var removed []Leftover
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || !strings.Contains(name, tempInfix) || !e.IsDir() {
			continue // ReadDir does not follow links: a link to a folder is not IsDir
		}
		dir := filepath.Join(parent, name)
		h, pid, ok := readMarker(filepath.Join(dir, MarkerName))
		if !ok || h != host || pid == os.Getpid() || processRunning(pid) {
			continue
		}
		if err := os.RemoveAll(dir); err == nil {
			removed = append(removed, Leftover{Name: name, PID: pid})
		}
	}
	return removed
}

// readMarker reads a marker: its host name and process id. ok is false for
// anything that is not a marker exactly as NewTempDir writes it.
func readMarker(path string) (host string, pid int, ok bool) {
	f, err := OpenRegular(path)
	if err != nil {
		return "", 0, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxMarkerSize+1))
	if err != nil || len(data) > maxMarkerSize {
		return "", 0, false
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) != 3 || lines[0] != markerTitle {
		return "", 0, false
	}
	host, okHost := strings.CutPrefix(lines[1], "host: ")
	p, okPID := strings.CutPrefix(lines[2], "pid: ")
	if !okHost || !okPID {
		return "", 0, false
	}
	pid, err = strconv.Atoi(p)
	if err != nil || pid <= 0 {
		return "", 0, false
	}
	return host, pid, true
}
