package criteria

import (
	"io"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/internal/strictyaml"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
)

// SelectionFormat is the only selection file format this version reads
// (FORMATS.md §5).
const SelectionFormat = "prio.selection/1"

// Eligibility of investments for funding.
const (
	EligibleRanked    = "ranked"    // ranked and flagged (the default)
	EligibleUnflagged = "unflagged" // ranked and not flagged
)

// DefaultNodeLimit is the branch-and-bound nodes a selection may use when
// the file gives no node_limit.
const DefaultNodeLimit = 1_000_000

// Selection is a parsed selection file: what counts as value and cost, the
// budgets, and the rules between investments (FORMATS.md §5). Ids are kept
// with their positions: whether they name investments of the portfolio is
// known only when it is read.
type Selection struct {
	File string

	// Value is "score" or an expression over fields, derived fields and
	// score; ValueProgram its compiled form after Check (nil for score).
	Value        string
	ValuePos     Pos
	ValueProgram *vm.Program
	ValueInputs  []string // the names the expression reads

	// A pooled budget on a cost field, or annual budgets on the years of a
	// sum_columns field: Years is nil for a pooled budget (Pooled).
	Pooled    bool
	Cost      string
	CostPos   Pos
	Budget    float64
	BudgetPos Pos
	Years     []YearBudget

	Must, MustNot []IDRef
	Requires      [][2]IDRef // the first only together with the second
	Together      [][]IDRef
	Exclusive     [][]IDRef
	Limits        []Limit

	Eligible  string
	Gap       float64
	NodeLimit int64
	TimeLimit time.Duration // 0: none

	nodes selectionNodes
}

// YearBudget is the budget of one year, by the year's label ("2026").
type YearBudget struct {
	Year   string
	Amount float64
	Pos    Pos
}

// IDRef is an investment id as the selection file writes it.
type IDRef struct {
	ID  string
	Pos Pos
}

// Limit is a linear limit over the investments a where expression picks:
// the sum of a number field, or their count, at most Max.
type Limit struct {
	Where        string
	WhereProgram *vm.Program
	WhereInputs  []string // the names where reads
	WherePos     Pos
	Sum          string // the field summed; empty for a count
	Count        bool
	Max          float64
	Pos          Pos

	whereNode, sumNode *yaml.Node
}

// selectionNodes keeps the nodes Check reports at.
type selectionNodes struct {
	value, cost *yaml.Node
}

// LoadSelection reads and parses the selection file at path.
func LoadSelection(path string) (*Selection, error) {
	f, err := fileerr.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseSelection(f, path)
}

// ParseSelection decodes a selection file read from r; name is used in
// positions. A file with problems gives an [ErrorList] of all of them. The
// fields and expressions it names are checked against a criteria set by
// [Selection.Check].
func ParseSelection(r io.Reader, name string) (*Selection, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, messages.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, messages.Errorf("%s: larger than %d MiB; not a selection file", name, MaxFileSize>>20)
	}
	d := &strictyaml.Decoder{File: name}
	var s *Selection
	if doc := d.Document(data, messages.M("a selection file starts with format: %s", SelectionFormat)); doc != nil {
		s = DecodeSelection(d, doc, true)
	}
	if err := d.Errs.Err(); err != nil {
		return nil, err
	}
	s.File = name
	return s, nil
}

// selectionKeys are the keys of a selection, in a file and in a manifest's
// selection block.
var selectionKeys = []string{"value", "cost", "budget", "years", "must", "must_not", "requires",
	"together", "exclusive", "limits", "eligible", "gap", "node_limit", "time_limit"}

