package scoring

import (
	"fmt"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
)

// Evaluator recomputes the leaf values of single investments with some
// number fields changed, as Score computes them (derived fields, value
// functions, missing policies), for Monte Carlo sensitivity analysis. Gates
// are not re-checked: uncertainty moves scores, not membership. An
// Evaluator is for one goroutine at a time.
type Evaluator struct {
	ev *evaluation
	p  *portfolio.Portfolio
}

// NewEvaluator prepares an evaluator of the portfolio under the set.
func NewEvaluator(set *criteria.Set, p *portfolio.Portfolio) (*Evaluator, error) {
	s, err := newScorer(set, p)
	if err != nil {
		return nil, err
	}
	return &Evaluator{ev: newEvaluation(s), p: p}, nil
}

// FieldValue replaces the number of a field (by index in the set's fields).
type FieldValue struct {
	Field int
	Num   float64
}

// LeafValues writes investment i's leaf values, in tree order, into dst,
// with the given number fields replaced. A leaf whose input becomes missing
// under a criterion with `missing: error` is an error.
func (e *Evaluator) LeafValues(i int, replace []FieldValue, dst []float64) error {
	ev := e.ev
	ev.load(e.p, i)
	for _, r := range replace {
		sl := ev.s.slots[r.Field]
		ev.values[r.Field].Num, ev.present[r.Field] = r.Num, true
		ev.env[sl.name] = criteria.ExprValue(ev.values[r.Field], sl.kind)
	}
	ev.derive(nil)
	for li, c := range ev.s.leaves {
		v, missing := ev.leafValue(li)
		if missing && c.Missing == criteria.MissingError {
			return fmt.Errorf("%s: a sampled value leaves criterion %s without its input %s (its missing policy is error)", e.p.Investments[i].ID, c.ID, c.Field)
		}
		dst[li] = v
	}
	return nil
}
