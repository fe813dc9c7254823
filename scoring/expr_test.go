package scoring_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// dateSet has one derived number field, v, whose expression each case
// gives, read by one criterion with a value function that passes numbers
// through (linear [0, 1] with extrapolate), so that the score is v.
func dateSet(t *testing.T, expression string) *criteria.Set {
	t.Helper()
	src := fmt.Sprintf(`format: prio.criteria/1
id: dates
version: 1.0.0
status: draft
fields:
  id:    {headers: [ID], type: text}
  start: {headers: [Start], type: date}
  slut:  {headers: [Slut], type: date}
derived:
  v: %q
criteria:
  - {id: C, field: v, value: {linear: [0, 1], extrapolate: true}}
`, expression)
	set, err := criteria.Parse(strings.NewReader(src), "dates.yaml")
	if err != nil {
		t.Fatalf("%s: %v", expression, err)
	}
	return set
}

// TestDateArithmetic checks every documented date form in a derived field
// (issue 11 item 1: date("…") - start failed on every row and was read as
// missing). start = 2025-03-31, slut = 2026-12-31. Expected values by hand:
//   - 2025-03-31 → 2027-01-01: 365 days to 2026-03-31, then April–December
//     of 2026 (30+31+30+31+31+30+31+30+31 = 275) to 2026-12-31, and 1 more:
//     641 days.
//   - 2020-01-01 → 2025-03-31: 2020 and 2024 are leap years, so 366 + 365 +
//     365 + 365 + 366 = 1827 days to 2025-01-01, then 31 + 28 + 30 = 89:
//     1916 days.
//   - 2025-03-31 → 2026-12-31: 365 + 275 = 640 days; 640 × 24 = 15360 hours.
//   - year 2025, month 3, day 31; 2025 × 12 + 3 = 24303.
func TestDateArithmetic(t *testing.T) {
	start, slut := day("2025-03-31"), day("2026-12-31")
	cases := []struct {
		name, expr string
		want       float64
	}{
		{"literal minus field", `(date("2027-01-01") - start).Hours() / 24`, 641},
		{"field minus literal", `(start - date("2020-01-01")).Hours() / 24`, 1916},
		{"field minus field", `(slut - start).Hours() / 24`, 640},
		{"hours", `(slut - start).Hours()`, 15360},
		{"comparison true", `start >= date("2025-03-31") ? 1 : 0`, 1},
		{"comparison false", `start < date("2025-03-31") ? 1 : 0`, 0},
		{"comparison of fields", `slut > start ? 1 : 0`, 1},
		{"year method", `start.Year()`, 2025},
		{"year function", `year(start)`, 2025},
		{"month method", `start.Month()`, 3},
		{"month method compared", `start.Month() == 3 ? 1 : 0`, 1},
		{"month method in arithmetic", `start.Year() * 12 + start.Month()`, 24303},
		{"month function", `month(slut)`, 12},
		{"day", `day(start)`, 31},
		{"float of month", `float(start.Month())`, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set := dateSet(t, c.expr)
			p := newPortfolio(set, []row{{"X1", []portfolio.Value{
				value(portfolio.Value{Text: "X1"}), value(portfolio.Value{Date: start}), value(portfolio.Value{Date: slut}),
			}}})
			r, err := scoring.Score(set, p)
			if err != nil {
				t.Fatal(err)
			}
			a := r.Investments[0]
			if len(a.Missing) != 0 {
				t.Fatalf("missing %v; warnings %v", a.Missing, r.Warnings)
			}
			if a.Values[0] != c.want {
				t.Errorf("%s = %v, want %v", c.expr, a.Values[0], c.want)
			}
		})
	}
}

// TestDateGates checks dates in starting points: a comparison with a
// literal and a difference in days. slut 2026-12-31 is after 2026-06-01;
// 640 days from start to slut (by hand, above) is more than 600.
func TestDateGates(t *testing.T) {
	src := `format: prio.criteria/1
id: dates
version: 1.0.0
status: draft
fields:
  id:    {headers: [ID], type: text}
  start: {headers: [Start], type: date}
  slut:  {headers: [Slut], type: date}
  n:     {headers: [N], type: number}
starting_points:
  - {id: LATE, require: 'slut > date("2026-06-01")', on_fail: flag}
  - {id: LONG, require: '(slut - start).Hours() / 24 <= 600', on_fail: flag}
criteria:
  - {id: C, field: n, value: {linear: [0, 1]}}
`
	set, err := criteria.Parse(strings.NewReader(src), "g.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := newPortfolio(set, []row{{"X1", []portfolio.Value{
		value(portfolio.Value{Text: "X1"}), value(portfolio.Value{Date: day("2025-03-31")}), value(portfolio.Value{Date: day("2026-12-31")}), value(portfolio.Value{Num: 0.5}),
	}}})
	r, err := scoring.Score(set, p)
	if err != nil {
		t.Fatal(err)
	}
	g := r.Investments[0].Gates
	if !g[0].Passed || g[1].Passed {
		t.Errorf("gates %+v: want LATE passed, LONG failed", g)
	}
	if want := "(slut - start).Hours() / 24 <= 600 (slut = 2026-12-31, start = 2025-03-31)"; g[1].Reason != want {
		t.Errorf("reason %q, want %q", g[1].Reason, want)
	}
}

