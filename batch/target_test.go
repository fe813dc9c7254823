package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/internal/safeio"
	"github.com/prio-tool/prio/messages"
)

// snapshot describes everything under dir, byte for byte: each file by its
// SHA-256 and mode, each folder, each symbolic link by its target. Two
// snapshots are equal when nothing under dir was created, removed or
// changed.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		fi, err := os.Lstat(path)
		if err != nil {
			return err
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(path)
			out[rel] = "link to " + target
		case fi.IsDir():
			out[rel] = "folder"
		default:
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			out[rel] = fi.Mode().String() + " " + hex.EncodeToString(sum[:])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRunTargetRefusals: --force replaces only a prio run folder, and no
// run writes over its own inputs. Each case builds real files and folders
// beside a previous run "ut" of testdata/liten, runs with the output it
// names, and checks the exact refusal and that the whole folder (inputs,
// previous run, the user's files) is untouched, byte for byte.
func TestRunTargetRefusals(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) (out, compare string)
		force bool
		want  string // the error, with DIR for the test's folder
	}{
		{"a run folder with a file of the user's", func(t *testing.T, dir string) (string, string) {
			writeFile(t, filepath.Join(dir, "ut", "anteckningar.txt"), "mina anteckningar")
			return "ut", ""
		}, true, "DIR/ut: holds files that its run.json does not list: anteckningar.txt; --force would delete them, so it will not be replaced"},
		{"a run folder with a folder of the user's", func(t *testing.T, dir string) (string, string) {
			writeFile(t, filepath.Join(dir, "ut", "agencies", "egen", "x.csv"), "ID\n1\n")
			writeFile(t, filepath.Join(dir, "ut", "arkiv", "gammal.xlsx"), "x")
			return "ut", ""
		}, true, "DIR/ut: holds files that its run.json does not list: agencies/egen/, arkiv/; --force would delete them, so it will not be replaced"},
		{"a listed output replaced by a symbolic link", func(t *testing.T, dir string) (string, string) {
			path := filepath.Join(dir, "ut", "summary.html")
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(dir, "alfa.csv"), path); err != nil {
				t.Fatal(err)
			}
			return "ut", ""
		}, true, "DIR/ut: holds files that its run.json does not list: summary.html; --force would delete them, so it will not be replaced"},
		{"a folder with a run.json of another program", func(t *testing.T, dir string) (string, string) {
			writeFile(t, filepath.Join(dir, "annat", "run.json"), `{"format": "other.run/3"}`)
			writeFile(t, filepath.Join(dir, "annat", "data.csv"), "x")
			return "annat", ""
		}, true, `DIR/annat: not a prio run folder (its run.json: not a prio batch run: format "other.run/3", not prio.run/1); it holds data.csv, run.json, which --force would delete; it will not be replaced`},
		{"a folder named run.json", func(t *testing.T, dir string) (string, string) {
			writeFile(t, filepath.Join(dir, "annat", "run.json", "inuti.txt"), "x")
			return "annat", ""
		}, true, "DIR/annat: not a prio run folder (its run.json: not a prio batch run: a folder, not a file); it holds run.json/, which --force would delete; it will not be replaced"},
		{"a folder of files without run.json", func(t *testing.T, dir string) (string, string) {
			for i := range 7 {
				writeFile(t, filepath.Join(dir, "mina", string(rune('a'+i))+".txt"), "x")
			}
			return "mina", ""
		}, true, "DIR/mina: not a prio run folder (it has no run.json); it holds a.txt, b.txt, c.txt, d.txt, e.txt (and 2 more), which --force would delete; it will not be replaced"},
		{"the working folder holding a previous run's run.json", func(t *testing.T, dir string) (string, string) {
			// The case: `prio batch --force -o . m.yaml` in a folder
			// where a run.json lies beside the manifest and inputs.
			data, err := os.ReadFile(filepath.Join(dir, "ut", RecordName))
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, RecordName), string(data))
			return dir, ""
		}, true, "DIR: holds files that its run.json does not list: alfa.csv, bravo.csv, cirkel.csv, kriterier.yaml, manifest.yaml (and 1 more); --force would delete them, so it will not be replaced"},
		{"a run folder holding an input through a hard link", func(t *testing.T, dir string) (string, string) {
			// alfa.csv becomes another name of a file of the previous run.
			alfa := filepath.Join(dir, "alfa.csv")
			if err := os.Remove(alfa); err != nil {
				t.Fatal(err)
			}
			if err := os.Link(filepath.Join(dir, "ut", "summary.html"), alfa); err != nil {
				t.Fatal(err)
			}
			return "ut", ""
		}, true, "DIR/ut: holds DIR/alfa.csv, an input of this run; it will not be replaced"},
		{"the previous run of --compare", func(t *testing.T, dir string) (string, string) {
			return "ut", filepath.Join(dir, "ut")
		}, true, "DIR/ut: the same as the input DIR/ut; it will not be replaced"},
		{"the manifest, without --force", func(t *testing.T, dir string) (string, string) {
			return "manifest.yaml", ""
		}, false, "DIR/manifest.yaml: the same as the input DIR/manifest.yaml; it will not be replaced"},
		{"a symbolic link to the manifest", func(t *testing.T, dir string) (string, string) {
			if err := os.Symlink("manifest.yaml", filepath.Join(dir, "ut2")); err != nil {
				t.Fatal(err)
			}
			return "ut2", ""
		}, true, "DIR/ut2: the same as the input DIR/manifest.yaml; it will not be replaced"},
		{"a symbolic link to a run folder", func(t *testing.T, dir string) (string, string) {
			if err := os.Symlink("ut", filepath.Join(dir, "länk")); err != nil {
				t.Fatal(err)
			}
			return "länk", ""
		}, true, "DIR/länk: a symbolic link, not a run folder; it will not be replaced"},
		{"a file", func(t *testing.T, dir string) (string, string) {
			writeFile(t, filepath.Join(dir, "fil"), "x")
			return "fil", ""
		}, true, "DIR/fil: a file, not a run folder; it will not be replaced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyLiten(t)
			runLiten(t, dir, "ut", Options{})
			out, compare := tt.setup(t, dir)
			if !filepath.IsAbs(out) {
				out = filepath.Join(dir, out)
			}
			before := snapshot(t, dir)
			pl := mustPlan(t, dir)
			_, err := Run(context.Background(), pl, Options{Output: out, Force: tt.force, Compare: compare, Now: fixedNow})
			want := strings.ReplaceAll(tt.want, "DIR", dir)
			if err == nil || err.Error() != want {
				t.Errorf("Run = %v\nwant %s", err, want)
			}
			// CheckOutput, which prio batch calls before reading the
			// criteria set and the inputs, says the same.
			if err := CheckOutput(pl.Manifest, out, tt.force, compare); err == nil || err.Error() != want {
				t.Errorf("CheckOutput = %v\nwant %s", err, want)
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("the folder changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestRunTargetCurrentFolder: --force never replaces the folder prio runs
// in, or a folder above it, even one that is a run folder.
func TestRunTargetCurrentFolder(t *testing.T) {
	dir := copyLiten(t)
	runLiten(t, dir, "ut", Options{})
	pl := mustPlan(t, dir)
	for _, wd := range []string{"ut", filepath.Join("ut", "agencies")} {
		t.Run(wd, func(t *testing.T) {
			t.Chdir(filepath.Join(dir, wd))
			before := snapshot(t, dir)
			_, err := Run(context.Background(), pl, Options{Output: filepath.Join(dir, "ut"), Force: true, Now: fixedNow})
			want := filepath.Join(dir, "ut") + ": the current folder, or a folder above it; it will not be replaced"
			if err == nil || err.Error() != want {
				t.Errorf("Run = %v, want %s", err, want)
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("the folder changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestRunTargetReplaced: --force replaces a run folder that holds exactly
// its run, and an empty folder; the previous run's files are gone.
func TestRunTargetReplaced(t *testing.T) {
	dir := copyLiten(t)
	runLiten(t, dir, "ut", Options{})
	// The previous run in another language, so that the new files differ.
	pl := mustPlan(t, dir)
	if _, err := Run(context.Background(), pl, Options{Output: filepath.Join(dir, "ut"), Force: true, Lang: "en", Now: fixedNow}); err != nil {
		t.Fatalf("replacing a run folder: %v", err)
	}
	rec, err := ReadRecord(filepath.Join(dir, "ut"))
	if err != nil || rec.Lang != "en" {
		t.Fatalf("the run folder after --force: %v, lang %q; want the new run (en)", err, rec.Lang)
	}
	if err := os.Mkdir(filepath.Join(dir, "tom"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), pl, Options{Output: filepath.Join(dir, "tom"), Force: true, Now: fixedNow}); err != nil {
		t.Errorf("replacing an empty folder: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestRemoveRun: the previous run's own files are removed; a file that
// appeared in it is kept, with the folders that hold it, and named.
func TestRemoveRun(t *testing.T) {
	dir := copyLiten(t)
	rec := runLiten(t, dir, "ut", Options{})
	ut := filepath.Join(dir, "ut")
	writeFile(t, filepath.Join(ut, "agencies", "alfaverket", "kommentar.txt"), "keep me")
	left := removeRun(ut, rec)
	if diff := cmp.Diff([]string{"agencies/alfaverket/kommentar.txt"}, left); diff != "" {
		t.Errorf("left (-want +got):\n%s", diff)
	}
	want := map[string]string{
		".":                                 "folder",
		"agencies":                          "folder",
		"agencies/alfaverket":               "folder",
		"agencies/alfaverket/kommentar.txt": "",
	}
	got := snapshot(t, ut)
	for k := range got {
		if _, ok := want[filepath.ToSlash(k)]; !ok {
			t.Errorf("not removed: %s", k)
		}
	}
	if len(got) != len(want) {
		t.Errorf("after removeRun: %v", got)
	}
}

// TestRunRemovesLeftovers: a run removes the temporary folder a killed run
// of this machine left beside its output (its process gone), says so in a
// note, and leaves every other temporary-looking folder alone.
func TestRunRemovesLeftovers(t *testing.T) {
	dir := copyLiten(t)
	host, err := os.Hostname()
	if err != nil {
		t.Skip("no host name:", err)
	}
	// A process that has ended: its id names no running process.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dead := cmd.Process.Pid
	mark := func(name, host string, pid int) {
		writeFile(t, filepath.Join(dir, name, safeio.MarkerName), "prio temporary folder\nhost: "+host+"\npid: "+strconv.Itoa(pid)+"\n")
		writeFile(t, filepath.Join(dir, name, "agencies", "x", "score.json"), "{}")
	}
	mark(".ut.tmp-dead", host, dead)
	mark(".ut.tmp-alive", host, 1)                 // init runs as long as the machine does
	mark(".ut.tmp-elsewhere", host+"-other", dead) // another machine's, on a shared disk
	writeFile(t, filepath.Join(dir, ".ut.tmp-unmarked", "run.json"), "{}")
	before := snapshot(t, dir)

	rec := runLiten(t, dir, "ut", Options{})
	want := []string{"removed .ut.tmp-dead, a temporary folder left in " + dir + " by a prio run that was stopped (process " + strconv.Itoa(dead) + " on this machine)"}
	if diff := cmp.Diff(want, messages.Strings(rec.Notes, messages.English)); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	after := snapshot(t, dir)
	for path, was := range before {
		inDead := path == ".ut.tmp-dead" || strings.HasPrefix(path, ".ut.tmp-dead"+string(filepath.Separator))
		switch got, ok := after[path]; {
		case inDead && ok:
			t.Errorf("%s: not removed", path)
		case !inDead && got != was:
			t.Errorf("%s: changed (%q, was %q)", path, got, was)
		}
	}
}

// TestFolderManifestDuplicateNames: two workbooks that give one agency
// name are an error naming both, as two agencies of one name are in a
// manifest; names that differ only in case or in the encoding of å too.
func TestFolderManifestDuplicateNames(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string // with DIR for the folder
	}{
		{"csv and xlsx", []string{"Skatteverket.csv", "Skatteverket.xlsx", "CSN.csv"},
			`DIR/Skatteverket.xlsx: duplicate agency name "Skatteverket" (also the name of DIR/Skatteverket.csv): a folder run takes one workbook per agency; remove or rename one`},
		{"case", []string{"csn.csv", "CSN.xlsm"},
			`DIR/csn.csv: duplicate agency name "csn" (also the name of DIR/CSN.xlsm): a folder run takes one workbook per agency; remove or rename one`},
		{"å composed and decomposed", []string{"Försäkringskassan.csv", "Fo\u0308rsäkringskassan.xlsx"},
			// The decomposed name sorts first (o before ö).
			`DIR/Försäkringskassan.csv: duplicate agency name "Försäkringskassan" (also the name of DIR/Fo` + "\u0308" + `rsäkringskassan.xlsx): a folder run takes one workbook per agency; remove or rename one`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tt.files {
				writeFile(t, filepath.Join(dir, f), "x")
			}
			_, err := FolderManifest("k.yaml", dir, "ut")
			want := strings.ReplaceAll(tt.want, "DIR", filepath.ToSlash(dir))
			if err == nil || err.Error() != want {
				t.Errorf("FolderManifest = %v\nwant %s", err, want)
			}
		})
	}
	// Distinct names are fine.
	dir := t.TempDir()
	for _, f := range []string{"Skatteverket.csv", "Skatteverket 2.xlsx"} {
		writeFile(t, filepath.Join(dir, f), "x")
	}
	m, err := FolderManifest("k.yaml", dir, "ut")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range m.Agencies {
		names = append(names, a.Name)
	}
	if !slices.Equal(names, []string{"Skatteverket 2", "Skatteverket"}) { // by file name: " " sorts before "."
		t.Errorf("agencies %q", names)
	}
}
