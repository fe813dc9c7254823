package reports

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/prio-tool/prio/messages"

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
	Warnings []messages.Message
}

type (
	jsonDiff struct {
		Format      string             `json:"format"`
		PrioVersion string             `json:"prio_version"`
		Old         jsonCriteria       `json:"old"`
		New         jsonCriteria       `json:"new"`
		Changes     []jsonChange       `json:"changes"`
		Impact      *jsonImpact        `json:"impact"`
		Warnings    []messages.Message `json:"warnings"`
	}
	jsonChange struct {
		Kind string `json:"kind"`
		What string `json:"what"`
		ID   string `json:"id"`
		Attr string `json:"attr,omitempty"`
		Old  any    `json:"old"`
		New  any    `json:"new"`
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
		Changes: []jsonChange{}, Warnings: append([]messages.Message{}, d.Warnings...),
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

// diffWords are the words of the diff's reports for people.
type diffWords struct {
	set, field, derived, gate, criterion, topLevel   string
	added, removed, changed, moved, none             string
	similarity, compared, entered, left, noneEntered string // entered, left, noneEntered: k
	rank, score, gateChanges, passed, failed, absent string
	investments, statusChanged                       string
	attrs                                            map[string]string
	heading, changesHeading, impactHeading           string
	columns                                          []string
	sheetChanges, sheetImpact, sheetGates            string
	changeColumns, impactColumns, gateColumns        []string
	kinds                                            map[string]string // field types
	policies                                         map[string]string // missing policies
	nodeKinds                                        map[string]string // leaf, group
	yes, no, blankNo, blankMissing                   string
	weightOf, effective, condition                   string // weightOf: stated; effective: percent; condition: expression
	gateAdded                                        string // what it does, condition
	summaryHeading, title                            string // title: old, new
	captionMovers, captionGates                      string
}

var diffLabels = map[string]diffWords{
	"sv": {
		set: "Kriterieuppsättningen", field: "Fältet", derived: "Det härledda fältet", gate: "Utgångspunkten", criterion: "Kriteriet", topLevel: "toppnivån",
		added: "tillkommer", removed: "tas bort", changed: "ändras", moved: "flyttas", none: "Inga skillnader.",
		similarity: "Rangordningarnas likhet", compared: "investeringar rangordnade i båda",
		entered: "Går in i topp %d", left: "Lämnar topp %d", noneEntered: "Ingen går in i eller lämnar topp %d.",
		rank: "rang", score: "poäng", gateChanges: "Ändrade utfall för utgångspunkter", passed: "uppfylld", failed: "ej uppfylld", absent: "finns inte",
		investments: "Investeringar vars rang, poäng eller status ändras", statusChanged: "status",
		heading: "Ändringar i kriterieuppsättningen", changesHeading: "Ändringar", impactHeading: "Påverkan på rangordningen",
		columns:      []string{"ID", "Namn", "Status", "Rang förut", "Rang nu", "Poäng förut", "Poäng nu", "Ändring"},
		sheetChanges: "Ändringar", sheetImpact: "Påverkan", sheetGates: "Utgångspunkter",
		changeColumns: []string{"Ändring", "Slag", "Vad", "ID", "Egenskap", "Förut", "Nu"},
		impactColumns: []string{"ID", "Namn", "Status förut", "Rang förut", "Poäng förut", "Status nu", "Rang nu", "Poäng nu", "Ändring"},
		gateColumns:   []string{"ID", "Namn", "Utgångspunkt", "Förut", "Nu"},
		attrs: map[string]string{
			"id": "id", "version": "versionen", "status": "statusen", "date": "datumet", "title": "titeln",
			"headers": "rubrikerna", "type": "typen", "unit": "enheten", "required": "obligatoriskt", "blank": "tom cell",
			"sum_columns": "summering av kolumner", "levels": "nivåerna", "uncertainty": "osäkerheten", "expression": "uttrycket",
			"require": "villkoret", "on_fail": "om ej uppfylld", "on_missing": "om uppgift saknas",
			"weight": "vikten", "effective weight": "den effektiva vikten", "field": "fältet", "value": "värdefunktionen",
			"missing": "vid saknat värde", "kind": "slaget",
		},
		kinds: map[string]string{"text": "text", "number": "tal", "percent": "procent", "scale": "skala", "yesno": "ja/nej", "date": "datum"},
		policies: map[string]string{"worst": "sämsta värde (0)", "neutral": "neutralt värde (0,5)", "error": "fel",
			"exclude": "utesluts", "flag": "flaggas", "pass": "räknas som uppfylld", "fail": "räknas som ej uppfylld"},
		nodeKinds: map[string]string{"leaf": "enskilt kriterium", "group": "grupp"},
		yes:       "ja", no: "nej", blankNo: "betyder nej", blankMissing: "betyder att uppgift saknas",
		weightOf: "vikt %s", effective: "effektiv vikt %s", condition: "villkor: %s",
		gateAdded:      "%s; %s",
		summaryHeading: "Sammanfattning", title: "%s → %s",
		captionMovers: "Varje investering vars rang, poäng eller status ändras", captionGates: "Investeringar vars utfall för en utgångspunkt ändras",
	},
	"en": {
		set: "The criteria set", field: "Field", derived: "Derived field", gate: "Starting point", criterion: "Criterion", topLevel: "the top level",
		added: "is added", removed: "is removed", changed: "changes", moved: "moves", none: "No differences.",
		similarity: "Similarity of the rankings", compared: "investments ranked under both",
		entered: "Enters the top %d", left: "Leaves the top %d", noneEntered: "Nobody enters or leaves the top %d.",
		rank: "rank", score: "score", gateChanges: "Changed starting-point outcomes", passed: "met", failed: "not met", absent: "absent",
		investments: "Investments whose rank, score or status changes", statusChanged: "status",
		heading: "Changes to the criteria set", changesHeading: "Changes", impactHeading: "Impact on the ranking",
		columns:      []string{"ID", "Name", "Status", "Rank before", "Rank now", "Score before", "Score now", "Change"},
		sheetChanges: "Changes", sheetImpact: "Impact", sheetGates: "Starting points",
		changeColumns: []string{"Change", "Kind", "What", "ID", "Attribute", "Before", "Now"},
		impactColumns: []string{"ID", "Name", "Status before", "Rank before", "Score before", "Status now", "Rank now", "Score now", "Change"},
		gateColumns:   []string{"ID", "Name", "Starting point", "Before", "Now"},
		attrs: map[string]string{
			"effective weight": "effective weight", "on_fail": "if not met", "on_missing": "if an input is missing",
			"sum_columns": "sum of columns", "missing": "missing policy", "require": "condition",
		},
		kinds: map[string]string{"text": "text", "number": "number", "percent": "percent", "scale": "scale", "yesno": "yes/no", "date": "date"},
		policies: map[string]string{"worst": "worst value (0)", "neutral": "neutral value (0.5)", "error": "error",
			"exclude": "excluded", "flag": "flagged", "pass": "counts as met", "fail": "counts as not met"},
		nodeKinds: map[string]string{"leaf": "single criterion", "group": "group"},
		yes:       "yes", no: "no", blankNo: "means no", blankMissing: "means missing",
		weightOf: "weight %s", effective: "effective weight %s", condition: "condition: %s",
		gateAdded:      "%s; %s",
		summaryHeading: "Summary", title: "%s → %s",
		captionMovers: "Every investment whose rank, score or status changes", captionGates: "Investments whose outcome of a starting point changes",
	},
}

// diffText is the diff for people: a title, the changes in sentences, and
// with an impact its summary lines, the investments entering and leaving
// the top k, one entry per investment that moved and the changed gate
// outcomes.
type diffText struct {
	title   string
	changes []string
	// summary is the similarity and what enters and leaves the top k, in
	// sentences; topLines are its last, which a page that lists the
	// investments entering and leaving leaves out.
	summary       []string
	topLines      int
	entered, left []diffInvestment
	movers        []diffMover
	gateChanges   []diffGate
}

// diffInvestment is an investment by its id and name.
type diffInvestment struct{ ID, Name string }

func (d diffInvestment) String() string { return strings.TrimSpace(d.ID + " " + d.Name) }

// diffMover is an investment whose rank, score or status changed.
type diffMover struct {
	diffInvestment
	Status                     string // "rangordnad", or "rangordnad → flaggad" when it changed
	StatusChanged              bool
	OldRank, NewRank           string
	OldScore, NewScore, Change string
	Attribution                string // "D1 -1,3, D2 +1,5"
}

// diffGate is an investment whose outcome of a starting point changed.
type diffGate struct {
	diffInvestment
	Gate     string // "G7 Högst fem beroenden"
	Old, New string
}

func diffSentences(d *Diff, lang string) diffText {
	l := diffLabels[lang]
	var t diffText
	setName := func(s *criteria.Set) string {
		return strings.TrimSpace(plainText(s.ID)+" "+plainText(s.Version)) + " (" + statusWord(s.Status, lang) + ")"
	}
	t.title = fmt.Sprintf(l.title, setName(d.Old), setName(d.New))
	if len(d.Changes) == 0 {
		t.changes = append(t.changes, l.none)
	}
	what := map[string]string{"set": l.set, "field": l.field, "derived": l.derived, "gate": l.gate, "criterion": l.criterion}
	for _, c := range d.Changes {
		t.changes = append(t.changes, diffChange(d, c, what[c.What], lang))
	}
	im := d.Impact
	if im == nil {
		return t
	}
	names := map[string]string{}
	for _, ii := range im.Investments {
		names[ii.ID] = plainText(ii.Name)
	}
	inv := func(id string) diffInvestment { return diffInvestment{ID: plainText(id), Name: names[id]} }
	t.summary = append(t.summary, fmt.Sprintf("%s: Spearman %s, Kendall τ %s, WS %s (%s %s).", l.similarity, // not a message: the statistics' names; the words are diffLabels'
		similarity(im.Spearman, lang), similarity(im.Kendall, lang), similarity(im.WS, lang), FormatNumber(float64(im.Compared), 0, lang), l.compared))
	for _, id := range im.Entered {
		t.entered = append(t.entered, inv(id))
	}
	for _, id := range im.Left {
		t.left = append(t.left, inv(id))
	}
	list := func(xs []diffInvestment) string {
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = x.String()
		}
		return strings.Join(parts, "; ")
	}
	if len(im.Entered) == 0 && len(im.Left) == 0 {
		t.summary = append(t.summary, fmt.Sprintf(l.noneEntered, im.Top))
	}
	if len(im.Entered) > 0 {
		t.summary = append(t.summary, fmt.Sprintf(l.entered+": %s.", im.Top, list(t.entered)))
		t.topLines++
	}
	if len(im.Left) > 0 {
		t.summary = append(t.summary, fmt.Sprintf(l.left+": %s.", im.Top, list(t.left)))
		t.topLines++
	}
	for _, ii := range im.Investments {
		if ii.Old.Status == "" || ii.New.Status == "" ||
			(ii.Old.Rank == ii.New.Rank && ii.Old.Status == ii.New.Status && math.Abs(ii.Change) < 5e-4) {
			continue
		}
		var parts []string
		for j, a := range ii.Attribution {
			if math.Abs(a) >= 5e-4 {
				parts = append(parts, fmt.Sprintf("%s %s", plainText(im.Leaves[j]), signed(a*100, lang)))
			}
		}
		m := diffMover{diffInvestment: inv(ii.ID), OldRank: standingRank(ii.Old), NewRank: standingRank(ii.New),
			OldScore: FormatNumber(ii.Old.Score*100, 1, lang), NewScore: FormatNumber(ii.New.Score*100, 1, lang),
			Change: signed(ii.Change*100, lang), Attribution: strings.Join(parts, ", ")}
		m.Status = investmentStatus(ii.New.Status, lang)
		if ii.Old.Status != ii.New.Status {
			m.StatusChanged = true
			m.Status = investmentStatus(ii.Old.Status, lang) + " → " + m.Status
		}
		t.movers = append(t.movers, m)
	}
	outcome := map[string]string{"passed": l.passed, "failed": l.failed, "": l.absent}
	for _, g := range im.GateChanges {
		t.gateChanges = append(t.gateChanges, diffGate{diffInvestment: inv(g.ID), Gate: gateName(d, g.Gate, lang),
			Old: outcome[g.Old], New: outcome[g.New]})
	}
	return t
}

// moverLine is a mover as a sentence: "EXV-1 Namn: rang 4 → 2, poäng 55,0
// → 63,4 (+8,4: D1 -1,3, D2 +1,5)", with the status first when it changed.
func (m diffMover) line(lang string) string {
	l := diffLabels[lang]
	s := m.String() + ": "
	if m.StatusChanged {
		s += l.statusChanged + " " + m.Status + ", "
	}
	s += fmt.Sprintf("%s %s → %s, %s %s → %s (%s", l.rank, m.OldRank, m.NewRank, l.score, m.OldScore, m.NewScore, m.Change) // not a message: put together from diffLabels' words
	if m.Attribution != "" {
		s += ": " + m.Attribution
	}
	return s + ")"
}

// gateName is a starting point by its id and title, from the new set or
// else the old.
func gateName(d *Diff, id, lang string) string {
	for _, set := range []*criteria.Set{d.New, d.Old} {
		for _, g := range set.StartingPoints {
			if g.ID == id {
				return strings.TrimSpace(plainText(id) + " " + plainText(g.Title.In(lang)))
			}
		}
	}
	return plainText(id)
}

// diffChange says one difference in a sentence, in lang: added and removed
// things by their titles, a new starting point by what it does, the
// attributes' values in words where the criteria file has a word for them.
func diffChange(d *Diff, c criteria.Difference, subject, lang string) string {
	l := diffLabels[lang]
	title := func(set *criteria.Set) string {
		switch c.What {
		case "field":
			if f := set.Field(c.ID); f != nil {
				return plainText(f.Title.In(lang))
			}
		case "gate":
			for _, g := range set.StartingPoints {
				if g.ID == c.ID {
					return plainText(g.Title.In(lang))
				}
			}
		case "criterion":
			if n := findCriterion(set.Criteria, c.ID); n != nil {
				return plainText(n.Title.In(lang))
			}
		}
		return ""
	}
	if c.What != "set" {
		subject += " " + plainText(c.ID)
		// Its title beside its id: the new set's, else the old one's.
		t := title(d.New)
		if t == "" || c.Kind == criteria.Removed {
			t = title(d.Old)
		}
		if t != "" {
			subject += " " + t
		}
	}
	switch c.Kind {
	case criteria.Added:
		return fmt.Sprintf("%s %s: %s.", subject, l.added, addedDetail(d, c, lang))
	case criteria.Removed:
		return fmt.Sprintf("%s %s.", subject, l.removed)
	case criteria.Moved:
		from, to := fmt.Sprint(c.Old), fmt.Sprint(c.New)
		if from == "" {
			from = l.topLevel
		}
		if to == "" {
			to = l.topLevel
		}
		return fmt.Sprintf("%s %s: %s → %s.", subject, l.moved, plainText(from), plainText(to)) // not a message: put together from diffLabels' words
	}
	attr := c.Attr
	if a, ok := l.attrs[attr]; ok {
		attr = a
	}
	return fmt.Sprintf("%s: %s %s: %s → %s.", subject, attr, l.changed, shownValue(c.Attr, c.Old, lang), shownValue(c.Attr, c.New, lang)) // not a message: put together from diffLabels' words
}

// addedDetail says what an added field, derived field, starting point or
// criterion is, from the new set.
func addedDetail(d *Diff, c criteria.Difference, lang string) string {
	l := diffLabels[lang]
	switch c.What {
	case "field":
		if f := d.New.Field(c.ID); f != nil {
			s := l.kinds[f.Type.String()]
			if f.Unit.Name != "" {
				s += ", " + f.Unit.Name
			}
			return s
		}
	case "gate":
		for _, g := range d.New.StartingPoints {
			if g.ID == c.ID {
				gt := gateTexter{set: d.New, gates: d.New.StartingPoints, lang: lang}
				return fmt.Sprintf(l.gateAdded, gt.what(g), fmt.Sprintf(l.condition, plainText(g.Require)))
			}
		}
	case "criterion":
		if n := findCriterion(d.New.Criteria, c.ID); n != nil {
			return fmt.Sprintf(l.weightOf, FormatNumber(n.Weight, -1, lang)) + ", " +
				fmt.Sprintf(l.effective, FormatNumber(n.EffectiveWeight*100, 2, lang)+"\u00a0%")
		}
	}
	return shownValue("", c.New, lang)
}

// findCriterion finds a criterion of a tree by id.
func findCriterion(cs []*criteria.Criterion, id string) *criteria.Criterion {
	for _, c := range cs {
		if c.ID == id {
			return c
		}
		if f := findCriterion(c.Children, id); f != nil {
			return f
		}
	}
	return nil
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
			for _, m := range t.movers {
				fmt.Fprintln(&buf, m.line(lang))
			}
		}
		if len(t.gateChanges) > 0 {
			fmt.Fprintf(&buf, "\n%s:\n", l.gateChanges)
			for _, g := range t.gateChanges {
				fmt.Fprintf(&buf, "%s: %s: %s → %s\n", g.String(), g.Gate, g.Old, g.New) // not a message: put together from diffLabels' words
			}
		}
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// WriteDiffMarkdown writes d as Markdown for memos: the changes as a list,
// and with an impact the similarity, the top-k changes with names and a
// table of the investments whose rank, score or status changes.
func WriteDiffMarkdown(w io.Writer, d *Diff, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	l := diffLabels[lang]
	t := diffSentences(d, lang)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# %s\n\n%s\n\n", md(l.heading), md(t.title))
	if date := dateText(o.Date, lang); date != "" {
		fmt.Fprintf(&buf, "%s: %s\n\n", md(packWords[lang].date), md(date))
	}
	fmt.Fprintf(&buf, "## %s\n\n", md(l.changesHeading))
	for _, line := range t.changes {
		fmt.Fprintf(&buf, "- %s\n", md(line))
	}
	if d.Impact != nil {
		fmt.Fprintf(&buf, "\n## %s\n\n", md(l.impactHeading))
		for _, line := range t.summary {
			fmt.Fprintf(&buf, "%s\n\n", md(line))
		}
		if len(t.movers) > 0 {
			fmt.Fprintf(&buf, "### %s\n\n", md(l.investments))
			var rows [][]string
			for _, m := range t.movers {
				rows = append(rows, []string{m.ID, m.Name, m.Status, m.OldRank, m.NewRank, m.OldScore, m.NewScore, m.Change})
			}
			mdTable(&buf, l.columns, []bool{false, false, false, true, true, true, true, true}, rows)
		}
		if len(t.gateChanges) > 0 {
			fmt.Fprintf(&buf, "### %s\n\n", md(l.gateChanges))
			for _, g := range t.gateChanges {
				fmt.Fprintf(&buf, "- %s: %s: %s → %s\n", md(g.String()), md(g.Gate), md(g.Old), md(g.New)) // not a message: put together from diffLabels' words
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

// shownValue shows an attribute's value for people: an effective weight
// as a percent, a weight in the report's number format, a status, type,
// policy or yes/no in words; other values (expressions, value functions,
// headers) in the criteria file's own notation.
func shownValue(attr string, value any, lang string) string {
	l := diffLabels[lang]
	var v string
	switch x := value.(type) {
	case nil:
		return "–"
	case float64:
		switch attr {
		case "effective weight":
			return FormatNumber(x*100, 2, lang) + "\u00a0%"
		}
		return FormatNumber(x, -1, lang)
	case bool:
		if x {
			return l.yes
		}
		return l.no
	case messages.Message:
		if k, ok := l.nodeKinds[x.Format]; ok {
			return k
		}
		return plainText(x.In(messages.Lang(lang)))
	case string:
		v = x
	default:
		v = fmt.Sprint(x)
	}
	if v == "" {
		return "–"
	}
	var x float64
	isNumber := func() bool { _, err := fmt.Sscan(v, &x); return err == nil }
	switch attr {
	case "effective weight":
		if isNumber() {
			return FormatNumber(x*100, 2, lang) + "\u00a0%"
		}
	case "weight":
		if isNumber() {
			return FormatNumber(x, -1, lang)
		}
	case "status":
		return statusWord(v, lang)
	case "type":
		if k, ok := l.kinds[v]; ok {
			return k
		}
	case "missing", "on_fail", "on_missing":
		if p, ok := l.policies[v]; ok {
			return p
		}
	case "required", "sum_columns":
		switch v {
		case "true":
			return l.yes
		case "false":
			return l.no
		}
	case "blank":
		switch v {
		case "no":
			return l.blankNo
		case "missing":
			return l.blankMissing
		}
	case "kind":
		// nodeKind wrote it in the language of the messages: take either.
		for _, key := range []string{"leaf", "group"} {
			if v == key || v == diffLabels["sv"].nodeKinds[key] {
				return l.nodeKinds[key]
			}
		}
	}
	return plainText(v)
}
