package reports

import (
	"math"
	"strconv"
	"strings"
)

// FormatNumber formats x with the given number of decimals in the number
// format of lang: "en" gives "1,234.5"; any other lang gives Swedish,
// "1 234,5", with a no-break space (U+00A0) between thousand groups, a
// decimal comma and an ASCII "-" minus. Rounding is strconv's: the exact
// binary value of x rounded to nearest, ties to even. A value that rounds to
// zero prints without a minus ("-0.04" with one decimal gives "0,0"). A
// negative decimals gives the shortest digits that read back as x. NaN and
// infinities print as strconv prints them.
//
// Written by hand rather than with golang.org/x/text/message: its Swedish
// format writes the minus as U+2212, and prio's design asks for ASCII "-"
// so that numbers copied from the terminal read back everywhere.
func FormatNumber(x float64, decimals int, lang string) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if !finite(x) {
		return s
	}
	group, point := "\u00a0", ","
	if lang == "en" {
		group, point = ",", "."
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	if strings.Trim(whole+frac, "0") == "" {
		neg = false
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := 0; i < len(whole); i++ { // only ASCII digits here
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteByte(whole[i])
	}
	if hasFrac {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}

// appendNumber appends x as encoding/json writes a float64 (the shortest
// form that reads back exactly; exponent form below 1e-6 and from 1e21 on,
// "1e-7" not "1e-07"), except that -0 is written as 0. JSON and CSV share it
// so that both give the same digits. NaN and infinities are an error: they
// have no JSON form.
func appendNumber(b []byte, x float64) ([]byte, error) {
	if !finite(x) {
		return b, invalid("%v is not a finite number", x)
	}
	if x == 0 { // also -0
		return append(b, '0'), nil
	}
	format := byte('f')
	if abs := math.Abs(x); abs < 1e-6 || abs >= 1e21 {
		format = 'e'
	}
	b = strconv.AppendFloat(b, x, format, -1, 64)
	if format == 'e' {
		// e-07 → e-7, as encoding/json does.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// formatNumber is appendNumber for one number.
func formatNumber(x float64) (string, error) {
	b, err := appendNumber(nil, x)
	return string(b), err
}
