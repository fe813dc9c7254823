package scoring

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/expr-lang/expr/vm"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
)

// ErrScoring is wrapped by every ErrorList of this package.
var ErrScoring = errors.New("scoring failed") // not a message: a sentinel for errors.Is, never shown: ErrorList.Error gives only its problems

// Error is a problem that stops scoring, at the cell or row it concerns.
type Error struct {
	Pos string
	Msg messages.Message
}

func (e *Error) Error() string { return e.Pos + ": " + e.Msg.String() }

// Localize gives the problem in language l.
func (e *Error) Localize(l messages.Lang) string { return e.Pos + ": " + e.Msg.In(l) }

// ErrorList is every problem found while scoring, in portfolio order.
type ErrorList []*Error

func (l ErrorList) Error() string { return l.Localize(messages.English) }

// Localize gives one problem a line in language lang.
func (l ErrorList) Localize(lang messages.Lang) string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Localize(lang)
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.Is(err, ErrScoring) hold.
func (l ErrorList) Unwrap() error { return ErrScoring }

// TieTolerance: scores equal to within it share a rank (FORMATS.md §3).
const TieTolerance = 1e-12

// slot is a named input of the expressions: a field or a derived field.
type slot struct {
	name  string
	kind  portfolio.Kind
	field int // index into Investment.Values, or -1 for a derived field
}

// scorer holds what is computed once per criteria set.
type scorer struct {
	set    *criteria.Set
	slots  []slot
	byName map[string]int
	leaves []*criteria.Criterion
	leafIn []int // slot of each leaf's field
	// leafFields lists, per leaf, the field slots its value is read from,
	// following derived fields to the fields they read.
	leafFields [][]int
	weights    []float64
	derived    []derivedPlan
	gates      []gatePlan
	nameIx     int // slot of "name", or -1
	agency     int
}

type derivedPlan struct {
	d      *criteria.Derived
	slot   int
	inputs []int
	kernel *kernel // nil: the VM runs it
	// num is the kernel of a derived number, as float64: the common case,
	// run without the generic path's conversions and copies.
	num func(ev *evaluation) float64
}

type gatePlan struct {
	g      *criteria.Gate
	inputs []int
	kernel *kernel // nil: the VM runs it
}

func newScorer(set *criteria.Set, p *portfolio.Portfolio) (*scorer, error) {
	s := &scorer{set: set, byName: make(map[string]int)}
	if len(p.Fields) != len(set.Fields) {
		return nil, fmt.Errorf("scoring: portfolio has %d fields, criteria set %d", len(p.Fields), len(set.Fields)) // not a message: a defect of the caller; the importers give the set's fields
	}
	for i, f := range set.Fields {
		if p.Fields[i].Name != f.Name {
			return nil, fmt.Errorf("scoring: portfolio field %d is %q, criteria set has %q", i, p.Fields[i].Name, f.Name) // not a message: a defect of the caller; the importers give the set's fields
		}
		s.byName[f.Name] = len(s.slots)
		s.slots = append(s.slots, slot{f.Name, f.Type, i})
	}
	for _, d := range set.Derived {
		s.byName[d.Name] = len(s.slots)
		s.slots = append(s.slots, slot{d.Name, d.Type, -1})
		s.derived = append(s.derived, derivedPlan{d: d, slot: s.byName[d.Name], inputs: s.indices(d.Inputs)})
	}
	for _, g := range set.StartingPoints {
		s.gates = append(s.gates, gatePlan{g: g, inputs: s.indices(g.Inputs)})
	}
	s.leaves = set.Leaves()
	for _, c := range s.leaves {
		ix, ok := s.byName[c.Field]
		if !ok {
			return nil, fmt.Errorf("scoring: criterion %s reads unknown field %q", c.ID, c.Field) // not a message: a defect; criteria.Load refuses such a set
		}
		s.leafIn = append(s.leafIn, ix)
		s.leafFields = append(s.leafFields, s.fieldsOf(ix))
		s.weights = append(s.weights, c.EffectiveWeight)
	}
	s.nameIx, s.agency = s.textSlot("name"), s.textSlot("agency")
	for i := range s.derived {
		dp := &s.derived[i]
		dp.kernel = s.compileKernel(dp.d.Program)
		if k := dp.kernel; k != nil && dp.d.Type == portfolio.Number && numeric(k) {
			dp.num = asFloat(k)
		}
	}
	for i := range s.gates {
		if k := s.compileKernel(s.gates[i].g.Program); k != nil && k.t == kBool {
			s.gates[i].kernel = k
		}
	}
	return s, nil
}

