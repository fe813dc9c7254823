package scoring

import (
	"math"
	"reflect"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"

	"github.com/prio-tool/prio/portfolio"
)

// Derived fields and starting points run once per investment, and, inside
// Monte Carlo, once per sample and investment: millions of times. The
// expression machine (expr-lang's VM) reads its inputs from a map and boxes
// every number it computes, which costs an allocation and a hash or two
// per step. So the expressions are compiled once more, here, into Go
// closures that read the evaluation's slot values directly and compute in
// plain float64, int, bool, string and time values, without allocation.
//
// Only what is certain to give the VM's result bit for bit is compiled: a
// node whose static type (the checker's) is one of those types and is the
// type the VM's value has at run time, with the VM's own arithmetic
// (runtime.Add and its kin convert an int meeting a float64 to float64;
// "/" and "**" always give float64; the checked integer operators of
// criteria give ErrNumberRange on overflow). Any other node — a mixed-type
// max, a conditional whose branches differ, ??, in, a function prio does
// not list here — leaves the whole expression to the VM. At run time a
// compiled expression that meets something unusual (an integer overflow)
// gives up for that investment (evaluation.bail) and the VM runs it
// instead, so that errors and their messages stay the VM's.

// kernelType is the Go type of a compiled node's value.
type kernelType int

const (
	kFloat kernelType = iota + 1
	kInt
	kBool
	kText
	kTime
	kDuration
)

// kernel is a compiled expression node: the one closure of its type is set.
type kernel struct {
	t kernelType
	f func(ev *evaluation) float64
	i func(ev *evaluation) int
	b func(ev *evaluation) bool
	s func(ev *evaluation) string
	m func(ev *evaluation) time.Time
	d func(ev *evaluation) time.Duration
}

var (
	floatType    = reflect.TypeOf(0.0)
	intType      = reflect.TypeOf(0)
	boolType     = reflect.TypeOf(false)
	stringType   = reflect.TypeOf("")
	timeType     = reflect.TypeOf(time.Time{})
	durationType = reflect.TypeOf(time.Duration(0))
)

func typeOf(t reflect.Type) (kernelType, bool) {
	switch t {
	case floatType:
		return kFloat, true
	case intType:
		return kInt, true
	case boolType:
		return kBool, true
	case stringType:
		return kText, true
	case timeType:
		return kTime, true
	case durationType:
		return kDuration, true
	}
	return 0, false
}

// noKernels leaves every expression to the VM: the differential test's
// oracle.
var noKernels bool

// compileKernel compiles a program of the criteria set, or returns nil
// when some node of it is not among those compiled here.
func (s *scorer) compileKernel(p *vm.Program) *kernel {
	if p == nil || noKernels {
		return nil
	}
	k, ok := s.compileNode(p.Node())
	if !ok {
		return nil
	}
	return k
}

// slotKernelType is the type a slot's value has in expressions
// (criteria.ExprValue): a scale's position is an int, a derived number a
// float64.
func slotKernelType(k portfolio.Kind) kernelType {
	switch k {
	case portfolio.Text:
		return kText
	case portfolio.Scale:
		return kInt
	case portfolio.YesNo:
		return kBool
	case portfolio.Date:
		return kTime
	}
	return kFloat
}

// asFloat gives a numeric kernel's value as float64, as the VM converts an
// int operand that meets a float64 one.
func asFloat(k *kernel) func(ev *evaluation) float64 {
	if k.t == kInt {
		i := k.i
		return func(ev *evaluation) float64 { return float64(i(ev)) }
	}
	return k.f
}

func numeric(k *kernel) bool { return k.t == kFloat || k.t == kInt }

