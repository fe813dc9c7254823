package reports

import (
	"fmt"
	"math"
	"strings"

	"github.com/prio-tool/prio/scoring/selection"
)

// selectionStory is what the reports in sentences (the Markdown document,
// the workbook's funding sheet, the HTML pack's selection chapter) say
// about a selection, worked out once so that they never disagree. Its
// strings are plain text in the report's language, not yet escaped.
type selectionStory struct {
	Heading string
	// Source names where the budgets and rules come from; Status says
	// whether the selection is proven optimal, in a sentence.
	Source, Status string
	// Lines: how many are funded and their value; what the ranking line
	// gives; with funding probabilities, how many fall in each class.
	Lines []string
	// Conflict lists, for an infeasible selection, the conflicting rules
	// and budgets with their places.
	Conflict []string
	// HasPortfolio is false when there is nothing to list (infeasible, or
	// a limit stopped the search before any portfolio).
	HasPortfolio bool
	// Unit is the cost field's unit ("mnkr"), or "".
	Unit    string
	Budgets []selectionBudget
	// Unbudgeted says what the funded cost in the years without a budget,
	// or is "".
	Unbudgeted string
	// Funded and NotFunded are every investment, in ranking order; the
	// reports for people list the first maxShown of each.
	Funded, NotFunded []selectionItem
	// Losses and Probability say that the rows have a loss, and a funding
	// probability with its class.
	Losses, Probability bool
	Thresholds          string
	// Frontier is the frontier's points in increasing budget, when asked
	// for; Chosen the index of the budget given (λ = 1), or -1.
	Frontier []selectionFrontierRow
	Chosen   int
}

// selectionBudget is one budget: its name for people ("2026", "Totalt"),
// its amounts, and the amounts as text.
type selectionBudget struct {
	Name                                    string
	Frame, Used, Left                       float64
	FrameText, UsedText, LeftText, ShareTxt string
}

// selectionItem is one investment as the reports in sentences show it.
type selectionItem struct {
	row              *selectionRow
	Rank, ID, Name   string
	Value            string   // points, or the value expression's value
	Costs            []string // per budget
	Total            string   // the sum over the budgets, when there are several
	Loss             string   // loss_if_dropped or loss_if_forced, or ""
	Probability      string   // "98,5 %", or ""
	Class            string   // "robust ja", or ""
	Reason, Sentence string   // not funded: the reason as a sentence, and with the id and rank first
}

// selectionFrontierRow is one point of the frontier.
type selectionFrontierRow struct {
	point                            *selection.FrontierPoint
	Scale, Budget, Value, Line, Gain string
	Supported                        string
}

