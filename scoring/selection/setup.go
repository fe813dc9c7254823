package selection

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// Source is what a selection is made from: a scored portfolio and a
// selection file (FORMATS.md §5).
type Source struct {
	Set       *criteria.Set
	Portfolio *portfolio.Portfolio
	Result    *scoring.Result
	Selection *criteria.Selection
	// Skip, when set, says an id of the selection file belongs to another
	// agency's portfolio (a batch manifest's shared rules): rules naming
	// it are left out for this one instead of being an error.
	Skip func(id string) bool
}

// Setup is a selection problem made from a Source, with what the reports
// need to show it.
type Setup struct {
	Problem *Problem
	// Assessment gives, per item, its index in the Result's Investments.
	Assessment []int
	// Pooled is true for one pooled budget (named "total"); else the
	// budgets are the years of Selection.Years, in its order.
	Pooled bool
	// Unbudgeted are the cost field's years that have no budget, with each
	// item's cost in them: not constrained, reported with their totals.
	Unbudgeted []YearCosts
	// Warnings for people, one a line (costs missing, limits that could not
	// be decided).
	Warnings []messages.Message

	src       Source
	valueExpr *scoring.Expression
	// factor, for a value that is score × an expression of fields, is that
	// expression's value per item: the value is linear in the weights.
	factor []float64
	linear bool
}

// YearCosts is a year without a budget and each item's cost in it.
type YearCosts struct {
	Year  string
	Costs []float64
}

// SetupError lists the problems of a selection against a portfolio, each
// at its place in the selection file.
type SetupError struct {
	Problems []SetupProblem
}

// SetupProblem is one problem, at its place in the selection file.
type SetupProblem struct {
	Pos criteria.Pos
	Msg any // a message, or an error that localises itself
}

func (e *SetupError) Error() string { return e.Localize(messages.English) }

// Localize gives one problem a line in language l.
func (e *SetupError) Localize(l messages.Lang) string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Pos.String() + ": " + messages.Of(p.Msg).In(l)
	}
	return strings.Join(lines, "\n")
}

// Build makes the selection problem of a Source: one item per investment
// of the result, in its order (excluded ones included, never fundable),
// with the value and costs the selection file names, its budgets and its
// rules by index. Ids the portfolio lacks, budgets for years its costs
// lack, musts that cannot be funded and rules the solver refuses are
// problems at their place in the file, all of them together.
func Build(src Source) (*Setup, error) {
	sel, res := src.Selection, src.Result
	b := &builder{src: src, index: make(map[string]int, len(res.Investments))}
	for i := range res.Investments {
		b.index[res.Investments[i].ID] = i
	}
	st := &Setup{src: src, Pooled: sel.Pooled}
	p := &Problem{}
	st.Problem = p
	n := len(res.Investments)
	p.Items = make([]Item, n)
	st.Assessment = make([]int, n)
	for i := range res.Investments {
		a := &res.Investments[i]
		it := Item{ID: a.ID, Rank: a.Rank}
		switch {
		case a.Status == scoring.Excluded:
			it.Eligibility, it.Rank = Excluded, 0
		case a.Status == scoring.Flagged && sel.Eligible == criteria.EligibleUnflagged:
			it.Eligibility = Flagged
		}
		p.Items[i] = it
		st.Assessment[i] = i
	}
	b.values(st)
	b.costs(st)
	b.rules(st)
	b.limits(st)
	if len(b.problems) > 0 {
		return nil, &SetupError{Problems: b.problems}
	}
	if err := p.Validate(); err != nil {
		return nil, st.validation(err)
	}
	return st, nil
}

type builder struct {
	src      Source
	index    map[string]int
	problems []SetupProblem
	order    []orderedRule
}

type orderedRule struct {
	pos criteria.Pos
	ref RuleRef
}

func (b *builder) problem(pos criteria.Pos, format string, args ...any) {
	b.problems = append(b.problems, SetupProblem{Pos: pos, Msg: messages.M(format, args...)})
}

