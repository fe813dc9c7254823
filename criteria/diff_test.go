package criteria

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/messages"
)

func TestDiff(t *testing.T) {
	const base = `format: prio.criteria/1
id: d
version: 1.0.0
status: consultation
fields:
  id:   {headers: [ID], type: text}
  x:    {headers: [X], type: number}
  y:    {headers: [Y], type: number}
starting_points:
  - {id: G1, require: x > 0}
criteria:
  - id: A
    criteria:
      - {id: A1, weight: 3, field: x, value: {linear: [0, 10]}}
      - {id: A2, weight: 1, field: y, value: {linear: [0, 10]}}
  - {id: B, field: x, value: {linear: [10, 0]}}
`
	old, err := Parse(strings.NewReader(base), "old.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Version 1.1.0, adopted: A1's weight 3 → 1; a gate G2; B moved under A;
	// y's unit; B's missing policy.
	changed := strings.NewReplacer(
		"version: 1.0.0", "version: 1.1.0",
		"status: consultation", "status: adopted",
		"y:    {headers: [Y], type: number}", "y:    {headers: [Y], type: number, unit: mnkr}",
		"  - {id: G1, require: x > 0}", "  - {id: G1, require: x > 0}\n  - {id: G2, require: y > 0, on_fail: flag}",
		"      - {id: A1, weight: 3,", "      - {id: A1, weight: 1,",
		"      - {id: A2, weight: 1, field: y, value: {linear: [0, 10]}}\n  - {id: B, field: x, value: {linear: [10, 0]}}",
		"      - {id: A2, weight: 1, field: y, value: {linear: [0, 10]}}\n      - {id: B, field: x, value: {linear: [10, 0]}, missing: neutral}",
	).Replace(base)
	new, err := Parse(strings.NewReader(changed), "new.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Effective weights by hand. Old: A and B 1/2 each; A1 3/4 of A = 3/8,
	// A2 1/8, B 1/2. New: A alone at the top (1); A1, A2, B 1/3 each.
	// Weights are numbers; the summary of what was added is a message,
	// compared here in English.
	want := []Difference{
		{Changed, "set", "d", "version", "1.0.0", "1.1.0"},
		{Changed, "set", "d", "status", "consultation", "adopted"},
		{Changed, "field", "y", "unit", "", "mnkr"},
		{Added, "gate", "G2", "", nil, "y > 0, on_fail flag, on_missing fail"},
		{Changed, "criterion", "A", "effective weight", 0.5, 1.0},
		{Changed, "criterion", "A1", "weight", 3.0, 1.0},
		{Changed, "criterion", "A1", "effective weight", 0.375, 1.0 / 3},
		{Changed, "criterion", "A2", "effective weight", 0.125, 1.0 / 3},
		{Moved, "criterion", "B", "", "", "A"},
		{Changed, "criterion", "B", "effective weight", 0.5, 1.0 / 3},
		{Changed, "criterion", "B", "missing", "worst", "neutral"},
	}
	got := Diff(old, new)
	for i := range got {
		for _, v := range []*any{&got[i].Old, &got[i].New} {
			if m, ok := (*v).(messages.Message); ok {
				*v = m.String()
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
	if got := Diff(old, old); len(got) != 0 {
		t.Errorf("a set against itself: %v", got)
	}
}
