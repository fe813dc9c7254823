package criteria

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
)

// Expressions use github.com/expr-lang/expr. Fields enter the environment
// with these Go types: a scale value is its level position, a yesno value a
// boolean, a date a time.Time at midnight UTC.
func exprZero(k portfolio.Kind) any {
	switch k {
	case portfolio.Text:
		return ""
	case portfolio.Scale:
		return 0
	case portfolio.YesNo:
		return false
	case portfolio.Date:
		return time.Time{}
	}
	return 0.0
}

// ExprValue converts a present field value to what expressions see.
func ExprValue(v portfolio.Value, k portfolio.Kind) any {
	switch k {
	case portfolio.Text:
		return v.Text
	case portfolio.Scale:
		return int(v.Num)
	case portfolio.YesNo:
		return v.Bool
	case portfolio.Date:
		return v.Date
	}
	return v.Num
}

// names returns the identifiers an expression names, in order of first
// appearance, or a syntax error.
func names(src string) ([]string, error) {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, err
	}
	var ids []*ast.IdentifierNode
	ast.Find(tree.Node, func(n ast.Node) bool {
		if id, ok := n.(*ast.IdentifierNode); ok {
			ids = append(ids, id)
		}
		return false
	})
	sort.SliceStable(ids, func(i, j int) bool { return ids[i].Location().From < ids[j].Location().From })
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id.Value) {
			out = append(out, id.Value)
		}
	}
	return out, nil
}

// exprError reports an expression error at its place inside the YAML scalar
// where that can be worked out (a one-line plain or quoted scalar), else at the
// scalar.
func (d *decoder) exprError(n *yaml.Node, what any, err error) {
	var fe *file.Error
	if errors.As(err, &fe) {
		d.exprProblem(n, what, fe, exprMessage(fe.Message))
		return
	}
	d.exprProblem(n, what, nil, exprMessage(err.Error()))
}

// exprProblem reports msg at the place fe (bound to the expression's
// source) points to inside the YAML scalar n, or at n.
func (d *decoder) exprProblem(n *yaml.Node, what any, fe *file.Error, msg any) {
	p := d.At(n)
	if fe != nil && fe.Line <= 1 && !strings.Contains(n.Value, "\n") {
		switch n.Style {
		case 0:
			p.Col += fe.Column
		case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
			p.Col += fe.Column + 1
		}
	}
	d.Errs.Add(p, "%s: %s", what, msg) // not a message: joins a subject and a problem, each a message
}

// The problems of expr-lang that people commonly meet, by the English text
// expr-lang gives them in.
var (
	exprUnknownName   = regexp.MustCompile(`^unknown name (.+)$`)
	exprUnexpected    = regexp.MustCompile(`^unexpected token (.+)$`)
	exprExpected      = regexp.MustCompile(`^expected (\S+), but got (\S+)$`)
	exprMismatched    = regexp.MustCompile(`^invalid operation: (.+) \(mismatched types (\S+) and (\S+)\)$`)
	exprMismatchedOne = regexp.MustCompile(`^invalid operation: (.+) \(mismatched type (\S+)\)$`)
	exprTooFew        = regexp.MustCompile(`^not enough arguments to call (.+)$`)
	exprTooMany       = regexp.MustCompile(`^too many arguments to call (.+)$`)
	exprNotCallable   = regexp.MustCompile(`^(.+) is not callable$`)
	exprUnrecognized  = regexp.MustCompile(`^unrecognized character: (.+)$`)
)

// exprMessage gives an expr-lang compile problem in the language of the
// messages where it is one of the common ones; the rarer ones stay in
// expr-lang's English. Names, operators and Go types in them are the
// expression's own and are not translated.
func exprMessage(msg string) any {
	if m := exprUnknownName.FindStringSubmatch(msg); m != nil {
		return messages.M("unknown name %s", m[1])
	}
	if m := exprUnexpected.FindStringSubmatch(msg); m != nil {
		return messages.M("unexpected token %s", m[1])
	}
	if m := exprExpected.FindStringSubmatch(msg); m != nil {
		return messages.M("expected %s, but got %s", m[1], m[2])
	}
	if m := exprMismatched.FindStringSubmatch(msg); m != nil {
		return messages.M("invalid operation: %s (mismatched types %s and %s)", m[1], m[2], m[3])
	}
	if m := exprMismatchedOne.FindStringSubmatch(msg); m != nil {
		return messages.M("invalid operation: %s (mismatched type %s)", m[1], m[2])
	}
	if m := exprTooFew.FindStringSubmatch(msg); m != nil {
		return messages.M("not enough arguments to call %s", m[1])
	}
	if m := exprTooMany.FindStringSubmatch(msg); m != nil {
		return messages.M("too many arguments to call %s", m[1])
	}
	if m := exprNotCallable.FindStringSubmatch(msg); m != nil {
		return messages.M("%s is not callable", m[1])
	}
	if m := exprUnrecognized.FindStringSubmatch(msg); m != nil {
		return messages.M("unrecognized character: %s", m[1])
	}
	switch msg {
	case "unexpected end of expression":
		return messages.T("unexpected end of expression")
	case "literal not terminated":
		return messages.T("literal not terminated")
	}
	return msg
}

