package scoring_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

const typedSet = `format: prio.criteria/1
id: typed
version: 1.0.0
status: draft
fields:
  id:     {headers: [ID], type: text}
  goals:  {headers: [Mål], type: text}
  invest: {headers: [Inv], type: number, unit: mnkr}
  share:  {headers: [Andel], type: percent}
  risk:   {headers: [Risk], type: scale, levels: [Låg, Medel, Hög]}
  start:  {headers: [Start], type: date}
derived:
  big: invest > 50
  late: start >= date("2025-01-01")
starting_points:
  - {id: G1, require: 'goals startsWith "Kortare"', on_fail: flag}
  - {id: G2, require: not late and risk < 3, on_fail: exclude}
criteria:
  - {id: S, field: big, value: {levels: [1, 0]}}
  - {id: P, field: share, value: {steps: [[0.5, 0], [0.75, 0.5], [1, 1]]}}
  - {id: R, field: risk, value: {levels: [1, 0.5, 0]}, missing: neutral}
`

func value(v portfolio.Value) portfolio.Value { v.Present = true; return v }

type row struct {
	id     string
	values []portfolio.Value
}

// newPortfolio builds a portfolio of the set's fields from rows of values.
func newPortfolio(set *criteria.Set, rows []row) *portfolio.Portfolio {
	var fields []portfolio.Field
	for _, f := range set.Fields {
		fields = append(fields, portfolio.Field{Name: f.Name, Kind: f.Type, Levels: f.Levels})
	}
	p := portfolio.New(fields)
	for _, r := range rows {
		p.AddValues(portfolio.Investment{ID: r.id}, r.values)
	}
	return p
}

// TestTypedValues checks derived yes/no and date fields, gates on dates and
// text, and the reasons a failed gate gives. Expected values by hand: the
// three leaves weigh 1/3 each.
func TestTypedValues(t *testing.T) {
	set, err := criteria.Parse(strings.NewReader(typedSet), "typed.yaml")
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	longGoal := "Kortare väntetider för alla som söker bidrag hos oss och hos kommunerna"
	p := newPortfolio(set, []row{
		// X: invest 20 → big false → S 1; share 0.8 → step [0.75, 1) → 0.5;
		// Låg → 1. score (1 + 0.5 + 1)/3 = 5/6. Passes both gates.
		{"X", []portfolio.Value{value(portfolio.Value{Text: "X"}), value(portfolio.Value{Text: "Kortare tider"}),
			value(portfolio.Value{Num: 20}), value(portfolio.Value{Num: 0.8}), value(portfolio.Value{Num: 1, Text: "Låg"}),
			value(portfolio.Value{Date: day(2024, 3, 1)})}},
		// Y: invest 80 → big true → S 0; share 1 → 1; Hög → 0. score 1/3.
		// G1 fails (goals do not start with "Kortare") → flagged; G2:
		// late (2025-06-01) → fails → excluded.
		{"Y", []portfolio.Value{value(portfolio.Value{Text: "Y"}), value(portfolio.Value{Text: "Bättre service"}),
			value(portfolio.Value{Num: 80}), value(portfolio.Value{Num: 1}), value(portfolio.Value{Num: 3, Text: "Hög"}),
			value(portfolio.Value{Date: day(2025, 6, 1)})}},
		// Z: risk missing → R neutral 0.5; share 0.3 → 0 (below 0.5);
		// invest 10 → S 1. score (1 + 0 + 0.5)/3 = 0.5. G2 names risk,
		// which is missing → fails with "missing: risk".
		{"Z", []portfolio.Value{value(portfolio.Value{Text: "Z"}), value(portfolio.Value{Text: longGoal}),
			value(portfolio.Value{Num: 10}), value(portfolio.Value{Num: 0.3}), {},
			value(portfolio.Value{Date: day(2023, 1, 1)})}},
	})
	res, err := scoring.Score(set, p)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		ID      string
		Status  scoring.Status
		Rank    int
		Score   float64
		Reasons []string
	}
	var gots []got
	for _, a := range res.Investments {
		g := got{ID: a.ID, Status: a.Status, Rank: a.Rank, Score: a.Score}
		for _, gr := range a.Gates {
			g.Reasons = append(g.Reasons, gr.Reason)
		}
		gots = append(gots, g)
	}
	want := []got{
		{"X", scoring.Ranked, 1, 5.0 / 6, []string{"", ""}},
		{"Y", scoring.Excluded, 0, 1.0 / 3, []string{
			`goals startsWith "Kortare" (goals = "Bättre service")`,
			`not late and risk < 3 (late = Ja, risk = Hög)`}},
		{"Z", scoring.Excluded, 0, 0.5, []string{"", "missing: risk"}},
	}
	near := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-12 })
	if diff := cmp.Diff(want, gots, near); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestLongTextInReason: a text value in a reason is quoted and cut at 40
// characters.
func TestLongTextInReason(t *testing.T) {
	set, err := criteria.Parse(strings.NewReader(`format: prio.criteria/1
id: t
version: 1.0.0
status: draft
fields:
  id:    {headers: [ID], type: text}
  goals: {headers: [Mål], type: text}
starting_points:
  - {id: G1, require: goals == "", on_fail: flag}
criteria:
  - {id: C, field: id, value: {levels: [1]}}
`), "t.yaml")
	if err == nil {
		t.Fatal("levels on a text field must not load")
	}
	set, err = criteria.Parse(strings.NewReader(`format: prio.criteria/1
id: t
version: 1.0.0
status: draft
fields:
  id:    {headers: [ID], type: text}
  goals: {headers: [Mål], type: text}
  n:     {headers: [N], type: number}
starting_points:
  - {id: G1, require: goals == "", on_fail: flag}
criteria:
  - {id: C, field: n, value: {linear: [0, 1]}}
`), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("abcdefghij", 5) // 50 characters
	p := newPortfolio(set, []row{
		{"A", []portfolio.Value{value(portfolio.Value{Text: "A"}), value(portfolio.Value{Text: long}), value(portfolio.Value{Num: 0.25})}},
	})
	res, err := scoring.Score(set, p)
	if err != nil {
		t.Fatal(err)
	}
	want := `goals == "" (goals = "` + long[:39] + `…")`
	if got := res.Investments[0].Gates[0].Reason; got != want {
		t.Errorf("reason %q, want %q", got, want)
	}
	if a := res.Investments[0]; a.Status != scoring.Flagged || a.Rank != 1 || a.Score != 0.25 {
		t.Errorf("got %+v", a)
	}
}
