package main

import (
	"context"
	"errors"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio"
	"github.com/prio-tool/prio/batch"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/reports"
)

type batchOptions struct {
	criteria string
	output   string
	jobs     optionalInt
	force    bool
	compare  string
	locale   string
}

func newBatchCmd() *cobra.Command {
	opts := &batchOptions{}
	cmd := &cobra.Command{
		Use:   "batch MANIFEST.yaml | batch --criteria FILE DIR -o OUT",
		Short: "Every agency in one run: reports per agency, a cross-agency summary, a run record",
		Long: `Score and analyse every agency of a recommendation meeting in one run, as the
manifest says (docs/formats.md §4): one criteria set, the sensitivity settings,
the formats, and per agency its workbook, sheet and the analysts' files joined
to it. The output folder holds per agency (agencies/SLUG/) the score and
sensitivity reports in each format, a cross-agency summary (summary.xlsx,
summary.html) and run.json, which records the criteria set, every input and
every output with its SHA-256, the seed and samples, for 'prio verify'.

With --criteria FILE the argument is a folder instead: one agency per workbook
(.xlsx, .xlsm, .csv) in it, named after the file, with the criteria set's
sensitivity settings; -o names the output folder.

Agencies run in parallel (--jobs) and independently: an agency whose files have
errors is listed with them in the summary and run.json, every other agency's
reports are written, and the exit status is 1. Nothing is half-written: the
folder is built under a temporary name beside OUT and renamed into place at the
end; an existing OUT is refused unless --force, which replaces only a previous
run's folder (its run.json a prio run record, and nothing in it but the files
run.json lists) or an empty folder, never the current folder or one holding
the manifest or an input; anything else is named and left alone. The same manifest, inputs and seed give the same
bytes, apart from the times in run.json.

--compare PREVIOUS_RUN says what changed since a previous run (which must have
json among its formats): agencies and investments added or removed, rank and
score movements, starting points passed or failed, the criteria set's version.
The sentences go to stdout, and compare.json and compare.md into the new run.`,
		Example: `  prio batch möte-2017-11.yaml
  prio batch möte-2017-11.yaml --compare möte-2017-10 --lang en
  prio batch --criteria kriterier.yaml inkommet/ -o underlag-2017-11`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBatch(cmd.Context(), opts, args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&opts.criteria, "criteria", "c", "", "criteria set `FILE`: run one agency per workbook in the folder given instead of a manifest")
	fs.StringVarP(&opts.output, "output", "o", "", "the run folder to write (default: the manifest's output)")
	fs.Var(&opts.jobs, "jobs", "agencies run at once (default: the number of processors)")
	fs.BoolVar(&opts.force, "force", false, "replace an existing run folder")
	fs.StringVar(&opts.compare, "compare", "", "a previous run `FOLDER` to say what changed since")
	fs.StringVar(&opts.locale, "locale", "sv", "with --criteria: how numbers written as text are read, sv (1 234,5) or en (1,234.5)")
	noFiles := cobra.ShellCompDirectiveNoFileComp
	_ = cmd.RegisterFlagCompletionFunc("locale", cobra.FixedCompletions([]string{"sv", "en"}, noFiles))
	_ = cmd.RegisterFlagCompletionFunc("jobs", cobra.NoFileCompletions)
	return cmd
}

// errAgenciesFailed is returned, after everything else was written, when
// an agency failed: exit status 1.
var errAgenciesFailed = errors.New("agencies failed") // not a message: a sentinel for errors.Is; its message says it in the run's language

// batchGCPercent is the garbage collector's target while a batch runs
// (unless GOGC is set). A batch's live heap is small (the agencies running
// at the time: some 25 MB for two of 300 investments) while its reports
// and samples make garbage fast, so that at the default 100 % the
// collector ran often: a tenth of the CPU of 20 agencies × 300 with 10,000
// samples. At 200 % that run took 9 % less CPU (4.07 s → 3.70 s user) and
// 11 % less wall time, for a peak of some 80 MB instead of 59 (measured
// with GOGC, 2026-12-06); the peak still follows the largest agencies
// running, not the number of agencies.
const batchGCPercent = 200

func runBatch(ctx context.Context, opts *batchOptions, arg string, stdout, stderr io.Writer) error {
	if !slices.Contains([]string{"sv", "en"}, opts.locale) {
		return usagef("--locale must be sv or en, not %q", opts.locale)
	}
	if opts.jobs.set && opts.jobs.n < 1 {
		return usagef("--jobs must be at least 1, not %d", opts.jobs.n)
	}
	var m *batch.Manifest
	var err error
	if opts.criteria != "" {
		if opts.output == "" {
			return usagef("--criteria runs one agency per workbook in %s: name the output folder with -o OUT", arg)
		}
		if m, err = batch.FolderManifest(opts.criteria, arg, opts.output); err != nil {
			return err
		}
		for i := range m.Agencies {
			m.Agencies[i].Locale = opts.locale
		}
	} else {
		if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
			return usagef("%s is a folder: name a manifest, or give --criteria FILE to run one agency per workbook in it", arg)
		}
		if opts.locale != "sv" {
			return usagef("--locale applies with --criteria; a manifest gives each agency's locale")
		}
		if m, err = batch.LoadManifest(arg); err != nil {
			return err
		}
	}
	out := opts.output
	if out == "" {
		out = m.Path(m.Output)
	}
	// The output folder is checked before the criteria set and the
	// inputs are read; the run checks it again before it puts the new
	// folder in place.
	if err := batch.CheckOutput(m, out, opts.force, opts.compare); err != nil {
		if errors.Is(err, batch.ErrOutputExists) {
			return messages.Kind(err, "%s: the output folder exists; --force replaces it", out)
		}
		return err
	}
	plan, err := batch.NewPlan(m)
	if err != nil {
		return err
	}
	if opts.compare != "" {
		notef(stderr, "comparing with the run in %s", opts.compare)
	}

	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(batchGCPercent))
	}
	bar := newProgress(stderr, plan.TotalSamples())
	rec, err := batch.Run(ctx, plan, batch.Options{
		Output: opts.output, Force: opts.force, Jobs: opts.jobs.n, Lang: lang(stderr),
		Version: prio.Version, Compare: opts.compare, Progress: bar.update,
	})
	bar.finish()
	switch {
	case errors.Is(err, context.Canceled):
		return interrupted()
	case errors.Is(err, batch.ErrOutputExists):
		return messages.Kind(err, "%s: the output folder exists; --force replaces it", out)
	case err != nil:
		return err
	}
	for _, n := range rec.Notes {
		note(stderr, n)
	}
	printAgencyMessages(stderr, rec)
	if c := rec.Comparison; c != nil {
		for _, s := range reports.ComparisonSentences(c, lang(stderr)) {
			printLines(stdout, "", s)
		}
	}
	if n := rec.Failed(); n > 0 {
		var names []string
		for _, a := range rec.Agencies {
			if a.Status == batch.StatusFailed {
				names = append(names, a.Name)
			}
		}
		notef(stderr, "wrote %s: the reports of %d of %d agencies, summary.xlsx, summary.html and run.json", out, len(rec.Agencies)-n, len(rec.Agencies))
		return messages.Kind(errAgenciesFailed, "agencies failed: %d of %d (%s); their errors are in %s",
			n, len(rec.Agencies), strings.Join(names, ", "), out+string(os.PathSeparator)+"summary.html")
	}
	notef(stderr, "wrote %s: the reports of %d agencies, summary.xlsx, summary.html and run.json", out, len(rec.Agencies))
	return nil
}

