package criteria

import (
	"math/big"
	"sort"
	"strings"

	"golang.org/x/mod/semver"
	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/internal/strictyaml"
	"github.com/prio-tool/prio/messages"

	"github.com/prio-tool/prio/portfolio"
)

// check validates what needs the whole file: names, references, expressions,
// value functions against field types, weights and the change log.
func (d *decoder) check(set *Set, top map[string]*yaml.Node) {
	if n, ok := top["fields"]; ok {
		switch id := set.Field("id"); {
		case id == nil:
			d.Errorf(strictyaml.Resolve(n), "fields: an id field is required: it names each investment")
		case id.Type != 0 && id.Type != portfolio.Text:
			d.Errorf(fieldNode(id), "field id must be of type text, not %s", id.Type)
		}
	}
	declared := make(map[string]bool)
	for _, dv := range set.Derived {
		declared[dv.Name] = true
	}
	d.compileExpressions(set)
	kinds := make(map[string]portfolio.Kind)
	levels := make(map[string]int)
	for _, f := range set.Fields {
		kinds[f.Name] = f.Type
		levels[f.Name] = len(f.Levels)
	}
	for _, dv := range set.Derived {
		kinds[dv.Name] = dv.Type
	}
	var known []string
	for name := range kinds {
		known = append(known, name)
	}
	sort.Strings(known)
	for _, c := range set.Leaves() {
		d.checkLeaf(c, kinds, levels, known, declared)
	}
	if n, ok := top["criteria"]; ok {
		d.weigh(set.Criteria, strictyaml.Resolve(n), topWeight())
	}
	if len(set.Changes) > 0 && set.Version != "" && set.Changes[0].Version != "" && set.Changes[0].Version != set.Version {
		c := set.Changes[0]
		d.Errs.Add(c.Pos, "changes: the newest entry (the first) is version %s, but the set's version is %s", c.Version, set.Version)
	}
	d.checkLifeCycle(set)
}

func fieldNode(f *Field) *yaml.Node { return &yaml.Node{Line: f.Pos.Line, Column: f.Pos.Col} }

func (d *decoder) checkLeaf(c *Criterion, kinds map[string]portfolio.Kind, levels map[string]int, known []string, declared map[string]bool) {
	if c.fieldNode == nil || c.Field == "" {
		return
	}
	what := messages.M("criterion %s", c.ID)
	k, ok := kinds[c.Field]
	if !ok {
		if declared[c.Field] {
			return // a derived field with errors of its own, reported already
		}
		d.Errorf(c.fieldNode, "%s: %q is not a field or derived field%s", what, c.Field, strictyaml.Suggest(c.Field, known))
		return
	}
	v := c.Value
	if v == nil || k == 0 {
		return
	}
	if v.Numeric() {
		switch k {
		case portfolio.Number, portfolio.Percent, portfolio.Scale:
		case portfolio.YesNo:
			d.Errorf(c.fieldNode, "%s: field %s is yes/no; value it with levels: [no, yes]", what, c.Field)
		default:
			d.Errorf(c.fieldNode, "%s: field %s is %s and cannot be valued with %s; derive a number from it", what, c.Field, k, v.Form)
		}
		return
	}
	want := 0
	switch k {
	case portfolio.Scale:
		want = levels[c.Field]
	case portfolio.YesNo:
		want = 2
	default:
		d.Errorf(v.levelsNode, "%s: levels apply to scale and yes/no fields; field %s is %s (use linear, piecewise or steps)", what, c.Field, k)
		return
	}
	if len(v.Levels) != want {
		if k == portfolio.YesNo {
			d.Errorf(v.levelsNode, "%s: levels gives %d values, but yes/no field %s needs 2: [no, yes]", what, len(v.Levels), c.Field)
		} else {
			d.Errorf(v.levelsNode, "%s: levels gives %d values, but field %s has %d levels", what, len(v.Levels), c.Field, want)
		}
	}
}

// Bounds of a nonzero stated weight. Weights are relative among siblings, so
// scaling them all changes nothing; a weight outside these bounds is a slip
// (an amount in kronor, a misplaced exponent), and a sibling 10¹⁵ times
// smaller than another weighs less than the 1e-12 within which scores tie.
// Below 10¹⁵ a float64 also holds every whole number, so `criteria show` and
// `diff` print such a weight as written.
const (
	minStatedWeight = 1e-15
	maxStatedWeight = 1e15
)

// smallestNormal is the smallest normal float64, 2⁻¹⁰²²: an effective weight
// below it would lose precision (a subnormal number) or round to 0.
const smallestNormal = 0x1p-1022