func (s *scorer) compileNode(n ast.Node) (*kernel, bool) {
	t, ok := typeOf(n.Type())
	if !ok {
		return nil, false
	}
	switch n := n.(type) {
	case *ast.IdentifierNode:
		ix, ok := s.byName[n.Value]
		if !ok || slotKernelType(s.slots[ix].kind) != t {
			return nil, false
		}
		switch t {
		case kFloat:
			return &kernel{t: t, f: func(ev *evaluation) float64 { return ev.values[ix].Num }}, true
		case kInt:
			return &kernel{t: t, i: func(ev *evaluation) int { return int(ev.values[ix].Num) }}, true
		case kBool:
			return &kernel{t: t, b: func(ev *evaluation) bool { return ev.values[ix].Bool }}, true
		case kText:
			return &kernel{t: t, s: func(ev *evaluation) string { return ev.values[ix].Text }}, true
		case kTime:
			return &kernel{t: t, m: func(ev *evaluation) time.Time { return ev.values[ix].Date }}, true
		}
	case *ast.IntegerNode:
		switch t {
		case kInt:
			v := n.Value
			return &kernel{t: t, i: func(*evaluation) int { return v }}, true
		case kFloat:
			v := float64(n.Value)
			return &kernel{t: t, f: func(*evaluation) float64 { return v }}, true
		}
	case *ast.FloatNode:
		if t == kFloat {
			v := n.Value
			return &kernel{t: t, f: func(*evaluation) float64 { return v }}, true
		}
	case *ast.BoolNode:
		if t == kBool {
			v := n.Value
			return &kernel{t: t, b: func(*evaluation) bool { return v }}, true
		}
	case *ast.StringNode:
		if t == kText {
			v := n.Value
			return &kernel{t: t, s: func(*evaluation) string { return v }}, true
		}
	case *ast.ConstantNode:
		return constantKernel(t, n.Value)
	case *ast.UnaryNode:
		return s.compileUnary(t, n)
	case *ast.BinaryNode:
		return s.compileBinary(t, n)
	case *ast.ConditionalNode:
		return s.compileConditional(t, n)
	case *ast.BuiltinNode:
		return s.compileBuiltin(t, n)
	case *ast.CallNode:
		return s.compileCall(t, n)
	}
	return nil, false
}

func constantKernel(t kernelType, v any) (*kernel, bool) {
	switch x := v.(type) {
	case float64:
		if t == kFloat {
			return &kernel{t: t, f: func(*evaluation) float64 { return x }}, true
		}
	case int:
		if t == kInt {
			return &kernel{t: t, i: func(*evaluation) int { return x }}, true
		}
	case bool:
		if t == kBool {
			return &kernel{t: t, b: func(*evaluation) bool { return x }}, true
		}
	case string:
		if t == kText {
			return &kernel{t: t, s: func(*evaluation) string { return x }}, true
		}
	case time.Time:
		if t == kTime {
			return &kernel{t: t, m: func(*evaluation) time.Time { return x }}, true
		}
	}
	return nil, false
}

func (s *scorer) compileUnary(t kernelType, n *ast.UnaryNode) (*kernel, bool) {
	x, ok := s.compileNode(n.Node)
	if !ok || x.t != t {
		return nil, false
	}
	switch {
	case (n.Operator == "not" || n.Operator == "!") && t == kBool:
		b := x.b
		return &kernel{t: t, b: func(ev *evaluation) bool { return !b(ev) }}, true
	case n.Operator == "-" && t == kFloat:
		f := x.f
		return &kernel{t: t, f: func(ev *evaluation) float64 { return -f(ev) }}, true
	case n.Operator == "-" && t == kInt:
		i := x.i
		return &kernel{t: t, i: func(ev *evaluation) int { return -i(ev) }}, true
	case n.Operator == "+" && (t == kFloat || t == kInt):
		return x, true
	}
	return nil, false
}

func (s *scorer) compileBinary(t kernelType, n *ast.BinaryNode) (*kernel, bool) {
	l, ok := s.compileNode(n.Left)
	if !ok {
		return nil, false
	}
	r, ok := s.compileNode(n.Right)
	if !ok {
		return nil, false
	}
	switch n.Operator {
	case "and", "&&", "or", "||":
		if t != kBool || l.t != kBool || r.t != kBool {
			return nil, false
		}
		a, b := l.b, r.b
		if n.Operator == "and" || n.Operator == "&&" {
			return &kernel{t: t, b: func(ev *evaluation) bool { return a(ev) && b(ev) }}, true
		}
		return &kernel{t: t, b: func(ev *evaluation) bool { return a(ev) || b(ev) }}, true
	case "==", "!=", "<", "<=", ">", ">=":
		if t != kBool {
			return nil, false
		}
		cmp, ok := comparison(n.Operator, l, r)
		if !ok {
			return nil, false
		}
		return &kernel{t: t, b: cmp}, true
	case "+", "-", "*", "/", "**", "^":
		return arithmetic(t, n.Operator, l, r)
	}
	return nil, false
}

