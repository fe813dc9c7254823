package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// copyFiles copies the named files of src into dst.
func copyFiles(t *testing.T, src, dst string, names ...string) {
	t.Helper()
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runPrio runs prio in-process and returns its exit status, stdout and
// stderr. It runs in English (PRIO_LANG=en), the language of the texts the
// tests expect, unless --lang says otherwise.
func runPrio(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("PRIO_LANG", "en")
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// times are run.json's start and end, the only bytes that differ between
// two runs of the same manifest.
var times = regexp.MustCompile(`"(started|finished)": "[^"]*"`)

// TestBatchDeterministic runs the same manifest over the three example
// workbooks (joined with their assessments) twice in-process, with one
// worker and with two: every file is the same bytes, run.json apart from
// its times. It also checks every SHA-256 in run.json against the file with
// crypto/sha256, and that the folder holds nothing else.
func TestBatchDeterministic(t *testing.T) {
	dir := t.TempDir()
	var books []string
	for _, a := range []string{"exempelverket", "registerverket", "tillsynsverket"} {
		books = append(books, a+".xlsx", a+"-bedomning.xlsx")
	}
	copyFiles(t, "../../testdata/examples", dir, books...)
	copyFiles(t, "../../criteria/builtin", dir, "digitala-investeringar.yaml")
	manifest := `format: prio.batch/1
criteria: digitala-investeringar.yaml
output: ut
formats: [xlsx, html, json, md, csv]
sensitivity: {samples: 300, seed: 42}
agencies:
  - {name: Exempelverket, workbook: exempelverket.xlsx, join: [exempelverket-bedomning.xlsx]}
  - {name: Registerverket, workbook: registerverket.xlsx, join: [registerverket-bedomning.xlsx]}
  - {name: Tillsynsverket, workbook: tillsynsverket.xlsx, join: [tillsynsverket-bedomning.xlsx]}
`
	if err := os.WriteFile(filepath.Join(dir, "manifest.yaml"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, args := range [][]string{{"-o", "one", "--jobs", "1"}, {"-o", "two", "--jobs", "2"}} {
		if code, _, stderr := runPrio(t, append([]string{"batch", "manifest.yaml"}, args...)...); code != 0 {
			t.Fatalf("prio batch %v: exit %d\n%s", args, code, stderr)
		}
	}
	one, two := readTree(t, filepath.Join(dir, "one")), readTree(t, filepath.Join(dir, "two"))
	if diff := cmp.Diff(keys(one), keys(two)); diff != "" {
		t.Fatalf("files (-one +two):\n%s", diff)
	}
	for name, a := range one {
		b := two[name]
		if name == "run.json" {
			a, b = times.ReplaceAll(a, nil), times.ReplaceAll(b, nil)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between the runs", name)
		}
	}
	if len(one) != 3*10+3 {
		t.Errorf("%d files, want 33 (3 agencies × 10 reports, the summary's two, run.json)", len(one))
	}

	// run.json's hashes are the files'.
	var rec struct {
		Agencies []struct {
			Inputs  []struct{ Path, SHA256 string }
			Outputs []struct{ Path, SHA256 string }
		}
		Summary []struct{ Path, SHA256 string }
	}
	if err := json.Unmarshal(one["run.json"], &rec); err != nil {
		t.Fatal(err)
	}
	listed := []string{"run.json"}
	check := func(path, want string, data []byte) {
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s: sha256 %s, run.json says %s", path, got, want)
		}
	}
	for _, a := range rec.Agencies {
		for _, o := range a.Outputs {
			check(o.Path, o.SHA256, one[o.Path])
			listed = append(listed, o.Path)
		}
		for _, in := range a.Inputs {
			data, err := os.ReadFile(filepath.Join(dir, in.Path))
			if err != nil {
				t.Fatal(err)
			}
			check(in.Path, in.SHA256, data)
		}
	}
	for _, o := range rec.Summary {
		check(o.Path, o.SHA256, one[o.Path])
		listed = append(listed, o.Path)
	}
	slices.Sort(listed)
	if diff := cmp.Diff(keys(one), listed); diff != "" {
		t.Errorf("files in the folder (-found +listed):\n%s", diff)
	}
}

// readTree reads every file under dir, by its path relative to dir with
// "/" between folders.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// copyLiten copies the batch package's small hand-worked fixture (criteria
// set: score = 0.75 × Nytta's value + 0.25 × (1 − Kostnad/100), no plan
// excluded; Alfaverket, Bravoverket, and Cirkelverket with a bad number and
// a duplicate id) into a fresh folder, the test's working folder.
func copyLiten(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyFiles(t, "../../batch/testdata/liten", dir, "kriterier.yaml", "manifest.yaml", "alfa.csv", "bravo.csv", "cirkel.csv")
	t.Chdir(dir)
	return dir
}

// TestBatchCompare runs the fixture, rewrites one agency's workbook — one
// investment's value changed, one removed, one added — runs again with
// --compare and checks that exactly those changes are reported, with the
// rank movement they cause.
func TestBatchCompare(t *testing.T) {
	dir := copyLiten(t)
	if code, _, stderr := runPrio(t, "batch", "manifest.yaml", "-o", "okt"); code != 1 {
		t.Fatalf("exit %d, want 1 (Cirkelverket fails)\n%s", code, stderr)
	}
	// Bravoverket: B1 (0.875) removed; B2's Nytta 3 → 5, so its score goes
	// from 0.75·0.5 + 0 = 0.375 to 0.75·1 + 0 = 0.75 (its cost is missing:
	// worst); B3 added at 0.75·0.75 + 0.25·0.7 = 0.7375.
	bravo := "ID;Namn;Kostnad;Nytta;Plan\nB2;Charlie;;5;Ja\nB3;Delta;30;4;Ja\n"
	if err := os.WriteFile(filepath.Join(dir, "bravo.csv"), []byte(bravo), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runPrio(t, "batch", "manifest.yaml", "-o", "nov", "--compare", "okt", "--lang", "en")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr)
	}
	want := `Bravoverket: new investment B3 Delta (rank 2, score 73.8).
Bravoverket: investment B1 Bravo removed (was rank 1, score 87.5).
Bravoverket: B2 Charlie rank 2 → 1, score 37.5 → 75.0 (+37.5).
Cirkelverket: not compared, its run failed this time.
`
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
	data, err := os.ReadFile(filepath.Join(dir, "nov", "compare.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Previous string
		Criteria struct{ Changed bool }
		Agencies []struct {
			Name     string
			Compared bool
			Added    []struct{ ID string }
			Removed  []struct{ ID string }
			Moved    []struct {
				ID       string
				Old, New struct{ Rank int }
				Change   float64
			}
			GateChanges []json.RawMessage `json:"gate_changes"`
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Previous != "okt" || doc.Criteria.Changed {
		t.Errorf("previous %q, criteria changed %v", doc.Previous, doc.Criteria.Changed)
	}
	a, b := doc.Agencies[0], doc.Agencies[1]
	if !a.Compared || len(a.Added)+len(a.Removed)+len(a.Moved)+len(a.GateChanges) != 0 {
		t.Errorf("Alfaverket, unchanged, reports %+v", a)
	}
	if len(b.Added) != 1 || b.Added[0].ID != "B3" || len(b.Removed) != 1 || b.Removed[0].ID != "B1" ||
		len(b.Moved) != 1 || b.Moved[0].ID != "B2" || b.Moved[0].Old.Rank != 2 || b.Moved[0].New.Rank != 1 || b.Moved[0].Change != 0.375 ||
		len(b.GateChanges) != 0 {
		t.Errorf("Bravoverket: %+v", b)
	}
	// The comparison's files are in the run and its record.
	md, err := os.ReadFile(filepath.Join(dir, "nov", "compare.md"))
	if err != nil || !strings.Contains(string(md), "- Bravoverket: new investment B3 Delta (rank 2, score 73.8).") {
		t.Errorf("compare.md: %v\n%s", err, md)
	}
	if code, stdout, stderr := runPrio(t, "verify", "nov"); code != 0 {
		t.Errorf("verify: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestVerifyOneByte: a run verifies, and fails, naming the file, once one
// byte of one output is changed.
func TestVerifyOneByte(t *testing.T) {
	dir := copyLiten(t)
	if code, _, stderr := runPrio(t, "batch", "manifest.yaml"); code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr)
	}
	code, stdout, stderr := runPrio(t, "verify", "ut")
	wantOK := "ut verifies: 22 outputs have their recorded SHA-256 and the folder holds nothing else; the criteria set liten 1.0.0 (adopted) and every input are the ones recorded; a re-run of 3 agencies gives the same bytes, rows, warnings and errors\n" +
		"ut: this shows that the folder, its run.json and its inputs agree, not who made the run: a folder, run.json and inputs replaced together agree too (they are another run); the manifest is not read\n"
	if code != 0 || stdout != wantOK {
		t.Fatalf("verify: exit %d\n%s%s", code, stdout, stderr)
	}
	path := filepath.Join(dir, "ut", "agencies", "bravoverket", "sensitivity.xlsx")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/3]++
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runPrio(t, "verify", "ut")
	want := filepath.Join("ut", "agencies", "bravoverket", "sensitivity.xlsx") + ": changed since the run (its SHA-256 is not the recorded one)\n"
	if code != 1 || stdout != want || stderr != "prio: ut does not verify: 1 problem\n" {
		t.Errorf("verify after one byte: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}
}