// weigh normalises the weights of one level of siblings and sets local and
// effective weights. An effective weight is the product of the stated
// weights on its path over the product of the sibling sums, computed exactly
// in rational arithmetic over the decimals as written and rounded once, so
// that stated weights 0.1, 0.1 and 0.6 give exactly 0.125, 0.125 and 0.75.
func (d *decoder) weigh(cs []*Criterion, at *yaml.Node, path pathWeight) {
	stated := make([]*big.Rat, len(cs))
	sum := new(big.Rat)
	refused := false
	for i, c := range cs {
		var ok bool
		stated[i], ok = d.statedWeight(c)
		refused = refused || !ok
		sum.Add(sum, stated[i]) // not a message: rational addition
	}
	if refused {
		return // the set is refused; the other weights of this level mean nothing
	}
	if sum.Sign() == 0 && len(cs) > 0 {
		ids := make([]string, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		d.Errorf(at, "the weights of %s are all zero; at least one must be positive", strings.Join(ids, ", "))
		return
	}
	for i, c := range cs {
		share := new(big.Rat).Quo(stated[i], sum) // reduced: its parts are small
		c.LocalWeight, _ = share.Float64()
		p := path.times(share)
		var tiny bool
		c.EffectiveWeight, tiny = p.nearest()
		if tiny && c.IsLeaf() {
			d.Errs.Add(d.weightPos(c), "criterion %s: effective weight %s is too small to compute with (below 2.2e-308): the weights on its path are too far apart",
				c.ID, p.lo.Text('g', 3))
		}
		if !c.IsLeaf() {
			d.weigh(c.Children, c.childrenNode, p)
		}
	}
}

// pathWeight is the exact product of the shares on a path from the top of
// the tree, held as bounds: lo and hi enclose it, each rounded outwards at
// boundPrec bits. Their sizes stay bounded however deep the tree, where the
// exact product grows by the size of a share at every level (a tree 4,900
// levels deep of seven-digit decimals would hold megabytes per path and
// take seconds). Where the bounds do not settle the rounding to float64, a
// rare case that needs the exact product to lie within 2⁻¹¹⁰ of a rounding
// boundary, the exact product is formed from the shares on the path.
type pathWeight struct {
	lo, hi *big.Float
	share  *big.Rat    // the last share on the path
	parent *pathWeight // the path without it; nil at the top
}

// boundPrec is the precision of the bounds: 2 × 4,900 levels of rounding at
// 2⁻¹²⁸ each leave them 2⁻¹¹⁴ apart, relatively, far within a float64's
// 2⁻⁵³.
const boundPrec = 128

func topWeight() pathWeight {
	one := new(big.Float).SetPrec(boundPrec).SetInt64(1)
	return pathWeight{lo: one, hi: one}
}

// times is the path extended by one more share.
func (p pathWeight) times(share *big.Rat) pathWeight {
	down := new(big.Float).SetPrec(boundPrec).SetMode(big.ToNegativeInf)
	up := new(big.Float).SetPrec(boundPrec).SetMode(big.ToPositiveInf)
	return pathWeight{
		lo:     down.Mul(p.lo, new(big.Float).SetPrec(boundPrec).SetMode(big.ToNegativeInf).SetRat(share)),
		hi:     up.Mul(p.hi, new(big.Float).SetPrec(boundPrec).SetMode(big.ToPositiveInf).SetRat(share)),
		share:  share,
		parent: &p,
	}
}

// nearest returns the exact product rounded once to the nearest float64
// (ties to even), and whether it is positive but below smallestNormal.
func (p pathWeight) nearest() (float64, bool) {
	if p.hi.Sign() == 0 {
		return 0, false
	}
	normal := big.NewFloat(smallestNormal)
	if p.hi.Cmp(normal) < 0 {
		return 0, true
	}
	lo, _ := p.lo.Float64()
	hi, _ := p.hi.Float64()
	if lo == hi && p.lo.Cmp(normal) >= 0 {
		// Rounding is monotone: everything between the bounds rounds alike.
		return lo, false
	}
	num, den := big.NewInt(1), big.NewInt(1)
	for q := &p; q.share != nil; q = q.parent {
		num.Mul(num, q.share.Num())
		den.Mul(den, q.share.Denom())
	}
	return nearestFloat(num, den)
}

// weightPos is where a criterion's weight is written, or the criterion.
func (d *decoder) weightPos(c *Criterion) Pos {
	if c.weightNode != nil {
		return d.At(c.weightNode)
	}
	return c.Pos
}

// nearestFloat returns num/den rounded once to the nearest float64 (ties to
// even), and whether it is positive but below smallestNormal. The quotient
// is formed to 53 bits from the exact integers.
func nearestFloat(num, den *big.Int) (float64, bool) {
	if num.Sign() == 0 {
		return 0, false
	}
	q := new(big.Float).SetPrec(53).Quo(new(big.Float).SetInt(num), new(big.Float).SetInt(den))
	if q.Cmp(big.NewFloat(smallestNormal)) < 0 {
		return 0, true
	}
	f, _ := q.Float64() // exact: 53 bits in the normal range
	return f, false
}

// statedWeight returns a criterion's stated weight as an exact rational: the
// decimal as written in the file ("0.1" is 1/10, not the float64 nearest to
// it), or the float64's own value where the text is another notation (hex,
// octal) or no weight was written. A nonzero weight outside
// [minStatedWeight, maxStatedWeight] is reported, and false returned.
func (d *decoder) statedWeight(c *Criterion) (*big.Rat, bool) {
	if c.Weight == 0 && !nonzeroText(c.weightNode) {
		return new(big.Rat), true
	}
	if c.Weight < minStatedWeight || c.Weight > maxStatedWeight {
		text := num(c.Weight)
		if c.weightNode != nil {
			text = c.weightNode.Value
		}
		d.Errs.Add(d.weightPos(c), "criterion %s: weight %s is outside [1e-15, 1e15]; weights are relative among siblings, so scale them together",
			c.ID, text)
		return new(big.Rat), false
	}
	if n := c.weightNode; n != nil && n.Tag == "!!float" && len(n.Value) <= 64 {
		// Weights within the bounds have modest exponents: the rational is
		// small. The check against the decoded value guards against any
		// notation the two parsers read differently.
		if r, ok := new(big.Rat).SetString(n.Value); ok {
			if f, _ := r.Float64(); f == c.Weight {
				return r, true
			}
		}
	}
	return new(big.Rat).SetFloat64(c.Weight), true
}

// nonzeroText reports whether a weight written as n has a nonzero digit
// before any exponent: "1e-400" is not 0, though it reads as 0.
func nonzeroText(n *yaml.Node) bool {
	if n == nil || n.Tag != "!!float" {
		return false
	}
	for _, r := range n.Value {
		switch {
		case r == 'e' || r == 'E':
			return false
		case r >= '1' && r <= '9':
			return true
		}
	}
	return false
}

// lifeCycle orders the statuses of a criteria set: a set is drafted, sent
// out for consultation, adopted and retired, in that order.
var lifeCycle = map[string]int{StatusDraft: 0, StatusConsultation: 1, StatusAdopted: 2, StatusRetired: 3}

// checkLifeCycle checks that the statuses of the change log, oldest to
// newest, never go back (steps may be skipped), and that the newest status
// given is the set's own. The one step back allowed is a new draft version
// after an adopted one: work on the next version of a set in force begins
// as a draft (prio criteria weights writes one). Going back within a
// version, to a lower version, to consultation, or after a set was retired
// stays an error.
func (d *decoder) checkLifeCycle(set *Set) {
	prev := -1
	var prevChange Change
	for i := len(set.Changes) - 1; i >= 0; i-- {
		c := set.Changes[i]
		rank, ok := lifeCycle[c.Status]
		if !ok {
			continue // no status given, or a bad one reported already
		}
		if rank < prev && !newDraftAfterAdopted(prevChange, c) {
			d.Errs.Add(c.Pos, "changes: %s is %s, after %s was %s; a set goes draft → consultation → adopted → retired, never back, except for a new draft version after an adopted one",
				c.Version, c.Status, prevChange.Version, prevChange.Status)
		}
		prev, prevChange = rank, c
	}
	if len(set.Changes) > 0 && set.Status != "" {
		c := set.Changes[0]
		if _, known := lifeCycle[c.Status]; known && c.Status != set.Status {
			d.Errs.Add(c.Pos, "changes: the newest entry's status is %s, but the set's status is %s", c.Status, set.Status)
		}
	}
}

// newDraftAfterAdopted reports whether next starts a new version as a draft
// after prev was adopted: next's version is higher than prev's, by the
// precedence of semantic versions (so 1.2.0-rc.1 follows 1.1.0).
func newDraftAfterAdopted(prev, next Change) bool {
	return prev.Status == StatusAdopted && next.Status == StatusDraft &&
		semver.Compare("v"+next.Version, "v"+prev.Version) > 0
}

// ForScoring reports whether the set is meant for scoring runs: an adopted
// set, or one out for consultation. Drafts and retired sets give a warning.
func (s *Set) ForScoring() bool {
	return s.Status == StatusAdopted || s.Status == StatusConsultation
}
