package selection

import (
	"fmt"
	"math"
	"strings"
)

// IssueCode names what is wrong with a problem.
type IssueCode int

const (
	// IssueDuplicateID: two items share an ID (Item: the second).
	IssueDuplicateID IssueCode = iota + 1
	// IssueBadRank: a negative rank (Item).
	IssueBadRank
	// IssueBadValue: an item that may be funded has a value that is NaN or
	// infinite (Item).
	IssueBadValue
	// IssueBadCost: an item that may be funded has a cost in a budget that
	// is NaN, infinite or negative (Item, Rule: the budget).
	IssueBadCost
	// IssueCostCount: a budget's Costs does not have one entry per item
	// (Rule).
	IssueCostCount
	// IssueBadCapacity: a budget's capacity is NaN, infinite or negative
	// (Rule).
	IssueBadCapacity
	// IssueUnknownItem: a rule names an item index outside Items (Rule,
	// Member).
	IssueUnknownItem
	// IssueRequiresItself: a requires rule whose two items are the same
	// (Rule).
	IssueRequiresItself
	// IssueRequiresCycle: requires rules that form a cycle (Rule: the one
	// that closes it, in rule order; Related: the rest of the cycle, in
	// cycle order).
	IssueRequiresCycle
	// IssueSmallGroup: a together or exclusive group of fewer than two
	// items (Rule).
	IssueSmallGroup
	// IssueRepeatedInGroup: an item twice in one group or limit (Rule,
	// Member: the second).
	IssueRepeatedInGroup
	// IssueTwoExclusive: an item in two exclusive groups (Rule: the
	// second group, Member, Item; Related: the first group).
	IssueTwoExclusive
	// IssueMustIneligible: a must that is excluded or, with eligible:
	// unflagged, flagged (Rule, Item).
	IssueMustIneligible
	// IssueMustCostMissing: a must whose cost is missing (Rule, Item).
	IssueMustCostMissing
	// IssueMustAndMustNot: an item both must and must_not (Rule: the
	// must_not, Item; Related: the must).
	IssueMustAndMustNot
	// IssueBadLimit: a limit with a coefficient count other than its item
	// count, or a coefficient or max that is NaN or infinite (Rule).
	IssueBadLimit
	// IssueBadRuleOrder: RuleOrder does not name every rule exactly once
	// (Rule: the first offending entry, or RuleNone when one is missing).
	IssueBadRuleOrder
)

var issueNames = map[IssueCode]string{
	IssueDuplicateID: "duplicate_id", IssueBadRank: "bad_rank", IssueBadValue: "bad_value",
	IssueBadCost: "bad_cost", IssueCostCount: "cost_count", IssueBadCapacity: "bad_capacity",
	IssueUnknownItem: "unknown_item", IssueRequiresItself: "requires_itself",
	IssueRequiresCycle: "requires_cycle", IssueSmallGroup: "small_group",
	IssueRepeatedInGroup: "repeated_in_group", IssueTwoExclusive: "two_exclusive",
	IssueMustIneligible: "must_ineligible", IssueMustCostMissing: "must_cost_missing",
	IssueMustAndMustNot: "must_and_must_not", IssueBadLimit: "bad_limit",
	IssueBadRuleOrder: "bad_rule_order",
}

// String is a stable key for the code.
func (c IssueCode) String() string {
	if s, ok := issueNames[c]; ok {
		return s
	}
	return "unknown"
}

// Issue is one thing wrong with a problem, with what a caller needs to point
// at it in the selection file.
type Issue struct {
	Code IssueCode
	// Rule is the rule at fault (Kind RuleNone for an issue of an item).
	Rule RuleRef
	// Member is the position within the rule's list of items (a group's
	// members, a requires pair's 0 and 1, a limit's items), or -1.
	Member int
	// Item is the item concerned, or -1.
	Item int
	// Related are other rules involved (the rest of a requires cycle, the
	// first exclusive group holding an item, the must of an item also
	// must_not).
	Related []RuleRef
}

