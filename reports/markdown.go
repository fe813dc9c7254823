package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/prio-tool/prio/scoring"
)

// WriteMarkdown writes the summary and the ranking of a pack as plain
// Markdown (CommonMark with GitHub's tables) for memos, in o.Lang (Swedish
// by default): the criteria set (a draft flagged in a quote), the counts,
// the top k and how firm each place is (when the pack has a sensitivity
// analysis), the investments whose place depends on missing data, the
// whole ranking as a table, and a short account of the run.
//
// All text from the inputs is escaped, so that a name such as "<script>"
// or "a | b" shows as typed when a Markdown renderer shows the memo.
func WriteMarkdown(w io.Writer, p *Pack, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	if err := checkPack(p); err != nil {
		return err
	}
	l := packWords[lang]
	s := newSummary(p, lang)
	r := p.Score
	var b bytes.Buffer

	fmt.Fprintf(&b, "# %s\n\n", md(l.title))
	fmt.Fprintf(&b, "%s: %s (%s, %s)\n\n", md(l.criteriaSet), md(s.Criteria), md(s.CriteriaVersion), md(s.Status))
	if s.Draft {
		fmt.Fprintf(&b, "> **%s.** %s\n\n", md(s.DraftShort), md(s.DraftBanner))
	}
	for _, a := range s.Absent {
		fmt.Fprintf(&b, "> %s\n\n", md(a))
	}

	fmt.Fprintf(&b, "## %s\n\n%s\n\n", md(l.summary), md(s.Counts))
	if s.NoRanked != "" {
		fmt.Fprintf(&b, "%s\n\n", md(s.NoRanked))
	} else {
		fmt.Fprintf(&b, "### %s\n\n", md(s.TopHeading))
		header := []string{l.rank, l.id, l.name, l.score}
		align := []bool{true, false, false, true}
		if s.Firmness {
			header = append(header, l.firmness)
			align = append(align, false)
		}
		rows := make([][]string, 0, len(s.Top))
		for _, t := range s.Top {
			row := []string{t.Rank, t.ID, t.Name, t.Score}
			if s.Firmness {
				row = append(row, t.Firmness)
			}
			rows = append(rows, row)
		}
		mdTable(&b, header, align, rows)
		if !s.Firmness {
			fmt.Fprintf(&b, "%s\n\n", md(s.FirmnessNote))
		}
		fmt.Fprintf(&b, "### %s\n\n", md(l.dependHeading))
		if len(s.Depend) == 0 {
			fmt.Fprintf(&b, "%s\n\n", md(l.none))
		} else {
			fmt.Fprintf(&b, "%s\n\n", md(s.DependIntro))
			for _, d := range s.Depend {
				fmt.Fprintf(&b, "- **%s**", md(d.ID))
				if d.Name != "" {
					fmt.Fprintf(&b, " %s", md(d.Name))
				}
				fmt.Fprintf(&b, ": %s\n", md(d.CellList))
			}
			b.WriteByte('\n')
		}
	}

	fmt.Fprintf(&b, "## %s\n\n", md(l.ranking))
	rows := make([][]string, 0, len(r.Investments))
	for i := range r.Investments {
		a := &r.Investments[i]
		rank := "-"
		if a.Status != scoring.Excluded {
			rank = FormatNumber(float64(a.Rank), 0, lang)
		}
		rows = append(rows, []string{
			rank, plainText(a.ID), plainText(a.Name), plainText(a.Agency),
			investmentStatus(a.Status, lang), FormatNumber(a.Score*100, 1, lang),
			strings.Join(a.FailedGates(), ", "), strings.Join(a.Missing, ", "), plainText(source(a)),
		})
	}
	mdTable(&b, []string{l.rank, l.id, l.name, l.agency, l.status, l.score, l.failedGates, l.missing, l.source},
		[]bool{true, false, false, false, false, true, false, false, false}, rows)

	fmt.Fprintf(&b, "## %s\n\n", md(l.about))
	fmt.Fprintf(&b, "- %s: %s %s (%s), sha256 `%s`\n", md(l.criteriaID), md(r.Criteria.ID), md(r.Criteria.Version), md(s.Status), codeSpan(r.Criteria.SHA256)) // not a message: the name of the digest; the words are packWords'
	for _, in := range r.Inputs {
		where := md(in.Path)
		if in.Sheet != "" {
			where += " (" + md(in.Sheet) + ")"
		}
		fmt.Fprintf(&b, "- %s: %s, %s %s, sha256 `%s`\n", md(l.path), where, FormatNumber(float64(in.Rows), 0, lang), md(plural(in.Rows, l.row, l.rowsPl)), codeSpan(in.SHA256)) // not a message: the name of the digest; the words are packWords'
	}
	if sens := p.Sensitivity; sens != nil {
		fmt.Fprintf(&b, "- %s: %s, %s: %d, %s: %s, %s: %s\n",
			md(l.samples), FormatNumber(float64(sens.Samples), 0, lang), md(l.seed), sens.Seed,
			md(l.weightsModel), md(weightModel(sens.Weights, lang)), md(l.top), FormatNumber(float64(sens.Top), 0, lang))
	}
	if o.Version != "" {
		fmt.Fprintf(&b, "- %s: %s\n", md(l.prioVersion), md(o.Version))
	}
	_, err = w.Write(b.Bytes())
	return err
}

// mdTable writes a GitHub table; right[i] aligns column i to the right.
// Every cell is escaped.
func mdTable(b *bytes.Buffer, header []string, right []bool, rows [][]string) {
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" ")
			b.WriteString(md(c))
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	row(header)
	b.WriteString("|")
	for _, r := range right {
		if r {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		row(r)
	}
	b.WriteString("\n")
}

// mdEscaped are the characters md escapes with a backslash: those that
// start emphasis, code, links, raw HTML, entities, table cells,
// strikethrough and headings. All are ASCII punctuation, which CommonMark
// lets a backslash escape.
const mdEscaped = "\\`*_[]<>|&~#"

// md makes text from the inputs safe to put in Markdown: control
// characters become spaces (as in the terminal table) and every character
// that Markdown would read as markup is escaped, so "<script>" stays text
// and "a|b" stays in its table cell.
func md(s string) string {
	s = plainText(s)
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && strings.ContainsRune(mdEscaped, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// codeSpan makes s safe inside a one-backtick code span: a hash has no
// backtick, but a path or a sheet might.
func codeSpan(s string) string {
	return strings.ReplaceAll(plainText(s), "`", "'")
}
