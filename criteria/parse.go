package criteria

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/portfolio"
)

// MaxFileSize bounds a criteria file. Sets are written by people and are a
// few kilobytes; anything near this size is not a criteria set.
const MaxFileSize = 4 << 20

// Load reads and parses the criteria file at path.
func Load(path string) (*Set, error) {
	f, err := os.Open(path)
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
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: larger than %d MiB; not a criteria set", name, MaxFileSize>>20)
	}
	d := &decoder{file: name}
	set := d.decodeFile(data)
	if err := d.errs.Err(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	set.File = name
	set.SHA256 = hex.EncodeToString(sum[:])
	return set, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a yaml.v3 parse error, which knows only its line, into a
// positioned Error at column 1 of that line.
func (d *decoder) syntaxError(err error) {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		// yaml.v3 numbers the lines of its parser errors ("did not find
		// expected …") from 0 and those of its scanner errors from 1; the
		// parser's line is where the unfinished construct began.
		if strings.HasPrefix(msg, "did not find expected") {
			line++
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	d.errs.add(Pos{File: d.file, Line: line, Col: 1}, "YAML syntax: %s", msg)
}

func (d *decoder) decodeFile(data []byte) (set *Set) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := decodeSafely(dec, &root); err != nil {
		if errors.Is(err, io.EOF) {
			d.errs.add(Pos{File: d.file, Line: 1, Col: 1}, "empty file: a criteria set starts with format: %s", Format)
		} else {
			d.syntaxError(err)
		}
		return nil
	}
	var extra yaml.Node
	if err := decodeSafely(dec, &extra); err == nil {
		d.errs.add(Pos{File: d.file, Line: extra.Line, Col: extra.Column}, "a criteria file holds one YAML document; this is a second")
		return nil
	} else if !errors.Is(err, io.EOF) {
		d.syntaxError(err)
		return nil
	}
	doc := root.Content[0]
	return d.decodeSet(doc)
}

// decodeSafely guards against a panic inside the YAML parser on hostile input:
// a bad file must give an error, never a crash.
func decodeSafely(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: the YAML parser failed: %v", r)
		}
	}()
	return dec.Decode(n)
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

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func (d *decoder) decodeSet(doc *yaml.Node) *Set {
	m, ok := d.mapping(doc, "the criteria set", "format", "id", "version", "status", "date",
		"title", "description", "changes", "fields", "derived", "starting_points", "criteria", "sensitivity")
	if !ok {
		return nil
	}
	set := &Set{}
	if n, ok := m["format"]; ok {
		set.Format, _ = d.text(n, "format")
		if set.Format != "" && set.Format != Format {
			// Another format's keys would only give a screenful of noise.
			d.errorf(resolve(n), "unknown format %q: this prio reads %s", set.Format, Format)
			return nil
		}
	}
	d.require(doc, m, "the criteria set", "format", "id", "version", "status", "fields", "criteria")
	if n, ok := m["id"]; ok {
		if s, ok := d.text(n, "id"); ok {
			if !setIDPattern.MatchString(s) {
				d.errorf(resolve(n), "id %q must use only a-z, 0-9 and -", s)
			}
			set.ID = s
		}
	}
	if n, ok := m["version"]; ok {
		set.Version = d.semver(n, "version")
	}
	if n, ok := m["status"]; ok {
		set.Status, _ = d.oneOf(n, "status", statuses...)
	}
	if n, ok := m["date"]; ok {
		set.Date, _ = d.date(n, "date")
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
		set.Sensitivity = d.decodeSensitivity(n)
	}
	d.check(set, m)
	return set
}

func (d *decoder) semver(n *yaml.Node, what string) string {
	s, ok := d.text(n, what)
	if !ok {
		return ""
	}
	if !semverPattern.MatchString(s) {
		d.errorf(resolve(n), "%s %q is not a semantic version (MAJOR.MINOR.PATCH, such as 1.1.0)", what, s)
	}
	return s
}

