package reports

import (
	"fmt"
	"strconv"
	"strings"

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
	// Set and Portfolio, when given, let the workbook's Inputs sheet show
	// the values read for each criterion (with their units, and the inputs
	// of derived fields); without them it shows the criterion values and
	// the source cells only.
	Set       *criteria.Set
	Portfolio *portfolio.Portfolio
	// Top is the k of the top k the summary lists when Sensitivity is nil;
	// 0 means 5. With Sensitivity its Top is used.
	Top int
}

// defaultTop is the k of the summary's top k when a pack says none.
const defaultTop = 5

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

// summary is what the HTML pack and the Markdown memo open with, worked out
// once for both. Its strings are plain text, not yet escaped for either.
type summary struct {
	Criteria        string // "<title>" or the id
	CriteriaVersion string // "<id> <version>"
	Status          string // in words: "utkast"
	Draft           bool   // the set is not adopted: flag it loudly
	DraftShort      string // "UTKAST – ej antagna kriterier"
	DraftBanner     string
	Absent          []string // columns the set reads that an input lacks
	Counts          string
	K               int
	TopHeading      string
	Top             []summaryTop
	Firmness        bool   // the Top entries have Firmness (sensitivity ran)
	FirmnessNote    string // when they do not
	DependIntro     string
	Depend          []summaryDepend
	NoRanked        string
}

type summaryTop struct {
	Rank, ID, Name, Score string
	Firmness              string
}

type summaryDepend struct {
	ID, Name string
	Cells    []string
	CellList string // the first cells, the rest counted
}

// maxSummaryCells is how many cells the summary names per investment; the
// rest are counted ("and 12 more"), and the pack's sensitivity section
// lists them all.
const maxSummaryCells = 4

// cellList names the first cells and counts the rest.
func (d summaryDepend) cellList(lang string) string {
	if len(d.Cells) <= maxSummaryCells {
		return strings.Join(d.Cells, ", ")
	}
	return strings.Join(d.Cells[:maxSummaryCells], ", ") + " " +
		fmt.Sprintf(packWords[lang].andMore, FormatNumber(float64(len(d.Cells)-maxSummaryCells), 0, lang))
}

// The top-k shares at and above which a place is firm, and borderline.
// They are prio's reading of "firm" and "borderline" for a meeting: in nine
// samples of ten the investment stays in the top k; in at least half.
const (
	firmShare       = 0.9
	borderlineShare = 0.5
)

