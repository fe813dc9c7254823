package reports

import (
	"bytes"
	"fmt"
	"io"

	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/scoring/selection"
)

// WriteSelectionMarkdown writes s as a Markdown document (CommonMark with
// GitHub's tables) for memos, in o.Lang: the title with the agency (the
// one all investments share), the date (o.Date), the criteria set, where the budgets come
// from and whether the selection is proven optimal; how many are funded
// and their value against funding down the ranking (and, with funding
// probabilities, how many are robust); the budgets with what is used and
// left; the funded investments as a table; those not funded as a list of
// sentences, each with its reason; the frontier as a table when asked
// for; and the run's warnings. Every text from the inputs is escaped.
func WriteSelectionMarkdown(w io.Writer, s *Selection, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	if err := checkSelection(s); err != nil {
		return err
	}
	ss := newSelectionStory(s, lang)
	var b bytes.Buffer
	title := ss.Heading
	if a := packAgency(&Pack{Score: s.Score}); a != "" {
		title += " – " + a
	}
	fmt.Fprintf(&b, "# %s\n\n", md(title))
	if d := dateText(o.Date, lang); d != "" {
		fmt.Fprintf(&b, "%s: %s\n\n", md(packWords[lang].date), md(d))
	}
	fmt.Fprintf(&b, "%s\n\n", md(fmt.Sprintf(packWords[lang].criteriaLine, criteriaName(s.Score.Criteria, lang),
		plainText(s.Score.Criteria.Version), statusWord(s.Score.Criteria.Status, lang))))
	writeSelectionMarkdownBody(&b, s, &ss, lang, "##")
	if ws := s.Outcome.Setup.Warnings; len(ws) > 0 {
		fmt.Fprintf(&b, "## %s\n\n", md(packWords[lang].warnings))
		for _, line := range ws {
			fmt.Fprintf(&b, "- %s\n", md(line.In(messages.Lang(lang))))
		}
		b.WriteByte('\n')
	}
	_, err = w.Write(b.Bytes())
	return err
}

// writeSelectionMarkdownBody writes the story of a selection under
// headings of level h ("##" in its own document, "###" in the pack's
// memo).
func writeSelectionMarkdownBody(b *bytes.Buffer, s *Selection, ss *selectionStory, lang, h string) {
	l := selectionWords[lang]
	num := func(n int) string { return FormatNumber(float64(n), 0, lang) }
	fmt.Fprintf(b, "%s\n\n**%s**\n\n", md(ss.Source), md(ss.Status))
	for _, line := range ss.Lines {
		fmt.Fprintf(b, "%s\n", md(line))
	}
	if len(ss.Lines) > 0 {
		b.WriteByte('\n')
	}
	if len(ss.Conflict) > 0 {
		fmt.Fprintf(b, "%s %s\n\n", h, md(l.conflictHeading))
		fmt.Fprintf(b, "%s:\n\n", md(l.conflict))
		for _, c := range ss.Conflict {
			fmt.Fprintf(b, "- %s\n", md(c))
		}
		b.WriteByte('\n')
	}

	fmt.Fprintf(b, "%s %s\n\n", h, md(l.budgetsHeading))
	var rows [][]string
	for _, bu := range ss.Budgets {
		rows = append(rows, []string{bu.Name, bu.FrameText, bu.UsedText, bu.LeftText, bu.ShareTxt})
	}
	mdTable(b, []string{l.budget, amountHeading(l.frame, ss.Unit), amountHeading(l.used, ss.Unit), amountHeading(l.left, ss.Unit), l.share},
		[]bool{false, true, true, true, true}, rows)
	if ss.Unbudgeted != "" {
		fmt.Fprintf(b, "%s\n\n", md(ss.Unbudgeted))
	}
	if !ss.HasPortfolio {
		return
	}

	fmt.Fprintf(b, "%s %s (%s)\n\n", h, md(l.funded), num(len(ss.Funded)))
	if note := truncatedNote(len(ss.Funded), lang); note != "" {
		fmt.Fprintf(b, "%s\n\n", md(note))
	}
	head, right := fundedColumns(s, ss, lang)
	rows = nil
	for _, it := range ss.Funded[:min(len(ss.Funded), maxShown)] {
		rows = append(rows, fundedCells(ss, it))
	}
	if len(rows) > 0 {
		mdTable(b, head, right, rows)
	}

	fmt.Fprintf(b, "%s %s (%s)\n\n", h, md(l.notFunded), num(len(ss.NotFunded)))
	if note := truncatedNote(len(ss.NotFunded), lang); note != "" {
		fmt.Fprintf(b, "%s\n\n", md(note))
	}
	for _, it := range ss.NotFunded[:min(len(ss.NotFunded), maxShown)] {
		fmt.Fprintf(b, "- **%s**", md(it.ID))
		if it.Name != "" {
			fmt.Fprintf(b, " %s", md(it.Name))
		}
		text := it.Sentence[len(it.ID):]
		if it.Probability != "" && it.row.exp != nil && it.row.exp.Reason > selection.ReasonCostMissing {
			// Those that cannot be funded at all are never funded in a
			// sample either: their 0 % says nothing.
			text += " " + fmt.Sprintf(l.probabilitySentence, it.Probability, it.Class)
		}
		fmt.Fprintf(b, " %s\n", md(text))
	}
	if len(ss.NotFunded) > 0 {
		b.WriteByte('\n')
	}
	if ss.Thresholds != "" {
		fmt.Fprintf(b, "%s\n\n", md(ss.Thresholds))
	}

	if len(ss.Frontier) > 0 {
		fmt.Fprintf(b, "%s %s\n\n", h, md(l.frontier))
		fmt.Fprintf(b, "%s\n\n", md(l.frontierNote+" "+l.frontierHullRow))
		head, right := frontierColumns(s, ss, lang)
		rows = nil
		for _, fr := range ss.Frontier {
			rows = append(rows, []string{fr.Scale, fr.Budget, fr.Value, fr.Line, fr.Gain, fr.Supported})
		}
		mdTable(b, head, right, rows)
	}
}

