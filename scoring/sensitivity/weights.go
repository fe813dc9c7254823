package sensitivity

import (
	"math/rand/v2"
	"slices"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
)

// weightSampler draws one weight vector into w.
type weightSampler interface {
	sample(rng *rand.Rand, w []float64) error
}

// newWeightSampler returns the sampler of a weight model around the stated
// effective weights.
func newWeightSampler(model criteria.WeightModel, stated []float64) (weightSampler, error) {
	switch model.Kind {
	case criteria.WeightsFree:
		return &freeWeights{gaps: make([]float64, len(stated)+1)}, nil
	case criteria.WeightsOrder:
		return newOrderWeights(stated), nil
	case criteria.WeightsVary:
		return newVaryWeights(stated, model.Vary)
	}
	return nil, messages.Errorf("sensitivity: unknown weight model %q", model.Kind)
}

// freeWeights is uniform on the simplex: the gaps between m−1 sorted
// uniforms and the ends 0 and 1 (Tervonen & Lahdelma 2007). Normalising m
// independent uniforms would not be uniform on the simplex.
type freeWeights struct {
	gaps []float64
}

func (f *freeWeights) sample(rng *rand.Rand, w []float64) error {
	m := len(w)
	u := f.gaps[:m+1]
	u[0], u[m] = 0, 1
	for j := 1; j < m; j++ {
		u[j] = rng.Float64()
	}
	insertionSort(u[1:m])
	for j := 0; j < m; j++ {
		w[j] = u[j+1] - u[j]
	}
	return nil
}

func insertionSort(x []float64) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

// orderWeights is uniform among weights that keep the stated order: a free
// sample sorted in decreasing order and handed out to the leaves by their
// stated weights, highest first. Leaves with equal stated weights are not
// ordered among themselves: within such a group the sorted values go out in
// a uniformly random order. Each order consistent with the stated one is a
// cone of the simplex of equal volume, so this is uniform on their union.
type orderWeights struct {
	free   freeWeights
	sorted []float64
	// groups lists the leaves by stated weight, highest first, in groups of
	// equal stated weight.
	groups [][]int
	perm   []int
}

func newOrderWeights(stated []float64) *orderWeights {
	idx := make([]int, len(stated))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case stated[a] > stated[b]:
			return -1
		case stated[a] < stated[b]:
			return 1
		}
		return 0
	})
	var groups [][]int
	for i, j := range idx {
		if i > 0 && stated[j] == stated[idx[i-1]] {
			groups[len(groups)-1] = append(groups[len(groups)-1], j)
		} else {
			groups = append(groups, []int{j})
		}
	}
	return &orderWeights{
		free:   freeWeights{gaps: make([]float64, len(stated)+1)},
		sorted: make([]float64, len(stated)),
		groups: groups,
		perm:   make([]int, len(stated)),
	}
}

func (o *orderWeights) sample(rng *rand.Rand, w []float64) error {
	s := o.sorted
	o.free.sample(rng, s)
	slices.SortFunc(s, func(a, b float64) int {
		switch {
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	})
	pos := 0
	for _, g := range o.groups {
		perm := o.perm[:len(g)]
		copy(perm, g)
		// Fisher–Yates: a uniformly random order within the group.
		for i := len(perm) - 1; i > 0; i-- {
			j := rng.IntN(i + 1)
			perm[i], perm[j] = perm[j], perm[i]
		}
		for _, leaf := range perm {
			w[leaf] = s[pos]
			pos++
		}
	}
	return nil
}

// varyWeights is uniform on the polytope of weights summing to 1 with each
// leaf within ±R (relative) of its stated weight. It samples exactly, by
// rejection: every leaf but the one with the widest range is drawn uniformly
// within its bounds, that one takes 1 − the sum, and the draw is kept when
// it falls within its own bounds. The map from the free leaves to the weight
// vector is affine with a constant Jacobian, so a uniform draw of the free
// leaves restricted to the kept set is uniform on the polytope. The polytope
// is symmetric about the stated weights, so the samples' mean is the stated
// weights.
type varyWeights struct {
	lo, hi []float64
	last   int // the leaf that takes 1 − the sum
	fixed  bool
}

// maxRejections bounds the draws for one sample of the vary model. With the
// widest leaf taking the remainder the acceptance rate is large for the
// leaf counts of criteria sets (about 0.4 for 12 equal leaves at R = 0.2).
const maxRejections = 1_000_000

func newVaryWeights(stated []float64, r float64) (*varyWeights, error) {
	if r < 0 || r > 1 {
		return nil, messages.Errorf("sensitivity: vary must be from 0 to 1, not %v", r)
	}
	v := &varyWeights{lo: make([]float64, len(stated)), hi: make([]float64, len(stated)), fixed: r == 0}
	for j, w := range stated {
		v.lo[j], v.hi[j] = w*(1-r), w*(1+r)
		if w > stated[v.last] {
			v.last = j
		}
	}
	return v, nil
}

func (v *varyWeights) sample(rng *rand.Rand, w []float64) error {
	if v.fixed {
		for j := range w {
			w[j] = v.lo[j]
		}
		return nil
	}
	for try := 0; try < maxRejections; try++ {
		sum := 0.0
		for j := range w {
			if j == v.last {
				continue
			}
			w[j] = v.lo[j] + rng.Float64()*(v.hi[j]-v.lo[j])
			sum += w[j]
		}
		rest := 1 - sum
		if rest >= v.lo[v.last] && rest <= v.hi[v.last] {
			w[v.last] = rest
			return nil
		}
	}
	return messages.New("sensitivity: the vary weight model rejected too many draws; use a larger R or fewer criteria")
}
