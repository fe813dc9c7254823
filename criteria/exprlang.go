package criteria

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"

	"github.com/prio-tool/prio/messages"
)

// The expression language of criteria sets is expr-lang's, cut down to what
// computes one investment's value from its fields: arithmetic, comparisons,
// and/or/not, conditionals, ?? and in, text operators, and the functions
// below. Loops over lists (map, filter, reduce, all, …), ranges (1..n),
// variables (let) and the functions that build large values (repeat, join,
// split, …) are refused when the set is loaded.
//
// That makes every evaluation bounded in deterministic units, checked once
// at load time instead of per investment: without loops or variables an
// evaluation runs each instruction of its program at most once (at most
// MaxExprNodes nodes), and the text it can build is bounded by the sum of
// the texts it reads (see textBound), which must stay within
// MaxExprTextBytes. expr-lang's own memory budget does not cover strings
// (repeat("a", 1e6) of a repeat runs the machine out of memory) and it has
// no step budget, so bounding the language is the way to bound the
// evaluation.

// MaxExprNodes bounds the size of one expression (nodes of its syntax tree),
// and with it the steps of one evaluation.
const MaxExprNodes = 2000

// MaxExprTextBytes bounds the text one evaluation can build, by the
// static bound textBound gives.
const MaxExprTextBytes = 4 << 20

// maxCellTextBytes is the longest text a cell can give an expression:
// Excel's 32,767 characters of at most 4 bytes in UTF-8.
const maxCellTextBytes = 32767 * 4

// ErrNumberRange is wrapped by an expression error whose result is not a
// number prio can hold: an integer beyond 64 bits, or an integer division by
// zero. Such a result is read as missing, like a division by zero of
// numbers, and is not a defect of the criteria set.
var ErrNumberRange = errors.New("integer out of range") // not a message: a sentinel for errors.Is; the scoring warning says it in the run's language

// exprBuiltins are the functions of expr-lang that expressions may call.
var exprBuiltins = []string{
	"abs", "ceil", "floor", "round", "max", "min", "len", "float", "string",
	"lower", "upper", "trim", "trimPrefix", "trimSuffix", "hasPrefix", "hasSuffix",
	"indexOf", "lastIndexOf", "duration",
}

// Names of the checked integer operators: not identifiers, so no field can
// take them and no expression can call them by name.
const (
	opAddInt = "+int"
	opSubInt = "-int"
	opMulInt = "*int"
	opModInt = "%int"
)

// exprFunctions are the functions prio adds, by name; they are reserved as
// names of fields.
var exprFunctions = map[string]bool{"date": true, "int": true, "year": true, "month": true, "day": true}

var (
	intArgs  = []any{new(func(float64) int), new(func(int) int), new(func(string) int)}
	intPair  = new(func(int, int) int)
	dateType = new(func(time.Time) int)
)

// exprOptions are the options every criteria expression compiles with.
func exprOptions(env map[string]any, extra ...expr.Option) []expr.Option {
	opts := []expr.Option{expr.Env(env), expr.DisableAllBuiltins(), expr.MaxNodes(MaxExprNodes)}
	for _, b := range exprBuiltins {
		opts = append(opts, expr.EnableBuiltin(b))
	}
	opts = append(opts,
		expr.Function("date", exprDate, new(func(string) time.Time)),
		expr.Function("int", exprInt, intArgs...),
		expr.Function("year", func(a ...any) (any, error) { return a[0].(time.Time).Year(), nil }, dateType),
		expr.Function("month", func(a ...any) (any, error) { return int(a[0].(time.Time).Month()), nil }, dateType),
		expr.Function("day", func(a ...any) (any, error) { return a[0].(time.Time).Day(), nil }, dateType),
		expr.Function(opAddInt, checkedInt(func(a, b int) (int, bool) { s := a + b; return s, (s > a) == (b > 0) || b == 0 }), intPair),
		expr.Function(opSubInt, checkedInt(func(a, b int) (int, bool) { s := a - b; return s, (s < a) == (b > 0) || b == 0 }), intPair),
		expr.Function(opMulInt, checkedInt(mulInt), intPair),
		expr.Function(opModInt, checkedInt(func(a, b int) (int, bool) {
			if b == 0 || b == -1 && a == math.MinInt {
				return 0, false
			}
			return a % b, true
		}), intPair),
		expr.Operator("+", opAddInt),
		expr.Operator("-", opSubInt),
		expr.Operator("*", opMulInt),
		expr.Operator("%", opModInt),
		expr.Patch(monthAsNumber{}),
	)
	return append(opts, extra...)
}

