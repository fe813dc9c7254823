package reports

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// sensitivityLabels are the words of the sensitivity table in one language.
// The format strings take the arguments their comments name.
type sensitivityLabels struct {
	criteria, analysis                 string
	samples, seed, top                 string // samples: "10 000 stickprov" (count); top: "topp 5" (k)
	free, order, vary                  string // vary: the share R as a percent
	rank, id, name, score, topK, first string // topK: the header (k)
	rankRange, legend                  string // legend: k, k
	stability, criterion, weight       string
	ranking, topKStable                string // topKStable: k
	below, above                       string // below/above: bound, up, down
	belowNone, aboveNone, never        string
	decisive, noDecisive               string // k
	andMore                            string // n: the items left out of a list
}

var sensitivityWords = map[string]sensitivityLabels{
	"sv": {
		criteria: "Kriterier", analysis: "Känslighetsanalys",
		samples: "%s stickprov", seed: "slumpfrö %s", top: "topp %s",
		free: "fria vikter", order: "vikter i de angivnas ordning", vary: "varje vikt inom ±%s av den angivna",
		rank: "Rang", id: "ID", name: "Namn", score: "Poäng", topK: "Topp %s", first: "Rang 1",
		rankRange: "Rangintervall vid saknade värden",
		legend: "Topp %s och Rang 1: andel av stickproven där investeringen hade rang %s eller bättre, " +
			"respektive rang 1. Rangintervall vid saknade värden: bästa och sämsta rang när varje saknat värde " +
			"(investeringens egna och de andras) kan vara vad som helst från 0 till 1.",
		stability: "Vikternas stabilitet (de andra vikterna skalas om i proportion)",
		criterion: "Kriterium", weight: "Vikt",
		ranking: "Rangordningen oförändrad", topKStable: "Topp %s oförändrad",
		below: "Under %s går %s om %s.", above: "Över %s går %s om %s.",
		belowNone:  "Rangordningen ändras inte hur lågt vikten än sätts.",
		aboveNone:  "Rangordningen ändras inte hur högt vikten än sätts.",
		never:      "Rangordningen ändras inte, vilken vikt kriteriet än får.",
		decisive:   "Saknade värden avgör om de här investeringarna hamnar bland topp %s:",
		noDecisive: "Saknade värden avgör inte vilka investeringar som hamnar bland topp %s.",
		andMore:    "och %s till: se -f json",
	},
	"en": {
		criteria: "Criteria", analysis: "Sensitivity analysis",
		samples: "%s samples", seed: "seed %s", top: "top %s",
		free: "free weights", order: "weights in the stated order", vary: "each weight within ±%s of the stated one",
		rank: "Rank", id: "ID", name: "Name", score: "Score", topK: "Top %s", first: "Rank 1",
		rankRange: "Rank range with missing values",
		legend: "Top %s and Rank 1: share of the samples in which the investment ranked %s or better, " +
			"and first. Rank range with missing values: best and worst rank when every missing value " +
			"(the investment's own and the others') may be anything from 0 to 1.",
		stability: "Stability of the weights (the other weights rescaled in proportion)",
		criterion: "Criterion", weight: "Weight",
		ranking: "Ranking unchanged", topKStable: "Top %s unchanged",
		below: "Below %s %s overtakes %s.", above: "Above %s %s overtakes %s.",
		belowNone:  "The ranking does not change however low the weight is set.",
		aboveNone:  "The ranking does not change however high the weight is set.",
		never:      "The ranking does not change, whatever the weight.",
		decisive:   "Missing values decide whether these investments are in the top %s:",
		noDecisive: "Missing values do not decide which investments are in the top %s.",
		andMore:    "and %s more: see -f json",
	},
}

