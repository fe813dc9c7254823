package criteria

import (
	"bytes"
	"errors"
	"io"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/internal/strictyaml"
	"github.com/prio-tool/prio/messages"
)

// WeightTolerance is how far [ReadableWeights] lets any leaf's effective
// weight move from the one the exact weights give: 0.05 percentage points.
const WeightTolerance = 0.0005

// ReadableWeights rounds weights, the new stated weights of node's
// children (as for [SetWeights]), to as few significant digits as keep
// every leaf's effective weight in the whole set within [WeightTolerance]
// of its effective weight with the exact weights. Every weight gets the same
// number of significant digits, which is returned too. Rounding changes the
// siblings' sum, so the effective weights are those of the rewritten set,
// normalised as prio normalises them, not the rounded numbers themselves.
//
// For ROC on four criteria (25/48, 13/48, 7/48, 3/48 = 0.5208…, 0.2708…,
// 0.1458…, 0.0625) two digits give 0.52, 0.27, 0.15, 0.062, whose sum 1.002
// moves the first to 0.5190, 0.0019 away; three digits (0.521, 0.271,
// 0.146, 0.0625) keep every weight within 0.0001.
func ReadableWeights(data []byte, name, node string, weights map[string]float64) (map[string]float64, int, error) {
	_, exact, err := setWeights(data, name, node, weights)
	if err != nil {
		return nil, 0, err
	}
	want := effectiveWeights(exact)
	for digits := 1; digits < 17; digits++ {
		rounded := make(map[string]float64, len(weights))
		for id, w := range weights {
			rounded[id] = roundSignificant(w, digits)
		}
		_, set, err := setWeights(data, name, node, rounded)
		if err != nil {
			return nil, 0, err
		}
		if withinTolerance(effectiveWeights(set), want) {
			return rounded, digits, nil
		}
	}
	// 17 significant digits give every float64 back exactly.
	return weights, 17, nil
}

// roundSignificant rounds x to digits significant decimal digits, as the
// decimal text a person reads: 0.52083… to 3 digits is 0.521.
func roundSignificant(x float64, digits int) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', digits, 64), 64)
	if err != nil {
		return x // cannot happen: FormatFloat's output parses
	}
	return r
}

func effectiveWeights(set *Set) []float64 {
	leaves := set.Leaves()
	out := make([]float64, len(leaves))
	for i, c := range leaves {
		out[i] = c.EffectiveWeight
	}
	return out
}

func withinTolerance(got, want []float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !(math.Abs(got[i]-want[i]) <= WeightTolerance) {
			return false
		}
	}
	return true
}

// leadingVersion is the MAJOR.MINOR.PATCH of a semantic version.
var leadingVersion = regexp.MustCompile(`^(\d+)\.(\d+)\.(\d+)`)

// NextMinor is the version after version with a raised minor version:
// 1.1.0 → 1.2.0, 1.1.3-rc.1 → 1.2.0.
func NextMinor(version string) (string, error) {
	m := leadingVersion.FindStringSubmatch(version)
	if m == nil {
		return "", messages.Errorf("version %q is not a semantic version (MAJOR.MINOR.PATCH, such as 1.1.0)", version)
	}
	minor, err := strconv.ParseUint(m[2], 10, 63)
	if err != nil || minor == math.MaxInt64 {
		return "", messages.Errorf("version %q: the minor version cannot be raised", version)
	}
	return m[1] + "." + strconv.FormatUint(minor+1, 10) + ".0", nil
}

