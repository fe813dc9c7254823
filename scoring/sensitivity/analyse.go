package sensitivity

import (
	"context"
	"strconv"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// Options control a sensitivity analysis.
type Options struct {
	Samples int
	Seed    uint64
	Weights criteria.WeightModel
	Top     int
	// Pairwise and Sweeps ask for the large matrices.
	Pairwise bool
	Sweeps   bool
	// Full asks for every rank's acceptability past FullAcceptabilityUpTo
	// ranked investments.
	Full bool
	// Progress, if set, is called with the Monte Carlo samples done.
	Progress func(done int)
}

// DefaultOptions are used where neither the command line nor the criteria
// set's sensitivity block says otherwise.
var DefaultOptions = Options{
	Samples: 10000,
	Seed:    20171127,
	Weights: criteria.WeightModel{Kind: criteria.WeightsVary, Vary: 0.2},
	Top:     5,
}

// Past FullAcceptabilityUpTo ranked investments an investment's
// acceptability lists ranks 1..K, K = max(top, AcceptabilityRanks), and the
// share beyond K in one number, unless Options.Full asks for every rank
// (FORMATS.md §3): n ranks of n investments is n² numbers, 400 million at
// 20,000, where a reader looks at the first ranks and the rest.
const (
	FullAcceptabilityUpTo = 1000
	AcceptabilityRanks    = 100
)

// Result is a whole sensitivity analysis, ready to render.
type Result struct {
	Criteria scoring.CriteriaInfo
	Inputs   []portfolio.Input
	Seed     uint64
	Samples  int
	Weights  criteria.WeightModel
	Top      int
	// Leaves are the leaf criterion ids, in tree order.
	Leaves []string
	// Investments are the ranked and flagged ones, in rank order.
	Investments []Investment
	Stability   []Stability
	// Tornado holds, per leaf, each investment's rank range (parallel to
	// Investments) while the weight moves within ±TornadoR of its value.
	Tornado  [][]RankRange
	TornadoR float64
	// MissingDecisive lists the investments whose top-k membership
	// depends on missing values.
	MissingDecisive []Decisive
	// Pairwise[a][b] and Sweeps[leaf] are set only when asked for.
	Pairwise [][]float64
	Sweeps   [][]Piece
	Warnings []messages.Message
}

// Investment is one investment's sensitivity.
type Investment struct {
	ID, Name string
	Rank     int
	Score    float64
	// Acceptability[r] is the share of samples in which it had rank r+1:
	// for every rank, or for ranks 1..K past FullAcceptabilityUpTo.
	Acceptability []float64
	TopK          float64
	// CentralWeights and Confidence are nil when it never ranked first.
	// AcceptabilityRest is the share of samples in which it ranked beyond
	// the ranks Acceptability lists; nil when it lists every rank.
	AcceptabilityRest *float64
	CentralWeights    []float64
	Confidence        *float64
	// RankRange is its exact best and worst rank when missing values range
	// over [0, 1].
	RankRange RankRange
}

// ModelName is a weight model as JSON and the command line write it:
// "free", "order" or "vary:0.2".
func ModelName(m criteria.WeightModel) string {
	if m.Kind == criteria.WeightsVary {
		return "vary:" + strconv.FormatFloat(m.Vary, 'g', -1, 64)
	}
	return m.Kind
}

// Analyse runs every analysis on a scoring result of the set and portfolio.
// o.Top must be from 1 to the number of ranked investments; the caller
// clamps or refuses other values.
func Analyse(ctx context.Context, set *criteria.Set, p *portfolio.Portfolio, res *scoring.Result, o Options) (*Result, error) {
	prob := FromResult(res)
	n := prob.N()
	if n == 0 {
		return nil, messages.New("sensitivity: no investment is ranked; nothing to analyse")
	}
	if o.Top < 1 || o.Top > n {
		return nil, messages.Errorf("sensitivity: top must be from 1 to %d, the number ranked, not %d", n, o.Top)
	}
	out := &Result{
		Criteria: res.Criteria, Inputs: res.Inputs,
		Seed: o.Seed, Samples: o.Samples, Weights: o.Weights, Top: o.Top,
		Leaves: prob.Leaves,
	}
	unc, warnings, err := NewUncertainty(set, p, prob)
	if err != nil {
		return nil, err
	}
	out.Warnings = warnings
	so := SMAAOptions{Samples: o.Samples, Seed: o.Seed, Weights: o.Weights, Top: o.Top, Pairwise: o.Pairwise, Progress: o.Progress}
	if n > FullAcceptabilityUpTo && !o.Full {
		so.Ranks = max(o.Top, AcceptabilityRanks)
	}
	if unc != nil {
		so.Values = func() (ValueSampler, error) { return unc.Sampler() }
	}
	smaa, err := SMAA(ctx, prob, so)
	if err != nil {
		return nil, err
	}
	ranges := MissingRanks(prob)
	byID := make(map[string]*scoring.Assessment, len(res.Investments))
	for i := range res.Investments {
		byID[res.Investments[i].ID] = &res.Investments[i]
	}
	for i, id := range prob.IDs {
		a := byID[id]
		inv := Investment{
			ID: id, Name: a.Name, Rank: a.Rank, Score: a.Score,
			Acceptability: smaa.Acceptability[i], TopK: smaa.TopK[i],
			CentralWeights: smaa.CentralWeights[i], RankRange: ranges[i],
		}
		if inv.CentralWeights != nil {
			c := smaa.Confidence[i]
			inv.Confidence = &c
		}
		if smaa.Rest != nil {
			inv.AcceptabilityRest = &smaa.Rest[i]
		}
		out.Investments = append(out.Investments, inv)
	}
	if out.Stability, err = stabilityIntervals(ctx, prob, o.Top); err != nil {
		return nil, err
	}
	out.TornadoR = 0.2
	if o.Weights.Kind == criteria.WeightsVary {
		out.TornadoR = o.Weights.Vary
	}
	// The leaves in parallel, each into its own slot: the same result
	// whatever the number of processors.
	m := prob.M()
	out.Tornado = make([][]RankRange, m)
	if o.Sweeps {
		out.Sweeps = make([][]Piece, m)
	}
	errs := make([]error, m)
	forEachLeaf(m, func(k int) {
		if out.Tornado[k], errs[k] = tornado(ctx, prob, k, out.TornadoR); errs[k] == nil && o.Sweeps {
			out.Sweeps[k], errs[k] = sweep(ctx, prob, k)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	out.MissingDecisive = MissingDecisive(prob, o.Top)
	out.Pairwise = smaa.Pairwise
	return out, nil
}