// newSelectionStory works out the story of s in lang.
func newSelectionStory(s *Selection, lang string) selectionStory {
	l := selectionWords[lang]
	out := s.Outcome
	st, sol := out.Setup, out.Solution
	p := st.Problem
	num := func(n int) string { return FormatNumber(float64(n), 0, lang) }
	amount := func(x float64) string { return FormatNumber(x, 1, lang) }
	withUnit := func(x float64) string {
		if s.Unit != "" {
			return amount(x) + "\u00a0" + plainText(s.Unit)
		}
		return amount(x)
	}
	ss := selectionStory{Heading: l.heading, Unit: plainText(s.Unit), HasPortfolio: sol.HasPortfolio, Chosen: -1}
	ss.Source = l.commandLineLine
	if s.Path != "" {
		ss.Source = fmt.Sprintf(l.fileLine, plainText(s.Path))
	}
	ss.Status = capitalise(l.status[sol.Status], true)
	if sol.HasPortfolio && sol.Status != selection.StatusOptimal && finite(sol.Gap) {
		ss.Status += "; " + fmt.Sprintf(l.gapLine, percentText(sol.Gap, 2, lang))
	}
	ss.Status += "."
	if sol.Status == selection.StatusInfeasible {
		for _, r := range sol.Conflict {
			ss.Conflict = append(ss.Conflict, plainText(st.RuleText(r))+" ("+plainText(st.RulePos(r).String())+")")
		}
	}
	for b, bu := range p.Budgets {
		sb := selectionBudget{Name: plainText(bu.Name), Frame: bu.Capacity}
		if st.Pooled {
			sb.Name = l.total
		}
		if sol.HasPortfolio {
			sb.Used = sol.Used[b]
		}
		sb.Left = math.Max(0, sb.Frame-sb.Used)
		sb.FrameText, sb.UsedText, sb.LeftText = amount(sb.Frame), amount(sb.Used), amount(sb.Left)
		if sb.Frame > 0 {
			sb.ShareTxt = percentText(sb.Used/sb.Frame, 0, lang)
		}
		ss.Budgets = append(ss.Budgets, sb)
	}
	if sol.HasPortfolio && len(st.Unbudgeted) > 0 {
		var parts []string
		for _, u := range st.Unbudgeted {
			parts = append(parts, plainText(u.Year)+": "+withUnit(unbudgetedTotal(sol, u)))
		}
		ss.Unbudgeted = fmt.Sprintf(l.unbudgetedLine, joinWords(parts, l.and))
	}
	if !sol.HasPortfolio {
		return ss
	}

	ss.Losses = out.Losses != nil
	ss.Probability = out.Funding != nil
	counts := map[selection.Robustness]int{}
	funded := 0
	for _, r := range selectionRows(s) {
		it := selectionItem{row: &r, Rank: "-", ID: plainText(r.a.ID), Name: plainText(r.a.Name)}
		if r.a.Rank > 0 {
			it.Rank = num(r.a.Rank)
		}
		if s.ScoreValue {
			it.Value = FormatNumber(p.Items[r.item].Value*100, 1, lang)
		} else {
			it.Value = FormatNumber(p.Items[r.item].Value, 3, lang)
		}
		if !r.missing {
			total := 0.0
			for _, c := range r.costs {
				it.Costs = append(it.Costs, amount(c))
				total += c
			}
			if len(r.costs) > 1 {
				it.Total = amount(total)
			}
		}
		if r.loss != nil && r.loss.Null == selection.NullNone {
			if s.ScoreValue {
				it.Loss = FormatNumber(r.loss.Value*100, 2, lang)
			} else {
				it.Loss = FormatNumber(r.loss.Value, 4, lang)
			}
		}
		if r.hasProb {
			c := selection.Class(r.prob)
			counts[c]++
			it.Probability, it.Class = percentText(r.prob, 1, lang), l.robust[c]
		}
		if r.funded {
			funded++
			ss.Funded = append(ss.Funded, it)
			continue
		}
		phrase := reasonPhrase(s, &r, lang)
		it.Reason = capitalise(phrase, true) + "."
		who := it.ID
		if r.a.Rank > 0 {
			who += " (" + l.rankWord + " " + it.Rank + ")"
		}
		it.Sentence = who + " " + phrase + "."
		ss.NotFunded = append(ss.NotFunded, it)
	}
	ss.Lines = append(ss.Lines, capitalise(fmt.Sprintf(l.fundedLine, num(funded), plural(funded, l.investment, l.investments), selectionValue(s, sol.Value, lang)), true))
	if line := out.Line; line != nil && line.Feasible {
		diff := sol.Value - line.Value
		if diff <= 1e-9*math.Max(1, math.Abs(sol.Value)) {
			ss.Lines = append(ss.Lines, l.lineSame)
		} else {
			n := 0
			for _, in := range line.Selected {
				if in {
					n++
				}
			}
			ss.Lines = append(ss.Lines, fmt.Sprintf(l.lineLower, selectionValue(s, line.Value, lang), selectionValue(s, diff, lang), num(n)))
		}
	}
	if f := out.Funding; f != nil {
		ss.Lines = append(ss.Lines, fmt.Sprintf(l.robustLine, num(f.Samples), num(counts[selection.RobustYes]), num(counts[selection.Open]), num(counts[selection.RobustNo])))
		ss.Thresholds = l.thresholds
	}
	for k := range out.Frontier {
		fp := &out.Frontier[k]
		fr := selectionFrontierRow{point: fp, Scale: percentText(fp.Scale, 1, lang), Budget: amount(fp.Budget), Supported: l.no}
		if fp.Scale == 1 {
			ss.Chosen = k
			fr.Scale += " (" + l.chosen + ")"
		}
		if fp.Feasible {
			fr.Value = selectionPoints(s, fp.Value, lang)
			if fp.Supported {
				fr.Supported = l.yes
			}
			if fp.Line != nil && fp.Line.Feasible {
				fr.Line = selectionPoints(s, fp.Line.Value, lang)
				fr.Gain = selectionPoints(s, math.Max(0, fp.Value-fp.Line.Value), lang)
			}
		} else {
			fr.Value, fr.Supported = l.noRoom, ""
		}
		ss.Frontier = append(ss.Frontier, fr)
	}
	return ss
}

// selectionPoints is a value as a number without its unit: points with one
// decimal for a score, else three decimals.
func selectionPoints(s *Selection, x float64, lang string) string {
	if s.ScoreValue {
		return FormatNumber(x*100, 1, lang)
	}
	return FormatNumber(x, 3, lang)
}

// valueHeading is the heading of a value column: "Värde (poäng)" for a
// score.
func (s *Selection) valueHeading(lang string) string {
	l := selectionWords[lang]
	if s.ScoreValue {
		return l.valueCol + " (" + l.points + ")"
	}
	return l.valueCol
}

// amountHeading is a heading with the cost unit: "Ram (mnkr)".
func amountHeading(head, unit string) string {
	if unit == "" {
		return head
	}
	return head + " (" + unit + ")"
}

// selectionFrontLine is the line a pack's first page gives a selection:
// how many are funded, their value, and whether that is proven optimal.
func selectionFrontLine(s *Selection, lang string) string {
	l := selectionWords[lang]
	ss := newSelectionStory(s, lang)
	sol := s.Outcome.Solution
	if !sol.HasPortfolio || len(ss.Lines) == 0 {
		return ss.Status
	}
	line := strings.TrimSuffix(ss.Lines[0], ".")
	if sol.Status == selection.StatusOptimal {
		return line + "; " + l.provenOptimal + "."
	}
	return line + "; " + capitalise(strings.TrimSuffix(ss.Status, "."), false) + "."
}

// selectionAbout are the rows a pack's account of the run gives a
// selection: where its budgets come from, the file's SHA-256, and the
// weight samples of the funding probability.
func selectionAbout(s *Selection, lang string) [][2]string {
	l := selectionWords[lang]
	src := l.commandLine
	if s.Path != "" {
		src = plainText(s.Path)
	}
	out := [][2]string{{l.aboutFile, src}}
	if s.SHA256 != "" {
		out = append(out, [2]string{l.aboutSHA, plainText(s.SHA256)})
	}
	if f := s.Outcome.Funding; f != nil {
		out = append(out, [2]string{l.aboutSamples, FormatNumber(float64(f.Samples), 0, lang)})
	}
	return out
}