// comparison compiles a comparison as runtime.Equal, Less and their kin
// compute it: numbers as float64 unless both are ints, texts by bytes,
// yes/no only for equality.
func comparison(op string, l, r *kernel) (func(ev *evaluation) bool, bool) {
	switch {
	case l.t == kInt && r.t == kInt:
		a, b := l.i, r.i
		switch op {
		case "==":
			return func(ev *evaluation) bool { return a(ev) == b(ev) }, true
		case "!=":
			return func(ev *evaluation) bool { return a(ev) != b(ev) }, true
		case "<":
			return func(ev *evaluation) bool { return a(ev) < b(ev) }, true
		case "<=":
			return func(ev *evaluation) bool { return a(ev) <= b(ev) }, true
		case ">":
			return func(ev *evaluation) bool { return a(ev) > b(ev) }, true
		case ">=":
			return func(ev *evaluation) bool { return a(ev) >= b(ev) }, true
		}
	case numeric(l) && numeric(r):
		a, b := asFloat(l), asFloat(r)
		switch op {
		case "==":
			return func(ev *evaluation) bool { return a(ev) == b(ev) }, true
		case "!=":
			return func(ev *evaluation) bool { return a(ev) != b(ev) }, true
		case "<":
			return func(ev *evaluation) bool { return a(ev) < b(ev) }, true
		case "<=":
			return func(ev *evaluation) bool { return a(ev) <= b(ev) }, true
		case ">":
			return func(ev *evaluation) bool { return a(ev) > b(ev) }, true
		case ">=":
			return func(ev *evaluation) bool { return a(ev) >= b(ev) }, true
		}
	case l.t == kText && r.t == kText:
		a, b := l.s, r.s
		switch op {
		case "==":
			return func(ev *evaluation) bool { return a(ev) == b(ev) }, true
		case "!=":
			return func(ev *evaluation) bool { return a(ev) != b(ev) }, true
		case "<":
			return func(ev *evaluation) bool { return a(ev) < b(ev) }, true
		case "<=":
			return func(ev *evaluation) bool { return a(ev) <= b(ev) }, true
		case ">":
			return func(ev *evaluation) bool { return a(ev) > b(ev) }, true
		case ">=":
			return func(ev *evaluation) bool { return a(ev) >= b(ev) }, true
		}
	case l.t == kBool && r.t == kBool:
		a, b := l.b, r.b
		switch op {
		case "==":
			return func(ev *evaluation) bool { return a(ev) == b(ev) }, true
		case "!=":
			return func(ev *evaluation) bool { return a(ev) != b(ev) }, true
		}
	}
	return nil, false
}

