package reports

import (
	"cmp"
	"slices"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/scoring"
)

// BatchSummary is the cross-agency summary of a batch run (`prio batch`):
// plain data, filled in by package batch, from which [WriteSummaryXLSX] and
// [WriteSummaryHTML] render the summary workbook and page. Every agency was
// scored with the same criteria set, so their scores share one scale.
type BatchSummary struct {
	Criteria scoring.CriteriaInfo
	// Gates are the criteria set's starting points, in file order;
	// SummaryAgency.Gates is parallel to it.
	Gates []*criteria.Gate
	// The sensitivity settings of the run. Each agency's own k of the top k
	// is SummaryAgency.Top (smaller when it ranks fewer investments).
	Samples int
	Seed    uint64
	Weights criteria.WeightModel
	Top     int
	// Cost names the number field summed as each agency's total cost and
	// its unit ("mnkr"), or is nil when the run sums none.
	Cost *SummaryCost
	// Agencies in the manifest's order.
	Agencies []SummaryAgency
}

// SummaryCost is the field a batch sums as each agency's total cost.
type SummaryCost struct {
	Field string
	Title criteria.Text
	Unit  string
}

// SummaryAgency is one agency of a batch: its counts, cost, median score,
// starting-point pass rates and ranked investments, or its errors.
type SummaryAgency struct {
	Name string
	// Pack is the path, relative to the summary, of the agency's HTML
	// report, for a link; empty when there is none.
	Pack string
	// Failed agencies have Errors (one positioned problem a line) and
	// nothing else.
	Failed bool
	Errors []string

	// Counts of the agency's investments: all of them, ranked (the flagged
	// included), flagged and excluded.
	Investments, Ranked, Flagged, Excluded int
	// Cost is the sum of the cost field over the investments that have a
	// value; CostMissing counts those that do not.
	Cost        float64
	CostMissing int
	// Gates holds, per starting point of BatchSummary.Gates, how many
	// investments passed it out of how many were checked.
	Gates []GateRate
	// Top is the k of the agency's sensitivity analysis, 0 when none ran
	// (when it ranks nothing).
	Top int
	// RankedInvestments are the ranked and flagged investments, in rank
	// order.
	RankedInvestments []SummaryInvestment

	// What makes a comparison with other agencies unfair, which the
	// summary says before the common ranking (SetCoverage fills the first
	// two from the agency's result):
	//   - MissingForAll: the leaf criteria that none of its ranked
	//     investments has a value for, so that all of them take the
	//     criterion's missing policy (0 or 50 of 100);
	//   - Absent: the columns its inputs lack that the set accepts as
	//     absent;
	//   - Criteria: the set it was scored with, when that is not the
	//     summary's (another version); nil when it is the same.
	MissingForAll []SummaryGap
	Absent        []SummaryGap
	Criteria      *scoring.CriteriaInfo

	// Selection is the agency's selection within its budget (a manifest
	// with a selection block), or nil.
	Selection *SummarySelection
}

// SummaryGap is a criterion an agency has no values for, or a column its
// input lacks.
type SummaryGap struct {
	// ID is the criterion's id (MissingForAll) or the field's name
	// (Absent); Title its title.
	ID    string
	Title criteria.Text
	// Missing is the criterion's missing policy (MissingForAll): worst or
	// neutral.
	Missing string
	// Input is the file that lacks the column (Absent).
	Input string
}

// SetCoverage fills in what an agency's result says about its coverage:
// the leaf criteria none of its ranked investments has a value for, and
// the columns its inputs lack (absent: missing); set, when given, names
// the fields by their titles.
func (a *SummaryAgency) SetCoverage(res *scoring.Result, set *criteria.Set) {
	a.MissingForAll, a.Absent = nil, nil
	ranked := rankedAssessments(res)
	if len(ranked) > 0 {
		for _, c := range res.Leaves {
			all := true
			for _, inv := range ranked {
				if !slices.Contains(inv.Missing, c.ID) {
					all = false
					break
				}
			}
			if all {
				a.MissingForAll = append(a.MissingForAll, SummaryGap{ID: c.ID, Title: c.Title, Missing: c.Missing})
			}
		}
	}
	for _, ab := range res.Absent {
		g := SummaryGap{ID: ab.Field}
		if ab.Input >= 0 && ab.Input < len(res.Inputs) {
			g.Input = res.Inputs[ab.Input].Path
		}
		if set != nil {
			if f := set.Field(ab.Field); f != nil {
				g.Title = f.Title
			}
		}
		a.Absent = append(a.Absent, g)
	}
}

// GateRate is how many investments passed a starting point, of how many.
type GateRate struct {
	Passed, Total int
}

// SummaryInvestment is one ranked or flagged investment of an agency.
type SummaryInvestment struct {
	ID, Name string
	Rank     int
	Status   scoring.Status
	Score    float64
	// TopK is the share of samples in which it was in the agency's top k;
	// nil when no analysis ran.
	TopK *float64
}

// commonEntry is an investment on the common scale: every agency's ranked
// investments ranked together by score.
type commonEntry struct {
	Position int // competition rank on the common scale
	Agency   int // index in BatchSummary.Agencies
	Inv      *SummaryInvestment
}

