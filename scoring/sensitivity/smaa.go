package sensitivity

import (
	"context"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/floats"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
)

// ValueSampler draws the leaf values of one Monte Carlo sample, for
// investments whose fields are uncertain. It writes n×m values, row-major,
// in the problem's order, using only rng for randomness.
type ValueSampler interface {
	SampleValues(rng *rand.Rand, values []float64) error
}

// SMAAOptions control a SMAA-2 run.
type SMAAOptions struct {
	Samples int
	Seed    uint64
	Weights criteria.WeightModel
	Top     int
	// Pairwise asks for the winning matrix: n² counts a sample, so only on
	// request.
	Pairwise bool
	// Values returns a sampler of uncertain values for one goroutine; nil
	// keeps the problem's values fixed.
	Values func() (ValueSampler, error)
	// Progress, if set, is called with the number of samples done after
	// each chunk, from any goroutine.
	Progress func(done int)
}

// SMAAResult holds the SMAA-2 measures of every investment of the problem,
// in its order.
type SMAAResult struct {
	// Acceptability[i][r] is the share of samples in which investment i had
	// rank r+1.
	Acceptability [][]float64
	// TopK[i] is the share of samples in which it had rank ≤ Top.
	TopK []float64
	// CentralWeights[i] is the mean weight vector over the samples in which
	// it ranked first, nil if it never did; Confidence[i] the share of value
	// samples in which it ranks first with those weights (0 where nil).
	CentralWeights [][]float64
	Confidence     []float64
	// Pairwise[a][b] is the share of samples in which a scored above b
	// (beyond TieTolerance); nil unless asked for.
	Pairwise [][]float64
}

// chunkSize is the number of samples of one chunk. It is fixed, not chosen
// by the number of processors, so that the same seed gives the same chunks,
// streams and sums on any machine.
const chunkSize = 512

