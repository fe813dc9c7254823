package reports

import (
	"fmt"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/scoring"
)

// absentWords say, in each language, that a column the criteria set reads
// was accepted as absent (absent: missing): the field then counts as
// missing for every investment of that input, which can reorder a ranking,
// so every report for people says it before the ranking. The field is
// named by its title when the report has the set; else by the headers
// looked for ("Löptid (mån)" or "Löptid").
var absentWords = map[string]struct{ one, many, oneNoTitle, manyNoTitle string }{
	"sv": {
		one:         "Kolumnen för %s saknas i %s: %s räknas som saknat värde för dess enda investering.",
		many:        "Kolumnen för %s saknas i %s: %s räknas som saknat värde för alla %s investeringar.",
		oneNoTitle:  "Kolumnen %s saknas i %s: %s räknas som saknat värde för dess enda investering.",
		manyNoTitle: "Kolumnen %s saknas i %s: %s räknas som saknat värde för alla %s investeringar.",
	},
	"en": {
		one:         "Column for %s absent in %s: %s counted as missing for its one investment.",
		many:        "Column for %s absent in %s: %s counted as missing for all %s investments.",
		oneNoTitle:  "Column %s absent in %s: %s counted as missing for its one investment.",
		manyNoTitle: "Column %s absent in %s: %s counted as missing for all %s investments.",
	},
}

// absentSentences gives a sentence per field read by the set that an input
// lacks, in lang, in the order the import found them: the field by its
// title (when set is given), and the criteria and starting points that
// read it by their ids and titles (derived fields in between are left
// out: the criteria they feed are named).
func absentSentences(r *scoring.Result, set *criteria.Set, lang string) []string {
	w := absentWords[lang]
	and := gateLabels[lang].and
	var out []string
	for _, a := range r.Absent {
		path := ""
		if a.Input >= 0 && a.Input < len(r.Inputs) {
			path = r.Inputs[a.Input].Path
		}
		var readers []string
		for _, id := range a.ReadBy {
			if name := readerName(r, id, lang); name != "" {
				readers = append(readers, name)
			}
		}
		title := ""
		if set != nil {
			if f := set.Field(a.Field); f != nil {
				title = capitalise(plainText(f.Title.In(lang)), false)
			}
		}
		one, many := w.one, w.many
		if title == "" {
			one, many = w.oneNoTitle, w.manyNoTitle
			quoted := make([]string, len(a.Headers))
			for i, h := range a.Headers {
				quoted[i] = gateLabels[lang].quoteOpen + plainText(h) + gateLabels[lang].quoteClose
			}
			title = joinWords(quoted, gateLabels[lang].or)
		}
		if a.Investments == 1 {
			out = append(out, fmt.Sprintf(one, title, plainText(path), joinWords(readers, and)))
			continue
		}
		out = append(out, fmt.Sprintf(many, title, plainText(path), joinWords(readers, and), FormatNumber(float64(a.Investments), 0, lang)))
	}
	return out
}

// readerName names a criterion or starting point of a result by its id and
// title; "" for anything else (a derived field).
func readerName(r *scoring.Result, id, lang string) string {
	for _, c := range r.Leaves {
		if c.ID == id {
			return joinTitle(id, c.Title.In(lang))
		}
	}
	for _, g := range r.Gates {
		if g.ID == id {
			return joinTitle(id, g.Title.In(lang))
		}
	}
	return ""
}

func joinTitle(id, title string) string {
	if t := plainText(title); t != "" {
		return plainText(id) + " " + t
	}
	return plainText(id)
}
