package main

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
)

type criteriaInitOptions struct {
	output string
	force  bool
}

func newCriteriaInitCmd() *cobra.Command {
	opts := &criteriaInitOptions{}
	cmd := &cobra.Command{
		Use:   "init [-o FILE]",
		Short: "Write the built-in criteria set as a file to start from",
		Long: `Write the criteria set built into prio, comments included, as a file to edit:
a way to start a criteria set of your own. Without -o it goes to stdout. An
existing file is not overwritten unless --force is given.

The file is the built-in set byte for byte: give it your own id, title and
version, set status, and change the fields' headers to your portfolio's
columns. 'prio criteria validate FILE' checks it as you go.`,
		Example: `  prio criteria init -o kriterier.yaml
  prio criteria init > kriterier.yaml`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCriteriaInit(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVarP(&opts.output, "output", "o", "", "write to `FILE` instead of stdout")
	cmd.Flags().BoolVar(&opts.force, "force", false, "overwrite FILE if it exists")
	return cmd
}

// runCriteriaInit writes the built-in criteria file. An existing output is
// refused unless opts.force: the file is a user's own criteria set once
// edited, and one slip of the command line must not replace it.
func runCriteriaInit(_ context.Context, opts *criteriaInitOptions, stdout, stderr io.Writer) error {
	if opts.output != "" && opts.output != "-" && !opts.force {
		if _, err := os.Lstat(opts.output); err == nil {
			return messages.Errorf("%s: the file exists; give --force to overwrite it, or choose another name with -o", opts.output)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return messages.Errorf("%s: cannot tell whether the file exists: %w", opts.output, err)
		}
	}
	if err := writeOutput(opts.output, criteria.DefaultBytes(), stdout, nil); err != nil {
		return err
	}
	if opts.output != "" && opts.output != "-" {
		notef(stderr, "wrote %s: the built-in criteria set %s, to edit; check it with prio criteria validate %s", opts.output, criteria.DefaultName, opts.output)
	}
	return nil
}