// WriteSensitivityTable writes r as plain text for people, in o.Lang
// (Swedish by default):
//   - a title naming the criteria set and the run: samples, seed, weight
//     model and k of the top k;
//   - a table of the investments in rank order: rank, id, name (cut as in
//     [WriteTable]), score × 100 with one decimal, the top-k share and the
//     rank-1 share as percents, and the rank range under missing values
//     ("1–3", or "2" when best and worst agree), with a legend;
//   - a table of the criteria: id, title, effective weight, and the
//     intervals of the weight within which the full ranking and the top k
//     stay unchanged, as percents; then, per criterion, the swaps at the
//     full-ranking interval's bounds as sentences;
//   - the investments whose top-k membership depends on missing values,
//     with the cells: the first [MaxListed] investments, each with its
//     first MaxListed cells, the rest counted ("and 1 234 more: see -f
//     json"), so that a portfolio with many gaps stays readable.
//
// leaves gives the criteria's titles: it must be parallel to r.Leaves
// (scoring.Result.Leaves is), or nil to leave the title column out.
// Warnings are not printed: the command prints them on stderr.
func WriteSensitivityTable(w io.Writer, r *sensitivity.Result, leaves []*criteria.Criterion, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	if err := checkSensitivity(r); err != nil {
		return err
	}
	if leaves != nil {
		if len(leaves) != len(r.Leaves) {
			return invalid("%d criteria titles for %d criteria", len(leaves), len(r.Leaves))
		}
		for k, c := range leaves {
			if c == nil || c.ID != r.Leaves[k] {
				return invalid("criterion %d is not %s", k+1, r.Leaves[k])
			}
		}
	}
	l := sensitivityWords[lang]
	k := FormatNumber(float64(r.Top), 0, lang)
	pct := func(x float64) string { return FormatNumber(x*100, 1, lang) + " %" }
	interval := func(iv [2]float64) string { return pct(iv[0]) + "–" + pct(iv[1]) }

	var buf bytes.Buffer
	model := l.free
	switch r.Weights.Kind {
	case criteria.WeightsOrder:
		model = l.order
	case criteria.WeightsVary:
		model = fmt.Sprintf(l.vary, pct(r.Weights.Vary))
	}
	fmt.Fprintf(&buf, "%s: %s\n", l.criteria, criteriaTitle(r.Criteria, lang))
	fmt.Fprintf(&buf, "%s: %s, %s, %s, %s\n\n", l.analysis,
		fmt.Sprintf(l.samples, FormatNumber(float64(r.Samples), 0, lang)),
		fmt.Sprintf(l.seed, strconv.FormatUint(r.Seed, 10)),
		model,
		fmt.Sprintf(l.top, k))

	rows := [][]string{{l.rank, l.id, l.name, l.score, fmt.Sprintf(l.topK, k), l.first, l.rankRange}}
	for i := range r.Investments {
		inv := &r.Investments[i]
		first := 0.0
		if len(inv.Acceptability) > 0 {
			first = inv.Acceptability[0]
		}
		rr := strconv.Itoa(inv.RankRange.Best)
		if inv.RankRange.Worst != inv.RankRange.Best {
			rr += "–" + strconv.Itoa(inv.RankRange.Worst)
		}
		rows = append(rows, []string{
			FormatNumber(float64(inv.Rank), 0, lang),
			plainText(inv.ID),
			truncate(plainText(inv.Name), maxNameRunes),
			FormatNumber(inv.Score*100, 1, lang),
			pct(inv.TopK),
			pct(first),
			rr,
		})
	}
	writeAligned(&buf, rows, []bool{true, false, false, true, true, true, true})
	fmt.Fprintf(&buf, "\n%s\n", wrap(fmt.Sprintf(l.legend, k, k), 78))

	fmt.Fprintf(&buf, "\n%s\n\n", l.stability)
	header := []string{l.id, l.criterion, l.weight, l.ranking, fmt.Sprintf(l.topKStable, k)}
	right := []bool{false, false, true, true, true}
	// Without titles the title column (1) goes.
	cut := func(row []string) []string {
		if leaves == nil {
			return slices.Delete(row, 1, 2)
		}
		return row
	}
	if leaves == nil {
		right = slices.Delete(right, 1, 2)
	}
	rows = [][]string{cut(header)}
	for j, s := range r.Stability {
		title := ""
		if leaves != nil {
			title = truncate(plainText(leaves[j].Title.In(lang)), maxNameRunes)
		}
		rows = append(rows, cut([]string{plainText(s.Leaf), title, pct(s.Weight), interval(s.Ranking), interval(s.TopK)}))
	}
	writeAligned(&buf, rows, right)
	buf.WriteByte('\n')
	for _, s := range r.Stability {
		below, above := l.belowNone, l.aboveNone
		if s.Below != nil {
			below = fmt.Sprintf(l.below, pct(s.Below.At), plainText(s.Below.Up), plainText(s.Below.Down))
		}
		if s.Above != nil {
			above = fmt.Sprintf(l.above, pct(s.Above.At), plainText(s.Above.Up), plainText(s.Above.Down))
		}
		if s.Below == nil && s.Above == nil {
			fmt.Fprintf(&buf, "%s: %s\n", plainText(s.Leaf), l.never)
			continue
		}
		fmt.Fprintf(&buf, "%s: %s %s\n", plainText(s.Leaf), below, above)
	}

	buf.WriteByte('\n')
	if len(r.MissingDecisive) == 0 {
		fmt.Fprintf(&buf, "%s\n", fmt.Sprintf(l.noDecisive, k))
	} else {
		fmt.Fprintf(&buf, "%s\n\n", fmt.Sprintf(l.decisive, k))
		// The cells follow the id, wrapped under one another.
		listed := r.MissingDecisive[:min(len(r.MissingDecisive), MaxListed)]
		idWidth := 0
		for _, d := range listed {
			idWidth = max(idWidth, utf8.RuneCountInString(plainText(d.ID)))
		}
		for _, d := range listed {
			cells := make([]string, 0, min(len(d.Cells), MaxListed)+1)
			for _, c := range d.Cells[:min(len(d.Cells), MaxListed)] {
				cells = append(cells, plainText(c))
			}
			if rest := len(d.Cells) - MaxListed; rest > 0 {
				cells = append(cells, fmt.Sprintf(l.andMore, FormatNumber(float64(rest), 0, lang)))
			}
			id := plainText(d.ID)
			indent := strings.Repeat(" ", idWidth+2)
			for i, line := range wrapList(cells, max(decisiveWidth-idWidth-2, 20)) {
				lead := indent
				if i == 0 {
					lead = id + indent[utf8.RuneCountInString(id):]
				}
				fmt.Fprintf(&buf, "%s%s\n", lead, line)
			}
		}
		if rest := len(r.MissingDecisive) - MaxListed; rest > 0 {
			fmt.Fprintf(&buf, "%s\n", fmt.Sprintf(l.andMore, FormatNumber(float64(rest), 0, lang)))
		}
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// decisiveWidth is the width the lists of decisive cells are wrapped to.
const decisiveWidth = 78

// MaxListed is how many items a list in a table for the terminal shows;
// the rest are counted, and the JSON gives them all.
const MaxListed = 10

// wrapList joins items with ", " into lines of at most width runes, breaking
// only between items; an item longer than width stands on a line of its own.
func wrapList(items []string, width int) []string {
	var lines []string
	var line strings.Builder
	n := 0
	for i, item := range items {
		if i < len(items)-1 {
			item += ","
		}
		w := utf8.RuneCountInString(item)
		if n > 0 && n+1+w > width {
			lines = append(lines, line.String())
			line.Reset()
			n = 0
		}
		if n > 0 {
			line.WriteByte(' ')
			n++
		}
		line.WriteString(item)
		n += w
	}
	if n > 0 {
		lines = append(lines, line.String())
	}
	return lines
}
