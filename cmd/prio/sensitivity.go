package main

import (
	"context"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/prio-tool/prio"
	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/reports"
	"github.com/prio-tool/prio/scoring"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

type sensitivityOptions struct {
	inputOptions
	format string
	output string
	// The analysis flags remember whether they were given: a flag given
	// overrides the criteria set's sensitivity block, which overrides
	// sensitivity.DefaultOptions.
	samples, top optionalInt
	seed         optionalUint
	weights      optionalString
	pairwise     bool
	sweeps       bool
	full         bool
}

// sensitivityFormats are the formats of `prio sensitivity`.
var sensitivityFormats = []string{"table", "json", "csv", "md", "xlsx", "html"}

func newSensitivityCmd() *cobra.Command {
	opts := &sensitivityOptions{}
	cmd := &cobra.Command{
		Use:   "sensitivity [FILE...]",
		Short: "How far the ranking can be trusted: stability, sweeps, Monte Carlo, missing data",
		Long: `Score and rank a portfolio as 'prio score' does, then tell how far the ranking
can be trusted:

  - the exact interval of each criterion's weight within which the ranking, and
    the top k, stay unchanged (the other weights rescaled in proportion), and
    the pair that swaps at each end;
  - each investment's best and worst rank while a weight moves within ±R (a
    tornado);
  - Monte Carlo rank acceptabilities (SMAA-2): the share of samples in which each
    investment has each rank, its top-k share, central weights and confidence,
    under free weights, weights in the stated order, or each within ±R;
  - each investment's exact best and worst rank when every missing value may be
    anything from 0 to 1, and the missing cells that decide who is in the top k.

Samples, seed, weight model and k come from the flags, else from the criteria
set's sensitivity block, else the defaults (10000 samples, seed 20171127,
vary:0.2, top 5). The same seed gives the same output on any machine.

With no FILE and no --criteria, analyses the built-in example portfolio with the
built-in default criteria set.`,
		Example: `  prio sensitivity
  prio sensitivity -c kriterier.yaml --weights free --samples 20000 portfel.csv
  prio sensitivity -c kriterier.yaml -f json --pairwise --sweeps -o känslighet.json portfel.csv
  prio sensitivity -c kriterier.yaml -f html -o möte.html portfel.xlsx
  prio sensitivity -c kriterier.yaml -f xlsx -o analys.xlsx portfel.xlsx`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSensitivity(cmd.Context(), opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	opts.addFlags(cmd.Flags())
	fs := cmd.Flags()
	fs.StringVarP(&opts.format, "format", "f", "", "output format: table, json, csv, md, xlsx (needs -o) or html (default: the one -o's extension names, else table)")
	fs.StringVarP(&opts.output, "output", "o", "", "write to `PATH` instead of stdout")
	fs.Var(&opts.samples, "samples", "Monte Carlo samples, from 1 to 10000000 (default: the criteria set's, else 10000)")
	fs.Var(&opts.seed, "seed", "random seed (default: the criteria set's, else 20171127)")
	fs.Var(&opts.top, "top", "`K` of the top k, at most the number ranked (default: the criteria set's, else 5)")
	fs.Var(&opts.weights, "weights", "weight model: free, order or vary:R, R from 0 to 1 (default: the criteria set's, else vary:0.2)")
	fs.BoolVar(&opts.pairwise, "pairwise", false, `add "pairwise" to the JSON: the share of samples in which each investment scored above each other`)
	fs.BoolVar(&opts.sweeps, "sweeps", false, `add "sweeps" to the JSON: the exact one-at-a-time sweep of each weight`)
	fs.BoolVar(&opts.full, "full", false, "past 1,000 ranked investments, give the acceptability of every rank, not of ranks 1 to max(top, 100) and the rest")
	noFiles := cobra.ShellCompDirectiveNoFileComp
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(sensitivityFormats, noFiles))
	_ = cmd.RegisterFlagCompletionFunc("locale", cobra.FixedCompletions([]string{"sv", "en"}, noFiles))
	_ = cmd.RegisterFlagCompletionFunc("weights", cobra.FixedCompletions([]string{"free", "order", "vary:0.2"}, noFiles))
	_ = cmd.RegisterFlagCompletionFunc("samples", cobra.NoFileCompletions)
	_ = cmd.RegisterFlagCompletionFunc("seed", cobra.NoFileCompletions)
	_ = cmd.RegisterFlagCompletionFunc("top", cobra.NoFileCompletions)
	return cmd
}

// errInterrupted is returned when Ctrl-C or SIGTERM (a cancelled ctx)
// stops a run; nothing is written.
var errInterrupted = errors.New("interrupted") // not a message: a sentinel for errors.Is; interrupted() says it

// interrupted is errInterrupted in the run's language.
func interrupted() error { return messages.Kind(errInterrupted, "interrupted") }

// runSensitivity loads and scores the portfolio as runScore does, merges
// the analysis options (defaults, criteria set, flags), runs the analysis
// with a progress bar when stderr is a terminal, and writes the result in
// the chosen format. Its warnings (scoring's, a clamped top, the analysis's)
// go to stderr and into the JSON document.
func runSensitivity(ctx context.Context, opts *sensitivityOptions, files []string, stdout, stderr io.Writer) error {
	if opts.format != "" && !slices.Contains(sensitivityFormats, opts.format) {
		return usagef("--format must be table, json, csv, md, xlsx or html, not %q", opts.format)
	}
	if err := opts.check(); err != nil {
		return err
	}
	if err := opts.checkAnalysis(); err != nil {
		return err
	}
	out, err := newOutput(opts.output, opts.format, sensitivityFormats, stderr, opts.inputs(files)...)
	if err != nil {
		return err
	}
	date, err := runDate()
	if err != nil {
		return err
	}
	act := startActivity(stderr, phaseReading())
	opts.act = act
	set, p, res, err := opts.loadAndScore(ctx, files, stderr)
	act.finish() // the samples have their own bar
	if err != nil {
		return err
	}
	warnings := slices.Clone(res.Warnings)
	so, clamped, err := opts.analysisOptions(set, ranked(res), stderr)
	if err != nil {
		return err
	}
	if !clamped.IsZero() {
		warn(stderr, clamped)
		warnings = append(warnings, clamped)
	}

	bar := newProgress(stderr, so.Samples)
	bar.then(phaseExact()) // stability, tornado and missing-data ranges follow the samples
	so.Progress = bar.update
	r, err := sensitivity.Analyse(ctx, set, p, res, so)
	bar.finish()
	if err == nil {
		err = ctx.Err() // cancelled after the last chunk
	}
	if errors.Is(err, context.Canceled) {
		return interrupted()
	}
	if err != nil {
		return err
	}
	for _, w := range r.Warnings {
		warn(stderr, w)
	}
	// The document's warnings are the whole run's, as on stderr.
	r.Warnings = append(warnings, r.Warnings...)

	if ctx.Err() != nil {
		return interrupted()
	}
	ro := reports.Options{Lang: lang(stderr), Version: prio.Version, Date: date}
	pack := &reports.Pack{Score: res, Sensitivity: r, Set: set, Portfolio: p}
	writing := startActivity(stderr, phaseWriting())
	defer writing.finish()
	return out.writeWith(ctx, stdout, func(w io.Writer) error {
		switch out.format {
		case "json":
			return reports.WriteSensitivityJSON(w, r, ro)
		case "csv":
			return reports.WriteSensitivityCSV(w, r, ro)
		case "md":
			return reports.WriteMarkdown(w, pack, ro)
		case "xlsx":
			return writeXLSX(w, pack, ro)
		case "html":
			return reports.WriteHTML(w, pack, ro)
		}
		return reports.WriteSensitivityTable(w, r, res.Leaves, ro)
	})
}

// ranked is the number of investments the analysis ranks: the ranked and
// the flagged ones.
func ranked(res *scoring.Result) int {
	n := 0
	for i := range res.Investments {
		if res.Investments[i].Status != scoring.Excluded {
			n++
		}
	}
	return n
}

// checkAnalysis refuses the analysis flags that are wrong whatever the
// portfolio: a sample count out of range, a top of less than 1, an unknown
// or malformed weight model.
func (o *sensitivityOptions) checkAnalysis() error {
	if o.samples.set && (o.samples.n < 1 || o.samples.n > criteria.MaxSamples) {
		return usagef("--samples must be from 1 to %d, not %d", criteria.MaxSamples, o.samples.n)
	}
	if o.top.set && o.top.n < 1 {
		return usagef("--top must be at least 1, not %d", o.top.n)
	}
	if o.weights.set {
		if _, err := parseWeightModel(o.weights.s); err != nil {
			return err
		}
	}
	return nil
}

// parseWeightModel reads --weights: free, order or vary:R with R a number
// from 0 to 1.
func parseWeightModel(s string) (criteria.WeightModel, error) {
	switch s {
	case criteria.WeightsFree, criteria.WeightsOrder:
		return criteria.WeightModel{Kind: s}, nil
	}
	rs, ok := strings.CutPrefix(s, criteria.WeightsVary+":")
	if !ok {
		return criteria.WeightModel{}, usagef("--weights must be free, order or vary:R (R from 0 to 1), not %q", s)
	}
	r, err := strconv.ParseFloat(rs, 64)
	if err != nil || !(r >= 0 && r <= 1) { // also NaN
		return criteria.WeightModel{}, usagef("--weights vary:R needs R to be a number from 0 to 1, not %q", rs)
	}
	return criteria.WeightModel{Kind: criteria.WeightsVary, Vary: r}, nil
}

// analysisOptions merges sensitivity.DefaultOptions, the criteria set's
// sensitivity block and the flags, in that order, for n ranked
// investments. A --top larger than n is a usage error; the same top from
// the criteria set is clamped to n, and the warning saying so is returned
// for the caller to print and record; the default top is clamped with a
// note on stderr.
func (o *sensitivityOptions) analysisOptions(set *criteria.Set, n int, stderr io.Writer) (sensitivity.Options, messages.Message, error) {
	so := sensitivity.DefaultOptions
	topFrom := "default"
	var topPos criteria.Pos
	if s := set.Sensitivity; s != nil {
		if s.Samples != 0 {
			so.Samples = s.Samples
		}
		if s.SeedSet {
			so.Seed = s.Seed
		}
		if s.Weights.Kind != "" {
			so.Weights = s.Weights
		}
		if s.Top != 0 {
			so.Top, topFrom, topPos = s.Top, "criteria", s.TopPos
		}
	}
	if o.samples.set {
		so.Samples = o.samples.n
	}
	if o.seed.set {
		so.Seed = o.seed.n
	}
	if o.weights.set {
		m, err := parseWeightModel(o.weights.s)
		if err != nil {
			return so, messages.Message{}, err
		}
		so.Weights = m
	}
	if o.top.set {
		so.Top, topFrom = o.top.n, "flag"
	}
	so.Pairwise, so.Sweeps, so.Full = o.pairwise, o.sweeps, o.full
	if n == 0 || so.Top <= n {
		// With nothing ranked, Analyse says so.
		return so, messages.Message{}, nil
	}
	var clamped messages.Message
	switch {
	case topFrom == "flag":
		return so, messages.Message{}, usagef("--top must be from 1 to %d, the number of investments ranked, not %d", n, so.Top)
	case topFrom == "criteria" && topPos.File != "":
		clamped = messages.M("%s: sensitivity: top %d is more than the %d investments ranked; using top %d", topPos, so.Top, n, n)
	case topFrom == "criteria":
		clamped = messages.M("sensitivity: top %d is more than the %d investments ranked; using top %d", so.Top, n, n)
	default:
		notef(stderr, "top %d (the default) is more than the %d investments ranked; using top %d", so.Top, n, n)
	}
	so.Top = n
	return so, clamped, nil
}

// optionalInt is an int flag that remembers whether it was given.
type optionalInt struct {
	n   int
	set bool
}

func (f *optionalInt) String() string {
	if !f.set {
		return ""
	}
	return strconv.Itoa(f.n)
}

func (f *optionalInt) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return messages.New("not a whole number")
	}
	f.n, f.set = n, true
	return nil
}

