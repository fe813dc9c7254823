package main

import (
	"context"
	"io"
	"runtime/debug"
	"slices"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio"
	"github.com/prio-tool/prio/reports"
)

type scoreOptions struct {
	inputOptions
	format string
	output string
}

var scoreFormats = []string{"table", "json", "csv", "md", "xlsx", "html"}

func newScoreCmd() *cobra.Command {
	opts := &scoreOptions{}
	cmd := &cobra.Command{
		Use:   "score [FILE...]",
		Short: "Score and rank a portfolio against a criteria set",
		Long: `Score and rank the investments in one or more portfolio files (CSV), ranked
together, against a criteria set. Every score comes with its per-criterion values
and contributions, the starting points (gates) with reasons, the missing inputs
and the source cell of each investment.

With no FILE and no --criteria, scores the built-in example portfolio with the
built-in default criteria set.`,
		Example: `  prio score
  prio score -c kriterier.yaml portfel.csv
  prio score -c kriterier.yaml -f json -o resultat.json a.csv b.csv
  prio score -c kriterier.yaml -f xlsx -o resultat.xlsx portfel.xlsx
  prio score -c kriterier.yaml -f html --lang en -o report.html portfel.xlsx`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScore(cmd.Context(), opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	opts.addFlags(cmd.Flags())
	cmd.Flags().StringVarP(&opts.format, "format", "f", "", "output format: table, json, csv, md, xlsx (needs -o) or html (default: the one -o's extension names, else table)")
	cmd.Flags().StringVarP(&opts.output, "output", "o", "", "write to `PATH` instead of stdout")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(scoreFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("locale", cobra.FixedCompletions([]string{"sv", "en"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runScore(ctx context.Context, opts *scoreOptions, files []string, stdout, stderr io.Writer) error {
	if opts.format != "" && !slices.Contains(scoreFormats, opts.format) {
		return usagef("--format must be table, json, csv, md, xlsx or html, not %q", opts.format)
	}
	if err := opts.check(); err != nil {
		return err
	}
	out, err := newOutput(opts.output, opts.format, scoreFormats, stderr, opts.inputs(files)...)
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
	if ctx.Err() != nil {
		return interrupted() // Ctrl-C: write nothing
	}
	act.set(phaseWriting())
	ro := reports.Options{Lang: lang(stderr), Version: prio.Version, Date: date}
	pack := func() *reports.Pack {
		pk := &reports.Pack{Score: res, Set: set, Portfolio: p}
		if set.Sensitivity != nil && set.Sensitivity.Top > 0 {
			pk.Top = set.Sensitivity.Top
		}
		return pk
	}
	return out.writeWith(ctx, stdout, func(w io.Writer) error {
		switch out.format {
		case "json":
			return reports.WriteJSON(w, res, ro)
		case "csv":
			return reports.WriteCSV(w, res, ro)
		case "md":
			return reports.WriteMarkdown(w, pack(), ro)
		case "xlsx":
			return writeXLSX(w, pack(), ro)
		case "html":
			return reports.WriteHTML(w, pack(), ro)
		}
		return reports.WriteTable(w, res, ro)
	})
}

// xlsxGCPercent is the garbage collector's target while a workbook is
// written: excelize keeps every sheet's rows in a buffer of its own (up to
// 32 MB a sheet) until it writes the package, so that the live heap while
// writing a workbook of 100,000 investments is some 190 MB (the
// portfolio, the result and those buffers), and the default target of
// 100 % let the heap grow to twice that: 450 MB. At 50 % the peak is 340
// MB for the same CPU time (measured with GOGC). A last resort, after the
// rows were streamed and the package deflated once (reports/xlsx.go).
const xlsxGCPercent = 50

// writeXLSX writes the pack's workbook with the collector's target
// lowered while it does.
func writeXLSX(w io.Writer, p *reports.Pack, o reports.Options) error {
	defer debug.SetGCPercent(debug.SetGCPercent(xlsxGCPercent))
	return reports.WriteXLSX(w, p, o)
}
