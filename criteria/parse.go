package criteria

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/internal/strictyaml"
	"github.com/prio-tool/prio/messages"

	"github.com/prio-tool/prio/portfolio"
)

// MaxFileSize bounds a criteria file. Sets are written by people and are a
// few kilobytes; anything near this size is not a criteria set.
const MaxFileSize = 4 << 20

// Load reads and parses the criteria file at path.
func Load(path string) (*Set, error) {
	f, err := fileerr.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f, path)
}

// Parse decodes and validates a criteria set read from r; name is used in
// positions. A set with problems gives an [ErrorList] of all of them.
func Parse(r io.Reader, name string) (*Set, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, messages.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, messages.Errorf("%s: larger than %d MiB; not a criteria set", name, MaxFileSize>>20)
	}
	d := newDecoder(name)
	set := d.decodeFile(data)
	if err := d.Errs.Err(); err != nil {
		if perr := portfolioError(data, name); perr != nil {
			return nil, perr
		}
		return nil, err
	}
	sum := sha256.Sum256(data)
	set.File = name
	set.SHA256 = hex.EncodeToString(sum[:])
	return set, nil
}

func (d *decoder) decodeFile(data []byte) *Set {
	doc := d.Document(data, messages.M("a criteria set starts with format: %s", Format))
	if doc == nil {
		return nil
	}
	return d.decodeSet(doc)
}

var (
	setIDPattern = regexp.MustCompile(`^[a-z0-9-]+$`)
	// The regular expression recommended by semver.org, without the optional
	// leading "v".
	semverPattern = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
	// Field and derived names are expression identifiers.
	fieldNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// Criterion and gate ids appear in JSON keys, CSV headers and messages.
	nodeIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
)

// Words of the expression language that cannot name a field.
var reservedNames = map[string]bool{
	"true": true, "false": true, "nil": true, "and": true, "or": true, "not": true,
	"in": true, "matches": true, "contains": true, "startsWith": true, "endsWith": true,
	"let": true, "if": true, "else": true,
}

var statuses = []string{StatusDraft, StatusConsultation, StatusAdopted, StatusRetired}

func (d *decoder) decodeSet(doc *yaml.Node) *Set {
	top := messages.T("the criteria set")
	m, ok := d.Mapping(doc, top, "format", "id", "version", "status", "date",
		"title", "description", "changes", "fields", "derived", "starting_points", "criteria", "sensitivity")
	if !ok {
		return nil
	}
	set := &Set{}
	if n, ok := m["format"]; ok {
		set.Format, _ = d.Text(n, "format")
		if set.Format != "" && set.Format != Format {
			// Another format's keys would only give a screenful of noise.
			d.Errorf(strictyaml.Resolve(n), "unknown format %q: this prio reads %s", set.Format, Format)
			return nil
		}
	}
	d.Require(doc, m, top, "format", "id", "version", "status", "fields", "criteria")
	if n, ok := m["id"]; ok {
		if s, ok := d.Text(n, "id"); ok {
			if !setIDPattern.MatchString(s) {
				d.Errorf(strictyaml.Resolve(n), "id %q must use only a-z, 0-9 and -", s)
			}
			set.ID = s
		}
	}
	if n, ok := m["version"]; ok {
		set.Version = d.semver(n, "version")
	}
	if n, ok := m["status"]; ok {
		set.Status, _ = d.OneOf(n, "status", statuses...)
	}
	if n, ok := m["date"]; ok {
		set.Date, _ = d.Date(n, "date")
	}
	if n, ok := m["title"]; ok {
		set.Title = d.bilingual(n, "title")
	}
	if n, ok := m["description"]; ok {
		set.Description = d.bilingual(n, "description")
	}
	if n, ok := m["changes"]; ok {
		d.decodeChanges(set, n)
	}
	if n, ok := m["fields"]; ok {
		d.decodeFields(set, n)
	}
	if n, ok := m["derived"]; ok {
		d.decodeDerived(set, n)
	}
	if n, ok := m["starting_points"]; ok {
		d.decodeGates(set, n)
	}
	if n, ok := m["criteria"]; ok {
		set.Criteria = d.decodeCriteria(n, make(map[string]*yaml.Node))
	}
	if n, ok := m["sensitivity"]; ok {
		set.Sensitivity = DecodeSensitivity(d.Decoder, n)
	}
	d.check(set, m)
	return set
}

