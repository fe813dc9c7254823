package selection

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The Selection vectors of REFERENCE-VECTORS.md (S1–S5), with the source of
// each expected value next to it.

// knapsack builds a one-budget problem; ranks follow the given order.
func knapsack(ids []string, values, costs []float64, capacity float64) *Problem {
	p := &Problem{Budgets: []Budget{{Name: "budget", Capacity: capacity, Costs: slices.Clone(costs)}}}
	for i, id := range ids {
		p.Items = append(p.Items, Item{ID: id, Rank: i + 1, Value: values[i]})
	}
	return p
}

func ids(p *Problem, sel []bool) []string {
	var out []string
	for _, i := range p.RankingOrder() {
		if sel[i] {
			out = append(out, p.Items[i].ID)
		}
	}
	slices.Sort(out)
	return out
}

func idx(p *Problem, id string) int {
	for i, it := range p.Items {
		if it.ID == id {
			return i
		}
	}
	panic("no item " + id)
}

// solveBoth solves with the dynamic programme allowed and with the search
// alone, and checks that both agree.
func solveBoth(t *testing.T, p *Problem) *Solution {
	t.Helper()
	s, err := Solve(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(p, compileOptions{})
	e.noDP = true
	s2, err := e.solve(context.Background(), Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != s2.Status || !slices.Equal(s.Selected, s2.Selected) {
		t.Fatalf("dynamic programme %v %v, search %v %v", s.Status, s.Selected, s2.Status, s2.Selected)
	}
	return s
}

// S1 (Merkhofer, prioritysystem.com, "mathematics of project selection"):
// budget 10,000; the integer optimum {2, 3, 4} = 15,000; the LP relaxation
// 13,571 + (1,429/2,857)·4,286 = 15,714.7500875 (published rounded 15,714).
func s1() *Problem {
	// Ranked by benefit/cost: 1 (1.600), 3 (1.571), 2 (1.500), 4 (1.333).
	return knapsack([]string{"1", "3", "2", "4"}, []float64{5714, 7857, 4286, 2857}, []float64{3571, 5000, 2857, 2143}, 10000)
}

func TestS1BudgetKnapsack(t *testing.T) {
	p := s1()
	s := solveBoth(t, p)
	if s.Status != StatusOptimal || s.Value != 15000 || !slices.Equal(ids(p, s.Selected), []string{"2", "3", "4"}) {
		t.Errorf("got %v %v %v, want optimal 15000 {2, 3, 4}", s.Status, s.Value, ids(p, s.Selected))
	}
	if s.Used[0] != 10000 {
		t.Errorf("used %v, want 10000", s.Used[0])
	}
	// The root LP relaxation.
	e := newEngine(p, compileOptions{})
	root := slices.Clone(e.md.prog.fixed)
	e.sr.lp.setBounds(root)
	if st, _ := e.sr.lp.solve(100); st != lpOptimal {
		t.Fatalf("LP status %v", st)
	}
	// The LP's budget carries the contract's tolerance (1e-9 × 10,000), which
	// moves the bound by 1.5e-5: within the vectors' 1e-4.
	if b := e.sr.lagrange(root); math.Abs(b-15714.7500875) > 1e-4 {
		t.Errorf("LP bound %.7f, want 15714.7500875", b)
	}
	if x := e.sr.lp.x[e.md.unitOf[idx(p, "2")]]; math.Abs(x-1429.0/2857) > 1e-8 {
		t.Errorf("LP x2 = %v, want 1429/2857 = 0.50018", x)
	}
}

// S2 (Pannell, "NPV vs BCR", 2019): mutually exclusive versions, at most one
// A and one G; the optimum at budgets 100–500 for both objectives, as
// published (and unique: checked by enumeration when the vector was made).
func TestS2ExclusiveBudgetSweep(t *testing.T) {
	names := []string{"A1", "A2", "A3", "G1", "G2", "G3", "G4"}
	benefit := []float64{180, 360, 400, 200, 400, 600, 800}
	cost := []float64{40, 100, 200, 10, 60, 160, 310}
	want := map[string][5][]string{
		"net": {{"A1", "G2"}, {"A2", "G2"}, {"A2", "G3"}, {"A2", "G3"}, {"A2", "G4"}},
		"B":   {{"A1", "G2"}, {"A1", "G3"}, {"A2", "G3"}, {"A3", "G3"}, {"A2", "G4"}},
	}
	wantValue := map[string][5]float64{"net": {480, 600, 700, 700, 750}, "B": {580, 780, 960, 1000, 1160}}
	for _, obj := range []string{"net", "B"} {
		for k, budget := range []float64{100, 200, 300, 400, 500} {
			t.Run(fmt.Sprintf("%s/%v", obj, budget), func(t *testing.T) {
				values := slices.Clone(benefit)
				if obj == "net" {
					for i := range values {
						values[i] -= cost[i]
					}
				}
				p := knapsack(names, values, cost, budget)
				p.Exclusive = [][]int{{0, 1, 2}, {3, 4, 5, 6}}
				s := solveBoth(t, p)
				if s.Status != StatusOptimal || s.Value != wantValue[obj][k] || !slices.Equal(ids(p, s.Selected), want[obj][k]) {
					t.Errorf("got %v %v %v, want %v %v", s.Status, s.Value, ids(p, s.Selected), wantValue[obj][k], want[obj][k])
				}
			})
		}
	}
}

// S3 (Rosetta Code, 0-1 knapsack): capacity 400, optimum 1030 at weight 396.
func TestS3ClassicKnapsack(t *testing.T) {
	names := []string{"map", "compass", "water", "sandwich", "glucose", "tin", "banana", "apple", "cheese", "beer", "suntan cream",
		"camera", "t-shirt", "trousers", "umbrella", "waterproof trousers", "waterproof overclothes", "note-case", "sunglasses", "towel", "socks", "book"}
	weight := []float64{9, 13, 153, 50, 15, 68, 27, 39, 23, 52, 11, 32, 24, 48, 73, 42, 43, 22, 7, 18, 4, 30}
	value := []float64{150, 35, 200, 160, 60, 45, 60, 40, 30, 10, 70, 30, 15, 10, 40, 70, 75, 80, 20, 12, 50, 10}
	p := knapsack(names, value, weight, 400)
	s := solveBoth(t, p)
	want := []string{"banana", "compass", "glucose", "map", "note-case", "sandwich", "socks", "sunglasses", "suntan cream",
		"water", "waterproof overclothes", "waterproof trousers"}
	if s.Status != StatusOptimal || s.Value != 1030 || s.Used[0] != 396 || !slices.Equal(ids(p, s.Selected), want) {
		t.Errorf("got %v %v weight %v %v, want optimal 1030 weight 396 %v", s.Status, s.Value, s.Used[0], ids(p, s.Selected), want)
	}
}

// s4 is S4 of REFERENCE-VECTORS.md: budgets Y1 = 14, Y2 = 8; (value, Y1,
// Y2): A (21, 5, 2), B (46, 4, 0), C (28, 2, 2), D (18, 3, 0), E (34, 3, 1),
// F (29, 2, 1), G (48, 2, 4), H (13, 6, 3). rules: how many of the rules to
// add, in the vector's order (B requires A; C and D exclusive; H must).
func s4(rules int) *Problem {
	names := []string{"A", "B", "C", "D", "E", "F", "G", "H"}
	value := []float64{21, 46, 28, 18, 34, 29, 48, 13}
	y1 := []float64{5, 4, 2, 3, 3, 2, 2, 6}
	y2 := []float64{2, 0, 2, 0, 1, 1, 4, 3}
	p := &Problem{Budgets: []Budget{{Name: "Y1", Capacity: 14, Costs: y1}, {Name: "Y2", Capacity: 8, Costs: y2}}}
	for i, id := range names {
		p.Items = append(p.Items, Item{ID: id, Rank: i + 1, Value: value[i]})
	}
	if rules >= 1 {
		p.Requires = []Requires{{Item: 1, Needs: 0}}
	}
	if rules >= 2 {
		p.Exclusive = [][]int{{2, 3}}
	}
	if rules >= 3 {
		p.Must = []int{7}
	}
	return p
}

func TestS4EveryRuleChangesTheOptimum(t *testing.T) {
	cases := []struct {
		name  string
		p     *Problem
		value float64
		sel   []string
	}{
		{"budgets only", s4(0), 185, []string{"B", "C", "E", "F", "G"}},
		{"B requires A", s4(1), 157, []string{"C", "D", "E", "F", "G"}},
		{"C and D exclusive", s4(2), 149, []string{"A", "B", "E", "G"}},
		{"H must", s4(3), 113, []string{"D", "E", "G", "H"}},
		{"one pooled budget of 22", func() *Problem {
			p := s4(3)
			pooled := make([]float64, 8)
			for i := range pooled {
				pooled[i] = p.Budgets[0].Costs[i] + p.Budgets[1].Costs[i]
			}
			p.Budgets = []Budget{{Name: "total", Capacity: 22, Costs: pooled}}
			return p
		}(), 124, []string{"E", "F", "G", "H"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := solveBoth(t, c.p)
			if s.Status != StatusOptimal || s.Value != c.value || !slices.Equal(ids(c.p, s.Selected), c.sel) {
				t.Errorf("got %v %v %v, want optimal %v %v", s.Status, s.Value, ids(c.p, s.Selected), c.value, c.sel)
			}
		})
	}
	// The pooled optimum overruns Y2: {E, F, G, H} costs 1 + 1 + 4 + 3 = 9
	// there, over 8.
	p := s4(3)
	sel := make([]bool, 8)
	for _, id := range []string{"E", "F", "G", "H"} {
		sel[idx(p, id)] = true
	}
	if got := used(p, sel)[1]; got != 9 {
		t.Errorf("pooled optimum uses %v of Y2, want 9", got)
	}
}

// TestS4InfeasibleConflict: with Y1 = 5 and H a must (H costs 6 in Y1) the
// conflict is {budget Y1, must H}: dropping either makes the rest feasible,
// and the deletion filter drops Y2, the requires and the exclusive group.
func TestS4InfeasibleConflict(t *testing.T) {
	p := s4(3)
	p.Budgets[0].Capacity = 5
	s, err := Solve(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []RuleRef{{RuleBudget, 0}, {RuleMust, 0}}
	if s.Status != StatusInfeasible || s.HasPortfolio || !s.ConflictMinimal || !slices.Equal(s.Conflict, want) {
		t.Errorf("got %v portfolio %v conflict %v minimal %v, want infeasible, %v minimal", s.Status, s.HasPortfolio, s.Conflict, s.ConflictMinimal, want)
	}
	// In file order with the must before the budgets, the same set comes
	// back in that order.
	p.RuleOrder = []RuleRef{{RuleMust, 0}, {RuleRequires, 0}, {RuleExclusive, 0}, {RuleBudget, 1}, {RuleBudget, 0}}
	s, err = Solve(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want = []RuleRef{{RuleMust, 0}, {RuleBudget, 0}}
	if !slices.Equal(s.Conflict, want) {
		t.Errorf("conflict %v, want %v", s.Conflict, want)
	}
}

// mknap reads OR-Library's mknap1 format: the count, then per problem n, m
// and the optimum, n profits, m rows of n weights, m capacities.
func mknap(t *testing.T, path string) (problems []*Problem, optima []float64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Split(bufio.ScanWords)
	next := func() float64 {
		if !sc.Scan() {
			t.Fatalf("%s: ends early", path)
		}
		v, err := strconv.ParseFloat(sc.Text(), 64)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return v
	}
	count := int(next())
	for k := 0; k < count; k++ {
		n, m := int(next()), int(next())
		optima = append(optima, next())
		p := &Problem{}
		for i := 0; i < n; i++ {
			p.Items = append(p.Items, Item{ID: fmt.Sprintf("x%02d", i+1), Rank: i + 1, Value: next()})
		}
		for r := 0; r < m; r++ {
			b := Budget{Name: fmt.Sprint(r + 1), Costs: make([]float64, n)}
			for i := range b.Costs {
				b.Costs[i] = next()
			}
			p.Budgets = append(p.Budgets, b)
		}
		for r := 0; r < m; r++ {
			p.Budgets[r].Capacity = next()
		}
		problems = append(problems, p)
	}
	return problems, optima
}

// TestS5ORLibraryMknap1: the seven multi-constraint problems of Petersen
// (1967) in OR-Library's mknap1, solved to their published optima.
func TestS5ORLibraryMknap1(t *testing.T) {
	problems, optima := mknap(t, "../../testdata/selection/mknap1.txt")
	published := []float64{3800, 8706.1, 4015, 6120, 12400, 10618, 16537}
	if !slices.Equal(optima, published) {
		t.Fatalf("file optima %v, want the published %v", optima, published)
	}
	for k, p := range problems {
		t.Run(fmt.Sprintf("%dx%d", p.N(), len(p.Budgets)), func(t *testing.T) {
			s, err := Solve(context.Background(), p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if s.Status != StatusOptimal || math.Abs(s.Value-published[k]) > 1e-9*published[k] {
				t.Errorf("got %v %v, want optimal %v", s.Status, s.Value, published[k])
			}
			if !refFeasible(p, s.Selected) {
				t.Errorf("the portfolio breaks a constraint")
			}
		})
	}
}

// TestS1RankingLine: funding by benefit/cost picks {1, 3}, benefit 13,571,
// 1,429 unspent, regret 15,000 − 13,571 = 1,429 (published).
func TestS1RankingLine(t *testing.T) {
	p := s1()
	l, err := RankingLine(p)
	if err != nil {
		t.Fatal(err)
	}
	if !l.Feasible || l.Value != 13571 || !slices.Equal(ids(p, l.Selected), []string{"1", "3"}) || p.Budgets[0].Capacity-l.Used[0] != 1429 {
		t.Errorf("line %v %v %v used %v, want {1, 3} 13571 with 1429 left", l.Feasible, l.Value, ids(p, l.Selected), l.Used)
	}
	s := solveBoth(t, p)
	if regret := s.Value - l.Value; regret != 1429 {
		t.Errorf("regret %v, want 1429", regret)
	}
}

// TestS1Hull: the 16 portfolios of S1 as (cost, benefit); the published
// marks of the upper concave envelope: {}, {1}, {1,3}, {1,2,3}, {1,2,3,4}.
// {2,3,4} (10,000, 15,000) is efficient but not on it.
func TestS1Hull(t *testing.T) {
	pts := []struct {
		name       string
		cost, gain float64
		hull       bool
	}{
		{"{}", 0, 0, true}, {"{4}", 2143, 2857, false}, {"{2}", 2857, 4286, false}, {"{1}", 3571, 5714, true},
		{"{3}", 5000, 7857, false}, {"{2,4}", 5000, 7143, false}, {"{1,4}", 5714, 8571, false}, {"{1,2}", 6428, 10000, false},
		{"{3,4}", 7143, 10714, false}, {"{2,3}", 7857, 12143, false}, {"{1,3}", 8571, 13571, true}, {"{1,2,4}", 8571, 12857, false},
		{"{2,3,4}", 10000, 15000, false}, {"{1,3,4}", 10714, 16428, false}, {"{1,2,3}", 11428, 17857, true}, {"{1,2,3,4}", 13571, 20714, true},
	}
	var xs, ys []float64
	for _, p := range pts {
		xs = append(xs, p.cost)
		ys = append(ys, p.gain)
	}
	got := UpperEnvelope(xs, ys)
	for k, p := range pts {
		if got[k] != p.hull {
			t.Errorf("%s: on the envelope %v, want %v", p.name, got[k], p.hull)
		}
	}
}

// TestS1Frontier: five points from 0 to Λ = 13,571/10,000 plus λ = 1. By
// hand from S1's portfolio list: λ 0 → {} 0; 0.339275 (3,392.75) → {2}
// 4,286; 0.67855 (6,785.5) → {1,2} 10,000; 1 (10,000) → {2,3,4} 15,000;
// 1.017825 (10,178.25) → {2,3,4} 15,000; 1.3571 (13,571) → all 20,714.
// The chord from (0, 0) to (13,571, 20,714) lies above every other point
// (slope 1.5264; at 10,000 it is 15,263.5 > 15,000), so only the two ends
// are supported. The ranking line at λ = 1 is {1, 3} 13,571.
func TestS1Frontier(t *testing.T) {
	p := s1()
	got, err := Frontier(context.Background(), p, 5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		scale, budget, value float64
		sel                  []string
		supported            bool
	}{
		{0, 0, 0, nil, true},
		{0.339275, 3392.75, 4286, []string{"2"}, false},
		{0.67855, 6785.5, 10000, []string{"1", "2"}, false},
		{1, 10000, 15000, []string{"2", "3", "4"}, false},
		{1.017825, 10178.25, 15000, []string{"2", "3", "4"}, false},
		{1.3571, 13571, 20714, []string{"1", "2", "3", "4"}, true},
	}
	if len(got) != len(want) {
		t.Fatalf("%d points, want %d", len(got), len(want))
	}
	for k, w := range want {
		g := got[k]
		if math.Abs(g.Scale-w.scale) > 1e-12 || math.Abs(g.Budget-w.budget) > 1e-8 || !g.Feasible || g.Value != w.value ||
			!slices.Equal(ids(p, g.Selected), w.sel) || g.Supported != w.supported || g.Status != StatusOptimal {
			t.Errorf("point %d: %v %v %v %v %v supported %v, want %v %v %v %v supported %v", k, g.Scale, g.Budget, g.Feasible, g.Value,
				ids(p, g.Selected), g.Supported, w.scale, w.budget, w.value, w.sel, w.supported)
		}
	}
	if l := got[3].Line; !l.Feasible || l.Value != 13571 {
		t.Errorf("ranking line at λ = 1: %v %v, want 13571", l.Feasible, l.Value)
	}
}

// TestS4RankingLineAndReasons: by hand. Budgets only, ranks A–H: A (5, 2),
// B (4, 0), C (2, 2), D (3, 0) fill Y1 to 14; E, F, G, H each need Y1 room:
// {A, B, C, D} = 113, regret 185 − 113 = 72. With the three rules: H (6, 3)
// first, then A → (11, 5); B (4) would make Y1 15; C → (13, 7); D is
// exclusive with C; E, F, G overrun Y1: {A, C, H} = 62, regret 113 − 62 =
// 51. The reasons with the rules (optimum {D, E, G, H}, using Y1 14 of 14
// and Y2 8 of 8): A does not fit in either year, B requires A, C is
// exclusive with D, F does not fit in either year.
func TestS4RankingLineAndReasons(t *testing.T) {
	for _, c := range []struct {
		rules  int
		value  float64
		sel    []string
		regret float64
	}{{0, 113, []string{"A", "B", "C", "D"}, 72}, {3, 62, []string{"A", "C", "H"}, 51}} {
		p := s4(c.rules)
		l, err := RankingLine(p)
		if err != nil {
			t.Fatal(err)
		}
		s := solveBoth(t, p)
		if !l.Feasible || l.Value != c.value || !slices.Equal(ids(p, l.Selected), c.sel) || s.Value-l.Value != c.regret {
			t.Errorf("rules %d: line %v %v regret %v, want %v %v regret %v", c.rules, l.Value, ids(p, l.Selected), s.Value-l.Value, c.value, c.sel, c.regret)
		}
	}
	p := s4(3)
	s := solveBoth(t, p)
	got, err := Explain(p, s.Selected)
	if err != nil {
		t.Fatal(err)
	}
	want := []Explanation{
		{Item: idx(p, "A"), Reason: ReasonBudget, Budgets: []int{0, 1}},
		{Item: idx(p, "B"), Reason: ReasonRequires, Items: []int{idx(p, "A")}},
		{Item: idx(p, "C"), Reason: ReasonExclusive, Items: []int{idx(p, "D")}},
		{Item: idx(p, "F"), Reason: ReasonBudget, Budgets: []int{0, 1}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("reasons (-want +got):\n%s", d)
	}
}
