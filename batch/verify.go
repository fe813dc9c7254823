package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/prio-tool/prio/internal/fileerr"
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
	// InRunLanguage, if set, is called with the run's language ("sv" or
	// "en", from run.json) before the agencies are run again, and the
	// function it returns after. The prio command sets the language of
	// messages there (messages.SetLanguage), so that the warnings and notes
	// written into the reports are made again as the run made them; the
	// report's problems and notes are in the caller's language.
	InRunLanguage func(lang string) (restore func())
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
	Problems []string
	// Notes are things worth knowing that are not problems.
	Notes []string
}

// Verify checks the run folder dir against its run.json:
//
//  1. every output listed must exist and have its recorded SHA-256, and
//     the folder must hold no other file;
//  2. the criteria file and every agency's inputs, found from the recorded
//     base folder, must still have their recorded SHA-256 ("changed since
//     the run" otherwise), and files that could not be read then must still
//     not be there;
//  3. if they do, every agency is run again with the recorded settings, its
//     reports and the summary rendered in memory and compared byte for byte
//     with the recorded digests; an agency must also fail or succeed as it
//     did.
//
// compare.json and compare.md are checked by their digests only: the
// previous run they compare with is not read again. The error is for a
// folder that is not a run or a record that cannot be read; everything
// else is a problem in the report.
func Verify(ctx context.Context, dir string, opts VerifyOptions) (*VerifyReport, error) {
	rec, err := ReadRecord(dir)
	if err != nil {
		return nil, err
	}
	rep := &VerifyReport{Record: rec}
	show := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }

	// 1. The outputs as they are on disk.
	listed := map[string]string{RecordName: ""}
	for _, o := range rec.Outputs() {
		listed[o.Path] = o.SHA256
		rep.Outputs++
		data, err := os.ReadFile(show(o.Path))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			rep.Problems = append(rep.Problems, messages.Sprintf("%s: missing", show(o.Path)))
		case err != nil:
			rep.Problems = append(rep.Problems, show(o.Path)+": "+fileerr.Reason(err))
		case digest(data) != o.SHA256:
			rep.Problems = append(rep.Problems, messages.Sprintf("%s: changed since the run (its SHA-256 is not the recorded one)", show(o.Path)))
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
			rep.Problems = append(rep.Problems, messages.Sprintf("%s: not written by the run (run.json does not list it)", path))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	// 2. The inputs.
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
		m.Agencies = append(m.Agencies, Agency{Name: a.Name, Slug: a.Slug, Workbook: a.Workbook, Sheet: deref(a.Sheet), Join: a.Join, Locale: a.Locale})
	}
	before := len(rep.Problems)
	set, err := loadCriteria(m)
	switch {
	case err != nil:
		rep.Problems = append(rep.Problems, messages.Sprintf("the criteria file %s cannot be read: %v", m.Path(m.Criteria), err))
	case set.SHA256 != rec.Criteria.SHA256:
		rep.Problems = append(rep.Problems, messages.Sprintf("%s: the criteria file changed since the run", m.Path(m.Criteria)))
	}
	for _, a := range rec.Agencies {
		for _, in := range a.Inputs {
			data, err := readInput(m.Path(in.Path))
			switch {
			case in.SHA256 == nil && err == nil:
				rep.Problems = append(rep.Problems, messages.Sprintf("%s: input of %s could not be read in the run, but can now", m.Path(in.Path), a.Name))
			case in.SHA256 == nil:
			case err != nil:
				rep.Problems = append(rep.Problems, messages.Sprintf("%s: input of %s cannot be read: %s", m.Path(in.Path), a.Name, inputProblem(err)))
			case digest(data) != *in.SHA256:
				rep.Problems = append(rep.Problems, messages.Sprintf("%s: input of %s changed since the run", m.Path(in.Path), a.Name))
			}
		}
	}
	if len(rep.Problems) > before {
		rep.Notes = append(rep.Notes, messages.T("the agencies were not run again: the criteria file or inputs changed"))
		return rep, nil
	}

	// 3. The re-run.
	model, err := parseWeightModel(rec.WeightsModel)
	if err != nil {
		return nil, err
	}
	pl := &Plan{Manifest: m, Set: set, TopAt: deref(rec.TopAt), Cost: deref(rec.Cost),
		Analysis: sensitivity.Options{Samples: rec.Samples, Seed: rec.Seed, Weights: model, Top: rec.Top}}
	if opts.Version != "" && opts.Version != rec.PrioVersion {
		rep.Notes = append(rep.Notes, messages.Sprintf("the run was made with prio %s, this is prio %s: a difference may come from the program", rec.PrioVersion, opts.Version))
	}
	var mu sync.Mutex
	// The outputs of the re-run that run.json does not list, and those
	// whose bytes differ, said after the re-run in the caller's language
	// and sorted: workers finish in any order.
	var unlisted, differ []string
	emitted := map[string]bool{}
	e := &engine{plan: pl, lang: rec.Lang, version: rec.PrioVersion, progress: opts.Progress,
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
	runs, err := e.rerun(ctx, jobs, rec.Lang, opts.InRunLanguage)
	if err != nil {
		return nil, err
	}
	rep.Rerun = true
	var rerun []string
	for _, rel := range unlisted {
		rerun = append(rerun, messages.Sprintf("%s: a re-run writes it, but run.json does not list it", show(rel)))
	}
	for _, rel := range differ {
		rerun = append(rerun, messages.Sprintf("%s: a re-run from the recorded inputs gives other bytes", show(rel)))
	}
	slices.Sort(rerun)
	rep.Problems = append(rep.Problems, rerun...)
	for i, r := range runs {
		was := rec.Agencies[i]
		switch {
		case r.rec.Status != was.Status:
			rep.Problems = append(rep.Problems, messages.Sprintf("agency %s: %s in the run, %s in a re-run", was.Name, was.Status, r.rec.Status))
		case !slices.Equal(r.rec.Errors, was.Errors):
			rep.Problems = append(rep.Problems, messages.Sprintf("agency %s: a re-run gives other errors", was.Name))
		}
	}
	var compared []string
	if rec.Compare != nil {
		for _, o := range rec.Compare.Outputs {
			compared = append(compared, o.Path)
		}
	}
	for _, o := range rec.Outputs() {
		if !emitted[o.Path] && !slices.Contains(compared, o.Path) {
			rep.Problems = append(rep.Problems, messages.Sprintf("%s: run.json lists it, but a re-run does not write it", show(o.Path)))
		}
	}
	if len(compared) > 0 {
		rep.Notes = append(rep.Notes, messages.T("compare.json and compare.md were checked by their SHA-256 only"))
	}
	return rep, nil
}

// rerun runs every agency again and renders the summary, in the run's
// language when inRunLanguage is set.
func (e *engine) rerun(ctx context.Context, jobs int, lang string, inRunLanguage func(string) func()) ([]agencyRun, error) {
	if inRunLanguage != nil {
		defer inRunLanguage(lang)()
	}
	runs, err := e.runAll(ctx, jobs)
	if err != nil {
		return nil, err
	}
	if _, err := e.summaryOutputs(runs); err != nil {
		return nil, err
	}
	return runs, nil
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
