package reports

import (
	"fmt"
	"strings"
	"time"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// Pack is what the reports people read are made from: the workbook
// ([WriteXLSX]), the meeting pack ([WriteHTML]) and the Markdown memo
// ([WriteMarkdown]). `prio score` renders a pack without Sensitivity;
// `prio sensitivity` and `prio batch` the whole pack.
type Pack struct {
	// Score is the scored and ranked portfolio; required.
	Score *scoring.Result
	// Sensitivity is the analysis of Score, or nil when none was run. Its
	// leaves must be Score's and its investments Score's ranked and
	// flagged ones.
	Sensitivity *sensitivity.Result
	// Set and Portfolio, when given, let the reports name fields by their
	// titles and units (a failed starting point's values, the inputs an
	// investment lacks) and let the workbook's Inputs sheet show the
	// values read; without them fields are named by their ids and the
	// Inputs sheet shows the source cells only.
	Set       *criteria.Set
	Portfolio *portfolio.Portfolio
	// Top is the k of the top k the summary lists when Sensitivity is nil;
	// 0 means 5. With Sensitivity its Top is used.
	Top int
	// Agency names the agency the pack is about, for its title; when empty
	// the pack takes the agency all its investments share, if they share
	// one.
	Agency string
	// SummaryHref, in a batch's agency pack, is the relative address of
	// the batch's summary page, which the pack links back to.
	SummaryHref string
	// Selection, when a selection was run on Score (`prio select`, or a
	// batch whose manifest has a selection block), adds what to fund
	// within the budget frames: a line on the first page, a chapter of the
	// HTML pack, a sheet of the workbook and a section of the memo. Its
	// Score must be the pack's Score.
	Selection *Selection
	// Shared, when set, is shared with the other packs of the same Score,
	// Set and Portfolio whose reports are written with the same Options:
	// what their reports have in common and depends on nothing else is
	// made once (see ReportCache). Nil makes everything; the reports are
	// the same.
	Shared *ReportCache
}

// defaultTop is the k of the summary's top k when a pack says none.
const defaultTop = 5

// maxShown is the most ranked investments, and the most excluded ones, the
// HTML pack and the Markdown memo list (FORMATS' scale issue: a meeting
// pack is read, not searched); beyond it they list the top maxShown and
// the counts per agency, and say that the workbook and the JSON hold all.
const maxShown = 300

// checkPack reports whether p can be rendered: a valid Score, and a valid
// Sensitivity over the same leaves and the same ranked investments.
func checkPack(p *Pack) error {
	if p == nil {
		return invalid("no pack")
	}
	if err := checkResult(p.Score); err != nil {
		return err
	}
	if p.Top < 0 {
		return invalid("top %d", p.Top)
	}
	if p.Selection != nil {
		if p.Selection.Score != p.Score {
			return invalid("the selection was made from other scores than the pack's")
		}
		if err := checkSelection(p.Selection); err != nil {
			return err
		}
	}
	s := p.Sensitivity
	if s == nil {
		return nil
	}
	if err := checkSensitivity(s); err != nil {
		return err
	}
	if len(s.Leaves) != len(p.Score.Leaves) {
		return invalid("the sensitivity analysis has %d criteria, the scores %d", len(s.Leaves), len(p.Score.Leaves))
	}
	for k, c := range p.Score.Leaves {
		if s.Leaves[k] != c.ID {
			return invalid("sensitivity criterion %d is %s, not %s", k+1, s.Leaves[k], c.ID)
		}
	}
	ranked := rankedAssessments(p.Score)
	if len(ranked) != len(s.Investments) {
		return invalid("the sensitivity analysis has %d investments, the scores rank %d", len(s.Investments), len(ranked))
	}
	for i, a := range ranked {
		if s.Investments[i].ID != a.ID {
			return invalid("sensitivity investment %d is %s, not %s", i+1, s.Investments[i].ID, a.ID)
		}
	}
	if s.Top < 1 || (len(ranked) > 0 && s.Top > len(ranked)) {
		return invalid("top %d of %d ranked", s.Top, len(ranked))
	}
	return nil
}

// rankedAssessments are the ranked and flagged investments, in rank order.
func rankedAssessments(r *scoring.Result) []*scoring.Assessment {
	var out []*scoring.Assessment
	for i := range r.Investments {
		if r.Investments[i].Status != scoring.Excluded {
			out = append(out, &r.Investments[i])
		}
	}
	return out
}

// excludedAssessments are the excluded investments, by id.
func excludedAssessments(r *scoring.Result) []*scoring.Assessment {
	var out []*scoring.Assessment
	for i := range r.Investments {
		if r.Investments[i].Status == scoring.Excluded {
			out = append(out, &r.Investments[i])
		}
	}
	return out
}

// story is what the HTML pack's first page, the Markdown memo and the
// workbook's overview sheet say, worked out once for all three from one
// rule, so that they never disagree. Its strings are plain text, not yet
// escaped for any format.
type story struct {
	Title    string // "Prioriteringsunderlag – Exempelverket"
	Agency   string
	Date     string // "6 december 2026", or "" when the run gave none
	Criteria string // the set's title, or its id
	// CriteriaLine names the set, its version and its status in words.
	CriteriaLine string
	Status       string // the status in words: "utkast"
	Draft        bool   // the set is not adopted: say so loudly
	DraftShort   string // "UTKAST – ej antagna kriterier"
	DraftBanner  string
	Absent       []string // columns the set reads that an input lacks
	// Lines are the three-line summary: counts; how firm the top k is;
	// what depends on missing data and who may enter the top k.
	Lines    []string
	NoRanked string
	K        int
	// Top is the top k with each place's verdict; Firmness says whether
	// the verdicts are there (a sensitivity analysis ran).
	Top      []storyRow
	Firmness bool
	// Rows are every ranked investment shown (at most maxShown), with
	// their verdicts when Firmness.
	Rows []storyRow
	// Depend are the investments whose place depends on missing data, in
	// plain sentences; DependIntro leads them in.
	DependIntro string
	Depend      []dependItem
	// Contenders are the investments outside the top k with a real chance
	// of entering it.
	ContendersIntro string
	Contenders      []dependItem
	Thresholds      string
	// Truncated says that only the top maxShown are listed, or "";
	// TruncatedExcluded likewise for the excluded ones.
	Truncated, TruncatedExcluded string
	Shown, ShownExcluded         int
}

// storyRow is one ranked investment as the summary shows it.
type storyRow struct {
	Assessment *scoring.Assessment
	Rank       string
	ID, Name   string
	Score      string
	Firmness   firmness
	Verdict    string // "fast", "gränsfall", …; "" without an analysis
	Share      string // "98 %": share of samples in the top k
	Interval   string // "1–3": the central 90 % of its sampled ranks
	Range      string // "1–8": its rank range with missing data
	Decisive   []string
}

// dependItem is an investment and a sentence about it, which follows its
// id and name: "saknar investeringsutgift; med uppgifterna kan den hamna
// på plats 2–9."
type dependItem struct {
	ID, Name, Text string
	Cells          []string // the cells where its inputs are missing
}

// newStory works out the story of a pack in lang for a run on date (zero:
// no date).
func newStory(p *Pack, lang string, date time.Time) story {
	l := packWords[lang]
	r := p.Score
	s := story{
		Agency:   packAgency(p),
		Date:     dateText(date, lang),
		Criteria: criteriaName(r.Criteria, lang),
		Status:   statusWord(r.Criteria.Status, lang),
		Draft:    r.Criteria.Status != criteria.StatusAdopted,
	}
	s.Title = l.title
	if s.Agency != "" {
		s.Title += " – " + s.Agency
	}
	s.CriteriaLine = fmt.Sprintf(l.criteriaLine, s.Criteria, plainText(r.Criteria.Version), s.Status)
	if s.Draft {
		s.DraftShort = l.notAdopted
		if r.Criteria.Status == criteria.StatusDraft || r.Criteria.Status == "" {
			s.DraftShort = l.draftShort
		}
		s.DraftBanner = fmt.Sprintf(l.draftBanner, s.Status)
	}
	s.Absent = absentSentences(r, p.Set, lang)

	num := func(n int) string { return FormatNumber(float64(n), 0, lang) }
	ranked := rankedAssessments(r)
	excluded := len(r.Investments) - len(ranked)
	flagged := 0
	for _, a := range ranked {
		if a.Status == scoring.Flagged {
			flagged++
		}
	}
	counts := fmt.Sprintf(l.rankedOf, num(len(ranked)), num(len(r.Investments)))
	switch {
	case flagged == 1:
		counts += fmt.Sprintf(l.flaggedOne, num(flagged))
	case flagged > 1:
		counts += fmt.Sprintf(l.flaggedMany, num(flagged))
	}
	switch {
	case excluded == 0:
		counts += l.excludedNone
	case excluded == 1:
		counts += fmt.Sprintf(l.excludedOne, num(excluded))
	default:
		counts += fmt.Sprintf(l.excludedMany, num(excluded))
	}
	s.Lines = append(s.Lines, counts)

	sens := p.Sensitivity
	s.K = p.Top
	if s.K == 0 {
		s.K = defaultTop
	}
	if sens != nil {
		s.K = sens.Top
	}
	s.K = min(s.K, len(ranked))
	k := num(s.K)
	s.Firmness = sens != nil
	if len(ranked) == 0 {
		s.NoRanked = l.noRanked
	}

	s.Shown = min(len(ranked), maxShown)
	if s.Shown < len(ranked) {
		s.Truncated = fmt.Sprintf(l.truncated, num(s.Shown), num(len(ranked)))
	}
	s.ShownExcluded = min(excluded, maxShown)
	if s.ShownExcluded < excluded {
		s.TruncatedExcluded = fmt.Sprintf(l.truncatedExcluded, num(s.ShownExcluded), num(excluded))
	}

	decisive := map[string][]string{}
	if sens != nil {
		for _, d := range sens.MissingDecisive {
			decisive[d.ID] = plainTexts(d.Cells)
		}
	}
	firm := packFirmness(p)
	miss := missingNamer{p: p, lang: lang}
	for i, a := range ranked[:s.Shown] {
		row := storyRow{Assessment: a, Rank: num(a.Rank), ID: plainText(a.ID), Name: plainText(a.Name), Score: FormatNumber(a.Score*100, 1, lang)}
		if sens != nil {
			inv := &sens.Investments[i]
			cells := decisive[a.ID]
			row.Firmness = firm[i]
			row.Verdict = verdictWord(row.Firmness.verdict, lang)
			row.Share = percentText(inv.TopK, 0, lang)
			row.Interval = row.Firmness.interval()
			row.Range = rankRange(inv.RankRange.Best, inv.RankRange.Worst)
			row.Decisive = cells
		}
		s.Rows = append(s.Rows, row)
	}
	s.Top = s.Rows[:min(s.K, len(s.Rows))]

	if sens != nil {
		// How firm the top k is, and what lies around it.
		counts := map[verdict]int{}
		for _, row := range s.Top {
			counts[row.Firmness.verdict]++
		}
		if counts[verdictFirm] == len(s.Top) {
			s.Lines = append(s.Lines, fmt.Sprintf(l.topAllFirm, k))
		} else {
			var parts []string
			for _, v := range []verdict{verdictFirm, verdictBorderline, verdictUncertain, verdictMissing} {
				if n := counts[v]; n > 0 {
					forms := l.verdictCounts[v]
					parts = append(parts, fmt.Sprintf(plural(n, forms[0], forms[1]), num(n)))
				}
			}
			s.Lines = append(s.Lines, fmt.Sprintf(l.topCounts, k, joinWords(parts, gateLabels[lang].and)))
		}
		var contenders int
		for _, row := range s.Rows {
			if row.Firmness.verdict == verdictContender {
				contenders++
			}
		}
		nMissing := 0
		for _, f := range firm {
			if f.verdict == verdictMissing {
				nMissing++
			}
		}
		var third []string
		if nMissing > 0 {
			third = append(third, fmt.Sprintf(l.missingSome, num(nMissing), plural(nMissing, l.investment, l.investments), k))
		} else {
			third = append(third, fmt.Sprintf(l.missingNone, k))
		}
		if contenders > 0 {
			third = append(third, fmt.Sprintf(plural(contenders, l.contendersOne, l.contendersSome), num(contenders), plural(contenders, l.investment, l.investments), k))
		} else {
			third = append(third, fmt.Sprintf(l.contendersNone, k))
		}
		s.Lines = append(s.Lines, capitalise(strings.Join(third, "; "), true)+".")
		s.Thresholds = fmt.Sprintf(l.thresholds, k, percentText(firmShare, 0, lang), percentText(borderlineShare, 0, lang), percentText(contenderShare, 0, lang))

		s.DependIntro = fmt.Sprintf(l.dependIntroDecisive, k)
		for _, row := range s.Rows {
			switch row.Firmness.verdict {
			case verdictMissing:
				s.Depend = append(s.Depend, dependItem{ID: row.ID, Name: row.Name, Cells: row.Decisive,
					Text: fmt.Sprintf(l.dependDecisive, miss.lacks(row.Assessment), row.Range)})
			case verdictContender:
				s.Contenders = append(s.Contenders, dependItem{ID: row.ID, Name: row.Name,
					Text: fmt.Sprintf(l.contenderLine, row.Share, k, row.Interval)})
			}
		}
		s.ContendersIntro = fmt.Sprintf(l.contendersIntro, k)
	} else {
		s.Lines = append(s.Lines, l.noSensitivity)
		s.DependIntro = l.dependIntroMissing
		for _, row := range s.Rows {
			a := row.Assessment
			if len(a.Missing) == 0 {
				continue
			}
			item := dependItem{ID: row.ID, Name: row.Name, Text: fmt.Sprintf(l.dependLacks, miss.lacks(a))}
			for _, cells := range a.Gaps {
				for _, c := range cells {
					item.Cells = append(item.Cells, plainText(c.String()))
				}
			}
			s.Depend = append(s.Depend, item)
		}
		n := 0
		for _, a := range ranked {
			if len(a.Missing) > 0 {
				n++
			}
		}
		if n > 0 {
			s.Lines = append(s.Lines, fmt.Sprintf(plural(n, l.missingInputsOne, l.missingInputs), num(n), plural(n, l.investment, l.investments)))
		} else {
			s.Lines = append(s.Lines, l.missingInputsNone)
		}
	}
	if p.Selection != nil {
		s.Lines = append(s.Lines, selectionFrontLine(p.Selection, lang))
	}
	return s
}

// packAgency is the agency a pack is about: the one it names, else the one
// all its investments share, else "".
func packAgency(p *Pack) string {
	if p.Agency != "" {
		return plainText(p.Agency)
	}
	agency := ""
	for i := range p.Score.Investments {
		a := plainText(p.Score.Investments[i].Agency)
		switch {
		case a == "":
			return ""
		case agency == "":
			agency = a
		case a != agency:
			return ""
		}
	}
	return agency
}

// severalAgencies reports whether a result's investments belong to more
// than one agency: the reports then give each investment's agency in a
// column; otherwise the title names the one agency, or none is known.
func severalAgencies(r *scoring.Result) bool {
	for i := 1; i < len(r.Investments); i++ {
		if plainText(r.Investments[i].Agency) != plainText(r.Investments[0].Agency) {
			return true
		}
	}
	return false
}

// dateText is a date as people write it in lang: "6 december 2026"; ""
// for the zero time.
func dateText(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	l := packWords[lang]
	return fmt.Sprintf(l.dateFormat, t.Day(), l.months[t.Month()-1], t.Year())
}

// missingNamer names what an investment lacks: the titles of the fields
// whose values are missing (through derived fields too), when the pack
// has its set and portfolio; else the titles of the criteria it lacks.
type missingNamer struct {
	p    *Pack
	lang string
}

func (m missingNamer) lacks(a *scoring.Assessment) string {
	var names []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			names = append(names, s)
		}
	}
	port, set := m.p.Portfolio, m.p.Set
	pi := -1
	if port != nil && set != nil {
		for i, inv := range port.Investments {
			if inv.ID == a.ID {
				pi = i
				break
			}
		}
	}
	gt := gateTexter{set: set, lang: m.lang}
	for _, id := range a.Missing {
		var leaf *criteria.Criterion
		for _, c := range m.p.Score.Leaves {
			if c.ID == id {
				leaf = c
			}
		}
		if leaf == nil {
			add(plainText(id))
			continue
		}
		found := false
		if pi >= 0 {
			for _, fi := range fieldsOf(port, set, leaf.Field) {
				if !port.Value(pi, fi).Present {
					add(gt.fieldName(port.Fields[fi].Name))
					found = true
				}
			}
		}
		if !found {
			if t := leafTitle(leaf, m.lang); t != "" {
				add(capitalise(t, false))
			} else {
				add(plainText(id))
			}
		}
	}
	return joinWords(names, gateLabels[m.lang].and)
}

