package criteria

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// decoder walks a yaml.Node tree and collects every problem with its position,
// rather than stopping at the first as yaml.v3's own decoding does.
type decoder struct {
	file string
	errs ErrorList
}

func (d *decoder) at(n *yaml.Node) Pos { return Pos{File: d.file, Line: n.Line, Col: n.Column} }

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs.add(d.at(n), format, args...)
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// mapping checks that n is a mapping and returns its values by key. Unknown
// and duplicate keys are reported; their values are left out.
func (d *decoder) mapping(n *yaml.Node, what string, known ...string) (map[string]*yaml.Node, bool) {
	if resolve(n).Kind != yaml.MappingNode {
		d.errorf(resolve(n), "%s must be a mapping of keys to values", what)
		return nil, false
	}
	kvs := d.pairs(n, what)
	values := make(map[string]*yaml.Node, len(kvs))
	for _, kv := range kvs {
		k := kv[0]
		if !slices.Contains(known, k.Value) {
			d.errorf(k, "unknown key %q in %s%s", k.Value, what, suggest(k.Value, known))
			continue
		}
		values[k.Value] = kv[1]
	}
	return values, true
}

// pairs returns the key and value nodes of a mapping in file order.
// Duplicate keys and keys that are not text are reported and left out.
func (d *decoder) pairs(n *yaml.Node, what string) [][2]*yaml.Node {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping of names to entries", what)
		return nil
	}
	var out [][2]*yaml.Node
	seen := make(map[string]*yaml.Node)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "keys in %s must be text", what)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.errorf(k, "duplicate key %q in %s (first at line %d)", k.Value, what, first.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out
}

// require reports each key of keys that values lacks, at the mapping n.
func (d *decoder) require(n *yaml.Node, values map[string]*yaml.Node, what string, keys ...string) {
	for _, k := range keys {
		if _, ok := values[k]; !ok {
			d.errorf(resolve(n), "%s: missing required key %q", what, k)
		}
	}
}

func (d *decoder) sequence(n *yaml.Node, what string) ([]*yaml.Node, bool) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s must be a list", what)
		return nil, false
	}
	return n.Content, true
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// text reads any non-null scalar as text: `version: 1.0` and `levels: [1, 2]`
// are text where text is wanted.
func (d *decoder) text(n *yaml.Node, what string) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || isNull(n) {
		d.errorf(n, "%s must be text", what)
		return "", false
	}
	return n.Value, true
}

// nonEmptyText is text that is not blank.
func (d *decoder) nonEmptyText(n *yaml.Node, what string) (string, bool) {
	s, ok := d.text(n, what)
	if ok && strings.TrimSpace(s) == "" {
		d.errorf(resolve(n), "%s must not be empty", what)
		return "", false
	}
	return s, ok
}

// number reads a finite number. yaml.v3 accepts .inf and .nan; we do not.
func (d *decoder) number(n *yaml.Node, what string) (float64, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.errorf(n, "%s must be a number, not %s", what, describe(n))
		return 0, false
	}
	var f float64
	if err := n.Decode(&f); err != nil {
		d.errorf(n, "%s must be a number, not %q", what, n.Value)
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		d.errorf(n, "%s must be a finite number, not %s", what, n.Value)
		return 0, false
	}
	return f, true
}

func (d *decoder) integer(n *yaml.Node, what string) (int64, bool) {
	n = resolve(n)
	var i int64
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&i) != nil {
		d.errorf(n, "%s must be a whole number, not %s", what, describe(n))
		return 0, false
	}
	return i, true
}

func (d *decoder) boolean(n *yaml.Node, what string) (bool, bool) {
	n = resolve(n)
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		d.errorf(n, "%s must be true or false, not %s", what, describe(n))
		return false, false
	}
	return b, true
}

// oneOf reads text that must be one of options.
func (d *decoder) oneOf(n *yaml.Node, what string, options ...string) (string, bool) {
	s, ok := d.text(n, what)
	if !ok {
		return "", false
	}
	if !slices.Contains(options, s) {
		d.errorf(resolve(n), "%s must be %s, not %q", what, orList(options), s)
		return "", false
	}
	return s, true
}

// bilingual reads a title or description: {sv: …, en: …}, or plain text for
// both languages.
func (d *decoder) bilingual(n *yaml.Node, what string) Text {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode {
		s, _ := d.text(n, what)
		return Text{SV: s, EN: s}
	}
	m, ok := d.mapping(n, what, "sv", "en")
	if !ok {
		return Text{}
	}
	var t Text
	if v, ok := m["sv"]; ok {
		t.SV, _ = d.text(v, what+".sv")
	}
	if v, ok := m["en"]; ok {
		t.EN, _ = d.text(v, what+".en")
	}
	if t.SV == "" && t.EN == "" {
		d.errorf(n, "%s must give sv or en text", what)
	}
	return t
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// date reads a YYYY-MM-DD calendar date.
func (d *decoder) date(n *yaml.Node, what string) (string, bool) {
	s, ok := d.text(n, what)
	if !ok {
		return "", false
	}
	if !datePattern.MatchString(s) || !validDate(s) {
		d.errorf(resolve(n), "%s must be a date as YYYY-MM-DD, not %q", what, s)
		return "", false
	}
	return s, true
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if isNull(n) {
		return "empty"
	}
	return strconv.Quote(n.Value)
}

func orList(options []string) string {
	switch len(options) {
	case 1:
		return options[0]
	case 2:
		return options[0] + " or " + options[1]
	}
	return strings.Join(options[:len(options)-1], ", ") + " or " + options[len(options)-1]
}

// suggest returns `; did you mean "x"?` for a near miss among known keys.
func suggest(key string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if dist := editDistance(strings.ToLower(key), k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
