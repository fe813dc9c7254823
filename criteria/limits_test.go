package criteria

import (
	"fmt"
	"strings"
	"testing"
)

// deepTree writes a criteria tree n groups deep in flow style (each level
// is a list holding a mapping: two levels of YAML nesting), with one leaf at
// the bottom.
func deepTree(n int) string {
	var b strings.Builder
	b.WriteString("format: prio.criteria/1\nid: deep\nversion: 1.0.0\nstatus: draft\nfields:\n  id: {headers: [ID], type: text}\n  x: {headers: [X], type: number}\ncriteria: ")
	for d := range n {
		fmt.Fprintf(&b, "[{id: C%d, criteria: ", d)
	}
	b.WriteString("[{id: L, field: x, value: {linear: [0, 1]}}]")
	b.WriteString(strings.Repeat("}]", n))
	b.WriteString("\n")
	return b.String()
}

// A tree 4,900 groups deep (9,800 levels of YAML nesting, under yaml.v3's
// 10,000) is read like any other: one leaf whose effective weight is 1.
func TestDeepTreeIsRead(t *testing.T) {
	set, err := Parse(strings.NewReader(deepTree(4900)), "deep.yaml")
	if err != nil {
		t.Fatal(err)
	}
	leaves := set.Leaves()
	if len(leaves) != 1 || leaves[0].ID != "L" || leaves[0].EffectiveWeight != 1 {
		t.Fatalf("leaves = %v, want L alone with effective weight 1", leaves)
	}
}

// A tree 10,000 groups deep nests 20,000 levels: refused with a position
// before any of it is walked.
func TestTreeTooDeepIsRefused(t *testing.T) {
	_, err := Parse(strings.NewReader(deepTree(10000)), "deep.yaml")
	want := "deep.yaml:8:1: YAML syntax: nested more than 10,000 levels deep, more than prio reads"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
}
