package reports

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/prio-tool/prio/messages"

	"github.com/prio-tool/prio/scoring"
	"github.com/prio-tool/prio/scoring/selection"
)

// SelectionFormat is the "format" of the JSON document
// WriteSelectionJSON writes.
const SelectionFormat = "prio.selection/1"

// Selection is a solved selection as the reports show it: the scored
// portfolio it was made from, the outcome, and the selection file.
type Selection struct {
	Score   *scoring.Result
	Outcome *selection.Outcome
	// Path and SHA256 of the selection file; empty for a budget given on
	// the command line.
	Path, SHA256 string
	// ScoreValue is true when the value is the score (shown × 100 as
	// points), false for a value expression (shown as it is).
	ScoreValue bool
	// Unit is the cost field's unit ("mnkr") for the reports for people,
	// or "".
	Unit string
}

// checkSelection reports whether s can be rendered: a valid Score, and an
// outcome solved from it (one item per investment, each budget's costs
// and used amount finite).
func checkSelection(s *Selection) error {
	if s == nil || s.Outcome == nil || s.Outcome.Setup == nil || s.Outcome.Solution == nil {
		return invalid("no selection")
	}
	if err := checkResult(s.Score); err != nil {
		return err
	}
	st, sol := s.Outcome.Setup, s.Outcome.Solution
	p := st.Problem
	if p == nil || len(p.Items) != len(s.Score.Investments) || len(st.Assessment) != len(p.Items) {
		return invalid("the selection is not of these scores")
	}
	for i, a := range st.Assessment {
		if a < 0 || a >= len(s.Score.Investments) || s.Score.Investments[a].ID != p.Items[i].ID {
			return invalid("selection item %d is not an investment of the scores", i+1)
		}
	}
	if sol.HasPortfolio && (len(sol.Selected) != len(p.Items) || len(sol.Used) != len(p.Budgets)) {
		return invalid("the selection's portfolio does not fit its problem")
	}
	for _, b := range p.Budgets {
		if !finite(b.Capacity) || len(b.Costs) != len(p.Items) {
			return invalid("budget %s is not a budget of the items", b.Name)
		}
	}
	return nil
}

// selectionRow is one investment of a selection, in the facts every report
// shows.
type selectionRow struct {
	item     int
	a        *scoring.Assessment
	funded   bool
	costs    []float64 // per budget
	missing  bool      // cost missing
	exp      *selection.Explanation
	loss     *selection.Loss
	prob     float64
	hasProb  bool
	coreIdx  float64
	hasCore  bool
	lineFund bool
}

// selectionRows gives every investment of the selection in ranking order
// (rank, then id; the unranked last by id), funded and not.
func selectionRows(s *Selection) []selectionRow {
	out := s.Outcome
	st := out.Setup
	p := st.Problem
	exps := make(map[int]*selection.Explanation)
	for k := range out.Explanations {
		exps[out.Explanations[k].Item] = &out.Explanations[k]
	}
	rows := make([]selectionRow, 0, len(p.Items))
	for _, i := range p.RankingOrder() {
		r := selectionRow{item: i, a: &s.Score.Investments[st.Assessment[i]], missing: p.Items[i].CostMissing}
		if out.Solution != nil && out.Solution.HasPortfolio {
			r.funded = out.Solution.Selected[i]
		}
		for _, b := range p.Budgets {
			r.costs = append(r.costs, b.Costs[i])
		}
		r.exp = exps[i]
		if out.Losses != nil {
			r.loss = &out.Losses[i]
		}
		if out.Funding != nil {
			r.prob, r.hasProb = out.Funding.Probability[i], true
		}
		if out.Core != nil {
			r.coreIdx, r.hasCore = out.Core.Index[i], true
		}
		if out.Line != nil && out.Line.Feasible {
			r.lineFund = out.Line.Selected[i]
		}
		rows = append(rows, r)
	}
	return rows
}

