package reports

import (
	"strings"
	"testing"
)

// TestLines checks the count of wrapped lines of a cell's text. A column 10
// wide holds int(10*1.2)-1 = 11 characters a line; the expected counts are
// worked out by hand from that: words go on a line while they fit with a
// space before them, a longer word breaks every 11 characters, and white
// space is what unicode.IsSpace says (as strings.Fields splits), a no-break
// space included.
func TestLines(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int
	}{
		{"empty", "", 1},
		{"only spaces", "   \t ", 1},
		{"two short words", "abc def", 1},                                     // 3 + 1 + 3 = 7
		{"two words that do not fit", "abcdef abcdef", 2},                     // 6 + 1 + 6 = 13 > 11
		{"a line exactly", "åäö åäö åäö", 1},                                  // characters, not bytes: 3 + 4 + 4 = 11
		{"one more word", "åäö åäö åäö x", 2},                                 // 11 + 2 > 11
		{"runs of white space", "  ab \t\n  cd  ", 1},                         // ab cd
		{"a no-break space splits", "abcdef\u00a0abcdef", 2},                  // as a space
		{"a long word breaks", strings.Repeat("a", 25), 3},                    // 25 = 11 + 11 + 3
		{"a long word after a short one", "ab " + strings.Repeat("b", 12), 3}, // ab | 11 b | 1 b
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lines(tt.text, 10); got != tt.want {
				t.Errorf("lines(%q, 10) = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
}
