package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/internal/safeio"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// VerifyOptions control Verify.
type VerifyOptions struct {
	// Jobs is the number of agencies re-run at once; 0 or less: the number
	// of processors.
	Jobs int
	// Version is the running prio's version. When it is not the recorded
	// one a note says so; the re-run renders with the recorded version, so
	// that the version alone is never a difference.
	Version string
	// Progress, if set, is called with the Monte Carlo samples re-run.
	Progress func(done int)
}

// VerifyReport is what Verify found. The run verifies when Problems is
// empty.
type VerifyReport struct {
	Record *Record
	// Outputs is the number of outputs whose digest was checked; Rerun is
	// true when the agencies were run again and their outputs compared.
	Outputs int
	Rerun   bool
	// Problems name a file and what is wrong with it, one a line.
	Problems []messages.Message
	// Notes are things worth knowing that are not problems.
	Notes []messages.Message
}

// Verify checks the run folder dir against everything its run.json says:
//
//  1. the record itself: agency names unique, each agency's slug the one
//     its name gives, its inputs exactly the files its workbook and joins
//     name, every output listed once, the times in order;
//  2. every output listed must be a regular file, reached through real
//     folders (a symbolic link is refused: it makes the folder vouch for
//     a file kept anywhere), with its recorded SHA-256, and the folder must
//     hold no other file;
//  3. the criteria file, found from the recorded base folder, must have
//     its recorded SHA-256 and hold the recorded id, version and status;
//     every agency's inputs must have their recorded SHA-256 ("changed
//     since the run" otherwise), and files that could not be read then
//     must still not be there;
//  4. if they do, every agency is run again with the recorded settings,
//     its reports and the summary rendered in memory and compared byte for
//     byte with the recorded digests; each agency must fail or succeed as
//     it did, with the same errors, warnings and notes, the same sheets
//     and rows read from each input, the same k and the same outputs.
//
// compare.json and compare.md are checked by their digests only: the
// previous run they compare with is not read again. What verification
// cannot show is who made the run: a folder, record and inputs replaced
// together agree as well as the original did. The error is for a folder
// that is not a run or a record that cannot be read; everything else is a
// problem in the report.
func Verify(ctx context.Context, dir string, opts VerifyOptions) (*VerifyReport, error) {
	rec, err := ReadRecord(dir)
	if err != nil {
		return nil, err
	}
	rep := &VerifyReport{Record: rec}
	show := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }

	// 1. The record.
	rep.Problems = append(rep.Problems, recordProblems(dir, rec)...)

	// 2. The outputs as they are on disk.
	listed := map[string]string{RecordName: ""}
	links := map[string]bool{} // each link said once, however many outputs lie beyond it
	for _, o := range rec.Outputs() {
		listed[o.Path] = o.SHA256
		rep.Outputs++
		sum, err := digestOutput(dir, o.Path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			rep.Problems = append(rep.Problems, messages.M("%s: missing", show(o.Path)))
		case errors.Is(err, errSymlink):
			if link := symlinkAt(dir, o.Path); !links[link] {
				links[link] = true
				rep.Problems = append(rep.Problems, messages.M("%s: a symbolic link, not a file the run wrote", link))
			}
		case err != nil:
			rep.Problems = append(rep.Problems, messages.M("%s: %s", show(o.Path), fileerr.Reason(err)))
		case sum != o.SHA256:
			rep.Problems = append(rep.Problems, messages.M("%s: changed since the run (its SHA-256 is not the recorded one)", show(o.Path)))
		}
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if _, ok := listed[filepath.ToSlash(rel)]; !ok {
			rep.Problems = append(rep.Problems, messages.M("%s: not written by the run (run.json does not list it)", path))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	// 3. The criteria file and the inputs.
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	base := filepath.FromSlash(rec.Base)
	if !filepath.IsAbs(base) {
		base = filepath.Join(filepath.Dir(abs), base)
	}
	m := &Manifest{Dir: base, Criteria: rec.Criteria.Path, Output: dir, Formats: rec.Formats}
	for _, a := range rec.Agencies {
		ag := Agency{Name: a.Name, Slug: a.Slug, Workbook: a.Workbook, Sheet: deref(a.Sheet), Join: a.Join, Locale: a.Locale}
		a.Budget.apply(&ag)
		m.Agencies = append(m.Agencies, ag)
	}
	if rec.Selection != nil {
		at := Pos{File: filepath.Join(dir, RecordName) + ": selection"}
		if rec.SelectionAt != nil {
			at = parsePos(*rec.SelectionAt)
		}
		sel, err := parseSelectionAt(*rec.Selection, at)
		if err != nil {
			return nil, err
		}
		m.Selection, m.SelectionYAML, m.SelectionAt = sel, *rec.Selection, at
	}
	before := len(rep.Problems)
	set, err := loadCriteria(m)
	switch {
	case err != nil:
		rep.Problems = append(rep.Problems, messages.M("the criteria file %s cannot be read: %v", m.Path(m.Criteria), err))
	case set.SHA256 != rec.Criteria.SHA256:
		rep.Problems = append(rep.Problems, messages.M("%s: the criteria file changed since the run", m.Path(m.Criteria)))
	}
	for _, a := range rec.Agencies {
		for _, in := range a.Inputs {
			data, err := readInput(m.Path(in.Path))
			switch {
			case in.SHA256 == nil && err == nil:
				rep.Problems = append(rep.Problems, messages.M("%s: input of %s could not be read in the run, but can now", m.Path(in.Path), a.Name))
			case in.SHA256 == nil:
			case err != nil:
				rep.Problems = append(rep.Problems, messages.M("%s: input of %s cannot be read: %s", m.Path(in.Path), a.Name, inputProblem(err)))
			case digest(data) != *in.SHA256:
				rep.Problems = append(rep.Problems, messages.M("%s: input of %s changed since the run", m.Path(in.Path), a.Name))
			}
		}
	}
	if len(rep.Problems) > before {
		rep.Notes = append(rep.Notes, messages.T("the agencies were not run again: the criteria file or inputs changed"))
		return rep, nil
	}
	if set.ID != rec.Criteria.ID || set.Version != rec.Criteria.Version || set.Status != rec.Criteria.Status {
		// The file is the one the run read, so the record was edited; the
		// agencies can still be run again from it.
		rep.Problems = append(rep.Problems, messages.M("%s: run.json records the criteria set %s %s (%s), but the file, unchanged since the run, is %s %s (%s)",
			m.Path(m.Criteria), rec.Criteria.ID, rec.Criteria.Version, rec.Criteria.Status, set.ID, set.Version, set.Status))
	}

	// 4. The re-run.
	if m.Selection != nil {
		if err := m.Selection.Check(set); err != nil {
			return nil, err
		}
	}
	model, err := parseWeightModel(rec.WeightsModel)
	if err != nil {
		return nil, err
	}
	pl := &Plan{Manifest: m, Set: set, TopAt: deref(rec.TopAt), Cost: deref(rec.Cost),
		Analysis: sensitivity.Options{Samples: rec.Samples, Seed: rec.Seed, Weights: model, Top: rec.Top}}
	if opts.Version != "" && opts.Version != rec.PrioVersion {
		rep.Notes = append(rep.Notes, messages.M("the run was made with prio %s, this is prio %s: a difference may come from the program", rec.PrioVersion, opts.Version))
	}
	var mu sync.Mutex
	// The outputs of the re-run that run.json does not list, and those
	// whose bytes differ, said after the re-run in the caller's language
	// and sorted: workers finish in any order.
	var unlisted, differ []string
	emitted := map[string]bool{}
	// The reports people read show the day the run started.
	date, _ := time.Parse(time.RFC3339, rec.Started)
	e := &engine{plan: pl, lang: rec.Lang, version: rec.PrioVersion, progress: opts.Progress, date: date.UTC(),
		emit: func(rel string, data []byte) error {
			mu.Lock()
			defer mu.Unlock()
			emitted[rel] = true
			want, ok := listed[rel]
			switch {
			case !ok || rel == RecordName:
				unlisted = append(unlisted, rel)
			case digest(data) != want:
				differ = append(differ, rel)
			}
			return nil
		}}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = defaultJobs()
	}
	runs, summary, err := e.rerun(ctx, jobs)
	if err != nil {
		return nil, err
	}
	rep.Rerun = true
	var rerun []messages.Message
	for _, rel := range unlisted {
		rerun = append(rerun, messages.M("%s: a re-run writes it, but run.json does not list it", show(rel)))
	}
	for _, rel := range differ {
		rerun = append(rerun, messages.M("%s: a re-run from the recorded inputs gives other bytes", show(rel)))
	}
	slices.SortFunc(rerun, func(a, b messages.Message) int { return strings.Compare(a.String(), b.String()) })
	rep.Problems = append(rep.Problems, rerun...)
	for i, r := range runs {
		rep.Problems = append(rep.Problems, rerunProblems(rec.Agencies[i], r.rec, m)...)
	}
	if !slices.Equal(pathsOf(summary), pathsOf(rec.Summary)) {
		rep.Problems = append(rep.Problems, messages.T("run.json lists other summary files than a re-run writes"))
	}
	var compared []string
	if rec.Compare != nil {
		for _, o := range rec.Compare.Outputs {
			compared = append(compared, o.Path)
		}
	}
	for _, o := range rec.Outputs() {
		if !emitted[o.Path] && !slices.Contains(compared, o.Path) {
			rep.Problems = append(rep.Problems, messages.M("%s: run.json lists it, but a re-run does not write it", show(o.Path)))
		}
	}
	if len(compared) > 0 {
		rep.Notes = append(rep.Notes, messages.T("compare.json and compare.md were checked by their SHA-256 only"))
	}
	return rep, nil
}

