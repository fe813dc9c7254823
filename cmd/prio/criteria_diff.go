package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio"
	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/reports"
	"github.com/prio-tool/prio/scoring"
)

type criteriaDiffOptions struct {
	portfolios []string
	joins      []string
	top        int
	format     string
	output     string
	locale     string
	sheet      string
}

var diffFormats = []string{"table", "json", "md", "xlsx", "html"}

func newCriteriaDiffCmd() *cobra.Command {
	opts := &criteriaDiffOptions{}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "What a new version of a criteria set changes, and its impact on portfolios",
		Long: `Compare two versions of a criteria set: fields, derived fields, starting
points and criteria added, removed or moved; stated and effective weights; value
functions, missing policies and levels; the set's version and status.

With --portfolio FILE (repeatable; the files are one portfolio, as for score),
the impact on it: each investment's rank and score under both versions, the
change split by criterion (each criterion's new contribution minus its old
one), the similarity of the two rankings (Spearman, Kendall τ-b and WS, the old
ranking as reference, over the investments ranked under both), who enters or
leaves the top k, and which starting-point outcomes change.`,
		Example: `  prio criteria diff v1.yaml v2.yaml
  prio criteria diff v1.yaml v2.yaml --portfolio fk.xlsx --top 5 -f json
  prio criteria diff v1.yaml v2.yaml --portfolio fk.xlsx -f html -o diff.html`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCriteriaDiff(cmd.Context(), opts, args[0], args[1], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.portfolios, "portfolio", nil, "a portfolio `FILE` to show the impact on (repeatable)")
	f.StringArrayVar(&opts.joins, "join", nil, "add the columns of `FILE` to the portfolio by id (repeatable)")
	f.IntVar(&opts.top, "top", 0, "k of the top k (default: the new set's sensitivity top, else 5)")
	f.StringVarP(&opts.format, "format", "f", "", "output format: table, json, md, xlsx or html (default: the one -o's extension names, else table)")
	f.StringVarP(&opts.output, "output", "o", "", "write to `PATH` instead of stdout")
	f.StringVar(&opts.locale, "locale", "sv", "how numbers written as text are read: sv or en")
	f.StringVar(&opts.sheet, "sheet", "", "the workbook sheet to read")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(diffFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runCriteriaDiff(ctx context.Context, opts *criteriaDiffOptions, oldFile, newFile string, stdout, stderr io.Writer) error {
	if opts.format != "" && !slices.Contains(diffFormats, opts.format) {
		return usagef("--format must be table, json, md, xlsx or html, not %q", opts.format)
	}
	if opts.top < 0 {
		return usagef("--top must be at least 1, not %d", opts.top)
	}
	if len(opts.joins) > 0 && len(opts.portfolios) == 0 {
		return usagef("--join adds columns to a portfolio: give --portfolio too")
	}
	out, err := newOutput(opts.output, opts.format, diffFormats, stderr, append(append([]string{oldFile, newFile}, opts.portfolios...), opts.joins...)...)
	if err != nil {
		return err
	}
	date, err := runDate()
	if err != nil {
		return err
	}
	old, err := criteria.Load(oldFile)
	if err != nil {
		return err
	}
	new, err := criteria.Load(newFile)
	if err != nil {
		return err
	}
	d := &reports.Diff{Old: old, New: new, Changes: criteria.Diff(old, new)}
	var shown []messages.Message // the warnings as stderr shows them
	if len(opts.portfolios) > 0 {
		top := opts.top
		if top == 0 {
			top = 5
			if s := new.Sensitivity; s != nil && s.Top > 0 {
				top = s.Top
			}
		}
		readOpts := importers.Options{Locale: opts.locale, Sheet: opts.sheet}
		var results [2]*scoring.Result
		for i, set := range []*criteria.Set{old, new} {
			p, err := importers.ReadFilesJoined(ctx, set, opts.portfolios, opts.joins, readOpts)
			if errors.Is(err, context.Canceled) {
				return interrupted() // Ctrl-C while reading
			}
			if err != nil {
				return err
			}
			if results[i], err = scoring.Score(set, p); err != nil {
				return err
			}
			if i == 0 {
				d.Inputs = p.Inputs
			}
			// The criteria file first, as every message about a file; a
			// warning both sets give is said once.
			for _, w := range results[i].Warnings {
				d.Warnings = appendNew(d.Warnings, messages.M("%s: %s", set.File, w))
			}
			// The terminal gets repeated warnings grouped; the document
			// keeps every one.
			for _, w := range warningLines(results[i].Warnings, results[i].Repeated) {
				shown = appendNew(shown, messages.M("%s: %s", set.File, w))
			}
		}
		d.Impact = scoring.CompareResults(results[0], results[1], top)
	}
	for _, w := range shown {
		warn(stderr, w)
	}
	var buf bytes.Buffer
	ro := reports.Options{Lang: lang(stderr), Version: prio.Version, Date: date}
	switch out.format {
	case "json":
		err = reports.WriteDiffJSON(&buf, d, ro)
	case "md":
		err = reports.WriteDiffMarkdown(&buf, d, ro)
	case "xlsx":
		err = reports.WriteDiffXLSX(&buf, d, ro)
	case "html":
		err = reports.WriteDiffHTML(&buf, d, ro)
	default:
		err = reports.WriteDiffTable(&buf, d, ro)
	}
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return interrupted()
	}
	return out.write(buf.Bytes(), stdout)
}

// appendNew appends m to ms unless a message with the same text is there.
func appendNew(ms []messages.Message, m messages.Message) []messages.Message {
	text := m.String()
	for _, o := range ms {
		if o.String() == text {
			return ms
		}
	}
	return append(ms, m)
}