// newSummary works out the summary of a pack in lang.
func newSummary(p *Pack, lang string) summary {
	l := packWords[lang]
	r := p.Score
	s := summary{
		Criteria:        criteriaName(r.Criteria, lang),
		CriteriaVersion: strings.TrimSpace(plainText(r.Criteria.ID) + " " + plainText(r.Criteria.Version)),
		Status:          statusWord(r.Criteria.Status, lang),
		Draft:           r.Criteria.Status != criteria.StatusAdopted,
	}
	if s.Draft {
		s.DraftShort = l.notAdopted
		if r.Criteria.Status == criteria.StatusDraft || r.Criteria.Status == "" {
			s.DraftShort = l.draftShort
		}
		s.DraftBanner = fmt.Sprintf(l.draftBanner, s.Status)
	}
	s.Absent = absentSentences(r, lang)
	var ranked, flagged, excluded int
	for i := range r.Investments {
		switch r.Investments[i].Status {
		case scoring.Ranked:
			ranked++
		case scoring.Flagged:
			ranked++
			flagged++
		case scoring.Excluded:
			excluded++
		}
	}
	num := func(n int) string { return FormatNumber(float64(n), 0, lang) }
	tl := labels[lang]
	total := len(r.Investments)
	s.Counts = fmt.Sprintf("%s %s: %s %s (%s %s), %s %s",
		num(total), plural(total, tl.investment, tl.investments),
		num(ranked), plural(ranked, tl.ranked, tl.rankedPl),
		num(flagged), plural(flagged, tl.flagged, tl.flaggedPl),
		num(excluded), plural(excluded, tl.excluded, tl.excludedPl))

	rankedList := rankedAssessments(r)
	if len(rankedList) == 0 {
		s.NoRanked = l.noRanked
	}
	sens := p.Sensitivity
	s.K = p.Top
	if s.K == 0 {
		s.K = defaultTop
	}
	if sens != nil {
		s.K = sens.Top
	}
	s.K = min(s.K, len(rankedList))
	k := num(s.K)
	s.TopHeading = fmt.Sprintf(l.topHeading, k)
	s.Firmness = sens != nil
	if !s.Firmness {
		s.FirmnessNote = l.noSensitivity
	}
	for i, a := range rankedList[:s.K] {
		t := summaryTop{Rank: num(a.Rank), ID: plainText(a.ID), Name: plainText(a.Name), Score: FormatNumber(a.Score*100, 1, lang)}
		if sens != nil {
			t.Firmness = firmness(&sens.Investments[i], sens.Top, lang)
		}
		s.Top = append(s.Top, t)
	}

	names := make(map[string]string, len(r.Investments))
	for i := range r.Investments {
		names[r.Investments[i].ID] = plainText(r.Investments[i].Name)
	}
	if sens != nil {
		s.DependIntro = fmt.Sprintf(l.dependDecisive, num(sens.Top))
		for _, d := range sens.MissingDecisive {
			e := summaryDepend{ID: plainText(d.ID), Name: names[d.ID]}
			for _, c := range d.Cells {
				e.Cells = append(e.Cells, plainText(c))
			}
			s.Depend = append(s.Depend, e)
		}
	} else {
		s.DependIntro = l.dependMissing
		for _, a := range rankedList {
			if len(a.Missing) == 0 {
				continue
			}
			e := summaryDepend{ID: plainText(a.ID), Name: plainText(a.Name)}
			for _, cells := range a.Gaps {
				for _, c := range cells {
					e.Cells = append(e.Cells, plainText(c.String()))
				}
			}
			if len(e.Cells) == 0 { // no column for the field at all
				e.Cells = append(e.Cells, a.Missing...)
			}
			s.Depend = append(s.Depend, e)
		}
	}
	for i := range s.Depend {
		s.Depend[i].CellList = s.Depend[i].cellList(lang)
	}
	return s
}

// firmness says in words how firm an investment's place in the top k is:
// its top-k share and the ranks it took in the samples.
func firmness(inv *sensitivity.Investment, top int, lang string) string {
	l := packWords[lang]
	k := FormatNumber(float64(top), 0, lang)
	share := percentText(inv.TopK, 0, lang)
	ranks := sampledRanks(inv.Acceptability)
	switch {
	case inv.TopK >= firmShare:
		return fmt.Sprintf(l.firm, k, share, ranks)
	case inv.TopK >= borderlineShare:
		return fmt.Sprintf(l.borderline, share, k, ranks)
	}
	return fmt.Sprintf(l.weak, share, k, ranks)
}

// sampledRanks is the range of ranks an investment took in any sample,
// "1–3", or "2" when it took one rank only.
func sampledRanks(acceptability []float64) string {
	best, worst := 0, 0
	for r, x := range acceptability {
		if x > 0 {
			if best == 0 {
				best = r + 1
			}
			worst = r + 1
		}
	}
	return rankRange(best, worst)
}

// rankRange writes "best–worst", or one rank when they agree.
func rankRange(best, worst int) string {
	if best == worst {
		return strconv.Itoa(best)
	}
	return strconv.Itoa(best) + "–" + strconv.Itoa(worst)
}

// percentText formats a share as a percentage with the given decimals: "62 %".
func percentText(x float64, decimals int, lang string) string {
	return FormatNumber(x*100, decimals, lang) + " %"
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
		return fmt.Sprintf(l.vary, FormatNumber(m.Vary*100, -1, lang)+" %")
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
