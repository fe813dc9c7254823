package main

import (
	"context"
	"errors"
	"io"
	"runtime/debug"
	"slices"

	"github.com/spf13/pflag"

	"github.com/prio-tool/prio"
	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// inputOptions are the flags every command that reads a portfolio shares.
type inputOptions struct {
	criteria string
	locale   string
	sheet    string
	joins    []string
	// act, if set, shows on a terminal that the portfolio is being read
	// and scored.
	act *activity
}

func (o *inputOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVarP(&o.criteria, "criteria", "c", "", "criteria set `FILE` (default: the built-in set)")
	fs.StringVar(&o.locale, "locale", "sv", "how numbers written as text are read: sv (1 234,5) or en (1,234.5)")
	fs.StringVar(&o.sheet, "sheet", "", "the workbook sheet to read (default: the sheet whose header names the most fields)")
	fs.StringArrayVar(&o.joins, "join", nil, "add the columns of `FILE` to the investments by id (repeatable): an analyst's assessment beside an agency's submission")
}

func (o *inputOptions) check() error {
	if !slices.Contains([]string{"sv", "en"}, o.locale) {
		return usagef("--locale must be sv or en, not %q", o.locale)
	}
	return nil
}

// inputs are the files a run with these options reads: the portfolio
// files, the --join files and the criteria file.
func (o *inputOptions) inputs(files []string) []string {
	return append(append(slices.Clone(files), o.joins...), o.criteria)
}

// load reads the criteria set and the portfolio the command line names.
// With neither files nor --criteria it takes the built-in example and set,
// and says so on stderr.
func (o *inputOptions) load(ctx context.Context, files []string, stderr io.Writer) (*criteria.Set, *portfolio.Portfolio, error) {
	var set *criteria.Set
	if o.criteria == "" {
		set = criteria.Default()
		if len(files) > 0 {
			notef(stderr, "no --criteria given: using the built-in criteria set %s %s (%s; a reconstruction from public frameworks, not an official text)", set.ID, set.Version, set.Status)
		}
	} else {
		var err error
		if set, err = loadCriteriaFlag(o.criteria); err != nil {
			return nil, nil, err
		}
	}
	opts := importers.Options{Locale: o.locale, Sheet: o.sheet}
	if len(files) == 0 {
		if o.criteria != "" {
			return nil, nil, usagef("no portfolio given: name one or more portfolio files (the built-in example goes with the built-in criteria only)")
		}
		if len(o.joins) > 0 {
			return nil, nil, usagef("--join adds columns to a portfolio: name the portfolio files too")
		}
		notef(stderr, "no portfolio given: scoring the built-in example %s joined with %s (a fictional agency and its analysts' assessment) with the built-in criteria set %s %s (%s; a reconstruction from public frameworks, not an official text)",
			prio.ExampleName, prio.ExampleAssessmentName, set.ID, set.Version, set.Status)
		p, err := importers.ReadJoined(ctx, set,
			[]importers.Source{{Path: prio.ExampleName, Data: prio.ExampleWorkbook()}},
			[]importers.Source{{Path: prio.ExampleAssessmentName, Data: prio.ExampleAssessment()}}, opts)
		return set, p, err
	}
	p, err := importers.ReadFilesJoined(ctx, set, files, o.joins, opts)
	return set, p, err
}

// readCriteriaFile reads a criteria file named on the command line whole,
// as criteria.Load would: never a named pipe or device, never more than
// criteria.MaxFileSize.
func readCriteriaFile(path string) ([]byte, error) {
	f, err := fileerr.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, criteria.MaxFileSize+1))
	if err != nil {
		return nil, fileerr.Describe(path, err)
	}
	if len(data) > criteria.MaxFileSize {
		return nil, messages.Errorf("%s: larger than %d MiB; not a criteria set", path, criteria.MaxFileSize>>20)
	}
	return data, nil
}

// notef writes a note, a message of the catalogue, on stderr.
func notef(w io.Writer, format string, args ...any) {
	note(w, messages.M(format, args...))
}

// note writes a note on stderr in the run's language.
func note(w io.Writer, msg any) {
	l := langOf(w)
	printLines(w, messages.M("prio: note: %s", "").In(l), messages.Of(msg).In(l))
}

// warn writes a warning on stderr in the run's language.
func warn(w io.Writer, msg any) {
	l := langOf(w)
	printLines(w, messages.M("prio: warning: %s", "").In(l), messages.Of(msg).In(l))
}

// loadAndScore loads the inputs as load does, scores them and prints the
// notes and warnings of both on stderr.
func (o *inputOptions) loadAndScore(ctx context.Context, files []string, stderr io.Writer) (*criteria.Set, *portfolio.Portfolio, *scoring.Result, error) {
	o.act.set(phaseReading())
	set, p, err := o.load(ctx, files, stderr)
	if errors.Is(err, context.Canceled) {
		return nil, nil, nil, interrupted() // Ctrl-C while reading
	}
	if err != nil {
		return nil, nil, nil, err
	}
	// Hand the import's garbage back to the system before scoring: the
	// result's arrays (43 MB for 100,000 investments of 12 criteria) are
	// too large for the pages the import left free, so they were mapped
	// anew while those stayed resident. Some 3 MB less peak memory for a
	// 100,000-row workbook (prio score -f csv 127 → 124.7 MB, -f json
	// 129.7 → 126.2 MB), for one collection of the portfolio (a few ms).
	debug.FreeOSMemory()
	o.act.set(phaseScoring())
	res, err := scoring.Score(set, p)
	if err != nil {
		return nil, nil, nil, err
	}
	o.act.hold(func() {
		for _, n := range res.Notes {
			note(stderr, n)
		}
		printWarnings(stderr, res.Warnings, res.Repeated)
	})
	return set, p, res, nil
}
