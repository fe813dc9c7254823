package criteria

import (
	"fmt"
	"slices"
	"strings"

	"github.com/prio-tool/prio/messages"
)

// Difference is one difference between two versions of a criteria set.
type Difference struct {
	// Kind is "added", "removed", "changed" or "moved".
	Kind string
	// What is "set", "field", "derived", "gate" or "criterion".
	What string
	ID   string
	// Attr names the attribute that changed ("weight", "value", "status",
	// …); empty for added, removed and moved.
	Attr string
	// Old and New are the attribute's values as data, the same in every
	// language: numbers as float64 (weights), true/false as bool, the
	// criteria file's words and expressions as string, a summary of what
	// was added or removed as a messages.Message; for a moved criterion its
	// old and new parent ("" for the top level). Nil when there is none.
	Old, New any
}

// The kinds of change.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
	Moved   = "moved"
)

// Diff lists what changed from old to new: the set's metadata; fields and
// derived fields; starting points; criteria added, removed or moved, and
// their stated and effective weights, fields, value functions and missing
// policies. The list is in a fixed order: metadata, fields, derived fields,
// starting points, criteria (each in new's order, removed ones after).
func Diff(old, new *Set) []Difference {
	var out []Difference
	attr := func(what, id, name string, a, b any) {
		if a != b {
			out = append(out, Difference{Kind: Changed, What: what, ID: id, Attr: name, Old: a, New: b})
		}
	}
	attr("set", new.ID, "id", old.ID, new.ID)
	attr("set", new.ID, "version", old.Version, new.Version)
	attr("set", new.ID, "status", old.Status, new.Status)
	attr("set", new.ID, "date", old.Date, new.Date)
	attr("set", new.ID, "title", old.Title.SV+" / "+old.Title.EN, new.Title.SV+" / "+new.Title.EN)

	// Fields.
	for _, f := range new.Fields {
		o := old.Field(f.Name)
		if o == nil {
			out = append(out, Difference{Kind: Added, What: "field", ID: f.Name, New: fieldSummary(f)})
			continue
		}
		attr("field", f.Name, "headers", strings.Join(o.Headers, " | "), strings.Join(f.Headers, " | "))
		attr("field", f.Name, "type", o.Type.String(), f.Type.String())
		attr("field", f.Name, "unit", o.Unit.Name, f.Unit.Name)
		attr("field", f.Name, "required", o.Required, f.Required)
		attr("field", f.Name, "blank", blankText(o.BlankNo), blankText(f.BlankNo))
		attr("field", f.Name, "sum_columns", o.SumColumns, f.SumColumns)
		attr("field", f.Name, "levels", strings.Join(o.Levels, ", "), strings.Join(f.Levels, ", "))
		attr("field", f.Name, "uncertainty", uncertaintyText(o.Uncertainty), uncertaintyText(f.Uncertainty))
	}
	for _, o := range old.Fields {
		if new.Field(o.Name) == nil {
			out = append(out, Difference{Kind: Removed, What: "field", ID: o.Name, Old: fieldSummary(o)})
		}
	}

	// Derived fields.
	oldDerived := make(map[string]*Derived)
	for _, d := range old.Derived {
		oldDerived[d.Name] = d
	}
	newDerived := make(map[string]bool)
	for _, d := range new.Derived {
		newDerived[d.Name] = true
		if o, ok := oldDerived[d.Name]; !ok {
			out = append(out, Difference{Kind: Added, What: "derived", ID: d.Name, New: d.Expr})
		} else {
			attr("derived", d.Name, "expression", o.Expr, d.Expr)
		}
	}
	for _, d := range old.Derived {
		if !newDerived[d.Name] {
			out = append(out, Difference{Kind: Removed, What: "derived", ID: d.Name, Old: d.Expr})
		}
	}

	// Starting points.
	oldGates := make(map[string]*Gate)
	for _, g := range old.StartingPoints {
		oldGates[g.ID] = g
	}
	newGates := make(map[string]bool)
	for _, g := range new.StartingPoints {
		newGates[g.ID] = true
		o, ok := oldGates[g.ID]
		if !ok {
			out = append(out, Difference{Kind: Added, What: "gate", ID: g.ID, New: gateSummary(g)})
			continue
		}
		attr("gate", g.ID, "require", o.Require, g.Require)
		attr("gate", g.ID, "on_fail", o.OnFail, g.OnFail)
		attr("gate", g.ID, "on_missing", missingText(o.OnMissingPass), missingText(g.OnMissingPass))
		attr("gate", g.ID, "title", o.Title.SV+" / "+o.Title.EN, g.Title.SV+" / "+g.Title.EN)
	}
	for _, g := range old.StartingPoints {
		if !newGates[g.ID] {
			out = append(out, Difference{Kind: Removed, What: "gate", ID: g.ID, Old: gateSummary(g)})
		}
	}

	// Criteria.
	oldNodes, newNodes := nodes(old.Criteria, ""), nodes(new.Criteria, "")
	for _, n := range newNodes {
		o, ok := findNode(oldNodes, n.c.ID)
		if !ok {
			out = append(out, Difference{Kind: Added, What: "criterion", ID: n.c.ID, New: criterionSummary(n)})
			continue
		}
		if o.parent != n.parent {
			out = append(out, Difference{Kind: Moved, What: "criterion", ID: n.c.ID, Old: o.parent, New: n.parent})
		}
		attr("criterion", n.c.ID, "weight", o.c.Weight, n.c.Weight)
		attr("criterion", n.c.ID, "effective weight", o.c.EffectiveWeight, n.c.EffectiveWeight)
		if n.c.IsLeaf() && o.c.IsLeaf() {
			attr("criterion", n.c.ID, "field", o.c.Field, n.c.Field)
			attr("criterion", n.c.ID, "value", o.c.Value.String(), n.c.Value.String())
			attr("criterion", n.c.ID, "missing", o.c.Missing, n.c.Missing)
		} else if n.c.IsLeaf() != o.c.IsLeaf() {
			attr("criterion", n.c.ID, "kind", nodeKind(o.c), nodeKind(n.c))
		}
		attr("criterion", n.c.ID, "title", o.c.Title.SV+" / "+o.c.Title.EN, n.c.Title.SV+" / "+n.c.Title.EN)
	}
	for _, o := range oldNodes {
		if _, ok := findNode(newNodes, o.c.ID); !ok {
			out = append(out, Difference{Kind: Removed, What: "criterion", ID: o.c.ID, Old: criterionSummary(o)})
		}
	}
	return out
}

