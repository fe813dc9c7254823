package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
)

func newCriteriaValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check criteria files and report every problem with its position",
		Long: `Check one or more criteria files strictly: unknown or duplicate keys, wrong
types, bad references, cycles among derived fields, expressions that do not
compile, bad weights and value functions. Every problem of every file is
reported, as FILE:LINE:COL: message. Valid files are listed on stdout.`,
		Args: atLeastOneArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCriteriaValidate(cmd.Context(), args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
}

func runCriteriaValidate(_ context.Context, files []string, stdout, stderr io.Writer) error {
	var errs []error
	for _, f := range files {
		set, err := criteria.Load(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintln(stdout, messages.M("%s: ok: %s %s (%s): %d fields, %d derived, %d starting points, %d criteria",
			f, set.ID, set.Version, set.Status, len(set.Fields), len(set.Derived), len(set.StartingPoints), len(set.Leaves())).In(langOf(stderr)))
		if !set.ForScoring() {
			warn(stderr, messages.M("%s: the set is %s: scoring runs with it will say so; use an adopted set for recommendations", f, set.Status))
		}
	}
	return messages.JoinErrors(errs...)
}
