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
	// Ranks is K, the number of ranks whose acceptability is counted one by
	// one; the samples in which an investment ranks beyond K are counted
	// together (SMAAResult.Rest), so that the counts take n×(K+1) memory,
	// not n². 0, or a K of at least the number of investments, counts every
	// rank. K is raised to Top when it is smaller.
	Ranks int
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
	// rank r+1, for every rank, or for ranks 1..K when SMAAOptions.Ranks
	// cut the counts.
	Acceptability [][]float64
	// Rest[i] is the share of samples in which investment i ranked beyond
	// K; nil when every rank is counted.
	Rest []float64
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

// chunkFirsts holds, for one chunk, the sums of the weight vectors of the
// samples in which an investment ranked first: only for the investments
// that did, so that a chunk takes memory for its winners, not for all n.
type chunkFirsts struct {
	ids  []int32   // investments, in order of their first win in the chunk
	sums []float64 // their sums, m each, parallel to ids
}

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
	// width is the counts of one investment: every rank, or ranks 1..K and
	// the rest.
	k := n
	if o.Ranks > 0 && max(o.Ranks, o.Top) < n {
		k = max(o.Ranks, o.Top)
	}
	width := n
	if k < n {
		width = k + 1
	}
	chunks := (o.Samples + chunkSize - 1) / chunkSize
	central := make([]chunkFirsts, chunks)
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
			width:  width,
			counts: make([]uint32, n*width),
			slot:   make([]int32, n),
		}
		for i := range st.slot {
			st.slot[i] = -1
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
				rng := rand.New(rand.NewPCG(o.Seed, uint64(c)))
				if errs[c] = st.run(rng, count, &central[c]); errs[c] != nil {
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
	if k < n {
		res.Rest = make([]float64, n)
	}
	total := float64(o.Samples)
	shares := make([]float64, n*k) // one array for all rows
	firsts := make([]uint64, n)
	for i := 0; i < n; i++ {
		row := shares[i*k : i*k+k : i*k+k]
		var atTop uint64
		for r := 0; r < width; r++ {
			var c uint64
			for _, st := range states {
				c += uint64(st.counts[i*width+r])
			}
			if r == k { // the rest
				res.Rest[i] = float64(c) / total
				continue
			}
			row[r] = float64(c) / total
			if r < o.Top {
				atTop += c
			}
			if r == 0 {
				firsts[i] = c
			}
		}
		res.Acceptability[i] = row
		res.TopK[i] = float64(atTop) / total
	}
	for c := range central { // in chunk order
		cf := &central[c]
		for x, id := range cf.ids {
			cw := res.CentralWeights[id]
			if cw == nil {
				cw = make([]float64, m)
				res.CentralWeights[id] = cw
			}
			for j, s := range cf.sums[x*m : x*m+m] {
				cw[j] += s
			}
		}
	}
	for i, cw := range res.CentralWeights {
		for j := range cw {
			cw[j] /= float64(firsts[i])
		}
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
	// counts holds width counts per investment: of each rank, or of ranks
	// 1..K and, last, of the ranks beyond K.
	width  int
	counts []uint32
	// slot gives an investment's place in the current chunk's firsts, -1
	// when it has not ranked first in the chunk.
	slot []int32
	wins []uint32 // n×n, with Pairwise
}

// run draws count samples from rng, adding rank counts to the worker and
// the weights of first-ranked investments to the chunk's firsts.
func (st *smaaWorker) run(rng *rand.Rand, count int, firsts *chunkFirsts) error {
	n, m := st.p.N(), st.p.M()
	last := st.width - 1 // the rest's column when the counts are cut
	defer func() {
		for _, id := range firsts.ids {
			st.slot[id] = -1
		}
	}()
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
			st.counts[i*st.width+min(int(ranks[i])-1, last)]++
		}
		// The first-ranked lead the order.
		for _, i := range st.rk.order {
			if ranks[i] != 1 {
				break
			}
			x := st.slot[i]
			if x < 0 {
				x = int32(len(firsts.ids))
				st.slot[i] = x
				firsts.ids = append(firsts.ids, i)
				firsts.sums = append(firsts.sums, make([]float64, m)...)
			}
			sums := firsts.sums[int(x)*m : int(x)*m+m : int(x)*m+m]
			for j, wj := range st.w {
				sums[j] += wj
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
// score is summed in leaf order, w_0·v_0 + w_1·v_1 + …, as ranksFirst sums
// it, so both give the same bits.
func scoreColumns(cols, w, scores []float64) (lo, hi float64) {
	n := len(scores)
	floats.ScaleTo(scores, w[0], cols[:n])
	for j := 1; j < len(w); j++ {
		floats.AddScaled(scores, w[j], cols[j*n:j*n+n])
	}
	return floats.Min(scores), floats.Max(scores)
}

// confidence computes the SMAA-2 confidence factor of each investment with
// central weights: the share of value samples in which it ranks first when
// its central weights are used. With fixed values it is 1 or 0.
func confidence(ctx context.Context, p *Problem, o SMAAOptions, central [][]float64) ([]float64, error) {
	n := p.N()
	conf := make([]float64, n)
	if o.Values == nil {
		for i, cw := range central {
			if cw != nil && ranksFirst(p.Values, cw, i) {
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
	m := p.M()
	for wi, vs := range samplers {
		counts[wi] = make([]int, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			values := make([]float64, n*m)
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
						if ranksFirst(values, central[i], i) {
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

// ranksFirst reports whether investment i has competition rank 1 when the
// investments' values (row-major, m = len(w) a row) are scored with the
// weights w: whether no score exceeds its own by more than TieTolerance.
// That is the ranker's rank 1 (its first group is the scores within
// TieTolerance of the highest), found without ranking: the investments are
// scored in the problem's order, which is the rank order of the stated
// weights, so that one who outscores i usually comes early and ends the
// scan. Each score is summed in leaf order, as scoreColumns sums it.
func ranksFirst(values, w []float64, i int) bool {
	m := len(w)
	dot := func(row []float64) float64 {
		s := 0.0
		for j, wj := range w {
			s += wj * row[j]
		}
		return s
	}
	own := dot(values[i*m : i*m+m : i*m+m])
	for q := 0; q*m < len(values); q++ {
		if dot(values[q*m:q*m+m:q*m+m])-own > TieTolerance {
			return false
		}
	}
	return true
}
