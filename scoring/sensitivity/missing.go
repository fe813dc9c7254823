package sensitivity

import (
	"cmp"
	"math/bits"
	"slices"
	"sort"
)

// MissingRanks returns each investment's best and worst rank when every
// missing leaf value, its own and everyone else's, may be anything in
// [0, 1] (at the stated weights). An investment's score depends only on its
// own values, so the extremes are reached together: its best rank is its
// rank with its missing values at 1 and everyone else's at 0, its worst the
// opposite. Ranks are the ranking's own competition ranks
// (scoring.CompetitionOrder: scores within TieTolerance of the first of
// their group share its rank), so an investment with nothing missing among
// investments with nothing missing has its own rank as its range.
//
// Each rank is found by sorting and counting, not by ranking n scenarios:
// the others' scores are sorted once for the best case (all low) and once
// for the worst (all high), with their groups of ties; an investment's own
// score is then placed among them by binary search, and its rank is the
// start of the group it joins or begins. In the worst case its own high
// score is among the others' and is taken out, which can change the groups
// after it: they are then followed from it with jumps of 2^j groups at a
// time. The whole costs n log n.
func MissingRanks(p *Problem) []RankRange {
	lo, hi := p.scoreBounds()
	return rankRanges(lo, hi, p.IDs)
}

// rankRanges is MissingRanks for investments whose scores lie in [lo, hi].
func rankRanges(lo, hi []float64, ids []string) []RankRange {
	out := make([]RankRange, len(lo))
	best := newTieGroups(lo, ids)
	worst := newTieGroups(hi, ids)
	for i := range out {
		out[i].Best = best.rankAmong(i, hi[i])
		out[i].Worst = worst.rankAmong(i, lo[i])
	}
	return out
}

// tieGroups is a ranking of scores by the ranking's rule: order sorts them
// highest first, ties by id; lead[q] is the position where the group of the
// score at position q begins; jump[j][q] is where the next group would
// begin, 2^j groups on, were a group to begin at q.
type tieGroups struct {
	scores []float64
	ids    []string
	order  []int
	at     []int // position of each investment
	sorted []float64
	lead   []int32
	jump   [][]int32
}

func newTieGroups(scores []float64, ids []string) *tieGroups {
	n := len(scores)
	g := &tieGroups{scores: scores, ids: ids, order: make([]int, n), at: make([]int, n),
		sorted: make([]float64, n), lead: make([]int32, n)}
	for i := range g.order {
		g.order[i] = i
	}
	slices.SortFunc(g.order, func(a, b int) int {
		if c := cmp.Compare(scores[b], scores[a]); c != 0 {
			return c
		}
		return cmp.Compare(ids[a], ids[b])
	})
	for q, i := range g.order {
		g.at[i] = q
		g.sorted[q] = scores[i]
	}
	for start := 0; start < n; {
		end := start + 1
		for end < n && g.sorted[start]-g.sorted[end] <= TieTolerance {
			end++
		}
		for q := start; q < end; q++ {
			g.lead[q] = int32(start)
		}
		start = end
	}
	// next[q]: the first position after q whose score is more than
	// TieTolerance below q's; n when none. Scores fall with q, so it does
	// not fall either.
	next := make([]int32, n+1)
	next[n] = int32(n)
	e := 0
	for q := 0; q < n; q++ {
		e = max(e, q+1)
		for e < n && g.sorted[q]-g.sorted[e] <= TieTolerance {
			e++
		}
		next[q] = int32(e)
	}
	g.jump = [][]int32{next}
	for j := 1; j < bits.Len(uint(n)); j++ {
		prev, cur := g.jump[j-1], make([]int32, n+1)
		for q := range cur {
			cur[q] = prev[prev[q]]
		}
		g.jump = append(g.jump, cur)
	}
	return g
}

// rankAmong is investment i's competition rank with its score at x and
// everyone else's as in g.
func (g *tieGroups) rankAmong(i int, x float64) int {
	id := g.ids[i]
	// q: how many scores come before x in the order (i's own included,
	// when it is higher than x).
	q := sort.Search(len(g.sorted), func(q int) bool {
		s := g.sorted[q]
		return !(s > x || (s == x && g.ids[g.order[q]] < id))
	})
	self := g.at[i]
	if self >= q {
		// i's own score in g is not above x: the others above x are
		// ranked as in g, and x joins the last group or begins one.
		if q == 0 {
			return 1
		}
		if lead := g.lead[q-1]; g.sorted[lead]-x <= TieTolerance {
			return int(lead) + 1
		}
		return q + 1
	}
	// i's own score in g is above x: take it out. The groups before it are
	// unchanged. If it joined a group, nothing after it changes either; if
	// it began one, the next score begins one instead (it is further below
	// the previous group than i's own was), and the groups after follow
	// from there.
	var lead int // the group x would join, in g's positions
	switch {
	case self == q-1:
		if self == 0 {
			return 1
		}
		lead = int(g.lead[self-1])
	case int(g.lead[self]) != self:
		lead = int(g.lead[q-1])
	default:
		lead = self + 1
		for j := len(g.jump) - 1; j >= 0; j-- {
			if nx := int(g.jump[j][lead]); nx < q {
				lead = nx
			}
		}
	}
	if g.sorted[lead]-x <= TieTolerance {
		if lead > self {
			return lead // one fewer score before it, i's own
		}
		return lead + 1
	}
	return q // q − 1 scores before x, i's own taken out
}

