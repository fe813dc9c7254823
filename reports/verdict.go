package reports

import (
	"strconv"

	"github.com/prio-tool/prio/scoring/sensitivity"
)

// A verdict is what the reports for people say of one ranked investment's
// place, from one rule (firmnessOf), so that no investment is called firm
// in one part of a pack and decided by missing data in another.
type verdict int

const (
	// verdictMissing: whether it is in the top k depends on values that
	// are missing (its best and worst case with them differ). It goes
	// before what the samples say: the samples keep missing values at
	// their policy's value, so they cannot show this.
	verdictMissing verdict = iota + 1
	// In the top k: firm (in the top k in at least firmShare of the
	// samples), borderline (at least borderlineShare) or uncertain.
	verdictFirm
	verdictBorderline
	verdictUncertain
	// Outside the top k: a contender (in the top k in at least
	// contenderShare of the samples) or outside.
	verdictContender
	verdictOutside
)

// The top-k shares behind the verdicts. They are prio's reading of "firm"
// and "borderline" for a meeting: in nine samples of ten the investment
// stays in the top k; in at least half. A place outside the top k that
// the top k takes in one sample of ten is a real chance of entering it.
const (
	firmShare       = 0.9
	borderlineShare = 0.5
	contenderShare  = 0.1
)

// The central interval of the sampled ranks: 90 % of the samples gave a
// rank from the 5 % quantile to the 95 % quantile.
const (
	intervalLow  = 0.05
	intervalHigh = 0.95
)

// quantileTolerance absorbs rounding in cumulative sums of shares: 19
// samples of 20 must reach 0.95 even when the shares' sum is 0.9499999….
const quantileTolerance = 1e-9

// firmness is one ranked investment's verdict and the numbers behind it.
type firmness struct {
	verdict verdict
	topK    float64 // share of samples in the top k
	// lo and hi are the 5 % and 95 % quantiles of its sampled ranks; hi is
	// 0 when the 95 % quantile lies beyond the ranks the acceptability
	// lists (a truncated vector, FORMATS.md §3: "past K").
	lo, hi int
	// beyond is the last rank the acceptability lists, when hi is past it.
	beyond int
	// best and worst are its exact rank range when missing values range
	// over [0, 1].
	best, worst int
}

// packFirmness works out the verdict of every ranked investment of a pack
// with an analysis, in rank order; nil without one. Missing data decide an
// investment's verdict when it lacks inputs itself and its top-k
// membership differs between the best and the worst case of the missing
// values (it is in MissingDecisive). An investment whose own inputs are
// all there keeps the verdict of the samples even when others' missing
// values could push it out: those others are the ones whose place depends
// on missing data, and the pack says so of them.
func packFirmness(p *Pack) []firmness {
	sens := p.Sensitivity
	if sens == nil {
		return nil
	}
	decisive := make(map[string]bool, len(sens.MissingDecisive))
	for _, d := range sens.MissingDecisive {
		decisive[d.ID] = true
	}
	ranked := rankedAssessments(p.Score)
	out := make([]firmness, len(ranked))
	for i, a := range ranked {
		out[i] = firmnessOf(&sens.Investments[i], sens.Top, decisive[a.ID] && len(a.Missing) > 0)
	}
	return out
}

// firmnessOf works out an investment's verdict: it is in the top k when its
// rank is at most k; decisive says that missing values decide its verdict
// (see packFirmness).
func firmnessOf(inv *sensitivity.Investment, k int, decisive bool) firmness {
	f := firmness{topK: inv.TopK, best: inv.RankRange.Best, worst: inv.RankRange.Worst}
	f.lo, _ = rankQuantile(inv.Acceptability, intervalLow) // 0 past a truncated vector, as hi
	if hi, ok := rankQuantile(inv.Acceptability, intervalHigh); ok {
		f.hi = hi
	} else {
		f.beyond = len(inv.Acceptability)
	}
	inTop := inv.Rank <= k
	switch {
	case decisive:
		f.verdict = verdictMissing
	case inTop && inv.TopK >= firmShare:
		f.verdict = verdictFirm
	case inTop && inv.TopK >= borderlineShare:
		f.verdict = verdictBorderline
	case inTop:
		f.verdict = verdictUncertain
	case inv.TopK >= contenderShare:
		f.verdict = verdictContender
	default:
		f.verdict = verdictOutside
	}
	return f
}

// rankQuantile is the p-quantile of the ranks an acceptability vector
// gives (acceptability[r-1] is the share of samples at rank r): the
// smallest rank whose cumulative share reaches p. ok is false when the
// listed shares do not reach p (a vector cut at rank K, the rest beyond).
func rankQuantile(acceptability []float64, p float64) (rank int, ok bool) {
	sum := 0.0
	for r, x := range acceptability {
		sum += x
		if sum >= p-quantileTolerance {
			return r + 1, true
		}
	}
	return 0, false
}

// interval writes the central interval of the sampled ranks: "3–7", "2"
// when both quantiles agree, "12–>100" past a truncated vector.
func (f firmness) interval() string {
	if f.lo == 0 {
		return ">" + strconv.Itoa(f.beyond)
	}
	if f.hi == 0 {
		return strconv.Itoa(f.lo) + "–>" + strconv.Itoa(f.beyond)
	}
	return rankRange(f.lo, f.hi)
}

// rankRange writes "best–worst", or one rank when they agree.
func rankRange(best, worst int) string {
	if best == worst {
		return strconv.Itoa(best)
	}
	return strconv.Itoa(best) + "–" + strconv.Itoa(worst)
}

// verdictWord is a verdict in a word or two, in lang.
func verdictWord(v verdict, lang string) string {
	return packWords[lang].verdicts[v]
}
