package scoring

import (
	"cmp"
	"math"
	"slices"
)

type scoredIndex struct {
	score float64
	index int
}

// Aggregate computes the weighted sum of every row of values (row-major, one
// row per investment, one column per leaf) into scores: scores[i] = Σ_j
// weights[j] × values[i×m+j], summed in leaf order.
func Aggregate(values, weights, scores []float64) {
	m := len(weights)
	for i := range scores {
		row := values[i*m : i*m+m : i*m+m]
		t := 0.0
		for j, w := range weights {
			t += w * row[j]
		}
		scores[i] = t
	}
}

// CompetitionOrder returns the result order of investments (indices into
// scores) and the rank of each: the ranked ones by score, highest first, the
// excluded ones last by id with rank 0. Scores within TieTolerance of the
// first score of their group are ties: they share the group's lowest rank
// ("competition" ranking: 1, 2, 2, 4) and are listed by id.
func CompetitionOrder(scores []float64, ids []string, excluded []bool) (order []int, ranks []int) {
	// Sort compact (key, index) pairs: excluded ones get -Inf so that they
	// sort last, and the key comparison touches no other memory.
	keyed := make([]scoredIndex, len(scores))
	for i, s := range scores {
		if excluded[i] {
			s = math.Inf(-1)
		}
		keyed[i] = scoredIndex{s, i}
	}
	slices.SortFunc(keyed, func(a, b scoredIndex) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(ids[a.index], ids[b.index])
	})
	order = make([]int, len(scores))
	for pos, k := range keyed {
		order[pos] = k.index
	}
	ranks = make([]int, len(scores))
	for start := 0; start < len(order) && !excluded[order[start]]; {
		lead := scores[order[start]]
		end := start + 1
		for end < len(order) && !excluded[order[end]] && lead-scores[order[end]] <= TieTolerance {
			end++
		}
		group := order[start:end]
		if len(group) > 1 {
			slices.SortFunc(group, func(a, b int) int { return cmp.Compare(ids[a], ids[b]) })
		}
		for _, i := range group {
			ranks[i] = start + 1
		}
		start = end
	}
	return order, ranks
}