// values sets each item's value: its score, or the value expression.
func (b *builder) values(st *Setup) {
	sel, res := b.src.Selection, b.src.Result
	p := st.Problem
	if sel.ValueProgram == nil {
		st.linear = true
		for i := range p.Items {
			p.Items[i].Value = res.Investments[i].Score
		}
		return
	}
	st.valueExpr = &scoring.Expression{Program: sel.ValueProgram, Inputs: sel.ValueInputs, Source: sel.Value, Pos: sel.ValuePos, What: messages.T("value")}
	outs, err := res.ExprValues(b.src.Set, b.src.Portfolio, *st.valueExpr)
	if err != nil {
		b.problems = append(b.problems, SetupProblem{Pos: sel.ValuePos, Msg: err})
		return
	}
	for i, o := range outs {
		it := &p.Items[i]
		x, ok := o.Value.(float64)
		valid := len(o.Missing) == 0 && ok && !math.IsNaN(x) && !math.IsInf(x, 0)
		if it.Eligibility != Eligible {
			if valid {
				it.Value = x // shown, never funded
			}
			continue
		}
		if !valid {
			what := strings.Join(o.Missing, ", ")
			if what == "" {
				what = fmt.Sprint(o.Value)
			}
			b.problem(sel.ValuePos, "value = %s cannot be computed for %s (%s): a selection needs every eligible investment's value", sel.Value, it.ID, what)
			continue
		}
		it.Value = x
	}
	if f := scoreFactor(sel.Value); f != "" || sel.Value == "score" {
		st.linear = true
		st.factor = make([]float64, len(p.Items))
		for i := range p.Items {
			if s := res.Investments[i].Score; s != 0 {
				st.factor[i] = p.Items[i].Value / s
			}
		}
	}
}

// scoreFactor returns the other operand when an expression is score times
// something that does not read score ("score * effects"), else "".
func scoreFactor(src string) string {
	tree, err := parser.Parse(src)
	if err != nil {
		return ""
	}
	bin, ok := tree.Node.(*ast.BinaryNode)
	if !ok || bin.Operator != "*" {
		return ""
	}
	isScore := func(n ast.Node) bool {
		id, ok := n.(*ast.IdentifierNode)
		return ok && id.Value == "score"
	}
	readsScore := func(n ast.Node) bool {
		found := false
		ast.Find(n, func(c ast.Node) bool {
			if isScore(c) {
				found = true
			}
			return false
		})
		return found
	}
	switch {
	case isScore(bin.Left) && !readsScore(bin.Right):
		return bin.Right.String()
	case isScore(bin.Right) && !readsScore(bin.Left):
		return bin.Left.String()
	}
	return ""
}

// costs sets the budgets and each item's costs.
func (b *builder) costs(st *Setup) {
	sel, pf, res := b.src.Selection, b.src.Portfolio, b.src.Result
	p := st.Problem
	n := len(p.Items)
	var missing []string
	if st.Pooled {
		costs := make([]float64, n)
		field := pf.FieldIndex(sel.Cost)
		var derived []scoring.ExprOut
		if field < 0 {
			// A derived field: evaluate it as an expression of one name.
			var err error
			derived, err = b.derivedValues(sel.Cost)
			if err != nil {
				b.problems = append(b.problems, SetupProblem{Pos: sel.CostPos, Msg: err})
				return
			}
		}
		for i := range p.Items {
			var x float64
			var ok bool
			var cell portfolio.Cell
			if field >= 0 {
				v := pf.Value(res.Investments[i].RowIndex(), field)
				x, ok, cell = v.Num, v.Present, v.Cell
			} else if o := derived[i]; len(o.Missing) == 0 {
				x, ok = o.Value.(float64)
			}
			b.cost(st, i, x, ok, cell, &missing)
			costs[i] = x
		}
		p.Budgets = []Budget{{Name: "total", Capacity: sel.Budget, Costs: costs}}
		b.order = append(b.order, orderedRule{sel.BudgetPos, RuleRef{RuleBudget, 0}})
	} else {
		field := pf.FieldIndex(sel.Cost)
		var parts *portfolio.Parts
		if field >= 0 {
			parts = pf.Parts(field)
		}
		if parts == nil {
			b.problem(sel.CostPos, "years: cost %s has no year columns in the portfolio: its header must be a group label over one column per year", sel.Cost)
			return
		}
		budgeted := make(map[string]bool)
		for _, y := range sel.Years {
			if !slices.Contains(parts.Labels, y.Year) {
				b.problem(y.Pos, "a budget for %s, but the portfolio's %s has no column for that year (its years: %s)", y.Year, sel.Cost, strings.Join(parts.Labels, ", "))
				continue
			}
			budgeted[y.Year] = true
			costs := make([]float64, n)
			for i := range p.Items {
				costs[i], _ = parts.Value(res.Investments[i].RowIndex(), y.Year)
			}
			p.Budgets = append(p.Budgets, Budget{Name: y.Year, Capacity: y.Amount, Costs: costs})
			b.order = append(b.order, orderedRule{y.Pos, RuleRef{RuleBudget, len(p.Budgets) - 1}})
		}
		for i := range p.Items {
			row := res.Investments[i].RowIndex()
			v := pf.Value(row, field)
			b.cost(st, i, 0, !parts.Missing(row), v.Cell, &missing)
		}
		for _, l := range parts.Labels {
			if budgeted[l] {
				continue
			}
			costs := make([]float64, n)
			for i := range p.Items {
				costs[i], _ = parts.Value(res.Investments[i].RowIndex(), l)
			}
			st.Unbudgeted = append(st.Unbudgeted, YearCosts{Year: l, Costs: costs})
		}
	}
	if len(missing) > 0 {
		st.Warnings = append(st.Warnings, messages.M("the cost (%s) of %d investments is missing: they cannot be funded (%s)", sel.Cost, len(missing), listIDs(missing)))
	}
}

