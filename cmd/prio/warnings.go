package main

import (
	"io"
	"strings"

	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/scoring"
)

// namedInvestments is how many investments a grouped warning names before
// it counts the rest.
const namedInvestments = 3

// printWarnings writes a scoring result's warnings on stderr as
// warningLines gives them.
func printWarnings(stderr io.Writer, warnings []messages.Message, repeated []scoring.RepeatedWarning) {
	for _, line := range warningLines(warnings, repeated) {
		warn(stderr, line)
	}
}

// warningLines gives warnings as a terminal shows them: in their order,
// except that the warnings repeated gives facts for are grouped by kind
// and field into one line, at the place of the group's first, with their
// count and the first few investments. A group of one stays as it is, and
// so does a warning without facts. The grouping is by the facts (kind,
// field), never by reading the warnings' text; the text only finds the
// facts of a warning. JSON and the reports keep every warning.
func warningLines(warnings []messages.Message, repeated []scoring.RepeatedWarning) []messages.Message {
	type key struct {
		kind  scoring.WarningKind
		field string
	}
	facts := make(map[string]scoring.RepeatedWarning, len(repeated))
	groups := make(map[key][]scoring.RepeatedWarning)
	for _, rw := range repeated {
		text := rw.Text.String() // a warning's English text is its identity
		if _, dup := facts[text]; dup {
			continue
		}
		facts[text] = rw
		k := key{rw.Kind, rw.Field}
		groups[k] = append(groups[k], rw)
	}
	var lines []messages.Message
	done := make(map[key]bool)
	for _, w := range warnings {
		rw, ok := facts[w.String()]
		if !ok {
			lines = append(lines, w)
			continue
		}
		k := key{rw.Kind, rw.Field}
		g := groups[k]
		line, grouped := groupLine(g)
		switch {
		case !grouped:
			lines = append(lines, w)
		case !done[k]:
			done[k] = true
			lines = append(lines, line)
		}
	}
	return lines
}

// groupLine says a group of repeated warnings of one kind and field in one
// line; grouped is false for a group of one, or of a kind it has no words
// for.
func groupLine(g []scoring.RepeatedWarning) (line messages.Message, grouped bool) {
	if len(g) < 2 {
		return messages.Message{}, false
	}
	ids := make([]string, min(len(g), namedInvestments))
	for i := range ids {
		ids[i] = g[i].Investment
	}
	var named any = strings.Join(ids, ", ")
	if len(g) > namedInvestments {
		named = messages.M("%s and %d more", named, len(g)-namedInvestments)
	}
	switch g[0].Kind {
	case scoring.DerivedNotFinite:
		return messages.M("derived field %s is not a finite number for %d investments (%s); read as missing; -f json lists each", g[0].Field, len(g), named), true
	case scoring.DerivedIntegerRange:
		return messages.M("derived field %s is an integer beyond 64 bits (or an integer division by zero) for %d investments (%s); read as missing; -f json lists each", g[0].Field, len(g), named), true
	}
	return messages.Message{}, false
}
