package sensitivity

import (
	"math/rand/v2"

	"github.com/prio-tool/prio/criteria"
)

// WeightSampler draws leaf weight vectors under a weight model (FORMATS.md
// §3), as the SMAA analysis draws them, for other analyses that vary the
// weights (funding probability in portfolio selection). It is not safe for
// concurrent use: make one per goroutine.
type WeightSampler struct {
	s weightSampler
}

// NewWeightSampler returns a sampler of the model around the stated
// effective weights.
func NewWeightSampler(model criteria.WeightModel, stated []float64) (*WeightSampler, error) {
	s, err := newWeightSampler(model, stated)
	if err != nil {
		return nil, err
	}
	return &WeightSampler{s: s}, nil
}

// Sample draws the weights of sample number k of a run seeded with seed
// into w: the same seed and k give the same weights whatever order the
// samples are drawn in, so that parallel work is deterministic.
func (ws *WeightSampler) Sample(seed uint64, k int, w []float64) error {
	rng := rand.New(rand.NewPCG(seed, uint64(k)))
	return ws.s.sample(rng, w)
}