// WriteSelectionJSON writes s as the prio.selection/1 document of FORMATS.md
// §5: the same bytes whatever o.Lang is.
func WriteSelectionJSON(w io.Writer, s *Selection, o Options) error {
	if _, err := o.lang(); err != nil {
		return err
	}
	if err := checkSelection(s); err != nil {
		return err
	}
	out := s.Outcome
	st, sol := out.Setup, out.Solution
	p := st.Problem
	j := newJSONWriter(w)
	j.beginObject()
	j.key("format")
	j.str(SelectionFormat)
	j.key("prio_version")
	j.str(o.Version)
	j.key("criteria")
	j.criteria(s.Score.Criteria)
	j.key("inputs")
	j.inputs(s.Score.Inputs)
	j.key("selection")
	j.beginObject()
	j.key("path")
	j.strOrNull(s.Path)
	j.key("sha256")
	j.strOrNull(s.SHA256)
	j.endObject()
	j.key("status")
	j.str(sol.Status.String())
	j.key("value")
	j.numOrNull(sol.Value, sol.HasPortfolio)
	j.key("bound")
	j.numOrNull(sol.Bound, sol.HasPortfolio && finite(sol.Bound))
	j.key("gap")
	j.numOrNull(sol.Gap, sol.HasPortfolio && finite(sol.Gap))
	j.key("conflict")
	if sol.Status == selection.StatusInfeasible {
		j.beginArray()
		for _, r := range sol.Conflict {
			j.beginObject()
			j.key("rule")
			j.str(st.RuleText(r))
			j.key("at")
			j.str(st.RulePos(r).String())
			j.endObject()
		}
		j.endArray()
	} else {
		j.null()
	}
	j.key("budgets")
	j.beginArray()
	for b, bu := range p.Budgets {
		j.beginObject()
		j.key("year")
		j.str(bu.Name)
		j.key("budget")
		j.num(bu.Capacity)
		j.key("used")
		if sol.HasPortfolio {
			j.num(sol.Used[b])
		} else {
			j.null()
		}
		j.endObject()
	}
	j.endArray()
	j.key("unbudgeted")
	j.beginArray()
	for _, u := range st.Unbudgeted {
		j.beginObject()
		j.key("year")
		j.str(u.Year)
		j.key("total")
		j.num(unbudgetedTotal(sol, u))
		j.endObject()
	}
	j.endArray()
	rows := selectionRows(s)
	for _, funded := range []bool{true, false} {
		if funded {
			j.key("selected")
		} else {
			j.key("not_selected")
		}
		j.beginArray()
		for k := range rows {
			r := &rows[k]
			if r.funded != funded || !sol.HasPortfolio {
				continue
			}
			j.beginObject()
			j.key("id")
			j.str(r.a.ID)
			j.key("rank")
			if r.a.Rank > 0 {
				j.integer(r.a.Rank)
			} else {
				j.null()
			}
			j.key("value")
			j.num(p.Items[r.item].Value)
			j.key("cost")
			if r.missing {
				j.null()
			} else {
				j.beginObject()
				for b, bu := range p.Budgets {
					j.key(bu.Name)
					j.num(r.costs[b])
				}
				j.endObject()
			}
			if !funded && r.exp != nil {
				j.key("reason")
				j.str(r.exp.Reason.String())
				j.key("binding")
				j.beginArray()
				for _, b := range r.exp.Budgets {
					j.str(p.Budgets[b].Name)
				}
				j.endArray()
				if len(r.exp.Items) > 0 {
					j.key("related")
					j.beginArray()
					for _, i := range r.exp.Items {
						j.str(p.Items[i].ID)
					}
					j.endArray()
				}
			}
			if funded {
				j.key("loss_if_dropped")
			} else {
				j.key("loss_if_forced")
			}
			if r.loss != nil && r.loss.Null == selection.NullNone {
				j.num(r.loss.Value)
			} else {
				j.null()
			}
			j.key("funding_probability")
			if r.hasProb {
				j.num(r.prob)
			} else {
				j.null()
			}
			j.endObject()
		}
		j.endArray()
	}
	j.key("ranking_line")
	if out.Line != nil && out.Line.Feasible {
		j.beginObject()
		j.key("value")
		j.num(out.Line.Value)
		j.key("selected")
		j.strings(selectedIDs(p, rows, func(r *selectionRow) bool { return r.lineFund }))
		j.key("regret")
		if sol.HasPortfolio {
			j.num(math.Max(0, sol.Value-out.Line.Value))
		} else {
			j.null()
		}
		j.endObject()
	} else {
		j.null()
	}
	j.key("frontier")
	if out.Frontier != nil {
		j.beginArray()
		for _, fp := range out.Frontier {
			j.beginObject()
			j.key("scale")
			j.num(fp.Scale)
			j.key("budget")
			j.num(fp.Budget)
			j.key("value")
			j.numOrNull(fp.Value, fp.Feasible)
			j.key("selected")
			if fp.Feasible {
				j.strings(selectedIDs(p, rows, func(r *selectionRow) bool { return fp.Selected[r.item] }))
			} else {
				j.null()
			}
			j.key("supported")
			j.boolean(fp.Supported)
			j.endObject()
		}
		j.endArray()
	} else {
		j.null()
	}
	j.key("core")
	if out.Core != nil {
		j.beginObject()
		j.key("portfolios")
		j.beginArray()
		for _, pf := range out.Core.Portfolios {
			ids := make([]string, len(pf))
			for k, i := range pf {
				ids[k] = p.Items[i].ID
			}
			j.strings(ids)
		}
		j.endArray()
		j.key("index")
		j.beginObject()
		for k := range rows {
			j.key(rows[k].a.ID)
			j.num(out.Core.Index[rows[k].item])
		}
		j.endObject()
		j.endObject()
	} else {
		j.null()
	}
	j.key("warnings")
	j.strings(messages.Strings(st.Warnings, messages.English))
	j.endObject()
	return j.finish()
}