// commonScale ranks every ranked investment of every agency together by
// score, highest first, with competition ranks (scores within
// scoring.TieTolerance of the first of their group share its rank); ties
// are listed in the agencies' order, then by rank within the agency and id.
func commonScale(s *BatchSummary) []commonEntry {
	var out []commonEntry
	for ai := range s.Agencies {
		a := &s.Agencies[ai]
		for i := range a.RankedInvestments {
			out = append(out, commonEntry{Agency: ai, Inv: &a.RankedInvestments[i]})
		}
	}
	slices.SortStableFunc(out, func(x, y commonEntry) int {
		return cmp.Compare(y.Inv.Score, x.Inv.Score)
	})
	for start := 0; start < len(out); {
		end := start + 1
		for end < len(out) && out[start].Inv.Score-out[end].Inv.Score <= scoring.TieTolerance {
			end++
		}
		group := out[start:end]
		slices.SortStableFunc(group, func(x, y commonEntry) int {
			if c := cmp.Compare(x.Agency, y.Agency); c != 0 {
				return c
			}
			if c := cmp.Compare(x.Inv.Rank, y.Inv.Rank); c != 0 {
				return c
			}
			return cmp.Compare(x.Inv.ID, y.Inv.ID)
		})
		for i := range group {
			group[i].Position = start + 1
		}
		start = end
	}
	return out
}

// fragilePlaces are the places in an agency's top k that are not firm:
// the investments ranked within their agency's top k whose top-k share is
// below firmShare (the pack's "firm", nine samples in ten), the most
// fragile first; ties in the agencies' order, then by rank and id.
func fragilePlaces(s *BatchSummary) []commonEntry {
	var out []commonEntry
	for ai := range s.Agencies {
		a := &s.Agencies[ai]
		for i := range a.RankedInvestments {
			inv := &a.RankedInvestments[i]
			if inv.TopK != nil && inv.Rank <= a.Top && *inv.TopK < firmShare {
				out = append(out, commonEntry{Agency: ai, Inv: inv})
			}
		}
	}
	slices.SortStableFunc(out, func(x, y commonEntry) int {
		return cmp.Compare(*x.Inv.TopK, *y.Inv.TopK)
	})
	return out
}

// contenders are the investments ranked outside their agency's top k
// that the top k took in at least contenderShare of the samples, the
// likeliest first; ties in the agencies' order, then by rank.
func contenders(s *BatchSummary) []commonEntry {
	var out []commonEntry
	for ai := range s.Agencies {
		a := &s.Agencies[ai]
		for i := range a.RankedInvestments {
			inv := &a.RankedInvestments[i]
			if inv.TopK != nil && a.Top > 0 && inv.Rank > a.Top && *inv.TopK >= contenderShare {
				out = append(out, commonEntry{Agency: ai, Inv: inv})
			}
		}
	}
	slices.SortStableFunc(out, func(x, y commonEntry) int {
		return cmp.Compare(*y.Inv.TopK, *x.Inv.TopK)
	})
	return out
}

// median is the median of the agency's ranked scores (the mean of the two
// middle ones for an even count); ok is false when it ranks none.
func (a *SummaryAgency) median() (m float64, ok bool) {
	n := len(a.RankedInvestments)
	if n == 0 {
		return 0, false
	}
	// RankedInvestments are in rank order, so by score, highest first.
	if n%2 == 1 {
		return a.RankedInvestments[n/2].Score, true
	}
	return (a.RankedInvestments[n/2-1].Score + a.RankedInvestments[n/2].Score) / 2, true
}

// checkSummary reports whether s can be rendered: gates parallel to the
// summary's, finite numbers, known statuses, counts that add up.
func checkSummary(s *BatchSummary) error {
	if s == nil {
		return invalid("no summary")
	}
	if s.Cost != nil && s.Cost.Field == "" {
		return invalid("a cost without a field")
	}
	for _, a := range s.Agencies {
		if a.Failed {
			continue
		}
		if len(a.Gates) != len(s.Gates) {
			return invalid("agency %s: %d gate rates for %d starting points", a.Name, len(a.Gates), len(s.Gates))
		}
		if a.Ranked != len(a.RankedInvestments) || a.Ranked+a.Excluded != a.Investments || a.Flagged > a.Ranked {
			return invalid("agency %s: the counts do not add up", a.Name)
		}
		if !finite(a.Cost) {
			return invalid("agency %s: cost is %v", a.Name, a.Cost)
		}
		if err := checkSummarySelection(&a); err != nil {
			return err
		}
		for _, g := range a.Gates {
			if g.Passed < 0 || g.Passed > g.Total {
				return invalid("agency %s: %d of %d passed", a.Name, g.Passed, g.Total)
			}
		}
		for i, inv := range a.RankedInvestments {
			if inv.Status != scoring.Ranked && inv.Status != scoring.Flagged {
				return invalid("agency %s: investment %s: status %q among the ranked", a.Name, inv.ID, inv.Status)
			}
			if !finite(inv.Score) || inv.TopK != nil && !finite(*inv.TopK) {
				return invalid("agency %s: investment %s: a number is not finite", a.Name, inv.ID)
			}
			if i > 0 && inv.Score > a.RankedInvestments[i-1].Score {
				return invalid("agency %s: investment %s is not in rank order", a.Name, inv.ID)
			}
		}
	}
	return nil
}
