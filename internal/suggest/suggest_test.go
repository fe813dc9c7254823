package suggest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Distances by hand: kitten → sitting is the textbook 3 (k→s, e→i, +g);
// "löptid (mån)" → "löptid (mån.)" is one insertion; å is one rune.
func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"kitten", "sitting", 3}, {"", "abc", 3}, {"abc", "abc", 0},
		{"löptid (mån)", "löptid (mån.)", 1}, {"å", "a", 1},
	} {
		if got := EditDistance(c.a, c.b); got != c.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestClosest(t *testing.T) {
	fold := strings.ToLower
	headers := []string{"Projekt-ID", "Löptid (mån.)", "Risk nytta", "Risk tid", "Kostnad"}
	for _, c := range []struct {
		name   string
		wanted []string
		want   []string
	}{
		{"one letter added", []string{"Löptid (mån)"}, []string{"Löptid (mån.)"}},
		{"case folded", []string{"RISK NYTA"}, []string{"Risk nytta"}},
		// "risk ti" is 1 from "risk tid" and 3 from "risk nytta": the nearest only.
		{"nearest only", []string{"Risk ti"}, []string{"Risk tid"}},
		// "Budget" is 6 or more from every header: nothing near.
		{"nothing near", []string{"Budget"}, nil},
		// Two letters off in a 4-letter word is more than a third of it.
		{"short words need near misses", []string{"Kost"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, Closest(c.wanted, headers, fold)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
