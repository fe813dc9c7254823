package batch

import (
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/internal/strictyaml"
	"github.com/prio-tool/prio/messages"
)

// Format is the only manifest format this version reads.
const Format = "prio.batch/1"

// MaxManifestSize bounds a manifest file: manifests are written by people
// and are a few kilobytes.
const MaxManifestSize = 4 << 20

// The output formats a manifest may ask for, in the order their files are
// written, and those written when it asks for none.
var (
	Formats        = []string{"xlsx", "html", "json", "md", "csv"}
	DefaultFormats = []string{"xlsx", "html", "json"}
)

// Locales of numbers written as text in an agency's files.
var locales = []string{"sv", "en"}

type (
	// Pos is a position in a manifest. Line and Col count from 1.
	Pos = strictyaml.Pos
	// ErrorList is every problem found in a manifest, sorted by position.
	ErrorList = strictyaml.ErrorList
)

// ErrInvalid is wrapped by every ErrorList, so that callers can tell a bad
// manifest from I/O failures with errors.Is.
var ErrInvalid = strictyaml.ErrInvalid

// Manifest is a parsed batch manifest. Paths are kept as the manifest
// writes them; [Manifest.Path] resolves one against the manifest's folder.
type Manifest struct {
	// File is the name the manifest was read under, used in positions; Dir
	// the folder its relative paths start from.
	File string
	Dir  string

	Criteria    string
	CriteriaPos Pos
	Output      string
	// Formats of the agencies' reports, in the manifest's order
	// (DefaultFormats when it gives none).
	Formats []string
	// Sensitivity overrides the criteria set's sensitivity block; nil when
	// the manifest has none.
	Sensitivity *criteria.Sensitivity
	// Cost names the number field whose sum is each agency's total cost
	// (an addition to FORMATS.md §4); empty when not given.
	Cost    string
	CostPos Pos
	// Selection holds the rules and budgets shared by every agency's
	// selection (FORMATS.md §5: a manifest's selection block), or nil:
	// then no agency gets a selection. Ids of other agencies' investments
	// are left out of each agency's rules.
	Selection *criteria.Selection
	// SelectionYAML is the selection block as YAML, recorded in run.json so
	// that verify can select again without the manifest. It is the
	// manifest's own text of the block, from SelectionAt on (the first
	// line's text before it blanked), so that decoding it again at
	// SelectionAt gives every rule the position it has in the manifest, and
	// a re-run's messages are the run's. SelectionAt is zero when the block
	// could not be cut out (a manifest written in flow style): the YAML is
	// then the block written anew, and positions are in it.
	SelectionYAML string
	SelectionAt   Pos
	// Agencies in the manifest's order, each with its Slug.
	Agencies []Agency
}

// Agency is one agency of a manifest.
type Agency struct {
	Name string
	// Slug names the agency's folder, agencies/SLUG.
	Slug     string
	Workbook string
	// Sheet is the workbook sheet to read; empty: the one whose header names
	// the most fields.
	Sheet string
	// Join are the files whose columns are added to the workbook's
	// investments by id (the analysts' assessment).
	Join []string
	// Locale of numbers written as text: "sv" (the default) or "en" (an
	// addition to FORMATS.md §4).
	Locale string
	// Budget replaces the selection's pooled budget (BudgetSet) or its
	// annual budgets (Years) for this agency.
	Budget    float64
	BudgetSet bool
	Years     []criteria.YearBudget
	BudgetPos Pos
	Pos       Pos
}

// Path resolves a path of the manifest against its folder; an absolute path
// stays as it is.
func (m *Manifest) Path(p string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) || m.Dir == "" {
		return p
	}
	return filepath.Join(m.Dir, p)
}

// LoadManifest reads and parses the manifest at path. Its relative paths
// start from path's folder.
func LoadManifest(path string) (*Manifest, error) {
	f, err := fileerr.Open(path) // never waits on a named pipe or a device
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseManifest(f, path)
}