// printAgencyMessages prints the notes and warnings of every agency and the
// errors of those that failed, in the manifest's order. A warning that
// every agency that ran has (a draft criteria set) is printed once, first.
func printAgencyMessages(stderr io.Writer, rec *batch.Record) {
	var ran []batch.AgencyRecord
	for _, a := range rec.Agencies {
		if a.Status == batch.StatusOK {
			ran = append(ran, a)
		}
	}
	// Warnings are the same when their English texts are.
	shared := map[string]bool{}
	if len(ran) > 0 {
		for i, w := range ran[0].Warnings {
			everywhere := true
			for _, a := range ran[1:] {
				everywhere = everywhere && slices.Contains(a.Warnings, w)
			}
			if everywhere && !shared[w] {
				shared[w] = true
				warn(stderr, ran[0].Said.Warnings[i])
			}
		}
	}
	for _, a := range rec.Agencies {
		for _, n := range a.Said.Notes {
			note(stderr, messages.M("%s: %s", a.Name, n))
		}
		for i, w := range a.Said.Warnings {
			if !shared[a.Warnings[i]] {
				warn(stderr, messages.M("%s: %s", a.Name, w))
			}
		}
		for _, e := range a.Said.Errors {
			printLines(stderr, "prio: ", messages.M("%s: %s", a.Name, e).In(langOf(stderr)))
		}
	}
}
