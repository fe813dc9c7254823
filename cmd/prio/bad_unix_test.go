//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestHostileFiles runs the built binary, as TestBadInputs does, on what is
// not a file where prio reads or writes one: a named pipe as the criteria
// file, the manifest, a workbook of a manifest and a run's run.json, and a
// named pipe or a device as -o. Each must exit 1 at once with the exact
// message (no waiting for a writer: the hang guard of runBinary), write
// nothing, and leave a named pipe a named pipe.
func TestHostileFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bad, err := filepath.Abs("../../testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	const fifo = "a named pipe (FIFO), not a file: prio reads only regular files"
	tests := []struct {
		name  string
		pipes []string // named pipes made in the folder first
		files map[string]string
		args  []string
		want  string
	}{
		{"a named pipe as -c", []string{"pipe.yaml"}, nil,
			[]string{"score", "-c", "pipe.yaml", "-f", "json", "port.csv"}, "prio: pipe.yaml: " + fifo + "\n"},
		{"a named pipe as criteria validate's file", []string{"pipe.yaml"}, nil,
			[]string{"criteria", "validate", "pipe.yaml"}, "prio: pipe.yaml: " + fifo + "\n"},
		{"a named pipe as the criteria file of criteria weights", []string{"pipe.yaml"}, nil,
			[]string{"criteria", "weights", "pipe.yaml", "--method", "roc", "--order", "K,R", "-o", "new.yaml"}, "prio: pipe.yaml: " + fifo + "\n"},
		{"a named pipe as the manifest", []string{"m.yaml"}, nil,
			[]string{"batch", "m.yaml"}, "prio: m.yaml: " + fifo + "\n"},
		{"a named pipe as the manifest's criteria file", []string{"pipe.yaml"},
			map[string]string{"m.yaml": "format: prio.batch/1\ncriteria: pipe.yaml\noutput: ut\nagencies:\n  - {name: A, workbook: port.csv}\n"},
			[]string{"batch", "m.yaml"}, "prio: m.yaml:2:11: pipe.yaml: " + fifo + "\n"},
		{"a named pipe as a run.json", []string{"ut/run.json"}, nil,
			[]string{"verify", "ut"}, "prio: ut/run.json: not a prio batch run: " + fifo + "\n"},
		{"a named pipe as -o", []string{"out.json"}, nil,
			[]string{"score", "-c", "crit.yaml", "-o", "out.json", "port.csv"}, "prio: out.json: is a named pipe (FIFO), not a file: -o would put a file in its place; name a file, or leave out -o to write to stdout\n"},
		{"a device as -o", nil, nil,
			[]string{"score", "-c", "crit.yaml", "-f", "json", "-o", "/dev/zero", "port.csv"}, "prio: /dev/zero: is a device, not a file: -o would put a file in its place; name a file, or leave out -o to write to stdout\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range []string{"crit.yaml"} {
				data, err := os.ReadFile(filepath.Join(bad, f))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			files := map[string]string{"port.csv": "ID;Namn;Kostnad;Risk\nA;Alfa;12;Låg\n"}
			for k, v := range tc.files {
				files[k] = v
			}
			for name, content := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, p := range tc.pipes {
				path := filepath.Join(dir, p)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := syscall.Mkfifo(path, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			stderr, code := runBinary(t, dir, tc.args...)
			if code != 1 || stderr != tc.want {
				t.Errorf("exit %d, stderr\n%s\nwant 1 and\n%s", code, stderr, tc.want)
			}
			for _, crash := range []string{"panic:", "goroutine ", "fatal error"} {
				if strings.Contains(stderr, crash) {
					t.Errorf("stderr holds %q", crash)
				}
			}
			for _, p := range tc.pipes {
				if fi, err := os.Lstat(filepath.Join(dir, p)); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
					t.Errorf("%s is no longer a named pipe: %v", p, err)
				}
			}
			for _, out := range []string{"ut/summary.html", "new.yaml"} {
				if _, err := os.Stat(filepath.Join(dir, out)); err == nil {
					t.Errorf("%s was written", out)
				}
			}
		})
	}
}
