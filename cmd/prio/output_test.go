package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/internal/safeio"
)

// TestOutputFormat: the format comes from -f, else from -o's extension;
// a contradiction, an extension that says nothing, and a format the
// command does not write are usage errors. The expected formats and
// messages are written out by hand from the rules in output.go.
func TestOutputFormat(t *testing.T) {
	score := scoreFormats
	diff := diffFormats
	tests := []struct {
		name, path, asked string
		formats           []string
		want, err         string
	}{
		{"stdout, no -f", "", "", score, "table", ""},
		{"stdout, -f json", "-", "json", score, "json", ""},
		{".xlsx", "rank.xlsx", "", score, "xlsx", ""},
		{".XLSX in capitals", "RANK.XLSX", "", score, "xlsx", ""},
		{".html", "a/b/pack.html", "", score, "html", ""},
		{".htm", "pack.htm", "", score, "html", ""},
		{".md", "memo.md", "", score, "md", ""},
		{".json", "r.json", "", score, "json", ""},
		{".csv", "r.csv", "", score, "csv", ""},
		{".txt is the table", "r.txt", "", score, "table", ""},
		{".txt holds any text format", "r.txt", "md", score, "md", ""},
		{"-f agrees with the name", "r.json", "json", score, "json", ""},
		{"-f with a name that says nothing", "r.out", "json", score, "json", ""},
		{"-f json -o x.xlsx", "x.xlsx", "json", score, "", "--format json does not go with -o x.xlsx: the name ends in .xlsx, not .json; change one of them"},
		{"-f xlsx -o x.txt", "x.txt", "xlsx", score, "", "--format xlsx does not go with -o x.txt: the name ends in .txt, not .xlsx; change one of them"},
		{"-f table -o x.html", "x.html", "table", score, "", "--format table does not go with -o x.html: the name ends in .html, not .txt; change one of them"},
		{"an unknown extension", "x.pdf", "", score, "", "-o x.pdf: the format cannot be told from the name: give --format (table, json, csv, md, xlsx or html), or end the name in .txt, .json, .csv, .md, .xlsx or .html"},
		{"no extension", "x", "", diff, "", "-o x: the format cannot be told from the name: give --format (table, json, md, xlsx or html), or end the name in .txt, .json, .md, .xlsx or .html"},
		{"a format the command does not write", "d.csv", "", diff, "", "-o d.csv: the command does not write .csv files; it writes table, json, md, xlsx or html"},
		{"one format: any name", "mall", "", []string{"xlsx"}, "xlsx", ""},
		{"one format: its own name", "mall.xlsx", "", []string{"xlsx"}, "xlsx", ""},
		{"one format: another's name", "mall.csv", "", []string{"xlsx"}, "", "-o mall.csv: the command does not write .csv files; it writes xlsx"},
		{"one format: a .txt for a workbook", "mall.txt", "", []string{"xlsx"}, "", "-o mall.txt: the command does not write .txt files; it writes xlsx"},
		{"yaml: .yml", "new.yml", "", []string{"yaml"}, "yaml", ""},
		{"yaml: a .txt", "new.txt", "", []string{"yaml"}, "yaml", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := outputFormat(tt.path, tt.asked, tt.formats)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
				var ue usageError
				if !errors.As(err, &ue) {
					t.Errorf("%v is not a usage error", err)
				}
			}
			if got != tt.want || gotErr != tt.err {
				t.Errorf("outputFormat(%q, %q) = %q, %q\nwant %q, %q", tt.path, tt.asked, got, gotErr, tt.want, tt.err)
			}
		})
	}
}

