package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio"
	"github.com/prio-tool/prio/batch"
)

type verifyOptions struct {
	jobs optionalInt
}

func newVerifyCmd() *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify RUN_DIR",
		Short: "Re-check a batch run: its files' hashes, its inputs, and a re-run from them",
		Long: `Check a folder written by 'prio batch' against its run.json:

  - every output listed must be there with its recorded SHA-256, and nothing else;
  - the criteria file and every input, found where the run read them, must be
    unchanged;
  - every agency is then run again from those inputs with the recorded settings,
    and each report and the summary rendered in memory must be byte for byte
    the one recorded.

Every problem is printed on stdout, one a line, naming the file; the exit
status is 0 when the run verifies and 1 when it does not (a tampered or stale
pack). compare.json and compare.md are checked by their hashes only.`,
		Example: `  prio verify underlag-2017-11`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd.Context(), opts, args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().Var(&opts.jobs, "jobs", "agencies re-run at once (default: the number of processors)")
	_ = cmd.RegisterFlagCompletionFunc("jobs", cobra.NoFileCompletions)
	return cmd
}

func runVerify(ctx context.Context, opts *verifyOptions, dir string, stdout, stderr io.Writer) error {
	if opts.jobs.set && opts.jobs.n < 1 {
		return usagef("--jobs must be at least 1, not %d", opts.jobs.n)
	}
	rec, err := batch.ReadRecord(dir)
	if err != nil {
		return err
	}
	bar := newProgress(stderr, len(rec.Agencies)*rec.Samples)
	rep, err := batch.Verify(ctx, dir, batch.VerifyOptions{Jobs: opts.jobs.n, Version: prio.Version, Progress: bar.update})
	bar.finish()
	if errors.Is(err, context.Canceled) {
		return errInterrupted
	}
	if err != nil {
		return err
	}
	for _, n := range rep.Notes {
		note(stderr, "%s", n)
	}
	if len(rep.Problems) > 0 {
		for _, p := range rep.Problems {
			fmt.Fprintln(stdout, p)
		}
		return fmt.Errorf("%s does not verify: %d %s", dir, len(rep.Problems), pluralIf(len(rep.Problems), "problem", "problems"))
	}
	_, err = fmt.Fprintf(stdout, "%s verifies: %d outputs have their recorded SHA-256, the inputs are unchanged, and a re-run of %d %s gives the same bytes\n",
		dir, rep.Outputs, len(rep.Record.Agencies), pluralIf(len(rep.Record.Agencies), "agency", "agencies"))
	return err
}

// pluralIf is one for 1 and many otherwise.
func pluralIf(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