// DecodeSelection decodes a selection from n: a whole file (file true: it
// starts with format) or a batch manifest's selection block, whose budgets
// each agency may give instead.
func DecodeSelection(yd *strictyaml.Decoder, n *yaml.Node, file bool) *Selection {
	d := &selectionDecoder{yd}
	known := selectionKeys
	what := messages.T("the selection")
	if file {
		known = append([]string{"format"}, known...)
		if rn := strictyaml.Resolve(n); rn.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(rn.Content); i += 2 {
				k, v := strictyaml.Resolve(rn.Content[i]), strictyaml.Resolve(rn.Content[i+1])
				if k.Value == "format" && v.Kind == yaml.ScalarNode && v.Value != SelectionFormat {
					d.Errorf(v, "unknown format %q: this prio reads %s", v.Value, SelectionFormat)
					return &Selection{}
				}
			}
		}
	}
	m, ok := d.Mapping(n, what, known...)
	s := &Selection{Value: "score", Eligible: EligibleRanked, NodeLimit: DefaultNodeLimit, File: d.File}
	if !ok {
		return s
	}
	if file {
		d.Require(n, m, what, "format")
	}
	if v, ok := m["value"]; ok {
		if t, ok := d.NonEmptyText(v, "value"); ok {
			s.Value, s.ValuePos, s.nodes.value = t, d.At(strictyaml.Resolve(v)), strictyaml.Resolve(v)
		}
	}
	_, pooled := m["budget"]
	_, annual := m["years"]
	if _, cost := m["cost"]; cost && !file && !annual {
		pooled = true // a manifest's agencies give the amounts
	}
	switch {
	case pooled && annual:
		d.Errorf(strictyaml.Resolve(m["years"]), "give either cost and budget (one pooled budget) or years (annual budgets), not both")
	case pooled:
		if v, ok := m["budget"]; ok {
			s.Budget, s.BudgetPos = budgetAmount(d.Decoder, v, "budget")
		}
		s.Pooled = true
		if v, ok := m["cost"]; ok {
			s.Cost, _ = d.NonEmptyText(v, "cost")
			s.CostPos, s.nodes.cost = d.At(strictyaml.Resolve(v)), strictyaml.Resolve(v)
		} else if file {
			// At the budget that needs it; a manifest's block may have none.
			at := strictyaml.Resolve(n)
			if v, ok := m["budget"]; ok {
				at = strictyaml.Resolve(v)
			}
			d.Errorf(at, "a pooled budget needs cost: the number field it is spent on")
		}
	case annual:
		if _, ok := m["cost"]; ok {
			d.Errorf(strictyaml.Resolve(m["cost"]), "with years, the cost field is given inside years (years: {cost: FIELD, budgets: …})")
		}
		d.decodeYears(s, m["years"], file)
	case file:
		d.Errorf(strictyaml.Resolve(n), "a selection needs budgets: cost and budget (one pooled budget) or years (annual budgets)")
	}
	if v, ok := m["must"]; ok {
		s.Must = d.idList(v, "must")
	}
	if v, ok := m["must_not"]; ok {
		s.MustNot = d.idList(v, "must_not")
	}
	if v, ok := m["requires"]; ok {
		for _, g := range d.idGroups(v, "requires", 2, 2) {
			s.Requires = append(s.Requires, [2]IDRef{g[0], g[1]})
		}
	}
	if v, ok := m["together"]; ok {
		s.Together = d.idGroups(v, "together", 2, 0)
	}
	if v, ok := m["exclusive"]; ok {
		s.Exclusive = d.idGroups(v, "exclusive", 2, 0)
	}
	if v, ok := m["limits"]; ok {
		s.Limits = d.decodeLimits(v)
	}
	if v, ok := m["eligible"]; ok {
		if e, ok := d.OneOf(v, "eligible", EligibleRanked, EligibleUnflagged); ok {
			s.Eligible = e
		}
	}
	if v, ok := m["gap"]; ok {
		if g, ok := d.Number(v, "gap"); ok {
			if g < 0 || g >= 1 {
				d.Errorf(strictyaml.Resolve(v), "gap must be at least 0 and less than 1 (a share of the optimum), not %v", g)
			} else {
				s.Gap = g
			}
		}
	}
	if v, ok := m["node_limit"]; ok {
		if i, ok := d.Integer(v, "node_limit"); ok {
			if i < 1 {
				d.Errorf(strictyaml.Resolve(v), "node_limit must be at least 1, not %d", i)
			} else {
				s.NodeLimit = i
			}
		}
	}
	if v, ok := m["time_limit"]; ok {
		if t, ok := d.Text(v, "time_limit"); ok {
			dur, err := time.ParseDuration(t)
			if err != nil || dur <= 0 {
				d.Errorf(strictyaml.Resolve(v), "time_limit must be a positive duration such as 60s or 5m, not %q", t)
			} else {
				s.TimeLimit = dur
			}
		}
	}
	s.checkRules(d.Decoder)
	return s
}