// rerun runs every agency again and renders the summary, in the run's
// language when inRunLanguage is set.
func (e *engine) rerun(ctx context.Context, jobs int) ([]agencyRun, []OutputRecord, error) {
	runs, err := e.runAll(ctx, jobs)
	if err != nil {
		return nil, nil, err
	}
	summary, err := e.summaryOutputs(runs)
	if err != nil {
		return nil, nil, err
	}
	return runs, summary, nil
}

// recordProblems are the problems of a record in itself: what no run
// writes.
func recordProblems(dir string, rec *Record) []messages.Message {
	var problems []messages.Message
	record := filepath.Join(dir, RecordName)
	names := make([]string, len(rec.Agencies))
	seen := map[string]bool{}
	for i, a := range rec.Agencies {
		names[i] = a.Name
		if seen[a.Name] {
			problems = append(problems, messages.M("%s: agency %s is listed twice", record, a.Name))
		}
		seen[a.Name] = true
	}
	for i, slug := range Slugs(names) {
		if a := rec.Agencies[i]; a.Slug != slug {
			problems = append(problems, messages.M("%s: agency %s has the folder %s, but its name gives %s", record, a.Name, a.Slug, slug))
		}
	}
	for _, a := range rec.Agencies {
		var named, read []string
		named = append(append(named, a.Workbook), a.Join...)
		for _, in := range a.Inputs {
			read = append(read, in.Path)
		}
		if !slices.Equal(named, read) {
			problems = append(problems, messages.M("%s: agency %s: the inputs recorded (%s) are not the files its workbook and joins name (%s)", record, a.Name, strings.Join(read, ", "), strings.Join(named, ", ")))
		}
	}
	count := map[string]int{}
	for _, o := range rec.Outputs() {
		count[o.Path]++
		if count[o.Path] == 2 {
			problems = append(problems, messages.M("%s: %s is listed twice", record, o.Path))
		}
	}
	started, err1 := time.Parse(time.RFC3339, rec.Started)
	finished, err2 := time.Parse(time.RFC3339, rec.Finished)
	if err1 != nil || err2 != nil || finished.Before(started) {
		problems = append(problems, messages.M("%s: the times %q and %q are not a start and an end", record, rec.Started, rec.Finished))
	}
	return problems
}