// leafFieldIndices gives, per leaf, the portfolio fields behind it.
func (s *scorer) leafFieldIndices() [][]int {
	out := make([][]int, len(s.leafFields))
	for li, slots := range s.leafFields {
		for _, ix := range slots {
			out[li] = append(out[li], s.slots[ix].field)
		}
	}
	return out
}

// fieldsOf lists the field slots a slot's value comes from: itself for a
// field, the fields its expression reads (transitively) for a derived field.
func (s *scorer) fieldsOf(ix int) []int {
	var out []int
	var walk func(ix int)
	walk = func(ix int) {
		if s.slots[ix].field >= 0 {
			if !slices.Contains(out, ix) {
				out = append(out, ix)
			}
			return
		}
		for _, dp := range s.derived {
			if dp.slot == ix {
				for _, in := range dp.inputs {
					walk(in)
				}
			}
		}
	}
	walk(ix)
	return out
}

func (s *scorer) indices(names []string) []int {
	out := make([]int, len(names))
	for i, n := range names {
		out[i] = s.byName[n]
	}
	return out
}

func (s *scorer) textSlot(name string) int {
	if ix, ok := s.byName[name]; ok && s.slots[ix].kind == portfolio.Text {
		return ix
	}
	return -1
}

// Score applies the criteria set to the portfolio and ranks the result. The
// portfolio's fields must be the set's fields, in order, as the importers
// give them. A missing value under a criterion with `missing: error`, or a
// gate that fails to run, stops the run with an ErrorList.
func Score(set *criteria.Set, p *portfolio.Portfolio) (*Result, error) {
	s, err := newScorer(set, p)
	if err != nil {
		return nil, err
	}
	r := &Result{
		Criteria: CriteriaInfo{ID: set.ID, Version: set.Version, Status: set.Status, SHA256: set.SHA256, Title: set.Title},
		Inputs:   p.Inputs,
		Leaves:   s.leaves,
		Weights:  s.weights,
		Gates:    set.StartingPoints,
		Warnings: slices.Clone(p.Warnings),
		Notes:    slices.Clone(p.Notes),
		Absent:   slices.Clone(p.Absent),
	}
	if !set.ForScoring() {
		r.Warnings = append(r.Warnings, notAdopted(set))
	}
	var errs ErrorList
	ev := newEvaluation(s)
	n, m := len(p.Investments), len(s.leaves)
	r.Investments = make([]Assessment, n)
	// The per-investment slices are windows of a few arrays: two
	// allocations for 100,000 investments, not two hundred thousand.
	values, contributions := make([]float64, n*m), make([]float64, n*m)
	ev.gates = newGateStore(s.gates, n)
	for i := range p.Investments {
		a := &r.Investments[i]
		a.Values = values[i*m : (i+1)*m : (i+1)*m]
		a.Contributions = contributions[i*m : (i+1)*m : (i+1)*m]
		ev.assess(p, i, a, r, &errs)
	}
	r.cells = &cellSource{p: p, leafFields: s.leafFieldIndices()}
	errs = append(errs, ev.failures.errors()...)
	if len(errs) > 0 {
		return nil, errs
	}
	Rank(r.Investments)
	return r, nil
}

// notAdopted warns of a criteria set that is a draft or retired.
func notAdopted(set *criteria.Set) messages.Message {
	if set.Status == criteria.StatusRetired {
		return messages.M("the criteria set %s %s is retired, not adopted: fine for trying things out, not for recommendations", set.ID, set.Version)
	}
	return messages.M("the criteria set %s %s is draft, not adopted: fine for trying things out, not for recommendations", set.ID, set.Version)
}

// evaluation holds the buffers reused from one investment to the next.
type evaluation struct {
	s       *scorer
	present []bool
	values  []portfolio.Value
	// env holds the inputs of an expression the VM runs, put there just
	// before it runs (the compiled kernels read values).
	env     map[string]any
	machine vm.VM
	// bail is set by a kernel that meets what it leaves to the VM (an
	// integer overflow); the VM then runs the expression.
	bail bool
	// gates keeps the investments' starting-point outcomes (Score).
	gates *gateStore
	// failures are the expressions that failed to run, a defect of the
	// criteria set reported once per expression.
	failures exprFailures
}

