package scoring

import (
	"math"
	"sort"
)

// Ranking similarity coefficients (Sałabun & Urbaniak 2020, ICCS, LNCS
// 12137) between a reference ranking x and another ranking y of the same n
// items: x[i] and y[i] are item i's ranks, from 1, fractional where ties
// share an average rank.

// AverageRanks ranks scores from the highest (rank 1) with tied scores
// (within TieTolerance) sharing the average of their positions, as
// correlation coefficients want.
func AverageRanks(scores []float64) []float64 {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	ranks := make([]float64, len(scores))
	for start := 0; start < len(idx); {
		end := start + 1
		for end < len(idx) && scores[idx[start]]-scores[idx[end]] <= TieTolerance {
			end++
		}
		avg := float64(start+end+1) / 2 // positions start+1 … end
		for _, i := range idx[start:end] {
			ranks[i] = avg
		}
		start = end
	}
	return ranks
}

// Spearman is Spearman's rank correlation: the Pearson correlation of the
// two rank vectors (equal to 1 − 6Σd²/(n(n²−1)) without ties). NaN when a
// ranking is constant or n < 2.
func Spearman(x, y []float64) float64 {
	n := float64(len(x))
	if len(x) < 2 {
		return math.NaN()
	}
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}

// WeightedSpearman is r_w = 1 − 6Σ(x−y)²((n−x+1)+(n−y+1)) / (n⁴+n³−n²−n),
// which weighs differences at the top more.
func WeightedSpearman(x, y []float64) float64 {
	n := float64(len(x))
	s := 0.0
	for i := range x {
		d := x[i] - y[i]
		s += d * d * ((n - x[i] + 1) + (n - y[i] + 1))
	}
	return 1 - 6*s/(n*n*n*n+n*n*n-n*n-n)
}

// WS is the WS similarity coefficient, 1 − Σ 2^{−x_i} |x_i − y_i| /
// max(|x_i − 1|, |x_i − n|), asymmetric: x is the reference, and a change
// at its top weighs most.
func WS(x, y []float64) float64 {
	n := float64(len(x))
	s := 0.0
	for i := range x {
		den := math.Max(math.Abs(x[i]-1), math.Abs(x[i]-n))
		if den == 0 {
			continue
		}
		s += math.Pow(2, -x[i]) * math.Abs(x[i]-y[i]) / den
	}
	return 1 - s
}

// KendallTauB is Kendall's τ-b, (concordant − discordant) / √((n0 − n1)(n0
// − n2)), with n1 and n2 the pairs tied in x and in y. NaN when a ranking
// is constant or n < 2.
func KendallTauB(x, y []float64) float64 {
	var conc, disc, tx, ty float64
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			dx, dy := x[i]-x[j], y[i]-y[j]
			switch {
			case dx == 0 && dy == 0:
				tx++
				ty++
			case dx == 0:
				tx++
			case dy == 0:
				ty++
			case dx*dy > 0:
				conc++
			default:
				disc++
			}
		}
	}
	n0 := float64(len(x)*(len(x)-1)) / 2
	return (conc - disc) / math.Sqrt((n0-tx)*(n0-ty))
}
