package reports

import (
	"fmt"

	"github.com/prio-tool/prio/scoring/sensitivity"
)

// acceptabilityRanks gives the number of ranks the investments'
// acceptabilities list and whether they give the rest beyond them: every
// rank, or ranks 1..K and the rest past 1,000 ranked investments.
func acceptabilityRanks(r *sensitivity.Result) (ranks int, rest bool) {
	if len(r.Investments) == 0 {
		return 0, false
	}
	inv := &r.Investments[0]
	return len(inv.Acceptability), inv.AcceptabilityRest != nil
}

// checkSensitivity reports whether r can be rendered: every per-leaf slice
// parallel to r.Leaves, every per-investment slice parallel to
// r.Investments, every number finite, every rank range within the ranking.
// The sensitivity writers call it first so that they never write a partial
// or invalid document.
func checkSensitivity(r *sensitivity.Result) error {
	if r == nil {
		return invalid("no result")
	}
	n, m := len(r.Investments), len(r.Leaves)
	ranks, rest := acceptabilityRanks(r)
	for i := range r.Investments {
		inv := &r.Investments[i]
		bad := func(format string, args ...any) error {
			return invalid("investment %s: %s", inv.ID, fmt.Sprintf(format, args...))
		}
		if (inv.AcceptabilityRest != nil) != rest {
			return bad("the rest beyond the listed ranks given for some investments only")
		}
		if inv.AcceptabilityRest == nil && len(inv.Acceptability) != n {
			return bad("%d rank acceptabilities for %d investments", len(inv.Acceptability), n)
		}
		if inv.AcceptabilityRest != nil && (len(inv.Acceptability) != ranks || ranks >= n || ranks < 1 || !finite(*inv.AcceptabilityRest)) {
			return bad("%d rank acceptabilities and the rest %v for %d investments, %d ranks listed", len(inv.Acceptability), *inv.AcceptabilityRest, n, ranks)
		}
		if inv.CentralWeights != nil && len(inv.CentralWeights) != m {
			return bad("%d central weights for %d criteria", len(inv.CentralWeights), m)
		}
		if !finite(inv.Score) || !finite(inv.TopK) {
			return bad("score %v, top-k share %v", inv.Score, inv.TopK)
		}
		if inv.Confidence != nil && !finite(*inv.Confidence) {
			return bad("confidence is %v", *inv.Confidence)
		}
		for _, xs := range [][]float64{inv.Acceptability, inv.CentralWeights} {
			for _, x := range xs {
				if !finite(x) {
					return bad("%v in its acceptabilities or central weights", x)
				}
			}
		}
		if rr := inv.RankRange; rr.Best < 1 || rr.Best > rr.Worst || rr.Worst > n {
			return bad("rank range %d–%d outside 1–%d", rr.Best, rr.Worst, n)
		}
	}
	if len(r.Stability) != m {
		return invalid("%d stability intervals for %d criteria", len(r.Stability), m)
	}
	for k, s := range r.Stability {
		if s.Leaf != r.Leaves[k] {
			return invalid("stability interval %d is of %s, not %s", k+1, s.Leaf, r.Leaves[k])
		}
		xs := []float64{s.Weight, s.Ranking[0], s.Ranking[1], s.TopK[0], s.TopK[1]}
		for _, sw := range []*sensitivity.Swap{s.Below, s.Above} {
			if sw != nil {
				xs = append(xs, sw.At)
			}
		}
		for _, x := range xs {
			if !finite(x) {
				return invalid("stability of %s: %v is not a finite number", s.Leaf, x)
			}
		}
	}
	if len(r.Tornado) != m {
		return invalid("%d tornado rows for %d criteria", len(r.Tornado), m)
	}
	for k, row := range r.Tornado {
		if len(row) != n {
			return invalid("tornado of %s: %d rank ranges for %d investments", r.Leaves[k], len(row), n)
		}
	}
	if r.Pairwise != nil {
		if len(r.Pairwise) != n {
			return invalid("%d pairwise rows for %d investments", len(r.Pairwise), n)
		}
		for a, row := range r.Pairwise {
			if len(row) != n {
				return invalid("pairwise row of %s: %d shares for %d investments", r.Investments[a].ID, len(row), n)
			}
			for _, x := range row {
				if !finite(x) {
					return invalid("pairwise row of %s: %v is not a finite number", r.Investments[a].ID, x)
				}
			}
		}
	}
	if r.Sweeps != nil {
		if len(r.Sweeps) != m {
			return invalid("%d sweeps for %d criteria", len(r.Sweeps), m)
		}
		for k, pieces := range r.Sweeps {
			for _, p := range pieces {
				if !finite(p.From) || !finite(p.To) {
					return invalid("sweep of %s: piece [%v, %v]", r.Leaves[k], p.From, p.To)
				}
			}
		}
	}
	return nil
}
