package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/prio-tool/prio/scoring/selection"
)

// selectionLabels are the words of the selection reports for people — the
// table, the Markdown document, the workbook's funding sheet, the HTML
// pack's selection chapter and the batch summary's columns — in one
// language. Format strings take the arguments their comments name.
type selectionLabels struct {
	title, file, commandLine                   string
	status                                     map[selection.Status]string
	value, line, regret, points                string
	budget, frame, used, left, unbudgeted      string
	funded, notFunded, rank, id, name, reason  string
	probability, class, conflict               string
	robust                                     map[selection.Robustness]string
	reasons                                    map[selection.Reason]string // the argument: years, ids, gates or limits
	and, lossForced                            string                      // lossForced: the loss
	aboutFile, aboutSHA, aboutSamples          string
	budgetsFull                                string // ReasonBudget with several years
	budgetFullPooled, tooExpensivePooled       string // the same of one pooled budget
	frontier, frontierScale, supported, noRoom string

	// For the reports in sentences (Markdown, workbook, HTML).
	heading, fileLine, commandLineLine string // fileLine: the file's name
	provenOptimal                      string
	gapLine                            string // the gap as a percentage
	fundedLine                         string // n, investment(s), value
	lineLower, lineSame                string // lineLower: its value, the difference, n funded
	robustLine                         string // samples, yes, open, no
	thresholds                         string
	total, totalYears, share, valueCol string
	lossDroppedCol                     string
	budgetsHeading, budgetsCaption     string
	fundedCaption, notFundedCaption    string
	frontierCaption, frontierNote      string
	frontierLines, frontierRows        string // what the chart's lines are: in the pack, in the workbook
	frontierHull, frontierHullRow      string // what the hull is: with a chart, with a table only
	frontierBudget, frontierValue      string // column heads
	frontierLine, frontierGain         string
	chosen, yes, no                    string
	conflictHeading                    string
	unbudgetedLine                     string // the years and amounts
	truncated                          string // shown, all
	rankWord                           string
	budgetChart, budgetChartDesc       string // budgetChartDesc: number of budgets
	frontierChart, frontierChartDesc   string // frontierChartDesc: points, budget
	axisAmount, axisBudget, axisValue  string // axisAmount, axisBudget: unit
	amount                             string
	legendUsed, legendFrame            string
	legendSupported                    string
	legendUnsupported, legendLine      string
	legendChosen                       string
	sheet                              string // the workbook's sheet
	probabilitySentence                string // the probability, its class
	investment, investments            string
	// The batch summary.
	summaryHeading, summaryIntro, summaryCaption string
	budgetCol, usedCol, valueSumCol, fundedCol   string // budgetCol, usedCol: unit
	certainCol, borderlineCol, statusCol         string
	// The comparison with a previous run: agency, investment; agency, why.
	fundedIn, fundedOut, fundingNotCompared            string
	noSelectionBefore, noSelectionNow, noSelectionJSON string
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
		probability: "Sannolikhet", class: "Bedömning", conflict: "Motstridiga regler och budgetar (tar man bort en av dem går det att välja)",
		robust: map[selection.Robustness]string{selection.RobustYes: "robust ja", selection.Open: "öppen", selection.RobustNo: "robust nej"},
		reasons: map[selection.Reason]string{
			selection.ReasonExcluded:     "är utesluten av en utgångspunkt (%s)",
			selection.ReasonFlagged:      "är flaggad (%s), och urvalet tar bara oflaggade",
			selection.ReasonMustNot:      "ska inte finansieras enligt urvalsfilen",
			selection.ReasonCostMissing:  "saknar kostnadsuppgift",
			selection.ReasonTooExpensive: "kostar ensam mer än budgeten %s",
			selection.ReasonRequires:     "kräver %s, som inte finansieras",
			selection.ReasonTogether:     "hör ihop med %s, som inte finansieras",
			selection.ReasonExclusive:    "är ett alternativ till %s, som finansieras",
			selection.ReasonLimit:        "hindras av en gräns i urvalsfilen (%s)",
			selection.ReasonBudget:       "ryms inte i det som är kvar av budgeten %s",
			selection.ReasonNoGain:       "tillför inget värde",
		},
		budgetsFull:      "ryms inte i det som är kvar av budgetarna för %s",
		budgetFullPooled: "ryms inte i det som är kvar av budgeten", tooExpensivePooled: "kostar ensam mer än hela budgeten",
		and: "och", lossForced: "att ta med den kostar %s av portföljens värde",
		aboutFile: "Urvalsfil", aboutSHA: "Urvalsfilens SHA-256", aboutSamples: "Viktstickprov för sannolikheten att finansieras",
		frontier: "Effektiv front", frontierScale: "Budgetskala", supported: "på det konvexa höljet", noRoom: "ryms inte",

		provenOptimal: "urvalet är bevisat optimalt",
		heading:       "Urval inom budgetramarna", fileLine: "Budgetar och regler ur urvalsfilen %s.", commandLineLine: "En samlad budget, given på kommandoraden.",
		gapLine:    "värdet är högst %s under det bästa möjliga",
		fundedLine: "%s %s finansieras inom budgetramarna, med ett sammanlagt värde av %s.",
		lineLower:  "Att finansiera nedåt i rangordningen tills pengarna tar slut ger %s, alltså %s mindre (%s finansieras då).",
		lineSame:   "Att finansiera nedåt i rangordningen tills pengarna tar slut ger lika mycket.",
		robustLine: "Över %s viktstickprov finansieras %s nästan alltid (robust ja), %s ibland (öppen) och %s nästan aldrig (robust nej).",
		thresholds: "Robust ja: finansieras i minst 95 % av viktstickproven; robust nej: i högst 5 %; öppen: däremellan.",
		total:      "Totalt", totalYears: "Summa", share: "Andel använd", valueCol: "Värde",
		lossDroppedCol: "Att ta bort den kostar",
		budgetsHeading: "Budget per år", budgetsCaption: "Ram, använt och kvar per budget",
		fundedCaption: "Investeringar som finansieras, i rangordning", notFundedCaption: "Investeringar som inte finansieras, med skäl",
		frontierCaption: "Högsta värde per budgetnivå, och vad rangordningen ger",
		frontierNote:    "Fronten visar det högsta värde som ryms när alla budgetar skalas med samma faktor, från noll till där allt ryms.",
		frontierHull:    "Fyllda punkter ligger på det konvexa höljet: dit når man genom att rangordna efter nytta per kostnad. Ofyllda punkter når bara ett exakt urval.",
		frontierHullRow: "Punkterna på det konvexa höljet når man genom att rangordna efter nytta per kostnad; de andra når bara ett exakt urval.",
		frontierLines:   "Den streckade linjen är att finansiera nedåt i rangordningen; den lodräta linjen är den givna budgeten.",
		frontierRows:    "Den streckade linjen är att finansiera nedåt i rangordningen; den givna budgeten är märkt i tabellen.",
		frontierBudget:  "Budget", frontierValue: "Högsta värde", frontierLine: "Rangordningen ger", frontierGain: "Skillnad",
		chosen: "given budget", yes: "ja", no: "nej",
		conflictHeading: "Motstridiga regler och budgetar",
		unbudgetedLine:  "Utan budgetram (binder inte urvalet) kostar de finansierade %s.",
		truncated:       "Visar de första %s av %s; arbetsboken och JSON-filen har alla.",
		rankWord:        "rang",
		budgetChart:     "Budget per år: använt och kvar", budgetChartDesc: "Liggande staplar, en per budget (%s): den mörka delen är vad de finansierade investeringarna använder, den ljusa ramen hela budgeten.",
		frontierChart: "Effektiv front", frontierChartDesc: "Högsta möjliga värde mot budget i %s punkter, med punkterna på det konvexa höljet fyllda, vad finansiering nedåt i rangordningen ger som streckad linje och den givna budgeten (%s) som lodrät linje.",
		amount: "Belopp", axisAmount: "Belopp (%s)", axisBudget: "Budget (%s)", axisValue: "Värde",
		legendUsed: "Använt", legendFrame: "Ram (hela budgeten)",
		legendSupported: "Högsta värde, på det konvexa höljet", legendUnsupported: "Högsta värde utanför höljet: bara ett exakt urval når dit",
		legendLine: "Nedåt i rangordningen", legendChosen: "Given budget",
		sheet:               "Finansiering",
		probabilitySentence: "Finansieras i %s av viktstickproven (%s).", investment: "investering", investments: "investeringar",
		summaryHeading: "Urval inom budgetramarna", summaryIntro: "Per myndighet: budget, använt, värde och antal som finansieras; med viktstickprov också hur många som finansieras nästan alltid (robust ja) och hur många som är öppna.",
		summaryCaption: "Urval per myndighet",
		budgetCol:      "Budget (%s)", usedCol: "Använt (%s)", valueSumCol: "Värde", fundedCol: "Finansieras",
		certainCol: "Robust ja", borderlineCol: "Öppna", statusCol: "Urvalet",
		fundedIn:           "%s: %s finansieras nu men gjorde det inte förra gången.",
		fundedOut:          "%s: %s finansieras inte längre.",
		fundingNotCompared: "%s: urvalen jämförs inte, %s.",
		noSelectionBefore:  "förra körningen hade inget urval", noSelectionNow: "den här körningen har inget urval",
		noSelectionJSON: "förra körningen har ingen selection.json",
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
		probability: "Probability", class: "Verdict", conflict: "Conflicting rules and budgets (drop any one of them and a selection exists)",
		robust: map[selection.Robustness]string{selection.RobustYes: "robust yes", selection.Open: "open", selection.RobustNo: "robust no"},
		reasons: map[selection.Reason]string{
			selection.ReasonExcluded:     "is excluded by a starting point (%s)",
			selection.ReasonFlagged:      "is flagged (%s), and the selection takes unflagged ones only",
			selection.ReasonMustNot:      "must not be funded, says the selection file",
			selection.ReasonCostMissing:  "has no cost given",
			selection.ReasonTooExpensive: "costs more on its own than the budget for %s",
			selection.ReasonRequires:     "requires %s, which is not funded",
			selection.ReasonTogether:     "goes together with %s, which is not funded",
			selection.ReasonExclusive:    "is an alternative to %s, which is funded",
			selection.ReasonLimit:        "is held back by a limit of the selection file (%s)",
			selection.ReasonBudget:       "does not fit in what is left of the budget for %s",
			selection.ReasonNoGain:       "adds no value",
		},
		budgetsFull:      "does not fit in what is left of the budgets for %s",
		budgetFullPooled: "does not fit in what is left of the budget", tooExpensivePooled: "costs more on its own than the whole budget",
		and: "and", lossForced: "taking it in costs %s of the portfolio's value",
		aboutFile: "Selection file", aboutSHA: "Selection file SHA-256", aboutSamples: "Weight samples of the funding probability",
		frontier: "Efficient frontier", frontierScale: "Budget scale", supported: "on the convex hull", noRoom: "does not fit",

		provenOptimal: "the selection is proven optimal",
		heading:       "Selection within the budget frames", fileLine: "Budgets and rules from the selection file %s.", commandLineLine: "One pooled budget, given on the command line.",
		gapLine:    "the value is at most %s below the best possible",
		fundedLine: "%s %s are funded within the budget frames, worth %s together.",
		lineLower:  "Funding down the ranking until the money runs out gives %s, that is %s less (it funds %s).",
		lineSame:   "Funding down the ranking until the money runs out gives as much.",
		robustLine: "Over %s weight samples, %s are funded nearly always (robust yes), %s sometimes (open) and %s nearly never (robust no).",
		thresholds: "Robust yes: funded in at least 95 % of the weight samples; robust no: in at most 5 %; open: in between.",
		total:      "Total", totalYears: "Sum", share: "Share used", valueCol: "Value",
		lossDroppedCol: "Dropping it costs",
		budgetsHeading: "Budget per year", budgetsCaption: "Frame, used and left per budget",
		fundedCaption: "Investments funded, in rank order", notFundedCaption: "Investments not funded, with the reasons",
		frontierCaption: "The highest value per budget level, and what the ranking gives",
		frontierNote:    "The frontier shows the highest value that fits when every budget is scaled by the same factor, from nothing to where everything fits.",
		frontierHull:    "Filled points lie on the convex hull: ranking by value for money reaches them. Hollow points only an exact selection reaches.",
		frontierHullRow: "Ranking by value for money reaches the points on the convex hull; only an exact selection reaches the others.",
		frontierLines:   "The dashed line is funding down the ranking; the vertical line is the budget given.",
		frontierRows:    "The dashed line is funding down the ranking; the budget given is marked in the table.",
		frontierBudget:  "Budget", frontierValue: "Highest value", frontierLine: "The ranking gives", frontierGain: "Difference",
		chosen: "budget given", yes: "yes", no: "no",
		conflictHeading: "Conflicting rules and budgets",
		unbudgetedLine:  "Without a budget frame (not binding the selection) those funded cost %s.",
		truncated:       "Showing the first %s of %s; the workbook and the JSON file hold all.",
		rankWord:        "rank",
		budgetChart:     "Budget per year: used and left", budgetChartDesc: "Horizontal bars, one per budget (%s): the dark part is what the funded investments use, the light frame the whole budget.",
		frontierChart: "Efficient frontier", frontierChartDesc: "The highest possible value against the budget at %s points, with the points on the convex hull filled, what funding down the ranking gives as a dashed line and the budget given (%s) as a vertical line.",
		amount: "Amount", axisAmount: "Amount (%s)", axisBudget: "Budget (%s)", axisValue: "Value",
		legendUsed: "Used", legendFrame: "Frame (the whole budget)",
		legendSupported: "Highest value, on the convex hull", legendUnsupported: "Highest value off the hull: only an exact selection reaches it",
		legendLine: "Down the ranking", legendChosen: "Budget given",
		sheet:               "Funding",
		probabilitySentence: "Funded in %s of the weight samples (%s).", investment: "investment", investments: "investments",
		summaryHeading: "Selection within the budget frames", summaryIntro: "Per agency: budget, used, value and number funded; with weight samples also how many are funded nearly always (robust yes) and how many are open.",
		summaryCaption: "Selection per agency",
		budgetCol:      "Budget (%s)", usedCol: "Used (%s)", valueSumCol: "Value", fundedCol: "Funded",
		certainCol: "Robust yes", borderlineCol: "Open", statusCol: "Selection",
		fundedIn:           "%s: %s is funded now but was not last time.",
		fundedOut:          "%s: %s is no longer funded.",
		fundingNotCompared: "%s: the selections are not compared, %s.",
		noSelectionBefore:  "the last run had no selection", noSelectionNow: "this run has no selection",
		noSelectionJSON: "the last run has no selection.json",
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

// selectionLoss shows a loss: × 100 with two decimals as points for a
// score ("0,12 poäng"), else with four decimals. Losses are small
// differences of values: one decimal would show most as 0,0.
func selectionLoss(s *Selection, x float64, lang string) string {
	if s.ScoreValue {
		return FormatNumber(x*100, 2, lang) + " " + selectionWords[lang].points
	}
	return FormatNumber(x, 4, lang)
}

// joinAnd joins names with commas and a last "och"/"and".
func joinAnd(xs []string, and string) string {
	return joinWords(xs, and)
}

// reasonPhrase says in lang why a row is not funded, as a phrase that
// follows the investment's id ("ryms inte i det som är kvar av budgeten 2026"),
// with what forcing it in would cost when the losses were computed.
func reasonPhrase(s *Selection, r *selectionRow, lang string) string {
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
			ys = append(ys, plainText(p.Budgets[b].Name))
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
	switch {
	case r.exp.Reason == selection.ReasonBudget && s.Outcome.Setup.Pooled:
		text = l.budgetFullPooled
	case r.exp.Reason == selection.ReasonTooExpensive && s.Outcome.Setup.Pooled:
		text = l.tooExpensivePooled
	case r.exp.Reason == selection.ReasonBudget && len(r.exp.Budgets) > 1:
		text = l.budgetsFull
	}
	if strings.Contains(text, "%s") {
		text = fmt.Sprintf(text, plainText(arg))
	}
	if r.loss != nil && r.loss.Null == selection.NullNone {
		text += "; " + fmt.Sprintf(l.lossForced, selectionLoss(s, r.loss.Value, lang))
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
	if err := checkSelection(s); err != nil {
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
			parts = append(parts, plainText(u.Year)+" "+FormatNumber(unbudgetedTotal(sol, u), 1, lang))
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
				row = append(row, reasonPhrase(s, r, lang))
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

// unbudgetedTotal is what the funded items cost in a year without a budget.
func unbudgetedTotal(sol *selection.Solution, u selection.YearCosts) float64 {
	total := 0.0
	for i, c := range u.Costs {
		if sol.HasPortfolio && sol.Selected[i] {
			total += c
		}
	}
	return total
}

// formatPercent shows a share as a percentage with one decimal.
func formatPercent(x float64, lang string) string {
	return FormatNumber(x*100, 1, lang) + " %"
}
