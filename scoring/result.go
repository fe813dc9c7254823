package scoring

import (
	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
)

// Status of an assessed investment.
type Status string

const (
	// Ranked: passed every gate.
	Ranked Status = "ranked"
	// Flagged: ranked, but a gate with on_fail: flag failed.
	Flagged Status = "flagged"
	// Excluded: a gate with on_fail: exclude failed; not ranked.
	Excluded Status = "excluded"
)

// CriteriaInfo identifies the criteria set a result was computed with.
type CriteriaInfo struct {
	ID      string
	Version string
	Status  string
	SHA256  string
	Title   criteria.Text
}

// Result is a scored and ranked portfolio.
type Result struct {
	Criteria CriteriaInfo
	Inputs   []portfolio.Input
	// Leaves are the leaf criteria in tree order; Weights their effective
	// weights. Every per-criterion slice below is parallel to Leaves.
	Leaves  []*criteria.Criterion
	Weights []float64
	// Gates are the starting points in file order; Assessment.Gates is
	// parallel to it.
	Gates []*criteria.Gate
	// Investments in rank order, ties by id; excluded ones last, by id.
	Investments []Assessment
	Warnings    []messages.Message
	// Repeated gives the facts of the warnings of Warnings that one kind of
	// problem gives once per investment (a derived field that is not a
	// finite number): a terminal groups them by kind and field into one
	// line, where JSON and reports keep every warning of Warnings.
	Repeated []RepeatedWarning
	Notes    []messages.Message
	// Absent lists the fields read by the set that an input has no column
	// for (absent: missing): reports for people say so before the ranking.
	Absent []portfolio.AbsentColumn

	// cells gives the cells behind the leaves' values, worked out when a
	// report asks for them rather than kept for every investment.
	cells *cellSource
}

// RowIndex is the investment's index in the portfolio it was scored from.
func (a *Assessment) RowIndex() int { return a.row }

// cellSource finds the cells a leaf's value was read from: the portfolio
// scored and, per leaf, the fields behind it (through derived fields).
type cellSource struct {
	p          *portfolio.Portfolio
	leafFields [][]int // field indices into the portfolio, per leaf
}

// InputCells gives the cells the value of leaf li of a was read from (for
// a derived field, the cells of the fields it reads), a missing field's
// cell included: it says where the value was looked for. Nil for a result
// not made by Score.
func (r *Result) InputCells(a *Assessment, li int) []portfolio.Cell {
	if r.cells == nil || li < 0 || li >= len(r.cells.leafFields) {
		return nil
	}
	var out []portfolio.Cell
	for _, f := range r.cells.leafFields[li] {
		if c := r.cells.p.Value(a.row, f).Cell; !c.IsZero() {
			out = append(out, c)
		}
	}
	return out
}

// WarningKind names a kind of warning that recurs once per investment.
type WarningKind string

// The kinds of repeated warning.
const (
	// DerivedNotFinite: a derived field's expression gave NaN or an
	// infinite number.
	DerivedNotFinite WarningKind = "derived-not-finite"
	// DerivedIntegerRange: a derived field's expression gave an integer
	// beyond 64 bits, or divided an integer by zero.
	DerivedIntegerRange WarningKind = "derived-integer-range"
)

// RepeatedWarning is one warning of Result.Warnings with the facts that
// group it with the others of its kind.
type RepeatedWarning struct {
	Text       messages.Message // the warning as it stands in Result.Warnings
	Kind       WarningKind
	Field      string // the field (or derived field) it is about
	Investment string // the id of the investment it is about
}

// Assessment is the explained score of one investment.
type Assessment struct {
	ID     string
	Name   string // empty when the set has no name field or the value is missing
	Agency string // likewise
	// Source is the cell that holds the investment's id.
	Source portfolio.Cell
	Status Status
	// Rank is the competition rank (1, 2, 2, 4) among ranked and flagged
	// investments; 0 for excluded ones.
	Rank int
	// Score is the sum of Contributions, in [0, 1] unless a value function
	// extrapolates.
	Score float64
	// Values are the leaf values in [0, 1]; Contributions the values times
	// the effective weights.
	Values        []float64
	Contributions []float64
	// Missing lists the ids of leaves whose input was missing, in tree order;
	// their value came from the criterion's missing policy.
	Missing []string
	// Gaps gives, per missing leaf, the cells of its inputs that were
	// missing (all its input cells when none was, as when a derived value
	// is not a finite number); nil for leaves that had their input, and
	// nil as a whole when no leaf was missing. The cells every leaf was
	// read from are given by Result.InputCells.
	Gaps  [][]portfolio.Cell
	Gates []GateResult

	row int // the investment's index in the portfolio scored
}

// GateResult is the outcome of one starting point for one investment.
type GateResult struct {
	ID     string
	Passed bool
	// Evaluated is false when a field the gate reads was missing; the gate
	// then passed only with on_missing: pass.
	Evaluated bool
	// Reason says why a gate failed, or why it passed without being
	// evaluated, in the canonical text of FORMATS.md §1, the same in every
	// language: "missing: plan, invest" or "plan or invest < 10 (plan = Nej,
	// invest = 42)". Empty for a gate passed on its values.
	Reason string
	// Missing lists the fields it could not read (Evaluated is false);
	// Values the values it read when it failed on them, in the order the
	// expression names them. Reports for people build their sentences
	// from these.
	Missing []string
	Values  []GateValue
	OnFail  string
}

// GateValue is a value a starting point read.
type GateValue struct {
	Field string
	Kind  portfolio.Kind
	Value portfolio.Value
}

// FailedGates returns the ids of the gates the investment failed.
func (a *Assessment) FailedGates() []string {
	var ids []string
	for _, g := range a.Gates {
		if !g.Passed {
			ids = append(ids, g.ID)
		}
	}
	return ids
}

// derivedWarning receives a derived value read as missing: the derived
// field, the kind of problem and the message.
type derivedWarning func(field string, kind WarningKind, msg messages.Message)
