package criteria

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/internal/strictyaml"
	"github.com/prio-tool/prio/messages"
)

// SetWeights returns the criteria file data with the children of node (a
// criterion id, or "" for the top level of the tree) given the stated
// weights in weights, keyed by child id. Only the weight values change, or
// a weight key is added where a child had none: comments, key order,
// quoting and every other byte of the file stay as they were. The result is
// parsed again and returned only when it is a valid criteria set.
func SetWeights(data []byte, name, node string, weights map[string]float64) ([]byte, error) {
	out, _, err := setWeights(data, name, node, weights)
	return out, err
}

// setWeights is SetWeights, also giving the set the result parses to.
func setWeights(data []byte, name, node string, weights map[string]float64) ([]byte, *Set, error) {
	var root yaml.Node
	if err := strictyaml.DecodeSafely(yaml.NewDecoder(bytes.NewReader(data)), &root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, messages.Errorf("%s: empty file", name)
		}
		return nil, nil, messages.Errorf("%s: %w", name, err)
	}
	if len(root.Content) == 0 || strictyaml.Resolve(root.Content[0]).Kind != yaml.MappingNode {
		return nil, nil, messages.Errorf("%s: not a criteria set", name)
	}
	children := mappingValue(strictyaml.Resolve(root.Content[0]), "criteria")
	if node != "" {
		group := findCriterion(children, node)
		if group == nil {
			return nil, nil, messages.Errorf("%s: no criterion %q", name, node)
		}
		if children = mappingValue(group, "criteria"); children == nil {
			return nil, nil, messages.Errorf("%s: criterion %s is a leaf; weights are set on the children of a group", name, node)
		}
	}
	if children == nil || children.Kind != yaml.SequenceNode {
		return nil, nil, messages.Errorf("%s: no criteria list", name)
	}
	var ids []string
	for _, item := range children.Content {
		if id := mappingValue(strictyaml.Resolve(item), "id"); id != nil {
			ids = append(ids, id.Value)
		}
	}
	var given []string
	for id := range weights {
		given = append(given, id)
	}
	sort.Strings(given)
	sorted := slices.Clone(ids)
	sort.Strings(sorted)
	if !slices.Equal(sorted, given) {
		if node == "" {
			return nil, nil, messages.Errorf("%s: the criteria at the top level are %s; weights were given for %s", name, strings.Join(ids, ", "), strings.Join(given, ", "))
		}
		return nil, nil, messages.Errorf("%s: the criteria under %s are %s; weights were given for %s", name, node, strings.Join(ids, ", "), strings.Join(given, ", "))
	}

	src := newSource(data)
	var edits []edit
	for _, item := range children.Content {
		item = strictyaml.Resolve(item)
		idNode := mappingValue(item, "id")
		w := strconv.FormatFloat(weights[idNode.Value], 'f', -1, 64)
		if wn := mappingValue(item, "weight"); wn != nil {
			at, err := src.offset(wn)
			if err != nil || !bytes.HasPrefix(data[at:], []byte(wn.Value)) || wn.Style != 0 {
				return nil, nil, messages.Errorf("%s:%d:%d: cannot rewrite this weight in place; write it as a plain number", name, wn.Line, wn.Column)
			}
			edits = append(edits, edit{at: at, cut: len(wn.Value), text: w})
			continue
		}
		at, err := src.offset(idNode)
		if err != nil {
			return nil, nil, messages.Errorf("%s:%d:%d: %w", name, idNode.Line, idNode.Column, err)
		}
		if item.Style&yaml.FlowStyle != 0 {
			// {id: C1, …}: insert after the id's text, quotes included.
			end := at + scalarLength(data[at:], idNode)
			edits = append(edits, edit{at: end, text: ", weight: " + w})
			continue
		}
		// A block mapping: a line of its own after the id's line, indented
		// like the id key.
		key := keyNode(item, "id")
		lineEnd := bytes.IndexByte(data[at:], '\n')
		if lineEnd < 0 {
			edits = append(edits, edit{at: len(data), text: "\n" + strings.Repeat(" ", key.Column-1) + "weight: " + w + "\n"})
			continue
		}
		edits = append(edits, edit{at: at + lineEnd + 1, text: strings.Repeat(" ", key.Column-1) + "weight: " + w + "\n"})
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].at > edits[j].at })
	out := slices.Clone(data)
	for _, e := range edits {
		out = slices.Concat(out[:e.at], []byte(e.text), out[e.at+e.cut:])
	}
	set, err := Parse(bytes.NewReader(out), name)
	if err != nil {
		return nil, nil, messages.Errorf("the rewritten file does not load: %w", err)
	}
	return out, set, nil
}

type edit struct {
	at, cut int
	text    string
}

func mappingValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if strictyaml.Resolve(m.Content[i]).Value == key {
			return strictyaml.Resolve(m.Content[i+1])
		}
	}
	return nil
}

func keyNode(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := strictyaml.Resolve(m.Content[i]); k.Value == key {
			return k
		}
	}
	return nil
}

// findCriterion finds the criterion with the id anywhere under the list.
func findCriterion(list *yaml.Node, id string) *yaml.Node {
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil
	}
	for _, item := range list.Content {
		item = strictyaml.Resolve(item)
		if v := mappingValue(item, "id"); v != nil && v.Value == id {
			return item
		}
		if found := findCriterion(mappingValue(item, "criteria"), id); found != nil {
			return found
		}
	}
	return nil
}

// scalarLength is the length in bytes of a one-line scalar's text at the
// start of b, quotes included.
func scalarLength(b []byte, n *yaml.Node) int {
	switch n.Style {
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		q := b[0]
		for i := 1; i < len(b); i++ {
			if b[i] == q && (q == '"' && b[i-1] != '\\' || q == '\'' && (i+1 >= len(b) || b[i+1] != '\'')) {
				return i + 1
			}
			if q == '\'' && b[i] == '\'' {
				i++ // '' is an escaped quote
			}
		}
		return len(b)
	}
	return len(n.Value)
}

// source maps the YAML parser's line and column (counted in characters)
// to byte offsets.
type source struct {
	data  []byte
	lines []int // byte offset of each line's start
}

func newSource(data []byte) *source {
	s := &source{data: data, lines: []int{0}}
	for i, b := range data {
		if b == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

func (s *source) offset(n *yaml.Node) (int, error) {
	if n.Line < 1 || n.Line > len(s.lines) {
		return 0, messages.New("position outside the file")
	}
	at := s.lines[n.Line-1]
	for col := 1; col < n.Column; col++ {
		if at >= len(s.data) || s.data[at] == '\n' {
			return 0, messages.New("position outside its line")
		}
		_, size := utf8.DecodeRune(s.data[at:])
		at += size
	}
	return at, nil
}
