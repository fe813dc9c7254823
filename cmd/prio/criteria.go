package main

import "github.com/spf13/cobra"

func newCriteriaCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "criteria",
		Short: "Work on criteria sets: validate, show, diff, weights, init",
		Args:  noArgs,
		// Runnable, so that an unknown subcommand is an error rather than
		// the help; with none, the help.
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newCriteriaValidateCmd(), newCriteriaShowCmd(), newCriteriaDiffCmd(), newCriteriaWeightsCmd(), newCriteriaInitCmd())
	return cmd
}