func (d *decoder) semver(n *yaml.Node, what any) string {
	s, ok := d.Text(n, what)
	if !ok {
		return ""
	}
	if !semverPattern.MatchString(s) {
		d.Errorf(strictyaml.Resolve(n), "%s %q is not a semantic version (MAJOR.MINOR.PATCH, such as 1.1.0)", what, s)
	}
	return s
}

func (d *decoder) decodeChanges(set *Set, n *yaml.Node) {
	items, ok := d.Sequence(n, "changes")
	if !ok {
		return
	}
	for _, item := range items {
		what := messages.T("a change")
		m, ok := d.Mapping(item, what, "version", "date", "status", "note")
		if !ok {
			continue
		}
		d.Require(item, m, what, "version", "note")
		c := Change{Pos: d.At(strictyaml.Resolve(item))}
		if v, ok := m["version"]; ok {
			c.Version = d.semver(v, messages.T("change version"))
		}
		if v, ok := m["date"]; ok {
			c.Date, _ = d.Date(v, messages.T("change date"))
		}
		if v, ok := m["status"]; ok {
			c.Status, _ = d.OneOf(v, messages.T("change status"), statuses...)
		}
		if v, ok := m["note"]; ok {
			c.Note, _ = d.NonEmptyText(v, messages.T("change note"))
		}
		set.Changes = append(set.Changes, c)
	}
}

var fieldTypes = map[string]portfolio.Kind{
	"text": portfolio.Text, "number": portfolio.Number, "percent": portfolio.Percent,
	"scale": portfolio.Scale, "yesno": portfolio.YesNo, "date": portfolio.Date,
}

// uncertaintyNodes keeps the parameter nodes of a field's uncertainty until
// every field is known and references can be checked.
type uncertaintyNodes struct {
	field *Field
	nodes map[string]*yaml.Node
}

