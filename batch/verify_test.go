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

// TestVerifyRecord: verify checks everything run.json says, not only the
// hashes. Each case edits one thing of a verified run (the record, or the
// folder so that every hash still agrees) and expects exactly the problems
// named, written out by hand.
func TestVerifyRecord(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, dir, out string, rec *Record)
		want []string // with OUT for the run folder, DIR for its parent
	}{
		{"another version and status recorded", func(t *testing.T, dir, out string, rec *Record) {
			rec.Criteria.Status, rec.Criteria.Version = "retired", "2.0.0"
		}, []string{"DIR/kriterier.yaml: run.json records the criteria set liten 2.0.0 (retired), but the file, unchanged since the run, is liten 1.0.0 (adopted)"}},
		{"rows recorded wrongly", func(t *testing.T, dir, out string, rec *Record) {
			rec.Agencies[0].Inputs[0].Rows = ptr(40)
			// alfa.csv has 4 investment rows, A1 to A4.
		}, []string{"DIR/alfa.csv: input of Alfaverket: run.json records 40 rows from no sheet, a re-run reads 4 rows from no sheet"}},
		{"an input that is not the agency's workbook", func(t *testing.T, dir, out string, rec *Record) {
			// Bravoverket's input record, hash and all, under Alfaverket:
			// every hash agrees, but it vouches for another file.
			rec.Agencies[0].Inputs = rec.Agencies[1].Inputs
		}, []string{"OUT/run.json: agency Alfaverket: the inputs recorded (bravo.csv) are not the files its workbook and joins name (alfa.csv)"}},
		{"a warning added", func(t *testing.T, dir, out string, rec *Record) {
			rec.Agencies[0].Warnings = append(rec.Agencies[0].Warnings, "alfa.csv:3:3: ett påhittat problem")
		}, []string{"agency Alfaverket: a re-run gives other warnings"}},
		{"another top", func(t *testing.T, dir, out string, rec *Record) {
			rec.Agencies[0].Top = ptr(1) // the criteria set's top is 2
		}, []string{"agency Alfaverket: run.json records top 1, a re-run analyses top 2"}},
		{"another folder for an agency", func(t *testing.T, dir, out string, rec *Record) {
			rec.Agencies[2].Slug = "annat"
		}, []string{"OUT/run.json: agency Cirkelverket has the folder annat, but its name gives cirkelverket"}},
		{"an output listed twice", func(t *testing.T, dir, out string, rec *Record) {
			rec.Summary = append(rec.Summary, rec.Summary[0])
		}, []string{"OUT/run.json: summary.xlsx is listed twice", "run.json lists other summary files than a re-run writes"}},
		{"a finish before the start", func(t *testing.T, dir, out string, rec *Record) {
			rec.Finished = "2017-11-26T09:00:00Z"
		}, []string{`OUT/run.json: the times "2017-11-27T09:00:00Z" and "2017-11-26T09:00:00Z" are not a start and an end`}},
		{"an output replaced by a link to a copy", func(t *testing.T, dir, out string, rec *Record) {
			// The copy has the same bytes, so its hash agrees: only the link
			// gives it away.
			path := filepath.Join(out, "summary.html")
			copyTo := filepath.Join(dir, "kopia.html")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, copyTo, string(data))
			os.Remove(path)
			if err := os.Symlink(copyTo, path); err != nil {
				t.Fatal(err)
			}
		}, []string{"OUT/summary.html: a symbolic link, not a file the run wrote"}},
		{"an agency's folder replaced by a link to a copy", func(t *testing.T, dir, out string, rec *Record) {
			from := filepath.Join(out, "agencies", "alfaverket")
			to := filepath.Join(dir, "kopia")
			if err := os.Rename(from, to); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(to, from); err != nil {
				t.Fatal(err)
			}
		}, []string{
			"OUT/agencies/alfaverket: a symbolic link, not a file the run wrote",
			"OUT/agencies/alfaverket: not written by the run (run.json does not list it)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyLiten(t)
			runLiten(t, dir, "ut", Options{})
			out := filepath.Join(dir, "ut")
			rec, err := ReadRecord(out)
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(t, dir, out, rec)
			enc, err := rec.encode()
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, RecordName), enc, 0o644); err != nil {
				t.Fatal(err)
			}
			rep, err := Verify(context.Background(), out, VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, w := range tt.want {
				w = strings.ReplaceAll(w, "OUT", out)
				want = append(want, strings.ReplaceAll(w, "DIR", dir))
			}
			if diff := cmp.Diff(want, messages.Strings(rep.Problems, messages.English)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			// The criteria file and the inputs are the run's, so the
			// agencies are run again whatever the record says.
			if !rep.Rerun {
				t.Errorf("not run again; notes %q", rep.Notes)
			}
		})
	}
}

// TestVerifyRecordLink: a run.json that is a symbolic link is not a run's
// record, and verify refuses the folder.
func TestVerifyRecordLink(t *testing.T) {
	dir := copyLiten(t)
	runLiten(t, dir, "ut", Options{})
	out := filepath.Join(dir, "ut")
	record := filepath.Join(out, RecordName)
	if err := os.Rename(record, filepath.Join(dir, "kopia.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "kopia.json"), record); err != nil {
		t.Fatal(err)
	}
	_, err := Verify(context.Background(), out, VerifyOptions{})
	want := record + ": not a prio batch run: a symbolic link, not the file a run writes"
	if !errors.Is(err, ErrNotRun) || err.Error() != want {
		t.Errorf("Verify = %v, want %s", err, want)
	}
}
