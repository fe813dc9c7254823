package batch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/reports"
	"github.com/prio-tool/prio/scoring"
)

// copyLiten copies testdata/liten, a small criteria set worked by hand and
// three agencies (the third with a bad number and a duplicate id), into a
// fresh folder and returns its path.
func copyLiten(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir("testdata/liten")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("testdata/liten", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var fixedNow = func() time.Time { return time.Date(2017, 11, 27, 9, 0, 0, 0, time.UTC) }

// runLiten runs the manifest in dir into dir/out.
func runLiten(t *testing.T, dir, out string, opts Options) *Record {
	t.Helper()
	rec, err := runManifest(dir, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// runManifest is runLiten for a goroutine other than the test's.
func runManifest(dir, out string, opts Options) (*Record, error) {
	m, err := LoadManifest(filepath.Join(dir, "manifest.yaml"))
	if err != nil {
		return nil, err
	}
	pl, err := NewPlan(m)
	if err != nil {
		return nil, err
	}
	opts.Output = filepath.Join(dir, out)
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	if opts.Version == "" {
		opts.Version = "test"
	}
	return Run(context.Background(), pl, opts)
}

// TestRunLiten checks a run against the hand-worked scores of
// testdata/liten/kriterier.yaml (0.75 × Nytta's value + 0.25 × (1 −
// Kostnad/100); no plan, excluded): the record, the summary's numbers, and
// the isolation of the broken agency.
func TestRunLiten(t *testing.T) {
	dir := copyLiten(t)
	var last atomic.Int64 // Progress is called from any goroutine
	rec := runLiten(t, dir, "ut", Options{Jobs: 2, Progress: func(done int) {
		for {
			prev := last.Load()
			if int64(done) <= prev || last.CompareAndSwap(prev, int64(done)) {
				return
			}
		}
	}})

	if got, want := rec.Failed(), 1; got != want {
		t.Fatalf("%d agencies failed, want %d", got, want)
	}
	c := rec.Agencies[2]
	wantErrors := []string{
		`cirkel.csv:2:3: "ca 5" is not a number`,
		`cirkel.csv:3:1: id "C1" appears twice (also at cirkel.csv:2:1)`,
	}
	if diff := cmp.Diff(wantErrors, c.Errors); diff != "" {
		t.Errorf("errors of Cirkelverket (-want +got):\n%s", diff)
	}
	if len(c.Outputs) != 0 || c.Top != nil {
		t.Errorf("a failed agency has outputs %v and top %v", c.Outputs, c.Top)
	}
	// Every good agency: five formats, score and sensitivity each.
	for _, a := range rec.Agencies[:2] {
		if a.Status != StatusOK || len(a.Outputs) != 10 {
			t.Errorf("agency %s: status %s, %d outputs, want ok and 10", a.Name, a.Status, len(a.Outputs))
		}
	}
	if got, want := last.Load(), int64(3*200); got != want {
		t.Errorf("progress ended at %d, want %d (3 agencies × 200 samples)", got, want)
	}
	if rec.Started != "2017-11-27T09:00:00Z" || rec.Finished != rec.Started {
		t.Errorf("times %s, %s", rec.Started, rec.Finished)
	}
	if got := *rec.Cost; got != "invest" {
		t.Errorf("cost field %q, want invest (the set's number field invest)", got)
	}

	// The summary, worked out by hand.
	runs := summaryOf(t, dir)
	a, b := runs.Agencies[0], runs.Agencies[1]
	if a.Investments != 4 || a.Ranked != 3 || a.Excluded != 1 || a.Flagged != 0 {
		t.Errorf("Alfaverket counts %d, %d, %d, %d", a.Investments, a.Ranked, a.Excluded, a.Flagged)
	}
	// 20 + 60 + 10 + 40 mnkr, the excluded one included.
	if a.Cost != 130 || a.CostMissing != 0 {
		t.Errorf("Alfaverket cost %v (%d missing), want 130 (0)", a.Cost, a.CostMissing)
	}
	// B2 has no cost: 50 mnkr, one missing.
	if b.Cost != 50 || b.CostMissing != 1 {
		t.Errorf("Bravoverket cost %v (%d missing), want 50 (1)", b.Cost, b.CostMissing)
	}
	if diff := cmp.Diff([]reports.GateRate{{Passed: 3, Total: 4}}, a.Gates); diff != "" {
		t.Errorf("Alfaverket gate rates (-want +got):\n%s", diff)
	}
	var scores []float64
	for _, inv := range a.RankedInvestments {
		scores = append(scores, inv.Score)
	}
	// A1 0.75 + 0.25·0.8, A2 0.75·0.75 + 0.25·0.4, A4 0.75·0.5 + 0.25·0.6.
	if diff := cmp.Diff([]float64{0.95, 0.6625, 0.525}, scores); diff != "" {
		t.Errorf("Alfaverket scores (-want +got):\n%s", diff)
	}
	if !runs.Agencies[2].Failed || len(runs.Agencies[2].Errors) != 2 {
		t.Errorf("Cirkelverket in the summary: %+v", runs.Agencies[2])
	}

	// The folder holds exactly what run.json lists.
	listed := []string{RecordName}
	for _, o := range rec.Outputs() {
		listed = append(listed, o.Path)
	}
	var found []string
	err := filepath.WalkDir(filepath.Join(dir, "ut"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(filepath.Join(dir, "ut"), path)
			found = append(found, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(listed)
	if diff := cmp.Diff(listed, found); diff != "" {
		t.Errorf("files (-listed +found):\n%s", diff)
	}
	// Nothing is left beside it.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func mustPlan(t *testing.T, dir string) *Plan {
	t.Helper()
	m, err := LoadManifest(filepath.Join(dir, "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	pl, err := NewPlan(m)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// summaryOf runs the agencies of dir's manifest in memory and returns the
// summary.
func summaryOf(t *testing.T, dir string) *reports.BatchSummary {
	t.Helper()
	e := &engine{plan: mustPlan(t, dir), lang: "sv", emit: func(string, []byte) error { return nil }}
	runs, err := e.runAll(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	return e.summary(runs)
}

// TestRunDeterministic runs the same manifest with one worker and with
// three: the files are the same bytes, and so is run.json, whose times are
// fixed here.
func TestRunDeterministic(t *testing.T) {
	dir := copyLiten(t)
	one := runLiten(t, dir, "one", Options{Jobs: 1})
	three := runLiten(t, dir, "three", Options{Jobs: 3})
	// What was said is compared as text, as run.json has it.
	if diff := cmp.Diff(one, three, cmpopts.IgnoreFields(AgencyRecord{}, "Said")); diff != "" {
		t.Errorf("records differ (-one +three):\n%s", diff)
	}
	for _, name := range append([]string{RecordName}, outputPaths(one)...) {
		a, err := os.ReadFile(filepath.Join(dir, "one", name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "three", name))
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("%s differs between 1 and 3 workers", name)
		}
	}
}

func outputPaths(r *Record) []string {
	var out []string
	for _, o := range r.Outputs() {
		out = append(out, o.Path)
	}
	return out
}

// TestRunTarget: an existing output folder is refused without --force,
// and the folder a run folder goes in must exist. What --force replaces
// and refuses is tested in target_test.go.
func TestRunTarget(t *testing.T) {
	dir := copyLiten(t)
	runLiten(t, dir, "ut", Options{})
	pl := mustPlan(t, dir)
	run := func(out string, force bool) error {
		_, err := Run(context.Background(), pl, Options{Output: filepath.Join(dir, out), Force: force, Now: fixedNow})
		return err
	}
	if err := run("ut", false); !errors.Is(err, ErrOutputExists) {
		t.Errorf("existing run without force: %v, want ErrOutputExists", err)
	}
	err := run(filepath.Join("nope", "ut"), false)
	if want := filepath.Join(dir, "nope", "ut") + ": the folder " + filepath.Join(dir, "nope") + " does not exist; create it first"; err == nil || err.Error() != want {
		t.Errorf("missing parent: %v, want %s", err, want)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestRunCancelled: a cancelled run leaves no folder behind.
func TestRunCancelled(t *testing.T) {
	dir := copyLiten(t)
	pl := mustPlan(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, pl, Options{Output: filepath.Join(dir, "ut")})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestRunTopClamped: an agency that ranks fewer investments than the
// manifest's top is analysed with its own count, with a warning naming the
// manifest's top.
func TestRunTopClamped(t *testing.T) {
	dir := copyLiten(t)
	manifest := "format: prio.batch/1\ncriteria: kriterier.yaml\noutput: ut\nformats: [json]\n" +
		"sensitivity: {top: 3}\nagencies:\n  - {name: Bravoverket, workbook: bravo.csv}\n"
	if err := os.WriteFile(filepath.Join(dir, "manifest.yaml"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := runLiten(t, dir, "ut", Options{})
	b := rec.Agencies[0]
	if b.Top == nil || *b.Top != 2 {
		t.Fatalf("top %v, want 2", b.Top)
	}
	want := "manifest.yaml:5:20: sensitivity: top 3 is more than the 2 investments ranked; using top 2"
	if !slices.Contains(b.Warnings, want) {
		t.Errorf("warnings %q lack %q", b.Warnings, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, "ut", "agencies", "bravoverket", "sensitivity.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), want) {
		t.Errorf("sensitivity.json lacks the warning")
	}
}

// TestRunNothingRanked: an agency whose every investment is excluded gets
// its score reports, and a warning instead of sensitivity reports.
func TestRunNothingRanked(t *testing.T) {
	dir := copyLiten(t)
	if err := os.WriteFile(filepath.Join(dir, "alfa.csv"), []byte("ID;Namn;Kostnad;Nytta;Plan\nA1;Alfa;20;5;Nej\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := runLiten(t, dir, "ut", Options{})
	a := rec.Agencies[0]
	if a.Status != StatusOK || a.Top != nil || len(a.Outputs) != 5 {
		t.Fatalf("status %s, top %v, %d outputs; want ok, none and the 5 score reports", a.Status, a.Top, len(a.Outputs))
	}
	if !slices.Contains(a.Warnings, "no investment is ranked: there is no sensitivity analysis to report") {
		t.Errorf("warnings %q", a.Warnings)
	}
}

// TestCompare: a second run over a changed workbook, compared with the
// first, reports exactly the changes made, and a new criteria version.
func TestCompare(t *testing.T) {
	dir := copyLiten(t)
	runLiten(t, dir, "first", Options{})
	// B1 removed, B2's Nytta 3 → 5 (score 0.375 → 0.75), B3 added (0.75·0.75
	// + 0.25·0.7 = 0.7375); the criteria set's version moves on.
	if err := os.WriteFile(filepath.Join(dir, "bravo.csv"), []byte("ID;Namn;Kostnad;Nytta;Plan\nB2;Charlie;;5;Ja\nB3;Delta;30;4;Ja\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	crit, _ := os.ReadFile(filepath.Join(dir, "kriterier.yaml"))
	crit = []byte(strings.Replace(string(crit), "version: 1.0.0", "version: 1.1.0", 1))
	if err := os.WriteFile(filepath.Join(dir, "kriterier.yaml"), crit, 0o644); err != nil {
		t.Fatal(err)
	}
	rec := runLiten(t, dir, "second", Options{Compare: filepath.Join(dir, "first")})
	c := rec.Comparison
	if c == nil {
		t.Fatal("no comparison")
	}
	want := []string{
		"Kriterieuppsättningen har ändrats: liten 1.0.0 (antagen) → liten 1.1.0 (antagen).",
		"Bravoverket: ny investering B3 Delta (rang 2, poäng 73,8).",
		"Bravoverket: investeringen B1 Bravo är borttagen (var rang 1, poäng 87,5).",
		"Bravoverket: B2 Charlie rang 2 → 1, poäng 37,5 → 75,0 (+37,5).",
		"Cirkelverket: inte jämförd, körningen misslyckades nu.",
	}
	if diff := cmp.Diff(want, reports.ComparisonSentences(c, "sv")); diff != "" {
		t.Errorf("sentences (-want +got):\n%s", diff)
	}
	b := c.Agencies[1]
	wantB := []reports.InvestmentChange{
		{ID: "B2", Name: "Charlie", Old: scoring.Standing{Status: scoring.Ranked, Rank: 2, Score: 0.375}, New: scoring.Standing{Status: scoring.Ranked, Rank: 1, Score: 0.75}},
		{ID: "B3", Name: "Delta", New: scoring.Standing{Status: scoring.Ranked, Rank: 2, Score: 0.7375}},
		{ID: "B1", Name: "Bravo", Old: scoring.Standing{Status: scoring.Ranked, Rank: 1, Score: 0.875}},
	}
	if diff := cmp.Diff(wantB, b.Changes); diff != "" {
		t.Errorf("Bravoverket's changes (-want +got):\n%s", diff)
	}
	if rec.Compare == nil || len(rec.Compare.Outputs) != 2 || rec.Compare.Previous != "first" {
		t.Errorf("compare record %+v", rec.Compare)
	}

	// A tampered previous run is refused.
	if err := os.WriteFile(filepath.Join(dir, "first", "agencies", "alfaverket", "score.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	pl := mustPlan(t, dir)
	_, err := Run(context.Background(), pl, Options{Output: filepath.Join(dir, "third"), Compare: filepath.Join(dir, "first")})
	if err == nil || !strings.Contains(err.Error(), "changed since that run") {
		t.Errorf("err = %v, want the previous run refused", err)
	}
}

// TestVerify: a run verifies; a changed byte, an extra file, a removed
// output and a changed input are each named.
func TestVerify(t *testing.T) {
	dir := copyLiten(t)
	runLiten(t, dir, "ut", Options{})
	out := filepath.Join(dir, "ut")
	rep, err := Verify(context.Background(), out, VerifyOptions{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) > 0 || !rep.Rerun || rep.Outputs != 22 {
		t.Fatalf("problems %q, rerun %v, %d outputs; want none, true, 22", rep.Problems, rep.Rerun, rep.Outputs)
	}

	// One byte of one output.
	path := filepath.Join(out, "agencies", "alfaverket", "score.html")
	data, _ := os.ReadFile(path)
	data[len(data)/2] ^= 1
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "extra.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(out, "summary.xlsx")); err != nil {
		t.Fatal(err)
	}
	rep, err = Verify(context.Background(), out, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		path + ": changed since the run (its SHA-256 is not the recorded one)",
		filepath.Join(out, "summary.xlsx") + ": missing",
		filepath.Join(out, "extra.txt") + ": not written by the run (run.json does not list it)",
	}
	if diff := cmp.Diff(want, messages.Strings(rep.Problems, messages.English)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	// An input changed since the run: no re-run.
	if err := os.WriteFile(filepath.Join(dir, "bravo.csv"), []byte("ID;Namn;Kostnad;Nytta;Plan\nB1;Bravo;50;5;Ja\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err = Verify(context.Background(), out, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(messages.Strings(rep.Problems, messages.English), filepath.Join(dir, "bravo.csv")+": input of Bravoverket changed since the run") || rep.Rerun {
		t.Errorf("problems %q, rerun %v", rep.Problems, rep.Rerun)
	}
}

// TestVerifyRerun: an output whose digest was recorded wrongly (as if the
// program or its inputs had changed) is found by the re-run.
func TestVerifyRerun(t *testing.T) {
	dir := copyLiten(t)
	runLiten(t, dir, "ut", Options{})
	out := filepath.Join(dir, "ut")
	// Make the file and its digest agree on other bytes: only the re-run can
	// tell.
	path := filepath.Join(out, "agencies", "bravoverket", "score.md")
	data, _ := os.ReadFile(path)
	data = append(data, '\n')
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	rec, err := ReadRecord(out)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range rec.Agencies[1].Outputs {
		if o.Path == "agencies/bravoverket/score.md" {
			rec.Agencies[1].Outputs[i].SHA256 = digest(data)
		}
	}
	enc, _ := rec.encode()
	if err := os.WriteFile(filepath.Join(out, RecordName), enc, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(context.Background(), out, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{path + ": a re-run from the recorded inputs gives other bytes"}
	if diff := cmp.Diff(want, messages.Strings(rep.Problems, messages.English)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestAgencyRunsKeepStandingsOnly: once an agency's reports are written,
// its run keeps nothing of its scores without a comparison, and with one
// the standings a comparison reads, the same as its score.json gives them
// (decodeScores, which a comparison reads the previous run with).
func TestAgencyRunsKeepStandingsOnly(t *testing.T) {
	pl := mustPlan(t, copyLiten(t))
	for _, compare := range []bool{false, true} {
		outputs := map[string][]byte{}
		var mu sync.Mutex
		e := &engine{plan: pl, lang: "sv", version: "test", date: fixedNow(), compare: compare,
			emit: func(rel string, data []byte) error {
				mu.Lock()
				defer mu.Unlock()
				outputs[rel] = data
				return nil
			}}
		runs, err := e.runAll(context.Background(), 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			if !compare || r.rec.Status != StatusOK {
				if r.res != nil {
					t.Errorf("compare %v: %s keeps its scores", compare, r.rec.Name)
				}
				continue
			}
			want, err := decodeScores(outputs["agencies/"+r.rec.Slug+"/score.json"])
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.Investments, r.res.Investments, cmpopts.IgnoreUnexported(scoring.Assessment{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s: standings (-score.json +kept):\n%s", r.rec.Name, diff)
			}
		}
	}
}