type treeNode struct {
	c      *Criterion
	parent string
}

func nodes(cs []*Criterion, parent string) []treeNode {
	var out []treeNode
	for _, c := range cs {
		out = append(out, treeNode{c, parent})
		out = append(out, nodes(c.Children, c.ID)...)
	}
	return out
}

func findNode(ns []treeNode, id string) (treeNode, bool) {
	i := slices.IndexFunc(ns, func(n treeNode) bool { return n.c.ID == id })
	if i < 0 {
		return treeNode{}, false
	}
	return ns[i], true
}

// The summaries and kinds below are messages, given in the language of the
// report that shows them; the values in them (types, units, value
// functions, policies) are the criteria file's own notation.

func nodeKind(c *Criterion) messages.Message {
	if c.IsLeaf() {
		return messages.T("leaf")
	}
	return messages.T("group")
}

func criterionSummary(n treeNode) messages.Message {
	w, e := num(n.c.Weight), num(n.c.EffectiveWeight)
	switch {
	case n.c.IsLeaf() && n.parent != "":
		return messages.M("weight %s, effective %s, %s %s, missing %s, under %s", w, e, n.c.Field, n.c.Value, n.c.Missing, n.parent)
	case n.c.IsLeaf():
		return messages.M("weight %s, effective %s, %s %s, missing %s", w, e, n.c.Field, n.c.Value, n.c.Missing)
	case n.parent != "":
		return messages.M("weight %s, effective %s, under %s", w, e, n.parent)
	}
	return messages.M("weight %s, effective %s", w, e)
}

func fieldSummary(f *Field) messages.Message {
	headers := strings.Join(f.Headers, " | ")
	if f.Unit.Name != "" {
		return messages.M("%s (%s), headers %s", f.Type, f.Unit.Name, headers)
	}
	return messages.M("%s, headers %s", f.Type, headers)
}

func gateSummary(g *Gate) messages.Message {
	return messages.M("%s, on_fail %s, on_missing %s", g.Require, g.OnFail, missingText(g.OnMissingPass))
}

func blankText(no bool) string {
	if no {
		return "no"
	}
	return "missing"
}

func missingText(pass bool) string {
	if pass {
		return "pass"
	}
	return "fail"
}

func uncertaintyText(u *Uncertainty) string {
	if u == nil {
		return ""
	}
	param := func(p Param) string {
		if p.Field != "" {
			return p.Field
		}
		return num(p.Const)
	}
	switch u.Dist {
	case "normal", "lognormal":
		return u.Dist + " sd " + param(u.SD)
	}
	return fmt.Sprintf("%s %s–%s", u.Dist, param(u.Low), param(u.High)) // not a message: a distribution in the criteria file's notation (uniform 1–5)
}
