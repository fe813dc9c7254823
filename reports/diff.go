package reports

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// DiffFormat is the "format" of the JSON document WriteDiffJSON writes.
const DiffFormat = "prio.diff/1"

// Diff is what `prio criteria diff` reports: the differences between two
// versions of a criteria set and, with portfolios, their impact.
type Diff struct {
	Old, New *criteria.Set
	Changes  []criteria.Difference
	// Impact is nil when no portfolio was given; Inputs are its files.
	Impact   *scoring.Impact
	Inputs   []portfolio.Input
	Warnings []string
}

type (
	jsonDiff struct {
		Format      string       `json:"format"`
		PrioVersion string       `json:"prio_version"`
		Old         jsonCriteria `json:"old"`
		New         jsonCriteria `json:"new"`
		Changes     []jsonChange `json:"changes"`
		Impact      *jsonImpact  `json:"impact"`
		Warnings    []string     `json:"warnings"`
	}
	jsonChange struct {
		Kind string `json:"kind"`
		What string `json:"what"`
		ID   string `json:"id"`
		Attr string `json:"attr,omitempty"`
		Old  string `json:"old"`
		New  string `json:"new"`
	}
	jsonImpact struct {
		Spearman    *number          `json:"spearman"`
		Kendall     *number          `json:"kendall"`
		WS          *number          `json:"ws"`
		Compared    int              `json:"compared"`
		Top         int              `json:"top"`
		Inputs      []jsonInput      `json:"inputs"`
		Entered     []string         `json:"entered"`
		Left        []string         `json:"left"`
		Investments []jsonInvImpact  `json:"investments"`
		GateChanges []jsonGateChange `json:"gate_changes"`
	}
	jsonInvImpact struct {
		ID          string        `json:"id"`
		Name        *string       `json:"name"`
		Old         *jsonStanding `json:"old"`
		New         *jsonStanding `json:"new"`
		Change      *number       `json:"change"`
		Attribution leafNumbers   `json:"attribution"`
	}
	jsonStanding struct {
		Status string `json:"status"`
		Rank   *int   `json:"rank"`
		Score  number `json:"score"`
	}
	jsonGateChange struct {
		ID   string  `json:"id"`
		Gate string  `json:"gate"`
		Old  *string `json:"old"`
		New  *string `json:"new"`
	}
)

func criteriaInfo(s *criteria.Set) scoring.CriteriaInfo {
	return scoring.CriteriaInfo{ID: s.ID, Version: s.Version, Status: s.Status, SHA256: s.SHA256, Title: s.Title}
}

func optionalNumber(x float64) *number {
	if math.IsNaN(x) {
		return nil
	}
	n := number(x)
	return &n
}

func standing(s scoring.Standing) *jsonStanding {
	if s.Status == "" {
		return nil
	}
	js := &jsonStanding{Status: string(s.Status), Score: number(s.Score)}
	if s.Status != scoring.Excluded {
		r := s.Rank
		js.Rank = &r
	}
	return js
}

// WriteDiffJSON writes d as the prio.diff/1 document: "old" and "new" name
// the two sets as the score document names its set; "changes" lists the
// differences (kind, what, id, attr, old, new); "impact" is null without a
// portfolio, else it opens with the ranking similarities "spearman",
// "kendall" (τ-b) and "ws" (null when fewer than two investments are ranked
// under both), then the number compared, top, inputs, the investments
// entering and leaving the top, every investment's old and new standing with
// its change and per-criterion attribution, and the changed gate outcomes.
func WriteDiffJSON(w io.Writer, d *Diff, o Options) error {
	if _, err := o.lang(); err != nil {
		return err
	}
	doc := jsonDiff{
		Format: DiffFormat, PrioVersion: o.Version,
		Old: newJSONCriteria(criteriaInfo(d.Old)), New: newJSONCriteria(criteriaInfo(d.New)),
		Changes: []jsonChange{}, Warnings: append([]string{}, d.Warnings...),
	}
	for _, c := range d.Changes {
		doc.Changes = append(doc.Changes, jsonChange{c.Kind, c.What, c.ID, c.Attr, c.Old, c.New})
	}
	if im := d.Impact; im != nil {
		ji := &jsonImpact{
			Spearman: optionalNumber(im.Spearman), Kendall: optionalNumber(im.Kendall), WS: optionalNumber(im.WS),
			Compared: im.Compared, Top: im.Top, Inputs: newJSONInputs(d.Inputs),
			Entered: append([]string{}, im.Entered...), Left: append([]string{}, im.Left...),
			Investments: []jsonInvImpact{}, GateChanges: []jsonGateChange{},
		}
		for _, ii := range im.Investments {
			for _, x := range append([]float64{ii.Change}, ii.Attribution...) {
				if !finite(x) {
					return invalid("investment %s: %v", ii.ID, x)
				}
			}
			jii := jsonInvImpact{
				ID: ii.ID, Name: nullIfEmpty(ii.Name), Old: standing(ii.Old), New: standing(ii.New),
				Attribution: leafNumbers{ids: im.Leaves, xs: ii.Attribution},
			}
			if jii.Old != nil && jii.New != nil {
				jii.Change = optionalNumber(ii.Change)
			}
			ji.Investments = append(ji.Investments, jii)
		}
		for _, g := range im.GateChanges {
			ji.GateChanges = append(ji.GateChanges, jsonGateChange{g.ID, g.Gate, nullIfEmpty(g.Old), nullIfEmpty(g.New)})
		}
		doc.Impact = ji
	}
	return writeJSONDocument(w, doc)
}

