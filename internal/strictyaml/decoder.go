package strictyaml

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/internal/suggest"
	"github.com/prio-tool/prio/messages"
)

// Decoder walks a yaml.Node tree and collects every problem with its
// position, rather than stopping at the first as yaml.v3's own decoding
// does. File names the file in positions; Errs collects the problems.
type Decoder struct {
	File string
	Errs ErrorList
}

func (d *Decoder) At(n *yaml.Node) Pos { return Pos{File: d.File, Line: n.Line, Col: n.Column} }

// Errorf records a problem at n. format is an English message of the
// catalogue, translated by ErrorList.Add.
func (d *Decoder) Errorf(n *yaml.Node, format string, args ...any) {
	d.Errs.Add(d.At(n), format, args...)
}

// resolve follows an alias to the node it names.
func Resolve(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// mapping checks that n is a mapping and returns its values by key. Unknown
// and duplicate keys are reported; their values are left out.
func (d *Decoder) Mapping(n *yaml.Node, what any, known ...string) (map[string]*yaml.Node, bool) {
	if Resolve(n).Kind != yaml.MappingNode {
		d.Errorf(Resolve(n), "%s must be a mapping of keys to values", what)
		return nil, false
	}
	kvs := d.Pairs(n, what)
	values := make(map[string]*yaml.Node, len(kvs))
	flow := Resolve(n).Style&yaml.FlowStyle != 0
	for i, kv := range kvs {
		k := kv[0]
		if !slices.Contains(known, k.Value) {
			// A bare word close to a known key is a key misspelt, not
			// the end of a value.
			if flow && commaSplit(kv) && !nearKey(k.Value, known) && d.commaInValue(kvs, i) {
				continue
			}
			d.Errorf(k, "unknown key %s in %s%s", Quote(k.Value), what, Suggest(k.Value, known))
			continue
		}
		values[k.Value] = kv[1]
	}
	return values, true
}

// nearKey reports whether word is a near miss of a known key (as
// suggest.Closest measures it: "requird" for "required", "enn" for "en"):
// then it is a key misspelt, not the end of a value.
func nearKey(word string, known []string) bool {
	return len(suggest.Closest([]string{word}, known, strings.ToLower)) > 0
}

// commaSplit reports whether a pair of a flow mapping is a key without a
// colon and value, as the text after a comma in an unquoted value is read:
// in {sv: Effekter, nytta och mål, en: …}, "nytta och mål" is a key whose
// null value yaml.v3 places right after it.
func commaSplit(kv [2]*yaml.Node) bool {
	k, v := kv[0], Resolve(kv[1])
	return k.Style == 0 && IsNull(v) && v.Value == "" &&
		v.Line == k.Line && v.Column == k.Column+utf8.RuneCountInString(k.Value)
}

// commaInValue reports the comma that split an unquoted value of a flow
// mapping, if kvs[i], a key without a value, is made of the text after
// one: the pair before it has a plain text value (or is such a piece
// itself). The problem is told once, at the value, with the value as it
// was meant; the later pieces of the same value are passed over.
func (d *Decoder) commaInValue(kvs [][2]*yaml.Node, i int) bool {
	first := i
	for first > 0 && commaSplit(kvs[first-1]) {
		first--
	}
	if first == 0 {
		return false
	}
	prev := kvs[first-1]
	value := Resolve(prev[1])
	if value.Kind != yaml.ScalarNode || value.Style != 0 || IsNull(value) {
		return false
	}
	if first < i {
		return true // a later piece of a value reported already
	}
	text := value.Value
	for j := i; j < len(kvs) && commaSplit(kvs[j]); j++ {
		text += ", " + kvs[j][0].Value
	}
	d.Errorf(value, "a comma in an unquoted value inside { }: put the value in quotes, as in %s: %s", prev[0].Value, strconv.Quote(text))
	return true
}

// pairs returns the key and value nodes of a mapping in file order.
// Duplicate keys and keys that are not text are reported and left out.
func (d *Decoder) Pairs(n *yaml.Node, what any) [][2]*yaml.Node {
	n = Resolve(n)
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "%s must be a mapping of names to entries", what)
		return nil
	}
	var out [][2]*yaml.Node
	seen := make(map[string]*yaml.Node)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := Resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.Errorf(k, "keys in %s must be text", what)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.Errorf(k, "duplicate key %s in %s (first at line %d)", Quote(k.Value), what, first.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out
}

