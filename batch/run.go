package batch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/internal/safeio"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/reports"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// Options control a run.
type Options struct {
	// Output is the run folder to write; empty: the manifest's output, from
	// the manifest's folder.
	Output string
	// Force replaces an existing run folder or an empty folder: one whose
	// run.json is a prio.run/1 record and that holds nothing but the files
	// it lists. Without it an existing Output is refused.
	Force bool
	// Jobs is the number of agencies run at once; 0 or less: the number of
	// processors.
	Jobs int
	// Lang is the language of the reports people read: "sv" (the default
	// when empty) or "en".
	Lang string
	// Version is prio's version, written into every report.
	Version string
	// Compare, if set, is a previous run folder to compare with: the run
	// writes compare.json and compare.md and sets Record.Comparison.
	Compare string
	// Progress, if set, is called with the Monte Carlo samples done, out of
	// Plan.TotalSamples, from any goroutine.
	Progress func(done int)
	// Now gives the start and end times of run.json; nil: time.Now.
	Now func() time.Time
}

// ErrOutputExists is wrapped by the error of a run whose output folder
// exists, when Options.Force is not set.
var ErrOutputExists = errors.New("the output folder exists") // not a message: a sentinel for errors.Is; its messages say it in the run's language

// Run executes a plan: every agency on a pool of opts.Jobs workers, then
// the summary, the comparison with a previous run when asked for, and
// run.json, all written into a temporary folder beside the output folder
// and renamed into place at the end. The record it returns says which
// agencies failed and why; their failure is not an error of Run, which
// returns an error only when no run folder was written: a bad option, an
// existing output folder, a previous run that cannot be read, an I/O
// error, or ctx cancelled (then nothing is left behind).
func Run(ctx context.Context, pl *Plan, opts Options) (*Record, error) {
	lang := opts.Lang
	if lang == "" {
		lang = "sv"
	}
	if lang != "sv" && lang != "en" {
		return nil, messages.Errorf("unknown language %q (want sv or en)", lang)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = defaultJobs()
	}
	target := opts.Output
	if target == "" {
		target = pl.Manifest.Path(pl.Manifest.Output)
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, err
	}
	inputs := runInputs(pl.Manifest, opts.Compare)
	if _, err := checkTarget(target, opts.Force, inputs); err != nil {
		return nil, err
	}
	var prev *previousRun
	if opts.Compare != "" {
		if prev, err = readPrevious(opts.Compare); err != nil {
			return nil, err
		}
	}
	parent := filepath.Dir(abs)
	var notes []messages.Message
	for _, l := range safeio.RemoveLeftovers(parent) {
		notes = append(notes, messages.M("removed %s, a temporary folder left in %s by a prio run that was stopped (process %d on this machine)", l.Name, filepath.Dir(target), l.PID))
	}
	tmp, err := safeio.NewTempDir(parent, filepath.Base(abs))
	if err != nil {
		return nil, fileerr.WriteIn(target, filepath.Dir(target), err)
	}
	defer tmp.Remove() // a no-op once committed

	started := now()
	e := &engine{plan: pl, lang: lang, version: opts.Version, progress: opts.Progress, emit: writeInto(tmp, target), date: started.UTC(), compare: prev != nil}
	runs, err := e.runAll(ctx, jobs)
	if err != nil {
		return nil, err
	}
	if err := unknownSelectionIDs(pl.Manifest, runs); err != nil {
		return nil, err
	}
	rec := e.record(runs, parent)
	if rec.Summary, err = e.summaryOutputs(runs); err != nil {
		return nil, err
	}
	if prev != nil {
		rec.Compare = &CompareRecord{Previous: relativeTo(parent, prev.dir)}
		c := compareRuns(prev, rec.Compare.Previous, rec, runs)
		rec.Comparison = c
		ro := reports.Options{Lang: lang, Version: opts.Version, Date: e.date}
		if rec.Compare.Outputs, err = e.comparisonOutputs(c, ro); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rec.Started, rec.Finished = stamp(started), stamp(now())
	data, err := rec.encode()
	if err != nil {
		return nil, err
	}
	if err := writeInto(tmp, target)(RecordName, data); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	err = tmp.Commit(func(dir string) error {
		placed, err := replace(dir, target, abs, opts.Force, inputs)
		notes = append(notes, placed...)
		return err
	})
	if errors.Is(err, safeio.ErrAbandoned) {
		return nil, context.Canceled
	}
	if err != nil {
		return nil, err
	}
	rec.Notes = notes
	return rec, nil
}

// defaultJobs is the number of agencies run at once when not told: one
// per processor.
func defaultJobs() int { return runtime.NumCPU() }

// record is run.json without its summary, comparison and times.
func (e *engine) record(runs []agencyRun, parent string) *Record {
	pl := e.plan
	m := pl.Manifest
	rec := &Record{
		Format: RecordFormat, PrioVersion: e.version,
		Base: relativeTo(parent, m.Dir),
		Criteria: CriteriaRecord{Path: m.Criteria, ID: pl.Set.ID, Version: pl.Set.Version,
			Status: pl.Set.Status, SHA256: pl.Set.SHA256},
		Seed: pl.Analysis.Seed, Samples: pl.Analysis.Samples,
		WeightsModel: sensitivity.ModelName(pl.Analysis.Weights), Top: pl.Analysis.Top, TopAt: nullIfEmpty(pl.TopAt),
		Formats: m.Formats, Lang: e.lang, Cost: nullIfEmpty(pl.Cost),
		Selection: nullIfEmpty(m.SelectionYAML), SelectionAt: nullIfEmpty(posText(m.SelectionAt)),
		Agencies: []AgencyRecord{},
	}
	if m.File != "" {
		rec.Manifest = ptr(relativeTo(parent, m.File))
	}
	for _, r := range runs {
		rec.Agencies = append(rec.Agencies, r.rec)
	}
	return rec
}

// writeInto is an emit that writes files under the temporary folder dir
// of the run folder target. Its errors name target and the file, not the
// temporary folder the user never asked for.
func writeInto(dir *safeio.TempDir, target string) func(rel string, data []byte) error {
	return func(rel string, data []byte) error {
		err := dir.WriteFile(rel, data)
		if errors.Is(err, safeio.ErrAbandoned) {
			return context.Canceled
		}
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return messages.Errorf("%s: writing %s failed, nothing was written: %w", target, rel, err)
		}
		return nil
	}
}