// diffWords are the words of the diff's plain sentences.
type diffWords struct {
	set, field, derived, gate, criterion, topLevel   string
	added, removed, changed, moved, none             string
	similarity, compared, entered, left, noneEntered string
	rank, score, gateChanges, passed, failed, absent string
	investments                                      string
	attrs                                            map[string]string
	heading, changesHeading, impactHeading           string
	columns                                          []string
	sheetChanges, sheetImpact, sheetGates            string
	changeColumns, impactColumns, gateColumns        []string
}

var diffLabels = map[string]diffWords{
	"sv": {
		set: "Kriterieuppsättningen", field: "Fältet", derived: "Det härledda fältet", gate: "Utgångspunkten", criterion: "Kriteriet", topLevel: "toppnivån",
		added: "tillkommer", removed: "tas bort", changed: "ändras", moved: "flyttas", none: "Inga skillnader.",
		similarity: "Rangordningarnas likhet", compared: "investeringar rangordnade i båda",
		entered: "Går in i topp %d", left: "Lämnar topp %d", noneEntered: "Ingen går in i eller lämnar topp %d.",
		rank: "rang", score: "poäng", gateChanges: "Ändrade utfall för utgångspunkter", passed: "uppfylld", failed: "ej uppfylld", absent: "finns inte",
		investments: "Investeringar vars rang eller poäng ändras",
		heading:     "Ändringar i kriterieuppsättningen", changesHeading: "Ändringar", impactHeading: "Påverkan på rangordningen",
		columns:      []string{"ID", "Namn", "Rang förut", "Rang nu", "Poäng förut", "Poäng nu", "Ändring"},
		sheetChanges: "Ändringar", sheetImpact: "Påverkan", sheetGates: "Utgångspunkter",
		changeColumns: []string{"Slag", "Vad", "ID", "Egenskap", "Förut", "Nu"},
		impactColumns: []string{"ID", "Namn", "Status förut", "Rang förut", "Poäng förut", "Status nu", "Rang nu", "Poäng nu", "Ändring"},
		gateColumns:   []string{"ID", "Utgångspunkt", "Förut", "Nu"},
		attrs: map[string]string{
			"id": "id", "version": "versionen", "status": "statusen", "date": "datumet", "title": "titeln",
			"headers": "rubrikerna", "type": "typen", "unit": "enheten", "required": "obligatoriskt", "blank": "tom cell",
			"sum_columns": "summering av kolumner", "levels": "nivåerna", "uncertainty": "osäkerheten", "expression": "uttrycket",
			"require": "villkoret", "on_fail": "om ej uppfylld", "on_missing": "om uppgift saknas",
			"weight": "vikten", "effective weight": "den effektiva vikten", "field": "fältet", "value": "värdefunktionen",
			"missing": "vid saknat värde", "kind": "slaget",
		},
	},
	"en": {
		set: "The criteria set", field: "Field", derived: "Derived field", gate: "Starting point", criterion: "Criterion", topLevel: "the top level",
		added: "is added", removed: "is removed", changed: "changes", moved: "moves", none: "No differences.",
		similarity: "Similarity of the rankings", compared: "investments ranked under both",
		entered: "Enters the top %d", left: "Leaves the top %d", noneEntered: "Nobody enters or leaves the top %d.",
		rank: "rank", score: "score", gateChanges: "Changed starting-point outcomes", passed: "passed", failed: "failed", absent: "absent",
		investments: "Investments whose rank or score changes",
		heading:     "Changes to the criteria set", changesHeading: "Changes", impactHeading: "Impact on the ranking",
		columns:      []string{"ID", "Name", "Rank before", "Rank now", "Score before", "Score now", "Change"},
		sheetChanges: "Changes", sheetImpact: "Impact", sheetGates: "Starting points",
		changeColumns: []string{"Kind", "What", "ID", "Attribute", "Before", "Now"},
		impactColumns: []string{"ID", "Name", "Status before", "Rank before", "Score before", "Status now", "Rank now", "Score now", "Change"},
		gateColumns:   []string{"ID", "Starting point", "Before", "Now"},
		attrs: map[string]string{
			"effective weight": "effective weight", "on_fail": "on fail", "on_missing": "on missing",
			"sum_columns": "sum of columns", "missing": "missing policy",
		},
	},
}