// NewDraftVersion returns the criteria file data as the next version of the
// set, a draft: version raised by [NextMinor], status draft, the set's date
// (when it gives one) set to date, and an entry {version, date, status:
// draft, note} added at the top of changes (which is added after the status
// line when the file has none). The entry follows the style of the entries
// already there: a flow mapping `- {…}` or a block mapping. Every other
// byte stays as it was; the result is parsed again and returned only when
// it is a valid criteria set.
//
// Only an adopted set or a draft may be followed by a new draft version
// (see the life cycle in checkLifeCycle): a set in consultation, or
// retired, is refused.
func NewDraftVersion(data []byte, name, date, note string) ([]byte, error) {
	set, err := Parse(bytes.NewReader(data), name)
	if err != nil {
		return nil, err
	}
	if set.Status != StatusAdopted && set.Status != StatusDraft {
		return nil, messages.Errorf("%s: the set is %s %s, status %s: a new draft version may follow only an adopted version or a draft", name, set.ID, set.Version, set.Status)
	}
	version, err := NextMinor(set.Version)
	if err != nil {
		return nil, messages.Errorf("%s: %w", name, err)
	}
	var root yaml.Node
	if err := strictyaml.DecodeSafely(yaml.NewDecoder(bytes.NewReader(data)), &root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, messages.Errorf("%s: empty file", name)
		}
		return nil, messages.Errorf("%s: %w", name, err)
	}
	top := strictyaml.Resolve(root.Content[0])
	if top.Style&yaml.FlowStyle != 0 {
		return nil, messages.Errorf("%s: the set is written as one { } mapping; write it in block style (one key a line) to give it a new version", name)
	}
	src := newSource(data)
	var edits []edit
	replace := func(key, text string) error {
		n := mappingValue(top, key)
		if n == nil {
			return nil
		}
		e, err := src.replaceScalar(n, text)
		if err != nil {
			return messages.Errorf("%s:%d:%d: cannot rewrite %s in place: %v", name, n.Line, n.Column, key, err)
		}
		edits = append(edits, e)
		return nil
	}
	for _, kv := range [][2]string{{"version", version}, {"status", StatusDraft}, {"date", date}} {
		if err := replace(kv[0], kv[1]); err != nil {
			return nil, err
		}
	}

	entry := [][2]string{{"version", version}, {"date", date}, {"status", StatusDraft}, {"note", yamlQuote(note)}}
	flow := func() string {
		parts := make([]string, len(entry))
		for i, kv := range entry {
			parts[i] = kv[0] + ": " + kv[1]
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	changes := mappingValue(top, "changes")
	switch {
	case changes == nil:
		// A block of its own after the status line, indented like the
		// status key.
		status := mappingValue(top, "status")
		at, err := src.lineAfter(status)
		if err != nil {
			return nil, messages.Errorf("%s:%d:%d: %w", name, status.Line, status.Column, err)
		}
		indent := strings.Repeat(" ", keyNode(top, "status").Column-1)
		text := indent + "changes:\n" + indent + "  - " + flow() + "\n"
		if at == len(data) && !bytes.HasSuffix(data, []byte("\n")) {
			text = "\n" + text
		}
		edits = append(edits, edit{at: at, text: text})
	case changes.Style&yaml.FlowStyle != 0:
		// [{…}, {…}] or []: the new entry first.
		at, err := src.offset(changes)
		if err != nil || data[at] != '[' {
			return nil, messages.Errorf("%s:%d:%d: cannot add an entry to changes in place; write its entries as - {version: …, note: …}", name, changes.Line, changes.Column)
		}
		text := flow()
		if len(changes.Content) > 0 {
			text += ", "
		}
		edits = append(edits, edit{at: at + 1, text: text})
	default:
		// A block sequence: a line before the first entry, with the same
		// "  - " in front of it and in the same style.
		first := strictyaml.Resolve(changes.Content[0])
		at, err := src.offset(first)
		if err != nil {
			return nil, messages.Errorf("%s:%d:%d: %w", name, first.Line, first.Column, err)
		}
		lineStart := src.lines[first.Line-1]
		prefix := string(data[lineStart:at])
		if strings.Trim(prefix, " -") != "" || !strings.Contains(prefix, "-") {
			return nil, messages.Errorf("%s:%d:%d: cannot add an entry to changes in place; write its entries as - {version: …, note: …}", name, first.Line, first.Column)
		}
		var text string
		if first.Style&yaml.FlowStyle != 0 {
			text = prefix + flow() + "\n"
		} else {
			indent := strings.Repeat(" ", len(prefix))
			lines := make([]string, len(entry))
			for i, kv := range entry {
				lines[i] = kv[0] + ": " + kv[1]
			}
			text = prefix + strings.Join(lines, "\n"+indent) + "\n"
		}
		edits = append(edits, edit{at: lineStart, text: text})
	}

	sort.Slice(edits, func(i, j int) bool { return edits[i].at > edits[j].at })
	out := slices.Clone(data)
	for _, e := range edits {
		out = slices.Concat(out[:e.at], []byte(e.text), out[e.at+e.cut:])
	}
	if _, err := Parse(bytes.NewReader(out), name); err != nil {
		return nil, messages.Errorf("the rewritten file does not load: %w", err)
	}
	return out, nil
}

// replaceScalar is the edit that puts text in the place of a one-line
// scalar's value, inside its quotes when it has them.
func (s *source) replaceScalar(n *yaml.Node, text string) (edit, error) {
	at, err := s.offset(n)
	if err != nil {
		return edit{}, err
	}
	switch n.Style {
	case 0:
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		at++
	default:
		return edit{}, messages.New("write it as a plain value")
	}
	if !bytes.HasPrefix(s.data[at:], []byte(n.Value)) {
		return edit{}, messages.New("write it as a plain value")
	}
	return edit{at: at, cut: len(n.Value), text: text}, nil
}

// lineAfter is the offset of the start of the line after n's.
func (s *source) lineAfter(n *yaml.Node) (int, error) {
	if n.Line < 1 || n.Line > len(s.lines) {
		return 0, messages.New("position outside the file")
	}
	if n.Line == len(s.lines) {
		return len(s.data), nil
	}
	return s.lines[n.Line], nil
}

// yamlQuote writes s as a YAML double-quoted scalar. Go's escapes (\n, \t,
// \", \\, \x.., \u....) are YAML's too.
func yamlQuote(s string) string { return strconv.Quote(s) }