// arithmetic compiles + − × / and ** of numbers as runtime.Add and its kin
// compute them when one operand is a float64 (both as float64); "/" and
// "**" are float64 always. Two ints meet only in the checked operators
// criteria patches in (calls, compiled in compileCall), so a binary node
// of two ints is left to the VM. The difference of two dates is a
// duration, and text + text joins.
func arithmetic(t kernelType, op string, l, r *kernel) (*kernel, bool) {
	switch {
	case t == kFloat && numeric(l) && numeric(r) && (l.t == kFloat || r.t == kFloat || op == "/" || op == "**" || op == "^"):
		a, b := asFloat(l), asFloat(r)
		switch op {
		case "+":
			return &kernel{t: t, f: func(ev *evaluation) float64 { return a(ev) + b(ev) }}, true
		case "-":
			return &kernel{t: t, f: func(ev *evaluation) float64 { return a(ev) - b(ev) }}, true
		case "*":
			return &kernel{t: t, f: func(ev *evaluation) float64 { return a(ev) * b(ev) }}, true
		case "/":
			return &kernel{t: t, f: func(ev *evaluation) float64 { return a(ev) / b(ev) }}, true
		case "**", "^":
			return &kernel{t: t, f: func(ev *evaluation) float64 { return math.Pow(a(ev), b(ev)) }}, true
		}
	case t == kDuration && op == "-" && l.t == kTime && r.t == kTime:
		a, b := l.m, r.m
		return &kernel{t: t, d: func(ev *evaluation) time.Duration { return a(ev).Sub(b(ev)) }}, true
	case t == kText && op == "+" && l.t == kText && r.t == kText:
		a, b := l.s, r.s
		return &kernel{t: t, s: func(ev *evaluation) string { return a(ev) + b(ev) }}, true
	}
	return nil, false
}

func (s *scorer) compileConditional(t kernelType, n *ast.ConditionalNode) (*kernel, bool) {
	c, ok := s.compileNode(n.Cond)
	if !ok || c.t != kBool {
		return nil, false
	}
	a, ok := s.compileNode(n.Exp1)
	if !ok || a.t != t {
		return nil, false
	}
	b, ok := s.compileNode(n.Exp2)
	if !ok || b.t != t {
		return nil, false
	}
	cond := c.b
	switch t {
	case kFloat:
		x, y := a.f, b.f
		return &kernel{t: t, f: func(ev *evaluation) float64 {
			if cond(ev) {
				return x(ev)
			}
			return y(ev)
		}}, true
	case kInt:
		x, y := a.i, b.i
		return &kernel{t: t, i: func(ev *evaluation) int {
			if cond(ev) {
				return x(ev)
			}
			return y(ev)
		}}, true
	case kBool:
		x, y := a.b, b.b
		return &kernel{t: t, b: func(ev *evaluation) bool {
			if cond(ev) {
				return x(ev)
			}
			return y(ev)
		}}, true
	case kText:
		x, y := a.s, b.s
		return &kernel{t: t, s: func(ev *evaluation) string {
			if cond(ev) {
				return x(ev)
			}
			return y(ev)
		}}, true
	}
	return nil, false
}

// compileBuiltin compiles abs, and max and min of arguments of one type
// (the checker types max(1, 2.5) as int, the first argument's type, though
// it gives 2.5: mixed types are left to the VM). max keeps the first of
// equal values, as builtin.minMax does (it takes a later value only when
// runtime.Less(kept, later)); min likewise with runtime.More.
// checkedIntOps are criteria's checked integer operators, by the names
// it patches them in under (criteria/exprlang.go), with its arithmetic: the
// result, or false when it is not an int (overflow, or % by zero). A name
// not here is left to the VM; the differential test compares both.
var checkedIntOps = map[string]func(a, b int) (int, bool){
	"+int": func(a, b int) (int, bool) { s := a + b; return s, (s > a) == (b > 0) || b == 0 },
	"-int": func(a, b int) (int, bool) { s := a - b; return s, (s < a) == (b > 0) || b == 0 },
	"*int": func(a, b int) (int, bool) {
		if a == 0 || b == 0 {
			return 0, true
		}
		p := a * b
		if p/b != a || (a == -1 && b == math.MinInt) || (b == -1 && a == math.MinInt) {
			return 0, false
		}
		return p, true
	},
	"%int": func(a, b int) (int, bool) {
		if b == 0 || b == -1 && a == math.MinInt {
			return 0, false
		}
		return a % b, true
	},
}

