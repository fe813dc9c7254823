package selection

import (
	"context"
	"fmt"
	"runtime"
	"sync"
)

// SampleValues writes into values (one per item) the items' values in
// sample s. It is called from several goroutines at once and must give the
// same values for the same s whatever the order of the calls (draw sample s
// from a stream seeded by s, for instance). Values of items that cannot be
// funded are not read.
type SampleValues func(s int, values []float64) error

// Funding is the funding probability of each item over weight samples.
type Funding struct {
	Samples int
	// Funded counts, per item, the samples in which it is funded.
	Funded []int
	// Probability is Funded / Samples: 1 for musts, 0 for items that
	// cannot be funded.
	Probability []float64
	// NotOptimal counts the samples whose solve a limit stopped (their
	// best portfolio found is counted).
	NotOptimal int
	// Nodes sums the samples' branch-and-bound nodes.
	Nodes int64
}

// Robustness classes a funding probability for people (FORMATS.md §5).
type Robustness int

const (
	// RobustNo: funded in at most 5 % of the samples.
	RobustNo Robustness = iota + 1
	// Open: between.
	Open
	// RobustYes: funded in at least 95 % of the samples.
	RobustYes
)

var robustnessNames = [...]string{"", "robust_no", "open", "robust_yes"}

func (r Robustness) String() string {
	if r < 0 || int(r) >= len(robustnessNames) {
		return "unknown"
	}
	return robustnessNames[r]
}

// Class gives the robustness class of a funding probability: robust yes at
// 0.95 or more, robust no at 0.05 or less, open between.
func Class(probability float64) Robustness {
	switch {
	case probability >= 0.95:
		return RobustYes
	case probability <= 0.05:
		return RobustNo
	}
	return Open
}

// SampleValueError: a sample gave an item a value that is NaN or infinite.
type SampleValueError struct {
	Sample, Item int
}

func (e *SampleValueError) Error() string {
	return fmt.Sprintf("selection: sample %d gives item %d a value that is not a number", e.Sample, e.Item) // not a message: the caller's values come from finite weights and scores; this is a defect
}

// sampleChunk is the number of samples one worker takes at a time. It is
// fixed, not chosen by the number of processors, and a chunk's samples are
// solved in order from the same state (the base solve's guide and
// optimum), so that the result does not depend on GOMAXPROCS. Its samples
// share a guide, which pays more the longer it is used (64 measured 6 %
// less work than 32 at n = 300; 128 another 2 %, at half the parallelism).
const sampleChunk = 64

// FundingProbability solves the problem once per sample with the sample's
// values, each exactly (warm: from the root basis and the best, under the
// sample's values, of the optima found so far in its chunk, starting with
// that of a solve with the items' own values: each is feasible for every
// sample, the rules and budgets being the same), in parallel, and counts
// how often each item is funded. The samples of a chunk share a guide
// (guide.go), seeded with the tree of that first solve: they follow its
// branchings and try its multipliers before solving LPs, which makes a
// sample's search several times cheaper without changing what it finds.
// The problem must be feasible.
func FundingProbability(ctx context.Context, p *Problem, samples int, values SampleValues, o Options) (*Funding, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	n := len(p.Items)
	base := newEngine(p, compileOptions{})
	base.guide = newGuide(base.md.prog.m)
	sol, err := base.solve(ctx, o, nil)
	if err != nil {
		return nil, err
	}
	if !sol.HasPortfolio {
		return nil, ErrNoPortfolio
	}
	warm := base.prime()
	hint, _ := base.md.unitsOf(sol.Selected)

	chunks := (samples + sampleChunk - 1) / sampleChunk
	funded := make([][]int, chunks)
	notOptimal := make([]int, chunks)
	nodes := make([]int64, chunks)
	errs := make([]error, chunks)
	workers := min(runtime.GOMAXPROCS(0), chunks)
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vals := make([]float64, n)
			e := newEngine(p, compileOptions{values: vals})
			e.trustHint = true
			obj := make([]float64, e.md.prog.n)
			for {
				mu.Lock()
				c := next
				next++
				mu.Unlock()
				if c >= chunks || ctx.Err() != nil {
					return
				}
				count := make([]int, n)
				// The chunk's samples share a guide (in order, so the
				// same whichever worker runs the chunk).
				e.guide = base.guide.clone()
				// The optima found so far in this chunk: the best of them
				// under a sample's values starts its search. A chunk's
				// samples are fixed and solved in order, so this does not
				// depend on which worker runs it.
				known := [][]int8{hint}
				for s := c * sampleChunk; s < min(samples, (c+1)*sampleChunk); s++ {
					if err := values(s, vals); err != nil {
						errs[c] = err
						return
					}
					for i := range p.Items {
						if p.selectable(i) && !finite(vals[i]) {
							errs[c] = &SampleValueError{Sample: s, Item: i}
							return
						}
					}
					for u, ms := range e.md.members {
						obj[u] = 0
						for _, i := range ms {
							if p.selectable(i) {
								obj[u] += vals[i]
							}
						}
					}
					warm.apply(e)
					e.sr.setObjective(obj)
					start := known[0]
					for _, x := range known[1:] {
						if e.md.prog.value(x) > e.md.prog.value(start) {
							start = x
						}
					}
					s, err := e.solveHint(ctx, o, nil, start)
					if err != nil {
						errs[c] = err
						return
					}
					if s.Status != StatusOptimal {
						notOptimal[c]++
					}
					nodes[c] += s.Nodes
					for i, in := range s.Selected {
						if in {
							count[i]++
						}
					}
					if x, ok := e.md.unitsOf(s.Selected); ok && s.HasPortfolio {
						known = append(known, x)
					}
				}
				funded[c] = count
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	f := &Funding{Samples: samples, Funded: make([]int, n), Probability: make([]float64, n)}
	for c := range funded { // integer sums: any order gives the same
		for i, k := range funded[c] {
			f.Funded[i] += k
		}
		f.NotOptimal += notOptimal[c]
		f.Nodes += nodes[c]
	}
	for i, k := range f.Funded {
		if samples > 0 {
			f.Probability[i] = float64(k) / float64(samples)
		}
	}
	return f, nil
}
