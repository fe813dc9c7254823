// Package selection decides what to fund within the budgets: the portfolio
// of investments of the highest value that meets every budget and rule
// (FORMATS.md §5, prio select), proven optimal by an exact solver in pure Go,
// explained investment by investment, with its frontier and how robust it is
// to the weights.
//
// The package is the computational core only. It reads no files, prints
// nothing and knows no language: the caller builds a [Problem] from a scored
// portfolio and a selection file, and maps what comes back (issue codes,
// rule references, reason codes, statuses) to positioned messages in the
// user's language. Long work takes a context.Context; cancelling it stops
// the work with the context's error.
//
// # The problem
//
// A [Problem] has items ([Item]: id, rank, value, eligibility, whether the
// cost is missing), budgets ([Budget]: a capacity and a cost per item; a
// pooled budget is one, annual budgets one per year) and rules naming items
// by index: Must, MustNot, Requires (an item only with another), Together
// (all or none), Exclusive (at most one) and linear Limits (a count limit
// has coefficients 1). Excluded, flagged (with eligible: unflagged) and
// cost-missing items are never funded. RuleOrder gives the order of the
// rules in the file, which the conflict search follows.
//
// [Problem.Validate] reports every defect as an [Issue] in a
// [*ValidationError]: a requires cycle, an item in two exclusive groups, a
// must that is not eligible or whose cost is missing, an item both must and
// must_not, an unknown item, a NaN value or a negative cost, and so on.
// Each issue names the rule ([RuleRef]: kind and index in its slice), the
// member within the rule and the item, so the caller can point at the line
// and column. Every function below validates first.
//
// # Feasibility and ties
//
// A budget or limit holds when what the funded items use exceeds it by no
// more than 1e-9 × the larger of its capacity and its largest coefficient
// (so that 0.1 + 0.2 fits in 0.3). Portfolio values are sums over the funded
// items in item order. Values within 1e-9 relative of the optimum tie; among
// tied portfolios the one first along the ranking order (rank, then id,
// unranked last) wins: at the first item that one holds and the other does
// not, the one holding it. (The solver's bounds carry a rounding margin of
// about 1e-10 relative, so a portfolio worth less than 1e-10 relative more
// than the optimum found may go unnoticed: within the tie tolerance.)
//
// # Solving
//
// [Solve] returns a [Solution]: the [Status] (optimal, within_gap,
// node_limit, time_limit, infeasible), the portfolio, its value, a proven
// bound and the gap, what each budget uses, the nodes, and for an
// infeasible problem an irreducible conflicting set of rules and budgets,
// found by a deletion filter in rule order (each rule dropped for good if
// the rest stays infeasible). [Options] set the accepted gap, a
// deterministic node limit and an optional wall-clock limit; a run stopped
// by the time limit is not reproducible, one stopped by the node limit is.
// Status optimal is only ever reported with a proof.
//
// The solver compiles the problem to a 0-1 programme over units (a
// together group is one unit) with rows for budgets, limits, requires
// (x_i − x_j ≤ 0) and exclusive groups, fixes what the rules fix and
// propagates row activities. With one budget, no other rule rows and costs
// that are whole multiples of 10^-k (k ≤ 6), a dynamic programme over the
// scaled capacity answers when its table stays under two million cells,
// read forwards in ranking order so that it applies the tie-break exactly.
// Otherwise a branch and bound runs over the units with LP bounds from its
// own bounded-variable dual simplex (dense basis inverse, inverted through
// the block of its structural columns; dual steepest edge, bound flipping
// ratio test; rows and objective scaled). Every variable, slacks included,
// is boxed, so any basis is made dual feasible by putting the nonbasic
// variables at the right bounds: re-solves (losses, samples, frontier
// points) start from the root's basis, and each node goes on from its
// parent's final LP, its new fixings applied to the basic solution rather
// than everything recomputed; a queued node keeps its parent's LP, box and
// row activities (within 64 MiB a search) so that taking it up costs what
// a dive does. Bounds are Lagrangian bounds recomputed from the LP's row
// duals, valid for any duals, so a numerically imperfect LP never prunes
// what it should not; infeasibility is pruned only on a checked Farkas row.
// At each node, reduced-cost fixing fixes the units whose other value cannot
// reach the prune level, and what that implies is propagated (the LP is
// solved again when it fixes a unit away from its LP value). Branching is
// reliability branching (strong branching until pseudocosts are trusted);
// nodes are taken best bound first with dives (depth first for a weight
// sample, whose search starts from an optimum of similar values). A greedy
// fill and swap search gives the first incumbent, LP rounding more. The tie-break is part of the search: nodes
// that can only tie with the best value found are explored in ranking
// order against a pool of near-optimal portfolios and pruned once they
// cannot hold one earlier in the tie-break order.
//
// # Explaining
//
// [Explain] gives each item not funded its [Reason] in FORMATS.md §5's
// order (excluded, flagged, must_not, cost_missing, too_expensive,
// requires, together, exclusive, limit, budget with the binding budgets;
// no_gain when none applies, for items whose value is not positive).
// [Losses] re-solves with each item forced the other way (warm, in
// parallel, each from the same state, so GOMAXPROCS changes nothing):
// loss_if_forced for items not funded, loss_if_dropped for funded ones,
// null (a [NullReason]) where forcing breaks a must or must_not, the item
// cannot be funded, nothing is feasible, or past [LossesFullUpTo] eligible
// items for all but the [LossesBest] best-ranked on each side.
// [RankingLine] funds the musts (with what they bring), then goes down the
// ranking taking what fits; the regret is the optimum minus its value.
// [Frontier] solves with every budget scaled by λ at evenly spaced points
// from 0 to [MaxScale] plus λ = 1, marking the points on the upper concave
// envelope ([UpperEnvelope]).
//
// # Robustness
//
// [FundingProbability] solves once per weight sample, each exactly, with
// the values the caller's [SampleValues] gives, in parallel in fixed chunks
// of 64 from the same warm state (root basis, base optimum as first
// incumbent, then the best of the chunk's optima so far): the counts are
// the same at any GOMAXPROCS. The samples of a chunk share a guide, seeded
// with the base solve's tree: the branchings made so far, and at each node
// the multipliers of the last LP solved there. A sample's search follows
// those branchings instead of strong branching, and where an earlier
// search found a leaf it tries the stored multipliers first: a Lagrangian
// bound holds for any multipliers and any objective, so when they prune
// the node under the sample's values no LP is needed. Every pruning is
// still a bound computed for the sample's own values and box, so the guide
// changes how fast, never what, a sample's search finds. [Losses] start
// each re-solve from the base solve's guide in the same way. [Class] gives the classes
// robust yes (≥ 0.95), open, robust no (≤ 0.05). [Core] enumerates the
// non-dominated portfolios over the extreme points of the weight set
// (Liesiö, Mild & Salo 2007) for at most [MaxCoreItems] fundable items and
// gives each item's core index; [ExtremeValues], [ExtremePointsFree],
// [ExtremePointsOrder] and [ExtremePointsBox] build the values at the
// extreme points of the weight models.
package selection
