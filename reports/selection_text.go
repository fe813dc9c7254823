package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/prio-tool/prio/scoring/selection"
)

// selectionLabels are the words of the selection reports for people.
type selectionLabels struct {
	title, file, commandLine                   string
	status                                     map[selection.Status]string
	value, line, regret, points                string
	budget, frame, used, left, unbudgeted      string
	funded, notFunded, rank, id, name, reason  string
	probability, class, core, conflict         string
	robust                                     map[selection.Robustness]string
	reasons                                    map[selection.Reason]string
	and, lossForced, lossDropped, mustFunded   string
	budgetsFull                                string // ReasonBudget with several years
	frontier, frontierScale, supported, noRoom string
}

var selectionWords = map[string]selectionLabels{
	"sv": {
		title: "Urval inom budgetramarna", file: "urvalsfil", commandLine: "budget från kommandoraden",
		status: map[selection.Status]string{
			selection.StatusOptimal:    "optimalt (bevisat)",
			selection.StatusWithinGap:  "inom angiven marginal från optimum",
			selection.StatusNodeLimit:  "sökningen stoppades av nodgränsen: bästa funna, inte bevisat optimalt",
			selection.StatusTimeLimit:  "sökningen stoppades av tidsgränsen: bästa funna, inte bevisat optimalt",
			selection.StatusInfeasible: "inget urval uppfyller alla regler och budgetar",
		},
		value: "Portföljens värde", line: "att finansiera nedåt i rangordningen ger", regret: "förlust mot optimum", points: "poäng",
		budget: "Budget", frame: "Ram", used: "Använt", left: "Kvar", unbudgeted: "År utan budget (binder inte)",
		funded: "Finansieras", notFunded: "Finansieras inte", rank: "Rang", id: "ID", name: "Namn", reason: "Skäl",
		probability: "Sannolikhet", class: "Bedömning", core: "Kärnindex", conflict: "Motstridiga regler och budgetar (tar man bort en av dem går det att välja)",
		robust: map[selection.Robustness]string{selection.RobustYes: "robust ja", selection.Open: "öppen", selection.RobustNo: "robust nej"},
		reasons: map[selection.Reason]string{
			selection.ReasonExcluded:     "utesluten av en utgångspunkt (%s)",
			selection.ReasonFlagged:      "flaggad (%s), och urvalet tar bara oflaggade",
			selection.ReasonMustNot:      "ska inte finansieras enligt urvalsfilen",
			selection.ReasonCostMissing:  "kostnaden saknas",
			selection.ReasonTooExpensive: "kostar ensam mer än budgeten %s",
			selection.ReasonRequires:     "kräver %s, som inte finansieras",
			selection.ReasonTogether:     "hör ihop med %s, som inte finansieras",
			selection.ReasonExclusive:    "är ett alternativ till %s, som finansieras",
			selection.ReasonLimit:        "en gräns i urvalsfilen är nådd (%s)",
			selection.ReasonBudget:       "ryms inte: budgeten %s är fullt använd",
			selection.ReasonNoGain:       "tillför inget värde",
		},
		budgetsFull: "ryms inte: budgetarna för %s är fullt använda",
		and:         "och", lossForced: "att ta med den kostar %s av portföljens värde", lossDropped: "att ta bort den kostar %s av portföljens värde",
		mustFunded: "beslutad (must)", frontier: "Effektiv front", frontierScale: "Budgetskala", supported: "på det konvexa höljet", noRoom: "ryms inte",
	},
	"en": {
		title: "Selection within the budget frames", file: "selection file", commandLine: "budget from the command line",
		status: map[selection.Status]string{
			selection.StatusOptimal:    "optimal (proven)",
			selection.StatusWithinGap:  "within the given gap of the optimum",
			selection.StatusNodeLimit:  "the node limit stopped the search: best found, not proven optimal",
			selection.StatusTimeLimit:  "the time limit stopped the search: best found, not proven optimal",
			selection.StatusInfeasible: "no selection meets every rule and budget",
		},
		value: "Value of the portfolio", line: "funding down the ranking gives", regret: "short of the optimum by", points: "points",
		budget: "Budget", frame: "Frame", used: "Used", left: "Left", unbudgeted: "Years without a budget (not binding)",
		funded: "Funded", notFunded: "Not funded", rank: "Rank", id: "ID", name: "Name", reason: "Reason",
		probability: "Probability", class: "Verdict", core: "Core index", conflict: "Conflicting rules and budgets (drop any one of them and a selection exists)",
		robust: map[selection.Robustness]string{selection.RobustYes: "robust yes", selection.Open: "open", selection.RobustNo: "robust no"},
		reasons: map[selection.Reason]string{
			selection.ReasonExcluded:     "excluded by a starting point (%s)",
			selection.ReasonFlagged:      "flagged (%s), and the selection takes unflagged ones only",
			selection.ReasonMustNot:      "must not be funded, says the selection file",
			selection.ReasonCostMissing:  "its cost is missing",
			selection.ReasonTooExpensive: "costs more on its own than the budget for %s",
			selection.ReasonRequires:     "requires %s, which is not funded",
			selection.ReasonTogether:     "goes together with %s, which is not funded",
			selection.ReasonExclusive:    "is an alternative to %s, which is funded",
			selection.ReasonLimit:        "a limit of the selection file is reached (%s)",
			selection.ReasonBudget:       "does not fit: the budget for %s is used up",
			selection.ReasonNoGain:       "adds no value",
		},
		budgetsFull: "does not fit: the budgets for %s are used up",
		and:         "and", lossForced: "taking it in costs %s of the portfolio's value", lossDropped: "dropping it costs %s of the portfolio's value",
		mustFunded: "decided (must)", frontier: "Efficient frontier", frontierScale: "Budget scale", supported: "on the convex hull", noRoom: "does not fit",
	},
}