// truncatedNote says that a list shows the first maxShown of n, or is "".
func truncatedNote(n int, lang string) string {
	if n <= maxShown {
		return ""
	}
	return fmt.Sprintf(selectionWords[lang].truncated, FormatNumber(maxShown, 0, lang), FormatNumber(float64(n), 0, lang))
}

// fundedColumns are the heads of the table of funded investments, and
// which are numbers.
func fundedColumns(s *Selection, ss *selectionStory, lang string) ([]string, []bool) {
	l := selectionWords[lang]
	head := []string{l.rank, l.id, l.name, s.valueHeading(lang)}
	right := []bool{true, false, false, true}
	for _, bu := range ss.Budgets {
		head = append(head, amountHeading(bu.Name, ss.Unit))
		right = append(right, true)
	}
	if len(ss.Budgets) > 1 {
		head = append(head, amountHeading(l.totalYears, ss.Unit))
		right = append(right, true)
	}
	if ss.Losses {
		head = append(head, lossHeading(s, l.lossDroppedCol, lang))
		right = append(right, true)
	}
	if ss.Probability {
		head = append(head, l.probability, l.class)
		right = append(right, true, false)
	}
	return head, right
}

// fundedCells is a funded investment's row, as fundedColumns heads it.
func fundedCells(ss *selectionStory, it selectionItem) []string {
	row := []string{it.Rank, it.ID, it.Name, it.Value}
	for b := range ss.Budgets {
		c := ""
		if b < len(it.Costs) {
			c = it.Costs[b]
		}
		row = append(row, c)
	}
	if len(ss.Budgets) > 1 {
		row = append(row, it.Total)
	}
	if ss.Losses {
		row = append(row, it.Loss)
	}
	if ss.Probability {
		row = append(row, it.Probability, it.Class)
	}
	return row
}

// lossHeading is the heading of a loss column: "Att ta bort den kostar
// (poäng)".
func lossHeading(s *Selection, head, lang string) string {
	if s.ScoreValue {
		return head + " (" + selectionWords[lang].points + ")"
	}
	return head
}

// frontierColumns are the heads of the frontier's table, and which are
// numbers.
func frontierColumns(s *Selection, ss *selectionStory, lang string) ([]string, []bool) {
	l := selectionWords[lang]
	unit := ""
	if s.ScoreValue {
		unit = l.points
	}
	return []string{l.frontierScale, amountHeading(l.frontierBudget, ss.Unit), amountHeading(l.frontierValue, unit),
			amountHeading(l.frontierLine, unit), amountHeading(l.frontierGain, unit), capitalise(l.supported, true)},
		[]bool{true, true, true, true, true, false}
}