// files describes every file under dir byte for byte: its SHA-256, or
// where a link points, or that it is a folder or something else.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			to, _ := os.Readlink(path)
			out[rel] = "link to " + to
		case fi.Mode().IsRegular():
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			out[rel] = hex.EncodeToString(sum[:])
		default:
			out[rel] = fi.Mode().Type().String()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOutputRefusals: -o naming an input (by its name, a symbolic link, a
// hard link, or a path through a linked folder), a folder or a device is
// refused before anything is read or written; every file is left byte for
// byte as it was. Each input is a real file in a fresh folder.
func TestOutputRefusals(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) (out string)
		want  string // with DIR for the folder
	}{
		{"the portfolio", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "a.xlsx")
		}, "DIR/a.xlsx: the same file as the input DIR/a.xlsx; it will not be overwritten"},
		{"a --join file", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "b.xlsx")
		}, "DIR/b.xlsx: the same file as the input DIR/b.xlsx; it will not be overwritten"},
		{"the criteria file, by a relative path", func(t *testing.T, dir string) string {
			t.Chdir(dir)
			return "./sub/../k.yaml"
		}, "./sub/../k.yaml: the same file as the input DIR/k.yaml; it will not be overwritten"},
		{"a symbolic link to the join file", func(t *testing.T, dir string) string {
			link := filepath.Join(dir, "out.xlsx")
			if err := os.Symlink("b.xlsx", link); err != nil {
				t.Fatal(err)
			}
			return link
		}, "DIR/out.xlsx: the same file as the input DIR/b.xlsx; it will not be overwritten"},
		{"a hard link to the join file", func(t *testing.T, dir string) string {
			link := filepath.Join(dir, "out.xlsx")
			if err := os.Link(filepath.Join(dir, "b.xlsx"), link); err != nil {
				t.Fatal(err)
			}
			return link
		}, "DIR/out.xlsx: the same file as the input DIR/b.xlsx; it will not be overwritten"},
		{"the join file through a linked folder", func(t *testing.T, dir string) string {
			if err := os.Symlink(".", filepath.Join(dir, "här")); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(dir, "här", "b.xlsx")
		}, "DIR/här/b.xlsx: the same file as the input DIR/b.xlsx; it will not be overwritten"},
		{"a folder", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "sub")
		}, "DIR/sub: is a folder; -o takes a file name"},
		{"a device", func(t *testing.T, dir string) string {
			if _, err := os.Stat(os.DevNull); err != nil || os.DevNull != "/dev/null" {
				t.Skip("no /dev/null")
			}
			return os.DevNull
		}, "/dev/null: is a device, not a file: -o would put a file in its place; name a file, or leave out -o to write to stdout"},
		{"a missing folder", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "nope", "out.json")
		}, "DIR/nope/out.json: the folder DIR/nope does not exist; create it first"},
		{"a file as the folder", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "k.yaml", "out.json")
		}, "DIR/k.yaml/out.json: DIR/k.yaml is not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range map[string]string{"a.xlsx": "the portfolio", "b.xlsx": "the analysts' assessment", "k.yaml": "format: prio.criteria/1\n"} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			out := tt.setup(t, dir)
			before := files(t, dir)
			inputs := []string{filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx"), filepath.Join(dir, "k.yaml")}
			want := strings.ReplaceAll(tt.want, "DIR", dir)
			var stderr bytes.Buffer
			// The format from the name where it has one; json for the
			// folder and the device.
			asked := ""
			if filepath.Ext(out) == "" {
				asked = "json"
			}
			_, err := newOutput(out, asked, []string{"table", "json", "xlsx", "yaml"}, &stderr, inputs...)
			if err == nil || err.Error() != want {
				t.Errorf("newOutput = %v\nwant %s", err, want)
			}
			// Checked again when writing, as the files may change meanwhile.
			err = (&output{path: out, format: "json", inputs: inputs}).write([]byte("{}"), &stderr)
			if err == nil || err.Error() != want {
				t.Errorf("write = %v\nwant %s", err, want)
			}
			if diff := cmp.Diff(before, files(t, dir)); diff != "" {
				t.Errorf("files changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestRunRefusesBeforeReading: the command line refuses -o on the join
// file before it reads anything: the portfolio named does not even exist,
// and the message is the refusal, not "the file does not exist".
func TestRunRefusesBeforeReading(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("b.xlsx", []byte("the analysts' assessment"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI(t, "score", "saknas.xlsx", "--join", "b.xlsx", "-o", "b.xlsx")
	if want := "prio: b.xlsx: the same file as the input b.xlsx; it will not be overwritten\n"; code != 1 || stderr != want {
		t.Errorf("exit %d, stderr %q; want 1, %q", code, stderr, want)
	}
	if data, _ := os.ReadFile("b.xlsx"); string(data) != "the analysts' assessment" {
		t.Errorf("b.xlsx holds %q", data)
	}
}

func TestWriteOutputReplacesAtomically(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeOutput(path, []byte("new"), nil, nil); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if !bytes.Equal(b, []byte("new")) || st.Mode().Perm()&0o644 != 0o644 {
		t.Errorf("after writeOutput: %q with mode %v, want \"new\" readable as 0644", b, st.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want 1 (no temporary left)", len(entries))
	}
}

// TestOutputRemovesLeftovers: writing into a folder removes the temporary
// folder a killed run of this machine left there (its process gone), with
// a note; a running process's is kept.
func TestOutputRemovesLeftovers(t *testing.T) {
	host, err := os.Hostname()
	if err != nil || host == "" {
		t.Skip("no host name")
	}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot run a process to end:", err)
	}
	dead := cmd.Process.Pid
	dir := t.TempDir()
	for name, pid := range map[string]int{".rank.json.tmp-1": dead, ".rank.json.tmp-2": 1} {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		marker := "prio temporary folder\nhost: " + host + "\npid: " + strconv.Itoa(pid) + "\n"
		if err := os.WriteFile(filepath.Join(dir, name, safeio.MarkerName), []byte(marker), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, "rank.json"), []byte("{"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stderr bytes.Buffer
	out, err := newOutput(filepath.Join(dir, "rank.json"), "", scoreFormats, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	want := "prio: note: removed .rank.json.tmp-1, a temporary folder left in " + dir + " by a prio run that was stopped (process " + strconv.Itoa(dead) + " on this machine)\n"
	if stderr.String() != want {
		t.Errorf("stderr %q\nwant %q", stderr.String(), want)
	}
	if err := out.write([]byte("{}"), nil); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{".rank.json.tmp-2", "rank.json"}, names); diff != "" {
		t.Errorf("the folder holds (-want +got):\n%s", diff)
	}
}

// TestExecuteInterruptibly: a run that does not notice Ctrl-C (busy in a
// long read or parse) is left behind after the grace: the error is
// "interrupted" and its temporary folders are removed. One that stops by
// itself within the grace gives its own error.
func TestExecuteInterruptibly(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	var tmp *safeio.TempDir
	started := make(chan struct{})
	go func() { <-started; cancel() }()
	err := executeInterruptibly(ctx, func() error {
		var err error
		if tmp, err = safeio.NewTempDir(dir, "ut"); err != nil {
			return err
		}
		close(started)
		<-release // deaf to ctx, as a parse of a large workbook is
		return errors.New("not reached before the grace")
	}, 10*time.Millisecond)
	if !errors.Is(err, errInterrupted) || err.Error() != "interrupted" {
		t.Errorf("err = %v, want interrupted", err)
	}
	if _, err := os.Stat(tmp.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary folder after the grace: %v", err)
	}

	ctx, cancel = context.WithCancel(context.Background())
	err = executeInterruptibly(ctx, func() error {
		cancel()
		<-ctx.Done()
		return errors.New("stopped by itself")
	}, time.Minute)
	if err == nil || err.Error() != "stopped by itself" {
		t.Errorf("err = %v, want the run's own", err)
	}
}

// TestMessagesEscapeTerminalControls: a file name that holds an escape
// sequence (here one that retitles the terminal and one that clears the
// screen) is written in messages with the escapes shown, never sent to the
// terminal.
func TestMessagesEscapeTerminalControls(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	name := "\x1b]0;pwned\x07\x1b[2J.csv"
	_, stderr, code := runCLI(t, "criteria", "validate", name)
	if code != 1 || strings.ContainsAny(stderr, "\x1b\x07") {
		t.Errorf("exit %d, stderr %q: want 1 and no terminal controls", code, stderr)
	}
	if want := `prio: \x1b]0;pwned\a\x1b[2J.csv: the file does not exist` + "\n"; stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	var buf bytes.Buffer
	warn(&buf, "a.csv: Blad1!B2: investment \u202eevil\u202c\r\nsecond line")
	if want := "prio: warning: a.csv: Blad1!B2: investment \\u202eevil\\u202c\\r\nprio: warning: second line\n"; buf.String() != want {
		t.Errorf("warn wrote %q, want %q", buf.String(), want)
	}
}