// fieldsOf lists the portfolio fields a field is read from: the field
// itself, or, for a derived field, the portfolio fields its expression
// reads, directly or through other derived fields, in order of first
// appearance. Nil without a portfolio.
func fieldsOf(port *portfolio.Portfolio, set *criteria.Set, name string) []int {
	if port == nil {
		return nil
	}
	var out []int
	seen := map[string]bool{}
	var walk func(string)
	walk = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		if fi := port.FieldIndex(n); fi >= 0 {
			out = append(out, fi)
			return
		}
		if set == nil {
			return
		}
		for _, d := range set.Derived {
			if d.Name == n {
				for _, in := range d.Inputs {
					walk(in)
				}
			}
		}
	}
	walk(name)
	return out
}

// percentText formats a share as a percentage with the given decimals and
// a no-break space before the sign, so that the two never part: "62 %".
func percentText(x float64, decimals int, lang string) string {
	return FormatNumber(x*100, decimals, lang) + "\u00a0%"
}

// criteriaName is the criteria set's title in lang, or its id.
func criteriaName(c scoring.CriteriaInfo, lang string) string {
	if t := plainText(c.Title.In(lang)); t != "" {
		return t
	}
	return plainText(c.ID)
}

// statusWord is a criteria set's status in words.
func statusWord(status, lang string) string {
	if w, ok := packWords[lang].statusWords[status]; ok {
		return w
	}
	return plainText(status)
}

