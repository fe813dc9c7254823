package scoring

import (
	"math"
	"slices"
	"sort"
)

// Impact is what a new version of a criteria set does to a portfolio's
// ranking, compared with the old version.
type Impact struct {
	// Spearman, Kendall (τ-b) and WS compare the two rankings of the
	// investments ranked under both, re-ranked among themselves with average
	// ranks for ties; the old ranking is WS's reference. NaN when fewer than
	// two investments are ranked under both.
	Spearman, Kendall, WS float64
	Compared              int
	Top                   int
	// Entered and Left list the investments that enter or leave the top
	// Top (competition ranks ≤ Top), in new and old rank order.
	Entered, Left []string
	// Investments are every investment of either result: the new result's
	// order, then those only in the old one, by id.
	Investments []InvestmentImpact
	// Leaves are the leaf ids of the attributions: the new set's, then
	// those only in the old one.
	Leaves      []string
	GateChanges []GateChange
}

// Standing is an investment's place under one version; Status is empty when
// the investment is not in that result.
type Standing struct {
	Status Status
	Rank   int
	Score  float64
}

// InvestmentImpact is one investment's change.
type InvestmentImpact struct {
	ID, Name string
	Old, New Standing
	// Change is New.Score − Old.Score when both exist; Attribution[j] is
	// leaf Leaves[j]'s new contribution minus its old one (a leaf absent
	// from one version contributes 0 there), so the attributions add up to
	// the change.
	Change      float64
	Attribution []float64
}

// GateChange is an investment whose outcome of a starting point changed.
// Old or New is "" where the gate does not exist in that version.
type GateChange struct {
	ID, Gate string
	Old, New string // "passed" or "failed"
}

// CompareResults compares an old and a new scoring of the same portfolio.
func CompareResults(old, new *Result, top int) *Impact {
	im := &Impact{Top: top}
	for _, c := range new.Leaves {
		im.Leaves = append(im.Leaves, c.ID)
	}
	for _, c := range old.Leaves {
		if !slices.Contains(im.Leaves, c.ID) {
			im.Leaves = append(im.Leaves, c.ID)
		}
	}
	oldBy := byID(old)
	newBy := byID(new)
	add := func(id string, o, n *Assessment) {
		ii := InvestmentImpact{ID: id, Attribution: make([]float64, len(im.Leaves))}
		if n != nil {
			ii.Name, ii.New = n.Name, Standing{n.Status, n.Rank, n.Score}
		}
		if o != nil {
			if ii.Name == "" {
				ii.Name = o.Name
			}
			ii.Old = Standing{o.Status, o.Rank, o.Score}
		}
		if o != nil && n != nil {
			ii.Change = n.Score - o.Score
			for j, leaf := range im.Leaves {
				ii.Attribution[j] = contribution(new, n, leaf) - contribution(old, o, leaf)
			}
		}
		im.Investments = append(im.Investments, ii)
	}
	for i := range new.Investments {
		n := &new.Investments[i]
		add(n.ID, oldBy[n.ID], n)
	}
	var onlyOld []string
	for id := range oldBy {
		if newBy[id] == nil {
			onlyOld = append(onlyOld, id)
		}
	}
	sort.Strings(onlyOld)
	for _, id := range onlyOld {
		add(id, oldBy[id], nil)
	}

	// The rankings of those ranked under both, re-ranked among themselves.
	var oldScores, newScores []float64
	for i := range new.Investments {
		n := &new.Investments[i]
		if o := oldBy[n.ID]; o != nil && o.Status != Excluded && n.Status != Excluded {
			oldScores = append(oldScores, o.Score)
			newScores = append(newScores, n.Score)
		}
	}
	im.Compared = len(oldScores)
	im.Spearman, im.Kendall, im.WS = math.NaN(), math.NaN(), math.NaN()
	if im.Compared >= 2 {
		x, y := AverageRanks(oldScores), AverageRanks(newScores)
		im.Spearman, im.Kendall, im.WS = Spearman(x, y), KendallTauB(x, y), WS(x, y)
	}

	inTop := func(a *Assessment) bool { return a != nil && a.Status != Excluded && a.Rank <= top }
	for i := range new.Investments {
		if n := &new.Investments[i]; inTop(n) && !inTop(oldBy[n.ID]) {
			im.Entered = append(im.Entered, n.ID)
		}
	}
	for i := range old.Investments {
		if o := &old.Investments[i]; inTop(o) && !inTop(newBy[o.ID]) {
			im.Left = append(im.Left, o.ID)
		}
	}

	for _, ii := range im.Investments {
		o, n := oldBy[ii.ID], newBy[ii.ID]
		if o == nil || n == nil {
			continue
		}
		var gates []string
		for _, g := range n.Gates {
			gates = append(gates, g.ID)
		}
		for _, g := range o.Gates {
			if !slices.Contains(gates, g.ID) {
				gates = append(gates, g.ID)
			}
		}
		for _, g := range gates {
			before, after := gateOutcome(o, g), gateOutcome(n, g)
			if before != after && !(before == "" && after == "passed") {
				im.GateChanges = append(im.GateChanges, GateChange{ID: ii.ID, Gate: g, Old: before, New: after})
			}
		}
	}
	return im
}

func byID(r *Result) map[string]*Assessment {
	m := make(map[string]*Assessment, len(r.Investments))
	for i := range r.Investments {
		m[r.Investments[i].ID] = &r.Investments[i]
	}
	return m
}

func contribution(r *Result, a *Assessment, leaf string) float64 {
	for j, c := range r.Leaves {
		if c.ID == leaf {
			return a.Contributions[j]
		}
	}
	return 0
}

func gateOutcome(a *Assessment, gate string) string {
	for _, g := range a.Gates {
		if g.ID == gate {
			if g.Passed {
				return "passed"
			}
			return "failed"
		}
	}
	return ""
}
