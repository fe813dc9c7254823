package reports

import (
	"fmt"

	"github.com/prio-tool/prio/scoring/selection"
)

// SummarySelection is an agency's selection as the batch summary shows it:
// its budgets together, what the funded use of them, their value and
// number, and, when the funding probability was computed, how many are
// funded nearly always (robust yes) and how many are open.
type SummarySelection struct {
	Status selection.Status
	// Budget and Used are summed over the agency's budgets (the pooled
	// one, or every year's); Unit is the cost field's unit, or "".
	Budget, Used float64
	Unit         string
	// Value is the funded portfolio's value: a score sum (shown × 100 as
	// points) when ScoreValue, else the value expression's sum.
	Value      float64
	ScoreValue bool
	Funded     int
	// Probability says that Certain and Borderline were counted: the
	// investments whose funding probability is robust yes (≥ 95 %) and
	// open (between 5 % and 95 %).
	Probability         bool
	Certain, Borderline int
}

// NewSummarySelection sums up a solved selection for the batch summary.
func NewSummarySelection(s *Selection) *SummarySelection {
	out := s.Outcome
	sol := out.Solution
	ss := &SummarySelection{Status: sol.Status, Unit: s.Unit, ScoreValue: s.ScoreValue}
	for b, bu := range out.Setup.Problem.Budgets {
		ss.Budget += bu.Capacity
		if sol.HasPortfolio {
			ss.Used += sol.Used[b]
		}
	}
	if sol.HasPortfolio {
		ss.Value = sol.Value
		for _, in := range sol.Selected {
			if in {
				ss.Funded++
			}
		}
	}
	if f := out.Funding; f != nil && sol.HasPortfolio {
		ss.Probability = true
		for _, p := range f.Probability {
			switch selection.Class(p) {
			case selection.RobustYes:
				ss.Certain++
			case selection.Open:
				ss.Borderline++
			}
		}
	}
	return ss
}

// hasSelections reports whether an agency of the summary has a selection.
func hasSelections(s *BatchSummary) bool {
	for _, a := range s.Agencies {
		if !a.Failed && a.Selection != nil {
			return true
		}
	}
	return false
}

// selectionUnit is the cost unit the agencies' selections share, or "".
func selectionUnit(s *BatchSummary) string {
	unit := ""
	for _, a := range s.Agencies {
		if a.Failed || a.Selection == nil {
			continue
		}
		switch {
		case unit == "":
			unit = a.Selection.Unit
		case a.Selection.Unit != unit:
			return ""
		}
	}
	return plainText(unit)
}

// summarySelectionHead is the head of the summary's selection table, and
// which columns are numbers.
func summarySelectionHead(s *BatchSummary, lang string) ([]string, []bool) {
	l, sl := selectionWords[lang], summaryWords[lang]
	unit := selectionUnit(s)
	budget, used := l.budget, l.used
	if unit != "" {
		budget, used = fmt.Sprintf(l.budgetCol, unit), fmt.Sprintf(l.usedCol, unit)
	}
	value := l.valueSumCol
	if summaryScoreValues(s) {
		value += " (" + l.points + ")"
	}
	return []string{sl.agency, budget, used, value, l.fundedCol, l.certainCol, l.borderlineCol, l.statusCol},
		[]bool{false, true, true, true, true, true, true, false}
}

// summaryScoreValues reports whether every agency's selection values the
// score (shown as points).
func summaryScoreValues(s *BatchSummary) bool {
	for _, a := range s.Agencies {
		if !a.Failed && a.Selection != nil && !a.Selection.ScoreValue {
			return false
		}
	}
	return true
}

// selectionSummaryRow is an agency's row of the selection table, as text.
func selectionSummaryRow(a *SummaryAgency, lang string) []string {
	l := selectionWords[lang]
	ss := a.Selection
	num := func(n int) string { return FormatNumber(float64(n), 0, lang) }
	row := []string{plainText(a.Name), FormatNumber(ss.Budget, 1, lang), "", "", "", "", "", l.status[ss.Status]}
	if ss.Status == selection.StatusInfeasible {
		return row
	}
	row[2] = FormatNumber(ss.Used, 1, lang)
	if ss.ScoreValue {
		row[3] = FormatNumber(ss.Value*100, 1, lang)
	} else {
		row[3] = FormatNumber(ss.Value, 3, lang)
	}
	row[4] = num(ss.Funded)
	if ss.Probability {
		row[5], row[6] = num(ss.Certain), num(ss.Borderline)
	}
	return row
}

// selectionSheet writes the summary workbook's funding sheet: per agency
// its budget, what the funded use, their value and number, and the robust
// and open counts.
func (x *summaryXLSX) selectionSheet() error {
	l := selectionWords[x.lang]
	name := l.sheet
	widths := []float64{26, 13, 13, 12, 12, 11, 10, 30}
	sw, err := x.sheet(name, sheetLayout{widths: widths, table: true})
	if err != nil {
		return err
	}
	header, _ := summarySelectionHead(x.s, x.lang)
	var rows [][]any
	for i := range x.s.Agencies {
		a := &x.s.Agencies[i]
		if a.Failed || a.Selection == nil {
			continue
		}
		ss := a.Selection
		row := []any{x.long(a.Name), x.num(ss.Budget, x.score), nil, nil, nil, nil, nil, x.long(l.status[ss.Status])}
		if ss.Status != selection.StatusInfeasible {
			row[2] = x.num(ss.Used, x.score)
			if ss.ScoreValue {
				row[3] = x.num(ss.Value*100, x.score)
			} else {
				row[3] = x.num(ss.Value, x.score)
			}
			row[4] = x.num(float64(ss.Funded), x.integer)
			if ss.Probability {
				row[5], row[6] = x.num(float64(ss.Certain), x.integer), x.num(float64(ss.Borderline), x.integer)
			}
		}
		rows = append(rows, row)
	}
	return x.table(sw, name, "Selection", header, widths, rows)
}

// newSummarySelectionTable is the summary page's selection table.
func newSummarySelectionTable(s *BatchSummary, lang string) summaryTable {
	l := selectionWords[lang]
	head, right := summarySelectionHead(s, lang)
	t := summaryTable{ID: "tab-selection", Caption: l.summaryCaption}
	for i, h := range head {
		t.Head = append(t.Head, summaryCell{Text: h, Num: right[i]})
	}
	for i := range s.Agencies {
		a := &s.Agencies[i]
		if a.Failed || a.Selection == nil {
			continue
		}
		row := selectionSummaryRow(a, lang)
		cells := make([]summaryCell, len(row))
		for k, c := range row {
			cells[k] = summaryCell{Text: c, Num: right[k]}
		}
		cells[0] = summaryCell{Text: row[0], Header: true, Href: a.Pack}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// checkSummarySelection refuses a selection with a number that is not
// finite or counts that do not add up.
func checkSummarySelection(a *SummaryAgency) error {
	ss := a.Selection
	if ss == nil {
		return nil
	}
	if !finite(ss.Budget) || !finite(ss.Used) || !finite(ss.Value) {
		return invalid("agency %s: a number of its selection is not finite", a.Name)
	}
	if ss.Funded < 0 || ss.Certain < 0 || ss.Borderline < 0 || ss.Funded > a.Investments || ss.Certain+ss.Borderline > a.Investments {
		return invalid("agency %s: the counts of its selection do not add up", a.Name)
	}
	return nil
}