func (d *decoder) decodeFields(set *Set, n *yaml.Node) {
	var pending []uncertaintyNodes
	for _, kv := range d.Pairs(n, "fields") {
		k, v := kv[0], kv[1]
		f := &Field{Name: k.Value, Pos: d.At(k)}
		d.checkFieldName(k, false)
		what := messages.M("field %s", f.Name)
		m, ok := d.Mapping(v, what, "headers", "type", "unit", "required", "absent", "blank", "sum_columns",
			"uncertainty", "levels", "title", "description")
		if !ok {
			continue
		}
		set.Fields = append(set.Fields, f)
		d.Require(v, m, what, "headers", "type")
		if h, ok := m["headers"]; ok {
			f.Headers = d.headers(h, what)
		}
		typeName := ""
		if t, ok := m["type"]; ok {
			if s, ok := d.OneOf(t, sub(what, "type"), "text", "number", "percent", "scale", "yesno", "date"); ok {
				typeName = s
				f.Type = fieldTypes[s]
			}
		}
		// onlyFor reports an option given on a field of the wrong type.
		onlyFor := func(key string, types ...string) bool {
			node, ok := m[key]
			if !ok {
				return false
			}
			if typeName != "" && !containsStr(types, typeName) {
				d.Errorf(strictyaml.Resolve(node), "%s: %s applies only to %s fields, not %s", what, key, strictyaml.OrList(types), typeName)
				return false
			}
			return true
		}
		if onlyFor("unit", "number") {
			if s, ok := d.Text(m["unit"], sub(what, "unit")); ok {
				u, known := Units[strings.ToLower(s)]
				if !known {
					d.Errorf(strictyaml.Resolve(m["unit"]), "%s: unknown unit %q (use kr, tkr, mnkr, MSEK or Mkr)", what, s)
				}
				f.Unit = u
			}
		}
		if node, ok := m["required"]; ok {
			f.Required, _ = d.Boolean(node, sub(what, "required"))
		}
		if node, ok := m["absent"]; ok {
			if s, ok := d.OneOf(node, sub(what, "absent"), AbsentError, AbsentMissing); ok {
				f.Absent = s
				if s == AbsentMissing && f.Required {
					d.Errorf(strictyaml.Resolve(node), "%s: absent: missing contradicts required: true (the column must exist)", what)
				}
			}
		}
		if onlyFor("blank", "yesno") {
			if s, ok := d.OneOf(m["blank"], sub(what, "blank"), "no", "missing"); ok {
				f.BlankNo = s == "no"
			}
		}
		if onlyFor("sum_columns", "number") {
			f.SumColumns, _ = d.Boolean(m["sum_columns"], sub(what, "sum_columns"))
		}
		if node, ok := m["levels"]; ok {
			if typeName != "" && typeName != "scale" {
				d.Errorf(strictyaml.Resolve(node), "%s: levels apply only to scale fields, not %s", what, typeName)
			} else {
				f.Levels = d.levels(node, what)
			}
		} else if typeName == "scale" {
			d.Errorf(strictyaml.Resolve(v), "%s: a scale field needs levels", what)
		}
		if onlyFor("uncertainty", "number") {
			if u, nodes := d.decodeUncertainty(m["uncertainty"], what); u != nil {
				f.Uncertainty = u
				pending = append(pending, uncertaintyNodes{f, nodes})
			}
		}
		if node, ok := m["title"]; ok {
			f.Title = d.bilingual(node, sub(what, "title"))
		}
		if node, ok := m["description"]; ok {
			f.Description = d.bilingual(node, sub(what, "description"))
		}
	}
	for _, p := range pending {
		d.checkUncertaintyRefs(set, p)
	}
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkFieldName checks the name of a field, or of a derived field.
func (d *decoder) checkFieldName(k *yaml.Node, derived bool) {
	switch {
	case !fieldNamePattern.MatchString(k.Value) && derived:
		d.Errorf(k, "derived field name %q must start with a letter or _ and use only letters, digits and _", k.Value)
	case !fieldNamePattern.MatchString(k.Value):
		d.Errorf(k, "field name %q must start with a letter or _ and use only letters, digits and _", k.Value)
	case reservedNames[k.Value] && derived:
		d.Errorf(k, "derived field name %q is a word of the expression language", k.Value)
	case reservedNames[k.Value]:
		d.Errorf(k, "field name %q is a word of the expression language", k.Value)
	case exprFunctions[k.Value] || contains(exprBuiltins, k.Value):
		// A field named date would hide date("…") in every expression.
		d.Errorf(k, "name %q is the name of a function of expressions; choose another", k.Value)
	}
}

func (d *decoder) headers(n *yaml.Node, what any) []string {
	items, ok := d.Sequence(n, sub(what, "headers"))
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.Errorf(strictyaml.Resolve(n), "%s: headers must name at least one column header", what)
	}
	var out []string
	for _, item := range items {
		if s, ok := d.NonEmptyText(item, messages.M("%s: header", what)); ok {
			out = append(out, s)
		}
	}
	return out
}

func (d *decoder) levels(n *yaml.Node, what any) []string {
	items, ok := d.Sequence(n, sub(what, "levels"))
	if !ok {
		return nil
	}
	if len(items) < 2 {
		d.Errorf(strictyaml.Resolve(n), "%s: a scale needs at least two levels", what)
	}
	seen := make(map[string]bool)
	var out []string
	for _, item := range items {
		s, ok := d.NonEmptyText(item, messages.M("%s: level", what))
		if !ok {
			continue
		}
		key := FoldLabel(s)
		if seen[key] {
			d.Errorf(strictyaml.Resolve(item), "%s: level %q is given twice (levels match without regard to case and spaces)", what, s)
		}
		seen[key] = true
		out = append(out, s)
	}
	return out
}

// FoldLabel is the form in which headers and level labels are compared:
// lower case, with every kind of white space removed.
func FoldLabel(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if isSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isSpace is true for the spaces found in spreadsheets: ordinary, tab, line
// breaks, no-break (U+00A0), thin (U+2009) and narrow no-break (U+202F).
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\u00a0', '\u2009', '\u202f', '\u2007', '\u200b', '\ufeff':
		return true
	}
	return false
}

