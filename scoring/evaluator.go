package scoring

import (
	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
)

// Evaluator recomputes the leaf values of single investments with some
// number fields changed, as Score computes them (derived fields, value
// functions, missing policies), for Monte Carlo sensitivity analysis. Gates
// are not re-checked: uncertainty moves scores, not membership.
type Evaluator struct {
	s *scorer
	p *portfolio.Portfolio
}

// NewEvaluator prepares an evaluator of the portfolio under the set.
func NewEvaluator(set *criteria.Set, p *portfolio.Portfolio) (*Evaluator, error) {
	s, err := newScorer(set, p)
	if err != nil {
		return nil, err
	}
	return &Evaluator{s: s, p: p}, nil
}

// FieldValue replaces the number of a field (by index in the set's fields).
type FieldValue struct {
	Field int
	Num   float64
}

// Investment returns an evaluator of investment i with its values loaded
// once, for many evaluations; it is for one goroutine at a time.
func (e *Evaluator) Investment(i int) *InvestmentEvaluator {
	ev := newEvaluation(e.s)
	ev.load(e.p, i)
	return &InvestmentEvaluator{ev: ev, id: e.p.Investments[i].ID}
}

// InvestmentEvaluator recomputes one investment's leaf values.
type InvestmentEvaluator struct {
	ev *evaluation
	id string
}

// LeafValues writes the investment's leaf values, in tree order, into dst,
// with the given number fields replaced (each call replaces them afresh).
// A leaf whose input becomes missing under a criterion with `missing:
// error` is an error.
func (e *InvestmentEvaluator) LeafValues(replace []FieldValue, dst []float64) error {
	ev := e.ev
	for _, r := range replace {
		sl := ev.s.slots[r.Field]
		ev.values[r.Field].Num, ev.present[r.Field] = r.Num, true
		ev.env[sl.name] = r.Num // number fields enter expressions as float64
	}
	ev.derive(nil)
	for li, c := range ev.s.leaves {
		v, missing := ev.leafValue(li)
		if missing && c.Missing == criteria.MissingError {
			return messages.Errorf("%s: a sampled value leaves criterion %s without its input %s (its missing policy is error)", e.id, c.ID, c.Field)
		}
		dst[li] = v
	}
	return nil
}
