package strictyaml

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/messages"
)

var (
	yamlLine      = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// SyntaxError records a yaml.v3 parse error, which knows only its line, at
// column 1 of that line.
func (d *Decoder) SyntaxError(err error) {
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
	d.syntaxProblem(Pos{File: d.File, Line: line, Col: 1}, msg)
}

// tabProblems are yaml.v3's texts for what a tab in a line's indentation
// gives: "cannot start any token" says nothing of the tab, and the line of
// the other two is at times the line before the tab's.
var tabProblems = []string{
	"found character that cannot start any token",
	"found a tab character that violates indentation",
	"found a tab character where an indentation space is expected",
}

// syntaxErrorIn is SyntaxError for a problem in data. Where yaml.v3's
// problem comes from a tab in the indentation of the line it names, or of
// a line next to it, the tab is named at its own line and column instead:
// YAML indents with spaces only, and its own words do not say so.
func (d *Decoder) syntaxErrorIn(data []byte, err error) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil && slices.Contains(tabProblems, m[2]) {
		line, _ := strconv.Atoi(m[1])
		lines := bytes.Split(data, []byte("\n"))
		search := []int{line, line + 1, line - 1}
		if m[2] != tabProblems[0] {
			// A tab problem by name: the tab is somewhere, look further.
			for l := 1; l <= len(lines); l++ {
				search = append(search, l)
			}
		}
		for _, l := range search {
			if l < 1 || l > len(lines) {
				continue
			}
			if col := indentTab(lines[l-1]); col > 0 {
				d.Errs.Add(Pos{File: d.File, Line: l, Col: col}, "YAML syntax: a tab indents this line; YAML indents with spaces only: replace the tab with spaces")
				return
			}
		}
	}
	d.SyntaxError(err)
}

// indentTab is the column (from 1, in characters) of the first tab in the
// white space that begins line, or 0 when there is none.
func indentTab(line []byte) int {
	for i, b := range line {
		switch b {
		case '\t':
			return i + 1 // the indentation is ASCII: bytes are characters
		case ' ':
		default:
			return 0
		}
	}
	return 0
}

// syntaxProblem records yaml.v3's problem text msg, in the language of the
// messages where it is one of the problems people commonly meet; the rarer
// ones are given in yaml.v3's English.
func (d *Decoder) syntaxProblem(p Pos, msg string) {
	switch msg {
	case "did not find expected ',' or '}'":
		d.Errs.Add(p, "YAML syntax: did not find expected ',' or '}'")
	case "did not find expected ',' or ']'":
		d.Errs.Add(p, "YAML syntax: did not find expected ',' or ']'")
	case "did not find expected key":
		d.Errs.Add(p, "YAML syntax: did not find expected key")
	case "did not find expected node content":
		d.Errs.Add(p, "YAML syntax: did not find expected node content")
	case "did not find expected '-' indicator":
		d.Errs.Add(p, "YAML syntax: did not find expected '-' indicator")
	case "did not find expected alphabetic or numeric character":
		d.Errs.Add(p, "YAML syntax: did not find expected alphabetic or numeric character")
	case "could not find expected ':'":
		d.Errs.Add(p, "YAML syntax: could not find expected ':'")
	case "mapping values are not allowed in this context":
		d.Errs.Add(p, "YAML syntax: mapping values are not allowed in this context")
	case "block sequence entries are not allowed in this context":
		d.Errs.Add(p, "YAML syntax: block sequence entries are not allowed in this context")
	case "found character that cannot start any token":
		d.Errs.Add(p, "YAML syntax: found character that cannot start any token")
	case "found a tab character that violates indentation":
		d.Errs.Add(p, "YAML syntax: found a tab character that violates indentation")
	case "found a tab character where an indentation space is expected":
		d.Errs.Add(p, "YAML syntax: found a tab character where an indentation space is expected")
	case "found unexpected end of stream":
		d.Errs.Add(p, "YAML syntax: found unexpected end of stream")
	case "found unknown escape character":
		d.Errs.Add(p, "YAML syntax: found unknown escape character")
	case "control characters are not allowed":
		d.Errs.Add(p, "YAML syntax: control characters are not allowed")
	case "exceeded max depth of 10000":
		d.Errs.Add(p, "YAML syntax: nested more than 10,000 levels deep, more than prio reads")
	default:
		if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
			d.Errs.Add(p, "YAML syntax: unknown anchor '%s' referenced", m[1])
			return
		}
		d.Errs.Add(p, "YAML syntax: %s", msg)
	}
}

// DecodeSafely decodes one document and guards against a panic inside the YAML parser on hostile input:
// a bad file must give an error, never a crash.
func DecodeSafely(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = messages.Errorf("yaml: the YAML parser failed: %v", r)
		}
	}()
	return dec.Decode(n)
}

// Document parses data as a single YAML document and returns its root
// node, or nil with the problem recorded: an empty file (empty says what
// the file should start with), a syntax error, or a second document.
func (d *Decoder) Document(data []byte, empty any) *yaml.Node {
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		d.Errs.Add(Pos{File: d.File, Line: 1, Col: 1}, "not a YAML text file: the file is not UTF-8 text")
		return nil
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := DecodeSafely(dec, &root); err != nil {
		if errors.Is(err, io.EOF) {
			d.Errs.Add(Pos{File: d.File, Line: 1, Col: 1}, "empty file: %s", empty)
		} else {
			d.syntaxErrorIn(data, err)
		}
		return nil
	}
	var extra yaml.Node
	if err := DecodeSafely(dec, &extra); err == nil {
		d.Errs.Add(Pos{File: d.File, Line: extra.Line, Col: extra.Column}, "the file holds one YAML document; this is a second")
		return nil
	} else if !errors.Is(err, io.EOF) {
		d.syntaxErrorIn(data, err)
		return nil
	}
	doc := root.Content[0]
	d.refuseAliases(doc)
	if len(d.Errs) > 0 {
		return nil
	}
	return doc
}

// refuseAliases reports every alias (*name): an alias makes the walk of a
// document revisit nodes, and a few nested ones ("billion laughs") would
// make it revisit them without end. Files written by people do not need
// them.
func (d *Decoder) refuseAliases(n *yaml.Node) {
	if n.Kind == yaml.AliasNode {
		d.Errorf(n, "YAML aliases (*%s) are not allowed: write the value out where it is used", n.Value)
		return
	}
	for _, c := range n.Content {
		d.refuseAliases(c)
	}
}
