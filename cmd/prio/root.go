package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"
)

// usageError marks a wrong command line: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// run executes the command line and returns the exit status. It owns every
// byte written to the terminal.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	// Ctrl-C cancels the context; a second one ends prio at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	context.AfterFunc(ctx, stop)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	printError(stderr, err)
	var ue usageError
	// cobra reports an unknown subcommand with a plain error.
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command ") {
		fmt.Fprintln(stderr, "prio: see 'prio --help'")
		return 2
	}
	return 1
}

// printError writes an error to stderr, one "prio: " line per line of the
// error, so that every problem of an error list stands on its own line.
func printError(w io.Writer, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintln(w, "prio: "+line)
	}
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "prio",
		Short: "Score and prioritise public agencies' digital investments",
		Long: `prio applies a versioned criteria set (YAML) to agencies' investment portfolios
(Excel workbooks or CSV) and writes ranked, weighted assessments in which every
score is explained by criterion, starting point (gate) and source cell.

With no arguments, 'prio score' scores the built-in example portfolio with the
built-in default criteria set.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageError{err}
	})
	root.AddCommand(newScoreCmd(), newSensitivityCmd(), newCriteriaCmd(), newTemplateCmd(), newBatchCmd(), newVerifyCmd(), newVersionCmd())
	// Unknown subcommands and wrong argument counts are usage errors too.
	for _, c := range root.Commands() {
		wrapArgs(c)
	}
	return root
}

// wrapArgs makes the positional-argument check of a command and its
// subcommands return usage errors.
func wrapArgs(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return usageError{err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		wrapArgs(sub)
	}
}
