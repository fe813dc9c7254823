package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/prio-tool/prio/internal/termtext"
	"github.com/prio-tool/prio/scoring"
)

// maxNameRunes and maxAgencyRunes are the widest name and agency the table
// shows; longer ones are cut to fit, ending in "…".
const (
	maxNameRunes   = 48
	maxAgencyRunes = 32
)

// tableLabels are the words of the table in one language.
type tableLabels struct {
	criteria                                   string
	rank, id, name, agency, score, failedGates string
	investment, investments                    string
	ranked, rankedPl, flagged, flaggedPl       string
	excluded, excludedPl                       string
	andMore                                    string // n: the items left out of a list
}

var labels = map[string]tableLabels{
	"sv": {
		criteria: "Kriterier",
		rank:     "Rang", id: "ID", name: "Namn", agency: "Myndighet", score: "Poäng",
		failedGates: "Ej uppfyllda utgångspunkter",
		investment:  "investering", investments: "investeringar",
		ranked: "rangordnad", rankedPl: "rangordnade",
		flagged: "flaggad", flaggedPl: "flaggade",
		excluded: "utesluten", excludedPl: "uteslutna",
		andMore: "och %s till: se -f json",
	},
	"en": {
		criteria: "Criteria",
		rank:     "Rank", id: "ID", name: "Name", agency: "Agency", score: "Score",
		failedGates: "Failed gates",
		investment:  "investment", investments: "investments",
		ranked: "ranked", rankedPl: "ranked",
		flagged: "flagged", flaggedPl: "flagged",
		excluded: "excluded", excludedPl: "excluded",
		andMore: "and %s more: see -f json",
	},
}

// WriteTable writes r as an aligned plain-text table for people: a title
// line naming the criteria set, a header, one row per investment (rank, id,
// name, agency, score × 100 with one decimal, failed gates) with the ranked
// and flagged ones first and the excluded ones after them with rank "-",
// and a summary line of counts. A list in a cell (the failed gates) shows
// its first [MaxListed] items and counts the rest. Labels and numbers follow o.Lang (Swedish
// by default). Columns are aligned by rune count, rank and score to the
// right; names longer than 48 runes and agencies longer than 32 are cut. Lines have no trailing spaces.
func WriteTable(w io.Writer, r *scoring.Result, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	if err := checkResult(r); err != nil {
		return err
	}
	l := labels[lang]

	rows := [][]string{{l.rank, l.id, l.name, l.agency, l.score, l.failedGates}}
	var ranked, flagged, excluded int
	var excludedRows [][]string
	for i := range r.Investments {
		a := &r.Investments[i]
		rank := "-"
		if a.Status != scoring.Excluded {
			rank = FormatNumber(float64(a.Rank), 0, lang)
		}
		row := []string{
			rank,
			plainText(a.ID),
			truncate(plainText(a.Name), maxNameRunes),
			truncate(plainText(a.Agency), maxAgencyRunes),
			FormatNumber(a.Score*100, 1, lang),
			plainText(boundedList(a.FailedGates(), l.andMore, lang)),
		}
		switch a.Status {
		case scoring.Excluded:
			excluded++
			excludedRows = append(excludedRows, row)
			continue
		case scoring.Flagged:
			flagged++
		}
		ranked++
		rows = append(rows, row)
	}
	rows = append(rows, excludedRows...)

	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%s: %s\n\n", l.criteria, criteriaTitle(r.Criteria, lang))
	if absent := absentSentences(r, nil, lang); len(absent) > 0 {
		fmt.Fprintf(&buf, "%s\n\n", strings.Join(absent, "\n"))
	}
	writeAligned(&buf, rows, []bool{true, false, false, false, true, false})
	total := len(r.Investments)
	fmt.Fprintf(&buf, "\n%s %s: %s %s (%s %s), %s %s\n",
		FormatNumber(float64(total), 0, lang), plural(total, l.investment, l.investments),
		FormatNumber(float64(ranked), 0, lang), plural(ranked, l.ranked, l.rankedPl),
		FormatNumber(float64(flagged), 0, lang), plural(flagged, l.flagged, l.flaggedPl),
		FormatNumber(float64(excluded), 0, lang), plural(excluded, l.excluded, l.excludedPl))
	_, err = w.Write(buf.Bytes())
	return err
}

// criteriaTitle names the criteria set: "<title> <version> (<status>)", the
// status in words of lang ("utkast", not the criteria file's "draft"), the
// id standing in for a missing title.
func criteriaTitle(c scoring.CriteriaInfo, lang string) string {
	parts := []string{plainText(c.Title.In(lang))}
	if parts[0] == "" {
		parts[0] = plainText(c.ID)
	}
	if v := plainText(c.Version); v != "" {
		parts = append(parts, v)
	}
	if s := plainText(c.Status); s != "" {
		parts = append(parts, "("+statusWord(s, lang)+")")
	}
	return strings.Join(parts, " ")
}

// writeAligned writes rows as columns two spaces apart, padded to the
// widest cell by rune count; right[i] aligns column i to the right. Trailing
// spaces are dropped, so an empty last cell leaves none.
func writeAligned(buf *bytes.Buffer, rows [][]string, right []bool) {
	widths := make([]int, len(right))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	var line strings.Builder
	for _, row := range rows {
		line.Reset()
		for i, cell := range row {
			if i > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if right[i] {
				line.WriteString(pad + cell)
			} else {
				line.WriteString(cell + pad)
			}
		}
		buf.WriteString(strings.TrimRight(line.String(), " "))
		buf.WriteByte('\n')
	}
}

// plainText makes s safe to print in a terminal table: the characters a
// terminal acts on (termtext.Unsafe: a tab or newline from a spreadsheet
// cell, an escape sequence, a bidirectional override) become spaces, so
// they cannot break the alignment or drive the terminal, and bytes that
// are not UTF-8 become U+FFFD; surrounding spaces go. Every text cell of
// every table prio prints passes through here.
func plainText(s string) string {
	s = strings.Map(func(r rune) rune {
		if termtext.Unsafe(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// truncate cuts s to at most n runes, the last being "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return strings.TrimRight(string(runes[:n-1]), " ") + "…"
}

// boundedList joins the first MaxListed items with ", " and counts the
// rest with andMore ("and %s more: see -f json").
func boundedList(items []string, andMore, lang string) string {
	if len(items) <= MaxListed {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:MaxListed], ", ") + " " + fmt.Sprintf(andMore, FormatNumber(float64(len(items)-MaxListed), 0, lang))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