// ParseManifest decodes and checks a manifest read from r. name is used in
// positions, and its folder is where the manifest's relative paths start. A
// manifest with problems gives an [ErrorList] of all of them.
func ParseManifest(r io.Reader, name string) (*Manifest, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxManifestSize+1))
	if err != nil {
		return nil, messages.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxManifestSize {
		return nil, messages.Errorf("%s: larger than %d MiB; not a batch manifest", name, MaxManifestSize>>20)
	}
	d := &strictyaml.Decoder{File: name}
	m := &Manifest{File: name, Dir: filepath.Dir(name)}
	if doc := d.Document(data, messages.M("a batch manifest starts with format: %s", Format)); doc != nil {
		decodeManifest(d, doc, m, data)
	}
	if err := d.Errs.Err(); err != nil {
		return nil, err
	}
	return m, nil
}

func decodeManifest(d *strictyaml.Decoder, doc *yaml.Node, m *Manifest, data []byte) {
	// The format first: another format's keys would only give a screenful
	// of noise.
	if doc := strictyaml.Resolve(doc); doc.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(doc.Content); i += 2 {
			k, v := strictyaml.Resolve(doc.Content[i]), strictyaml.Resolve(doc.Content[i+1])
			if k.Value == "format" && v.Kind == yaml.ScalarNode && !strictyaml.IsNull(v) && v.Value != Format {
				d.Errorf(v, "unknown format %q: this prio reads %s", v.Value, Format)
				return
			}
		}
	}
	what := messages.T("the manifest")
	values, ok := d.Mapping(doc, what, "format", "criteria", "output", "formats", "sensitivity", "cost", "selection", "agencies")
	if !ok {
		return
	}
	if n, ok := values["format"]; ok {
		d.Text(n, "format")
	}
	d.Require(doc, values, what, "format", "criteria", "output", "agencies")
	if n, ok := values["criteria"]; ok {
		m.Criteria, _ = d.NonEmptyText(n, "criteria")
		m.CriteriaPos = d.At(strictyaml.Resolve(n))
	}
	if n, ok := values["output"]; ok {
		m.Output, _ = d.NonEmptyText(n, "output")
	}
	m.Formats = DefaultFormats
	if n, ok := values["formats"]; ok {
		m.Formats = decodeFormats(d, n)
	}
	if n, ok := values["sensitivity"]; ok {
		m.Sensitivity = criteria.DecodeSensitivity(d, n)
	}
	if n, ok := values["cost"]; ok {
		if s, ok := d.Text(n, "cost"); ok {
			if !fieldName.MatchString(s) {
				d.Errorf(strictyaml.Resolve(n), "cost must name a number field of the criteria set, not %q", s)
			}
			m.Cost, m.CostPos = s, d.At(strictyaml.Resolve(n))
		}
	}
	if n, ok := values["selection"]; ok {
		m.Selection = criteria.DecodeSelection(d, n, false)
		if text, ok := blockText(data, strictyaml.Resolve(doc), strictyaml.Resolve(n)); ok {
			m.SelectionYAML, m.SelectionAt = text, d.At(strictyaml.Resolve(n))
		} else if text, err := yaml.Marshal(strictyaml.Resolve(n)); err == nil {
			m.SelectionYAML = string(text)
		}
	}
	if n, ok := values["agencies"]; ok {
		m.Agencies = decodeAgencies(d, n)
	}
	checkBudgets(d, m)
}

// checkBudgets reports agency budgets that do not fit the selection: a
// budget without a selection, a pooled budget where the selection's are
// annual or the other way round, and an agency left without any budget.
func checkBudgets(d *strictyaml.Decoder, m *Manifest) {
	sel := m.Selection
	for _, a := range m.Agencies {
		given := a.BudgetSet || a.Years != nil
		switch {
		case sel == nil && given:
			d.Errs.Add(a.BudgetPos, "agency %s: budget needs the manifest's selection block (the rules and the cost field the budget is for)", a.Name)
		case sel == nil:
		case a.BudgetSet && !sel.Pooled:
			d.Errs.Add(a.BudgetPos, "agency %s: budget %v is one pooled amount, but the selection's budgets are annual: give {\"2026\": …, …}", a.Name, a.Budget)
		case a.Years != nil && sel.Pooled:
			d.Errs.Add(a.BudgetPos, "agency %s: budget gives years, but the selection has one pooled budget on %s: give one amount", a.Name, sel.Cost)
		case !given && sel.Pooled && sel.BudgetPos.Line == 0:
			d.Errs.Add(a.Pos, "agency %s has no budget: give budget: AMOUNT here, or budget in the selection block", a.Name)
		case !given && !sel.Pooled && len(sel.Years) == 0:
			d.Errs.Add(a.Pos, "agency %s has no budget: give budget: {\"2026\": …} here, or budgets in the selection block", a.Name)
		}
	}
}