// TestExpressionFailureIsAnError checks issue 11 item 2: an expression that
// fails at run time for a reason other than a missing input or a
// non-finite number stops scoring with one error per expression, at the
// expression's place in the criteria file, naming the first investment and
// its cell, and how many others failed.
func TestExpressionFailureIsAnError(t *testing.T) {
	src := `format: prio.criteria/1
id: fails
version: 1.0.0
status: draft
fields:
  id:   {headers: [ID], type: text}
  code: {headers: [Kod], type: text}
  x:    {headers: [X], type: number}
derived:
  n: int(code) + x
starting_points:
  - {id: G1, require: 'date(code) > date("2020-01-01")'}
criteria:
  - {id: C, field: n, value: {linear: [0, 10]}}
`
	set, err := criteria.Parse(strings.NewReader(src), "fails.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var rows []row
	for i, code := range []string{"7", "sju", "åtta", "9"} {
		id := fmt.Sprintf("X%d", i+1)
		rows = append(rows, row{id, []portfolio.Value{
			value(portfolio.Value{Text: id}),
			value(portfolio.Value{Text: code, Cell: portfolio.Cell{File: "p.csv", Row: i + 2, Col: 2}}),
			value(portfolio.Value{Num: 1}),
		}})
	}
	p := newPortfolio(set, rows)
	for i := range p.Investments {
		p.Investments[i].Source = portfolio.Cell{File: "p.csv", Row: i + 2, Col: 1}
	}
	_, err = scoring.Score(set, p)
	var list scoring.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("got %v, want a scoring.ErrorList", err)
	}
	// "7" and "9" convert, "sju" and "åtta" do not: the first failure is X2,
	// with one other. No code is a date: X1 first, three others.
	want := []string{
		`fails.yaml:10:6: derived field n = int(code) + x could not be computed for X2 (p.csv:3; code = "sju" at p.csv:3:2, x = 1): int("sju"): not a whole number; it failed the same way for 1 more; an expression that fails is a defect of the criteria set, not missing data: correct the expression`,
		`fails.yaml:12:23: starting point G1 = date(code) > date("2020-01-01") could not be computed for X1 (p.csv:2; code = "7" at p.csv:2:2): date("7"): not a date of the form YYYY-MM-DD; it failed the same way for 3 more; an expression that fails is a defect of the criteria set, not missing data: correct the expression`,
	}
	if len(list) != len(want) {
		t.Fatalf("got %d errors:\n%v\nwant %d", len(list), err, len(want))
	}
	for i := range want {
		if got := list[i].Error(); got != want[i] {
			t.Errorf("error %d:\n got %s\nwant %s", i, got, want[i])
		}
	}
}

// TestIntegerOverflowIsMissing checks issue 11 item 3: int(x * 1e300)
// wrapped around to -9223372036854775808; now it, a product of integers
// beyond 64 bits, and an integer modulo by zero are missing with a warning
// naming the investment, like a division by zero of numbers.
func TestIntegerOverflowIsMissing(t *testing.T) {
	cases := []struct{ name, expr string }{
		{"int of a huge float", `int(x * 1e300)`},
		{"int of minus a huge float", `int(-x * 1e300)`},
		{"int of 2^63", `int(x * 9223372036854775808.0)`},
		{"product", `int(x) * 9223372036854775807`},
		{"sum", `int(x) + 9223372036854775807`},
		{"difference", `-9223372036854775807 - int(x) - int(x)`},
		{"modulo by zero", `7 % (int(x) - 2)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := fmt.Sprintf("format: prio.criteria/1\nid: o\nversion: 1.0.0\nstatus: draft\nfields:\n  id: {headers: [ID], type: text}\n  x: {headers: [X], type: number}\nderived:\n  v: %q\ncriteria:\n  - {id: C, field: v, value: {linear: [0, 10]}}\n", c.expr)
			set, err := criteria.Parse(strings.NewReader(src), "o.yaml")
			if err != nil {
				t.Fatal(err)
			}
			p := newPortfolio(set, []row{{"X1", []portfolio.Value{value(portfolio.Value{Text: "X1"}), value(portfolio.Value{Num: 2, Cell: portfolio.Cell{File: "p.csv", Row: 2, Col: 2}})}}})
			r, err := scoring.Score(set, p)
			if err != nil {
				t.Fatal(err)
			}
			a := r.Investments[0]
			if len(a.Missing) != 1 || a.Values[0] != 0 {
				t.Errorf("values %v, missing %v: want C missing (worst, 0)", a.Values, a.Missing)
			}
			var warned bool
			for _, w := range messages.Strings(r.Warnings, messages.English) {
				if strings.Contains(w, "X1: derived field v = ") && strings.Contains(w, "integer beyond 64 bits") {
					warned = true
				}
			}
			if !warned {
				t.Errorf("no overflow warning naming X1 in %q", r.Warnings)
			}
		})
	}
}
