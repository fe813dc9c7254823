package scoring

import (
	"cmp"
	"slices"
)

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
	order = make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if excluded[a] != excluded[b] {
			if excluded[a] {
				return 1
			}
			return -1
		}
		if !excluded[a] && scores[a] != scores[b] {
			return cmp.Compare(scores[b], scores[a])
		}
		return cmp.Compare(ids[a], ids[b])
	})
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
