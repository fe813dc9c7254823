package main

import (
	"bytes"
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/reports"
)

type criteriaShowOptions struct{}

func newCriteriaShowCmd() *cobra.Command {
	opts := &criteriaShowOptions{}
	cmd := &cobra.Command{
		Use:   "show [FILE]",
		Short: "Show a criteria set: the tree with stated and effective weights, gates, changes",
		Long: `Show a criteria set as people read it: the criteria tree with stated and
effective weights and value functions, the starting points (gates), the derived
fields, the field dictionary and the change log. Without FILE, shows the
built-in set.`,
		Args: atMostOneArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCriteriaShow(cmd.Context(), opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	return cmd
}

func runCriteriaShow(_ context.Context, _ *criteriaShowOptions, args []string, stdout, stderr io.Writer) error {
	set := criteria.Default()
	if len(args) == 1 {
		var err error
		if set, err = criteria.Load(args[0]); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := reports.WriteCriteria(&buf, set, reports.Options{Lang: lang(stderr)}); err != nil {
		return err
	}
	_, err := stdout.Write(buf.Bytes())
	return err
}
