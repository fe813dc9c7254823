package selection

import (
	"context"
	"errors"
	"math"
	"time"
)

// Options control a solve.
type Options struct {
	// Gap is the accepted relative optimality gap, (bound − value) /
	// |value|; 0 proves the optimum.
	Gap float64
	// NodeLimit bounds the branch-and-bound nodes of one solve (all its
	// searches together); 0 means DefaultNodeLimit. The count is
	// deterministic: a run stopped by it is reproducible.
	NodeLimit int64
	// TimeLimit, when positive, bounds the wall-clock time of one solve. A
	// run stopped by it is not reproducible.
	TimeLimit time.Duration
}

// DefaultNodeLimit is the node limit when Options.NodeLimit is 0.
const DefaultNodeLimit = 1_000_000

// Status says what a solve proved.
type Status int

const (
	// StatusOptimal: the portfolio is optimal, proven, and the tie-break
	// among optimal portfolios is applied.
	StatusOptimal Status = iota + 1
	// StatusWithinGap: proven within Options.Gap of the optimum.
	StatusWithinGap
	// StatusNodeLimit: the node limit stopped the search; the best
	// portfolio found (if any) and the bound are reported.
	StatusNodeLimit
	// StatusTimeLimit: as StatusNodeLimit, for the time limit.
	StatusTimeLimit
	// StatusInfeasible: no portfolio meets every rule and budget; the
	// solution names a conflicting set.
	StatusInfeasible
)

var statusNames = [...]string{"", "optimal", "within_gap", "node_limit", "time_limit", "infeasible"}

// String is the status's key in prio.selection/1.
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return "unknown"
	}
	return statusNames[s]
}

// Method says how a solve found its answer.
type Method int

const (
	MethodBranchAndBound Method = iota + 1
	MethodDynamicProgramme
)

// Solution is the result of a solve.
type Solution struct {
	Status Status
	// HasPortfolio is false when the problem is infeasible or a limit
	// stopped the search before any portfolio was found.
	HasPortfolio bool
	// Selected marks the funded items (all false without a portfolio).
	Selected []bool
	// Value is the portfolio's value, summed over items in item order.
	Value float64
	// Bound is a proven upper bound on the optimal value (+Inf when a
	// limit stopped the search before the root was solved); for
	// StatusOptimal it is Value.
	Bound float64
	// Gap is (Bound − Value) / |Value| (0 when both are 0, +Inf when Value
	// is 0 and Bound is not); 0 for StatusOptimal.
	Gap float64
	// Used is, per budget, the cost of the funded items.
	Used []float64
	// Conflict, for StatusInfeasible, is the conflicting set of rules and
	// budgets in rule order; ConflictMinimal says it is irreducible (it is
	// not when a limit stopped one of the deletion filter's checks).
	Conflict        []RuleRef
	ConflictMinimal bool
	Nodes           int64
	Method          Method
}

// ErrBadOptions is returned when Options hold a negative gap or limit.
var ErrBadOptions = errors.New("selection: negative gap, node limit or time limit") // not a message: a defect of the caller, which validates the selection file's gap and limits

// Solve finds the portfolio of the highest value that meets every budget and
// rule. Ties between optimal portfolios (values within 1e-9 relative) are
// broken along the ranking order: at the first item one holds and the other
// does not, the one that holds it wins. An invalid problem gives a
// *ValidationError; a cancelled ctx its error.
func Solve(ctx context.Context, p *Problem, o Options) (*Solution, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if o.Gap < 0 || o.NodeLimit < 0 || o.TimeLimit < 0 || math.IsNaN(o.Gap) {
		return nil, ErrBadOptions
	}
	e := newEngine(p, compileOptions{})
	sol, err := e.solve(ctx, o, nil)
	if err != nil {
		return nil, err
	}
	if sol.Status == StatusInfeasible {
		sol.Conflict, sol.ConflictMinimal, err = findConflict(ctx, p, o)
		if err != nil {
			return nil, err
		}
	}
	return sol, nil
}

// engine solves one compiled problem, again and again (forced items,
// samples), keeping the LP's basis between solves.
type engine struct {
	p      *Problem
	md     *model
	sr     *searcher
	values []float64 // per item values, nil for the items' own
	noDP   bool      // tests: the search even where the programme applies
	// guide, when not nil, is passed to the searches (a chunk of weight
	// samples shares one).
	guide *guide
	// trustHint: the hint is an optimum of a similar objective (a weight
	// sample's search starts from the best of its chunk's optima so far,
	// which mostly is the sample's optimum too). Then no swap search
	// improves the first greedy portfolio (measured: as many nodes, 5 %
	// less work), and nodes are taken depth first: with the optimum in
	// hand the order changes little of what is searched (4 % more nodes
	// at n = 300) but the queued nodes kept are few and still in the cache
	// when taken up (13 % less CPU).
	trustHint bool
}

