package main

import (
	"bytes"
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/reports"
)

type templateOptions struct {
	criteria string
	output   string
}

func newTemplateCmd() *cobra.Command {
	opts := &templateOptions{}
	cmd := &cobra.Command{
		Use:   "template -o BOOK.xlsx",
		Short: "Write an input workbook for agencies, built from a criteria set",
		Long: `Write an input workbook for agencies built from the criteria set's fields: a
sheet with one column per field (its header and unit hint in row 1, locked),
dropdowns for scale and yes/no fields, number and date checks, input hints from
the field descriptions, and an instructions sheet that explains each field and
how to write a missing value. Filled in, it imports back through prio.`,
		Example: `  prio template -o mall.xlsx
  prio template -c kriterier.yaml --lang en -o template.xlsx`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTemplate(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVarP(&opts.criteria, "criteria", "c", "", "criteria set `FILE` (default: the built-in set)")
	cmd.Flags().StringVarP(&opts.output, "output", "o", "", "the workbook `FILE` to write")
	return cmd
}

func runTemplate(_ context.Context, opts *templateOptions, stdout, stderr io.Writer) error {
	if opts.output == "" || opts.output == "-" {
		return usagef("-o BOOK.xlsx is required: a workbook is not written to the terminal")
	}
	out, err := newOutput(opts.output, "", []string{"xlsx"}, stderr, opts.criteria)
	if err != nil {
		return err
	}
	set := criteria.Default()
	if opts.criteria != "" {
		if set, err = loadCriteriaFlag(opts.criteria); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := reports.WriteTemplate(&buf, set, reports.Options{Lang: lang(stderr)}); err != nil {
		return err
	}
	if err := out.write(buf.Bytes(), stdout); err != nil {
		return err
	}
	notef(stderr, "wrote %s: %d columns for the fields of %s %s", opts.output, len(set.Fields), set.ID, set.Version)
	return nil
}