// relativeTo writes path relative to the folder base, with "/" between
// folders, or absolute when it cannot be (another volume).
func relativeTo(base, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// stamp is a time as run.json writes it: RFC 3339, UTC, whole seconds.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// replace renames the finished folder tmp into place at abs, checking the
// target again as the run began (checkTarget: it may have changed while
// the run ran). With force an existing run folder is first moved aside
// under a temporary name, the new one renamed in, and then the old run's
// own files removed (removeRun): anything else that appeared in it
// meanwhile is kept in the folder moved aside, and said in a note.
func replace(tmp, target, abs string, force bool, inputs []string) (notes []messages.Message, err error) {
	old, err := checkTarget(target, force, inputs)
	if err != nil {
		return nil, err
	}
	placeErr := func(err error) error {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return messages.Errorf("%s: could not be put in place, nothing was written: %w", target, err)
	}
	if _, err := os.Lstat(abs); err != nil {
		if err := os.Rename(tmp, abs); err != nil {
			return nil, placeErr(err)
		}
		return nil, nil
	}
	aside, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".old-*")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(aside); err != nil {
		return nil, err
	}
	if err := os.Rename(abs, aside); err != nil {
		return nil, placeErr(err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		if back := os.Rename(aside, abs); back != nil {
			return nil, messages.Errorf("%w; the previous run is kept in %s", placeErr(err), aside)
		}
		return nil, placeErr(err)
	}
	if left := removeRun(aside, old); len(left) > 0 {
		notes = append(notes, messages.M("the previous run's folder is kept as %s: it came to hold %s while the run ran, which prio did not write", aside, nameList(left)))
	}
	return notes, nil
}
