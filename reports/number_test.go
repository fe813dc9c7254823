package reports

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// nb is the no-break space Swedish numbers group thousands with.
const nb = "\u00a0"

// The expected strings are worked out by hand from the exact binary value of
// each float64 (given in the comment where it decides the rounding) rounded
// to the decimals asked, ties to even, as strconv rounds.
func TestFormatNumber(t *testing.T) {
	tests := []struct {
		name     string
		x        float64
		decimals int
		sv, en   string
	}{
		{"zero", 0, 1, "0,0", "0.0"},
		{"zero no decimals", 0, 0, "0", "0"},
		{"negative zero", math.Copysign(0, -1), 2, "0,00", "0.00"},
		// 0.05 is 0.05000000000000000277…, above the tie.
		{"0.05 rounds up", 0.05, 1, "0,1", "0.1"},
		// 0.15 is 0.14999999999999999444…, below the tie.
		{"0.15 rounds down", 0.15, 1, "0,1", "0.1"},
		// 0.25 is exact: a true tie, to even.
		{"exact tie to even", 0.25, 1, "0,2", "0.2"},
		// 999.95 is 999.95000000000004547…: rounding carries into a new group.
		{"999.95 one decimal", 999.95, 1, "1" + nb + "000,0", "1,000.0"},
		{"999.95 no decimals", 999.95, 0, "1" + nb + "000", "1,000"},
		{"1234.5", 1234.5, 1, "1" + nb + "234,5", "1,234.5"},
		// 1234.5 is exact: a tie, to the even 1234.
		{"1234.5 no decimals", 1234.5, 0, "1" + nb + "234", "1,234"},
		// 1234567.891 is 1234567.89100000006146…
		{"1234567.891", 1234567.891, 2, "1" + nb + "234" + nb + "567,89", "1,234,567.89"},
		{"1234567.891 one decimal", 1234567.891, 1, "1" + nb + "234" + nb + "567,9", "1,234,567.9"},
		{"-1234.5", -1234.5, 1, "-1" + nb + "234,5", "-1,234.5"},
		// -0.04 rounds to -0.0, which prints without a minus.
		{"-0.04 rounds to zero", -0.04, 1, "0,0", "0.0"},
		// -0.05 is -0.05000000000000000277…, beyond the tie.
		{"-0.05 keeps its minus", -0.05, 1, "-0,1", "-0.1"},
		{"-0.4 no decimals", -0.4, 0, "0", "0"},
		// -999999.5 is exact: a tie, to the even -1000000.
		{"-999999.5 no decimals", -999999.5, 0, "-1" + nb + "000" + nb + "000", "-1,000,000"},
		{"three digits", 100, 0, "100", "100"},
		{"four digits", 1000, 0, "1" + nb + "000", "1,000"},
		{"six digits", 123456, 0, "123" + nb + "456", "123,456"},
		{"seven digits", 1234567, 0, "1" + nb + "234" + nb + "567", "1,234,567"},
		{"a table score", 87.3, 1, "87,3", "87.3"},
		{"shortest with decimals -1", 1234.5678, -1, "1" + nb + "234,5678", "1,234.5678"},
		{"NaN", math.NaN(), 1, "NaN", "NaN"},
		{"+Inf", math.Inf(1), 1, "+Inf", "+Inf"},
		{"-Inf", math.Inf(-1), 1, "-Inf", "-Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatNumber(tt.x, tt.decimals, "sv"); got != tt.sv {
				t.Errorf("sv: FormatNumber(%v, %d) = %q, want %q", tt.x, tt.decimals, got, tt.sv)
			}
			if got := FormatNumber(tt.x, tt.decimals, "en"); got != tt.en {
				t.Errorf("en: FormatNumber(%v, %d) = %q, want %q", tt.x, tt.decimals, got, tt.en)
			}
		})
	}
}

// A language other than "en" gets the Swedish format.
func TestFormatNumberDefaultsToSwedish(t *testing.T) {
	for _, lang := range []string{"", "sv", "de"} {
		if got, want := FormatNumber(-1234.5, 1, lang), "-1"+nb+"234,5"; got != want {
			t.Errorf("FormatNumber(-1234.5, 1, %q) = %q, want %q", lang, got, want)
		}
	}
}

// The expected strings are typed by hand: the shortest decimal that reads
// back as the same float64, in encoding/json's layout.
func TestNumberShortestExact(t *testing.T) {
	a, b := 0.1, 0.2 // variables, so that the sum is float64 arithmetic, not an exact constant
	tests := []struct {
		name string
		x    float64
		want string
	}{
		{"0.1+0.2", a + b, "0.30000000000000004"},
		{"1e-7", 1e-7, "1e-7"},
		{"0.2625", 0.2625, "0.2625"},
		{"0.212625", 0.212625, "0.212625"},
		{"one", 1, "1"},
		{"zero", 0, "0"},
		{"negative zero", math.Copysign(0, -1), "0"},
		{"1e-6 still plain", 1e-6, "0.000001"},
		{"just below 1e-6", 9.99e-7, "9.99e-7"},
		{"negative small", -1.5e-10, "-1.5e-10"},
		{"1e20 still plain", 1e20, "100000000000000000000"},
		{"1e21", 1e21, "1e+21"},
		{"smallest subnormal", 5e-324, "5e-324"},
		{"largest", math.MaxFloat64, "1.7976931348623157e+308"},
		{"negative", -0.8595, "-0.8595"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := formatNumber(tt.x)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("formatNumber(%v) = %q, want %q", tt.x, got, tt.want)
			}
		})
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got, err := formatNumber(x); err == nil {
			t.Errorf("formatNumber(%v) = %q, want an error", x, got)
		}
	}
}

// The JSON and CSV numbers must be encoding/json's, which is the reference
// here, for any finite float64 but -0: random bit patterns, seeded.
func TestNumberMatchesEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(20171127, 1))
	for range 100000 {
		x := math.Float64frombits(rng.Uint64())
		if !finite(x) || x == 0 {
			continue
		}
		want, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		got, err := formatNumber(x)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Fatalf("formatNumber(%b) = %s, encoding/json gives %s", x, got, want)
		}
	}
}