func (d *decoder) decodeChanges(set *Set, n *yaml.Node) {
	items, ok := d.sequence(n, "changes")
	if !ok {
		return
	}
	for _, item := range items {
		m, ok := d.mapping(item, "a change", "version", "date", "status", "note")
		if !ok {
			continue
		}
		d.require(item, m, "a change", "version", "note")
		c := Change{Pos: d.at(resolve(item))}
		if v, ok := m["version"]; ok {
			c.Version = d.semver(v, "change version")
		}
		if v, ok := m["date"]; ok {
			c.Date, _ = d.date(v, "change date")
		}
		if v, ok := m["status"]; ok {
			c.Status, _ = d.oneOf(v, "change status", statuses...)
		}
		if v, ok := m["note"]; ok {
			c.Note, _ = d.nonEmptyText(v, "change note")
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
	for _, kv := range d.pairs(n, "fields") {
		k, v := kv[0], kv[1]
		f := &Field{Name: k.Value, Pos: d.at(k)}
		d.checkFieldName(k, "field")
		what := fmt.Sprintf("field %s", f.Name)
		m, ok := d.mapping(v, what, "headers", "type", "unit", "required", "blank", "sum_columns",
			"uncertainty", "levels", "title", "description")
		if !ok {
			continue
		}
		set.Fields = append(set.Fields, f)
		d.require(v, m, what, "headers", "type")
		if h, ok := m["headers"]; ok {
			f.Headers = d.headers(h, what)
		}
		typeName := ""
		if t, ok := m["type"]; ok {
			if s, ok := d.oneOf(t, what+": type", "text", "number", "percent", "scale", "yesno", "date"); ok {
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
				d.errorf(resolve(node), "%s: %s applies only to %s fields, not %s", what, key, orList(types), typeName)
				return false
			}
			return true
		}
		if onlyFor("unit", "number") {
			if s, ok := d.text(m["unit"], what+": unit"); ok {
				u, known := Units[strings.ToLower(s)]
				if !known {
					d.errorf(resolve(m["unit"]), "%s: unknown unit %q (use kr, tkr, mnkr, MSEK or Mkr)", what, s)
				}
				f.Unit = u
			}
		}
		if node, ok := m["required"]; ok {
			f.Required, _ = d.boolean(node, what+": required")
		}
		if onlyFor("blank", "yesno") {
			if s, ok := d.oneOf(m["blank"], what+": blank", "no", "missing"); ok {
				f.BlankNo = s == "no"
			}
		}
		if onlyFor("sum_columns", "number") {
			f.SumColumns, _ = d.boolean(m["sum_columns"], what+": sum_columns")
		}
		if node, ok := m["levels"]; ok {
			if typeName != "" && typeName != "scale" {
				d.errorf(resolve(node), "%s: levels apply only to scale fields, not %s", what, typeName)
			} else {
				f.Levels = d.levels(node, what)
			}
		} else if typeName == "scale" {
			d.errorf(resolve(v), "%s: a scale field needs levels", what)
		}
		if onlyFor("uncertainty", "number") {
			if u, nodes := d.decodeUncertainty(m["uncertainty"], what); u != nil {
				f.Uncertainty = u
				pending = append(pending, uncertaintyNodes{f, nodes})
			}
		}
		if node, ok := m["title"]; ok {
			f.Title = d.bilingual(node, what+": title")
		}
		if node, ok := m["description"]; ok {
			f.Description = d.bilingual(node, what+": description")
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

func (d *decoder) checkFieldName(k *yaml.Node, what string) {
	switch {
	case !fieldNamePattern.MatchString(k.Value):
		d.errorf(k, "%s name %q must start with a letter or _ and use only letters, digits and _", what, k.Value)
	case reservedNames[k.Value]:
		d.errorf(k, "%s name %q is a word of the expression language", what, k.Value)
	}
}

func (d *decoder) headers(n *yaml.Node, what string) []string {
	items, ok := d.sequence(n, what+": headers")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.errorf(resolve(n), "%s: headers must name at least one column header", what)
	}
	var out []string
	for _, item := range items {
		if s, ok := d.nonEmptyText(item, what+": header"); ok {
			out = append(out, s)
		}
	}
	return out
}

func (d *decoder) levels(n *yaml.Node, what string) []string {
	items, ok := d.sequence(n, what+": levels")
	if !ok {
		return nil
	}
	if len(items) < 2 {
		d.errorf(resolve(n), "%s: a scale needs at least two levels", what)
	}
	seen := make(map[string]bool)
	var out []string
	for _, item := range items {
		s, ok := d.nonEmptyText(item, what+": level")
		if !ok {
			continue
		}
		key := FoldLabel(s)
		if seen[key] {
			d.errorf(resolve(item), "%s: level %q is given twice (levels match without regard to case and spaces)", what, s)
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

func (d *decoder) decodeUncertainty(n *yaml.Node, what string) (*Uncertainty, map[string]*yaml.Node) {
	what += ": uncertainty"
	m, ok := d.mapping(n, what, "dist", "low", "high", "sd")
	if !ok {
		return nil, nil
	}
	d.require(n, m, what, "dist")
	u := &Uncertainty{Pos: d.at(resolve(n))}
	dn, ok := m["dist"]
	if !ok {
		return nil, nil
	}
	if u.Dist, ok = d.oneOf(dn, what+": dist", distributions...); !ok {
		return nil, nil
	}
	var needs, forbids []string
	switch u.Dist {
	case "uniform", "triangular", "pert":
		needs, forbids = []string{"low", "high"}, []string{"sd"}
	default:
		needs, forbids = []string{"sd"}, []string{"low", "high"}
	}
	d.require(n, m, what+" ("+u.Dist+")", needs...)
	for _, k := range forbids {
		if node, ok := m[k]; ok {
			d.errorf(resolve(node), "%s: %s does not apply to a %s distribution", what, k, u.Dist)
			delete(m, k)
		}
	}
	return u, m
}

// checkUncertaintyRefs resolves the parameters of an uncertainty once all
// fields are known: a number constant, or the name of a number field.
func (d *decoder) checkUncertaintyRefs(set *Set, p uncertaintyNodes) {
	what := fmt.Sprintf("field %s: uncertainty", p.field.Name)
	u := p.field.Uncertainty
	param := func(key string) Param {
		n, ok := p.nodes[key]
		if !ok {
			return Param{}
		}
		n = resolve(n)
		if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
			x, ok := d.number(n, what+": "+key)
			if ok && key == "sd" && x < 0 {
				d.errorf(n, "%s: sd must not be negative", what)
			}
			return Param{Const: x, Set: ok}
		}
		name, ok := d.text(n, what+": "+key)
		if !ok {
			return Param{}
		}
		f := set.Field(name)
		switch {
		case f == nil:
			d.errorf(n, "%s: %s names %q, which is not a field", what, key, name)
		case f.Type != portfolio.Number:
			d.errorf(n, "%s: %s names %q, a %s field; it must be a number field", what, key, name, f.Type)
		}
		return Param{Field: name, Set: true}
	}
	u.Low, u.High, u.SD = param("low"), param("high"), param("sd")
	if u.Low.Set && u.High.Set && u.Low.Field == "" && u.High.Field == "" && u.Low.Const > u.High.Const {
		d.errorf(resolve(p.nodes["low"]), "%s: low %s is above high %s", what, num(u.Low.Const), num(u.High.Const))
	}
}

func (d *decoder) decodeDerived(set *Set, n *yaml.Node) {
	for _, kv := range d.pairs(n, "derived") {
		k, v := kv[0], kv[1]
		d.checkFieldName(k, "derived field")
		src, ok := d.nonEmptyText(v, "derived field "+k.Value)
		if !ok {
			continue
		}
		set.Derived = append(set.Derived, &Derived{Name: k.Value, Expr: src, Pos: d.at(k), exprNode: resolve(v)})
	}
}

func (d *decoder) decodeGates(set *Set, n *yaml.Node) {
	items, ok := d.sequence(n, "starting_points")
	if !ok {
		return
	}
	seen := make(map[string]*Gate)
	for _, item := range items {
		m, ok := d.mapping(item, "a starting point", "id", "title", "description", "require", "on_fail", "on_missing")
		if !ok {
			continue
		}
		g := &Gate{Pos: d.at(resolve(item)), OnFail: OnFailExclude}
		d.require(item, m, "a starting point", "id", "require")
		if v, ok := m["id"]; ok {
			g.ID = d.nodeID(v, "starting point id")
			if first := seen[g.ID]; first != nil && g.ID != "" {
				d.errorf(resolve(v), "duplicate starting point id %q (first at line %d)", g.ID, first.Pos.Line)
			} else {
				seen[g.ID] = g
			}
		}
		what := "starting point " + g.ID
		if v, ok := m["title"]; ok {
			g.Title = d.bilingual(v, what+": title")
		}
		if v, ok := m["description"]; ok {
			g.Description = d.bilingual(v, what+": description")
		}
		if v, ok := m["require"]; ok {
			if s, ok := d.nonEmptyText(v, what+": require"); ok {
				g.Require, g.requireNode = s, resolve(v)
			}
		}
		if v, ok := m["on_fail"]; ok {
			g.OnFail, _ = d.oneOf(v, what+": on_fail", OnFailExclude, OnFailFlag)
		}
		if v, ok := m["on_missing"]; ok {
			s, _ := d.oneOf(v, what+": on_missing", "pass", "fail")
			g.OnMissingPass = s == "pass"
		}
		set.StartingPoints = append(set.StartingPoints, g)
	}
}

func (d *decoder) nodeID(n *yaml.Node, what string) string {
	s, ok := d.text(n, what)
	if !ok {
		return ""
	}
	if !nodeIDPattern.MatchString(s) {
		d.errorf(resolve(n), "%s %q must start with a letter or digit and use only letters, digits, _, . and -", what, s)
	}
	return s
}

// decodeCriteria reads one level of the tree; seen holds every criterion id
// so far, for the uniqueness check across the whole tree.
func (d *decoder) decodeCriteria(n *yaml.Node, seen map[string]*yaml.Node) []*Criterion {
	items, ok := d.sequence(n, "criteria")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.errorf(resolve(n), "criteria must list at least one criterion")
	}
	var out []*Criterion
	for _, item := range items {
		m, ok := d.mapping(item, "a criterion", "id", "title", "description", "weight", "criteria", "field", "value", "missing")
		if !ok {
			continue
		}
		d.require(item, m, "a criterion", "id")
		c := &Criterion{Weight: 1, Pos: d.at(resolve(item))}
		if v, ok := m["id"]; ok {
			c.ID = d.nodeID(v, "criterion id")
			if first, dup := seen[c.ID]; dup && c.ID != "" {
				d.errorf(resolve(v), "duplicate criterion id %q (first at line %d)", c.ID, first.Line)
			} else {
				seen[c.ID] = resolve(v)
			}
		}
		what := "criterion " + c.ID
		if v, ok := m["title"]; ok {
			c.Title = d.bilingual(v, what+": title")
		}
		if v, ok := m["description"]; ok {
			c.Description = d.bilingual(v, what+": description")
		}
		if v, ok := m["weight"]; ok {
			if w, ok := d.number(v, what+": weight"); ok {
				if w < 0 {
					d.errorf(resolve(v), "%s: weight must not be negative, not %s", what, num(w))
				} else {
					c.Weight = w
				}
			}
		}
		children, isGroup := m["criteria"]
		if isGroup {
			c.childrenNode = resolve(children)
			c.Children = d.decodeCriteria(children, seen)
			for _, k := range []string{"field", "value", "missing"} {
				if v, ok := m[k]; ok {
					d.errorf(resolve(v), "%s: a group of criteria cannot have %s; only its leaves can", what, k)
				}
			}
			out = append(out, c)
			continue
		}
		_, hasField := m["field"]
		_, hasValue := m["value"]
		if !hasField && !hasValue {
			d.errorf(resolve(item), "%s needs either criteria (a group) or field and value (a leaf)", what)
		} else {
			d.require(item, m, what, "field", "value")
		}
		if v, ok := m["field"]; ok {
			c.Field, _ = d.text(v, what+": field")
			c.fieldNode = resolve(v)
		}
		if v, ok := m["value"]; ok {
			c.Value = d.decodeValueFunc(v, what+": value")
		}
		c.Missing = MissingWorst
		if v, ok := m["missing"]; ok {
			c.Missing, _ = d.oneOf(v, what+": missing", MissingWorst, MissingNeutral, MissingError)
		}
		out = append(out, c)
	}
	return out
}

func (d *decoder) decodeValueFunc(n *yaml.Node, what string) *ValueFunc {
	m, ok := d.mapping(n, what, FormLinear, FormPiecewise, FormSteps, FormLevels, "extrapolate")
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
		d.errorf(resolve(n), "%s needs one of linear, piecewise, steps or levels", what)
		return nil
	case 1:
	default:
		d.errorf(resolve(n), "%s gives %s; give exactly one", what, strings.Join(forms, " and "))
		return nil
	}
	v.Form = forms[0]
	body := m[v.Form]
	ok = true
	switch v.Form {
	case FormLinear:
		pair, good := d.numberPair(body, what+": linear", "[a, b]")
		ok = good
		if good && pair[0] == pair[1] {
			d.errorf(resolve(body), "%s: linear needs two different ends, not %s twice", what, num(pair[0]))
			ok = false
		}
		v.Points = [][2]float64{{pair[0], 0}, {pair[1], 1}}
	case FormPiecewise, FormSteps:
		v.Points, ok = d.points(body, what+": "+v.Form, v.Form == FormPiecewise)
	case FormLevels:
		v.levelsNode = resolve(body)
		items, good := d.sequence(body, what+": levels")
		ok = good
		for _, item := range items {
			x, good := d.number(item, what+": level value")
			if good && (x < 0 || x > 1) {
				d.errorf(resolve(item), "%s: level value %s is outside [0, 1]", what, num(x))
				good = false
			}
			ok = ok && good
			v.Levels = append(v.Levels, x)
		}
	}
	if e, has := m["extrapolate"]; has {
		if b, good := d.boolean(e, what+": extrapolate"); good {
			if v.Form != FormLinear && b {
				d.errorf(resolve(e), "%s: extrapolate applies only to linear; %s is flat beyond its ends", what, v.Form)
			}
			v.Extrapolate = b && v.Form == FormLinear
		}
	}
	if !ok {
		return nil
	}
	return v
}

func (d *decoder) numberPair(n *yaml.Node, what, shape string) ([2]float64, bool) {
	items, ok := d.sequence(n, what)
	if !ok {
		return [2]float64{}, false
	}
	if len(items) != 2 {
		d.errorf(resolve(n), "%s must be a pair %s, not %d numbers", what, shape, len(items))
		return [2]float64{}, false
	}
	a, okA := d.number(items[0], what)
	b, okB := d.number(items[1], what)
	return [2]float64{a, b}, okA && okB
}

// points reads [[x, v], ...] with x strictly increasing and v in [0, 1].
func (d *decoder) points(n *yaml.Node, what string, needTwo bool) ([][2]float64, bool) {
	items, ok := d.sequence(n, what)
	if !ok {
		return nil, false
	}
	if len(items) == 0 || needTwo && len(items) < 2 {
		d.errorf(resolve(n), "%s needs at least %d points [x, value]", what, map[bool]int{true: 2, false: 1}[needTwo])
		return nil, false
	}
	var pts [][2]float64
	for i, item := range items {
		p, good := d.numberPair(item, what, "[x, value]")
		if !good {
			ok = false
			continue
		}
		if p[1] < 0 || p[1] > 1 {
			d.errorf(resolve(resolve(item).Content[1]), "%s: value %s is outside [0, 1]", what, num(p[1]))
			ok = false
		}
		if i > 0 && len(pts) == i && p[0] <= pts[i-1][0] {
			d.errorf(resolve(resolve(item).Content[0]), "%s: x values must increase, but %s follows %s", what, num(p[0]), num(pts[i-1][0]))
			ok = false
		}
		pts = append(pts, p)
	}
	return pts, ok
}

func (d *decoder) decodeSensitivity(n *yaml.Node) *Sensitivity {
	m, ok := d.mapping(n, "sensitivity", "samples", "seed", "weights", "top")
	if !ok {
		return nil
	}
	s := &Sensitivity{}
	if v, ok := m["samples"]; ok {
		if i, ok := d.integer(v, "sensitivity: samples"); ok {
			if i < 1 || i > MaxSamples {
				d.errorf(resolve(v), "sensitivity: samples must be from 1 to %d, not %d", MaxSamples, i)
			} else {
				s.Samples, s.SamplesPos = int(i), d.at(resolve(v))
			}
		}
	}
	if v, ok := m["seed"]; ok {
		var seed uint64
		rv := resolve(v)
		if rv.Kind != yaml.ScalarNode || rv.Tag != "!!int" || rv.Decode(&seed) != nil {
			d.errorf(rv, "sensitivity: seed must be a whole number from 0 to 18446744073709551615, not %s", describe(rv))
		} else {
			s.Seed, s.SeedSet = seed, true
		}
	}
	if v, ok := m["weights"]; ok {
		s.Weights = d.weightModel(v)
	}
	if v, ok := m["top"]; ok {
		if i, ok := d.integer(v, "sensitivity: top"); ok {
			if i < 1 {
				d.errorf(resolve(v), "sensitivity: top must be at least 1, not %d", i)
			} else {
				s.Top, s.TopPos = int(min(i, 1<<31)), d.at(resolve(v))
			}
		}
	}
	return s
}

// MaxSamples bounds the Monte Carlo sample count a file may ask for.
const MaxSamples = 10_000_000

func (d *decoder) weightModel(n *yaml.Node) WeightModel {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode {
		s, _ := d.oneOf(n, "sensitivity: weights", WeightsFree, WeightsOrder)
		return WeightModel{Kind: s}
	}
	m, ok := d.mapping(n, "sensitivity: weights", WeightsVary)
	if !ok {
		return WeightModel{}
	}
	d.require(n, m, "sensitivity: weights", WeightsVary)
	v, ok := m[WeightsVary]
	if !ok {
		return WeightModel{}
	}
	r, ok := d.number(v, "sensitivity: weights: vary")
	if !ok {
		return WeightModel{}
	}
	if r < 0 || r > 1 {
		d.errorf(resolve(v), "sensitivity: weights: vary must be from 0 to 1, not %s", num(r))
		return WeightModel{}
	}
	return WeightModel{Kind: WeightsVary, Vary: r}
}
