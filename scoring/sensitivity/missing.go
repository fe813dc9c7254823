package sensitivity

import (
	"slices"

	"github.com/prio-tool/prio/scoring"
)

// MissingRanks returns each investment's best and worst rank when every
// missing leaf value, its own and everyone else's, may be anything in
// [0, 1] (at the stated weights). An investment's score depends only on its
// own values, so the extremes are reached together: its best rank is its
// rank with its missing values at 1 and everyone else's at 0, its worst the
// opposite. Ranks are the ranking's own competition ranks
// (scoring.CompetitionOrder: scores within TieTolerance of the first of
// their group share its rank), so an investment with nothing missing among
// investments with nothing missing has its own rank as its range.
func MissingRanks(p *Problem) []RankRange {
	lo, hi := p.scoreBounds()
	n := p.N()
	out := make([]RankRange, n)
	scores := make([]float64, n)
	excluded := make([]bool, n)
	for i := range out {
		copy(scores, lo)
		scores[i] = hi[i]
		_, ranks := scoring.CompetitionOrder(scores, p.IDs, excluded)
		out[i].Best = ranks[i]
		copy(scores, hi)
		scores[i] = lo[i]
		_, ranks = scoring.CompetitionOrder(scores, p.IDs, excluded)
		out[i].Worst = ranks[i]
	}
	return out
}

// scoreBounds returns every investment's lowest and highest score with its
// missing values at 0 and at 1.
func (p *Problem) scoreBounds() (lo, hi []float64) {
	n, m := p.N(), p.M()
	lo, hi = make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			w := p.Weights[j]
			if p.Missing != nil && p.Missing[i*m+j] {
				hi[i] += w
				continue
			}
			v := p.value(i, j)
			lo[i] += w * v
			hi[i] += w * v
		}
	}
	return lo, hi
}

// Decisive is an investment whose membership of the top k depends on missing
// values, with the cells whose values are missing: its own and those of the
// investments whose score can pass its own either way.
type Decisive struct {
	ID    string
	Cells []string
}

// MissingDecisive returns the investments whose membership of the top k
// differs between the best and the worst case of the missing values, in
// rank order.
func MissingDecisive(p *Problem, top int) []Decisive {
	ranges := MissingRanks(p)
	lo, hi := p.scoreBounds()
	m := p.M()
	var out []Decisive
	for i, r := range ranges {
		if !(r.Best <= top && r.Worst > top) {
			continue
		}
		d := Decisive{ID: p.IDs[i]}
		add := func(inv int) {
			for j := 0; j < m; j++ {
				if p.Missing == nil || p.Cells == nil || !p.Missing[inv*m+j] {
					continue
				}
				for _, c := range p.Cells[inv*m+j] {
					if !slices.Contains(d.Cells, c) {
						d.Cells = append(d.Cells, c)
					}
				}
			}
		}
		add(i)
		for j := range ranges {
			// Others whose missing values decide whether they pass i.
			if j != i && hi[j] > lo[j] && hi[j] > lo[i] && lo[j] < hi[i] {
				add(j)
			}
		}
		out = append(out, d)
	}
	return out
}