// compileExpressions orders the derived fields so that each reads only
// earlier ones, reports cycles, and compiles derived fields and gates
// against the field dictionary.
func (d *decoder) compileExpressions(set *Set) {
	env := make(map[string]any, len(set.Fields)+len(set.Derived))
	kinds := make(map[string]portfolio.Kind)
	for _, f := range set.Fields {
		if f.Type != 0 {
			env[f.Name] = exprZero(f.Type)
			kinds[f.Name] = f.Type
		}
	}
	byName := make(map[string]*Derived)
	for _, dv := range set.Derived {
		if set.Field(dv.Name) != nil {
			d.Errorf(dv.exprNodeKey(), "derived field %q has the name of a field (line %d); fields and derived fields share one namespace", dv.Name, set.Field(dv.Name).Pos.Line)
			continue
		}
		byName[dv.Name] = dv
	}
	deps := make(map[string][]string)
	parsed := make(map[string]bool)
	for _, dv := range set.Derived {
		if byName[dv.Name] != dv {
			continue
		}
		ids, err := names(dv.Expr)
		if err != nil {
			d.exprError(dv.exprNode, messages.M("derived field %s", dv.Name), err)
			continue
		}
		parsed[dv.Name] = true
		dv.Inputs = ids
		for _, id := range ids {
			if byName[id] != nil {
				deps[dv.Name] = append(deps[dv.Name], id)
			}
		}
	}

	// Depth-first topological order, in file order; a cycle is reported once,
	// at the derived field where the walk found it closed.
	const (
		unvisited = iota
		visiting
		done
	)
	state := make(map[string]int)
	var order []*Derived
	var stack []string
	var visit func(name string) bool
	visit = func(name string) bool {
		switch state[name] {
		case done:
			return true
		case visiting:
			i := slices.Index(stack, name)
			cycle := append(slices.Clone(stack[i:]), name)
			dv := byName[name]
			d.Errorf(dv.exprNodeKey(), "derived field %s: cycle %s", name, strings.Join(cycle, " → "))
			return false
		}
		state[name] = visiting
		stack = append(stack, name)
		ok := true
		for _, dep := range deps[name] {
			if !visit(dep) {
				ok = false
				break
			}
		}
		stack = stack[:len(stack)-1]
		state[name] = done
		if ok && parsed[name] {
			order = append(order, byName[name])
		}
		return ok
	}
	for _, dv := range set.Derived {
		if byName[dv.Name] == dv && state[dv.Name] == unvisited {
			visit(dv.Name)
		}
	}

	fields := make(map[string]*Field, len(set.Fields))
	textBounds := make(map[string]int)
	for _, f := range set.Fields {
		fields[f.Name] = f
		if f.Type == portfolio.Text {
			textBounds[f.Name] = maxCellTextBytes
		}
	}
	compiled := order[:0:0]
	for _, dv := range order {
		if !allKnown(dv.Inputs, deps[dv.Name], env) {
			// A derived field it reads failed; its own errors say why.
			continue
		}
		what := messages.M("derived field %s", dv.Name)
		prog, tree, ok := d.compileExpr(dv.Expr, dv.exprNode, what, env, fields, textBounds)
		if !ok {
			continue
		}
		k, ok := staticKind(prog.Node())
		if !ok {
			d.Errorf(dv.exprNode, "derived field %s: the expression gives %s; it must give a number, true/false, text or a date in every case", dv.Name, typeName(prog.Node().Type()))
			continue
		}
		dv.Type, dv.Program = k, prog
		dv.Inputs = keepKnown(dv.Inputs, env)
		dv.ExprPos = d.At(dv.exprNode)
		env[dv.Name] = exprZero(k)
		kinds[dv.Name] = k
		if k == portfolio.Text {
			textBounds[dv.Name] = textBound(tree, textBounds)
		}
		compiled = append(compiled, dv)
	}
	set.Derived = compiled

	for _, g := range set.StartingPoints {
		if g.requireNode == nil {
			continue
		}
		what := messages.M("starting point %s", g.ID)
		ids, err := names(g.Require)
		if err != nil {
			d.exprError(g.requireNode, what, err)
			continue
		}
		prog, _, ok := d.compileExpr(g.Require, g.requireNode, what, env, fields, textBounds, expr.AsBool())
		if !ok {
			continue
		}
		g.Program, g.Inputs = prog, keepKnown(ids, env)
		g.RequirePos = d.At(g.requireNode)
	}
	markReaders(set)
}

