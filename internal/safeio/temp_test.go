package safeio

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// TestTempDir: a temporary folder holds its marker while it is used; a
// commit puts a file in place and leaves nothing behind; Remove and
// AbandonAll remove it, after which writes fail.
func TestTempDir(t *testing.T) {
	parent := t.TempDir()
	tmp, err := NewTempDir(parent, "ut.json")
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	want := "prio temporary folder\nhost: " + host + "\npid: " + strconv.Itoa(os.Getpid()) + "\n"
	if got, _ := os.ReadFile(filepath.Join(tmp.Path(), MarkerName)); string(got) != want {
		t.Errorf("marker %q, want %q", got, want)
	}
	if base := filepath.Base(tmp.Path()); len(base) < len(".ut.json.tmp-") || base[:len(".ut.json.tmp-")] != ".ut.json.tmp-" {
		t.Errorf("temporary folder %s, want .ut.json.tmp-…", base)
	}
	if err := tmp.WriteFile("ut.json", []byte("data")); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(parent, "ut.json")
	if err := tmp.Commit(func(dir string) error { return os.Rename(filepath.Join(dir, "ut.json"), dest) }); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dest); string(got) != "data" {
		t.Errorf("committed file holds %q", got)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("after commit the folder holds %d entries, want 1", len(entries))
	}

	// A failed placement keeps the folder, marked, for Remove.
	tmp, err = NewTempDir(parent, "ut")
	if err != nil {
		t.Fatal(err)
	}
	if err := tmp.Commit(func(string) error { return errors.New("no room") }); err == nil {
		t.Error("a failed placement committed")
	}
	if _, err := os.Stat(filepath.Join(tmp.Path(), MarkerName)); err != nil {
		t.Errorf("marker after a failed placement: %v", err)
	}
	tmp.Remove()
	if _, err := os.Stat(tmp.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after Remove: %v", err)
	}

	// AbandonAll, as when prio stops at once.
	a, _ := NewTempDir(parent, "a")
	b, _ := NewTempDir(parent, "b")
	AbandonAll()
	for _, d := range []*TempDir{a, b} {
		if _, err := os.Stat(d.Path()); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s after AbandonAll: %v", d.Path(), err)
		}
		if err := d.WriteFile("x", nil); !errors.Is(err, ErrAbandoned) {
			t.Errorf("a write after AbandonAll: %v, want ErrAbandoned", err)
		}
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want 1", len(entries))
	}
}

// TestRemoveLeftovers: only a marked folder of this machine whose process
// has ended is removed; everything else that looks like a temporary
// folder is left alone.
func TestRemoveLeftovers(t *testing.T) {
	parent := t.TempDir()
	host, err := os.Hostname()
	if err != nil || host == "" {
		t.Skip("no host name")
	}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dead := strconv.Itoa(cmd.Process.Pid) // ended: its id names no process
	write := func(rel, content string) {
		path := filepath.Join(parent, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	marker := func(host, pid string) string {
		return "prio temporary folder\nhost: " + host + "\npid: " + pid + "\n"
	}
	write(".a.tmp-1/"+MarkerName, marker(host, dead))            // removed
	write(".a.tmp-1/sub/score.json", "{}")                       // with its contents
	write(".b.tmp-2/"+MarkerName, marker(host, "1"))             // init: runs
	write(".c.tmp-3/"+MarkerName, marker("another-"+host, dead)) // another machine
	write(".d.tmp-4/"+MarkerName, marker(host, strconv.Itoa(os.Getpid())))
	write(".e.tmp-5/"+MarkerName, "prio temporary folder\nhost: "+host+"\n")         // no pid
	write(".f.tmp-6/"+MarkerName, marker(host, dead)+"extra\n")                      // not exactly a marker
	write(".g.tmp-7/"+MarkerName, "prio temporary folder\nhost: "+host+"\npid: 0\n") // a process group
	write(".h.tmp-8/data", "x")                                                      // no marker
	write(".i.tmp-9", marker(host, dead))                                            // a file, not a folder
	write("j.tmp-10/"+MarkerName, marker(host, dead))                                // not hidden
	write("keep/"+MarkerName, marker(host, dead))                                    // not a temporary name
	if err := os.Symlink(filepath.Join(parent, "keep"), filepath.Join(parent, ".k.tmp-11")); err != nil {
		t.Fatal(err)
	}

	got := RemoveLeftovers(parent)
	pid, _ := strconv.Atoi(dead)
	if want := []Leftover{{Name: ".a.tmp-1", PID: pid}}; !slices.Equal(got, want) {
		t.Errorf("removed %v, want %v", got, want)
	}
	entries, _ := os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{".b.tmp-2", ".c.tmp-3", ".d.tmp-4", ".e.tmp-5", ".f.tmp-6", ".g.tmp-7", ".h.tmp-8", ".i.tmp-9", ".k.tmp-11", "j.tmp-10", "keep"}
	if !slices.Equal(names, want) {
		t.Errorf("left %q, want %q", names, want)
	}
	if _, err := os.Stat(filepath.Join(parent, "keep", MarkerName)); err != nil {
		t.Errorf("the folder a link points at: %v", err)
	}
}
