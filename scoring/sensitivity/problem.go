package sensitivity

import (
	"fmt"

	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/scoring"
)

// TieTolerance: scores within it of the first score of their group share a
// rank, as in scoring.
const TieTolerance = scoring.TieTolerance

// Problem is what sensitivity analysis works on: the ranked (and flagged)
// investments' leaf values and the leaves' effective weights.
type Problem struct {
	IDs     []string  // investments, in rank order
	Leaves  []string  // leaf criterion ids, in tree order
	Weights []float64 // effective weights, summing to 1
	// Values holds the leaf values, row-major: investment i, leaf j at
	// Values[i*len(Leaves)+j].
	Values []float64
	// Missing marks the values that came from a missing policy, not from
	// data; parallel to Values.
	Missing []bool
	// Cells names, per investment and missing leaf, the cells of its
	// missing inputs (scoring.Assessment.Gaps); parallel to Values. Used to
	// name decisive missing cells.
	Cells [][]string
}

// N is the number of investments; M the number of leaves.
func (p *Problem) N() int { return len(p.IDs) }
func (p *Problem) M() int { return len(p.Leaves) }

func (p *Problem) value(i, j int) float64 { return p.Values[i*len(p.Leaves)+j] }

// FromResult builds the problem of a scoring result: its ranked and flagged
// investments (excluded ones take no part), in rank order.
func FromResult(r *scoring.Result) *Problem {
	p := &Problem{Weights: append([]float64(nil), r.Weights...)}
	for _, c := range r.Leaves {
		p.Leaves = append(p.Leaves, c.ID)
	}
	for i := range r.Investments {
		a := &r.Investments[i]
		if a.Status == scoring.Excluded {
			continue
		}
		p.IDs = append(p.IDs, a.ID)
		p.Values = append(p.Values, a.Values...)
		for j, c := range r.Leaves {
			missing := false
			for _, id := range a.Missing {
				if id == c.ID {
					missing = true
				}
			}
			p.Missing = append(p.Missing, missing)
			var cells []string
			if missing && a.Gaps != nil { // nil when nothing was missing
				for _, cell := range a.Gaps[j] {
					cells = append(cells, cell.String())
				}
			}
			if len(cells) == 0 && missing {
				// No cell to point at (no column, or a row the joined file
				// lacks): name the field that was missing.
				cells = append(cells, c.Field)
			}
			p.Cells = append(p.Cells, cells)
		}
	}
	return p
}

// check reports a problem the analyses cannot work on.
func (p *Problem) check() error {
	n, m := p.N(), p.M()
	if m == 0 || len(p.Weights) != m {
		return fmt.Errorf("sensitivity: %d weights for %d criteria", len(p.Weights), m) // not a message: a defect of the caller; FromResult gives a weight per leaf, and a criteria set has leaves
	}
	if len(p.Values) != n*m {
		return fmt.Errorf("sensitivity: %d values for %d investments × %d criteria", len(p.Values), n, m) // not a message: a defect of the caller; FromResult gives a value per investment and leaf
	}
	return nil
}

// scores computes every investment's score under weights w into dst.
func (p *Problem) scores(w, dst []float64) {
	m := p.M()
	for i := range dst {
		row := p.Values[i*m : i*m+m : i*m+m]
		s := 0.0
		for j, wj := range w {
			s += wj * row[j]
		}
		dst[i] = s
	}
}

func joinErrors(errs []error) error { return messages.JoinErrors(errs...) }