var distributions = []string{"uniform", "triangular", "pert", "normal", "lognormal"}

func (d *decoder) decodeUncertainty(n *yaml.Node, what any) (*Uncertainty, map[string]*yaml.Node) {
	what = sub(what, "uncertainty")
	m, ok := d.Mapping(n, what, "dist", "low", "high", "sd")
	if !ok {
		return nil, nil
	}
	d.Require(n, m, what, "dist")
	u := &Uncertainty{Pos: d.At(strictyaml.Resolve(n))}
	dn, ok := m["dist"]
	if !ok {
		return nil, nil
	}
	if u.Dist, ok = d.OneOf(dn, sub(what, "dist"), distributions...); !ok {
		return nil, nil
	}
	var needs, forbids []string
	switch u.Dist {
	case "uniform", "triangular", "pert":
		needs, forbids = []string{"low", "high"}, []string{"sd"}
	default:
		needs, forbids = []string{"sd"}, []string{"low", "high"}
	}
	d.Require(n, m, messages.M("%s (%s)", what, u.Dist), needs...)
	for _, k := range forbids {
		if node, ok := m[k]; ok {
			d.Errorf(strictyaml.Resolve(node), "%s: %s does not apply to a %s distribution", what, k, u.Dist)
			delete(m, k)
		}
	}
	return u, m
}

// checkUncertaintyRefs resolves the parameters of an uncertainty once all
// fields are known: a number constant, or the name of a number field.
func (d *decoder) checkUncertaintyRefs(set *Set, p uncertaintyNodes) {
	what := sub(messages.M("field %s", p.field.Name), "uncertainty")
	u := p.field.Uncertainty
	param := func(key string) Param {
		n, ok := p.nodes[key]
		if !ok {
			return Param{}
		}
		n = strictyaml.Resolve(n)
		if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
			x, ok := d.Number(n, sub(what, key))
			if ok && key == "sd" && x < 0 {
				d.Errorf(n, "%s: sd must not be negative", what)
			}
			return Param{Const: x, Set: ok}
		}
		name, ok := d.Text(n, sub(what, key))
		if !ok {
			return Param{}
		}
		f := set.Field(name)
		switch {
		case f == nil:
			d.Errorf(n, "%s: %s names %q, which is not a field", what, key, name)
		case f.Type != portfolio.Number:
			d.Errorf(n, "%s: %s names %q, a %s field; it must be a number field", what, key, name, f.Type)
		}
		return Param{Field: name, Set: true}
	}
	u.Low, u.High, u.SD = param("low"), param("high"), param("sd")
	if u.Low.Set && u.High.Set && u.Low.Field == "" && u.High.Field == "" && u.Low.Const > u.High.Const {
		d.Errorf(strictyaml.Resolve(p.nodes["low"]), "%s: low %s is above high %s", what, num(u.Low.Const), num(u.High.Const))
	}
}

func (d *decoder) decodeDerived(set *Set, n *yaml.Node) {
	for _, kv := range d.Pairs(n, "derived") {
		k, v := kv[0], kv[1]
		d.checkFieldName(k, true)
		src, ok := d.NonEmptyText(v, messages.M("derived field %s", k.Value))
		if !ok {
			continue
		}
		set.Derived = append(set.Derived, &Derived{Name: k.Value, Expr: src, Pos: d.At(k), exprNode: strictyaml.Resolve(v)})
	}
}

