// Package termtext makes text from files safe to show in a terminal.
//
// Names of files, agencies and investments come from users' files and
// file systems, and may hold characters a terminal obeys rather than shows:
// an escape sequence retitles the window or clears the screen, a carriage
// return writes over the start of the line, a bidirectional override shows
// the rest of the line backwards. [Unsafe] tells such characters; [Escape]
// shows each of them as a Go-style escape (\x1b, \u202e), so that a message
// still says exactly what was there. The table renderer replaces them with
// spaces instead (reports), where alignment matters more.
//
// It must not print.
package termtext

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Unsafe tells a character that a terminal may act on instead of showing:
// the C0 controls (tab included: callers that keep tabs test for it
// first), DEL, the C1 controls (U+0080–U+009F; U+009B is a one-character
// CSI to some terminals), the line and paragraph separators (U+2028,
// U+2029) and the bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069).
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Escape is s with every unsafe character but the tab written as an escape
// (\x1b, \r, \u009b, \u202e), and every byte that is not UTF-8 as \xNN
// (a lone 0x9b byte is a CSI to terminals in 8-bit mode). A backslash is
// left as it is: Windows paths are full of them, and an escape written by
// Escape cannot be told from one typed by a user only in names that hold
// both, which no terminal acts on.
func Escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case r == '\t' || !Unsafe(r):
			b.WriteString(s[i : i+size])
		case r < 0x80:
			q := strconv.QuoteRune(r) // '\x1b', '\r', '\a'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(`\u`)
			h := strconv.FormatInt(int64(r), 16)
			b.WriteString(strings.Repeat("0", 4-len(h)) + h)
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if r != '\t' && Unsafe(r) {
			return true
		}
	}
	return false
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}
