package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio/internal/safeio"
	"github.com/prio-tool/prio/internal/termtext"
	"github.com/prio-tool/prio/messages"
)

// usageError marks a wrong command line: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{messages.Errorf(format, args...)}
}

// langEnv is the environment variable that chooses the language when
// --lang is not given.
const langEnv = "PRIO_LANG"

// console is the stderr of one run with the run's language: the messages
// prio writes for people are made in no language and given in the
// console's where they are written. Each run has its own: two runs at once
// (tests run many) may speak two languages.
type console struct {
	io.Writer
	lang messages.Lang
}

// langOf is the language of the run whose stderr w is: its console's, or
// English for another writer (a test's buffer).
func langOf(w io.Writer) messages.Lang {
	if c, ok := w.(*console); ok {
		return c.lang
	}
	return messages.English
}

// run executes the command line and returns the exit status. It owns every
// byte written to the terminal.
func run(args []string, stdout, stderr io.Writer) int {
	// The language is chosen before cobra reads the command line, so that
	// its errors (an unknown flag, a missing argument) are in it too; the
	// root's PersistentPreRunE checks the parsed --lang again. A bad --lang
	// is said in PRIO_LANG's language, else in Swedish. The shell's
	// completion requests carry the line being typed, "--lang" with an
	// empty value among them: they are cobra's to answer.
	con := &console{Writer: stderr, lang: messages.Swedish}
	if l, err := messages.ParseLang(os.Getenv(langEnv)); err == nil {
		con.lang = l
	}
	if len(args) == 0 || !isCompletion(args[0]) {
		flagLang, given := langArg(args)
		lang, err := chooseLanguage(flagLang, given)
		if err != nil {
			return fail(con, err)
		}
		con.lang = lang
	}

	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(con)
	// Ctrl-C or SIGTERM cancels the context, and the run stops as it does
	// for Ctrl-C: nothing written, temporary files removed; a second signal
	// ends prio at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)
	err := executeInterruptibly(ctx, func() error { return root.ExecuteContext(ctx) }, stopGrace)
	if err == nil {
		return 0
	}
	return fail(con, cobraError(root, err))
}

// stopGrace is how long a cancelled run has to stop by itself before prio
// stops without it: Ctrl-C ends prio within a second, whatever it is doing.
const stopGrace = 500 * time.Millisecond

// executeInterruptibly runs execute and returns its error. When ctx is
// cancelled (Ctrl-C, SIGTERM), execute has grace to return by itself, as
// it does wherever it checks ctx; a run busy in a long read or parse that
// does not check it is left behind: its temporary folders are removed
// (safeio.AbandonAll), and the error is "interrupted", so that the caller
// exits as for any interrupted run.
func executeInterruptibly(ctx context.Context, execute func() error, grace time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- execute() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		safeio.AbandonAll()
		return interrupted()
	}
}

// fail prints err and gives the exit status: 2 for a wrong command line,
// with a pointer to the help, else 1.
func fail(stderr io.Writer, err error) int {
	printError(stderr, err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, messages.T("prio: see 'prio --help'").In(langOf(stderr)))
		return 2
	}
	return 1
}

// printError writes an error to stderr, one "prio: " line per line of the
// error, so that every problem of an error list stands on its own line.
func printError(w io.Writer, err error) {
	printLines(w, "prio: ", messages.Localize(err, langOf(w)))
}

// printLines is the one way prio writes messages for people, on stderr and
// stdout: each line of lines on a line of its own after prefix, with the
// characters a terminal would act on rather than show (an escape sequence
// that retitles the window or clears the screen, a carriage return, a
// bidirectional override) written as escapes, \x1b or \u202e. Names of
// files, agencies and investments in messages come from users' files and
// file systems; the prefixes are prio's own.
func printLines(w io.Writer, prefix, lines string) {
	for _, line := range strings.Split(lines, "\n") {
		fmt.Fprintln(w, prefix+termtext.Escape(line))
	}
}

// isCompletion tells cobra's hidden command that answers the shell's
// completion requests, which must never fail on the line being typed.
func isCompletion(name string) bool {
	return name == cobra.ShellCompRequestCmd || name == cobra.ShellCompNoDescRequestCmd
}

// langArg finds the value of the last --lang of a command line, as cobra
// will read it: --lang VALUE or --lang=VALUE, before any "--".
func langArg(args []string) (value string, given bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return value, given
		case a == "--lang" && i+1 < len(args):
			value, given = args[i+1], true
			i++
		case strings.HasPrefix(a, "--lang="):
			value, given = strings.TrimPrefix(a, "--lang="), true
		}
	}
	return value, given
}

// chooseLanguage is the language of a run: --lang when given, else
// PRIO_LANG when set, else Swedish.
func chooseLanguage(flagLang string, given bool) (messages.Lang, error) {
	if given {
		l, err := messages.ParseLang(flagLang)
		if err != nil {
			return "", usagef("--lang must be sv or en, not %q", flagLang)
		}
		return l, nil
	}
	if env := os.Getenv(langEnv); env != "" {
		l, err := messages.ParseLang(env)
		if err != nil {
			return "", usagef("the environment variable %s must be sv or en, not %q", langEnv, env)
		}
		return l, nil
	}
	return messages.Swedish, nil
}

// lang is the language of the run whose stderr w is, "sv" or "en", for
// the reports people read.
func lang(w io.Writer) string { return string(langOf(w)) }

// setUpCobra sets cobra's settings for the whole process once: runs made
// at the same time (tests make many) build their commands side by side.
var setUpCobra sync.Once

func newRootCmd() *cobra.Command {
	setUpCobra.Do(func() {
		// Every command's persistent hooks run, the root's first, so that
		// no subcommand's own can keep the root's from setting the
		// language.
		cobra.EnableTraverseRunHooks = true
		cobra.AddTemplateFunc("prioVersionText", versionText)
	})
	var langFlag string
	root := &cobra.Command{
		Use:   "prio",
		Short: "Score and prioritise public agencies' digital investments",
		Long: `prio applies a versioned criteria set (YAML) to agencies' investment portfolios
(Excel workbooks or CSV) and writes ranked, weighted assessments in which every
score is explained by criterion, starting point (gate) and source cell.

With no arguments, 'prio score' scores the built-in example portfolio with the
built-in default criteria set.

Messages and reports are in Swedish unless --lang en or PRIO_LANG=en says
otherwise; this help is in English.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if isCompletion(cmd.Name()) {
				return nil
			}
			l, err := chooseLanguage(langFlag, cmd.Flags().Changed("lang"))
			if err != nil {
				return err
			}
			if c, ok := cmd.ErrOrStderr().(*console); ok {
				c.lang = l
			}
			return nil
		},
	}
	defaultLang := string(messages.Swedish)
	if env := os.Getenv(langEnv); env != "" {
		defaultLang = env
	}
	root.PersistentFlags().StringVar(&langFlag, "lang", defaultLang, "language of messages and reports, sv or en; PRIO_LANG sets the default")
	_ = root.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"sv", "en"}, cobra.ShellCompDirectiveNoFileComp))
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageError{flagError(err)}
	})
	addVersionFlag(root)
	root.AddCommand(newScoreCmd(), newSensitivityCmd(), newSelectCmd(), newCriteriaCmd(), newTemplateCmd(), newBatchCmd(), newVerifyCmd(), newVersionCmd())
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
				var ue usageError
				if errors.As(err, &ue) {
					return err
				}
				return usageError{err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		wrapArgs(sub)
	}
}
