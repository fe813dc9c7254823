package sensitivity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// draw is one uncertain field of one investment.
type draw struct {
	field int
	dist  string
	base  float64 // the field's value: mode, mean or median
	low   float64
	high  float64
	sd    float64
	tri   distuv.Triangle // triangular: made once, checked once
}

// sample draws the field's value. The distributions are gonum's: uniform on
// [low, high]; triangular with the value as mode; PERT as low + (high −
// low)·Beta(1 + 4(mode − low)/(high − low), 1 + 4(high − mode)/(high − low));
// normal with the value as mean; lognormal as value × exp(N(0, sd)), the
// value as median. A uniform and a triangular draw compute what gonum's
// Rand computes (rand.New(src).Float64(), scaled, or the triangle's
// quantile of it), from rng directly: Rand made a rand.Rand for every
// draw, millions of them in a Monte Carlo run.
func (d *draw) sample(rng *rand.Rand) float64 {
	switch d.dist {
	case "uniform":
		return rng.Float64()*(d.high-d.low) + d.low
	case "triangular":
		return d.tri.Quantile(rng.Float64())
	case "pert":
		span := d.high - d.low
		b := distuv.Beta{Alpha: 1 + 4*(d.base-d.low)/span, Beta: 1 + 4*(d.high-d.base)/span, Src: rng}
		return d.low + span*b.Rand()
	case "normal":
		return distuv.Normal{Mu: d.base, Sigma: d.sd, Src: rng}.Rand()
	case "lognormal":
		return d.base * distuv.LogNormal{Mu: 0, Sigma: d.sd, Src: rng}.Rand()
	}
	panic("sensitivity: unknown distribution " + d.dist)
}

// uncertainRow is an investment of the problem with uncertain fields.
type uncertainRow struct {
	problem   int // index in the problem
	portfolio int // index in the portfolio
	draws     []draw
}

// Uncertainty draws the uncertain number fields of a criteria set
// (`uncertainty` on a field) and pushes them through derived fields and
// value functions to leaf values, for SMAA.
type Uncertainty struct {
	set  *criteria.Set
	p    *portfolio.Portfolio
	base []float64 // the problem's values
	m    int
	rows []uncertainRow
}

// NewUncertainty prepares the draws of every uncertain field of the
// problem's investments. A field whose value is missing stays missing; a
// parameter read from a missing field leaves the value certain, with a
// warning; sd 0, or low = high = value, means no uncertainty. A value
// outside its [low, high] is an error naming the investment, and so is a
// value of 0 or below under a lognormal uncertainty (the value is its
// median), naming the cell. It returns nil when nothing is uncertain.
func NewUncertainty(set *criteria.Set, p *portfolio.Portfolio, prob *Problem) (*Uncertainty, []messages.Message, error) {
	index := make(map[string]int, len(p.Investments))
	for i, inv := range p.Investments {
		index[inv.ID] = i
	}
	u := &Uncertainty{set: set, p: p, base: prob.Values, m: prob.M()}
	var warnings []messages.Message
	var errs []error
	// Parameters read from missing fields, gathered by field and parameter:
	// a portfolio without the column would otherwise give one warning per
	// investment.
	var unread []*unreadParam
	unreadAt := map[[3]string]*unreadParam{}
	for i, id := range prob.IDs {
		pi, ok := index[id]
		if !ok {
			return nil, nil, fmt.Errorf("sensitivity: investment %s is not in the portfolio", id) // not a message: a defect of the caller; the result is the portfolio's
		}
		row := uncertainRow{problem: i, portfolio: pi}
		for f, field := range set.Fields {
			un := field.Uncertainty
			if un == nil || !p.Present(pi, f) {
				continue
			}
			d := draw{field: f, dist: un.Dist, base: p.Value(pi, f).Num}
			param := func(pr criteria.Param, name string) (float64, bool) {
				if pr.Field == "" {
					return pr.Const, true
				}
				pf := p.FieldIndex(pr.Field)
				if pf < 0 || !p.Present(pi, pf) {
					key := [3]string{field.Name, name, pr.Field}
					if unreadAt[key] == nil {
						unreadAt[key] = &unreadParam{field: field.Name, param: name, from: pr.Field}
						unread = append(unread, unreadAt[key])
					}
					u := unreadAt[key]
					u.ids = append(u.ids, id)
					u.where = append(u.where, p.Investments[pi].Source.RowString())
					return 0, false
				}
				return p.Value(pi, pf).Num, true
			}
			switch un.Dist {
			case "uniform", "triangular", "pert":
				lo, okLo := param(un.Low, "low")
				hi, okHi := param(un.High, "high")
				if !okLo || !okHi {
					continue
				}
				d.low, d.high = lo, hi
				outside := d.base < lo || d.base > hi
				if un.Dist == "uniform" {
					outside = lo > hi
				}
				if outside {
					errs = append(errs, messages.Errorf("%s: %s: %s = %v lies outside its uncertainty range [%v, %v]",
						p.Investments[pi].Source.RowString(), id, field.Name, d.base, lo, hi))
					continue
				}
				if lo == hi {
					continue
				}
				if un.Dist == "triangular" {
					d.tri = distuv.NewTriangle(lo, hi, d.base, nil)
				}
			default: // normal, lognormal
				sd, ok := param(un.SD, "sd")
				if !ok {
					continue
				}
				if sd < 0 || math.IsNaN(sd) {
					errs = append(errs, messages.Errorf("%s: %s: the sd of %s's uncertainty is %v; it must not be negative",
						p.Investments[pi].Source.RowString(), id, field.Name, sd))
					continue
				}
				if sd == 0 {
					continue
				}
				if un.Dist == "lognormal" && !(d.base > 0) {
					// value × exp(N(0, sd)) keeps the sign of the value and
					// never crosses 0: a value of 0 or below is no median
					// of a lognormal distribution, and drawing around it
					// would mirror the distribution below 0.
					where := p.Value(pi, f).Cell
					at := where.String()
					if where.IsZero() {
						at = p.Investments[pi].Source.RowString()
					}
					errs = append(errs, messages.Errorf("%s: %s: %s = %v has a lognormal uncertainty, whose median must be above 0",
						at, id, field.Name, d.base))
					continue
				}
				d.sd = sd
			}
			row.draws = append(row.draws, d)
		}
		if len(row.draws) > 0 {
			u.rows = append(u.rows, row)
		}
	}
	for _, u := range unread {
		warnings = append(warnings, u.warning())
	}
	if len(errs) > 0 {
		return nil, warnings, joinErrors(errs)
	}
	if len(u.rows) == 0 {
		return nil, warnings, nil
	}
	return u, warnings, nil
}