// selectedIDs lists, in ranking order, the ids of the rows in.
func selectedIDs(p *selection.Problem, rows []selectionRow, in func(*selectionRow) bool) []string {
	ids := []string{}
	for k := range rows {
		if in(&rows[k]) {
			ids = append(ids, p.Items[rows[k].item].ID)
		}
	}
	return ids
}

// numOrNull writes x, or null when not ok.
func (j *jsonWriter) numOrNull(x float64, ok bool) {
	if !ok {
		j.null()
		return
	}
	j.num(x)
}

// WriteSelectionCSV writes one row per investment, in ranking order:
// rank, id, name, funded (true/false), value, cost per budget (cost_YEAR or
// cost_total), reason, binding (years separated by spaces), loss (forced or
// dropped), funding_probability, core_index. The same bytes whatever o.Lang
// is.
func WriteSelectionCSV(w io.Writer, s *Selection, o Options) error {
	if _, err := o.lang(); err != nil {
		return err
	}
	if err := checkSelection(s); err != nil {
		return err
	}
	p := s.Outcome.Setup.Problem
	header := []string{"rank", "id", "name", "funded", "value"}
	for _, b := range p.Budgets {
		header = append(header, csvText("cost_"+b.Name))
	}
	header = append(header, "reason", "binding", "loss", "funding_probability", "core_index")
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	num := func(x float64, ok bool) string {
		if !ok || !finite(x) {
			return ""
		}
		s, _ := formatNumber(x)
		return s
	}
	for _, r := range selectionRows(s) {
		rank := ""
		if r.a.Rank > 0 {
			rank = strconv.Itoa(r.a.Rank)
		}
		row := []string{rank, csvText(r.a.ID), csvText(r.a.Name), strconv.FormatBool(r.funded), num(p.Items[r.item].Value, true)}
		for _, c := range r.costs {
			row = append(row, num(c, !r.missing))
		}
		reason, binding := "", ""
		if r.exp != nil && !r.funded {
			reason = r.exp.Reason.String()
			var years []string
			for _, b := range r.exp.Budgets {
				years = append(years, p.Budgets[b].Name)
			}
			binding = csvText(strings.Join(years, " "))
		}
		loss := ""
		if r.loss != nil && r.loss.Null == selection.NullNone {
			loss = num(r.loss.Value, true)
		}
		row = append(row, reason, binding, loss, num(r.prob, r.hasProb), num(r.coreIdx, r.hasCore))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