// rerunProblems compare what an agency's re-run found with what run.json
// records of it.
func rerunProblems(was, now AgencyRecord, m *Manifest) []messages.Message {
	var problems []messages.Message
	if now.Status != was.Status {
		problems = append(problems, messages.M("agency %s: %s in the run, %s in a re-run", was.Name, was.Status, now.Status))
		return problems
	}
	if !slices.Equal(now.Errors, was.Errors) {
		problems = append(problems, messages.M("agency %s: a re-run gives other errors", was.Name))
	}
	for i, in := range was.Inputs {
		if i >= len(now.Inputs) {
			break // the inputs named are checked against the record itself
		}
		got := now.Inputs[i]
		if got.Path != in.Path {
			continue // not the file named: a problem of the record itself
		}
		if deref(in.Sheet) != deref(got.Sheet) || intOrMinus(in.Rows) != intOrMinus(got.Rows) {
			problems = append(problems, messages.M("%s: input of %s: run.json records %s rows from %s, a re-run reads %s rows from %s",
				m.Path(in.Path), was.Name, countOrNone(in.Rows), sheetOrNone(in.Sheet), countOrNone(got.Rows), sheetOrNone(got.Sheet)))
		}
	}
	if intOrMinus(now.Top) != intOrMinus(was.Top) {
		problems = append(problems, messages.M("agency %s: run.json records top %s, a re-run analyses top %s", was.Name, topOrNone(was.Top), topOrNone(now.Top)))
	}
	if !slices.Equal(now.Warnings, was.Warnings) {
		problems = append(problems, messages.M("agency %s: a re-run gives other warnings", was.Name))
	}
	if !slices.Equal(now.Notes, was.Notes) {
		problems = append(problems, messages.M("agency %s: a re-run gives other notes", was.Name))
	}
	if !slices.Equal(pathsOf(now.Outputs), pathsOf(was.Outputs)) {
		problems = append(problems, messages.M("agency %s: run.json lists other outputs than a re-run writes", was.Name))
	}
	return problems
}

