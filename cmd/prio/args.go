package main

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/prio-tool/prio/messages"
)

// cobra and pflag write their errors in English. prio's commands check
// their positional arguments themselves (noArgs, exactArgs, ...), flag
// errors are rewritten from pflag's typed errors (flagError), and the few
// errors cobra gives only as text (an unknown command of the root, a
// required flag) are recognised by their text (cobraError). Help and usage
// text stay English.

// noArgs refuses arguments. For a group of commands an argument is a
// subcommand it does not have.
func noArgs(cmd *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return nil
	case cmd.HasSubCommands():
		return unknownCommand(cmd, args[0])
	}
	return usagef("%s takes no arguments, not %d; usage: %s", cmd.CommandPath(), len(args), cmd.UseLine())
}

// exactArgs wants n arguments.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == n:
			return nil
		case n == 1:
			return usagef("%s takes 1 argument, not %d; usage: %s", cmd.CommandPath(), len(args), cmd.UseLine())
		}
		return usagef("%s takes %d arguments, not %d; usage: %s", cmd.CommandPath(), n, len(args), cmd.UseLine())
	}
}

// atMostOneArg wants no argument or one.
func atMostOneArg(cmd *cobra.Command, args []string) error {
	if len(args) > 1 {
		return usagef("%s takes at most 1 argument, not %d; usage: %s", cmd.CommandPath(), len(args), cmd.UseLine())
	}
	return nil
}

// atLeastOneArg wants one argument or more.
func atLeastOneArg(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usagef("%s needs at least 1 argument; usage: %s", cmd.CommandPath(), cmd.UseLine())
	}
	return nil
}

// unknownCommand is the error for a subcommand cmd does not have, with
// the ones whose names are near it.
func unknownCommand(cmd *cobra.Command, name string) error {
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if near := cmd.SuggestionsFor(name); len(near) > 0 {
		return usagef("unknown command %q for %q; did you mean %s?", name, cmd.CommandPath(), strings.Join(near, ", "))
	}
	return usagef("unknown command %q for %q", name, cmd.CommandPath())
}

// cobra's errors that exist only as text: the root's unknown command
// (cobra's own check of the root's arguments) and required flags.
var (
	cobraUnknownCommand = regexp.MustCompile(`^unknown command ("(?:[^"\\]|\\.)*") for "`)
	cobraRequiredFlags  = regexp.MustCompile(`^required flag\(s\) (.*) not set$`)
)

// cobraError rewrites the errors cobra makes as English text in the
// run's language; any other error is returned as it is.
func cobraError(root *cobra.Command, err error) error {
	var ue usageError
	if errors.As(err, &ue) {
		return err
	}
	msg := err.Error()
	if m := cobraUnknownCommand.FindStringSubmatch(msg); m != nil {
		if name, uerr := strconv.Unquote(m[1]); uerr == nil {
			return unknownCommand(root, name)
		}
	}
	if m := cobraRequiredFlags.FindStringSubmatch(msg); m != nil {
		return usagef("required flag(s) %s not set", m[1])
	}
	return err
}

// flagError is a flag error of pflag in the run's language.
func flagError(err error) error {
	var (
		notExist *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		if short := notExist.GetSpecifiedShortnames(); short != "" {
			return messages.Errorf("unknown shorthand flag: %q in -%s", firstRune(notExist.GetSpecifiedName()), short)
		}
		return messages.Errorf("unknown flag: --%s", notExist.GetSpecifiedName())
	case errors.As(err, &noValue):
		if short := noValue.GetSpecifiedShortnames(); short != "" {
			return messages.Errorf("flag needs an argument: %q in -%s", firstRune(noValue.GetSpecifiedName()), short)
		}
		return messages.Errorf("flag needs an argument: --%s", noValue.GetSpecifiedName())
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		name := "--" + f.Name
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			name = "-" + f.Shorthand + ", " + name
		}
		return messages.Errorf("invalid argument %q for %q flag: %s", invalid.GetValue(), name, flagValueProblem(errors.Unwrap(invalid)))
	case errors.As(err, &syntax):
		return messages.Errorf("bad flag syntax: %s", syntax.GetSpecifiedFlag())
	}
	return err
}

// flagValueProblem says why a flag's value was refused: prio's own flag
// types say it in the run's language already; pflag's say it in English,
// in the words matched here.
func flagValueProblem(err error) any {
	if err == nil {
		return ""
	}
	switch msg := err.Error(); msg {
	case "must be true or false":
		return messages.T("must be true or false")
	case "must be an integer":
		return messages.T("must be an integer")
	default:
		return err // prio's own flag types' errors say it in any language
	}
}

// firstRune is the flag letter of a shorthand name, quoted by %q as pflag
// quotes it ('x').
func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}
