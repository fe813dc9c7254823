package importers

import (
	"math"
	"math/big"
	"testing"
)

func TestSumDecimals(t *testing.T) {
	dec := func(s string) decimal {
		d, ok := parseDecimal(s, LocaleSV)
		if !ok {
			t.Fatalf("bad decimal %q", s)
		}
		return d
	}
	tests := []struct {
		name  string
		terms []string
		want  float64
		ok    bool
	}{
		{"exact tenths", []string{"0,1", "0,2"}, 0.3, true}, // not 0.1 + 0.2 = 0.30000000000000004
		{"mixed exponents", []string{"1,5e-3", "2"}, 2.0015, true},
		{"cancel to zero, not -0", []string{"-5", "5"}, 0, true},
		{"negative", []string{"-0,25", "0,1"}, -0.15, true},
		{"beyond int64: big.Rat", []string{"1e20", "1"}, 1e20, true}, // 100000000000000000001 rounds to 1e20
		{"beyond int64, exact", []string{"12345678901234567890", "0,1", "0,2"}, 12345678901234567890.3, true},
		{"far apart", []string{"1e300", "1e-300"}, 1e300, true},
		{"zero far away", []string{"0e-999999", "5"}, 5, true},
		{"overflow", []string{"1e308", "1e308"}, 0, false},
		{"19 digits: big.Rat", []string{"9999999999999999999", "1"}, 1e19, true},
		{"all zero", []string{"0", "-0,0", "0e5"}, 0, true},
		{"int64 limit", []string{"999999999999999999", "999999999999999999"}, 1999999999999999998, true},
	}
	var sum, term big.Rat
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var terms []decimal
			for _, s := range tt.terms {
				terms = append(terms, dec(s))
			}
			got, ok := sumDecimals(terms, &sum, &term)
			if ok != tt.ok || got != tt.want || got == 0 && math.Signbit(got) {
				t.Errorf("sum %v = %v, %v; want %v, %v", tt.terms, got, ok, tt.want, tt.ok)
			}
		})
	}
}