// investmentStatus is an investment's status in words.
func investmentStatus(s scoring.Status, lang string) string {
	l := packWords[lang]
	switch s {
	case scoring.Flagged:
		return l.statusFlagged
	case scoring.Excluded:
		return l.statusExcluded
	}
	return l.statusRanked
}

// weightModel describes a weight model in words.
func weightModel(m criteria.WeightModel, lang string) string {
	l := packWords[lang]
	switch m.Kind {
	case criteria.WeightsOrder:
		return l.order
	case criteria.WeightsVary:
		return fmt.Sprintf(l.vary, FormatNumber(m.Vary*100, -1, lang)+"\u00a0%")
	}
	return l.free
}

// leafTitle is a leaf criterion's title in lang, or "".
func leafTitle(c *criteria.Criterion, lang string) string {
	return plainText(c.Title.In(lang))
}

// swapText says who overtakes whom at a bound: "SKV-3 går om FK-12".
func swapText(sw *sensitivity.Swap, lang string) string {
	if sw == nil {
		return ""
	}
	return fmt.Sprintf(packWords[lang].overtakes, plainText(sw.Up), plainText(sw.Down))
}

// swapAt says at what weight who overtakes whom: "42,0 %: SKV-3 går om
// FK-12"; "" when nobody does.
func swapAt(sw *sensitivity.Swap, lang string) string {
	if sw == nil {
		return ""
	}
	return percentText(sw.At, 1, lang) + ": " + swapText(sw, lang)
}

func plainTexts(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = plainText(x)
	}
	return out
}

// agencyGroup counts one agency's investments for a pack that lists only
// the top maxShown.
type agencyGroup struct {
	Agency                     string
	Investments, Ranked, Shown int
	Excluded, BestRank         int
}

// agencyGroups counts the investments per agency, in order of their best
// rank (agencies with none ranked last, by name).
func agencyGroups(r *scoring.Result, shown int) []agencyGroup {
	index := map[string]int{}
	var out []agencyGroup
	seen := 0
	for i := range r.Investments {
		a := &r.Investments[i]
		name := plainText(a.Agency)
		gi, ok := index[name]
		if !ok {
			gi = len(out)
			index[name] = gi
			out = append(out, agencyGroup{Agency: name})
		}
		g := &out[gi]
		g.Investments++
		if a.Status == scoring.Excluded {
			g.Excluded++
			continue
		}
		g.Ranked++
		if g.BestRank == 0 {
			g.BestRank = a.Rank
		}
		if seen < shown {
			g.Shown++
		}
		seen++
	}
	return out
}
