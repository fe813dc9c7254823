package criteria

import (
	"strings"
	"testing"
)

func TestParseAHPMatrix(t *testing.T) {
	ids, m, err := ParseAHPMatrix(strings.NewReader("criteria: [C1, C2, C3]\nmatrix: [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]]\n"), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != "C1,C2,C3" || m[1][0] != 1.0/3 || m[2][1] != 1.0/3 || m[0][2] != 5 {
		t.Errorf("ids %v matrix %v", ids, m)
	}
	// Positions counted by hand: on line 2 the "x" of row 3 stands at
	// column 38; in the next file entry (2, 1) at column 19.
	_, _, err = ParseAHPMatrix(strings.NewReader("criteria: [C1, C2, C3]\nmatrix: [[1, 3, 5], [3, 1, 3], [1/5, x, 1]]\n"), "m.yaml")
	want := "m.yaml:2:38: a matrix entry must be a positive number or a fraction such as 1/3, not \"x\""
	if err == nil || err.Error() != want {
		t.Errorf("err:\n%v\nwant:\n%s", err, want)
	}
	_, _, err = ParseAHPMatrix(strings.NewReader("criteria: [C1, C2]\nmatrix: [[1, 3], [3, 1]]\n"), "m.yaml")
	want = "m.yaml:2:19: entry (2, 1) is 3 but must be 1/3, the reciprocal of entry (1, 2)"
	if err == nil || err.Error() != want {
		t.Errorf("err:\n%v\nwant:\n%s", err, want)
	}
}