func (f *optionalInt) Type() string { return "N" }

// optionalUint is a uint64 flag that remembers whether it was given.
type optionalUint struct {
	n   uint64
	set bool
}

func (f *optionalUint) String() string {
	if !f.set {
		return ""
	}
	return strconv.FormatUint(f.n, 10)
}

func (f *optionalUint) Set(s string) error {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return messages.Errorf("not a whole number from 0 to %d", uint64(math.MaxUint64))
	}
	f.n, f.set = n, true
	return nil
}

func (f *optionalUint) Type() string { return "N" }

// optionalString is a string flag that remembers whether it was given.
type optionalString struct {
	s   string
	set bool
}

func (f *optionalString) String() string { return f.s }

func (f *optionalString) Set(s string) error {
	f.s, f.set = s, true
	return nil
}

func (f *optionalString) Type() string { return "MODEL" }

// progress shows the Monte Carlo samples done as a bar on stderr, only when
// stderr is a terminal, and only once a run has taken long enough to be
// worth one: short runs print nothing. Its methods may be called from any
// goroutine; a nil *progress does nothing.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	total   int
	start   time.Time
	done    int
	bar     *progressbar.ProgressBar
	stopped bool
	// next is the phase shown once every sample is done, and after its
	// activity.
	next  messages.Message
	after *activity
}

// then shows phase, as an activity, once every sample is done: the work
// that follows them.
func (p *progress) then(phase messages.Message) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next = phase
}

// progressDelay is how long a run goes before its bar appears.
const progressDelay = 500 * time.Millisecond

func newProgress(stderr io.Writer, total int) *progress {
	if !isTerminal(stderr) {
		return nil
	}
	return &progress{w: stderr, total: total, start: time.Now()}
}

// update records done samples; chunks may report out of order, so only an
// advance counts.
func (p *progress) update(done int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped || done <= p.done {
		return
	}
	p.done = done
	if p.bar == nil {
		if time.Since(p.start) < progressDelay {
			return
		}
		p.bar = progressbar.NewOptions(p.total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(messages.T("prio: sampling").In(langOf(p.w))),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	_ = p.bar.Set(done)
	if done >= p.total && !p.next.IsZero() && p.after == nil {
		_ = p.bar.Clear()
		_ = p.bar.Exit()
		p.bar = nil
		p.stopped = true
		p.after = startActivity(p.w, p.next)
	}
}

// finish removes the bar, whether the run ended or was interrupted.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	if p.bar != nil {
		_ = p.bar.Clear()
		_ = p.bar.Exit()
	}
	p.after.finish()
}