// scoreBounds returns every investment's lowest and highest score with its
// missing values at 0 and at 1.
func (p *Problem) scoreBounds() (lo, hi []float64) {
	n, m := p.N(), p.M()
	lo, hi = make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			w := p.Weights[j]
			if p.Missing != nil && p.Missing[i*m+j] {
				hi[i] += w
				continue
			}
			v := p.value(i, j)
			lo[i] += w * v
			hi[i] += w * v
		}
	}
	return lo, hi
}

// Decisive is an investment whose membership of the top k depends on missing
// values, with the cells whose values are missing: its own and those of the
// investments whose score can pass its own either way.
type Decisive struct {
	ID    string
	Cells []string
}

// MissingDecisive returns the investments whose membership of the top k
// differs between the best and the worst case of the missing values, in
// rank order. The investments whose scores can pass a decisive one's are
// found in a tree of score ranges, at a cost of log n for each one found.
func MissingDecisive(p *Problem, top int) []Decisive {
	ranges := MissingRanks(p)
	lo, hi := p.scoreBounds()
	m := p.M()
	// The investments with missing values, by their lowest score, in a
	// tree holding the highest score of each span.
	var open []int
	for j := range lo {
		if hi[j] > lo[j] {
			open = append(open, j)
		}
	}
	slices.SortFunc(open, func(a, b int) int { return cmp.Compare(lo[a], lo[b]) })
	tree := newMaxTree(len(open), func(q int) float64 { return hi[open[q]] })
	var out []Decisive
	var passers []int
	for i, r := range ranges {
		if !(r.Best <= top && r.Worst > top) {
			continue
		}
		d := Decisive{ID: p.IDs[i]}
		seen := map[string]bool{}
		add := func(inv int) {
			for j := 0; j < m; j++ {
				if p.Missing == nil || p.Cells == nil || !p.Missing[inv*m+j] {
					continue
				}
				for _, c := range p.Cells[inv*m+j] {
					if !seen[c] {
						seen[c] = true
						d.Cells = append(d.Cells, c)
					}
				}
			}
		}
		add(i)
		// Others whose missing values decide whether they pass i: lo[j] <
		// hi[i] (a prefix of open) and hi[j] > lo[i], in rank order.
		end := sort.Search(len(open), func(q int) bool { return lo[open[q]] >= hi[i] })
		passers = passers[:0]
		tree.above(end, lo[i], func(q int) {
			if j := open[q]; j != i {
				passers = append(passers, j)
			}
		})
		slices.Sort(passers)
		for _, j := range passers {
			add(j)
		}
		out = append(out, d)
	}
	return out
}

// maxTree is a segment tree over n values holding the largest of each span,
// to find the values above a bound in a prefix at a cost of log n each.
type maxTree struct {
	n    int
	span []float64
}

func newMaxTree(n int, value func(q int) float64) *maxTree {
	t := &maxTree{n: n, span: make([]float64, 4*max(n, 1))}
	var build func(v, from, to int) // node v spans [from, to)
	build = func(v, from, to int) {
		if to-from == 1 {
			t.span[v] = value(from)
			return
		}
		mid := (from + to) / 2
		build(2*v, from, mid)
		build(2*v+1, mid, to)
		t.span[v] = max(t.span[2*v], t.span[2*v+1])
	}
	if n > 0 {
		build(1, 0, n)
	}
	return t
}

// above calls visit with every q < end whose value exceeds bound.
func (t *maxTree) above(end int, bound float64, visit func(q int)) {
	var walk func(v, from, to int) // node v spans [from, to)
	walk = func(v, from, to int) {
		if from >= end || t.span[v] <= bound {
			return
		}
		if to-from == 1 {
			visit(from)
			return
		}
		mid := (from + to) / 2
		walk(2*v, from, mid)
		walk(2*v+1, mid, to)
	}
	if t.n > 0 {
		walk(1, 0, t.n)
	}
}