// fieldName is the form of a field name in a criteria set.
var fieldName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func decodeFormats(d *strictyaml.Decoder, n *yaml.Node) []string {
	items, ok := d.Sequence(n, "formats")
	if !ok {
		return DefaultFormats
	}
	if len(items) == 0 {
		d.Errorf(strictyaml.Resolve(n), "formats must name at least one of %s", strictyaml.OrList(Formats))
	}
	var out []string
	for _, item := range items {
		s, ok := d.OneOf(item, messages.T("a format"), Formats...)
		if !ok {
			continue
		}
		if slices.Contains(out, s) {
			d.Errorf(strictyaml.Resolve(item), "format %s is given twice", s)
			continue
		}
		out = append(out, s)
	}
	return out
}

func decodeAgencies(d *strictyaml.Decoder, n *yaml.Node) []Agency {
	items, ok := d.Sequence(n, "agencies")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.Errorf(strictyaml.Resolve(n), "agencies must list at least one agency")
	}
	var out []Agency
	first := make(map[string]int) // name → line of its first entry
	for _, item := range items {
		what := messages.T("an agency")
		m, ok := d.Mapping(item, what, "name", "workbook", "sheet", "join", "locale", "budget")
		if !ok {
			continue
		}
		a := Agency{Pos: d.At(strictyaml.Resolve(item)), Locale: "sv"}
		if v, ok := m["name"]; ok {
			if s, ok := d.NonEmptyText(v, messages.T("agency name")); ok {
				a.Name, what = s, messages.M("agency %s", s)
				if line, dup := first[s]; dup {
					d.Errorf(strictyaml.Resolve(v), "duplicate agency name %q (first at line %d)", s, line)
				} else {
					first[s] = strictyaml.Resolve(v).Line
				}
			}
		}
		d.Require(item, m, what, "name", "workbook")
		if v, ok := m["workbook"]; ok {
			a.Workbook, _ = d.NonEmptyText(v, messages.M("%s: %s", what, "workbook"))
		}
		if v, ok := m["sheet"]; ok {
			a.Sheet, _ = d.NonEmptyText(v, messages.M("%s: %s", what, "sheet"))
		}
		if v, ok := m["join"]; ok {
			if list, ok := d.Sequence(v, messages.M("%s: %s", what, "join")); ok {
				for _, j := range list {
					if s, ok := d.NonEmptyText(j, messages.M("%s: %s", what, "join")); ok {
						a.Join = append(a.Join, s)
					}
				}
			}
		}
		if v, ok := m["locale"]; ok {
			if s, ok := d.OneOf(v, messages.M("%s: %s", what, "locale"), locales...); ok {
				a.Locale = s
			}
		}
		if v, ok := m["budget"]; ok {
			rv := strictyaml.Resolve(v)
			a.BudgetPos = d.At(rv)
			if rv.Kind == yaml.MappingNode {
				a.Years = criteria.DecodeYearBudgets(d, v, messages.M("%s: %s", what, "budget"))
			} else if x, ok := d.Number(v, messages.M("%s: %s", what, "budget")); ok {
				if x < 0 {
					d.Errorf(rv, "%s: budget must not be negative, not %v", what, x)
				}
				a.Budget, a.BudgetSet = x, true
			}
		}
		out = append(out, a)
	}
	names := make([]string, len(out))
	for i, a := range out {
		names[i] = a.Name
	}
	for i, s := range Slugs(names) {
		out[i].Slug = s
	}
	return out
}

