package strictyaml

import (
	"strings"
	"testing"
)

// TestAliasBomb: a "billion laughs" document is refused, each alias with
// its position ("b: &b [*a": the first alias at column 8), instead of being
// walked without end.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		b.WriteString(name + ": &" + name + " [")
		for i := 0; i < 10; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = name
	}
	d := &Decoder{File: "bomb.yaml"}
	if doc := d.Document([]byte(b.String()), "x"); doc != nil {
		t.Fatal("the bomb was accepted")
	}
	if len(d.Errs) != 80 || d.Errs[0].Error() != "bomb.yaml:2:8: YAML aliases (*a) are not allowed: write the value out where it is used" {
		t.Errorf("%d errors, first %v", len(d.Errs), d.Errs[0])
	}
}