// budgetAmount reads a budget: a finite number, not negative.
func budgetAmount(d *strictyaml.Decoder, n *yaml.Node, what any) (float64, Pos) {
	x, ok := d.Number(n, what)
	if ok && x < 0 {
		d.Errorf(strictyaml.Resolve(n), "%s must not be negative, not %v", what, x)
	}
	return x, d.At(strictyaml.Resolve(n))
}

// decodeYears reads years: {cost: FIELD, budgets: {"2026": 40, …}}.
func (d *selectionDecoder) decodeYears(s *Selection, n *yaml.Node, file bool) {
	m, ok := d.Mapping(n, "years", "cost", "budgets")
	s.Years = []YearBudget{} // annual, even before the amounts are known
	if !ok {
		return
	}
	if file {
		d.Require(n, m, "years", "cost", "budgets")
	} else {
		d.Require(n, m, "years", "cost") // the agencies may give the budgets
	}
	if v, ok := m["cost"]; ok {
		s.Cost, _ = d.NonEmptyText(v, "years: cost")
		s.CostPos, s.nodes.cost = d.At(strictyaml.Resolve(v)), strictyaml.Resolve(v)
	}
	if v, ok := m["budgets"]; ok {
		s.Years = DecodeYearBudgets(d.Decoder, v, "years: budgets")
	}
}

// DecodeYearBudgets reads annual budgets, {"2026": 40, …}: each year once,
// each amount a finite number, not negative. A manifest's agencies give
// their own this way.
func DecodeYearBudgets(d *strictyaml.Decoder, n *yaml.Node, what any) []YearBudget {
	pairs := d.Pairs(n, what)
	if strictyaml.Resolve(n).Kind == yaml.MappingNode && len(pairs) == 0 {
		d.Errorf(strictyaml.Resolve(n), "%s must give at least one year", what)
	}
	out := make([]YearBudget, 0, len(pairs))
	for _, kv := range pairs {
		year := strings.TrimSpace(kv[0].Value)
		amount, pos := budgetAmount(d, kv[1], messages.M("the budget of %s", year))
		out = append(out, YearBudget{Year: year, Amount: amount, Pos: pos})
	}
	return out
}

// selectionDecoder gives the selection decoding helpers to a strictyaml
// decoder.
type selectionDecoder struct{ *strictyaml.Decoder }

func (d *selectionDecoder) idList(n *yaml.Node, what any) []IDRef {
	items, ok := d.Sequence(n, what)
	if !ok {
		return nil
	}
	out := make([]IDRef, 0, len(items))
	for _, it := range items {
		if id, ok := d.NonEmptyText(it, messages.M("an id in %s", what)); ok {
			out = append(out, IDRef{ID: id, Pos: d.At(strictyaml.Resolve(it))})
		}
	}
	return out
}

// idGroups reads a list of groups of ids, each with at least least and, if
// most > 0, at most most ids.
func (d *selectionDecoder) idGroups(n *yaml.Node, what any, least, most int) [][]IDRef {
	items, ok := d.Sequence(n, what)
	if !ok {
		return nil
	}
	var out [][]IDRef
	for _, it := range items {
		g := d.idList(it, what)
		switch {
		case most > 0 && len(g) != most && least == most:
			d.Errorf(strictyaml.Resolve(it), "each entry of %s is a pair of ids, [A, B]: A only together with B", what)
			continue
		case len(g) < least:
			d.Errorf(strictyaml.Resolve(it), "each group of %s needs at least %d ids", what, least)
			continue
		}
		out = append(out, g)
	}
	return out
}

