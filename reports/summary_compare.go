package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/prio-tool/prio/scoring"
)

// ComparisonFormat is the "format" of the JSON document
// WriteComparisonJSON writes.
const ComparisonFormat = "prio.compare/1"

// Why an agency of both runs was not compared (AgencyComparison.NotCompared).
const (
	NotComparedFailed       = "failed"        // its run failed this time
	NotComparedFailedBefore = "failed_before" // its run failed last time
	NotComparedNoJSON       = "no_json"       // the last run wrote no score.json for it
)

// BatchComparison is what changed between a previous batch run and this
// one (`prio batch --compare`): plain data, filled in by package batch.
type BatchComparison struct {
	// Previous names the previous run's folder as the user gave it.
	Previous string
	Old, New scoring.CriteriaInfo
	// Agencies only in this run, and only in the previous one, in their
	// runs' order.
	AgenciesAdded, AgenciesRemoved []string
	// Agencies in both runs, in this run's order.
	Agencies []AgencyComparison
}

// AgencyComparison is what changed for one agency of both runs.
type AgencyComparison struct {
	Name string
	// NotCompared is "" when the agency was compared, else why not (one of
	// the NotCompared constants).
	NotCompared string
	// Changes are the investments added (Old.Status ""), removed
	// (New.Status "") or whose status, rank or score changed, in this
	// run's order and then the removed ones by id.
	Changes     []InvestmentChange
	GateChanges []scoring.GateChange
	// Funding is what moved in or out of the funded set, when either run
	// had a selection for the agency; nil when neither had one.
	Funding *FundingComparison
}

// Why the selections of an agency of both runs were not compared
// (FundingComparison.NotCompared).
const (
	NotComparedNoSelectionBefore = "no_selection_before" // the last run had no selection block
	NotComparedNoSelectionNow    = "no_selection_now"    // this run has none
	NotComparedNoSelectionJSON   = "no_json"             // the last run wrote no selection.json for the agency
)

// FundingComparison is what moved in or out of an agency's funded set
// between the two runs.
type FundingComparison struct {
	// NotCompared is "" when the selections were compared, else why not
	// (one of the NotComparedNoSelection constants).
	NotCompared string
	// In are the investments funded now but not last time, in this run's
	// ranking order; Out those funded last time but not now, in the last
	// run's.
	In, Out []FundedInvestment
}

// FundedInvestment is an investment that moved in or out of the funded
// set: its id and its name (this run's, else the last run's; "" when
// neither knows it).
type FundedInvestment struct {
	ID, Name string
}

// InvestmentChange is one investment's standing in the two runs.
type InvestmentChange struct {
	ID, Name string
	Old, New scoring.Standing
}

// CriteriaChanged reports whether the two runs used different criteria:
// another id, version or status, or other bytes.
func (c *BatchComparison) CriteriaChanged() bool {
	o, n := c.Old, c.New
	return o.ID != n.ID || o.Version != n.Version || o.Status != n.Status || o.SHA256 != n.SHA256
}

type (
	jsonComparison struct {
		Format          string               `json:"format"`
		PrioVersion     string               `json:"prio_version"`
		Previous        string               `json:"previous"`
		Criteria        jsonCompareCriteria  `json:"criteria"`
		AgenciesAdded   []string             `json:"agencies_added"`
		AgenciesRemoved []string             `json:"agencies_removed"`
		Agencies        []jsonAgencyCompared `json:"agencies"`
	}
	jsonCompareCriteria struct {
		Old     jsonCriteria `json:"old"`
		New     jsonCriteria `json:"new"`
		Changed bool         `json:"changed"`
	}
	jsonAgencyCompared struct {
		Name        string           `json:"name"`
		Compared    bool             `json:"compared"`
		Reason      *string          `json:"reason"`
		Added       []jsonStandingID `json:"added"`
		Removed     []jsonStandingID `json:"removed"`
		Moved       []jsonMove       `json:"moved"`
		GateChanges []jsonGateChange `json:"gate_changes"`
		Funding     *jsonFunding     `json:"funding"`
	}
	jsonFunding struct {
		Compared bool           `json:"compared"`
		Reason   *string        `json:"reason"`
		In       []jsonFundedID `json:"in"`
		Out      []jsonFundedID `json:"out"`
	}
	jsonFundedID struct {
		ID   string  `json:"id"`
		Name *string `json:"name"`
	}
	jsonStandingID struct {
		ID     string  `json:"id"`
		Name   *string `json:"name"`
		Status string  `json:"status"`
		Rank   *int    `json:"rank"`
		Score  number  `json:"score"`
	}
	jsonMove struct {
		ID     string        `json:"id"`
		Name   *string       `json:"name"`
		Old    *jsonStanding `json:"old"`
		New    *jsonStanding `json:"new"`
		Change number        `json:"change"`
	}
)

