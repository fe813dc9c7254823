package criteria

import (
	"github.com/expr-lang/expr/vm"
	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/portfolio"
)

// Format is the only criteria format this version reads.
const Format = "prio.criteria/1"

// Text is a title or description in Swedish and English.
type Text struct {
	SV string
	EN string
}

// In returns the text in the language asked for ("sv" or "en"), falling back
// to the other language when it is not given.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" || t.SV == "" {
		return t.EN
	}
	return t.SV
}

// Statuses of a criteria set's life cycle.
const (
	StatusDraft        = "draft"
	StatusConsultation = "consultation"
	StatusAdopted      = "adopted"
	StatusRetired      = "retired"
)

// Set is a parsed and validated criteria set.
type Set struct {
	Format      string
	ID          string
	Version     string
	Status      string
	Date        string // YYYY-MM-DD, or empty
	Title       Text
	Description Text
	Changes     []Change

	// Fields in file order. Derived fields follow in evaluation order: each
	// reads only fields and derived fields before it.
	Fields  []*Field
	Derived []*Derived

	StartingPoints []*Gate
	// Criteria is the top level of the weighted tree.
	Criteria []*Criterion

	// Sensitivity holds the defaults for sensitivity analysis, or nil.
	Sensitivity *Sensitivity

	// File is the name the set was parsed under; SHA256 the hex digest of
	// its bytes.
	File   string
	SHA256 string
}

// Change is one entry of a set's change log, newest first.
type Change struct {
	Version string
	Date    string
	Status  string
	Note    string
	Pos     Pos
}

// Unit is a currency unit of a number field, by its factor in kronor.
type Unit struct {
	Name   string  // kr, tkr or mnkr
	Factor float64 // 1, 1e3 or 1e6
}

// Units maps every unit name a criteria file or a header hint may use,
// lower-cased, to its unit. MSEK and Mkr mean mnkr.
var Units = map[string]Unit{
	"kr":   {"kr", 1},
	"tkr":  {"tkr", 1e3},
	"mnkr": {"mnkr", 1e6},
	"msek": {"mnkr", 1e6},
	"mkr":  {"mnkr", 1e6},
}

// Field is one entry of the field dictionary: how the importers find a column
// and read its cells.
type Field struct {
	Name     string
	Headers  []string
	Type     portfolio.Kind
	Unit     Unit // zero when the field has none
	Required bool
	// Absent says what a portfolio without the field's column means when
	// something reads the field: AbsentError (the default) or AbsentMissing.
	Absent      string
	BlankNo     bool // yesno: an empty cell means "no" (blank: "no")
	SumColumns  bool
	Levels      []string // scale: the ordered level labels
	Uncertainty *Uncertainty
	Title       Text
	Description Text
	Pos         Pos
	// ReadBy lists what reads the field, directly or through derived
	// fields: criteria, starting points and derived fields, by id, in file
	// order. A field nothing reads may be absent from a portfolio.
	ReadBy []string
}

// What a portfolio without a field's column means (the field's absent key).
const (
	AbsentError   = "error"   // the column must be there when anything reads the field
	AbsentMissing = "missing" // the field is missing for every investment, with a warning
)

// Uncertainty describes the distribution of a number field for Monte Carlo
// sensitivity analysis.
type Uncertainty struct {
	Dist string // uniform, triangular, pert, normal or lognormal
	Low  Param  // uniform, triangular, pert
	High Param  // uniform, triangular, pert
	SD   Param  // normal, lognormal
	Pos  Pos
}

// Param is a distribution parameter: another field's value or a constant.
type Param struct {
	Field string // the field to read, or empty for a constant
	Const float64
	Set   bool
}

// Derived is a computed field.
type Derived struct {
	Name string
	Expr string
	// Type is Number, YesNo, Text or Date, as the expression's type-check gave.
	Type portfolio.Kind
	// Inputs are the fields and derived fields the expression names, in order
	// of first appearance. The value is missing when any of them is.
	Inputs  []string
	Program *vm.Program
	Pos     Pos
	// ExprPos is where the expression starts in the criteria file.
	ExprPos Pos

	exprNode *yaml.Node
}

// What happens to an investment that fails a gate.
const (
	OnFailExclude = "exclude" // not ranked, listed with the reason
	OnFailFlag    = "flag"    // ranked, marked
)

// Gate is a starting point an investment must pass.
type Gate struct {
	ID          string
	Title       Text
	Description Text
	// FailText, when given, is what reports for people say of an
	// investment that fails the gate, in place of "<title>: not met"
	// (fail_text in the criteria file).
	FailText Text
	Require  string
	OnFail   string
	// OnMissingPass makes the gate pass when a field it names is missing;
	// by default it fails.
	OnMissingPass bool
	Inputs        []string
	Program       *vm.Program
	Pos           Pos
	// RequirePos is where the require expression starts in the file.
	RequirePos Pos

	requireNode *yaml.Node
}

// Missing-value policies of a leaf criterion.
const (
	MissingWorst   = "worst"   // value 0 (the default)
	MissingNeutral = "neutral" // value 0.5
	MissingError   = "error"   // the run fails
)

// Criterion is a node of the weighted tree: a group with Children or a leaf
// with a Field and a Value function.
type Criterion struct {
	ID          string
	Title       Text
	Description Text
	// Weight is the stated weight (1 when not given), relative among siblings.
	Weight float64
	// LocalWeight is Weight normalised among siblings; EffectiveWeight the
	// product of LocalWeight over the node and its ancestors.
	LocalWeight     float64
	EffectiveWeight float64

	Children []*Criterion

	Field   string
	Value   *ValueFunc
	Missing string
	Pos     Pos

	fieldNode, childrenNode *yaml.Node
	// weightNode holds the weight as written, for exact arithmetic on the
	// decimal the user wrote (nil when no weight is given).
	weightNode *yaml.Node
}

// IsLeaf reports whether the criterion is scored directly from a field.
func (c *Criterion) IsLeaf() bool { return len(c.Children) == 0 }

// Leaves returns the leaf criteria of the set in tree order (depth first, in
// file order). Scores, weights and reports list leaves in this order.
func (s *Set) Leaves() []*Criterion {
	var out []*Criterion
	var walk func([]*Criterion)
	walk = func(cs []*Criterion) {
		for _, c := range cs {
			if c.IsLeaf() {
				out = append(out, c)
			} else {
				walk(c.Children)
			}
		}
	}
	walk(s.Criteria)
	return out
}

// Field returns the field or nil.
func (s *Set) Field(name string) *Field {
	for _, f := range s.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Weight models for sensitivity analysis.
const (
	WeightsFree  = "free"
	WeightsOrder = "order"
	WeightsVary  = "vary"
)

// Sensitivity holds a set's defaults for sensitivity analysis. Zero values
// are not given in the file.
type Sensitivity struct {
	Samples int
	Seed    uint64
	SeedSet bool
	Weights WeightModel
	Top     int

	SamplesPos, TopPos Pos
}

// WeightModel is how weights vary in Monte Carlo sensitivity analysis.
type WeightModel struct {
	Kind string  // free, order or vary; empty when not given
	Vary float64 // R of vary:R
}