func (d *decoder) decodeGates(set *Set, n *yaml.Node) {
	items, ok := d.Sequence(n, "starting_points")
	if !ok {
		return
	}
	seen := make(map[string]*Gate)
	for _, item := range items {
		a := messages.T("a starting point")
		m, ok := d.Mapping(item, a, "id", "title", "description", "require", "on_fail", "on_missing", "fail_text")
		if !ok {
			continue
		}
		g := &Gate{Pos: d.At(strictyaml.Resolve(item)), OnFail: OnFailExclude}
		d.Require(item, m, a, "id", "require")
		if v, ok := m["id"]; ok {
			g.ID = d.nodeID(v, messages.T("starting point id"))
			if first := seen[g.ID]; first != nil && g.ID != "" {
				d.Errorf(strictyaml.Resolve(v), "duplicate starting point id %q (first at line %d)", g.ID, first.Pos.Line)
			} else {
				seen[g.ID] = g
			}
		}
		what := messages.M("starting point %s", g.ID)
		if v, ok := m["title"]; ok {
			g.Title = d.bilingual(v, sub(what, "title"))
		}
		if v, ok := m["description"]; ok {
			g.Description = d.bilingual(v, sub(what, "description"))
		}
		if v, ok := m["fail_text"]; ok {
			g.FailText = d.bilingual(v, sub(what, "fail_text"))
		}
		if v, ok := m["require"]; ok {
			if s, ok := d.NonEmptyText(v, sub(what, "require")); ok {
				g.Require, g.requireNode = s, strictyaml.Resolve(v)
			}
		}
		if v, ok := m["on_fail"]; ok {
			g.OnFail, _ = d.OneOf(v, sub(what, "on_fail"), OnFailExclude, OnFailFlag)
		}
		if v, ok := m["on_missing"]; ok {
			s, _ := d.OneOf(v, sub(what, "on_missing"), "pass", "fail")
			g.OnMissingPass = s == "pass"
		}
		set.StartingPoints = append(set.StartingPoints, g)
	}
}

func (d *decoder) nodeID(n *yaml.Node, what any) string {
	s, ok := d.Text(n, what)
	if !ok {
		return ""
	}
	if !nodeIDPattern.MatchString(s) {
		d.Errorf(strictyaml.Resolve(n), "%s %q must start with a letter or digit and use only letters, digits, _, . and -", what, s)
	}
	return s
}

// decodeCriteria reads one level of the tree; seen holds every criterion id
// so far, for the uniqueness check across the whole tree.
func (d *decoder) decodeCriteria(n *yaml.Node, seen map[string]*yaml.Node) []*Criterion {
	items, ok := d.Sequence(n, "criteria")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.Errorf(strictyaml.Resolve(n), "criteria must list at least one criterion")
	}
	var out []*Criterion
	for _, item := range items {
		a := messages.T("a criterion")
		m, ok := d.Mapping(item, a, "id", "title", "description", "weight", "criteria", "field", "value", "missing")
		if !ok {
			continue
		}
		d.Require(item, m, a, "id")
		c := &Criterion{Weight: 1, Pos: d.At(strictyaml.Resolve(item))}
		if v, ok := m["id"]; ok {
			c.ID = d.nodeID(v, messages.T("criterion id"))
			if first, dup := seen[c.ID]; dup && c.ID != "" {
				d.Errorf(strictyaml.Resolve(v), "duplicate criterion id %q (first at line %d)", c.ID, first.Line)
			} else {
				seen[c.ID] = strictyaml.Resolve(v)
			}
		}
		what := messages.M("criterion %s", c.ID)
		if v, ok := m["title"]; ok {
			c.Title = d.bilingual(v, sub(what, "title"))
		}
		if v, ok := m["description"]; ok {
			c.Description = d.bilingual(v, sub(what, "description"))
		}
		if v, ok := m["weight"]; ok {
			if w, ok := d.Number(v, sub(what, "weight")); ok {
				if w < 0 {
					d.Errorf(strictyaml.Resolve(v), "%s: weight must not be negative, not %s", what, num(w))
				} else {
					c.Weight = w
					c.weightNode = strictyaml.Resolve(v)
				}
			}
		}
		children, isGroup := m["criteria"]
		if isGroup {
			c.childrenNode = strictyaml.Resolve(children)
			c.Children = d.decodeCriteria(children, seen)
			for _, k := range []string{"field", "value", "missing"} {
				if v, ok := m[k]; ok {
					d.Errorf(strictyaml.Resolve(v), "%s: a group of criteria cannot have %s; only its leaves can", what, k)
				}
			}
			out = append(out, c)
			continue
		}
		_, hasField := m["field"]
		_, hasValue := m["value"]
		if !hasField && !hasValue {
			d.Errorf(strictyaml.Resolve(item), "%s needs either criteria (a group) or field and value (a leaf)", what)
		} else {
			d.Require(item, m, what, "field", "value")
		}
		if v, ok := m["field"]; ok {
			c.Field, _ = d.Text(v, sub(what, "field"))
			c.fieldNode = strictyaml.Resolve(v)
		}
		if v, ok := m["value"]; ok {
			c.Value = d.decodeValueFunc(v, sub(what, "value"))
		}
		c.Missing = MissingWorst
		if v, ok := m["missing"]; ok {
			c.Missing, _ = d.OneOf(v, sub(what, "missing"), MissingWorst, MissingNeutral, MissingError)
		}
		out = append(out, c)
	}
	return out
}

