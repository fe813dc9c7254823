package importers

import "testing"

// TestIsMissingMarker checks the placeholders read as missing, compared as
// strings.EqualFold compares (Unicode simple case folding), and that the
// quick refusal of a text by its first byte refuses only texts no marker
// folds to. Expected values: the marker list in cells.go and the Unicode
// case-folding table (U+017F LATIN SMALL LETTER LONG S folds to s, U+212A
// KELVIN SIGN to k).
func TestIsMissingMarker(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"-", true},
		{"–", true}, // en dash
		{"—", true}, // em dash
		{"?", true},
		{"tbd", true},
		{"TBD", true},
		{"N/A", true},
		{"Saknas", true},
		{"ſaknas", true}, // long s folds to s
		{"SAKNAS", true},
		{"Uppgift  saknas", true}, // spaces inside folded to one
		{"EJ BESLUTAT", true},
		{"", false},
		{"0", false},
		{"12,5", false},
		{"-5", false},
		{"x", false},
		{"Kelvin", false}, // starts with K; no marker starts with k
		{"saknas ännu", false},
		{"n/a n/a", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := isMissingMarker(tt.text); got != tt.want {
				t.Errorf("isMissingMarker(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}
