// Package suggest finds the near misses behind "did you mean" hints: the
// known words closest to one that matched none, by edit distance.
package suggest

// EditDistance is the Levenshtein distance between a and b, in runes.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Closest returns the candidates nearest to any of the wanted words, compared
// after fold, in the order of candidates: those at the smallest distance, if
// that distance is at most a third of the wanted word's length (and at least
// 1, at most maxDistance). Nil when none is that near.
func Closest(wanted, candidates []string, fold func(string) string) []string {
	const maxDistance = 4
	best := maxDistance + 1
	dist := make([]int, len(candidates))
	for i, c := range candidates {
		dist[i] = maxDistance + 1
		fc := fold(c)
		if fc == "" {
			continue
		}
		for _, w := range wanted {
			fw := fold(w)
			limit := min(maxDistance, max(1, len([]rune(fw))/3))
			if d := EditDistance(fw, fc); d <= limit && d < dist[i] {
				dist[i] = d
			}
		}
		best = min(best, dist[i])
	}
	if best > maxDistance {
		return nil
	}
	var out []string
	for i, c := range candidates {
		if dist[i] == best && !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