func (d *selectionDecoder) decodeLimits(n *yaml.Node) []Limit {
	items, ok := d.Sequence(n, "limits")
	if !ok {
		return nil
	}
	var out []Limit
	for _, it := range items {
		m, ok := d.Mapping(it, "a limit", "where", "sum", "count", "max")
		if !ok {
			continue
		}
		d.Require(it, m, "a limit", "where", "max")
		l := Limit{Pos: d.At(strictyaml.Resolve(it))}
		if v, ok := m["where"]; ok {
			l.Where, _ = d.NonEmptyText(v, "limits: where")
			l.whereNode = strictyaml.Resolve(v)
		}
		_, hasSum := m["sum"]
		_, hasCount := m["count"]
		switch {
		case hasSum && hasCount:
			d.Errorf(strictyaml.Resolve(it), "a limit gives sum: FIELD or count: true, not both")
		case hasSum:
			l.Sum, _ = d.NonEmptyText(m["sum"], "limits: sum")
			l.sumNode = strictyaml.Resolve(m["sum"])
		case hasCount:
			if c, ok := d.Boolean(m["count"], "limits: count"); ok && !c {
				d.Errorf(strictyaml.Resolve(m["count"]), "count: false limits nothing: give sum: FIELD, or count: true")
			}
			l.Count = true
		default:
			d.Errorf(strictyaml.Resolve(it), "a limit needs sum: FIELD (the sum of a number field) or count: true (the number of investments)")
		}
		if v, ok := m["max"]; ok {
			l.Max, _ = d.Number(v, "limits: max")
		}
		out = append(out, l)
	}
	return out
}

// checkRules reports what is wrong with the rules whatever the portfolio:
// an id in must and must_not, an id in two exclusive groups, and a cycle
// of requires (FORMATS.md §5).
func (s *Selection) checkRules(d *strictyaml.Decoder) {
	must := make(map[string]IDRef)
	for _, r := range s.Must {
		if first, ok := must[r.ID]; ok {
			d.Errs.Add(r.Pos, "%s is in must twice (first at line %d, column %d)", r.ID, first.Pos.Line, first.Pos.Col)
			continue
		}
		must[r.ID] = r
	}
	for _, r := range s.MustNot {
		if first, ok := must[r.ID]; ok {
			d.Errs.Add(r.Pos, "%s is in both must (line %d, column %d) and must_not", r.ID, first.Pos.Line, first.Pos.Col)
		}
	}
	inGroup := make(map[string]IDRef)
	for _, g := range s.Exclusive {
		seen := make(map[string]bool)
		for _, r := range g {
			if seen[r.ID] {
				d.Errs.Add(r.Pos, "%s is twice in one exclusive group", r.ID)
				continue
			}
			seen[r.ID] = true
			if first, ok := inGroup[r.ID]; ok {
				d.Errs.Add(r.Pos, "%s is in two exclusive groups (also at line %d, column %d): give it one group, or merge the groups", r.ID, first.Pos.Line, first.Pos.Col)
				continue
			}
			inGroup[r.ID] = r
		}
	}
	for _, g := range s.Together {
		seen := make(map[string]bool)
		for _, r := range g {
			if seen[r.ID] {
				d.Errs.Add(r.Pos, "%s is twice in one together group", r.ID)
			}
			seen[r.ID] = true
		}
	}
	// A cycle of requires: follow the edges from each id in file order.
	next := make(map[string][]IDRef)
	var order []string
	for _, r := range s.Requires {
		if r[0].ID == r[1].ID {
			d.Errs.Add(r[0].Pos, "%s requires itself", r[0].ID)
			continue
		}
		if _, ok := next[r[0].ID]; !ok {
			order = append(order, r[0].ID)
		}
		next[r[0].ID] = append(next[r[0].ID], r[1])
	}
	const (
		unseen = iota
		open
		closed
	)
	state := make(map[string]int)
	var path []IDRef
	var visit func(r IDRef) bool
	visit = func(r IDRef) bool {
		switch state[r.ID] {
		case open:
			var ids []string
			start := 0
			for i, p := range path {
				if p.ID == r.ID {
					start = i
				}
			}
			for _, p := range path[start:] {
				ids = append(ids, p.ID)
			}
			ids = append(ids, r.ID)
			d.Errs.Add(r.Pos, "requires goes round in a circle: %s; none of them could be funded without the others first", strings.Join(ids, " → "))
			return false
		case closed:
			return true
		}
		state[r.ID] = open
		path = append(path, r)
		for _, n := range next[r.ID] {
			if !visit(n) {
				return false
			}
		}
		path = path[:len(path)-1]
		state[r.ID] = closed
		return true
	}
	for _, id := range order {
		if state[id] == unseen {
			first := IDRef{ID: id}
			for _, r := range s.Requires {
				if r[0].ID == id {
					first = r[0]
					break
				}
			}
			visit(first)
		}
	}
}

