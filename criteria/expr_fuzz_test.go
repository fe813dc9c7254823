package criteria

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prio-tool/prio/portfolio"
)

// FuzzExpression: any text as a derived field's expression and as a
// starting point's requirement either loads with positioned errors or
// compiles, and then evaluates on values of every field type without a
// panic: a runtime failure is an error, a result is of the declared type.
func FuzzExpression(f *testing.F) {
	for _, seed := range []string{
		"npv / invest", "max(risk, 2)", "plan or invest < 10", `goals != ""`,
		`start >= date("2020-01-01")`, "(end - start).Hours() / 24", "invest > 0 ? npv / invest : 0",
		"len(goals)", "risk % 0", "1/0", `goals matches "["`, "[1,2,3][invest]", "let x = 1; x + npv",
		"int(npv)", "invest ?? 0", "upper(goals)", "now()", "npv /", "foo", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.ContainsAny(src, "\n\r") || len(src) > 500 {
			return // one line of YAML; long inputs only slow the search
		}
		yaml := fmt.Sprintf(`format: prio.criteria/1
id: f
version: 1.0.0
status: draft
fields:
  id:     {headers: [ID], type: text}
  npv:    {headers: [N], type: number}
  invest: {headers: [I], type: number}
  risk:   {headers: [R], type: scale, levels: [a, b, c]}
  plan:   {headers: [P], type: yesno}
  goals:  {headers: [G], type: text}
  start:  {headers: [S], type: date}
  end:    {headers: [E], type: date}
derived:
  d: %q
starting_points:
  - {id: G1, require: %q}
criteria:
  - {id: C, field: npv, value: {linear: [0, 1]}}
`, src, src)
		set, err := Parse(strings.NewReader(yaml), "f.yaml")
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "f.yaml:") {
					t.Fatalf("unpositioned error %q", line)
				}
			}
			return
		}
		env := map[string]any{
			"id": "X", "npv": 3.5, "invest": 0.0, "risk": 2, "plan": true, "goals": "Mål",
			"start": time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), "end": time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		}
		for _, d := range set.Derived {
			out, err := RunProgram(d.Program, env)
			if err != nil {
				continue
			}
			switch d.Type {
			case portfolio.YesNo:
				if _, ok := out.(bool); !ok {
					t.Fatalf("%q: yes/no expression gave %T", src, out)
				}
			case portfolio.Text:
				if _, ok := out.(string); !ok {
					t.Fatalf("%q: text expression gave %T", src, out)
				}
			}
		}
		for _, g := range set.StartingPoints {
			if out, err := RunProgram(g.Program, env); err == nil {
				if _, ok := out.(bool); !ok {
					t.Fatalf("%q: requirement gave %T", src, out)
				}
			}
		}
	})
}