// diffText is the diff in plain sentences: a title, the changes, and with
// an impact its summary lines, one line per investment that moved, and the
// changed gate outcomes.
type diffText struct {
	title       string
	changes     []string
	summary     []string
	movers      []string
	gateChanges []string
}

func diffSentences(d *Diff, lang string) diffText {
	l := diffLabels[lang]
	var t diffText
	t.title = fmt.Sprintf("%s %s (%s) → %s %s (%s)", d.Old.ID, d.Old.Version, d.Old.Status, d.New.ID, d.New.Version, d.New.Status) // not a message: ids, versions and statuses with an arrow
	if len(d.Changes) == 0 {
		t.changes = append(t.changes, l.none)
	}
	what := map[string]string{"set": l.set, "field": l.field, "derived": l.derived, "gate": l.gate, "criterion": l.criterion}
	for _, c := range d.Changes {
		subject := what[c.What]
		if c.What != "set" {
			subject += " " + plainText(c.ID)
		}
		switch c.Kind {
		case criteria.Added:
			t.changes = append(t.changes, fmt.Sprintf("%s %s: %s.", subject, l.added, plainText(c.New)))
		case criteria.Removed:
			t.changes = append(t.changes, fmt.Sprintf("%s %s (%s).", subject, l.removed, plainText(c.Old)))
		case criteria.Moved:
			from, to := c.Old, c.New
			if from == "" {
				from = l.topLevel
			}
			if to == "" {
				to = l.topLevel
			}
			t.changes = append(t.changes, fmt.Sprintf("%s %s: %s → %s.", subject, l.moved, from, to)) // not a message: put together from diffLabels' words
		default:
			attr := c.Attr
			if a, ok := l.attrs[attr]; ok {
				attr = a
			}
			t.changes = append(t.changes, fmt.Sprintf("%s: %s %s: %s → %s.", subject, attr, l.changed, shownValue(c.Attr, c.Old, lang), shownValue(c.Attr, c.New, lang))) // not a message: put together from diffLabels' words
		}
	}
	im := d.Impact
	if im == nil {
		return t
	}
	t.summary = append(t.summary, fmt.Sprintf("%s: Spearman %s, Kendall τ %s, WS %s (%d %s).", l.similarity, // not a message: the statistics' names; the words are diffLabels'
		similarity(im.Spearman, lang), similarity(im.Kendall, lang), similarity(im.WS, lang), im.Compared, l.compared))
	if len(im.Entered) == 0 && len(im.Left) == 0 {
		t.summary = append(t.summary, fmt.Sprintf(l.noneEntered, im.Top))
	}
	if len(im.Entered) > 0 {
		t.summary = append(t.summary, fmt.Sprintf(l.entered+": %s.", im.Top, plainText(strings.Join(im.Entered, ", "))))
	}
	if len(im.Left) > 0 {
		t.summary = append(t.summary, fmt.Sprintf(l.left+": %s.", im.Top, plainText(strings.Join(im.Left, ", "))))
	}
	for _, ii := range im.Investments {
		if ii.Old.Status == "" || ii.New.Status == "" || (ii.Old.Rank == ii.New.Rank && math.Abs(ii.Change) < 5e-4) {
			continue
		}
		var parts []string
		for j, a := range ii.Attribution {
			if math.Abs(a) >= 5e-4 {
				parts = append(parts, fmt.Sprintf("%s %s", im.Leaves[j], signed(a*100, lang)))
			}
		}
		t.movers = append(t.movers, fmt.Sprintf("%s: %s %s → %s, %s %s → %s (%s%s)", plainText(ii.ID), l.rank, // not a message: put together from diffLabels' words
			standingRank(ii.Old), standingRank(ii.New), l.score, FormatNumber(ii.Old.Score*100, 1, lang), FormatNumber(ii.New.Score*100, 1, lang),
			signed(ii.Change*100, lang), attributionText(parts)))
	}
	outcome := map[string]string{"passed": l.passed, "failed": l.failed, "": l.absent}
	for _, g := range im.GateChanges {
		t.gateChanges = append(t.gateChanges, fmt.Sprintf("%s: %s %s → %s", plainText(g.ID), g.Gate, outcome[g.Old], outcome[g.New])) // not a message: put together from diffLabels' words
	}
	return t
}