// cost records item i's cost check: a missing cost makes it unfundable; a
// negative one is a problem at its cell.
func (b *builder) cost(st *Setup, i int, x float64, ok bool, cell portfolio.Cell, missing *[]string) {
	it := &st.Problem.Items[i]
	if it.Eligibility != Eligible {
		return
	}
	switch {
	case !ok:
		it.CostMissing = true
		*missing = append(*missing, it.ID)
	case x < 0:
		where := b.src.Selection.CostPos
		b.problem(where, "%s costs %v at %s: a cost must not be negative", it.ID, x, cell)
	}
}

// derivedValues evaluates a derived field for every investment.
func (b *builder) derivedValues(name string) ([]scoring.ExprOut, error) {
	for _, dv := range b.src.Set.Derived {
		if dv.Name == name {
			return b.src.Result.ExprValues(b.src.Set, b.src.Portfolio, scoring.Expression{
				Program: dv.Program, Inputs: dv.Inputs, Source: dv.Expr, Pos: dv.ExprPos, What: messages.M("derived field %s", dv.Name)})
		}
	}
	return nil, messages.Errorf("cost must name a number field or derived field of the criteria set, not %s", name)
}

// item resolves an id of the selection file; skip is true for an id of
// another agency (Source.Skip), ok false for an id nowhere.
func (b *builder) item(r criteria.IDRef) (i int, skip, ok bool) {
	if i, found := b.index[r.ID]; found {
		return i, false, true
	}
	if b.src.Skip != nil && b.src.Skip(r.ID) {
		return 0, true, false
	}
	b.problem(r.Pos, "%s is not an investment of the portfolio", r.ID)
	return 0, false, false
}

// rules sets must, must_not, requires, together and exclusive.
func (b *builder) rules(st *Setup) {
	sel, res := b.src.Selection, b.src.Result
	p := st.Problem
	for _, r := range sel.Must {
		i, _, ok := b.item(r)
		if !ok {
			continue
		}
		a := &res.Investments[i]
		switch it := p.Items[i]; {
		case it.Eligibility == Excluded:
			b.problem(r.Pos, "must %s failed a starting point with on_fail: exclude (%s): it cannot be funded", r.ID, strings.Join(a.FailedGates(), ", "))
			continue
		case it.Eligibility == Flagged:
			b.problem(r.Pos, "must %s is flagged (%s) and the selection says eligible: unflagged: it cannot be funded", r.ID, strings.Join(a.FailedGates(), ", "))
			continue
		case it.CostMissing:
			b.problem(r.Pos, "must %s has no cost (%s is missing): it cannot be funded", r.ID, sel.Cost)
			continue
		}
		p.Must = append(p.Must, i)
		b.order = append(b.order, orderedRule{r.Pos, RuleRef{RuleMust, len(p.Must) - 1}})
	}
	for _, r := range sel.MustNot {
		if i, _, ok := b.item(r); ok {
			p.MustNot = append(p.MustNot, i)
			b.order = append(b.order, orderedRule{r.Pos, RuleRef{RuleMustNot, len(p.MustNot) - 1}})
		}
	}
	for _, r := range sel.Requires {
		i, skipA, okA := b.item(r[0])
		j, skipB, okB := b.item(r[1])
		if skipA || skipB || !okA || !okB {
			continue
		}
		p.Requires = append(p.Requires, Requires{Item: i, Needs: j})
		b.order = append(b.order, orderedRule{r[0].Pos, RuleRef{RuleRequires, len(p.Requires) - 1}})
	}
	groups := func(in [][]criteria.IDRef, kind RuleKind, add func([]int) int) {
		for _, g := range in {
			var members []int
			whole := true
			for _, r := range g {
				i, skip, ok := b.item(r)
				switch {
				case ok:
					members = append(members, i)
				case !skip:
					whole = false
				}
			}
			if !whole || len(members) < 2 {
				continue // an unknown id (reported), or a group of another agency
			}
			b.order = append(b.order, orderedRule{g[0].Pos, RuleRef{kind, add(members)}})
		}
	}
	groups(sel.Together, RuleTogether, func(m []int) int { p.Together = append(p.Together, m); return len(p.Together) - 1 })
	groups(sel.Exclusive, RuleExclusive, func(m []int) int { p.Exclusive = append(p.Exclusive, m); return len(p.Exclusive) - 1 })
}