// compileExpr compiles one expression of the set, after checking that it
// keeps to the language of criteria sets (see exprlang.go), and evaluates
// its constant parts. It reports every problem at its place and returns
// the program and the typed syntax tree, or false.
func (d *decoder) compileExpr(src string, n *yaml.Node, what any, env map[string]any, fields map[string]*Field, textBounds map[string]int, extra ...expr.Option) (*vm.Program, ast.Node, bool) {
	tree, err := parser.Parse(src)
	if err != nil {
		d.exprError(n, what, err)
		return nil, nil, false
	}
	ok := true
	type place struct {
		at  file.Location
		msg string
	}
	reported := make(map[place]bool)
	complain := func(at ast.Node, msg any) {
		ok = false
		key := place{at.Location(), fmt.Sprint(msg)}
		if reported[key] {
			return // a loop's # and its body start at one place
		}
		reported[key] = true
		fe := &file.Error{Location: at.Location()}
		d.exprProblem(n, what, fe.Bind(file.NewSource(src)), msg)
	}
	checkLanguage(tree.Node, complain)
	scaleLabelProblems(tree.Node, fields, complain)
	if !ok {
		return nil, nil, false
	}
	opts := exprOptions(env, extra...)
	prog, err := expr.Compile(src, opts...)
	if err != nil {
		d.exprError(n, what, err)
		return nil, nil, false
	}
	typed, err := typedTree(src, opts)
	if err != nil {
		d.exprError(n, what, err)
		return nil, nil, false
	}
	if b := textBound(typed, textBounds); b > MaxExprTextBytes {
		d.Errorf(n, "%s: the expression can build a text of up to %d bytes; the limit is %d MiB: compare the texts instead of joining them", what, b, MaxExprTextBytes>>20)
		return nil, nil, false
	}
	for _, cp := range constantProblems(src, tree.Node, exprOptions(env)) {
		d.exprProblem(n, what, cp.at, cp.msg)
		ok = false
	}
	return prog, typed, ok
}

func (dv *Derived) exprNodeKey() *yaml.Node {
	return &yaml.Node{Line: dv.Pos.Line, Column: dv.Pos.Col}
}

// allKnown reports whether every derived field an expression depends on was
// compiled.
func allKnown(_ []string, derivedDeps []string, env map[string]any) bool {
	for _, dep := range derivedDeps {
		if _, ok := env[dep]; !ok {
			return false
		}
	}
	return true
}

func keepKnown(ids []string, env map[string]any) []string {
	out := ids[:0:0]
	for _, id := range ids {
		if _, ok := env[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

var (
	timeType     = reflect.TypeOf(time.Time{})
	durationType = reflect.TypeOf(time.Duration(0))
)

// staticKind gives the kind of value an expression yields. expr types a
// conditional whose branches differ (a float and an int literal, say) as
// interface{}; such an expression is still a number when every branch is.
func staticKind(n ast.Node) (portfolio.Kind, bool) {
	if k, ok := kindOf(n.Type()); ok {
		return k, true
	}
	switch n := n.(type) {
	case *ast.ConditionalNode:
		a, okA := staticKind(n.Exp1)
		b, okB := staticKind(n.Exp2)
		if okA && okB && a == b {
			return a, true
		}
	case *ast.BinaryNode:
		if n.Operator == "??" {
			a, okA := staticKind(n.Left)
			b, okB := staticKind(n.Right)
			if okA && okB && a == b {
				return a, true
			}
		}
	}
	return 0, false
}

func kindOf(t reflect.Type) (portfolio.Kind, bool) {
	if t == nil {
		return 0, false
	}
	switch t {
	case timeType:
		return portfolio.Date, true
	case durationType:
		// A duration is an integer of nanoseconds; as a number it would
		// mislead. (end - start).Hours() / 24 gives days.
		return 0, false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return portfolio.Number, true
	case reflect.Bool:
		return portfolio.YesNo, true
	case reflect.String:
		return portfolio.Text, true
	}
	return 0, false
}

func typeName(t reflect.Type) messages.Message {
	switch {
	case t == nil || t.Kind() == reflect.Interface:
		return messages.T("values of different types")
	case t == durationType:
		return messages.T("a duration (use (end - start).Hours() / 24 for days)")
	}
	return messages.M("a value of type %s", t)
}

// RunProgram runs a compiled expression, turning a panic inside the
// expression engine into an error.
func RunProgram(p *vm.Program, env map[string]any) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return expr.Run(p, env)
}