// SMAA runs SMAA-2 (Lahdelma & Salminen 2001): weights drawn from the weight
// model (and values from o.Values), every sample ranked with competition
// ranks, rank acceptabilities, top-k shares, central weights and confidence
// factors accumulated. Samples are split into chunks of chunkSize, chunk c
// drawing from its own PCG stream seeded (Seed, c); chunks run in parallel
// and their floating-point sums are combined in chunk order, so the result
// does not depend on GOMAXPROCS. Cancelling ctx stops the run between
// chunks with ctx's error.
func SMAA(ctx context.Context, p *Problem, o SMAAOptions) (*SMAAResult, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	if o.Samples < 1 {
		return nil, messages.Errorf("sensitivity: samples must be at least 1, not %d", o.Samples)
	}
	if _, err := newWeightSampler(o.Weights, p.Weights); err != nil {
		return nil, err
	}
	n, m := p.N(), p.M()
	chunks := (o.Samples + chunkSize - 1) / chunkSize
	central := make([][]float64, chunks) // per chunk, n×m sums
	workers := min(runtime.GOMAXPROCS(0), chunks)
	states := make([]*smaaWorker, workers)
	errs := make([]error, chunks)
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for wi := range states {
		ws, _ := newWeightSampler(o.Weights, p.Weights)
		st := &smaaWorker{
			p: p, o: &o, ws: ws,
			w:      make([]float64, m),
			scores: make([]float64, n),
			rk:     newRanker(n),
			counts: make([]uint32, n*n),
		}
		st.cols = make([]float64, n*m)
		if o.Values != nil {
			st.values = make([]float64, n*m)
			vs, err := o.Values()
			if err != nil {
				return nil, err
			}
			st.vs = vs
		} else {
			transpose(p.Values, st.cols, n, m)
		}
		if o.Pairwise {
			st.wins = make([]uint32, n*n)
		}
		states[wi] = st
	}
	for _, st := range states {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks || ctx.Err() != nil {
					return
				}
				first := c * chunkSize
				count := min(chunkSize, o.Samples-first)
				central[c] = make([]float64, n*m)
				rng := rand.New(rand.NewPCG(o.Seed, uint64(c)))
				if errs[c] = st.run(rng, count, central[c]); errs[c] != nil {
					return
				}
				if o.Progress != nil {
					o.Progress(int(done.Add(int64(count))))
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := messages.JoinErrors(errs...); err != nil {
		return nil, err
	}

	res := &SMAAResult{
		Acceptability:  make([][]float64, n),
		TopK:           make([]float64, n),
		CentralWeights: make([][]float64, n),
		Confidence:     make([]float64, n),
	}
	total := float64(o.Samples)
	for i := 0; i < n; i++ {
		row := make([]float64, n)
		var atTop uint64
		for r := 0; r < n; r++ {
			var c uint64
			for _, st := range states {
				c += uint64(st.counts[i*n+r])
			}
			row[r] = float64(c) / total
			if r < o.Top {
				atTop += c
			}
		}
		res.Acceptability[i] = row
		res.TopK[i] = float64(atTop) / total
	}
	for i := 0; i < n; i++ {
		firsts := 0.0
		for _, st := range states {
			firsts += float64(st.counts[i*n])
		}
		if firsts == 0 {
			continue
		}
		cw := make([]float64, m)
		for _, sums := range central { // in chunk order
			for j := range cw {
				cw[j] += sums[i*m+j]
			}
		}
		for j := range cw {
			cw[j] /= firsts
		}
		res.CentralWeights[i] = cw
	}
	if o.Pairwise {
		res.Pairwise = make([][]float64, n)
		for a := 0; a < n; a++ {
			row := make([]float64, n)
			for b := 0; b < n; b++ {
				var c uint64
				for _, st := range states {
					c += uint64(st.wins[a*n+b])
				}
				row[b] = float64(c) / total
			}
			res.Pairwise[a] = row
		}
	}
	conf, err := confidence(ctx, p, o, res.CentralWeights)
	if err != nil {
		return nil, err
	}
	res.Confidence = conf
	return res, nil
}

// smaaWorker holds one goroutine's buffers and integer counts; counts add
// up the same whichever worker ran which chunk.
type smaaWorker struct {
	p      *Problem
	o      *SMAAOptions
	ws     weightSampler
	vs     ValueSampler // nil: values fixed
	w      []float64
	values []float64 // a sample's values, row-major, with o.Values
	cols   []float64 // the values column-major: leaf j at cols[j*n:]
	scores []float64
	rk     *ranker
	counts []uint32 // n×n: investment × rank
	wins   []uint32 // n×n, with Pairwise
}

// run draws count samples from rng, adding rank counts to the worker and
// the weights of first-ranked investments to central.
func (st *smaaWorker) run(rng *rand.Rand, count int, central []float64) error {
	n, m := st.p.N(), st.p.M()
	for s := 0; s < count; s++ {
		if err := st.ws.sample(rng, st.w); err != nil {
			return err
		}
		if st.vs != nil {
			if err := st.vs.SampleValues(rng, st.values); err != nil {
				return err
			}
			transpose(st.values, st.cols, n, m)
		}
		lo, hi := scoreColumns(st.cols, st.w, st.scores)
		st.rk.rankWithin(st.scores, lo, hi)
		ranks := st.rk.ranks
		for i := 0; i < n; i++ {
			r := ranks[i]
			st.counts[i*n+int(r)-1]++
			if r == 1 {
				sums := central[i*m : i*m+m : i*m+m]
				for j, wj := range st.w {
					sums[j] += wj
				}
			}
		}
		if st.wins != nil {
			st.countWins()
		}
	}
	return nil
}

// countWins adds one to wins[a][b] for every a scored above b beyond the
// tie tolerance: every a before b's tie group in the order.
func (st *smaaWorker) countWins() {
	n := st.p.N()
	order, ranks := st.rk.order, st.rk.ranks
	for q := 0; q < n; q++ {
		b := order[q]
		groupStart := int(ranks[b]) - 1 // position of b's group's first
		for pos := 0; pos < groupStart; pos++ {
			st.wins[int(order[pos])*n+int(b)]++
		}
	}
}

// transpose writes the n×m row-major values column-major into cols.
func transpose(values, cols []float64, n, m int) {
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			cols[j*n+i] = values[i*m+j]
		}
	}
}