// limits sets the linear limits: for each, the investments its where
// picks, with their sum field's value or 1.
func (b *builder) limits(st *Setup) {
	sel, res := b.src.Selection, b.src.Result
	p := st.Problem
	for li, l := range sel.Limits {
		if l.WhereProgram == nil {
			continue
		}
		where, err := res.ExprValues(b.src.Set, b.src.Portfolio, scoring.Expression{Program: l.WhereProgram, Inputs: l.WhereInputs, Source: l.Where, Pos: l.WherePos, What: messages.T("limits: where")})
		if err != nil {
			b.problems = append(b.problems, SetupProblem{Pos: l.WherePos, Msg: err})
			continue
		}
		var sums []scoring.ExprOut
		sumField := -1
		if l.Sum != "" {
			if sumField = b.src.Portfolio.FieldIndex(l.Sum); sumField < 0 {
				if sums, err = b.derivedValues(l.Sum); err != nil {
					b.problems = append(b.problems, SetupProblem{Pos: l.Pos, Msg: err})
					continue
				}
			}
		}
		lim := Limit{Name: fmt.Sprintf("limits[%d]", li), Max: l.Max} // not a message: the key and index of the selection file, the same in every language
		var undecided, noSum []string
		for i := range p.Items {
			it := &p.Items[i]
			if it.Eligibility != Eligible || it.CostMissing {
				continue
			}
			if len(where[i].Missing) > 0 {
				undecided = append(undecided, it.ID)
				continue
			}
			if in, _ := where[i].Value.(bool); !in {
				continue
			}
			coef := 1.0
			if l.Sum != "" {
				var ok bool
				if sumField >= 0 {
					v := b.src.Portfolio.Value(res.Investments[i].RowIndex(), sumField)
					coef, ok = v.Num, v.Present
				} else if len(sums[i].Missing) == 0 {
					coef, ok = sums[i].Value.(float64)
				}
				if !ok {
					// What it would add to the limit is not known: it
					// cannot be funded without breaking the limit unseen.
					it.CostMissing = true
					noSum = append(noSum, it.ID)
					continue
				}
			}
			lim.Items = append(lim.Items, i)
			lim.Coefs = append(lim.Coefs, coef)
		}
		if len(undecided) > 0 {
			st.Warnings = append(st.Warnings, messages.M("%s: where %s cannot be decided for %d investments, which are left out of the limit (%s)", l.Pos, l.Where, len(undecided), listIDs(undecided)))
		}
		if len(noSum) > 0 {
			st.Warnings = append(st.Warnings, messages.M("%s: %s is missing for %d investments the limit applies to: they cannot be funded (%s)", l.Pos, l.Sum, len(noSum), listIDs(noSum)))
		}
		p.Limits = append(p.Limits, lim)
		b.order = append(b.order, orderedRule{l.Pos, RuleRef{RuleLimit, len(p.Limits) - 1}})
	}
	slices.SortStableFunc(b.order, func(x, y orderedRule) int {
		return cmp.Or(cmp.Compare(x.pos.Line, y.pos.Line), cmp.Compare(x.pos.Col, y.pos.Col))
	})
	p.RuleOrder = make([]RuleRef, len(b.order))
	for k, o := range b.order {
		p.RuleOrder[k] = o.ref
	}
}

