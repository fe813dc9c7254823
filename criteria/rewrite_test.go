package criteria

import (
	"bytes"
	"strings"
	"testing"
)

const rewriteSet = `# Kommentar överst.
format: prio.criteria/1
id: t
version: 1.0.0
status: draft
fields:
  id: {headers: [ID], type: text}
  x: {headers: [X], type: number}
criteria:
  - id: A          # gruppen
    weight: 35
    criteria:
      - {id: A1, weight: 15, field: x, value: {linear: [0, 1]}}
      - {id: "A2", field: x, value: {linear: [0, 1]}}
  - id: B
    criteria:
      - {id: B1, field: x, value: {linear: [0, 1]}}
`

// TestSetWeights: weights set on a group's children change only those
// values, keep comments and order, and add a weight key where none was.
func TestSetWeights(t *testing.T) {
	out, err := SetWeights([]byte(rewriteSet), "t.yaml", "A", map[string]float64{"A1": 0.75, "A2": 0.25})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(rewriteSet, "{id: A1, weight: 15,", "{id: A1, weight: 0.75,", 1)
	want = strings.Replace(want, `{id: "A2", field`, `{id: "A2", weight: 0.25, field`, 1)
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}

	// The top level: A has a weight line, B gets one after its id line.
	out, err = SetWeights([]byte(rewriteSet), "t.yaml", "", map[string]float64{"A": 0.6, "B": 0.4})
	if err != nil {
		t.Fatal(err)
	}
	want = strings.Replace(rewriteSet, "    weight: 35\n", "    weight: 0.6\n", 1)
	want = strings.Replace(want, "  - id: B\n", "  - id: B\n    weight: 0.4\n", 1)
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	set, err := Parse(bytes.NewReader(out), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if w := set.Criteria[1].EffectiveWeight; w != 0.4 {
		t.Errorf("B's effective weight %v, want 0.4", w)
	}
}

func TestSetWeightsErrors(t *testing.T) {
	for _, tc := range []struct {
		node    string
		weights map[string]float64
		want    string
	}{
		{"Z", map[string]float64{"Z1": 1}, `t.yaml: no criterion "Z"`},
		{"A1", map[string]float64{"x": 1}, "t.yaml: criterion A1 is a leaf; weights are set on the children of a group"},
		{"A", map[string]float64{"A1": 1}, "t.yaml: the criteria under A are A1, A2; weights were given for A1"},
	} {
		_, err := SetWeights([]byte(rewriteSet), "t.yaml", tc.node, tc.weights)
		if err == nil || err.Error() != tc.want {
			t.Errorf("node %s: err %v, want %s", tc.node, err, tc.want)
		}
	}
}
