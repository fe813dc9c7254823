package criteria

import (
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
		d.weigh(set.Criteria, strictyaml.Resolve(n), 1, 1)
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
	what := messages.Sprintf("criterion %s", c.ID)
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

// weigh normalises the weights of one level of siblings and sets effective
// weights. An effective weight is computed as the product of the stated
// weights over the product of the sibling sums, rounded once.
func (d *decoder) weigh(cs []*Criterion, at *yaml.Node, num, den float64) {
	sum := 0.0
	for _, c := range cs {
		sum += c.Weight
	}
	if sum == 0 && len(cs) > 0 {
		ids := make([]string, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		d.Errorf(at, "the weights of %s are all zero; at least one must be positive", strings.Join(ids, ", "))
		return
	}
	for _, c := range cs {
		c.LocalWeight = c.Weight / sum
		c.EffectiveWeight = num * c.Weight / (den * sum)
		if !c.IsLeaf() {
			d.weigh(c.Children, c.childrenNode, num*c.Weight, den*sum)
		}
	}
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