// selectionValue shows a value: × 100 with one decimal as points for a
// score, else with three decimals.
func selectionValue(s *Selection, x float64, lang string) string {
	if s.ScoreValue {
		return FormatNumber(x*100, 1, lang) + " " + selectionWords[lang].points
	}
	return FormatNumber(x, 3, lang)
}

// joinAnd joins names with commas and a last "och"/"and".
func joinAnd(xs []string, and string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " " + and + " " + xs[len(xs)-1]
}

// reasonSentence says in lang why a row is not funded, with what forcing
// it in would cost.
func reasonSentence(s *Selection, r *selectionRow, lang string) string {
	l := selectionWords[lang]
	p := s.Outcome.Setup.Problem
	if r.exp == nil {
		return ""
	}
	var arg string
	switch r.exp.Reason {
	case selection.ReasonExcluded, selection.ReasonFlagged:
		arg = strings.Join(r.a.FailedGates(), ", ")
	case selection.ReasonTooExpensive, selection.ReasonBudget:
		var ys []string
		for _, b := range r.exp.Budgets {
			ys = append(ys, p.Budgets[b].Name)
		}
		arg = joinAnd(ys, l.and)
	case selection.ReasonRequires, selection.ReasonTogether, selection.ReasonExclusive:
		var ids []string
		for _, i := range r.exp.Items {
			ids = append(ids, p.Items[i].ID)
		}
		arg = joinAnd(ids, l.and)
	case selection.ReasonLimit:
		var names []string
		for _, k := range r.exp.Limits {
			names = append(names, p.Limits[k].Name)
		}
		arg = strings.Join(names, ", ")
	}
	text := l.reasons[r.exp.Reason]
	if r.exp.Reason == selection.ReasonBudget && len(r.exp.Budgets) > 1 {
		text = l.budgetsFull
	}
	if strings.Contains(text, "%s") {
		text = fmt.Sprintf(text, plainText(arg))
	}
	if r.loss != nil && r.loss.Null == selection.NullNone {
		text += "; " + fmt.Sprintf(l.lossForced, selectionValue(s, r.loss.Value, lang))
	}
	return text
}

