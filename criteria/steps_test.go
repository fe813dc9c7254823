package criteria

import (
	"strings"
	"testing"
)

// TestStepsWithEqualThresholds (issue 11, item 16): two steps at the same x
// are refused, not read as a jump. By the steps rule (v_i for x_i ≤ value <
// x_i+1) the first of them would hold for no value, so one of the two is a
// slip. The error is at the second x: line 9, column 58 of the flow mapping
// below (counted by hand: "  - {id: C, field: x, value: {steps: [[0, 0], [5,
// 0.5], [" is 57 characters).
func TestStepsWithEqualThresholds(t *testing.T) {
	tree := "  - {id: C, field: x, value: {steps: [[0, 0], [5, 0.5], [5, 1]]}}\n"
	_, err := Parse(strings.NewReader(weightSet(tree)), "w.yaml")
	want := "w.yaml:9:58: criterion C: value: steps: x values must increase, but 5 follows 5"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}
