package sensitivity

// Swap names the pair that changes places at a bound of a stability
// interval: Up overtakes Down when the weight crosses At.
type Swap struct {
	At   float64
	Up   string
	Down string
}

// Stability is the exact stability of the ranking in one leaf's weight, the
// other leaves' weights rescaled in proportion (Mareschal 1988).
type Stability struct {
	Leaf   string
	Weight float64
	// Ranking is the interval of the weight within which the full ranking
	// stays unchanged; TopK the one within which the set of the top k does.
	Ranking [2]float64
	TopK    [2]float64
	// Below and Above name the swaps at Ranking's bounds; nil where a bound
	// is 0 or 1 (no swap before the end of the range).
	Below, Above *Swap
}

// StabilityIntervals computes the stability of the ranking in every leaf's
// weight. The ranking is the problem's order (its investments in rank
// order, with their competition ranks); top is k of the top-k set.
//
// The full ranking changes at every crossing of two lines (crossing), so
// its interval runs from the nearest crossing point at or below the weight
// to the nearest at or above it; two investments tied at the weight whose
// lines part make it a single point. The top-k set is the investments whose
// competition rank is at most k: it changes where one of them falls below
// rank k or another rises to it, which a tie does too (three investments
// tied at rank 2 with top 2 are all in it; when moving the weight separates
// them, one leaves). Its interval is found by evaluating the set between
// and at the crossing points, outwards from the weight.
func StabilityIntervals(p *Problem, top int) ([]Stability, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	n := p.N()
	ranks := competitionRanksInOrder(p)
	inTop0 := make([]bool, n)
	for i, r := range ranks {
		inTop0[i] = r <= top
	}
	out := make([]Stability, p.M())
	order, atRanks := make([]int, n), make([]int, n)
	for k := range out {
		l := p.scoreLines(k)
		t0 := l.t0
		s := Stability{Leaf: p.Leaves[k], Weight: t0, Ranking: [2]float64{0, 1}, TopK: [2]float64{0, 1}}
		points := l.crossingPoints()
		below, above := -1, -1 // the points bounding the ranking's interval
		for i, c := range points {
			if c <= t0 {
				below = i
			}
			if c >= t0 && above < 0 {
				above = i
			}
		}
		if below >= 0 {
			s.Ranking[0] = points[below]
			if c := points[below]; c > 0 && c < 1 {
				s.Below = p.swapAt(l, ranks, c, t0, false)
			}
		}
		if above >= 0 {
			s.Ranking[1] = points[above]
			if c := points[above]; c > 0 && c < 1 {
				s.Above = p.swapAt(l, ranks, c, t0, true)
			}
		}
		sameTop := func(t float64) bool {
			l.rankAt(p.IDs, t, order, atRanks)
			for i, r := range atRanks {
				if (r <= top) != inTop0[i] {
					return false
				}
			}
			return true
		}
		var up, down []float64 // the points above t0, upwards, and below, downwards
		for i, c := range points {
			if c > t0 {
				up = append(up, c)
			}
			if c := points[len(points)-1-i]; c < t0 {
				down = append(down, c)
			}
		}
		s.TopK = [2]float64{walkOut(t0, 0, down, sameTop), walkOut(t0, 1, up, sameTop)}
		out[k] = s
	}
	return out, nil
}

// walkOut returns the bound of an interval around t0 within which same
// holds, going outwards over the points towards end: same is checked
// between t0 and the first point, at that point, between it and the next,
// and so on, and the interval ends at the last point before the first
// place where it fails. At end itself nothing is checked: the interval ends
// there anyway.
func walkOut(t0, end float64, points []float64, same func(float64) bool) float64 {
	prev := t0
	for _, c := range points {
		if !same((prev + c) / 2) {
			return prev
		}
		if c == end {
			return end
		}
		if !same(c) {
			return c
		}
		prev = c
	}
	if prev != end && !same((prev+end)/2) {
		return prev
	}
	return end
}

// swapAt names the pair that swaps at the crossing point c, a bound of the
// ranking's interval (above it when up, below it otherwise): the first pair
// of investments adjacent in the ranking, in rank order, whose lines cross
// at c (within the points merged into it). Up is the one that gains as the
// weight moves past c away from t0.
func (p *Problem) swapAt(l *lines, ranks []int, c, t0 float64, up bool) *Swap {
	best, bestT := -1, 0.0
	for a := 0; a+1 < p.N(); a++ {
		t, ok := l.crossing(a, a+1)
		if !ok {
			continue
		}
		if t >= c && t <= c+TieTolerance {
			best, bestT = a, t
			break
		}
		// Should no adjacent pair cross within c's run of merged points (a
		// crossing merged with c from a pair not adjacent at t0), the
		// adjacent pair crossing nearest to c on t0's side stands for it.
		if (up && t >= t0 && (best < 0 || t < bestT)) || (!up && t <= t0 && (best < 0 || t > bestT)) {
			best, bestT = a, t
		}
	}
	if best < 0 {
		return nil
	}
	a, b := best, best+1
	// Moving up, the steeper line gains; moving down, the flatter one.
	gainer, loser := b, a
	if (up && l.slope[a] > l.slope[b]) || (!up && l.slope[a] < l.slope[b]) {
		gainer, loser = a, b
	}
	return &Swap{At: c, Up: p.IDs[gainer], Down: p.IDs[loser]}
}

// competitionRanksInOrder gives the competition ranks of the problem's
// investments, which are already in rank order: an investment within
// TieTolerance of the first of its group shares the group's rank.
func competitionRanksInOrder(p *Problem) []int {
	scores := make([]float64, p.N())
	p.scores(p.Weights, scores)
	ranks := make([]int, len(scores))
	for start := 0; start < len(scores); {
		end := start + 1
		for end < len(scores) && scores[start]-scores[end] <= TieTolerance {
			end++
		}
		for i := start; i < end; i++ {
			ranks[i] = start + 1
		}
		start = end
	}
	return ranks
}
