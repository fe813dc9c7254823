package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio"
	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/reports"
	"github.com/prio-tool/prio/scoring/selection"
)

type selectOptions struct {
	inputOptions
	format    string
	output    string
	selection string
	budget    optionalString
	cost      string
	frontier  int
	samples   int
	seed      optionalUint
	weights   optionalString
	losses    bool
	core      bool
}

// selectFormats are the formats of `prio select`.
var selectFormats = []string{"table", "json", "csv", "md", "xlsx", "html"}

func newSelectCmd() *cobra.Command {
	opts := &selectOptions{}
	cmd := &cobra.Command{
		Use:   "select [FILE...] --selection FILE",
		Short: "What to fund within the budget frames: the proven optimal portfolio, explained",
		Long: `Score and rank a portfolio as 'prio score' does, then find the portfolio of
the highest value that keeps within every budget and rule of a selection file
(FORMATS.md §5): annual budget frames on the year columns of a cost field, or
one pooled budget; investments that must or must not be funded, that require
or go with others, or are alternatives to each other; linear limits. The
optimum is proven (an exact branch and bound, in prio itself), and every
investment left out gets its reason: the budget years that bind, the rule
that stops it. Ties between optimal portfolios go to the one that holds the
better-ranked investment.

--budget AMOUNT instead of a selection file gives one pooled budget on the
cost field (--cost, default invest). --losses adds what forcing each
investment in or out would cost; --frontier N the value against the budget
scaled from 0 to where everything fits; --samples K the share of weight
samples (the criteria set's sensitivity settings, or --weights and --seed) in
which each investment is funded; --core the core index of robust portfolio
modelling (at most 60 eligible investments).

For people: the table (the default), -f md (a Markdown document), -f xlsx
(the score's workbook with a funding sheet; needs -o) and -f html (the
score's meeting pack with a chapter on the selection: the budgets used as
bars, the frontier with the ranking line, the funded and those not funded
with the reasons in sentences). For programs: -f json and -f csv.

With no FILE and no --criteria, selects from the built-in example portfolio
with the built-in criteria set and the example's selection file.`,
		Example: `  prio select
  prio select -c kriterier.yaml --selection budget.yaml portfel.xlsx --join bedomning.xlsx
  prio select -c kriterier.yaml --budget 120 portfel.xlsx
  prio select --selection budget.yaml --losses --frontier 11 --samples 1000 -f json -o urval.json portfel.xlsx
  prio select --selection budget.yaml --losses --frontier 11 -o urval.html portfel.xlsx`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSelect(cmd.Context(), opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	opts.addFlags(cmd.Flags())
	fs := cmd.Flags()
	fs.StringVarP(&opts.format, "format", "f", "", "output format: table, json, csv, md, xlsx (needs -o) or html (default: the one -o's extension names, else table)")
	fs.StringVarP(&opts.output, "output", "o", "", "write to `PATH` instead of stdout")
	fs.StringVar(&opts.selection, "selection", "", "the selection `FILE`: budgets and rules (FORMATS.md §5)")
	fs.Var(&opts.budget, "budget", "one pooled `AMOUNT` on the cost field, instead of a selection file")
	fs.StringVar(&opts.cost, "cost", "invest", "the number field --budget is spent on")
	fs.IntVar(&opts.frontier, "frontier", 0, "`N` points of the efficient frontier (0: none)")
	fs.IntVar(&opts.samples, "samples", 0, "funding probability over `K` weight samples (0: none)")
	fs.Var(&opts.seed, "seed", "random seed of the weight samples (default: the criteria set's, else 20171127)")
	fs.Var(&opts.weights, "weights", "weight model of the samples and the core: free, order or vary:R (default: the criteria set's, else vary:0.2)")
	fs.BoolVar(&opts.losses, "losses", false, "what forcing each investment in (or out) would cost: an exact solve each")
	fs.BoolVar(&opts.core, "core", false, "the core index of robust portfolio modelling (at most 60 eligible investments)")
	noFiles := cobra.ShellCompDirectiveNoFileComp
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(selectFormats, noFiles))
	_ = cmd.RegisterFlagCompletionFunc("weights", cobra.FixedCompletions([]string{"free", "order", "vary:0.2"}, noFiles))
	return cmd
}

func runSelect(ctx context.Context, opts *selectOptions, files []string, stdout, stderr io.Writer) error {
	if opts.format != "" && !slices.Contains(selectFormats, opts.format) {
		return usagef("--format must be table, json, csv, md, xlsx or html, not %q", opts.format)
	}
	if err := opts.check(); err != nil {
		return err
	}
	switch {
	case opts.selection != "" && opts.budget.set:
		return usagef("give --selection FILE or --budget AMOUNT, not both")
	case opts.frontier == 1 || opts.frontier < 0:
		return usagef("--frontier needs at least 2 points, not %d", opts.frontier)
	case opts.samples < 0 || opts.samples > criteria.MaxSamples:
		return usagef("--samples must be from 0 to %d, not %d", criteria.MaxSamples, opts.samples)
	}
	var budget float64
	if opts.budget.set {
		b, err := strconv.ParseFloat(strings.ReplaceAll(opts.budget.s, ",", "."), 64)
		if err != nil || b < 0 || math.IsInf(b, 0) || math.IsNaN(b) {
			return usagef("--budget must be an amount of 0 or more, not %q", opts.budget.s)
		}
		budget = b
	}
	builtinExample := len(files) == 0 && opts.criteria == ""
	if opts.selection == "" && !opts.budget.set && !builtinExample {
		return usagef("name the budgets: --selection FILE, or --budget AMOUNT for one pooled budget")
	}
	inputs := opts.inputs(files)
	if opts.selection != "" {
		inputs = append(inputs, opts.selection)
	}
	out, err := newOutput(opts.output, opts.format, selectFormats, stderr, inputs...)
	if err != nil {
		return err
	}
	date, err := runDate()
	if err != nil {
		return err
	}
	act := startActivity(stderr, phaseReading())
	defer act.finish()
	opts.act = act
	set, p, res, err := opts.loadAndScore(ctx, files, stderr)
	if err != nil {
		return err
	}

	var sel *criteria.Selection
	var path, digest string
	switch {
	case opts.selection != "":
		if sel, err = criteria.LoadSelection(opts.selection); err != nil {
			return err
		}
		if path, digest, err = fileDigest(opts.selection); err != nil {
			return err
		}
	case opts.budget.set:
		if err := checkBudgetCost(set, opts.cost); err != nil {
			return err
		}
		text := "format: prio.selection/1\ncost: " + opts.cost + "\nbudget: " + strconv.FormatFloat(budget, 'g', -1, 64) + "\n"
		if sel, err = criteria.ParseSelection(strings.NewReader(text), "--budget"); err != nil {
			return err
		}
	default:
		data := prio.ExampleSelection()
		if sel, err = criteria.ParseSelection(strings.NewReader(string(data)), prio.ExampleSelectionName); err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		path, digest = prio.ExampleSelectionName, hex.EncodeToString(sum[:])
		act.hold(func() {
			notef(stderr, "no selection given: using the built-in example's %s", prio.ExampleSelectionName)
		})
	}
	if err := sel.Check(set); err != nil {
		return err
	}
	st, err := selection.Build(selection.Source{Set: set, Portfolio: p, Result: res, Selection: sel})
	if err != nil {
		return err
	}
	act.hold(func() {
		for _, w := range st.Warnings {
			warn(stderr, w)
		}
	})
	ask := selection.Ask{Losses: opts.losses, Frontier: opts.frontier, Samples: opts.samples, Core: opts.core}
	if opts.samples > 0 || opts.core {
		if !st.Linear() {
			return usagef("--samples and --core need a value linear in the weights: score, or score times an expression of fields, not %q", sel.Value)
		}
		so, _, err := (&sensitivityOptions{samples: optionalInt{set: true, n: max(opts.samples, 1)}, seed: opts.seed, weights: opts.weights}).analysisOptions(set, ranked(res), io.Discard)
		if err != nil {
			return err
		}
		ask.Weights, ask.Seed = so.Weights, so.Seed
	}
	if opts.core {
		eligible := 0
		for _, it := range st.Problem.Items {
			if it.Eligibility == selection.Eligible && !it.CostMissing {
				eligible++
			}
		}
		if eligible > selection.MaxCoreItems {
			return usagef("--core enumerates portfolios for at most %d eligible investments; this portfolio has %d", selection.MaxCoreItems, eligible)
		}
	}
	if opts.frontier > 0 {
		if err := frontierScale(st, sel); err != nil {
			return err
		}
	}
	so := selection.Options{Gap: sel.Gap, NodeLimit: sel.NodeLimit, TimeLimit: sel.TimeLimit}
	act.set(phaseSelecting())
	outcome, err := selection.Run(ctx, st, so, ask)
	if errors.Is(err, context.Canceled) {
		return interrupted()
	}
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return interrupted()
	}
	act.set(phaseWriting())
	rs := &reports.Selection{Score: res, Outcome: outcome, Path: path, SHA256: digest, ScoreValue: sel.ValueProgram == nil}
	if f := set.Field(sel.Cost); f != nil {
		rs.Unit = f.Unit.Name
	}
	ro := reports.Options{Lang: lang(stderr), Version: prio.Version, Date: date}
	// The workbook and the meeting pack are the score's, with the
	// selection first after their overview.
	pack := func() *reports.Pack {
		pk := &reports.Pack{Score: res, Set: set, Portfolio: p, Selection: rs}
		if set.Sensitivity != nil && set.Sensitivity.Top > 0 {
			pk.Top = set.Sensitivity.Top
		}
		return pk
	}
	err = out.writeWith(ctx, stdout, func(w io.Writer) error {
		switch out.format {
		case "json":
			return reports.WriteSelectionJSON(w, rs, ro)
		case "csv":
			return reports.WriteSelectionCSV(w, rs, ro)
		case "md":
			return reports.WriteSelectionMarkdown(w, rs, ro)
		case "xlsx":
			return reports.WriteXLSX(w, pack(), ro)
		case "html":
			return reports.WriteHTML(w, pack(), ro)
		}
		return reports.WriteSelectionTable(w, rs, ro)
	})
	if err != nil {
		return err
	}
	if outcome.Solution.Status == selection.StatusInfeasible {
		return messages.Errorf("no selection meets every rule and budget; the conflicting ones are listed")
	}
	return nil
}