func (d *decoder) decodeValueFunc(n *yaml.Node, what any) *ValueFunc {
	m, ok := d.Mapping(n, what, FormLinear, FormPiecewise, FormSteps, FormLevels, "extrapolate")
	if !ok {
		return nil
	}
	v := &ValueFunc{}
	var forms []string
	for _, f := range []string{FormLinear, FormPiecewise, FormSteps, FormLevels} {
		if _, ok := m[f]; ok {
			forms = append(forms, f)
		}
	}
	switch len(forms) {
	case 0:
		d.Errorf(strictyaml.Resolve(n), "%s needs one of linear, piecewise, steps or levels", what)
		return nil
	case 1:
	default:
		d.Errorf(strictyaml.Resolve(n), "%s gives %s; give exactly one", what, andList(forms))
		return nil
	}
	v.Form = forms[0]
	body := m[v.Form]
	ok = true
	switch v.Form {
	case FormLinear:
		pair, good := d.numberPair(body, sub(what, "linear"), "[a, b]")
		ok = good
		if good && pair[0] == pair[1] {
			d.Errorf(strictyaml.Resolve(body), "%s: linear needs two different ends, not %s twice", what, num(pair[0]))
			ok = false
		}
		v.Points = [][2]float64{{pair[0], 0}, {pair[1], 1}}
	case FormPiecewise, FormSteps:
		v.Points, ok = d.points(body, sub(what, v.Form), v.Form == FormPiecewise)
	case FormLevels:
		v.levelsNode = strictyaml.Resolve(body)
		items, good := d.Sequence(body, sub(what, "levels"))
		ok = good
		for _, item := range items {
			x, good := d.Number(item, messages.M("%s: level value", what))
			if good && (x < 0 || x > 1) {
				d.Errorf(strictyaml.Resolve(item), "%s: level value %s is outside [0, 1]", what, num(x))
				good = false
			}
			ok = ok && good
			v.Levels = append(v.Levels, x)
		}
	}
	if e, has := m["extrapolate"]; has {
		if b, good := d.Boolean(e, sub(what, "extrapolate")); good {
			if v.Form != FormLinear && b {
				d.Errorf(strictyaml.Resolve(e), "%s: extrapolate applies only to linear; %s is flat beyond its ends", what, v.Form)
			}
			v.Extrapolate = b && v.Form == FormLinear
		}
	}
	if !ok {
		return nil
	}
	return v
}

func (d *decoder) numberPair(n *yaml.Node, what, shape any) ([2]float64, bool) {
	items, ok := d.Sequence(n, what)
	if !ok {
		return [2]float64{}, false
	}
	if len(items) != 2 {
		d.Errorf(strictyaml.Resolve(n), "%s must be a pair %s, not %d numbers", what, shape, len(items))
		return [2]float64{}, false
	}
	a, okA := d.Number(items[0], what)
	b, okB := d.Number(items[1], what)
	return [2]float64{a, b}, okA && okB
}

