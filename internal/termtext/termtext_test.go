package termtext

import "testing"

// The expected strings are written out by hand from the escape rules: C0
// and DEL as Go writes them in a rune literal, C1 and the separators and
// bidi controls as \uXXXX, invalid bytes as \xNN.
func TestEscape(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain Swedish", "Försäkringskassan: portfel.xlsx", "Försäkringskassan: portfel.xlsx"},
		{"tab kept", "a\tb", "a\tb"},
		{"window title (OSC 0)", "\x1b]0;pwned\x07.csv", `\x1b]0;pwned\a.csv`},
		{"clear screen (CSI 2J)", "\x1b[2Jx.csv", `\x1b[2Jx.csv`},
		{"carriage return", "ok\rEVIL", `ok\rEVIL`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"C1 CSI as a character", "a\u009b2Jb", `a\u009b2Jb`},
		{"lone 0x9b byte", "a\x9b2Jb", `a\x9b2Jb`},
		{"invalid UTF-8 byte", "caf\xe9", `caf\xe9`},
		{"right-to-left override", "exe.\u202etxt", `exe.\u202etxt`},
		{"isolate", "a\u2066b\u2069", `a\u2066b\u2069`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"backslash left alone", `C:\data\x.csv`, `C:\data\x.csv`},
		{"no-break space kept", "1\u00a0234", "1\u00a0234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Escape(tt.in); got != tt.want {
				t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestUnsafe(t *testing.T) {
	for _, r := range []rune{0, '\t', '\n', '\r', 0x1b, 0x7f, 0x80, 0x9b, 0x9f, 0x2028, 0x2029, 0x202a, 0x202e, 0x2066, 0x2069} {
		if !Unsafe(r) {
			t.Errorf("Unsafe(%U) = false", r)
		}
	}
	for _, r := range []rune{' ', 'a', 'å', 0xa0, 0x200b, 0x2030, 0x2065, 0x206a, '…'} {
		if Unsafe(r) {
			t.Errorf("Unsafe(%U) = true", r)
		}
	}
}