// unreadParam is a parameter of a field's uncertainty read from another
// field that is missing for some investments.
type unreadParam struct {
	field, param, from string
	ids, where         []string
}

// maxNamed is how many investments a warning names before it counts the
// rest.
const maxNamed = 5

func (u *unreadParam) warning() messages.Message {
	if len(u.ids) == 1 {
		return messages.M("%s: %s: %s of %s's uncertainty (%s) is missing; %s is taken as certain",
			u.where[0], u.ids[0], u.param, u.field, u.from, u.field)
	}
	var named any = strings.Join(u.ids[:min(len(u.ids), maxNamed)], ", ")
	if len(u.ids) > maxNamed {
		named = messages.M("%s and %d more", named, len(u.ids)-maxNamed)
	}
	return messages.M("%s of %s's uncertainty (%s) is missing for %d investments (%s); %s is taken as certain for them",
		u.param, u.field, u.from, len(u.ids), named, u.field)
}

// Sampler returns a ValueSampler for one goroutine.
func (u *Uncertainty) Sampler() (ValueSampler, error) {
	ev, err := scoring.NewEvaluator(u.set, u.p)
	if err != nil {
		return nil, err
	}
	s := &uncertaintySampler{u: u}
	for _, row := range u.rows {
		fields := make([]int, len(row.draws))
		for i, d := range row.draws {
			fields[i] = d.field
		}
		s.rows = append(s.rows, ev.Investment(row.portfolio, fields))
	}
	return s, nil
}

type uncertaintySampler struct {
	u       *Uncertainty
	rows    []*scoring.InvestmentEvaluator // parallel to u.rows
	replace []scoring.FieldValue
}

func (s *uncertaintySampler) SampleValues(rng *rand.Rand, values []float64) error {
	copy(values, s.u.base)
	m := s.u.m
	for r, row := range s.u.rows {
		s.replace = s.replace[:0]
		for di := range row.draws {
			d := &row.draws[di]
			s.replace = append(s.replace, scoring.FieldValue{Field: d.field, Num: d.sample(rng)})
		}
		if err := s.rows[r].LeafValues(s.replace, values[row.problem*m:row.problem*m+m]); err != nil {
			return err
		}
	}
	return nil
}