func pathsOf(outs []OutputRecord) []string {
	paths := make([]string, len(outs))
	for i, o := range outs {
		paths[i] = o.Path
	}
	return paths
}

func intOrMinus(n *int) int {
	if n == nil {
		return -1
	}
	return *n
}

// countOrNone writes a count that may be null.
func countOrNone(n *int) any {
	if n == nil {
		return messages.T("no")
	}
	return strconv.Itoa(*n)
}

// topOrNone writes an agency's k, null when it was not analysed.
func topOrNone(n *int) any {
	if n == nil {
		return messages.T("none (no analysis)")
	}
	return strconv.Itoa(*n)
}

// sheetOrNone names a sheet that may be null (a CSV file has none).
func sheetOrNone(s *string) any {
	if s == nil {
		return messages.T("no sheet")
	}
	return messages.M("sheet %q", *s)
}

// errSymlink is the error for an output reached through a symbolic link.
var errSymlink = errors.New("a symbolic link") // not a message: Verify says it

// digestOutput is the SHA-256 of the output rel of the run folder dir,
// read only as a regular file reached through real folders: a symbolic
// link anywhere below dir gives errSymlink, a named pipe or device an
// error wrapping safeio.ErrNotRegular (never waited on).
func digestOutput(dir, rel string) (string, error) {
	path := dir
	parts := strings.Split(rel, "/")
	for _, part := range parts {
		path = filepath.Join(path, part)
		fi, err := os.Lstat(path)
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return "", errSymlink
		}
	}
	f, err := safeio.OpenRegular(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// symlinkAt is the first symbolic link on the way from dir to rel.
func symlinkAt(dir, rel string) string {
	path := dir
	for _, part := range strings.Split(rel, "/") {
		path = filepath.Join(path, part)
		if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return path
		}
	}
	return filepath.Join(dir, filepath.FromSlash(rel))
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
