package scoring

import (
	"fmt"

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

// Investment returns an evaluator of investment i for evaluations that
// replace the given number fields (indexes in the set's fields). It loads
// the investment's values once and computes once everything that does not
// depend on those fields: each evaluation then re-derives only the derived
// fields that read them, directly or through other derived fields, and
// revalues only the leaves that read those. It is for one goroutine at a
// time.
func (e *Evaluator) Investment(i int, fields []int) *InvestmentEvaluator {
	ev := newEvaluation(e.s)
	ev.load(e.p, i)
	ev.derive(nil)
	ie := &InvestmentEvaluator{ev: ev, id: e.p.Investments[i].ID, replaced: make([]bool, len(e.s.slots))}
	depends := make([]bool, len(e.s.slots))
	for _, f := range fields {
		depends[f], ie.replaced[f] = true, true
	}
	// Derived fields come in dependency order, so one pass marks the
	// fields that depend on the replaced ones through any chain.
	for _, dp := range e.s.derived {
		for _, in := range dp.inputs {
			if depends[in] {
				depends[dp.slot] = true
				ie.derived = append(ie.derived, dp)
				break
			}
		}
	}
	ie.base = make([]float64, len(e.s.leaves))
	for li := range e.s.leaves {
		ie.base[li], _ = ev.leafValue(li)
		if depends[e.s.leafIn[li]] {
			ie.leaves = append(ie.leaves, li)
		}
	}
	return ie
}

// InvestmentEvaluator recomputes one investment's leaf values.
type InvestmentEvaluator struct {
	ev       *evaluation
	id       string
	replaced []bool        // by slot: the fields evaluations may replace
	derived  []derivedPlan // the derived fields that depend on them, in order
	leaves   []int         // the leaves that read them or those derived fields
	base     []float64     // every leaf's value with nothing replaced
}

// LeafValues writes the investment's leaf values, in tree order, into dst,
// with the given number fields replaced (each call replaces them afresh;
// they must be among the fields the evaluator was made for). A leaf whose
// input becomes missing under a criterion with `missing: error` is an
// error.
func (e *InvestmentEvaluator) LeafValues(replace []FieldValue, dst []float64) error {
	ev := e.ev
	for _, r := range replace {
		if !e.replaced[r.Field] {
			return fmt.Errorf("scoring: field %d of %s was not declared for replacement", r.Field, e.id) // not a message: a defect of the caller
		}
		ev.values[r.Field].Num, ev.present[r.Field] = r.Num, true
	}
	for _, dp := range e.derived {
		if err := ev.deriveOne(dp, nil); err != nil {
			err.Investment, err.Row = e.id, messages.T("a Monte Carlo sample")
			return err
		}
	}
	copy(dst, e.base)
	for _, li := range e.leaves {
		c := ev.s.leaves[li]
		v, missing := ev.leafValue(li)
		if missing && c.Missing == criteria.MissingError {
			return messages.Errorf("%s: a sampled value leaves criterion %s without its input %s (its missing policy is error)", e.id, c.ID, c.Field)
		}
		dst[li] = v
	}
	return nil
}
