package selection

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// validBase is a small valid problem the cases below break one way each.
func validBase() *Problem {
	return &Problem{
		Items: []Item{
			{ID: "A", Rank: 1, Value: 3}, {ID: "B", Rank: 2, Value: 2}, {ID: "C", Rank: 3, Value: 1},
			{ID: "D", Rank: 4, Value: 1}, {ID: "X", Value: 5, Eligibility: Excluded},
			{ID: "F", Rank: 5, Value: 1, Eligibility: Flagged}, {ID: "M", Rank: 6, Value: 1, CostMissing: true},
		},
		Budgets: []Budget{{Name: "2026", Capacity: 10, Costs: []float64{1, 2, 3, 4, math.NaN(), 1, math.NaN()}}},
	}
}

// TestValidate: each kind of defect gives its issue with the rule, member
// and item a caller needs to point at it; a valid problem gives nil.
func TestValidate(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(p *Problem)
		want   []Issue
	}{
		{"valid", func(p *Problem) {}, nil},
		{"duplicate id", func(p *Problem) { p.Items[2].ID = "A" },
			[]Issue{{Code: IssueDuplicateID, Member: -1, Item: 2}}},
		{"negative rank", func(p *Problem) { p.Items[1].Rank = -1 },
			[]Issue{{Code: IssueBadRank, Member: -1, Item: 1}}},
		{"NaN value of an eligible item", func(p *Problem) { p.Items[0].Value = math.NaN() },
			[]Issue{{Code: IssueBadValue, Member: -1, Item: 0}}},
		{"negative cost", func(p *Problem) { p.Budgets[0].Costs[3] = -1 },
			[]Issue{{Code: IssueBadCost, Rule: RuleRef{RuleBudget, 0}, Member: -1, Item: 3}}},
		{"short costs", func(p *Problem) { p.Budgets[0].Costs = p.Budgets[0].Costs[:3] },
			[]Issue{{Code: IssueCostCount, Rule: RuleRef{RuleBudget, 0}, Member: -1, Item: -1}}},
		{"infinite capacity", func(p *Problem) { p.Budgets[0].Capacity = math.Inf(1) },
			[]Issue{{Code: IssueBadCapacity, Rule: RuleRef{RuleBudget, 0}, Member: -1, Item: -1}}},
		{"unknown item in a group", func(p *Problem) { p.Together = [][]int{{0, 9}} },
			[]Issue{{Code: IssueUnknownItem, Rule: RuleRef{RuleTogether, 0}, Member: 1, Item: -1}}},
		{"requires itself", func(p *Problem) { p.Requires = []Requires{{1, 1}} },
			[]Issue{{Code: IssueRequiresItself, Rule: RuleRef{RuleRequires, 0}, Member: 1, Item: 1}}},
		{"requires cycle of three", func(p *Problem) {
			p.Requires = []Requires{{0, 1}, {3, 2}, {1, 2}, {2, 0}}
		}, []Issue{{Code: IssueRequiresCycle, Rule: RuleRef{RuleRequires, 3}, Member: 1, Item: 0,
			Related: []RuleRef{{RuleRequires, 0}, {RuleRequires, 2}}}}},
		{"exclusive group of one", func(p *Problem) { p.Exclusive = [][]int{{0}} },
			[]Issue{{Code: IssueSmallGroup, Rule: RuleRef{RuleExclusive, 0}, Member: -1, Item: -1}}},
		{"item twice in a group", func(p *Problem) { p.Together = [][]int{{0, 1, 0}} },
			[]Issue{{Code: IssueRepeatedInGroup, Rule: RuleRef{RuleTogether, 0}, Member: 2, Item: 0}}},
		{"item in two exclusive groups", func(p *Problem) { p.Exclusive = [][]int{{0, 1}, {2, 1}} },
			[]Issue{{Code: IssueTwoExclusive, Rule: RuleRef{RuleExclusive, 1}, Member: 1, Item: 1,
				Related: []RuleRef{{RuleExclusive, 0}}}}},
		{"must excluded", func(p *Problem) { p.Must = []int{0, 4} },
			[]Issue{{Code: IssueMustIneligible, Rule: RuleRef{RuleMust, 1}, Member: 0, Item: 4}}},
		{"must flagged", func(p *Problem) { p.Must = []int{5} },
			[]Issue{{Code: IssueMustIneligible, Rule: RuleRef{RuleMust, 0}, Member: 0, Item: 5}}},
		{"must cost missing", func(p *Problem) { p.Must = []int{6} },
			[]Issue{{Code: IssueMustCostMissing, Rule: RuleRef{RuleMust, 0}, Member: 0, Item: 6}}},
		{"must and must_not", func(p *Problem) { p.Must = []int{2}; p.MustNot = []int{1, 2} },
			[]Issue{{Code: IssueMustAndMustNot, Rule: RuleRef{RuleMustNot, 1}, Member: 0, Item: 2,
				Related: []RuleRef{{RuleMust, 0}}}}},
		{"limit with a coefficient missing", func(p *Problem) {
			p.Limits = []Limit{{Items: []int{0, 1}, Coefs: []float64{1}, Max: 1}}
		}, []Issue{{Code: IssueBadLimit, Rule: RuleRef{RuleLimit, 0}, Member: -1, Item: -1}}},
		{"rule order missing a rule", func(p *Problem) {
			p.Must = []int{0}
			p.RuleOrder = []RuleRef{{RuleMust, 0}}
		}, []Issue{{Code: IssueBadRuleOrder, Member: -1, Item: -1}}},
		{"rule order naming a rule twice", func(p *Problem) {
			p.Must = []int{0}
			p.RuleOrder = []RuleRef{{RuleMust, 0}, {RuleBudget, 0}, {RuleMust, 0}}
		}, []Issue{{Code: IssueBadRuleOrder, Rule: RuleRef{RuleMust, 0}, Member: -1, Item: -1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := validBase()
			c.break_(p)
			err := p.Validate()
			var got []Issue
			if err != nil {
				var ve *ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("error %T, want *ValidationError", err)
				}
				got = ve.Issues
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("issues (-want +got):\n%s", d)
			}
		})
	}
}