func (s *scorer) compileBuiltin(t kernelType, n *ast.BuiltinNode) (*kernel, bool) {
	args := make([]*kernel, len(n.Arguments))
	for i, a := range n.Arguments {
		k, ok := s.compileNode(a)
		if !ok || k.t != t {
			return nil, false
		}
		args[i] = k
	}
	switch {
	case n.Name == "abs" && len(args) == 1 && t == kFloat:
		return &kernel{t: t, f: absOf(args[0].f)}, true
	case n.Name == "abs" && len(args) == 1 && t == kInt:
		return &kernel{t: t, i: absOf(args[0].i)}, true
	case (n.Name == "max" || n.Name == "min") && len(args) > 0 && t == kFloat:
		fs := make([]func(*evaluation) float64, len(args))
		for i, a := range args {
			fs[i] = a.f
		}
		return &kernel{t: t, f: extremeOf(fs, n.Name == "max")}, true
	case (n.Name == "max" || n.Name == "min") && len(args) > 0 && t == kInt:
		is := make([]func(*evaluation) int, len(args))
		for i, a := range args {
			is[i] = a.i
		}
		return &kernel{t: t, i: extremeOf(is, n.Name == "max")}, true
	}
	return nil, false
}

// absOf is abs of a float or an int kernel.
func absOf[T int | float64](f func(*evaluation) T) func(*evaluation) T {
	return func(ev *evaluation) T {
		if x := f(ev); x < 0 {
			return -x
		} else {
			return x
		}
	}
}

// extremeOf is max (or min) of its kernels, taken left to right as expr's
// max and min take them: a later value replaces the one so far only when
// it is strictly larger (smaller).
func extremeOf[T int | float64](fs []func(*evaluation) T, max bool) func(*evaluation) T {
	if max {
		return func(ev *evaluation) T {
			v := fs[0](ev)
			for _, f := range fs[1:] {
				if x := f(ev); v < x {
					v = x
				}
			}
			return v
		}
	}
	return func(ev *evaluation) T {
		v := fs[0](ev)
		for _, f := range fs[1:] {
			if x := f(ev); v > x {
				v = x
			}
		}
		return v
	}
}

// compileCall compiles the checked integer operators of criteria (an
// overflow gives up, so that the VM gives its ErrNumberRange), year,
// month and day of a date, and the hours, minutes and seconds of a
// duration.
func (s *scorer) compileCall(t kernelType, n *ast.CallNode) (*kernel, bool) {
	args := make([]*kernel, len(n.Arguments))
	for i, a := range n.Arguments {
		k, ok := s.compileNode(a)
		if !ok {
			return nil, false
		}
		args[i] = k
	}
	switch callee := n.Callee.(type) {
	case *ast.IdentifierNode:
		if _, isSlot := s.byName[callee.Value]; isSlot {
			return nil, false
		}
		if op := checkedIntOps[callee.Value]; op != nil && t == kInt && len(args) == 2 && args[0].t == kInt && args[1].t == kInt {
			a, b := args[0].i, args[1].i
			return &kernel{t: t, i: func(ev *evaluation) int {
				r, ok := op(a(ev), b(ev))
				if !ok {
					ev.bail = true
				}
				return r
			}}, true
		}
		if len(args) != 1 || args[0].t != kTime || t != kInt {
			return nil, false
		}
		m := args[0].m
		switch callee.Value {
		case "year":
			return &kernel{t: t, i: func(ev *evaluation) int { return m(ev).Year() }}, true
		case "month":
			return &kernel{t: t, i: func(ev *evaluation) int { return int(m(ev).Month()) }}, true
		case "day":
			return &kernel{t: t, i: func(ev *evaluation) int { return m(ev).Day() }}, true
		}
	case *ast.MemberNode:
		prop, ok := callee.Property.(*ast.StringNode)
		if !callee.Method || !ok || len(args) != 0 || t != kFloat {
			return nil, false
		}
		on, ok := s.compileNode(callee.Node)
		if !ok || on.t != kDuration {
			return nil, false
		}
		d := on.d
		switch prop.Value {
		case "Hours":
			return &kernel{t: t, f: func(ev *evaluation) float64 { return d(ev).Hours() }}, true
		case "Minutes":
			return &kernel{t: t, f: func(ev *evaluation) float64 { return d(ev).Minutes() }}, true
		case "Seconds":
			return &kernel{t: t, f: func(ev *evaluation) float64 { return d(ev).Seconds() }}, true
		}
	}
	return nil, false
}
