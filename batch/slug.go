package batch

import (
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// fallbackSlug names the folder of an agency whose name has no letter or
// digit that a slug keeps ("Ω", "–").
const fallbackSlug = "agency"

// Slug is the folder name of an agency, by the rule of FORMATS.md §4: the
// name in lower case; å and ä become a, ö becomes o, é becomes e; every run
// of other characters except a–z and 0–9 becomes one "-", trimmed at both
// ends. A name with nothing left gives "agency". The name is first brought
// to Unicode's composed form (NFC), so that an "å" written as "a" and a
// combining ring, as macOS writes file names, is an "å" too.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(norm.NFC.String(name)) {
		switch r {
		case 'å', 'ä':
			r = 'a'
		case 'ö':
			r = 'o'
		case 'é':
			r = 'e'
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return fallbackSlug
	}
	return b.String()
}

// Slugs gives each name its Slug, in order; a name whose slug is already
// taken gets the first of "-2", "-3", … that is free.
func Slugs(names []string) []string {
	taken := make(map[string]bool, len(names))
	out := make([]string, len(names))
	for i, name := range names {
		base := Slug(name)
		s := base
		for n := 2; taken[s]; n++ {
			s = base + "-" + strconv.Itoa(n)
		}
		taken[s] = true
		out[i] = s
	}
	return out
}