// scoreColumns computes scores = Σ_j w_j · column j, leaf by leaf with
// gonum's vector kernel, and returns the lowest and highest score. Each
// score is summed in leaf order, w_0·v_0 + w_1·v_1 + …, as in scoreRows, so
// both give the same bits.
func scoreColumns(cols, w, scores []float64) (lo, hi float64) {
	n := len(scores)
	floats.ScaleTo(scores, w[0], cols[:n])
	for j := 1; j < len(w); j++ {
		floats.AddScaled(scores, w[j], cols[j*n:j*n+n])
	}
	return floats.Min(scores), floats.Max(scores)
}

// scoreRows computes scores[i] = Σ_j w_j · values[i·m + j] and returns the
// lowest and highest score.
func scoreRows(values, w, scores []float64) (lo, hi float64) {
	m := len(w)
	lo, hi = 0, 0
	for i := range scores {
		row := values[i*m : i*m+m : i*m+m]
		s := 0.0
		for j, wj := range w {
			s += wj * row[j]
		}
		scores[i] = s
		if i == 0 {
			lo, hi = s, s
		}
		lo = min(lo, s)
		hi = max(hi, s)
	}
	return lo, hi
}

// confidence computes the SMAA-2 confidence factor of each investment with
// central weights: the share of value samples in which it ranks first when
// its central weights are used. With fixed values it is 1 or 0.
func confidence(ctx context.Context, p *Problem, o SMAAOptions, central [][]float64) ([]float64, error) {
	n, m := p.N(), p.M()
	conf := make([]float64, n)
	scores := make([]float64, n)
	rk := newRanker(n)
	if o.Values == nil {
		for i, cw := range central {
			if cw == nil {
				continue
			}
			scoreRows(p.Values, cw, scores)
			rk.rank(scores)
			if rk.ranks[i] == 1 {
				conf[i] = 1
			}
		}
		return conf, nil
	}
	var candidates []int
	for i, cw := range central {
		if cw != nil {
			candidates = append(candidates, i)
		}
	}
	if len(candidates) == 0 {
		return conf, nil
	}
	// Value samples from streams apart from the weight run's: (Seed with
	// its bits flipped, chunk). Chunks run in parallel; the counts are
	// integers, so their sum does not depend on who ran which chunk.
	chunks := (o.Samples + chunkSize - 1) / chunkSize
	workers := min(runtime.GOMAXPROCS(0), chunks)
	counts := make([][]int, workers)
	errs := make([]error, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	samplers := make([]ValueSampler, workers)
	for wi := range samplers {
		vs, err := o.Values()
		if err != nil {
			return nil, err
		}
		samplers[wi] = vs
	}
	for wi, vs := range samplers {
		counts[wi] = make([]int, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			values, scores, rk := make([]float64, n*m), make([]float64, n), newRanker(n)
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks || ctx.Err() != nil {
					return
				}
				rng := rand.New(rand.NewPCG(^o.Seed, uint64(c)))
				for s := 0; s < min(chunkSize, o.Samples-c*chunkSize); s++ {
					if err := vs.SampleValues(rng, values); err != nil {
						errs[wi] = err
						return
					}
					for _, i := range candidates {
						scoreRows(values, central[i], scores)
						rk.rank(scores)
						if rk.ranks[i] == 1 {
							counts[wi][i]++
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := messages.JoinErrors(errs...); err != nil {
		return nil, err
	}
	firsts := make([]int, n)
	for _, c := range counts {
		for i, k := range c {
			firsts[i] += k
		}
	}
	for _, i := range candidates {
		conf[i] = float64(firsts[i]) / float64(o.Samples)
	}
	return conf, nil
}