// require reports each key of keys that values lacks, at the mapping n.
func (d *Decoder) Require(n *yaml.Node, values map[string]*yaml.Node, what any, keys ...string) {
	for _, k := range keys {
		if _, ok := values[k]; !ok {
			d.Errorf(Resolve(n), "%s: missing required key %q", what, k)
		}
	}
}

func (d *Decoder) Sequence(n *yaml.Node, what any) ([]*yaml.Node, bool) {
	n = Resolve(n)
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, "%s must be a list", what)
		return nil, false
	}
	return n.Content, true
}

func IsNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// text reads any non-null scalar as text: `version: 1.0` and `levels: [1, 2]`
// are text where text is wanted.
func (d *Decoder) Text(n *yaml.Node, what any) (string, bool) {
	n = Resolve(n)
	if n.Kind != yaml.ScalarNode || IsNull(n) {
		d.Errorf(n, "%s must be text", what)
		return "", false
	}
	return n.Value, true
}

// nonEmptyText is text that is not blank.
func (d *Decoder) NonEmptyText(n *yaml.Node, what any) (string, bool) {
	s, ok := d.Text(n, what)
	if ok && strings.TrimSpace(s) == "" {
		d.Errorf(Resolve(n), "%s must not be empty", what)
		return "", false
	}
	return s, ok
}

// number reads a finite number. yaml.v3 accepts .inf and .nan; we do not.
func (d *Decoder) Number(n *yaml.Node, what any) (float64, bool) {
	n = Resolve(n)
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.Errorf(n, "%s must be a number, not %s", what, Describe(n))
		return 0, false
	}
	var f float64
	if err := n.Decode(&f); err != nil {
		d.Errorf(n, "%s must be a number, not %s", what, Quote(n.Value))
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		d.Errorf(n, "%s must be a finite number, not %s", what, n.Value)
		return 0, false
	}
	return f, true
}

func (d *Decoder) Integer(n *yaml.Node, what any) (int64, bool) {
	n = Resolve(n)
	var i int64
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&i) != nil {
		d.Errorf(n, "%s must be a whole number, not %s", what, Describe(n))
		return 0, false
	}
	return i, true
}

func (d *Decoder) Boolean(n *yaml.Node, what any) (bool, bool) {
	n = Resolve(n)
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		d.Errorf(n, "%s must be true or false, not %s", what, Describe(n))
		return false, false
	}
	return b, true
}

// oneOf reads text that must be one of options.
func (d *Decoder) OneOf(n *yaml.Node, what any, options ...string) (string, bool) {
	s, ok := d.Text(n, what)
	if !ok {
		return "", false
	}
	if !slices.Contains(options, s) {
		d.Errorf(Resolve(n), "%s must be %s, not %s", what, OrList(options), Quote(s))
		return "", false
	}
	return s, true
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// date reads a YYYY-MM-DD calendar date.
func (d *Decoder) Date(n *yaml.Node, what any) (string, bool) {
	s, ok := d.Text(n, what)
	if !ok {
		return "", false
	}
	if !datePattern.MatchString(s) || !validDate(s) {
		d.Errorf(Resolve(n), "%s must be a date as YYYY-MM-DD, not %s", what, Quote(s))
		return "", false
	}
	return s, true
}

func Describe(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		return messages.T("a mapping")
	case yaml.SequenceNode:
		return messages.T("a list")
	}
	if IsNull(n) {
		return messages.T("empty")
	}
	return Quote(n.Value)
}

// Quote quotes text from a file for a message, cut at 60 characters: a
// message shows what was wrong, not a whole line of someone's file.
func Quote(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return strconv.Quote(s)
}

// OrList lists options as "a, b or c", in the language of the message it
// becomes part of.
func OrList(options []string) any {
	switch len(options) {
	case 0:
		return ""
	case 1:
		return options[0]
	}
	return messages.M("%s or %s", strings.Join(options[:len(options)-1], ", "), options[len(options)-1])
}

// suggest returns `; did you mean "x"?` for a near miss among known keys.
func Suggest(key string, known []string) any {
	best, bestDist := "", 3
	for _, k := range known {
		if dist := suggest.EditDistance(strings.ToLower(key), k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best == "" {
		return ""
	}
	return messages.M(" (did you mean %q?)", best)
}

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}
