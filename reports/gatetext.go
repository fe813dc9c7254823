package reports

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// gateWords are the words of a starting point's outcome for people.
type gateWords struct {
	notMet, met, metMissing string // "ej uppfylld", "uppfylld", "uppfylld trots att uppgift saknas"
	missingOne, missingMany string // missingOne: field; missingMany: fields ("a, b och c")
	and, or, yes, no        string
	quoteOpen, quoteClose   string
	excludes, flags         string // what a failed gate does to an investment
	onMissingPass           string // an on_missing: pass gate, in words
	onMissingFail           string
}

var gateLabels = map[string]gateWords{
	"sv": {
		notMet: "ej uppfylld", met: "uppfylld", metMissing: "uppfylld trots att uppgift saknas",
		missingOne: "%s saknas", missingMany: "%s saknas",
		and: "och", or: "eller", yes: "ja", no: "nej", quoteOpen: "”", quoteClose: "”",
		excludes:      "investeringar som inte uppfyller den utesluts ur rangordningen",
		flags:         "investeringar som inte uppfyller den rangordnas men flaggas",
		onMissingPass: "saknas en uppgift räknas den som uppfylld",
		onMissingFail: "saknas en uppgift räknas den som ej uppfylld",
	},
	"en": {
		notMet: "not met", met: "met", metMissing: "met although an input is missing",
		missingOne: "%s missing", missingMany: "%s missing",
		and: "and", or: "or", yes: "yes", no: "no", quoteOpen: "“", quoteClose: "”",
		excludes:      "investments that do not meet it are left out of the ranking",
		flags:         "investments that do not meet it are ranked but flagged",
		onMissingPass: "a missing input counts as met",
		onMissingFail: "a missing input counts as not met",
	},
}

// gateTexter words the outcomes of a result's starting points for people:
// the gate's title (or its fail_text) and the values it read, named by the
// fields' titles with their units, in the report's number format. It needs
// the criteria set for the fields' titles and units; without one it names
// the fields by their ids.
type gateTexter struct {
	set   *criteria.Set
	gates []*criteria.Gate // parallel to Assessment.Gates
	lang  string
}

func newGateTexter(set *criteria.Set, r *scoring.Result, lang string) gateTexter {
	return gateTexter{set: set, gates: r.Gates, lang: lang}
}

// gate is the definition of the gi-th starting point, or nil.
func (t gateTexter) gate(gi int) *criteria.Gate {
	if gi < len(t.gates) {
		return t.gates[gi]
	}
	return nil
}

// title is a gate's title in lang, or its id.
func (t gateTexter) title(gi int, g scoring.GateResult) string {
	if d := t.gate(gi); d != nil {
		if s := plainText(d.Title.In(t.lang)); s != "" {
			return s
		}
	}
	return plainText(g.ID)
}

// sentence says what came of a failed gate, or of one passed only because
// an input was missing: "Nyttoplan finns över 10 mnkr: ej uppfylld
// (nyttorealiseringsplan: nej; investeringsutgift: 20,2 mnkr)", or the
// gate's fail_text before the brackets. "" for a gate passed on its values.
func (t gateTexter) sentence(gi int, g scoring.GateResult) string {
	w := gateLabels[t.lang]
	var head string
	switch {
	case g.Passed && g.Evaluated:
		return ""
	case g.Passed:
		head = t.title(gi, g) + ": " + w.metMissing
	default:
		head = t.title(gi, g) + ": " + w.notMet
		if d := t.gate(gi); d != nil {
			if s := plainText(d.FailText.In(t.lang)); s != "" {
				head = s
			}
		}
	}
	if detail := t.detail(g); detail != "" {
		return head + " (" + detail + ")"
	}
	return head
}

// detail is what the brackets of a sentence hold: the missing fields
// ("projektägare saknas") or the values read ("nyttorealiseringsplan: nej;
// investeringsutgift: 20,2 mnkr").
func (t gateTexter) detail(g scoring.GateResult) string {
	w := gateLabels[t.lang]
	if len(g.Missing) > 0 {
		names := make([]string, len(g.Missing))
		for i, f := range g.Missing {
			names[i] = t.fieldName(f)
		}
		format := w.missingOne
		if len(names) > 1 {
			format = w.missingMany
		}
		return capitalise(strings.Replace(format, "%s", joinWords(names, w.and), 1), false)
	}
	parts := make([]string, 0, len(g.Values))
	for _, v := range g.Values {
		parts = append(parts, t.fieldName(v.Field)+": "+t.value(v))
	}
	return strings.Join(parts, "; ")
}

// fieldName is a field's title in lang, starting in lower case as it
// stands inside a sentence; its id when the set gives no title.
func (t gateTexter) fieldName(name string) string {
	if t.set != nil {
		if f := t.set.Field(name); f != nil {
			if s := plainText(f.Title.In(t.lang)); s != "" {
				return capitalise(s, false)
			}
		}
	}
	return plainText(name)
}

// value is a value a gate read, for people: a number with its unit in the
// report's format, a share as a percentage, a scale by its level, yes/no
// as a word, a date as YYYY-MM-DD, text quoted and cut at 40 characters.
func (t gateTexter) value(v scoring.GateValue) string {
	w := gateLabels[t.lang]
	x := v.Value
	switch v.Kind {
	case portfolio.Number:
		s := readableNumber(x.Num, t.lang)
		if t.set != nil {
			if f := t.set.Field(v.Field); f != nil && f.Unit.Name != "" {
				s += "\u00a0" + f.Unit.Name
			}
		}
		return s
	case portfolio.Percent:
		return readableNumber(x.Num*100, t.lang) + "\u00a0%"
	case portfolio.Scale:
		if x.Text != "" {
			return w.quoteOpen + plainText(x.Text) + w.quoteClose
		}
		return readableNumber(x.Num, t.lang)
	case portfolio.YesNo:
		if x.Bool {
			return w.yes
		}
		return w.no
	case portfolio.Date:
		return x.Date.Format(time.DateOnly)
	}
	return w.quoteOpen + truncate(plainText(x.Text), 40) + w.quoteClose
}

// readableNumber is a number as a person reads it in a sentence: whole
// numbers without decimals, others with at most two, trailing zeros
// dropped ("20,2", "1,33", "42").
func readableNumber(x float64, lang string) string {
	s := FormatNumber(x, 2, lang)
	point := ","
	if lang == "en" {
		point = "."
	}
	if strings.Contains(s, point) {
		s = strings.TrimRight(strings.TrimRight(s, "0"), point)
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// joinWords joins words as a sentence lists them: "a", "a och b",
// "a, b och c".
func joinWords(words []string, and string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + and + " " + words[len(words)-1]
}

// capitalise sets the case of s's first letter (upper when up), unless
// its second letter is a capital too, as in an abbreviation ("IT-stöd").
func capitalise(s string, up bool) string {
	first, n := utf8.DecodeRuneInString(s)
	if first == utf8.RuneError {
		return s
	}
	if second, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(second) {
		return s
	}
	if up {
		return string(unicode.ToUpper(first)) + s[n:]
	}
	return string(unicode.ToLower(first)) + s[n:]
}

// what says in words what a gate does: what becomes of an investment that
// fails it, and how a missing input counts.
func (t gateTexter) what(d *criteria.Gate) string {
	w := gateLabels[t.lang]
	s := w.excludes
	if d.OnFail == criteria.OnFailFlag {
		s = w.flags
	}
	if d.OnMissingPass {
		return s + "; " + w.onMissingPass
	}
	return s + "; " + w.onMissingFail
}
