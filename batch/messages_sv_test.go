package batch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/messages"
)

// TestMessagesInSwedish gives batch bad manifests, agencies with bad files,
// an existing output folder, a folder that is not a run and a tampered run,
// with Swedish chosen: every message in full, in Swedish written by hand.
// Not parallel: it sets the language of the process.
func TestMessagesInSwedish(t *testing.T) {
	defer messages.SetLanguage(messages.Language())
	messages.SetLanguage(messages.Swedish)

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
	if err == nil || err.Error() != want {
		t.Errorf("manifest:\n%v\nwant\n%s", err, want)
	}

	// A manifest naming a criteria file that is not there.
	dir := copyLiten(t)
	m, err := ParseManifest(strings.NewReader("format: prio.batch/1\ncriteria: nowhere.yaml\noutput: ut\nagencies: [{name: A, workbook: alfa.csv}]\n"), filepath.Join(dir, "m.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewPlan(m)
	if want := filepath.Join(dir, "m.yaml") + ":2:11: kriteriefilen nowhere.yaml finns inte"; err == nil || err.Error() != want {
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
	for _, a := range rec.Agencies {
		got[a.Name] = append(append([]string{}, a.Errors...), a.Warnings...)
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

	// The same output again, without Force.
	pl, err := NewPlan(mustLoad(t, filepath.Join(dir, "manifest.yaml")))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "ut")
	_, err = Run(context.Background(), pl, Options{Output: out})
	if want := out + ": utmappen finns redan"; err == nil || err.Error() != want || !errors.Is(err, ErrOutputExists) {
		t.Errorf("existing output: %v, want %s wrapping ErrOutputExists", err, want)
	}

	// A folder that is not a run.
	_, err = ReadRecord(dir)
	if want := dir + ": ingen körning av prio batch: mappen saknar run.json"; err == nil || err.Error() != want || !errors.Is(err, ErrNotRun) {
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
	if diff := cmp.Diff(wantProblems, rep.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"myndigheterna kördes inte om: kriteriefilen eller indata har ändrats"}, rep.Notes); diff != "" {
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

// TestVerifyInRunLanguage: a run made in Swedish has Swedish warnings in its
// reports. Verified by a caller working in English, its re-run matches only
// when made in the run's language, which VerifyOptions.InRunLanguage sets;
// the problems are in the caller's language. Not parallel: it sets the
// language of the process.
func TestVerifyInRunLanguage(t *testing.T) {
	defer messages.SetLanguage(messages.Language())
	messages.SetLanguage(messages.Swedish)
	dir := copyLiten(t)
	// A top of 5 for agencies that rank 3 and 2: a warning in every report.
	manifest := `format: prio.batch/1
criteria: kriterier.yaml
output: ut
formats: [json]
sensitivity: {top: 5}
agencies:
  - {name: Alfaverket, workbook: alfa.csv}
  - {name: Bravoverket, workbook: bravo.csv}
`
	if err := os.WriteFile(filepath.Join(dir, "manifest.yaml"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	runLiten(t, dir, "ut", Options{Lang: "sv"})
	out := filepath.Join(dir, "ut")

	messages.SetLanguage(messages.English)
	rep, err := Verify(context.Background(), out, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) == 0 {
		t.Fatal("a re-run in English matches a Swedish run: the test shows nothing")
	}
	if want := filepath.Join(out, "agencies", "alfaverket", "sensitivity.json") + ": a re-run from the recorded inputs gives other bytes"; rep.Problems[0] != want {
		t.Errorf("first problem %q, want %q", rep.Problems[0], want)
	}

	var set []string
	rep, err = Verify(context.Background(), out, VerifyOptions{InRunLanguage: func(lang string) func() {
		set = append(set, lang)
		was := messages.Language()
		messages.SetLanguage(messages.Lang(lang))
		return func() { messages.SetLanguage(was) }
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 0 || !rep.Rerun || !cmp.Equal(set, []string{"sv"}) {
		t.Errorf("problems %q, rerun %v, languages set %q; want none, true, [sv]", rep.Problems, rep.Rerun, set)
	}
	if messages.Language() != messages.English {
		t.Errorf("the language after Verify is %s, want en again", messages.Language())
	}
}
