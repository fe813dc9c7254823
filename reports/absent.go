package reports

import (
	"fmt"
	"strings"

	"github.com/prio-tool/prio/scoring"
)

// absentWords say, in each language, that a column the criteria set reads
// was accepted as absent (absent: missing): the field then counts as
// missing for every investment of that input, which can reorder a ranking,
// so every report for people says it before the ranking.
var absentWords = map[string]struct{ one, many string }{
	"sv": {
		one:  "Kolumnen för %s saknas i %s: %s räknas som saknat värde för dess enda investering.",
		many: "Kolumnen för %s saknas i %s: %s räknas som saknat värde för alla %s investeringar.",
	},
	"en": {
		one:  "Column for %s absent in %s: %s counted as missing for its one investment.",
		many: "Column for %s absent in %s: %s counted as missing for all %s investments.",
	},
}

// absentSentences gives a sentence per field read by the set that an input
// lacks, in lang, in the order the import found them.
func absentSentences(r *scoring.Result, lang string) []string {
	w := absentWords[lang]
	var out []string
	for _, a := range r.Absent {
		path := ""
		if a.Input >= 0 && a.Input < len(r.Inputs) {
			path = r.Inputs[a.Input].Path
		}
		readers := plainText(strings.Join(a.ReadBy, ", "))
		if a.Investments == 1 {
			out = append(out, fmt.Sprintf(w.one, plainText(a.Field), plainText(path), readers))
			continue
		}
		out = append(out, fmt.Sprintf(w.many, plainText(a.Field), plainText(path), readers, FormatNumber(float64(a.Investments), 0, lang)))
	}
	return out
}