// ValidationError holds every issue of a problem, in the order found: items,
// budgets, then rules kind by kind.
type ValidationError struct {
	Issues []Issue
}

// Error lists the issues by code for developers; callers map each issue to
// a positioned message of their own.
func (e *ValidationError) Error() string {
	var parts []string
	for _, is := range e.Issues {
		parts = append(parts, fmt.Sprintf("%s (%s %d, item %d)", is.Code, is.Rule.Kind, is.Rule.Index, is.Item)) // not a message: a developer's summary; callers report each Issue with its position
	}
	return "selection: invalid problem: " + strings.Join(parts, "; ") // not a message: as above
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Validate reports every issue of the problem as a *ValidationError, or nil.
func (p *Problem) Validate() error {
	var issues []Issue
	add := func(is Issue) { issues = append(issues, is) }
	n := len(p.Items)
	itemIssue := func(code IssueCode, i int) Issue {
		return Issue{Code: code, Member: -1, Item: i}
	}

	seen := make(map[string]int, n)
	for i, it := range p.Items {
		if _, dup := seen[it.ID]; dup {
			add(itemIssue(IssueDuplicateID, i))
		} else {
			seen[it.ID] = i
		}
		if it.Rank < 0 {
			add(itemIssue(IssueBadRank, i))
		}
		if p.selectable(i) && !finite(it.Value) {
			add(itemIssue(IssueBadValue, i))
		}
	}
	for b, bu := range p.Budgets {
		ref := RuleRef{RuleBudget, b}
		if !finite(bu.Capacity) || bu.Capacity < 0 {
			add(Issue{Code: IssueBadCapacity, Rule: ref, Member: -1, Item: -1})
		}
		if len(bu.Costs) != n {
			add(Issue{Code: IssueCostCount, Rule: ref, Member: -1, Item: -1})
			continue
		}
		for i, c := range bu.Costs {
			if p.selectable(i) && (!finite(c) || c < 0) {
				add(Issue{Code: IssueBadCost, Rule: ref, Member: -1, Item: i})
			}
		}
	}

	// inRange checks a rule's members; it reports whether all are items.
	inRange := func(ref RuleRef, members []int) bool {
		ok := true
		for k, i := range members {
			if i < 0 || i >= n {
				add(Issue{Code: IssueUnknownItem, Rule: ref, Member: k, Item: -1})
				ok = false
			}
		}
		return ok
	}
	repeated := func(ref RuleRef, members []int) {
		at := map[int]bool{}
		for k, i := range members {
			if at[i] {
				add(Issue{Code: IssueRepeatedInGroup, Rule: ref, Member: k, Item: i})
			}
			at[i] = true
		}
	}

	mustOf := map[int]int{} // item → first must rule
	for r, i := range p.Must {
		ref := RuleRef{RuleMust, r}
		if !inRange(ref, []int{i}) {
			continue
		}
		if _, ok := mustOf[i]; !ok {
			mustOf[i] = r
		}
		if p.Items[i].Eligibility != Eligible {
			add(Issue{Code: IssueMustIneligible, Rule: ref, Member: 0, Item: i})
		} else if p.Items[i].CostMissing {
			add(Issue{Code: IssueMustCostMissing, Rule: ref, Member: 0, Item: i})
		}
	}
	for r, i := range p.MustNot {
		ref := RuleRef{RuleMustNot, r}
		if !inRange(ref, []int{i}) {
			continue
		}
		if m, ok := mustOf[i]; ok {
			add(Issue{Code: IssueMustAndMustNot, Rule: ref, Member: 0, Item: i, Related: []RuleRef{{RuleMust, m}}})
		}
	}

	// requires: self-loops, then cycles over the valid edges.
	adj := make(map[int][]reqEdge)
	for r, q := range p.Requires {
		ref := RuleRef{RuleRequires, r}
		if !inRange(ref, []int{q.Item, q.Needs}) {
			continue
		}
		if q.Item == q.Needs {
			add(Issue{Code: IssueRequiresItself, Rule: ref, Member: 1, Item: q.Item})
			continue
		}
		adj[q.Item] = append(adj[q.Item], reqEdge{q.Needs, r})
	}
	issues = append(issues, requiresCycles(p, adj)...)

	for g, grp := range p.Together {
		ref := RuleRef{RuleTogether, g}
		if len(grp) < 2 {
			add(Issue{Code: IssueSmallGroup, Rule: ref, Member: -1, Item: -1})
		}
		if inRange(ref, grp) {
			repeated(ref, grp)
		}
	}
	exclusiveOf := map[int]int{}
	for g, grp := range p.Exclusive {
		ref := RuleRef{RuleExclusive, g}
		if len(grp) < 2 {
			add(Issue{Code: IssueSmallGroup, Rule: ref, Member: -1, Item: -1})
		}
		if !inRange(ref, grp) {
			continue
		}
		repeated(ref, grp)
		for k, i := range grp {
			if first, ok := exclusiveOf[i]; ok && first != g {
				add(Issue{Code: IssueTwoExclusive, Rule: ref, Member: k, Item: i, Related: []RuleRef{{RuleExclusive, first}}})
			} else if !ok {
				exclusiveOf[i] = g
			}
		}
	}
	for l, lim := range p.Limits {
		ref := RuleRef{RuleLimit, l}
		bad := len(lim.Coefs) != len(lim.Items) || !finite(lim.Max)
		for _, c := range lim.Coefs {
			bad = bad || !finite(c)
		}
		if bad {
			add(Issue{Code: IssueBadLimit, Rule: ref, Member: -1, Item: -1})
		}
		if inRange(ref, lim.Items) {
			repeated(ref, lim.Items)
		}
	}

	if p.RuleOrder != nil {
		count := map[RuleRef]int{}
		for _, r := range p.RuleOrder {
			count[r]++
			if r.Index < 0 || r.Index >= p.ruleCount(r.Kind) || count[r] > 1 {
				add(Issue{Code: IssueBadRuleOrder, Rule: r, Member: -1, Item: -1})
			}
		}
		total := 0
		for k := RuleBudget; k <= RuleLimit; k++ {
			total += p.ruleCount(k)
		}
		if len(count) < total {
			add(Issue{Code: IssueBadRuleOrder, Member: -1, Item: -1})
		}
	}

	if len(issues) == 0 {
		return nil
	}
	return &ValidationError{Issues: issues}
}

type reqEdge struct{ to, rule int }

// requiresCycles finds cycles of requires rules by depth-first search from
// each item in index order, edges in rule order: one issue per back edge,
// naming the rule that closes the cycle and the others along it.
func requiresCycles(p *Problem, adj map[int][]reqEdge) []Issue {
	var out []Issue
	const (
		white = iota
		grey
		black
	)
	colour := make([]int, len(p.Items))
	var stackItems []int // items on the path
	var stackRules []int // rule of the edge into each path item (-1 for the start)
	var visit func(u int)
	visit = func(u int) {
		colour[u] = grey
		for _, e := range adj[u] {
			switch colour[e.to] {
			case white:
				stackItems = append(stackItems, e.to)
				stackRules = append(stackRules, e.rule)
				visit(e.to)
				stackItems = stackItems[:len(stackItems)-1]
				stackRules = stackRules[:len(stackRules)-1]
			case grey:
				// The cycle: from e.to along the path to u, then e.
				k := len(stackItems) - 1
				for stackItems[k] != e.to {
					k--
				}
				var related []RuleRef
				for _, r := range stackRules[k+1:] {
					related = append(related, RuleRef{RuleRequires, r})
				}
				out = append(out, Issue{Code: IssueRequiresCycle, Rule: RuleRef{RuleRequires, e.rule}, Member: 1, Item: e.to, Related: related})
			}
		}
		colour[u] = black
	}
	for i := range p.Items {
		if colour[i] == white && len(adj[i]) > 0 {
			stackItems = append(stackItems[:0], i)
			stackRules = append(stackRules[:0], -1)
			visit(i)
		}
	}
	return out
}