func newEvaluation(s *scorer) *evaluation {
	return &evaluation{
		s:       s,
		present: make([]bool, len(s.slots)),
		values:  make([]portfolio.Value, len(s.slots)),
		env:     make(map[string]any, len(s.slots)),
	}
}

// run runs a compiled expression on the reused machine with the values of
// the slots it reads; a panic inside the expression engine becomes an
// error.
func (ev *evaluation) run(p *vm.Program, inputs []int) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	for _, ix := range inputs {
		sl := ev.s.slots[ix]
		ev.env[sl.name] = criteria.ExprValue(ev.values[ix], sl.kind)
	}
	return ev.machine.Run(p, ev.env)
}

// load reads investment i's field values into the evaluation.
func (ev *evaluation) load(p *portfolio.Portfolio, i int) {
	for ix, sl := range ev.s.slots {
		if sl.field < 0 {
			break
		}
		v := p.Value(i, sl.field)
		ev.values[ix], ev.present[ix] = v, v.Present
	}
}

// derive computes the derived fields from the loaded values. warn, if not
// nil, receives each derived value read as missing: the field, the kind of
// problem and the message. It returns the first expression that failed to
// run (see deriveOne).
func (ev *evaluation) derive(warn derivedWarning) *ExprError {
	var first *ExprError
	for _, dp := range ev.s.derived {
		if err := ev.deriveOne(dp, warn); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// deriveOne computes one derived field from the current values. A value
// that is not a finite number, or an integer out of range, is missing (with
// a warning); an expression that fails for any other reason is a defect of
// the criteria set, returned as an error: the field is then missing too.
func (ev *evaluation) deriveOne(dp derivedPlan, warn derivedWarning) *ExprError {
	ev.present[dp.slot] = false
	if !ev.allPresent(dp.inputs) {
		return nil
	}
	if dp.num != nil {
		ev.bail = false
		if f := dp.num(ev); !ev.bail && !math.IsNaN(f) && !math.IsInf(f, 0) {
			if f == 0 {
				f = 0 // no negative zero
			}
			// A derived number's value holds its number and nothing else.
			v := &ev.values[dp.slot]
			v.Num, v.Present = f, true
			ev.present[dp.slot] = true
			return nil
		}
		// Not a finite number, or the VM's to run: the general way says so.
	}
	if dp.kernel != nil {
		if v, ok, out := ev.runKernel(dp.kernel, dp.d.Type); !ev.bail {
			if !ok {
				if warn != nil {
					warn(dp.d.Name, DerivedNotFinite, messages.M("derived field %s = %s is %s, not a finite number; read as missing", dp.d.Name, dp.d.Expr, describeOut(out)))
				}
				return nil
			}
			ev.values[dp.slot], ev.present[dp.slot] = v, true
			return nil
		}
	}
	out, err := ev.run(dp.d.Program, dp.inputs)
	if errors.Is(err, criteria.ErrNumberRange) {
		if warn != nil {
			warn(dp.d.Name, DerivedIntegerRange, messages.M("derived field %s = %s is an integer beyond 64 bits (or an integer division by zero), not a number prio can hold; read as missing", dp.d.Name, dp.d.Expr))
		}
		return nil
	}
	if err != nil {
		return &ExprError{Pos: dp.d.ExprPos, What: messages.M("derived field %s", dp.d.Name), Expr: dp.d.Expr, Inputs: ev.describeCells(dp.inputs), Err: exprMessage(err)}
	}
	v, ok := fromExpr(out, dp.d.Type)
	if !ok {
		if warn != nil {
			warn(dp.d.Name, DerivedNotFinite, messages.M("derived field %s = %s is %s, not a finite number; read as missing", dp.d.Name, dp.d.Expr, describeOut(out)))
		}
		return nil
	}
	ev.values[dp.slot], ev.present[dp.slot] = v, true
	return nil
}

// runKernel runs a compiled derived field and gives its value as fromExpr
// gives the VM's: ok false for a number that is not finite, with the value
// as the VM would give it, for the warning (boxed only then: the value is
// otherwise made without allocation). ev.bail says the kernel gave up and
// the VM must run the expression.
func (ev *evaluation) runKernel(k *kernel, kind portfolio.Kind) (v portfolio.Value, ok bool, out any) {
	ev.bail = false
	v.Present = true
	switch k.t {
	case kFloat, kInt:
		var f float64
		var n int
		if k.t == kFloat {
			f = k.f(ev)
		} else {
			n = k.i(ev)
			f = float64(n)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) || kind != portfolio.Number {
			if k.t == kInt {
				return v, false, n
			}
			return v, false, f
		}
		if f == 0 {
			f = 0 // no negative zero
		}
		v.Num = f
		return v, true, nil
	case kBool:
		v.Bool = k.b(ev)
		if kind != portfolio.YesNo {
			return v, false, v.Bool
		}
		return v, true, nil
	case kText:
		v.Text = k.s(ev)
		if kind != portfolio.Text {
			return v, false, v.Text
		}
		return v, true, nil
	case kTime:
		v.Date = k.m(ev)
		if kind != portfolio.Date {
			return v, false, v.Date
		}
		return v, true, nil
	}
	ev.bail = true // a duration is no field's value: the VM says so
	return v, false, nil
}

// leafValue values leaf li from the loaded and derived values; missing is
// true when its input was missing and the value came from the policy.
func (ev *evaluation) leafValue(li int) (v float64, missing bool) {
	c := ev.s.leaves[li]
	ix := ev.s.leafIn[li]
	if ev.present[ix] {
		return leafValue(c.Value, ev.values[ix], ev.s.slots[ix].kind), false
	}
	if c.Missing == criteria.MissingNeutral {
		return 0.5, true
	}
	return 0, true
}

func (ev *evaluation) assess(p *portfolio.Portfolio, i int, a *Assessment, r *Result, errs *ErrorList) {
	s := ev.s
	inv := &p.Investments[i]
	ev.load(p, i)
	// The row, for a warning or an error: made only for one.
	where := func() string { return inv.Source.RowString() }
	warn := func(field string, kind WarningKind, msg messages.Message) {
		text := messages.M("%s: %s: %s", where(), inv.ID, msg)
		r.Warnings = append(r.Warnings, text)
		r.Repeated = append(r.Repeated, RepeatedWarning{Text: text, Kind: kind, Field: field, Investment: inv.ID})
	}
	for _, dp := range s.derived {
		err := ev.deriveOne(dp, warn)
		if err != nil {
			err.Investment, err.Row = inv.ID, where()
			ev.failures.add(err)
		}
	}

	*a = Assessment{ID: inv.ID, Source: inv.Source, Status: Ranked, Values: a.Values, Contributions: a.Contributions, row: i}
	if s.nameIx >= 0 && ev.present[s.nameIx] {
		a.Name = ev.values[s.nameIx].Text
	}
	if s.agency >= 0 && ev.present[s.agency] {
		a.Agency = ev.values[s.agency].Text
	}

	for gi, gp := range s.gates {
		g := gp.g
		gr := GateResult{ID: g.ID, OnFail: g.OnFail}
		if missing := ev.missingNames(gp.inputs); len(missing) > 0 {
			gr.Passed = g.OnMissingPass
			// The canonical text of FORMATS.md §1, the same in every
			// language: reports for people make their own sentence.
			gr.Reason = "missing: " + strings.Join(missing, ", ") // not a message: a fixed form that scripts read
			gr.Missing = missing
		} else {
			passed, done := false, false
			if gp.kernel != nil {
				ev.bail = false
				passed = gp.kernel.b(ev)
				done = !ev.bail
			}
			if !done {
				passed = ev.runGate(gp, inv.ID, where())
			}
			gr.Evaluated, gr.Passed = true, passed
			if !passed {
				gr.Reason = g.Require + " (" + ev.describeInputs(gp.inputs) + ")"
				gr.Values = ev.gateValues(gp.inputs)
			}
		}
		if !gr.Passed {
			switch g.OnFail {
			case criteria.OnFailExclude:
				a.Status = Excluded
			case criteria.OnFailFlag:
				if a.Status != Excluded {
					a.Status = Flagged
				}
			}
		}
		ev.gates.scratch[gi] = gr
	}
	a.Gates = ev.gates.keep()

	for li, c := range s.leaves {
		v, missing := ev.leafValue(li)
		if missing {
			a.Missing = append(a.Missing, c.ID)
			if a.Gaps == nil {
				a.Gaps = make([][]portfolio.Cell, len(s.leaves))
			}
			cells := ev.cells(li)
			a.Gaps[li] = ev.gaps(li, cells)
			if c.Missing == criteria.MissingError {
				pos := where()
				if len(cells) == 1 {
					pos = cells[0].String()
				}
				*errs = append(*errs, &Error{Pos: pos, Msg: messages.M("%s: criterion %s needs %s, which is missing (its missing policy is error)", inv.ID, c.ID, c.Field)})
			}
		}
		a.Values[li] = v
		a.Contributions[li] = s.weights[li] * v
	}
	a.Score = sum(a.Contributions)
}

// gateStore keeps the starting-point outcomes of every investment: an
// investment that passed every starting point on its values (most of them,
// in a portfolio that meets its criteria set) shares one read-only slice
// of outcomes with all such; the others take windows of arrays allocated a
// few thousand investments at a time. Outcomes are some 100 bytes each,
// 30 MB for three starting points and 100,000 investments if every
// investment had its own.
type gateStore struct {
	passed  []GateResult // shared: every gate passed on its values
	scratch []GateResult // the investment being assessed
	free    []GateResult // room for the next investments that need their own
	left    int          // investments not yet kept
}

// gateChunk is the number of investments' outcomes allocated at once.
const gateChunk = 4096

func newGateStore(gates []gatePlan, investments int) *gateStore {
	st := &gateStore{passed: make([]GateResult, len(gates)), scratch: make([]GateResult, len(gates)), left: investments}
	for gi, gp := range gates {
		st.passed[gi] = GateResult{ID: gp.g.ID, Passed: true, Evaluated: true, OnFail: gp.g.OnFail}
	}
	return st
}

// keep returns the outcomes in scratch as the investment's: the shared
// slice when they are it, else a copy.
func (st *gateStore) keep() []GateResult {
	g := len(st.scratch)
	st.left--
	if g == 0 {
		return st.passed
	}
	shared := true
	for gi, gr := range st.scratch {
		if p := st.passed[gi]; !gr.Passed || !gr.Evaluated || gr.Reason != "" || gr.Missing != nil || gr.Values != nil || gr.ID != p.ID || gr.OnFail != p.OnFail {
			shared = false
			break
		}
	}
	if shared {
		return st.passed
	}
	if len(st.free) < g {
		st.free = make([]GateResult, min(gateChunk, st.left+1)*g)
	}
	out := st.free[:g:g]
	st.free = st.free[g:]
	copy(out, st.scratch)
	return out
}

// runGate runs a starting point's expression on the VM; an expression
// that fails to run, or gives no true or false, is a defect of the
// criteria set, recorded once per expression.
func (ev *evaluation) runGate(gp gatePlan, id, where string) bool {
	g := gp.g
	out, err := ev.run(g.Program, gp.inputs)
	passed, isBool := out.(bool)
	if err != nil || !isBool {
		var why any = messages.M("gave %s, not true or false", describeOut(out))
		if err != nil {
			why = exprMessage(err)
		}
		ev.failures.add(&ExprError{Pos: g.RequirePos, What: messages.M("starting point %s", g.ID), Expr: g.Require,
			Inputs: ev.describeCells(gp.inputs), Err: why, Investment: id, Row: where})
	}
	return passed
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

func (ev *evaluation) allPresent(ixs []int) bool {
	for _, ix := range ixs {
		if !ev.present[ix] {
			return false
		}
	}
	return true
}

func (ev *evaluation) missingNames(ixs []int) []string {
	var out []string
	for _, ix := range ixs {
		if !ev.present[ix] {
			out = append(out, ev.s.slots[ix].name)
		}
	}
	return out
}

// cells lists the cells a leaf's value was read from. A missing field's
// cell is listed too: it says where the value was looked for.
func (ev *evaluation) cells(leaf int) []portfolio.Cell {
	fields := ev.s.leafFields[leaf]
	out := make([]portfolio.Cell, 0, len(fields))
	for _, ix := range fields {
		if c := ev.values[ix].Cell; !c.IsZero() {
			out = append(out, c)
		}
	}
	return out
}

// gaps returns the cells of leaf li's missing inputs, or all its input
// cells when every input was present.
func (ev *evaluation) gaps(leaf int, all []portfolio.Cell) []portfolio.Cell {
	var out []portfolio.Cell
	for _, ix := range ev.s.leafFields[leaf] {
		if c := ev.values[ix].Cell; !ev.present[ix] && !c.IsZero() {
			out = append(out, c)
		}
	}
	if out == nil {
		return all
	}
	return out
}

// leafValue applies a leaf's value function to a present value.
func leafValue(f *criteria.ValueFunc, v portfolio.Value, k portfolio.Kind) float64 {
	if f.Numeric() {
		return f.Apply(v.Num)
	}
	if k == portfolio.YesNo {
		if v.Bool {
			return f.Level(2)
		}
		return f.Level(1)
	}
	return f.Level(int(v.Num))
}

// fromExpr converts an expression's result to a value of the derived
// field's kind; false for a number that is not finite.
func fromExpr(out any, k portfolio.Kind) (portfolio.Value, bool) {
	v := portfolio.Value{Present: true}
	switch x := out.(type) {
	case bool:
		v.Bool = x
		return v, k == portfolio.YesNo
	case string:
		v.Text = x
		return v, k == portfolio.Text
	case time.Time:
		v.Date = x
		return v, k == portfolio.Date
	}
	f, ok := toFloat(out)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) || k != portfolio.Number {
		return v, false
	}
	if f == 0 {
		f = 0 // no negative zero
	}
	v.Num = f
	return v, true
}

func toFloat(x any) (float64, bool) {
	switch n := x.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint64:
		return float64(n), true
	}
	return 0, false
}

func describeOut(out any) string {
	if f, ok := toFloat(out); ok {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return fmt.Sprintf("%v", out)
}

// gateValues are the values a failed gate read, as data.
func (ev *evaluation) gateValues(ixs []int) []GateValue {
	out := make([]GateValue, len(ixs))
	for i, ix := range ixs {
		out[i] = GateValue{Field: ev.s.slots[ix].name, Kind: ev.s.slots[ix].kind, Value: ev.values[ix]}
	}
	return out
}

// describeInputs lists the values an expression read, for a failed gate's
// reason: "plan = Nej, invest = 42".
func (ev *evaluation) describeInputs(ixs []int) string {
	parts := make([]string, len(ixs))
	for i, ix := range ixs {
		parts[i] = ev.s.slots[ix].name + " = " + formatValue(ev.values[ix], ev.s.slots[ix].kind)
	}
	return strings.Join(parts, ", ")
}

// formatValue shows a value as a reason quotes it: numbers in their shortest
// exact form with a decimal point, yes/no as Ja/Nej, a scale by its level
// label, dates as YYYY-MM-DD, text quoted and cut at 40 characters.
func formatValue(v portfolio.Value, k portfolio.Kind) string {
	switch k {
	case portfolio.YesNo:
		if v.Bool {
			return "Ja"
		}
		return "Nej"
	case portfolio.Scale:
		if v.Text != "" {
			return v.Text
		}
		return strconv.Itoa(int(v.Num))
	case portfolio.Date:
		return v.Date.Format("2006-01-02")
	case portfolio.Text:
		t := v.Text
		if utf8.RuneCountInString(t) > 40 {
			t = string([]rune(t)[:39]) + "…"
		}
		return strconv.Quote(t)
	}
	return strconv.FormatFloat(v.Num, 'f', -1, 64)
}

// Rank sorts assessments into result order and sets their ranks (see
// CompetitionOrder). The assessments are moved in place, following the
// cycles of the order, without a second copy of them all.
func Rank(as []Assessment) {
	scores := make([]float64, len(as))
	ids := make([]string, len(as))
	excluded := make([]bool, len(as))
	for i := range as {
		scores[i], ids[i], excluded[i] = as[i].Score, as[i].ID, as[i].Status == Excluded
	}
	order, ranks := CompetitionOrder(scores, ids, excluded)
	for i := range as {
		as[i].Rank = ranks[i]
	}
	// Position pos takes as[order[pos]]: walk each cycle once.
	placed := make([]bool, len(as))
	for start := range as {
		if placed[start] {
			continue
		}
		tmp := as[start]
		pos := start
		for {
			placed[pos] = true
			next := order[pos]
			if next == start {
				as[pos] = tmp
				break
			}
			as[pos] = as[next]
			pos = next
		}
	}
}
