package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/prio-tool/prio/criteria"
)

// criteriaLabels are the words of `prio criteria show` in one language.
type criteriaLabels struct {
	criteria, weight, effective, field, value, missing string
	gates, require, onFail, onMissing                  string
	derived, fields, headers, typ, changes, noChanges  string
}

var criteriaWords = map[string]criteriaLabels{
	"sv": {
		criteria: "Kriterier", weight: "Vikt", effective: "Effektiv vikt", field: "Fält", value: "Värdefunktion", missing: "Saknas",
		gates: "Utgångspunkter", require: "Villkor", onFail: "Om ej uppfylld", onMissing: "Om uppgift saknas",
		derived: "Härledda fält", fields: "Fält i portföljen", headers: "Rubriker", typ: "Typ",
		changes: "Ändringar", noChanges: "(inga ändringar angivna)",
	},
	"en": {
		criteria: "Criteria", weight: "Weight", effective: "Effective weight", field: "Field", value: "Value function", missing: "Missing",
		gates: "Starting points", require: "Requires", onFail: "On fail", onMissing: "On missing",
		derived: "Derived fields", fields: "Portfolio fields", headers: "Headers", typ: "Type",
		changes: "Changes", noChanges: "(no changes given)",
	},
}

// WriteCriteria writes a criteria set as people read it: its title and
// version, the criteria tree with stated and effective weights, fields and
// value functions, the starting points, the derived fields, the field
// dictionary and the change log.
func WriteCriteria(w io.Writer, set *criteria.Set, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	l := criteriaWords[lang]
	var buf bytes.Buffer
	title := plainText(set.Title.In(lang))
	if title == "" {
		title = set.ID
	}
	fmt.Fprintf(&buf, "%s\n%s %s (%s)", title, set.ID, set.Version, set.Status)
	if set.Date != "" {
		fmt.Fprintf(&buf, ", %s", set.Date)
	}
	fmt.Fprintf(&buf, "\nsha256 %s\n", set.SHA256) // not a message: the name of the digest, as in every report
	if d := plainText(set.Description.In(lang)); d != "" {
		fmt.Fprintf(&buf, "\n%s\n", wrap(d, 78))
	}

	fmt.Fprintf(&buf, "\n%s\n", l.criteria)
	rows := [][]string{{"", l.weight, l.effective, l.field, l.value, l.missing}}
	var walk func(cs []*criteria.Criterion, depth int)
	walk = func(cs []*criteria.Criterion, depth int) {
		for _, c := range cs {
			name := strings.Repeat("  ", depth) + c.ID
			if t := plainText(c.Title.In(lang)); t != "" {
				name += "  " + t
			}
			row := []string{name, FormatNumber(c.Weight, -1, lang), FormatNumber(c.EffectiveWeight*100, 2, lang) + " %", "", "", ""}
			if c.IsLeaf() {
				row[3], row[4], row[5] = c.Field, c.Value.String(), c.Missing
			}
			rows = append(rows, row)
			walk(c.Children, depth+1)
		}
	}
	walk(set.Criteria, 0)
	writeAligned(&buf, rows, []bool{false, true, true, false, false, false})

	if len(set.StartingPoints) > 0 {
		fmt.Fprintf(&buf, "\n%s\n", l.gates)
		rows = [][]string{{"", l.require, l.onFail, l.onMissing}}
		for _, g := range set.StartingPoints {
			name := g.ID
			if t := plainText(g.Title.In(lang)); t != "" {
				name += "  " + t
			}
			onMissing := "fail"
			if g.OnMissingPass {
				onMissing = "pass"
			}
			rows = append(rows, []string{name, g.Require, g.OnFail, onMissing})
		}
		writeAligned(&buf, rows, []bool{false, false, false, false})
	}

	if len(set.Derived) > 0 {
		fmt.Fprintf(&buf, "\n%s\n", l.derived)
		rows = nil
		for _, d := range set.Derived {
			rows = append(rows, []string{d.Name, "= " + d.Expr, "(" + d.Type.String() + ")"})
		}
		writeAligned(&buf, rows, []bool{false, false, false})
	}

	fmt.Fprintf(&buf, "\n%s\n", l.fields)
	rows = [][]string{{"", l.typ, l.headers}}
	for _, f := range set.Fields {
		typ := f.Type.String()
		switch {
		case f.Unit.Name != "":
			typ += " (" + f.Unit.Name + ")"
		case len(f.Levels) > 0:
			typ += " (" + strings.Join(f.Levels, ", ") + ")"
		}
		if f.Required {
			typ += ", required"
		}
		rows = append(rows, []string{f.Name, typ, strings.Join(f.Headers, " | ")})
	}
	writeAligned(&buf, rows, []bool{false, false, false})

	fmt.Fprintf(&buf, "\n%s\n", l.changes)
	if len(set.Changes) == 0 {
		fmt.Fprintf(&buf, "%s\n", l.noChanges)
	}
	rows = nil
	for _, c := range set.Changes {
		rows = append(rows, []string{c.Version, c.Date, c.Status, plainText(c.Note)})
	}
	writeAligned(&buf, rows, []bool{false, false, false, false})
	_, err = w.Write(buf.Bytes())
	return err
}

// wrap breaks s into lines of at most width runes at spaces; a word
// longer than width stands on a line of its own.
func wrap(s string, width int) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(s) {
		n := utf8.RuneCountInString(word)
		switch {
		case i == 0:
		case line+1+n > width:
			b.WriteByte('\n')
			line = 0
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += n
	}
	return b.String()
}