func checkedInt(op func(a, b int) (int, bool)) func(...any) (any, error) {
	return func(args ...any) (any, error) {
		r, ok := op(args[0].(int), args[1].(int))
		if !ok {
			return nil, ErrNumberRange
		}
		return r, nil
	}
}

func mulInt(a, b int) (int, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt) || (b == -1 && a == math.MinInt) {
		return 0, false
	}
	return p, true
}

// exprDate reads a date literal, YYYY-MM-DD, at midnight UTC.
func exprDate(args ...any) (any, error) {
	s, _ := args[0].(string)
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return nil, messages.Errorf("date(%s): not a date of the form YYYY-MM-DD", strconv.Quote(s))
	}
	return t, nil
}

// exprInt converts to an integer like expr-lang's int, but a number beyond
// 64 bits is out of range instead of a wrapped integer.
func exprInt(args ...any) (any, error) {
	switch x := args[0].(type) {
	case int:
		return x, nil
	case float64:
		// float64(math.MaxInt64) rounds up to 2^63, which does not fit.
		if math.IsNaN(x) || x >= 1<<63 || x < -(1<<63) {
			return nil, ErrNumberRange
		}
		return int(x), nil
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(x))
		if err != nil {
			return nil, messages.Errorf("int(%s): not a whole number", strconv.Quote(x))
		}
		return n, nil
	}
	return nil, messages.Errorf("int: cannot convert %s", fmt.Sprintf("%T", args[0]))
}

// monthAsNumber makes d.Month() a number (1–12), as year() and
// d.Year() are: Go's time.Month cannot be compared with or added to a number.
type monthAsNumber struct{}

func (monthAsNumber) Visit(node *ast.Node) {
	call, ok := (*node).(*ast.CallNode)
	if !ok || len(call.Arguments) != 0 {
		return
	}
	m, ok := call.Callee.(*ast.MemberNode)
	if !ok || m.Node.Type() != timeType {
		return
	}
	if p, ok := m.Property.(*ast.StringNode); ok && p.Value == "Month" {
		ast.Patch(node, &ast.CallNode{Callee: &ast.IdentifierNode{Value: "month"}, Arguments: []ast.Node{m.Node}})
	}
}

// checkLanguage reports the parts of an expression outside the language of
// criteria sets, each at its place.
func checkLanguage(tree ast.Node, complain func(n ast.Node, msg any)) {
	ast.Find(tree, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BuiltinNode:
			if !contains(exprBuiltins, n.Name) && !exprFunctions[n.Name] {
				complain(n, messages.M("%s() is not available in criteria expressions: an expression computes one investment's value from its fields, without loops over lists or functions that build large values", n.Name))
			}
		case *ast.PredicateNode, *ast.PointerNode:
			complain(n, messages.T("loops over lists are not available in criteria expressions: an expression computes one investment's value from its fields"))
		case *ast.VariableDeclaratorNode, *ast.SequenceNode:
			complain(n, messages.T("variables (let) and sequences (;) are not available in criteria expressions: write a derived field instead"))
		case *ast.BinaryNode:
			if n.Operator == ".." {
				complain(n, messages.T("ranges (a..b) are not available in criteria expressions: an expression computes one investment's value from its fields"))
			}
			if n.Operator == "matches" {
				if _, ok := n.Right.(*ast.StringNode); !ok {
					complain(n, messages.T("matches needs a pattern written in the expression (a text in quotes), not one read from a field"))
				}
			}
		}
		return false
	})
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// textBound gives an upper bound of the bytes of text a node can evaluate
// to, given the bounds of the names it reads (fields: a cell's text; derived
// fields: their own bound). Concatenation adds; a conditional takes the
// larger branch; other functions (lower, upper, trim, string, …) give at
// most four bytes for every byte they read, plus a little for the text of a
// number or date. Without loops or variables each leaf is read once, so the
// bound is linear in the size of the expression.
func textBound(n ast.Node, names map[string]int) int {
	switch n := n.(type) {
	case *ast.StringNode:
		return len(n.Value)
	case *ast.IdentifierNode:
		if b, ok := names[n.Value]; ok {
			return b
		}
		return 64
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NilNode:
		return 32
	case *ast.ConditionalNode:
		return max(textBound(n.Exp1, names), textBound(n.Exp2, names))
	case *ast.BinaryNode:
		if n.Operator == "??" {
			return max(textBound(n.Left, names), textBound(n.Right, names))
		}
		return saturatingAdd(textBound(n.Left, names), textBound(n.Right, names))
	}
	total := 64
	for _, c := range children(n) {
		total = saturatingAdd(total, saturatingMul(4, textBound(c, names)))
	}
	return total
}

func saturatingAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func saturatingMul(k, a int) int {
	if a > math.MaxInt/k {
		return math.MaxInt
	}
	return k * a
}

// children lists a node's direct children.
func children(n ast.Node) []ast.Node {
	switch p := n.(type) {
	case *ast.UnaryNode:
		return []ast.Node{p.Node}
	case *ast.BinaryNode:
		return []ast.Node{p.Left, p.Right}
	case *ast.ChainNode:
		return []ast.Node{p.Node}
	case *ast.MemberNode:
		return []ast.Node{p.Node, p.Property}
	case *ast.SliceNode:
		return nonNil(p.Node, p.From, p.To)
	case *ast.CallNode:
		return append([]ast.Node{p.Callee}, p.Arguments...)
	case *ast.BuiltinNode:
		return p.Arguments
	case *ast.PredicateNode:
		return []ast.Node{p.Node}
	case *ast.ConditionalNode:
		return []ast.Node{p.Cond, p.Exp1, p.Exp2}
	case *ast.VariableDeclaratorNode:
		return []ast.Node{p.Value, p.Expr}
	case *ast.SequenceNode:
		return p.Nodes
	case *ast.ArrayNode:
		return p.Nodes
	case *ast.MapNode:
		return p.Pairs
	case *ast.PairNode:
		return []ast.Node{p.Key, p.Value}
	}
	return nil
}

func nonNil(ns ...ast.Node) []ast.Node {
	out := ns[:0]
	for _, n := range ns {
		if n != nil {
			out = append(out, n)
		}
	}
	return out
}

// typedTree parses and type-checks an expression as Compile does, without
// optimising it, so that its nodes are where the source has them.
func typedTree(src string, opts []expr.Option) (ast.Node, error) {
	config := conf.CreateNew()
	for _, o := range opts {
		o(config)
	}
	config.Check()
	tree, err := checker.ParseCheck(src, config)
	if err != nil {
		return nil, err
	}
	return tree.Node, nil
}

// constantProblems evaluates, at load time, each largest part of an
// expression that reads no field and is not a plain literal (date("…"),
// int("12"), 10 % 0), so that what can be known without data is known
// before any portfolio is read. It returns a problem per part that fails,
// as file errors located in src. tree is the tree as parsed, before the
// compiler's patches (whose nodes do not print back as source).
func constantProblems(src string, tree ast.Node, opts []expr.Option) []constantProblem {
	var out []constantProblem
	var visit func(n ast.Node)
	visit = func(n ast.Node) {
		if !isConstant(n) {
			for _, c := range children(n) {
				visit(c)
			}
			return
		}
		if at, err := innermostFailure(n, opts); err != nil {
			var msg any = exprMessage(unwrapExprMessage(err))
			var own *messages.Error
			switch {
			case errors.Is(err, ErrNumberRange):
				msg = messages.T("the result is an integer beyond 64 bits, or an integer division by zero, whatever the data")
			case errors.As(err, &own):
				msg = own // date("…") and int("…") say it in the catalogue's words
			}
			fe := &file.Error{Location: at.Location()}
			out = append(out, constantProblem{at: fe.Bind(file.NewSource(src)), msg: msg})
		}
	}
	visit(tree)
	return out
}