// frontierScale refuses --frontier when a budget of 0 holds costs: no
// scale of the budgets makes every investment fit, so the frontier has no
// end. The error names the budget at its place.
func frontierScale(st *selection.Setup, sel *criteria.Selection) error {
	if _, err := selection.MaxScale(st.Problem); !errors.Is(err, selection.ErrUnboundedScale) {
		return err
	}
	p := st.Problem
	for b, bu := range p.Budgets {
		if bu.Capacity != 0 {
			continue
		}
		for i, c := range bu.Costs {
			if c > 0 && p.Items[i].Eligibility == selection.Eligible && !p.Items[i].CostMissing && !slices.Contains(p.MustNot, i) {
				pos := sel.BudgetPos
				if !st.Pooled && b < len(sel.Years) {
					pos = sel.Years[b].Pos
				}
				return messages.Errorf("%s: --frontier: the budget for %s is 0, but %s costs something in it: no scale of the budgets makes every investment fit; give it an amount above 0, or leave --frontier out", pos, bu.Name, p.Items[i].ID)
			}
		}
	}
	return messages.Errorf("--frontier: a budget of 0 holds costs: no scale of the budgets makes every investment fit")
}

// fileDigest gives a file's path as given and the SHA-256 of its bytes.
func fileDigest(path string) (string, string, error) {
	f, err := fileerr.Open(path)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, criteria.MaxFileSize+1)); err != nil {
		return "", "", fileerr.Describe(path, err)
	}
	return path, hex.EncodeToString(h.Sum(nil)), nil
}

// checkBudgetCost refuses a --cost that is no number field or derived
// field of the set, naming the flag (and its default, when it was not
// given) and the set's number fields, rather than the place in the
// selection that --budget stands for: the user wrote no such file.
func checkBudgetCost(set *criteria.Set, cost string) error {
	var numbers []string
	for _, f := range set.Fields {
		if f.Type == portfolio.Number {
			if f.Name == cost {
				return nil
			}
			numbers = append(numbers, f.Name)
		}
	}
	for _, dv := range set.Derived {
		if dv.Type == portfolio.Number {
			if dv.Name == cost {
				return nil
			}
			numbers = append(numbers, dv.Name)
		}
	}
	if len(numbers) == 0 {
		return usagef("--budget is spent on --cost %s, but the criteria set has no number field to spend it on", cost)
	}
	return usagef("--budget is spent on --cost %s, which is no number field or derived field of the criteria set: give --cost FIELD, one of %s", cost, strings.Join(numbers, ", "))
}
