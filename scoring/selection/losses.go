package selection

import (
	"context"
	"errors"
	"math"
	"runtime"
	"sync"
)

// NullReason says why a loss is not computed (FORMATS.md §5: null).
type NullReason int

const (
	// NullNone: the loss is computed.
	NullNone NullReason = iota
	// NullMust: dropping a must breaks it.
	NullMust
	// NullMustNot: forcing a must_not in breaks it.
	NullMustNot
	// NullIneligible: the item cannot be funded at all (excluded, flagged
	// with eligible: unflagged, or cost missing).
	NullIneligible
	// NullInfeasible: with the item forced in (or out) no portfolio meets
	// the rules and budgets.
	NullInfeasible
	// NullSkipped: past LossesFullUpTo eligible items, only the
	// LossesBest best-ranked on each side are computed.
	NullSkipped
	// NullUnsolved: a limit stopped the re-solve before any portfolio.
	NullUnsolved
)

var nullNames = [...]string{"", "must", "must_not", "ineligible", "infeasible", "skipped", "unsolved"}

func (r NullReason) String() string {
	if r < 0 || int(r) >= len(nullNames) {
		return "unknown"
	}
	return nullNames[r]
}

// Loss is what forcing one item the other way costs: for an item not
// funded, loss_if_forced (forced in); for a funded one, loss_if_dropped
// (forced out). Value is the solution's value minus the optimum with the
// item forced, never negative (the solution is optimal); Exact says both
// solves were proven optimal (else Value uses the re-solve's best portfolio
// found, and over-states the loss by at most the re-solve's gap).
type Loss struct {
	Forced bool // true: loss_if_forced; false: loss_if_dropped
	Null   NullReason
	Value  float64
	Exact  bool
	Status Status // the re-solve's status
}

// LossesFullUpTo and LossesBest: past LossesFullUpTo eligible items, losses
// are computed for the LossesBest best-ranked items on each side only.
const (
	LossesFullUpTo = 300
	LossesBest     = 100
)

// ErrNoPortfolio: losses need a solution with a portfolio.
var ErrNoPortfolio = errors.New("selection: the solution has no portfolio") // not a message: a defect of the caller, which asks for losses only of a solved problem

// lossChunk is the number of re-solves one worker takes at a time.
const lossChunk = 4

// Losses computes, per item, loss_if_forced (items not in sol) or
// loss_if_dropped (items in it), each an exact re-solve with the item forced
// the other way. The re-solves run in parallel; each starts from the same
// state (the root basis of p's LP and the guide of a solve of p, no
// pseudocosts), so the result does not depend on the number of processors,
// even when a node limit stops a re-solve.
func Losses(ctx context.Context, p *Problem, sol *Solution, o Options) ([]Loss, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if !sol.HasPortfolio {
		return nil, ErrNoPortfolio
	}
	if len(sol.Selected) != len(p.Items) {
		return nil, ErrSelectionLength
	}
	n := len(p.Items)
	out := make([]Loss, n)
	mustSet := map[int]bool{}
	for _, i := range p.Must {
		mustSet[i] = true
	}
	mustNot := map[int]bool{}
	for _, i := range p.MustNot {
		mustNot[i] = true
	}
	eligible := 0
	for i := range p.Items {
		if p.selectable(i) {
			eligible++
		}
	}
	// Which items get a re-solve: all, or past LossesFullUpTo the
	// LossesBest best-ranked funded and not funded eligible ones.
	compute := make([]bool, n)
	var todo []int
	inSide, outSide := 0, 0
	for _, i := range p.RankingOrder() {
		out[i].Forced = !sol.Selected[i]
		switch {
		case !p.selectable(i):
			out[i].Null = NullIneligible
		case sol.Selected[i] && mustSet[i]:
			out[i].Null = NullMust
		case !sol.Selected[i] && mustNot[i]:
			out[i].Null = NullMustNot
		case eligible > LossesFullUpTo && sol.Selected[i] && inSide >= LossesBest,
			eligible > LossesFullUpTo && !sol.Selected[i] && outSide >= LossesBest:
			out[i].Null = NullSkipped
		default:
			compute[i] = true
			todo = append(todo, i)
			if sol.Selected[i] {
				inSide++
			} else {
				outSide++
			}
		}
	}
	if len(todo) == 0 {
		return out, nil
	}

	// The solve of p again, recorded as a guide (guide.go) that each
	// re-solve starts from: its branchings and its LPs' multipliers are
	// those of the same objective (measured: 12 % less work at n = 300).
	base := newEngine(p, compileOptions{})
	base.guide = newGuide(base.md.prog.m)
	if _, err := base.solve(ctx, o, nil); err != nil {
		return nil, err
	}
	baseGuide := base.guide
	base.guide = nil
	warm := base.prime()
	hint, _ := base.md.unitsOf(sol.Selected)
	chunks := (len(todo) + lossChunk - 1) / lossChunk
	workers := min(runtime.GOMAXPROCS(0), chunks)
	errs := make([]error, chunks)
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := newEngine(p, compileOptions{})
			for {
				mu.Lock()
				c := next
				next++
				mu.Unlock()
				if c >= chunks || ctx.Err() != nil {
					return
				}
				for _, i := range todo[c*lossChunk : min(len(todo), (c+1)*lossChunk)] {
					e.guide = baseGuide.clone()
					warm.apply(e)
					u := e.md.unitOf[i]
					var start []int8
					v := int8(1)
					if sol.Selected[i] {
						v = 0
						start = dropHint(e.md.prog, hint, u)
					}
					s, err := e.solveHint(ctx, o, map[int]int8{u: v}, start)
					if err != nil {
						errs[c] = err
						return
					}
					l := &out[i]
					l.Status = s.Status
					switch {
					case s.Status == StatusInfeasible:
						l.Null = NullInfeasible
					case !s.HasPortfolio:
						l.Null = NullUnsolved
					default:
						l.Value = math.Max(0, sol.Value-s.Value)
						l.Exact = sol.Status == StatusOptimal && s.Status == StatusOptimal
					}
				}
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
	return out, nil
}

// dropHint is the solution x without unit u and every unit that requires
// it, transitively: feasible whenever x is and none of them is fixed in.
func dropHint(pr *ilp, x []int8, u int) []int8 {
	if x == nil {
		return nil
	}
	h := append([]int8(nil), x...)
	stack := []int32{int32(u)}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if h[v] == 0 {
			continue
		}
		h[v] = 0
		stack = append(stack, pr.post[v]...)
	}
	return h
}

// warmState is what every re-solve of a problem starts from: the optimal
// basis of the root LP.
type warmState struct {
	basis *basisState
}

// prime solves the root LP to learn its basis.
func (e *engine) prime() *warmState {
	sr := e.sr
	root := append([]int8(nil), sr.pr.fixed...)
	var trail []int32
	sr.prop.run(root, &trail)
	sr.lp.setBounds(root)
	sr.lp.solve(50*(sr.pr.m+1) + 2*sr.pr.n)
	return &warmState{basis: sr.lp.save()}
}

// apply puts an engine of the same problem in the warm state.
// Pseudocosts are not carried over: those of another objective or other
// fixings mislead the branching (measured: up to four times the nodes on
// the benchmark family's weight samples), and a solve that starts without
// them strong-branches at its top levels, where it pays most.
func (w *warmState) apply(e *engine) {
	e.sr.lp.load(w.basis)
	e.sr.clearPseudo()
}
