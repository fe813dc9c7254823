package main

import (
	"context"
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio"
	"github.com/prio-tool/prio/batch"
	"github.com/prio-tool/prio/messages"
)

type verifyOptions struct {
	jobs optionalInt
}

func newVerifyCmd() *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify RUN_DIR",
		Short: "Re-check a batch run: its files' hashes, its inputs, and a re-run from them",
		Long: `Check a folder written by 'prio batch' against everything its run.json says:

  - the record itself: each agency's inputs are the files its workbook and
    joins name, its folder the one its name gives, every output listed once;
  - every output listed must be there, a file and not a symbolic link, with
    its recorded SHA-256, and nothing else;
  - the criteria file and every input, found where the run read them, must be
    unchanged, and the criteria set the recorded id, version and status;
  - every agency is then run again from those inputs with the recorded settings,
    and each report and the summary rendered in memory must be byte for byte
    the one recorded, with the same rows read, warnings, notes and errors.

Verification shows that a folder, its record and its inputs agree; it cannot
show who made the run: a folder, run.json and inputs replaced together agree
as well (they are another run).

Every problem is printed on stdout, one a line, naming the file; the exit
status is 0 when the run verifies and 1 when it does not (a tampered or stale
pack). compare.json and compare.md are checked by their hashes only.`,
		Example: `  prio verify underlag-2017-11`,
		Args:    exactArgs(1),
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
		return interrupted()
	}
	if err != nil {
		return err
	}
	l := langOf(stderr) // the report on stdout is for people too
	for _, n := range rep.Notes {
		note(stderr, n)
	}
	if len(rep.Problems) > 0 {
		for _, p := range rep.Problems {
			printLines(stdout, "", p.In(l))
		}
		if len(rep.Problems) == 1 {
			return messages.Errorf("%s does not verify: 1 problem", dir)
		}
		return messages.Errorf("%s does not verify: %d problems", dir, len(rep.Problems))
	}
	c := rep.Record.Criteria
	var verifies messages.Message
	if n := len(rep.Record.Agencies); n == 1 {
		verifies = messages.M("%s verifies: %d outputs have their recorded SHA-256 and the folder holds nothing else; the criteria set %s %s (%s) and every input are the ones recorded; a re-run of 1 agency gives the same bytes, rows, warnings and errors", dir, rep.Outputs, c.ID, c.Version, c.Status)
	} else {
		verifies = messages.M("%s verifies: %d outputs have their recorded SHA-256 and the folder holds nothing else; the criteria set %s %s (%s) and every input are the ones recorded; a re-run of %d agencies gives the same bytes, rows, warnings and errors", dir, rep.Outputs, c.ID, c.Version, c.Status, n)
	}
	printLines(stdout, "", verifies.In(l))
	printLines(stdout, "", messages.M("%s: this shows that the folder, its run.json and its inputs agree, not who made the run: a folder, run.json and inputs replaced together agree too (they are another run); the manifest is not read", dir).In(l))
	return nil
}