func standingID(id, name string, s scoring.Standing) jsonStandingID {
	js := standing(s)
	return jsonStandingID{ID: id, Name: nullIfEmpty(name), Status: js.Status, Rank: js.Rank, Score: js.Score}
}

// WriteComparisonJSON writes c as the prio.compare/1 document: the
// previous run's folder; the two criteria sets and whether they differ;
// the agencies added and removed; and for every agency of both runs
// whether it was compared (else "reason": failed, failed_before or
// no_json), the investments added and removed with their standing, those
// whose status, rank or score moved with their old and new standing and
// the change in score, the changed starting-point outcomes, and, when
// either run had a selection, the investments that moved in or out of the
// funded set ("funding": null when neither had one). Like every prio JSON
// document it has no timestamps.
func WriteComparisonJSON(w io.Writer, c *BatchComparison, o Options) error {
	if err := checkComparison(c); err != nil {
		return err
	}
	doc := jsonComparison{
		Format: ComparisonFormat, PrioVersion: o.Version, Previous: c.Previous,
		Criteria:        jsonCompareCriteria{Old: newJSONCriteria(c.Old), New: newJSONCriteria(c.New), Changed: c.CriteriaChanged()},
		AgenciesAdded:   nonNil(c.AgenciesAdded),
		AgenciesRemoved: nonNil(c.AgenciesRemoved),
		Agencies:        []jsonAgencyCompared{},
	}
	for _, a := range c.Agencies {
		ja := jsonAgencyCompared{Name: a.Name, Compared: a.NotCompared == "", Reason: nullIfEmpty(a.NotCompared),
			Added: []jsonStandingID{}, Removed: []jsonStandingID{}, Moved: []jsonMove{}, GateChanges: []jsonGateChange{}}
		for _, ch := range a.Changes {
			switch {
			case ch.Old.Status == "":
				ja.Added = append(ja.Added, standingID(ch.ID, ch.Name, ch.New))
			case ch.New.Status == "":
				ja.Removed = append(ja.Removed, standingID(ch.ID, ch.Name, ch.Old))
			default:
				ja.Moved = append(ja.Moved, jsonMove{ID: ch.ID, Name: nullIfEmpty(ch.Name), Old: standing(ch.Old), New: standing(ch.New),
					Change: number(ch.New.Score - ch.Old.Score)})
			}
		}
		for _, g := range a.GateChanges {
			ja.GateChanges = append(ja.GateChanges, jsonGateChange{ID: g.ID, Gate: g.Gate, Old: nullIfEmpty(g.Old), New: nullIfEmpty(g.New)})
		}
		if f := a.Funding; f != nil {
			jf := &jsonFunding{Compared: f.NotCompared == "", Reason: nullIfEmpty(f.NotCompared), In: []jsonFundedID{}, Out: []jsonFundedID{}}
			for _, in := range f.In {
				jf.In = append(jf.In, jsonFundedID{ID: in.ID, Name: nullIfEmpty(in.Name)})
			}
			for _, out := range f.Out {
				jf.Out = append(jf.Out, jsonFundedID{ID: out.ID, Name: nullIfEmpty(out.Name)})
			}
			ja.Funding = jf
		}
		doc.Agencies = append(doc.Agencies, ja)
	}
	return writeJSONDocument(w, doc)
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// checkComparison refuses a comparison with a number that is not finite or
// a status that is not known.
func checkComparison(c *BatchComparison) error {
	if c == nil {
		return invalid("no comparison")
	}
	known := func(s scoring.Status) bool {
		return s == "" || s == scoring.Ranked || s == scoring.Flagged || s == scoring.Excluded
	}
	for _, a := range c.Agencies {
		for _, ch := range a.Changes {
			if !known(ch.Old.Status) || !known(ch.New.Status) || ch.Old.Status == "" && ch.New.Status == "" {
				return invalid("agency %s: investment %s: statuses %q and %q", a.Name, ch.ID, ch.Old.Status, ch.New.Status)
			}
			if !finite(ch.Old.Score) || !finite(ch.New.Score) {
				return invalid("agency %s: investment %s: a score is not finite", a.Name, ch.ID)
			}
		}
	}
	return nil
}

// ComparisonSentences says in plain sentences, in lang ("sv", the default,
// or "en"), what changed: the criteria set, agencies added and removed,
// agencies not compared and why, and per agency the investments added,
// removed and moved and the changed starting-point outcomes. When nothing
// changed it says so in one sentence.
func ComparisonSentences(c *BatchComparison, lang string) []string {
	if lang != "en" {
		lang = "sv"
	}
	sl := summaryWords[lang]
	var out []string
	setName := func(ci scoring.CriteriaInfo) string {
		return strings.TrimSpace(plainText(ci.ID)+" "+plainText(ci.Version)) + " (" + statusWord(ci.Status, lang) + ")"
	}
	if c.CriteriaChanged() {
		old, new := setName(c.Old), setName(c.New)
		if old == new {
			new += ", " + sl.fileChanged
		}
		out = append(out, fmt.Sprintf(sl.criteriaChanged, old, new))
	}
	for _, a := range c.AgenciesAdded {
		out = append(out, fmt.Sprintf(sl.agencyAdded, plainText(a)))
	}
	for _, a := range c.AgenciesRemoved {
		out = append(out, fmt.Sprintf(sl.agencyRemoved, plainText(a)))
	}
	for _, a := range c.Agencies {
		name := plainText(a.Name)
		switch a.NotCompared {
		case "":
		case NotComparedFailed:
			out = append(out, fmt.Sprintf(sl.notCompared, name, sl.failedNow))
			continue
		case NotComparedFailedBefore:
			out = append(out, fmt.Sprintf(sl.notCompared, name, sl.failedBefore))
			continue
		default:
			out = append(out, fmt.Sprintf(sl.notCompared, name, sl.noJSON))
			continue
		}
		var added, removed, moved []string
		for _, ch := range a.Changes {
			inv := strings.TrimSpace(plainText(ch.ID) + " " + plainText(ch.Name))
			switch {
			case ch.Old.Status == "":
				added = append(added, fmt.Sprintf(sl.invAdded, name, inv, standingText(ch.New, lang)))
			case ch.New.Status == "":
				removed = append(removed, fmt.Sprintf(sl.invRemoved, name, inv, standingText(ch.Old, lang)))
			default:
				moved = append(moved, fmt.Sprintf(sl.invMoved, name, inv, movementText(ch.Old, ch.New, lang)))
			}
		}
		out = append(append(append(out, added...), removed...), moved...)
		out = append(out, fundingSentences(name, a.Funding, lang)...)
		for _, g := range a.GateChanges {
			out = append(out, fmt.Sprintf(sl.gateChanged, name, plainText(g.ID), plainText(g.Gate), gateWord(g.Old, lang), gateWord(g.New, lang)))
		}
	}
	if len(out) == 0 {
		out = append(out, sl.noChanges)
	}
	return out
}

// standingText is "rang 3, poäng 61,2", "rang 3 (flaggad), poäng 61,2" or
// "utesluten, poäng 40,0".
func standingText(s scoring.Standing, lang string) string {
	sl := summaryWords[lang]
	score := sl.scoreWord + " " + FormatNumber(s.Score*100, 1, lang)
	switch s.Status {
	case scoring.Excluded:
		return sl.excludedWord + ", " + score
	case scoring.Flagged:
		return fmt.Sprintf("%s %d (%s), %s", sl.rankWord, s.Rank, investmentStatus(s.Status, lang), score)
	}
	return fmt.Sprintf("%s %d, %s", sl.rankWord, s.Rank, score)
}

// movementText says how an investment moved: its status, its rank and its
// score, each only when it changed: "rang 4 → 2, poäng 55,0 → 63,4 (+8,4)".
func movementText(old, new scoring.Standing, lang string) string {
	sl := summaryWords[lang]
	var parts []string
	if old.Status != new.Status {
		parts = append(parts, investmentStatus(old.Status, lang)+" → "+investmentStatus(new.Status, lang))
	}
	if old.Status != scoring.Excluded && new.Status != scoring.Excluded && old.Rank != new.Rank {
		parts = append(parts, fmt.Sprintf("%s %d → %d", sl.rankWord, old.Rank, new.Rank)) // not a message: put together from summaryWords' words
	}
	if d := new.Score - old.Score; d > scoring.TieTolerance || -d > scoring.TieTolerance {
		// One decimal of 100 points, or as many more as show the change.
		decimals := 1
		for decimals < 12 && FormatNumber(old.Score*100, decimals, lang) == FormatNumber(new.Score*100, decimals, lang) {
			decimals++
		}
		parts = append(parts, fmt.Sprintf("%s %s → %s (%s)", sl.scoreWord, FormatNumber(old.Score*100, decimals, lang), // not a message: put together from summaryWords' words
			FormatNumber(new.Score*100, decimals, lang), signedNumber(d*100, decimals, lang)))
	}
	return strings.Join(parts, ", ")
}

func signedNumber(x float64, decimals int, lang string) string {
	s := FormatNumber(x, decimals, lang)
	if x > 0 {
		return "+" + s
	}
	return s
}

// gateWord is a gate outcome in words: "passed", "failed" or absent ("").
func gateWord(outcome, lang string) string {
	sl := summaryWords[lang]
	switch outcome {
	case "passed":
		return sl.passedWord
	case "failed":
		return sl.failedWord
	}
	return sl.noGate
}

// WriteComparisonMarkdown writes what changed since the previous run as a
// Markdown memo, in o.Lang: a heading, the run compared with, and the
// sentences of ComparisonSentences as a list, every text from the inputs
// escaped.
func WriteComparisonMarkdown(w io.Writer, c *BatchComparison, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	if err := checkComparison(c); err != nil {
		return err
	}
	sl := summaryWords[lang]
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", md(sl.compareTitle), md(fmt.Sprintf(sl.comparedWith, c.Previous)))
	if !c.CriteriaChanged() {
		name := strings.TrimSpace(plainText(c.New.ID) + " " + plainText(c.New.Version))
		fmt.Fprintf(&b, "%s\n\n", md(fmt.Sprintf(sl.criteriaSame, name)))
	}
	for _, s := range ComparisonSentences(c, lang) {
		fmt.Fprintf(&b, "- %s\n", md(s))
	}
	_, err = w.Write(b.Bytes())
	return err
}

// fundingSentences say what moved in or out of an agency's funded set, or
// why the selections were not compared.
func fundingSentences(agency string, f *FundingComparison, lang string) []string {
	if f == nil {
		return nil
	}
	l := selectionWords[lang]
	switch f.NotCompared {
	case "":
	case NotComparedNoSelectionBefore:
		return []string{fmt.Sprintf(l.fundingNotCompared, agency, l.noSelectionBefore)}
	case NotComparedNoSelectionNow:
		return []string{fmt.Sprintf(l.fundingNotCompared, agency, l.noSelectionNow)}
	default:
		return []string{fmt.Sprintf(l.fundingNotCompared, agency, l.noSelectionJSON)}
	}
	var out []string
	name := func(fi FundedInvestment) string {
		return strings.TrimSpace(plainText(fi.ID) + " " + plainText(fi.Name))
	}
	for _, fi := range f.In {
		out = append(out, fmt.Sprintf(l.fundedIn, agency, name(fi)))
	}
	for _, fi := range f.Out {
		out = append(out, fmt.Sprintf(l.fundedOut, agency, name(fi)))
	}
	return out
}