// constantProblem is a part of an expression that fails whatever the data:
// where, and what the problem is.
type constantProblem struct {
	at  *file.Error
	msg any
}

// innermostFailure evaluates a constant part of an expression and, when it
// fails, returns the smallest part that fails, so that the message points
// at date("2027-13-01") rather than at the comparison around it.
func innermostFailure(n ast.Node, opts []expr.Option) (ast.Node, error) {
	if isLiteral(n) {
		return nil, nil
	}
	for _, c := range children(n) {
		if at, err := innermostFailure(c, opts); err != nil {
			return at, err
		}
	}
	prog, err := expr.Compile(n.String(), opts...)
	if err == nil {
		_, err = RunProgram(prog, nil)
	}
	if err != nil {
		return n, err
	}
	return nil, nil
}

// unwrapExprMessage is the message of an expression error without
// expr-lang's source excerpt.
func unwrapExprMessage(err error) string {
	var fe *file.Error
	if errors.As(err, &fe) {
		return fe.Message
	}
	return err.Error()
}

// isConstant reports whether a node reads no field.
func isConstant(n ast.Node) bool {
	constant := true
	ast.Find(n, func(c ast.Node) bool {
		switch c := c.(type) {
		case *ast.IdentifierNode:
			// A function's name is an identifier too (the callee of a call).
			if !isCallee(n, c) {
				constant = false
			}
		case *ast.PointerNode, *ast.PredicateNode, *ast.VariableDeclaratorNode:
			constant = false
		}
		return false
	})
	return constant
}

// isCallee reports whether id is the callee of a call inside root.
func isCallee(root ast.Node, id *ast.IdentifierNode) bool {
	found := false
	ast.Find(root, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallNode); ok && c.Callee == ast.Node(id) {
			found = true
		}
		return false
	})
	return found
}

func isLiteral(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NilNode:
		return true
	case *ast.UnaryNode:
		return isLiteral(n.Node)
	case *ast.ArrayNode:
		for _, c := range n.Nodes {
			if !isLiteral(c) {
				return false
			}
		}
		return true
	}
	return false
}

// scaleLabelProblems finds comparisons of a scale field with a text, such
// as risk == "Hög": in expressions a scale value is its position, so the
// comparison cannot hold. The message shows the position of the level.
func scaleLabelProblems(tree ast.Node, fields map[string]*Field, complain func(n ast.Node, msg any)) {
	ast.Find(tree, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryNode)
		if !ok {
			return false
		}
		switch b.Operator {
		case "==", "!=", "<", "<=", ">", ">=", "in":
		default:
			return false
		}
		check := func(side, other ast.Node) {
			id, ok := side.(*ast.IdentifierNode)
			if !ok {
				return
			}
			f := fields[id.Value]
			if f == nil || len(f.Levels) == 0 {
				return
			}
			var texts []string
			switch o := other.(type) {
			case *ast.StringNode:
				texts = []string{o.Value}
			case *ast.ArrayNode:
				for _, c := range o.Nodes {
					if s, ok := c.(*ast.StringNode); ok {
						texts = append(texts, s.Value)
					}
				}
			}
			for _, t := range texts {
				complain(b, scaleLabelMessage(f, t))
			}
		}
		check(b.Left, b.Right)
		check(b.Right, b.Left)
		return false
	})
}

func scaleLabelMessage(f *Field, compared string) messages.Message {
	for i, l := range f.Levels {
		if FoldLabel(l) == FoldLabel(compared) {
			return messages.M("scale field %s is compared with the text %s: in expressions a scale value is its position (1 = the first level), so %s is %d; write %s == %d", f.Name, strconv.Quote(compared), strconv.Quote(l), i+1, f.Name, i+1)
		}
	}
	var ls []string
	for i, l := range f.Levels {
		ls = append(ls, fmt.Sprintf("%d = %s", i+1, l))
	}
	return messages.M("scale field %s is compared with the text %s, which is not one of its levels: in expressions a scale value is its position (%s)", f.Name, strconv.Quote(compared), strings.Join(ls, ", "))
}
