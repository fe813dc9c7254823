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
// by default), with the story of the HTML pack's first page: the title
// with the agency and the date (o.Date), the criteria set (a draft flagged
// in a quote), the three-line summary and the top k with how firm each
// place is; then the investments whose place depends on missing data and
// those that may enter the top k, in plain sentences, with a selection
// what to fund within the budget frames, the ranking as a
// table (at most maxShown ranked investments, then the counts per agency),
// every failed starting point in a sentence, and a short account of the
// run with the starting points' conditions.
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
	s := newStory(p, lang, o.Date)
	r := p.Score
	num := func(n int) string { return FormatNumber(float64(n), 0, lang) }
	k := num(s.K)
	var b bytes.Buffer

	fmt.Fprintf(&b, "# %s\n\n", md(s.Title))
	if s.Date != "" {
		fmt.Fprintf(&b, "%s: %s\n\n", md(l.date), md(s.Date))
	}
	fmt.Fprintf(&b, "%s\n\n", md(s.CriteriaLine))
	if s.Draft {
		fmt.Fprintf(&b, "> **%s.** %s\n\n", md(s.DraftShort), md(s.DraftBanner))
	}
	for _, a := range s.Absent {
		fmt.Fprintf(&b, "> %s\n\n", md(a))
	}

	fmt.Fprintf(&b, "## %s\n\n", md(l.summary))
	for _, line := range s.Lines {
		fmt.Fprintf(&b, "%s\n", md(line))
	}
	b.WriteByte('\n')
	if s.NoRanked != "" {
		fmt.Fprintf(&b, "%s\n\n", md(s.NoRanked))
	} else {
		fmt.Fprintf(&b, "### %s\n\n", md(fmt.Sprintf(l.topHeading, k)))
		header := []string{l.rank, l.id, l.name, l.score}
		align := []bool{true, false, false, true}
		if s.Firmness {
			header = append(header, l.firmness, fmt.Sprintf(l.topKShare, k), l.interval90)
			align = append(align, false, true, true)
		}
		rows := make([][]string, 0, len(s.Top))
		for _, t := range s.Top {
			row := []string{t.Rank, t.ID, t.Name, t.Score}
			if s.Firmness {
				row = append(row, t.Verdict, t.Share, t.Interval)
			}
			rows = append(rows, row)
		}
		mdTable(&b, header, align, rows)
		if s.Thresholds != "" {
			fmt.Fprintf(&b, "%s\n\n", md(s.Thresholds))
		}
		if len(s.Depend) > 0 {
			fmt.Fprintf(&b, "### %s\n\n%s\n\n", md(l.dependHeading), md(s.DependIntro))
			mdItems(&b, s.Depend)
		}
		if len(s.Contenders) > 0 {
			fmt.Fprintf(&b, "### %s\n\n%s\n\n", md(fmt.Sprintf(l.contendersHeading, k)), md(s.ContendersIntro))
			mdItems(&b, s.Contenders)
		}
	}

	if p.Selection != nil {
		ss := newSelectionStory(p.Selection, lang)
		fmt.Fprintf(&b, "## %s\n\n", md(ss.Heading))
		writeSelectionMarkdownBody(&b, p.Selection, &ss, lang, "###")
	}

	fmt.Fprintf(&b, "## %s\n\n", md(l.ranking))
	for _, note := range []string{s.Truncated, s.TruncatedExcluded} {
		if note != "" {
			fmt.Fprintf(&b, "%s\n\n", md(note))
		}
	}
	multiAgency := severalAgencies(r)
	header := []string{l.rank, l.id, l.name}
	align := []bool{true, false, false}
	if multiAgency {
		header, align = append(header, l.agency), append(align, false)
	}
	header, align = append(header, l.status, l.score), append(align, false, true)
	if s.Firmness {
		header, align = append(header, l.firmness), append(align, false)
	}
	header, align = append(header, l.failedGates, l.missing), append(align, false, false)
	rankingRow := func(a *scoring.Assessment, verdict string) []string {
		row := []string{assessmentRank(a, lang), plainText(a.ID), plainText(a.Name)}
		if multiAgency {
			row = append(row, plainText(a.Agency))
		}
		row = append(row, investmentStatus(a.Status, lang), FormatNumber(a.Score*100, 1, lang))
		if s.Firmness {
			row = append(row, verdict)
		}
		return append(row, strings.Join(a.FailedGates(), ", "), strings.Join(a.Missing, ", "))
	}
	rows := make([][]string, 0, len(s.Rows)+s.ShownExcluded)
	for _, row := range s.Rows {
		rows = append(rows, rankingRow(row.Assessment, row.Verdict))
	}
	for _, a := range excludedAssessments(r)[:s.ShownExcluded] {
		rows = append(rows, rankingRow(a, ""))
	}
	mdTable(&b, header, align, rows)
	if s.Truncated != "" || s.TruncatedExcluded != "" {
		sl := summaryWords[lang]
		fmt.Fprintf(&b, "### %s\n\n", md(l.agencyGroups))
		var groups [][]string
		for _, g := range agencyGroups(r, s.Shown) {
			best := ""
			if g.BestRank > 0 {
				best = num(g.BestRank)
			}
			groups = append(groups, []string{g.Agency, num(g.Investments), num(g.Ranked), num(g.Shown), num(g.Excluded), best})
		}
		mdTable(&b, []string{l.agency, sl.investments, sl.rankedCol, l.shown, sl.excludedCol, sl.bestRank},
			[]bool{false, true, true, true, true, true}, groups)
	}

	gt := newGateTexter(p.Set, r, lang)
	var failed []dependItem
	shown := map[*scoring.Assessment]bool{}
	for _, row := range s.Rows {
		shown[row.Assessment] = true
	}
	for _, a := range excludedAssessments(r)[:s.ShownExcluded] {
		shown[a] = true
	}
	for i := range r.Investments {
		a := &r.Investments[i]
		if !shown[a] {
			continue
		}
		var reasons []string
		for gi, g := range a.Gates {
			if text := gt.sentence(gi, g); text != "" {
				reasons = append(reasons, text+".")
			}
		}
		if len(reasons) > 0 {
			failed = append(failed, dependItem{ID: plainText(a.ID), Name: plainText(a.Name), Text: strings.Join(reasons, " ")})
		}
	}
	fmt.Fprintf(&b, "## %s\n\n", md(l.gates))
	if len(failed) == 0 {
		fmt.Fprintf(&b, "%s\n\n", md(l.noGateResults))
	} else {
		fmt.Fprintf(&b, "%s:\n\n", md(l.gateResultsCaption))
		for _, d := range failed {
			fmt.Fprintf(&b, "- **%s**", md(d.ID))
			if d.Name != "" {
				fmt.Fprintf(&b, " %s", md(d.Name))
			}
			fmt.Fprintf(&b, ": %s\n", md(d.Text))
		}
		b.WriteByte('\n')
	}

	fmt.Fprintf(&b, "## %s\n\n", md(l.about))
	fmt.Fprintf(&b, "- %s: %s %s (%s), SHA-256 `%s`\n", md(l.criteriaID), md(r.Criteria.ID), md(r.Criteria.Version), md(s.Status), codeSpan(r.Criteria.SHA256)) // not a message: the name of the digest; the words are packWords'
	for _, in := range r.Inputs {
		where := md(in.Path)
		if in.Sheet != "" {
			where += " (" + md(in.Sheet) + ")"
		}
		fmt.Fprintf(&b, "- %s: %s, %s %s, SHA-256 `%s`\n", md(l.path), where, num(in.Rows), md(plural(in.Rows, rowWords[lang][0], rowWords[lang][1])), codeSpan(in.SHA256)) // not a message: the name of the digest; the words are packWords'
	}
	if sens := p.Sensitivity; sens != nil {
		fmt.Fprintf(&b, "- %s: %s, %s: %d, %s: %s, %s: %s\n",
			md(l.samples), num(sens.Samples), md(l.seed), sens.Seed,
			md(l.weightsModel), md(weightModel(sens.Weights, lang)), md(l.top), num(sens.Top))
	}
	if o.Version != "" {
		fmt.Fprintf(&b, "- %s: %s\n", md(l.prioVersion), md(o.Version))
	}
	if len(r.Gates) > 0 {
		fmt.Fprintf(&b, "\n### %s\n\n", md(l.gateDefsCaption))
		var defs [][]string
		for gi, g := range r.Gates {
			defs = append(defs, []string{plainText(g.ID), gt.title(gi, scoring.GateResult{ID: g.ID}), plainText(g.Require)})
		}
		mdTable(&b, []string{l.gate, l.gateTitle, l.expression}, []bool{false, false, false}, defs)
	}
	_, err = w.Write(b.Bytes())
	return err
}

// rowWords are "row" and "rows" in each language.
var rowWords = map[string][2]string{"sv": {"rad", "rader"}, "en": {"row", "rows"}}

// mdItems writes a list of investments, each with a sentence.
func mdItems(b *bytes.Buffer, items []dependItem) {
	for _, d := range items {
		fmt.Fprintf(b, "- **%s**", md(d.ID))
		if d.Name != "" {
			fmt.Fprintf(b, " %s", md(d.Name))
		}
		fmt.Fprintf(b, " %s\n", md(d.Text))
	}
	b.WriteByte('\n')
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
