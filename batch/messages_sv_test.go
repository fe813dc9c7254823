package batch

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/messages"
)

// TestMessagesInSwedish gives batch bad manifests, agencies with bad files,
// an existing output folder, a folder that is not a run and a tampered run,
// every message given in Swedish, in full, in Swedish written by hand.
// run.json records them in English, the same in every language.
func TestMessagesInSwedish(t *testing.T) {
	t.Parallel()

	// A manifest with problems.
	_, err := ParseManifest(strings.NewReader(`format: prio.batch/1
criteria: kriterier.yaml
output: ut
formats: [xlsx, xlsx]
cost: 12abc
agencies:
  - {name: Alfaverket, workbook: alfa.csv}
  - {name: Alfaverket}
`), "m.yaml")
	want := `m.yaml:4:17: formatet xlsx anges två gånger
m.yaml:5:7: cost måste ange ett talfält i kriterieuppsättningen, inte "12abc"
m.yaml:8:5: myndigheten Alfaverket: den obligatoriska nyckeln "workbook" saknas
m.yaml:8:12: myndighetsnamnet "Alfaverket" förekommer två gånger (första gången på rad 7)`
	if err == nil || sv(err) != want {
		t.Errorf("manifest:\n%v\nwant\n%s", err, want)
	}

	// A manifest naming a criteria file that is not there.
	dir := copyLiten(t)
	m, err := ParseManifest(strings.NewReader("format: prio.batch/1\ncriteria: nowhere.yaml\noutput: ut\nagencies: [{name: A, workbook: alfa.csv}]\n"), filepath.Join(dir, "m.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewPlan(m)
	if want := filepath.Join(dir, "m.yaml") + ":2:11: kriteriefilen nowhere.yaml finns inte"; err == nil || sv(err) != want {
		t.Errorf("missing criteria: %v, want %s", err, want)
	}

	// Agencies whose files cannot be read or hold bad values fail with
	// their errors, in the record; a clamped top is a warning naming its
	// place in the manifest.
	if err := os.Mkdir(filepath.Join(dir, "mapp"), 0o755); err != nil {
		t.Fatal(err)
	}
	manifest := `format: prio.batch/1
criteria: kriterier.yaml
output: ut
formats: [json]
sensitivity: {top: 5}
agencies:
  - {name: Alfaverket, workbook: alfa.csv}
  - {name: Saknadverket, workbook: saknas.csv}
  - {name: Mappverket, workbook: mapp}
  - {name: Cirkelverket, workbook: cirkel.csv}
`
	if err := os.WriteFile(filepath.Join(dir, "manifest.yaml"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := runLiten(t, dir, "ut", Options{})
	got := map[string][]string{}
	recorded := map[string][]string{}
	for _, a := range rec.Agencies {
		got[a.Name] = messages.Strings(append(slices.Clone(a.Said.Errors), a.Said.Warnings...), messages.Swedish)
		recorded[a.Name] = append(slices.Clone(a.Errors), a.Warnings...)
	}
	wantAgencies := map[string][]string{
		"Alfaverket":   {"manifest.yaml:5:20: sensitivity: top 5 är fler än de 3 investeringar som rangordnas; använder topp 3"},
		"Saknadverket": {"saknas.csv: filen finns inte"},
		"Mappverket":   {"mapp: en mapp, inte en arbetsbok eller CSV-fil"},
		"Cirkelverket": {`cirkel.csv:2:3: "ca 5" är inget tal`, `cirkel.csv:3:1: id "C1" förekommer två gånger (även i cirkel.csv:2:1)`},
	}
	if diff := cmp.Diff(wantAgencies, got); diff != "" {
		t.Errorf("errors and warnings of the agencies (-want +got):\n%s", diff)
	}
	// The same in run.json, in English, written by hand.
	wantRecorded := map[string][]string{
		"Alfaverket":   {"manifest.yaml:5:20: sensitivity: top 5 is more than the 3 investments ranked; using top 3"},
		"Saknadverket": {"saknas.csv: the file does not exist"},
		"Mappverket":   {"mapp: a folder, not a workbook or CSV file"},
		"Cirkelverket": {`cirkel.csv:2:3: "ca 5" is not a number`, `cirkel.csv:3:1: id "C1" appears twice (also at cirkel.csv:2:1)`},
	}
	if diff := cmp.Diff(wantRecorded, recorded); diff != "" {
		t.Errorf("errors and warnings in run.json (-want +got):\n%s", diff)
	}

	// The same output again, without Force.
	pl, err := NewPlan(mustLoad(t, filepath.Join(dir, "manifest.yaml")))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "ut")
	_, err = Run(context.Background(), pl, Options{Output: out})
	if want := out + ": utmappen finns redan"; err == nil || sv(err) != want || !errors.Is(err, ErrOutputExists) {
		t.Errorf("existing output: %v, want %s wrapping ErrOutputExists", err, want)
	}

	// A folder that is not a run.
	_, err = ReadRecord(dir)
	if want := dir + ": ingen körning av prio batch: mappen saknar run.json"; err == nil || sv(err) != want || !errors.Is(err, ErrNotRun) {
		t.Errorf("not a run: %v, want %s wrapping ErrNotRun", err, want)
	}

	// A tampered output, and a changed input.
	path := filepath.Join(out, "agencies", "alfaverket", "score.json")
	if err := os.WriteFile(path, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "alfa.csv"), []byte("ID;Namn\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(context.Background(), out, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantProblems := []string{
		path + ": ändrad sedan körningen (dess SHA-256 är inte den registrerade)",
		filepath.Join(dir, "alfa.csv") + ": indata till Alfaverket har ändrats sedan körningen",
	}
	if diff := cmp.Diff(wantProblems, messages.Strings(rep.Problems, messages.Swedish)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"myndigheterna kördes inte om: kriteriefilen eller indata har ändrats"}, messages.Strings(rep.Notes, messages.Swedish)); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}

func mustLoad(t *testing.T, path string) *Manifest {
	t.Helper()
	m, err := LoadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestVerifyInRunLanguage: a run made in Swedish has Swedish warnings in
// its reports. Verify re-runs it in the language run.json records, whatever
// the language of the caller, and the re-run matches; no language is set
// for the process, so an English run made at the same time keeps its own.
func TestVerifyInRunLanguage(t *testing.T) {
	t.Parallel()
	dir := copyLiten(t)
	// A top of 5 for agencies that rank 3 and 2: a warning in every report.
	manifest := `format: prio.batch/1
criteria: kriterier.yaml
output: ut
formats: [json, html]
sensitivity: {top: 5}
agencies:
  - {name: Alfaverket, workbook: alfa.csv}
  - {name: Bravoverket, workbook: bravo.csv}
`
	if err := os.WriteFile(filepath.Join(dir, "manifest.yaml"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { // an English run of the same manifest at the same time
		_, err := runManifest(dir, "en", Options{Lang: "en"})
		done <- err
	}()
	runLiten(t, dir, "ut", Options{Lang: "sv"})
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "ut", "agencies", "alfaverket", "sensitivity.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "investeringar som rangordnas; använder topp") {
		t.Errorf("the Swedish run's report has no Swedish warning:\n%s", md)
	}
	mdEn, err := os.ReadFile(filepath.Join(dir, "en", "agencies", "alfaverket", "sensitivity.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mdEn), "investments ranked; using top") {
		t.Errorf("the English run's report has no English warning:\n%s", mdEn)
	}
	// run.json is the same but for the language it records and the hashes
	// of the reports for people (issue 13).
	var records [2]any
	for i, out := range []string{"ut", "en"} {
		data, err := os.ReadFile(filepath.Join(dir, out, RecordName))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &records[i]); err != nil {
			t.Fatal(err)
		}
		records[i] = withoutLanguage(records[i])
	}
	if diff := cmp.Diff(records[0], records[1]); diff != "" {
		t.Errorf("run.json in sv and en, but for lang and the reports' hashes (-sv +en):\n%s", diff)
	}
	for _, out := range []string{"ut", "en"} {
		rep, err := Verify(context.Background(), filepath.Join(dir, out), VerifyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Problems) != 0 || !rep.Rerun {
			t.Errorf("%s: problems %q, rerun %v; want none, true", out, rep.Problems, rep.Rerun)
		}
	}
}

// withoutLanguage is a decoded run.json without what the language of the
// run changes: the language itself and the SHA-256 of the reports for
// people (html, md, xlsx).
func withoutLanguage(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if path, ok := x["path"].(string); ok {
			switch filepath.Ext(path) {
			case ".html", ".md", ".xlsx":
				delete(x, "sha256")
			}
		}
		delete(x, "lang")
		for k, e := range x {
			x[k] = withoutLanguage(e)
		}
	case []any:
		for i, e := range x {
			x[i] = withoutLanguage(e)
		}
	}
	return v
}

// sv is err's text in Swedish.
func sv(err error) string { return messages.Localize(err, messages.Swedish) }