// RulePos is where a rule is in the selection file.
func (st *Setup) RulePos(r RuleRef) criteria.Pos {
	sel := st.src.Selection
	p := st.Problem
	switch r.Kind {
	case RuleBudget:
		if st.Pooled {
			return sel.BudgetPos
		}
		for _, y := range sel.Years {
			if y.Year == p.Budgets[r.Index].Name {
				return y.Pos
			}
		}
	case RuleMust:
		return st.idPos(sel.Must, p.Items[p.Must[r.Index]].ID)
	case RuleMustNot:
		return st.idPos(sel.MustNot, p.Items[p.MustNot[r.Index]].ID)
	case RuleRequires:
		id := p.Items[p.Requires[r.Index].Item].ID
		for _, q := range sel.Requires {
			if q[0].ID == id && q[1].ID == p.Items[p.Requires[r.Index].Needs].ID {
				return q[0].Pos
			}
		}
	case RuleTogether:
		return groupPos(sel.Together, p.Items[p.Together[r.Index][0]].ID)
	case RuleExclusive:
		return groupPos(sel.Exclusive, p.Items[p.Exclusive[r.Index][0]].ID)
	case RuleLimit:
		var k int
		fmt.Sscanf(p.Limits[r.Index].Name, "limits[%d]", &k)
		if k < len(sel.Limits) {
			return sel.Limits[k].Pos
		}
	}
	return criteria.Pos{File: sel.File}
}

func (st *Setup) idPos(refs []criteria.IDRef, id string) criteria.Pos {
	for _, r := range refs {
		if r.ID == id {
			return r.Pos
		}
	}
	return criteria.Pos{File: st.src.Selection.File}
}

func groupPos(groups [][]criteria.IDRef, first string) criteria.Pos {
	for _, g := range groups {
		for _, r := range g {
			if r.ID == first {
				return g[0].Pos
			}
		}
	}
	return criteria.Pos{}
}

// RuleText names a rule as people and the JSON name it: "must EXV-1",
// "budget 2026", "requires A B", "exclusive A B C", "limits[0]".
func (st *Setup) RuleText(r RuleRef) string {
	p := st.Problem
	ids := func(is []int) string {
		out := make([]string, len(is))
		for k, i := range is {
			out[k] = p.Items[i].ID
		}
		return strings.Join(out, " ")
	}
	switch r.Kind {
	case RuleBudget:
		return "budget " + p.Budgets[r.Index].Name
	case RuleMust:
		return "must " + p.Items[p.Must[r.Index]].ID
	case RuleMustNot:
		return "must_not " + p.Items[p.MustNot[r.Index]].ID
	case RuleRequires:
		q := p.Requires[r.Index]
		return "requires " + p.Items[q.Item].ID + " " + p.Items[q.Needs].ID
	case RuleTogether:
		return "together " + ids(p.Together[r.Index])
	case RuleExclusive:
		return "exclusive " + ids(p.Exclusive[r.Index])
	case RuleLimit:
		return p.Limits[r.Index].Name
	}
	return r.Kind.String()
}

// validation maps the solver's issues to the selection file's positions.
// The file's own checks and Build's catch what people write wrong; what is
// left is named by the solver's code, at the rule.
func (st *Setup) validation(err error) error {
	ve, ok := err.(*ValidationError)
	if !ok {
		return err
	}
	var probs []SetupProblem
	for _, is := range ve.Issues {
		pos := criteria.Pos{File: st.src.Selection.File}
		what := is.Code.String()
		if is.Rule.Kind != RuleNone {
			pos = st.RulePos(is.Rule)
			what = st.RuleText(is.Rule) + ": " + what
		} else if is.Item >= 0 && is.Item < len(st.Problem.Items) {
			what = st.Problem.Items[is.Item].ID + ": " + what
		}
		probs = append(probs, SetupProblem{Pos: pos, Msg: messages.M("the selection cannot be solved as written: %s", what)})
	}
	return &SetupError{Problems: probs}
}

// listIDs names the first ids and counts the rest.
func listIDs(ids []string) any {
	const shown = 5
	if len(ids) <= shown {
		return strings.Join(ids, ", ")
	}
	return messages.M("%s and %d more", strings.Join(ids[:shown], ", "), len(ids)-shown)
}

// Linear reports whether the value is linear in the weights (score, or
// score times an expression of fields): what the core index needs.
func (st *Setup) Linear() bool { return st.linear }