// blockText is the manifest's text of value, the value of a key of the
// top-level mapping top: from value's first character to the line before
// the next key, the text before value on its first line blanked. ok is
// false when the next key shares a line with value (flow style).
func blockText(data []byte, top, value *yaml.Node) (text string, ok bool) {
	if top.Kind != yaml.MappingNode || value.Line < 1 || value.Column < 1 {
		return "", false
	}
	lines := strings.SplitAfter(string(data), "\n")
	end := len(lines) // the line after the block, 0-based
	for i := 0; i < len(top.Content); i += 2 {
		if k := top.Content[i]; k.Line > value.Line && k.Line-1 < end {
			end = k.Line - 1
		} else if k.Line == value.Line && k.Column > value.Column {
			return "", false
		}
	}
	if value.Line-1 >= end || end > len(lines) {
		return "", false
	}
	first := []rune(lines[value.Line-1])
	if value.Column-1 > len(first) {
		return "", false
	}
	block := strings.Repeat(" ", value.Column-1) + string(first[value.Column-1:]) + strings.Join(lines[value.Line:end], "")
	return block, true
}

// ParseSelectionYAML reads a selection block recorded in run.json (name is
// used in positions), as DecodeSelection reads it in a manifest.
func ParseSelectionYAML(block, name string) (*criteria.Selection, error) {
	return parseSelectionAt(block, Pos{File: name})
}

// parseSelectionAt reads a selection block recorded in run.json that
// starts at at in its manifest (at.Line 0: positions are in the block).
func parseSelectionAt(block string, at Pos) (*criteria.Selection, error) {
	d := &strictyaml.Decoder{File: at.File}
	var sel *criteria.Selection
	if at.Line > 1 {
		block = strings.Repeat("\n", at.Line-1) + block // the lines before it, for its positions
	}
	if doc := d.Document([]byte(block), messages.T("the selection")); doc != nil {
		sel = criteria.DecodeSelection(d, doc, false)
	}
	if err := d.Errs.Err(); err != nil {
		return nil, err
	}
	return sel, nil
}

// BudgetRecord is an agency's budget as run.json records it: one pooled
// amount, or the years in order, each with where the manifest gives it
// ("FILE:LINE:COL"), so that a re-run's messages about it are the run's.
type BudgetRecord struct {
	Amount *float64           `json:"amount,omitempty"`
	At     string             `json:"at,omitempty"`
	Years  []YearBudgetRecord `json:"years,omitempty"`
}

// YearBudgetRecord is one year's budget.
type YearBudgetRecord struct {
	Year   string  `json:"year"`
	Amount float64 `json:"amount"`
	At     string  `json:"at,omitempty"`
}

// budgetRecord records a's budget, or nil when it gives none.
func budgetRecord(a Agency) *BudgetRecord {
	switch {
	case a.BudgetSet:
		x := a.Budget
		return &BudgetRecord{Amount: &x, At: posText(a.BudgetPos)}
	case a.Years != nil:
		r := &BudgetRecord{Years: []YearBudgetRecord{}, At: posText(a.BudgetPos)}
		for _, y := range a.Years {
			r.Years = append(r.Years, YearBudgetRecord{Year: y.Year, Amount: y.Amount, At: posText(y.Pos)})
		}
		return r
	}
	return nil
}

// apply gives a the budget r records.
func (r *BudgetRecord) apply(a *Agency) {
	if r == nil {
		return
	}
	a.BudgetPos = parsePos(r.At)
	if r.Amount != nil {
		a.Budget, a.BudgetSet = *r.Amount, true
	}
	if r.Years != nil {
		a.Years = []criteria.YearBudget{}
		for _, y := range r.Years {
			a.Years = append(a.Years, criteria.YearBudget{Year: y.Year, Amount: y.Amount, Pos: parsePos(y.At)})
		}
	}
}

// posText is a position as run.json records it, "" for none.
func posText(p Pos) string {
	if p.Line == 0 {
		return ""
	}
	return p.String()
}

// parsePos reads a position posText wrote; the zero Pos for anything else.
func parsePos(s string) Pos {
	rest, col, ok1 := cutLastNumber(s)
	file, line, ok2 := cutLastNumber(rest)
	if !ok1 || !ok2 || file == "" {
		return Pos{}
	}
	return Pos{File: file, Line: line, Col: col}
}

// cutLastNumber cuts ":N" off the end of s.
func cutLastNumber(s string) (rest string, n int, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil || n < 1 {
		return "", 0, false
	}
	return s[:i], n, true
}