func newEngine(p *Problem, co compileOptions) *engine {
	md := compile(p, co)
	return &engine{p: p, md: md, sr: newSearcher(md.prog), values: co.values}
}

func newLimits(ctx context.Context, o Options) *searchLimits {
	lim := &searchLimits{ctx: ctx, nodeLimit: o.NodeLimit}
	if lim.nodeLimit == 0 {
		lim.nodeLimit = DefaultNodeLimit
	}
	if o.TimeLimit > 0 {
		lim.deadline = time.Now().Add(o.TimeLimit)
	}
	return lim
}

// solve solves with extra unit fixings (nil for none). hint, when not nil,
// is a feasible unit solution to start from.
func (e *engine) solve(ctx context.Context, o Options, extra map[int]int8) (*Solution, error) {
	return e.solveHint(ctx, o, extra, nil)
}

func (e *engine) solveHint(ctx context.Context, o Options, extra map[int]int8, hint []int8) (*Solution, error) {
	pr := e.md.prog
	sol := &Solution{Method: MethodBranchAndBound, Selected: make([]bool, len(e.p.Items)), Bound: math.Inf(1)}
	lim := newLimits(ctx, o)
	root := append([]int8(nil), pr.fixed...)
	contradiction := e.md.contradiction
	for u, v := range extra {
		if root[u] != free && root[u] != v {
			contradiction = true
		}
		root[u] = v
	}
	var trail []int32
	if contradiction || !e.sr.prop.run(root, &trail) {
		sol.Status = StatusInfeasible
		sol.Bound = math.Inf(-1)
		return sol, nil
	}
	if hint != nil {
		for j, f := range root {
			if f != free && hint[j] != f {
				hint = nil
				break
			}
		}
		if hint != nil && !pr.feasible(hint) {
			hint = nil
		}
	}

	var x []int8
	if dpx, ok := e.dynamicProgramme(root); ok && !e.noDP {
		sol.Method = MethodDynamicProgramme
		if dpx == nil {
			sol.Status = StatusInfeasible
			sol.Bound = math.Inf(-1)
			return sol, nil
		}
		x = dpx
		sol.Status = StatusOptimal
	} else {
		res := e.sr.search(&searchConfig{mode: modeOptimize, gap: o.Gap, root: root, incumbent: hint, guide: e.guide, noSwap: e.trustHint && hint != nil, depthFirst: e.trustHint && hint != nil}, lim)
		if lim.err != nil {
			return nil, lim.err
		}
		sol.Nodes = lim.nodes
		switch {
		case res.status == bbComplete && !res.has:
			sol.Status = StatusInfeasible
			sol.Bound = math.Inf(-1)
			return sol, nil
		case res.status == bbComplete && res.exact:
			sol.Status = StatusOptimal
		case res.status == bbComplete:
			sol.Status = StatusWithinGap
		case res.status == bbNodeLimit:
			sol.Status = StatusNodeLimit
		default:
			sol.Status = StatusTimeLimit
		}
		sol.Bound = res.bound
		if !res.has {
			return sol, nil
		}
		x = res.x
	}
	sol.HasPortfolio = true
	sol.Selected = e.md.itemsOf(x)
	sol.Value = itemValue(e.p, sol.Selected, e.values)
	if sol.Status == StatusOptimal {
		sol.Bound = sol.Value
	}
	sol.Bound = math.Max(sol.Bound, sol.Value)
	sol.Gap = relGap(sol.Value, sol.Bound)
	sol.Used = used(e.p, sol.Selected)
	return sol, nil
}

func (s bbStatus) status() Status {
	if s == bbTimeLimit {
		return StatusTimeLimit
	}
	return StatusNodeLimit
}

func relGap(value, bound float64) float64 {
	switch {
	case bound == value:
		return 0
	case value == 0:
		return math.Inf(1)
	}
	return (bound - value) / math.Abs(value)
}

// used sums each budget's costs over the selected items, in item order.
func used(p *Problem, sel []bool) []float64 {
	out := make([]float64, len(p.Budgets))
	for b, bu := range p.Budgets {
		for i, in := range sel {
			if in {
				out[b] += bu.Costs[i]
			}
		}
	}
	return out
}