// SampleValues gives the items' values under weight samples drawn by model
// around the result's effective weights, sample k from a stream seeded by
// seed and k: for the funding probability.
func (st *Setup) SampleValues(model criteria.WeightModel, seed uint64) (SampleValues, error) {
	if !st.linear {
		return nil, ErrNotLinear
	}
	res := st.src.Result
	m := len(res.Leaves)
	if _, err := sensitivity.NewWeightSampler(model, res.Weights); err != nil {
		return nil, err
	}
	// One sampler and weight vector per call: SampleValues is called from
	// several goroutines at once.
	return func(k int, values []float64) error {
		ws, err := sensitivity.NewWeightSampler(model, res.Weights)
		if err != nil {
			return err
		}
		w := make([]float64, m)
		if err := ws.Sample(seed, k, w); err != nil {
			return err
		}
		for i := range values {
			a := &res.Investments[st.Assessment[i]]
			score := 0.0
			for j, v := range a.Values {
				score += w[j] * v
			}
			if st.factor != nil {
				score *= st.factor[i]
			}
			values[i] = score
		}
		return nil
	}, nil
}

// CorePoints gives the items' values at the extreme points of the weight
// set of model around the result's effective weights (FORMATS.md §5,
// core), for a value linear in the weights.
func (st *Setup) CorePoints(model criteria.WeightModel) [][]float64 {
	res := st.src.Result
	m := len(res.Leaves)
	var pts [][]float64
	switch model.Kind {
	case criteria.WeightsFree:
		pts = ExtremePointsFree(m)
	case criteria.WeightsOrder:
		stated := make([]float64, m)
		for j, c := range res.Leaves {
			stated[j] = c.EffectiveWeight
		}
		pts = ExtremePointsOrder(stated)
	default:
		lo, hi := make([]float64, m), make([]float64, m)
		for j, w := range res.Weights {
			lo[j], hi[j] = w*(1-model.Vary), w*(1+model.Vary)
		}
		pts = ExtremePointsBox(lo, hi)
	}
	per := make([][]float64, len(st.Problem.Items))
	for i := range per {
		a := &res.Investments[st.Assessment[i]]
		f := 1.0
		if st.factor != nil {
			f = st.factor[i]
		}
		per[i] = make([]float64, m)
		for j, v := range a.Values {
			per[i][j] = v * f
		}
	}
	return ExtremeValues(per, pts)
}

// Outcome is a solved selection with its explanations.
type Outcome struct {
	Setup        *Setup
	Solution     *Solution
	Explanations []Explanation // one per item not funded (without a portfolio, none)
	Line         *Line
	Losses       []Loss          // with losses asked for
	Frontier     []FrontierPoint // with a frontier asked for
	Funding      *Funding        // with samples asked for
	Core         *CoreResult     // with the core asked for
}

// Ask says what to compute beyond the optimum.
type Ask struct {
	Losses   bool
	Frontier int // points; 0: none
	Samples  int // funding probability samples; 0: none
	Weights  criteria.WeightModel
	Seed     uint64
	Core     bool
}

// ErrNotLinear: the funding probability and the core index need a value
// linear in the weights: score, or score times an expression of fields.
var ErrNotLinear = errors.New("selection: the value is not linear in the weights") // not a message: the command checks first and says it in the run's words

// Run solves the setup and computes what ask asks for.
func Run(ctx context.Context, st *Setup, o Options, ask Ask) (*Outcome, error) {
	out := &Outcome{Setup: st}
	sol, err := Solve(ctx, st.Problem, o)
	if err != nil {
		return nil, err
	}
	out.Solution = sol
	if line, err := RankingLine(st.Problem); err == nil {
		out.Line = line
	}
	if !sol.HasPortfolio {
		return out, nil
	}
	if out.Explanations, err = Explain(st.Problem, sol.Selected); err != nil {
		return nil, err
	}
	if ask.Losses {
		if out.Losses, err = Losses(ctx, st.Problem, sol, o); err != nil {
			return nil, err
		}
	}
	if ask.Frontier > 0 {
		if out.Frontier, err = Frontier(ctx, st.Problem, ask.Frontier, o); err != nil {
			return nil, err
		}
	}
	if ask.Samples > 0 {
		values, err := st.SampleValues(ask.Weights, ask.Seed)
		if err != nil {
			return nil, err
		}
		if out.Funding, err = FundingProbability(ctx, st.Problem, ask.Samples, values, o); err != nil {
			return nil, err
		}
	}
	if ask.Core {
		if !st.linear {
			return nil, ErrNotLinear
		}
		if out.Core, err = Core(ctx, st.Problem, st.CorePoints(ask.Weights), CoreOptions{}); err != nil {
			return nil, err
		}
	}
	return out, nil
}
