package criteria

import (
	"math"
	"math/big"
	"math/cmplx"

	"gonum.org/v1/gonum/mat"

	"github.com/prio-tool/prio/messages"
)

// Surrogate weights from a rank order (Barron & Barrett 1996), for n
// criteria ranked 1 (most important) to n; each returns n weights summing
// to 1, the most important first.

// RankOrderCentroid gives w_i = (1/n) Σ_{k=i}^{n} 1/k, computed exactly
// and rounded once: 11/18 for the first of three is the float64 nearest 11/18.
func RankOrderCentroid(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		sum := new(big.Rat)
		for k := i + 1; k <= n; k++ {
			sum.Add(sum, big.NewRat(1, int64(k))) // not a message: big.Rat arithmetic
		}
		w[i], _ = sum.Quo(sum, big.NewRat(int64(n), 1)).Float64()
	}
	return w
}

// RankSum gives w_i = 2(n + 1 − i) / (n(n + 1)).
func RankSum(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 2 * float64(n-i) / float64(n*(n+1))
	}
	return w
}

// RankReciprocal gives w_i = (1/i) / Σ_k 1/k, computed exactly and rounded
// once.
func RankReciprocal(n int) []float64 {
	w := make([]float64, n)
	total := new(big.Rat)
	for k := 1; k <= n; k++ {
		total.Add(total, big.NewRat(1, int64(k))) // not a message: big.Rat arithmetic
	}
	for i := range w {
		x := new(big.Rat).Quo(big.NewRat(1, int64(i+1)), total)
		w[i], _ = x.Float64()
	}
	return w
}

// Swing turns swing points (the most important criterion's swing at 100,
// the others relative to it) into weights proportional to the points.
func Swing(points []float64) ([]float64, error) {
	total := 0.0
	for _, p := range points {
		if p < 0 || math.IsNaN(p) || math.IsInf(p, 0) {
			return nil, messages.Errorf("swing points must be finite and not negative, not %v", p)
		}
		total += p
	}
	if total == 0 {
		return nil, messages.New("swing points are all zero")
	}
	w := make([]float64, len(points))
	for i, p := range points {
		w[i] = p / total
	}
	return w, nil
}

// RandomIndex is Saaty's random consistency index for matrices of order 1 to
// 10 (Saaty 1980), the table AHP's consistency ratio divides by. Libraries
// disagree on the table; prio names it in its output.
var RandomIndex = []float64{0, 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49}

// RandomIndexName names the table of RandomIndex.
const RandomIndexName = "Saaty (1980): 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49"

// AHPResult is the eigenvector analysis of a pairwise comparison matrix.
type AHPResult struct {
	Weights []float64 // the principal eigenvector, summing to 1
	Lambda  float64   // the principal eigenvalue, λmax
	CI      float64   // consistency index (λmax − n) / (n − 1)
	CR      float64   // consistency ratio CI / RI(n); 0 for n ≤ 2
}

// AHP computes the priorities of a positive reciprocal pairwise comparison
// matrix (Saaty's eigenvector method) with gonum's eigen-decomposition: the
// eigenvector of the largest real eigenvalue, normalised to sum 1.
func AHP(m [][]float64) (*AHPResult, error) {
	n := len(m)
	if n == 0 {
		return nil, messages.New("the matrix is empty")
	}
	if n >= len(RandomIndex) {
		return nil, messages.Errorf("the matrix has %d rows; the random index is known up to 10", n)
	}
	a := mat.NewDense(n, n, nil)
	for i, row := range m {
		if len(row) != n {
			return nil, messages.Errorf("row %d has %d entries, not %d", i+1, len(row), n)
		}
		for j, x := range row {
			if !(x > 0) || math.IsInf(x, 0) {
				return nil, messages.Errorf("entry (%d, %d) is %v; entries must be positive", i+1, j+1, x)
			}
			a.Set(i, j, x)
		}
	}
	for i := 0; i < n; i++ {
		if m[i][i] != 1 {
			return nil, messages.Errorf("entry (%d, %d) is %v; the diagonal must be 1", i+1, i+1, m[i][i])
		}
		for j := i + 1; j < n; j++ {
			if math.Abs(m[i][j]*m[j][i]-1) > 1e-6 {
				return nil, messages.Errorf("entries (%d, %d) = %v and (%d, %d) = %v are not reciprocal", i+1, j+1, m[i][j], j+1, i+1, m[j][i])
			}
		}
	}
	var eig mat.Eigen
	if !eig.Factorize(a, mat.EigenRight) {
		return nil, messages.New("the eigen-decomposition failed")
	}
	values := eig.Values(nil)
	best := 0
	for i, v := range values {
		if real(v) > real(values[best]) {
			best = i
		}
	}
	var vecs mat.CDense
	eig.VectorsTo(&vecs)
	w := make([]float64, n)
	total := 0.0
	for i := range w {
		// The Perron vector of a positive matrix has one sign; take magnitudes.
		w[i] = cmplx.Abs(vecs.At(i, best))
		total += w[i]
	}
	for i := range w {
		w[i] /= total
	}
	res := &AHPResult{Weights: w, Lambda: real(values[best])}
	if n > 2 {
		res.CI = (res.Lambda - float64(n)) / float64(n-1)
		res.CR = res.CI / RandomIndex[n]
	}
	return res, nil
}
