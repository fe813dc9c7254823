package criteria

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestParseSelectionExample reads the example of FORMATS.md §5 (annual
// budgets in place of the pooled one) against the formats example set.
func TestParseSelectionExample(t *testing.T) {
	set := mustLoad(t, "../testdata/criteria/formats-example.yaml")
	s, err := LoadSelection("../testdata/selection/formats-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(set); err != nil {
		t.Fatal(err)
	}
	p := func(line, col int) Pos {
		return Pos{File: "../testdata/selection/formats-example.yaml", Line: line, Col: col}
	}
	want := &Selection{
		File:  "../testdata/selection/formats-example.yaml",
		Value: "score * effects", ValuePos: p(2, 8),
		Cost: "costs", CostPos: p(4, 9),
		Years: []YearBudget{{"2026", 40, p(5, 21)}, {"2027", 45, p(5, 33)}, {"2028", 35, p(5, 45)}},
		Must:  []IDRef{{"EXV-2024-103", p(6, 8)}}, MustNot: []IDRef{{"EXV-2027-131", p(7, 12)}},
		Requires:  [][2]IDRef{{{"EXV-2026-128", p(8, 13)}, {"EXV-2026-123", p(8, 27)}}},
		Together:  [][]IDRef{{{"EXV-2024-104", p(9, 13)}, {"EXV-2024-105", p(9, 27)}}},
		Exclusive: [][]IDRef{{{"EXV-2025-118", p(10, 14)}, {"EXV-2027-110", p(10, 28)}}},
		Limits: []Limit{
			{Where: `agency == "CSN"`, Sum: "invest", Max: 50, Pos: p(12, 5)},
			{Where: "risk_time == 3", Count: true, Max: 2, Pos: p(13, 5)},
		},
		Eligible: EligibleUnflagged, Gap: 0.001, NodeLimit: 5000, TimeLimit: 60 * time.Second,
	}
	if diff := cmp.Diff(want, s, cmpopts.IgnoreUnexported(Selection{}, Limit{}), cmpopts.IgnoreFields(Selection{}, "ValueProgram", "ValueInputs"), cmpopts.IgnoreFields(Limit{}, "WhereProgram", "WhereInputs", "WherePos")); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if s.ValueProgram == nil || s.Limits[0].WhereProgram == nil || s.Limits[1].WhereProgram == nil {
		t.Error("expressions not compiled")
	}
}

func mustLoad(t *testing.T, path string) *Set {
	t.Helper()
	set, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestSelectionProblems checks that every problem of a selection file is
// reported with its position (FORMATS.md §5: strict like criteria files).
func TestSelectionProblems(t *testing.T) {
	set := mustLoad(t, "../testdata/criteria/formats-example.yaml")
	const head = "format: prio.selection/1\n"
	cases := []struct {
		name, yaml string
		want       []string
	}{
		{"no budgets", head + "value: score\n", []string{"1:1: a selection needs budgets: cost and budget (one pooled budget) or years (annual budgets)"}},
		{"both budgets", head + "cost: invest\nbudget: 10\nyears: {cost: costs, budgets: {'2026': 1}}\n",
			[]string{"4:8: give either cost and budget (one pooled budget) or years (annual budgets), not both"}},
		{"pooled without cost", head + "budget: 10\n", []string{"2:9: a pooled budget needs cost: the number field it is spent on"}},
		{"negative budget", head + "cost: invest\nbudget: -1\n", []string{"3:9: budget must not be negative, not -1"}},
		{"unknown key", head + "cost: invest\nbudget: 1\nmusts: [A]\n", []string{`4:1: unknown key "musts" in the selection (did you mean "must"?)`}},
		{"other format", "format: prio.selection/2\ncost: invest\nbudget: 1\n", []string{`1:9: unknown format "prio.selection/2": this prio reads prio.selection/1`}},
		{"must and must_not", head + "cost: invest\nbudget: 1\nmust: [A, B]\nmust_not: [B]\n", []string{"5:12: B is in both must (line 4, column 11) and must_not"}},
		{"two exclusive groups", head + "cost: invest\nbudget: 1\nexclusive: [[A, B], [C, A]]\n",
			[]string{"4:25: A is in two exclusive groups (also at line 4, column 14): give it one group, or merge the groups"}},
		{"requires cycle", head + "cost: invest\nbudget: 1\nrequires: [[A, B], [B, C], [C, A]]\n",
			[]string{"4:32: requires goes round in a circle: A → B → C → A; none of them could be funded without the others first"}},
		{"requires not a pair", head + "cost: invest\nbudget: 1\nrequires: [[A, B, C]]\n",
			[]string{"4:12: each entry of requires is a pair of ids, [A, B]: A only together with B"}},
		{"cost not a number field", head + "cost: agency\nbudget: 1\n", []string{"2:7: cost must name a number field or derived field of the criteria set, not agency"}},
		{"years on a field without sum_columns", head + "years: {cost: invest, budgets: {'2026': 1}}\n",
			[]string{"2:15: years: cost must name a number field with sum_columns: true (its columns are the years), not invest"}},
		{"value of the wrong type", head + "value: goals\ncost: invest\nbudget: 1\n", []string{"2:8: value: expected float64, but got string"}},
		{"where not true or false", head + "cost: invest\nbudget: 1\nlimits: [{where: invest, count: true, max: 1}]\n", []string{"4:18: limits: where: expected bool, but got float64"}},
		{"limit without sum or count", head + "cost: invest\nbudget: 1\nlimits: [{where: 'invest > 1', max: 1}]\n",
			[]string{"4:10: a limit needs sum: FIELD (the sum of a number field) or count: true (the number of investments)"}},
		{"bad gap and time limit", head + "cost: invest\nbudget: 1\ngap: 1\ntime_limit: soon\n",
			[]string{"4:6: gap must be at least 0 and less than 1 (a share of the optimum), not 1", `5:13: time_limit must be a positive duration such as 60s or 5m, not "soon"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := ParseSelection(strings.NewReader(c.yaml), "s.yaml")
			if err == nil {
				err = s.Check(set)
			}
			var got []string
			if err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			want := make([]string, len(c.want))
			for i, w := range c.want {
				want[i] = "s.yaml:" + w
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
