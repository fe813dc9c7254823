package criteria

import (
	"fmt"
	"strings"
	"testing"
)

// exprSet is a set with one derived field d whose expression each case
// gives, in a single-quoted YAML scalar that starts at line 10, column 6
// (the expression's first character is at column 7).
func exprSet(expression string) string {
	return fmt.Sprintf(`format: prio.criteria/1
id: t
version: 1.0.0
status: draft
fields:
  id:   {headers: [ID], type: text}
  x:    {headers: [X], type: number}
  risk: {headers: [Risk], type: scale, levels: [Låg, Medel, Hög]}
derived:
  d: '%s'
criteria:
  - {id: C, field: x, value: {linear: [0, 1]}}
`, strings.ReplaceAll(expression, "'", "''"))
}

// TestExpressionLanguage checks what criteria sets refuse of expr-lang at
// load time, each at its place: the column is 7 plus the offset of the
// node in the expression, counted by hand. Issue 11 items 2 and 10, issue
// 12 item 10.
func TestExpressionLanguage(t *testing.T) {
	cases := []struct {
		name, expr string
		want       []string // whole messages after "t.yaml:"; none for a valid expression
	}{
		{"arithmetic", `x * 2 + abs(x) - round(x / 3)`, nil},
		{"dates", `date("2027-01-01") - date("2020-01-01") > duration("24h") ? 1 : 0`, nil},
		{"text", `lower(trim(id)) + "-" + upper(id)`, nil},
		{"scale position", `risk == 3 or risk in [1, 2]`, nil},
		{"constant date that is no date", `x > 0 and date("2027-13-01") > date("2020-01-01")`,
			[]string{`10:17: derived field d: date("2027-13-01"): not a date of the form YYYY-MM-DD`}},
		{"constant conversion", `x + int("abc")`, []string{`10:11: derived field d: int("abc"): not a whole number`}},
		{"constant division by zero of integers", `x + 10 % 0`,
			[]string{`10:14: derived field d: the result is an integer beyond 64 bits, or an integer division by zero, whatever the data`}},
		// The bomb of issue 12 item 10: it validated, then killed prio.
		{"repeat", `len(repeat(repeat("a", 99999), 999999))`, []string{
			`10:11: derived field d: repeat() is not available in criteria expressions: an expression computes one investment's value from its fields, without loops over lists or functions that build large values`,
			`10:18: derived field d: repeat() is not available in criteria expressions: an expression computes one investment's value from its fields, without loops over lists or functions that build large values`,
		}},
		{"reduce over a range", `reduce(1..999999, #acc + "x", "")`, []string{
			`10:7: derived field d: reduce() is not available in criteria expressions: an expression computes one investment's value from its fields, without loops over lists or functions that build large values`,
			`10:15: derived field d: ranges (a..b) are not available in criteria expressions: an expression computes one investment's value from its fields`,
			`10:25: derived field d: loops over lists are not available in criteria expressions: an expression computes one investment's value from its fields`,
		}},
		{"let", `let y = x; y + 1`, []string{`10:11: derived field d: variables (let) and sequences (;) are not available in criteria expressions: write a derived field instead`}},
		{"pattern from a field", `id matches id`, []string{`10:10: derived field d: matches needs a pattern written in the expression (a text in quotes), not one read from a field`}},
		{"scale compared with its label", `risk == "Hög"`, []string{
			`10:12: derived field d: scale field risk is compared with the text "Hög": in expressions a scale value is its position (1 = the first level), so "Hög" is 3; write risk == 3`}},
		{"scale compared with a text that is no label", `"Mycket" != risk`, []string{
			`10:16: derived field d: scale field risk is compared with the text "Mycket", which is not one of its levels: in expressions a scale value is its position (1 = Låg, 2 = Medel, 3 = Hög)`}},
		// A cell holds up to 32,767 characters of up to 4 bytes: 131,068
		// bytes. 32 joined ids are 4,194,176 bytes, within 4 MiB =
		// 4,194,304; 33 are 4,325,244, over it.
		{"32 texts joined", strings.Repeat("id + ", 31) + "id", nil},
		{"33 texts joined", strings.Repeat("id + ", 32) + "id", []string{
			`10:6: derived field d: the expression can build a text of up to 4325244 bytes; the limit is 4 MiB: compare the texts instead of joining them`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(exprSet(c.expr)), "t.yaml")
			var got []string
			if err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			want := make([]string, len(c.want))
			for i, w := range c.want {
				want[i] = "t.yaml:" + w
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

// TestConstantCallsAreValid checks that constant calls of the functions prio
// adds are evaluated at load time without a problem.
func TestConstantCallsAreValid(t *testing.T) {
	for _, e := range []string{`x + month(date("2020-03-01"))`, `x + year(date("2020-03-01")) + day(date("2020-03-01"))`, `x + int("12")`} {
		if _, err := Parse(strings.NewReader(exprSet(e)), "t.yaml"); err != nil {
			t.Errorf("%s: %v", e, err)
		}
	}
}