// WriteDiffTable writes d as plain sentences for people.
func WriteDiffTable(w io.Writer, d *Diff, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	l := diffLabels[lang]
	t := diffSentences(d, lang)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%s\n\n", t.title)
	for _, line := range t.changes {
		fmt.Fprintln(&buf, line)
	}
	if d.Impact != nil {
		buf.WriteString("\n")
		for _, line := range t.summary {
			fmt.Fprintln(&buf, line)
		}
		if len(t.movers) > 0 {
			fmt.Fprintf(&buf, "\n%s:\n", l.investments)
			for _, line := range t.movers {
				fmt.Fprintln(&buf, line)
			}
		}
		if len(t.gateChanges) > 0 {
			fmt.Fprintf(&buf, "\n%s:\n", l.gateChanges)
			for _, line := range t.gateChanges {
				fmt.Fprintln(&buf, line)
			}
		}
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// WriteDiffMarkdown writes d as Markdown for memos: the changes as a list,
// and with an impact the similarity, the top-k changes and a table of the
// investments whose rank or score changes.
func WriteDiffMarkdown(w io.Writer, d *Diff, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	l := diffLabels[lang]
	t := diffSentences(d, lang)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# %s\n\n%s\n\n## %s\n\n", l.heading, md(t.title), l.changesHeading)
	for _, line := range t.changes {
		fmt.Fprintf(&buf, "- %s\n", md(line))
	}
	if im := d.Impact; im != nil {
		fmt.Fprintf(&buf, "\n## %s\n\n", l.impactHeading)
		for _, line := range t.summary {
			fmt.Fprintf(&buf, "%s\n\n", md(line))
		}
		var rows [][]string
		for _, ii := range im.Investments {
			if ii.Old.Status == "" || ii.New.Status == "" || (ii.Old.Rank == ii.New.Rank && math.Abs(ii.Change) < 5e-4) {
				continue
			}
			rows = append(rows, []string{ii.ID, ii.Name, standingRank(ii.Old), standingRank(ii.New),
				FormatNumber(ii.Old.Score*100, 1, lang), FormatNumber(ii.New.Score*100, 1, lang), signed(ii.Change*100, lang)})
		}
		if len(rows) > 0 {
			fmt.Fprintf(&buf, "### %s\n\n", l.investments)
			mdTable(&buf, l.columns, []bool{false, false, true, true, true, true, true}, rows)
		}
		if len(t.gateChanges) > 0 {
			fmt.Fprintf(&buf, "### %s\n\n", l.gateChanges)
			for _, line := range t.gateChanges {
				fmt.Fprintf(&buf, "- %s\n", md(line))
			}
		}
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func standingRank(s scoring.Standing) string {
	if s.Status == scoring.Excluded {
		return "-"
	}
	return fmt.Sprint(s.Rank)
}

func signed(x float64, lang string) string {
	s := FormatNumber(x, 1, lang)
	if !strings.HasPrefix(s, "-") && s != FormatNumber(0, 1, lang) {
		s = "+" + s
	}
	return s
}

func attributionText(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

func similarity(x float64, lang string) string {
	if math.IsNaN(x) {
		return "–"
	}
	return FormatNumber(x, 3, lang)
}

// shownValue shows a weight as a percent; other attributes as they are.
func shownValue(attr, v, lang string) string {
	if attr == "effective weight" && v != "" {
		var x float64
		if _, err := fmt.Sscan(v, &x); err == nil {
			return FormatNumber(x*100, 2, lang) + " %"
		}
	}
	if v == "" {
		return "–"
	}
	return plainText(v)
}