// WriteSelectionTable writes s as plain text for people: the status and
// value against the ranking line, the budgets, the funded investments and
// those not funded, each with its reason in a sentence.
func WriteSelectionTable(w io.Writer, s *Selection, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	if err := checkResult(s.Score); err != nil {
		return err
	}
	l := selectionWords[lang]
	out := s.Outcome
	st, sol := out.Setup, out.Solution
	p := st.Problem
	var b bytes.Buffer
	src := l.commandLine
	if s.Path != "" {
		src = l.file + " " + plainText(s.Path)
	}
	fmt.Fprintf(&b, "%s: %s (%s)\n", l.title, criteriaTitle(s.Score.Criteria, lang), src)
	fmt.Fprintf(&b, "%s\n", l.status[sol.Status])
	if sol.Status == selection.StatusInfeasible {
		fmt.Fprintf(&b, "\n%s:\n", l.conflict)
		for _, r := range sol.Conflict {
			fmt.Fprintf(&b, "  %s (%s)\n", plainText(st.RuleText(r)), st.RulePos(r))
		}
		_, err := w.Write(b.Bytes())
		return err
	}
	if sol.HasPortfolio {
		fmt.Fprintf(&b, "%s: %s", l.value, selectionValue(s, sol.Value, lang))
		if out.Line != nil && out.Line.Feasible {
			fmt.Fprintf(&b, "; %s %s (%s %s)", l.line, selectionValue(s, out.Line.Value, lang), l.regret, selectionValue(s, max(0, sol.Value-out.Line.Value), lang))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	rows := [][]string{{l.budget, l.frame, l.used, l.left}}
	for k, bu := range p.Budgets {
		used := 0.0
		if sol.HasPortfolio {
			used = sol.Used[k]
		}
		rows = append(rows, []string{plainText(bu.Name), FormatNumber(bu.Capacity, 1, lang), FormatNumber(used, 1, lang), FormatNumber(bu.Capacity-used, 1, lang)})
	}
	writeAligned(&b, rows, []bool{false, true, true, true})
	if len(st.Unbudgeted) > 0 && sol.HasPortfolio {
		var parts []string
		for _, u := range st.Unbudgeted {
			total := 0.0
			for i, c := range u.Costs {
				if sol.Selected[i] {
					total += c
				}
			}
			parts = append(parts, plainText(u.Year)+" "+FormatNumber(total, 1, lang))
		}
		fmt.Fprintf(&b, "%s: %s\n", l.unbudgeted, strings.Join(parts, "; "))
	}
	all := selectionRows(s)
	for _, funded := range []bool{true, false} {
		head := []string{l.rank, l.id, l.name}
		right := []bool{true, false, false}
		if funded {
			for _, bu := range p.Budgets {
				head = append(head, plainText(bu.Name))
				right = append(right, true)
			}
		} else {
			head = append(head, l.reason)
			right = append(right, false)
		}
		if out.Funding != nil {
			head = append(head, l.probability, l.class)
			right = append(right, true, false)
		}
		rows := [][]string{head}
		for k := range all {
			r := &all[k]
			if r.funded != funded || !sol.HasPortfolio {
				continue
			}
			rank := "-"
			if r.a.Rank > 0 {
				rank = FormatNumber(float64(r.a.Rank), 0, lang)
			}
			row := []string{rank, plainText(r.a.ID), truncate(plainText(r.a.Name), 40)}
			if funded {
				for _, c := range r.costs {
					row = append(row, FormatNumber(c, 1, lang))
				}
			} else {
				row = append(row, reasonSentence(s, r, lang))
			}
			if out.Funding != nil {
				row = append(row, formatPercent(r.prob, lang), l.robust[selection.Class(r.prob)])
			}
			rows = append(rows, row)
		}
		fmt.Fprintf(&b, "\n%s (%s)\n", map[bool]string{true: l.funded, false: l.notFunded}[funded], FormatNumber(float64(len(rows)-1), 0, lang))
		if len(rows) > 1 {
			writeAligned(&b, rows, right)
		}
	}
	_, err = w.Write(b.Bytes())
	return err
}

// formatPercent shows a share as a percentage with one decimal.
func formatPercent(x float64, lang string) string {
	return FormatNumber(x*100, 1, lang) + " %"
}

// WriteSelectionMarkdown writes s as Markdown for memos: the same story as
// the table.
func WriteSelectionMarkdown(w io.Writer, s *Selection, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", md(selectionWords[lang].title))
	b.WriteString("```text\n")
	if err := WriteSelectionTable(&b, s, o); err != nil {
		return err
	}
	b.WriteString("```\n")
	_, err = w.Write(b.Bytes())
	return err
}
