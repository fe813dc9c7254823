package main

import (
	"bytes"
	"context"
	"io"
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

var scoreFormats = []string{"table", "json", "csv"}

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
  prio score -c kriterier.yaml -f json -o resultat.json a.csv b.csv`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScore(cmd.Context(), opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	opts.addFlags(cmd.Flags())
	cmd.Flags().StringVarP(&opts.format, "format", "f", "table", "output format: table, json or csv")
	cmd.Flags().StringVarP(&opts.output, "output", "o", "", "write to `PATH` instead of stdout")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(scoreFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"sv", "en"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("locale", cobra.FixedCompletions([]string{"sv", "en"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runScore(ctx context.Context, opts *scoreOptions, files []string, stdout, stderr io.Writer) error {
	if !slices.Contains(scoreFormats, opts.format) {
		return usagef("--format must be table, json or csv, not %q", opts.format)
	}
	if err := opts.check(); err != nil {
		return err
	}
	_, _, res, err := opts.loadAndScore(files, stderr)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	ro := reports.Options{Lang: opts.lang, Version: prio.Version}
	switch opts.format {
	case "json":
		err = reports.WriteJSON(&buf, res, ro)
	case "csv":
		err = reports.WriteCSV(&buf, res, ro)
	default:
		err = reports.WriteTable(&buf, res, ro)
	}
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return errInterrupted // Ctrl-C: write nothing
	}
	return writeOutput(opts.output, buf.Bytes(), stdout, append(slices.Clone(files), opts.criteria))
}