// points reads [[x, v], ...] with x strictly increasing and v in [0, 1].
func (d *decoder) points(n *yaml.Node, what any, needTwo bool) ([][2]float64, bool) {
	items, ok := d.Sequence(n, what)
	if !ok {
		return nil, false
	}
	switch {
	case needTwo && len(items) < 2:
		d.Errorf(strictyaml.Resolve(n), "%s needs at least two points [x, value]", what)
		return nil, false
	case len(items) == 0:
		d.Errorf(strictyaml.Resolve(n), "%s needs at least one point [x, value]", what)
		return nil, false
	}
	var pts [][2]float64
	for i, item := range items {
		p, good := d.numberPair(item, what, messages.T("[x, value]"))
		if !good {
			ok = false
			continue
		}
		if p[1] < 0 || p[1] > 1 {
			d.Errorf(strictyaml.Resolve(strictyaml.Resolve(item).Content[1]), "%s: value %s is outside [0, 1]", what, num(p[1]))
			ok = false
		}
		if i > 0 && len(pts) == i && p[0] <= pts[i-1][0] {
			d.Errorf(strictyaml.Resolve(strictyaml.Resolve(item).Content[0]), "%s: x values must increase, but %s follows %s", what, num(p[0]), num(pts[i-1][0]))
			ok = false
		}
		pts = append(pts, p)
	}
	return pts, ok
}

// andList lists names as "a, b and c", in the language of the messages.
func andList(names []string) any {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return messages.M("%s and %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}

// DecodeSensitivity reads a sensitivity block (samples, seed, weights, top)
// at n, recording its problems in d. A batch manifest's sensitivity block
// is read by it too, so that both say the same things the same way. It
// gives nil when n is not a mapping.
func DecodeSensitivity(d *strictyaml.Decoder, n *yaml.Node) *Sensitivity {
	m, ok := d.Mapping(n, "sensitivity", "samples", "seed", "weights", "top")
	if !ok {
		return nil
	}
	s := &Sensitivity{}
	if v, ok := m["samples"]; ok {
		if i, ok := d.Integer(v, "sensitivity: samples"); ok {
			if i < 1 || i > MaxSamples {
				d.Errorf(strictyaml.Resolve(v), "sensitivity: samples must be from 1 to %d, not %d", MaxSamples, i)
			} else {
				s.Samples, s.SamplesPos = int(i), d.At(strictyaml.Resolve(v))
			}
		}
	}
	if v, ok := m["seed"]; ok {
		var seed uint64
		rv := strictyaml.Resolve(v)
		if rv.Kind != yaml.ScalarNode || rv.Tag != "!!int" || rv.Decode(&seed) != nil {
			d.Errorf(rv, "sensitivity: seed must be a whole number from 0 to 18446744073709551615, not %s", strictyaml.Describe(rv))
		} else {
			s.Seed, s.SeedSet = seed, true
		}
	}
	if v, ok := m["weights"]; ok {
		s.Weights = decodeWeightModel(d, v)
	}
	if v, ok := m["top"]; ok {
		if i, ok := d.Integer(v, "sensitivity: top"); ok {
			if i < 1 {
				d.Errorf(strictyaml.Resolve(v), "sensitivity: top must be at least 1, not %d", i)
			} else {
				s.Top, s.TopPos = int(min(i, 1<<31)), d.At(strictyaml.Resolve(v))
			}
		}
	}
	return s
}

// MaxSamples bounds the Monte Carlo sample count a file may ask for.
const MaxSamples = 10_000_000

func decodeWeightModel(d *strictyaml.Decoder, n *yaml.Node) WeightModel {
	n = strictyaml.Resolve(n)
	if n.Kind == yaml.ScalarNode {
		s, _ := d.OneOf(n, "sensitivity: weights", WeightsFree, WeightsOrder)
		return WeightModel{Kind: s}
	}
	m, ok := d.Mapping(n, "sensitivity: weights", WeightsVary)
	if !ok {
		return WeightModel{}
	}
	d.Require(n, m, "sensitivity: weights", WeightsVary)
	v, ok := m[WeightsVary]
	if !ok {
		return WeightModel{}
	}
	r, ok := d.Number(v, "sensitivity: weights: vary")
	if !ok {
		return WeightModel{}
	}
	if r < 0 || r > 1 {
		d.Errorf(strictyaml.Resolve(v), "sensitivity: weights: vary must be from 0 to 1, not %s", num(r))
		return WeightModel{}
	}
	return WeightModel{Kind: WeightsVary, Vary: r}
}
