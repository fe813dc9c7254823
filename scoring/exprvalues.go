package scoring

import (
	"errors"

	"github.com/expr-lang/expr/vm"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
)

// Expression is an expression over an investment's fields, derived fields
// and score, compiled by the criteria package (a selection's value and
// limits), with what a failure is reported at.
type Expression struct {
	Program *vm.Program
	Inputs  []string // the names it reads
	Source  string
	Pos     criteria.Pos
	What    any // "value", "limits: where": a message
}

// ExprOut is an expression's value for one investment, or the fields it
// needed that are missing.
type ExprOut struct {
	Value   any
	Missing []string
}

// ExprValues evaluates e for every investment of r, in r's order, with the
// investment's fields, its derived fields and its score (named score). A
// value is missing (ExprOut.Missing) when a name it reads is missing; an
// integer out of range is missing too (Missing holds the expression). Any
// other failure is a defect of the expression: an *ExprError naming the
// first investment and how many more failed.
func (r *Result) ExprValues(set *criteria.Set, p *portfolio.Portfolio, e Expression) ([]ExprOut, error) {
	s, err := newScorer(set, p)
	if err != nil {
		return nil, err
	}
	ev := newEvaluation(s)
	inputs := make([]int, 0, len(e.Inputs))
	readsScore := false
	for _, name := range e.Inputs {
		if ix, ok := s.byName[name]; ok {
			inputs = append(inputs, ix)
		} else if name == "score" {
			readsScore = true
		}
	}
	out := make([]ExprOut, len(r.Investments))
	var fail *ExprError
	for i := range r.Investments {
		a := &r.Investments[i]
		ev.load(p, a.row)
		ev.derive(nil)
		if missing := ev.missingNames(inputs); len(missing) > 0 {
			out[i].Missing = missing
			continue
		}
		if readsScore {
			ev.env["score"] = a.Score
		}
		v, err := ev.run(e.Program, inputs)
		switch {
		case errors.Is(err, criteria.ErrNumberRange):
			out[i].Missing = []string{e.Source}
		case err != nil:
			if fail == nil {
				fail = &ExprError{Pos: e.Pos, What: e.What, Expr: e.Source, Investment: a.ID,
					Row: p.Investments[a.row].Source.RowString(), Inputs: ev.describeCells(inputs), Err: exprMessage(err)}
			} else {
				fail.Others++
			}
		default:
			out[i].Value = v
		}
	}
	if fail != nil {
		return nil, fail
	}
	return out, nil
}
