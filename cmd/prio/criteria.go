package main

import "github.com/spf13/cobra"

func newCriteriaCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "criteria",
		Short: "Work on criteria sets: validate, show, diff, weights",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newCriteriaValidateCmd(), newCriteriaShowCmd(), newCriteriaDiffCmd(), newCriteriaWeightsCmd())
	return cmd
}