// Check checks the selection against the criteria set it is used with:
// the cost field is a number field or derived field (for annual budgets a
// sum_columns field), the value expression gives a number and each limit's
// where a true/false, over the set's fields, derived fields and score; it
// compiles them. Every problem is reported with its position.
func (s *Selection) Check(set *Set) error {
	d := newDecoder(s.File)
	env := make(map[string]any, len(set.Fields)+len(set.Derived)+1)
	fields := make(map[string]*Field)
	textBounds := make(map[string]int)
	for _, f := range set.Fields {
		env[f.Name] = exprZero(f.Type)
		fields[f.Name] = f
		if f.Type == portfolio.Text {
			textBounds[f.Name] = maxCellTextBytes
		}
	}
	for _, dv := range set.Derived {
		env[dv.Name] = exprZero(dv.Type)
	}
	if _, taken := env["score"]; !taken {
		env["score"] = 0.0
	}
	number := func(name string) bool {
		if f := set.Field(name); f != nil {
			return f.Type == portfolio.Number
		}
		for _, dv := range set.Derived {
			if dv.Name == name {
				return dv.Type == portfolio.Number
			}
		}
		return false
	}
	if s.Cost != "" {
		at := s.nodes.cost
		switch f := set.Field(s.Cost); {
		case !s.Pooled && (f == nil || !f.SumColumns):
			d.Errorf(at, "years: cost must name a number field with sum_columns: true (its columns are the years), not %s", s.Cost)
		case s.Pooled && !number(s.Cost):
			d.Errorf(at, "cost must name a number field or derived field of the criteria set, not %s", s.Cost)
		}
	}
	if s.Value != "score" && s.nodes.value != nil {
		prog, _, ok := d.compileExpr(s.Value, s.nodes.value, messages.T("value"), env, fields, textBounds, expr.AsFloat64())
		if ok {
			s.ValueProgram = prog
			s.ValueInputs, _ = names(s.Value)
		}
	}
	for i := range s.Limits {
		l := &s.Limits[i]
		if l.whereNode != nil && l.Where != "" {
			prog, _, ok := d.compileExpr(l.Where, l.whereNode, messages.T("limits: where"), env, fields, textBounds, expr.AsBool())
			if ok {
				l.WhereProgram = prog
				l.WhereInputs, _ = names(l.Where)
				l.WherePos = d.At(l.whereNode)
			}
		}
		if l.Sum != "" && l.sumNode != nil && !number(l.Sum) {
			d.Errorf(l.sumNode, "limits: sum must name a number field or derived field of the criteria set, not %s", l.Sum)
		}
	}
	return d.Errs.Err()
}
