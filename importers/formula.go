package importers

// Formulas without a saved result: reading them.
//
// A workbook written by Excel or LibreOffice saves every formula's result,
// and that result is what prio reads. Other writers (openpyxl, excelize,
// scripts) save formulas without one, or with an empty one, and then prio
// calculates the formula itself, with the small evaluator of formula_eval.go
// over the tokens of github.com/xuri/efp (excelize's own formula tokenizer).
//
// Why not excelize's calculation engine, which prio used before: it opens
// the whole workbook into memory to calculate one cell (a 200,000-row
// workbook with one such formula took 6.7 times as long and 7.8 times the
// memory of the same workbook without it), and it has no bounds: a formula
// such as =LEN(REPT(REPT("x",32767),200000)) exhausted memory, and RAND or
// TODAY gave a different ranking on every run. The evaluator here reads only
// the cells the formulas refer to, and counts what it does in deterministic
// units (steps, characters, cells; see the limits in formula_book.go), so a
// formula is either calculated the same way on every machine or refused
// with a message naming its cell.
//
// This file turns formula text into a tree (parseFormula); formula_eval.go
// evaluates it; formula_book.go finds the cells it refers to.

import (
	"strconv"
	"strings"

	"github.com/xuri/efp"

	"github.com/prio-tool/prio/messages"
)

// Bounds on reading a formula. Both are Excel's own, so no formula Excel
// wrote exceeds them.
const (
	// maxFormulaChars is the longest formula Excel accepts.
	maxFormulaChars = 8192
	// maxFormulaNesting bounds how deeply functions, brackets and
	// operators nest in one formula: Excel allows 64 levels of nested
	// functions.
	maxFormulaNesting = 64
)

// formulaOp is the kind of a node of a formula's tree.
type formulaOp uint8

const (
	opNumber  formulaOp = iota // num
	opText                     // text
	opBool                     // num: 1 or 0
	opError                    // text: the error value, like "#REF!"
	opRef                      // ref
	opMissing                  // an argument left out: IF(A1,,2)
	opNeg                      // -args[0]
	opPercent                  // args[0]%
	opBinary                   // args[0] text args[1]; text is the operator
	opCall                     // text(args...); text is the function's name in upper case
)

// formulaNode is a node of a formula's tree.
type formulaNode struct {
	op   formulaOp
	num  float64
	text string
	ref  cellRange
	args []*formulaNode
}

// cellRange is a reference: one cell (r1 == r2, c1 == c2) or a rectangle,
// rows and columns from 1, on the formula's own sheet (sheet "") or another.
type cellRange struct {
	sheet          string
	r1, c1, r2, c2 int
}

// formulaText is what a cell holds: its formula, and for a cell that shares
// the formula of another (Excel's shared formulas), how far it lies from
// that cell, by which its relative references move.
type formulaSource struct {
	text   string // without the leading "="
	dr, dc int    // the cell's offset from the cell the text was written for
}

// formulaError is a formula that cannot be calculated; why says why (a
// fragment of the catalogue, in the run's language). When the reason lies
// in the formula of another cell the formula depends on, from names that
// cell.
type formulaError struct {
	why      messages.Message
	from     cellKey
	hasFrom  bool
	circular bool // a circular reference, which names its cells itself
}

func (e *formulaError) Error() string { return e.why.String() }

// Localize gives the reason in language l.
func (e *formulaError) Localize(l messages.Lang) string { return e.why.In(l) }

func cannotCalculate(format string, args ...any) *formulaError {
	return &formulaError{why: messages.M(format, args...)}
}

// parseFormula reads a formula into its tree.
func parseFormula(src formulaSource) (*formulaNode, error) {
	if len(src.text) > maxFormulaChars && len([]rune(src.text)) > maxFormulaChars {
		return nil, cannotCalculate("it is longer than %d characters, Excel's limit for a formula", maxFormulaChars)
	}
	ps := efp.ExcelParser()
	p := &formulaParser{toks: mendTokens(ps.Parse(src.text)), dr: src.dr, dc: src.dc}
	if len(p.toks) == 0 {
		return nil, cannotCalculate("it is empty")
	}
	n, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, p.unexpected()
	}
	return n, nil
}

// mendTokens joins what efp splits: a number with a lower-case exponent
// and a sign ("1e+5" comes as "1e", "+", "5"), and a reference that Excel
// has replaced by #REF! on another sheet ("Blad2!#REF!" comes as "Blad2!"
// and "#REF!"), which is the error value #REF!.
func mendTokens(toks []efp.Token) []efp.Token {
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.TType == efp.TokenTypeOperand && t.TSubType == efp.TokenSubTypeRange && i+2 < len(toks) &&
			mantissaE(t.TValue) && toks[i+1].TType == efp.TokenTypeOperatorInfix &&
			(toks[i+1].TValue == "+" || toks[i+1].TValue == "-") &&
			toks[i+2].TType == efp.TokenTypeOperand && allDigits(toks[i+2].TValue):
			t = efp.Token{TValue: t.TValue + toks[i+1].TValue + toks[i+2].TValue, TType: efp.TokenTypeOperand, TSubType: efp.TokenSubTypeNumber}
			i += 2
		case t.TType == efp.TokenTypeUnknown && strings.HasSuffix(t.TValue, "!") && i+1 < len(toks) &&
			toks[i+1].TSubType == efp.TokenSubTypeError:
			t = toks[i+1]
			i++
		}
		out = append(out, t)
	}
	return out
}

// mantissaE reports whether s is digits, an optional fraction and an "e":
// a number whose exponent efp has cut off.
func mantissaE(s string) bool {
	if len(s) < 2 || s[len(s)-1]|0x20 != 'e' {
		return false
	}
	whole, frac, _ := strings.Cut(s[:len(s)-1], ".")
	return whole != "" && allDigits(whole) && allDigits(frac)
}

// formulaParser reads efp's tokens by precedence climbing, with Excel's
// operator precedence: negation, then %, then ^, then * and /, then + and
// -, then &, then the comparisons. Negation binding tighter than ^ is
// Excel's rule (=-2^2 is 4), and ^ groups from the left (=2^3^2 is 64).
type formulaParser struct {
	toks   []efp.Token
	i      int
	dr, dc int // the shift of relative references (shared formulas)
}

func (p *formulaParser) peek() *efp.Token {
	if p.i < len(p.toks) {
		return &p.toks[p.i]
	}
	return nil
}

func (p *formulaParser) unexpected() error {
	t := p.peek()
	if t == nil {
		return cannotCalculate("it cannot be read as a formula: it ends too early")
	}
	text := t.TValue
	switch {
	case t.TType == efp.TokenTypeFunction && t.TSubType == efp.TokenSubTypeStop,
		t.TType == efp.TokenTypeSubexpression && t.TSubType == efp.TokenSubTypeStop:
		text = ")"
	case t.TType == efp.TokenTypeSubexpression:
		text = "("
	case t.TType == efp.TokenTypeArgument:
		text = ","
	}
	return cannotCalculate("it cannot be read as a formula: %s is out of place", quote(text))
}

// binaryLevel gives the precedence of an infix operator (higher binds
// tighter), or 0 for a token that is none.
func binaryLevel(t *efp.Token) int {
	if t == nil || t.TType != efp.TokenTypeOperatorInfix {
		return 0
	}
	switch t.TValue {
	case "=", "<>", "<", ">", "<=", ">=":
		return 1
	case "&":
		return 2
	case "+", "-":
		return 3
	case "*", "/":
		return 4
	case "^":
		return 5
	}
	return 0
}

// expr reads operators of precedence above min's, all grouping from the
// left, as Excel's do.
func (p *formulaParser) expr(depth int) (*formulaNode, error) {
	if depth > maxFormulaNesting {
		return nil, cannotCalculate("it nests more than %d levels deep, Excel's limit", maxFormulaNesting)
	}
	return p.binary(1, depth)
}

func (p *formulaParser) binary(level, depth int) (*formulaNode, error) {
	if level > 5 {
		return p.postfix(depth)
	}
	left, err := p.binary(level+1, depth)
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if binaryLevel(t) != level {
			if t != nil && t.TType == efp.TokenTypeOperatorInfix && binaryLevel(t) == 0 {
				// A space between ranges (intersection) or a comma
				// outside a function (union).
				return nil, cannotCalculate("it uses the intersection or union of ranges, which prio does not calculate")
			}
			return left, nil
		}
		op := t.TValue
		p.i++
		right, err := p.binary(level+1, depth)
		if err != nil {
			return nil, err
		}
		left = &formulaNode{op: opBinary, text: op, args: []*formulaNode{left, right}}
	}
}

func (p *formulaParser) postfix(depth int) (*formulaNode, error) {
	n, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	for t := p.peek(); t != nil && t.TType == efp.TokenTypeOperatorPostfix; t = p.peek() {
		p.i++
		n = &formulaNode{op: opPercent, args: []*formulaNode{n}}
	}
	return n, nil
}

func (p *formulaParser) unary(depth int) (*formulaNode, error) {
	t := p.peek()
	if t == nil {
		return nil, p.unexpected()
	}
	// efp makes a minus a prefix operator where it negates; a plus that
	// starts the formula it leaves as an infix one.
	if t.TType == efp.TokenTypeOperatorPrefix || t.TType == efp.TokenTypeOperatorInfix && t.TValue == "+" {
		if depth >= maxFormulaNesting {
			return nil, cannotCalculate("it nests more than %d levels deep, Excel's limit", maxFormulaNesting)
		}
		p.i++
		n, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		if t.TValue == "-" {
			return &formulaNode{op: opNeg, args: []*formulaNode{n}}, nil
		}
		return n, nil
	}
	return p.primary(depth)
}

func (p *formulaParser) primary(depth int) (*formulaNode, error) {
	t := p.peek()
	switch t.TType {
	case efp.TokenTypeOperand:
		p.i++
		return p.operand(t)
	case efp.TokenTypeSubexpression:
		if t.TSubType != efp.TokenSubTypeStart {
			return nil, p.unexpected()
		}
		p.i++
		n, err := p.expr(depth + 1)
		if err != nil {
			return nil, err
		}
		if t := p.peek(); t == nil || t.TType != efp.TokenTypeSubexpression || t.TSubType != efp.TokenSubTypeStop {
			return nil, p.unexpected()
		}
		p.i++
		return n, nil
	case efp.TokenTypeFunction:
		if t.TSubType != efp.TokenSubTypeStart {
			return nil, p.unexpected()
		}
		if t.TValue == "ARRAY" || t.TValue == "ARRAYROW" {
			return nil, cannotCalculate("it uses an array constant {…}, which prio does not calculate")
		}
		if strings.ContainsAny(t.TValue, ":!") {
			// A1:INDEX(…): a range whose end a function gives.
			return nil, cannotCalculate("it builds a range with a function (%s), which prio does not calculate", quote(t.TValue))
		}
		p.i++
		return p.call(functionName(t.TValue), depth)
	}
	return nil, p.unexpected()
}

// functionName is a function's name as Excel shows it: in upper case and
// without the prefix that marks functions newer than Excel 2007 in files
// (_xlfn.CONCAT).
func functionName(s string) string {
	s = strings.ToUpper(s)
	for _, prefix := range []string{"_XLFN._XLWS.", "_XLFN.", "_XLWS."} {
		s = strings.TrimPrefix(s, prefix)
	}
	return s
}

// call reads the arguments of a function up to its closing bracket.
func (p *formulaParser) call(name string, depth int) (*formulaNode, error) {
	n := &formulaNode{op: opCall, text: name}
	if t := p.peek(); t != nil && t.TType == efp.TokenTypeFunction && t.TSubType == efp.TokenSubTypeStop {
		p.i++
		return n, nil
	}
	for {
		var arg *formulaNode
		if t := p.peek(); t != nil && (t.TType == efp.TokenTypeArgument ||
			t.TType == efp.TokenTypeFunction && t.TSubType == efp.TokenSubTypeStop) {
			arg = &formulaNode{op: opMissing}
		} else {
			var err error
			if arg, err = p.expr(depth + 1); err != nil {
				return nil, err
			}
		}
		n.args = append(n.args, arg)
		t := p.peek()
		switch {
		case t == nil:
			return nil, p.unexpected()
		case t.TType == efp.TokenTypeArgument:
			p.i++
		case t.TType == efp.TokenTypeFunction && t.TSubType == efp.TokenSubTypeStop:
			p.i++
			return n, nil
		default:
			return nil, p.unexpected()
		}
	}
}

// operand reads a number, a text, TRUE or FALSE, an error value or a
// reference.
func (p *formulaParser) operand(t *efp.Token) (*formulaNode, error) {
	switch t.TSubType {
	case efp.TokenSubTypeText:
		return &formulaNode{op: opText, text: t.TValue}, nil
	case efp.TokenSubTypeNumber:
		x, err := strconv.ParseFloat(t.TValue, 64)
		if err != nil {
			return nil, cannotCalculate("it cannot be read as a formula: %s is out of place", quote(t.TValue))
		}
		return &formulaNode{op: opNumber, num: x}, nil
	case efp.TokenSubTypeLogical:
		return boolNode(t.TValue == "TRUE"), nil
	case efp.TokenSubTypeError:
		return &formulaNode{op: opError, text: t.TValue}, nil
	}
	s := t.TValue
	switch {
	case strings.EqualFold(s, "TRUE"):
		return boolNode(true), nil
	case strings.EqualFold(s, "FALSE"):
		return boolNode(false), nil
	}
	sheet, ref := "", s
	if i := strings.LastIndexByte(s, '!'); i >= 0 {
		sheet, ref = s[:i], s[i+1:]
		switch {
		case strings.ContainsAny(sheet, "[]"):
			return nil, cannotCalculate("it refers to another workbook, which prio does not read")
		case strings.Contains(sheet, ":"):
			return nil, cannotCalculate("it refers to a range of sheets (%s), which prio does not calculate", quote(sheet))
		case sheet == "":
			return nil, cannotCalculate("it cannot be read as a formula: %s is out of place", quote(s))
		}
	}
	if strings.ContainsAny(s, "[]") {
		return nil, cannotCalculate("it uses a table reference (%s), which prio does not calculate", quote(s))
	}
	r, ok := parseRange(ref)
	if !ok {
		if sheet == "" && isName(s) {
			return nil, cannotCalculate("it uses the name %s: prio does not read the workbook's defined names", quote(s))
		}
		return nil, cannotCalculate("it cannot be read as a formula: %s is out of place", quote(s))
	}
	r.sheet = sheet
	if !r.shift(p.dr, p.dc) {
		return &formulaNode{op: opError, text: "#REF!"}, nil
	}
	return &formulaNode{op: opRef, ref: r.cellRange}, nil
}

func boolNode(b bool) *formulaNode {
	n := &formulaNode{op: opBool}
	if b {
		n.num = 1
	}
	return n
}

// isName reports whether s could be a defined name: a letter, an underscore
// or a backslash, then letters, digits, underscores and periods.
func isName(s string) bool {
	for i, r := range s {
		letter := r == '_' || r == '\\' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 0x7f
		if !letter && (i == 0 || !(r >= '0' && r <= '9' || r == '.')) {
			return false
		}
	}
	return s != ""
}

// parsedRange is a reference as written, with which of its parts are
// absolute ($) and so stay put when a shared formula is moved.
type parsedRange struct {
	cellRange
	absR1, absC1, absR2, absC2 bool
	wholeCols, wholeRows       bool // A:B, 1:3
}

// parseRange reads "A1", "$A$1", "A1:B2", "A:B" and "1:3" (any case).
func parseRange(s string) (parsedRange, bool) {
	var r parsedRange
	first, second, isRange := strings.Cut(s, ":")
	if !isRange {
		c, row, absC, absR, ok := parseRefPart(first)
		if !ok || c == 0 || row == 0 {
			return r, false
		}
		r.c1, r.r1, r.absC1, r.absR1 = c, row, absC, absR
		r.c2, r.r2, r.absC2, r.absR2 = c, row, absC, absR
		return r, true
	}
	c1, r1, absC1, absR1, ok1 := parseRefPart(first)
	c2, r2, absC2, absR2, ok2 := parseRefPart(second)
	if !ok1 || !ok2 {
		return r, false
	}
	r.absC1, r.absR1, r.absC2, r.absR2 = absC1, absR1, absC2, absR2
	switch {
	case c1 > 0 && r1 > 0 && c2 > 0 && r2 > 0:
		r.c1, r.r1, r.c2, r.r2 = c1, r1, c2, r2
	case c1 > 0 && r1 == 0 && c2 > 0 && r2 == 0:
		r.wholeCols = true
		r.c1, r.r1, r.c2, r.r2 = c1, 1, c2, maxRows
	case c1 == 0 && r1 > 0 && c2 == 0 && r2 > 0:
		r.wholeRows = true
		r.c1, r.r1, r.c2, r.r2 = 1, r1, maxCols, r2
	default:
		return r, false
	}
	return r, true
}

// parseRefPart reads one side of a reference: a column ("$B"), a row ("$3")
// or both ("B$3"); 0 for a part that is absent.
func parseRefPart(s string) (col, row int, absCol, absRow bool, ok bool) {
	i := 0
	if i < len(s) && s[i] == '$' {
		absCol = true
		i++
	}
	letters := 0
	for i < len(s) && letters < 4 {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
		letters++
	}
	if letters == 0 {
		absRow, absCol = absCol, false
	} else if col > maxCols {
		return 0, 0, false, false, false
	}
	if i < len(s) && s[i] == '$' {
		if letters == 0 {
			return 0, 0, false, false, false
		}
		absRow = true
		i++
	}
	if i == len(s) {
		return col, 0, absCol, false, letters > 0 && !absRow
	}
	n, good := parseUint(s[i:])
	if !good || n < 1 || n > maxRows {
		return 0, 0, false, false, false
	}
	return col, n, absCol, absRow, true
}

// shift moves the relative parts of the reference by dr rows and dc
// columns, as Excel moves a shared formula's references from the cell it
// was written for; false when a part leaves the sheet (Excel's #REF!).
func (r *parsedRange) shift(dr, dc int) bool {
	if dr == 0 && dc == 0 {
		return true
	}
	move := func(v *int, abs bool, d, limit int) bool {
		if abs {
			return true
		}
		*v += d
		return *v >= 1 && *v <= limit
	}
	ok := true
	if !r.wholeRows {
		ok = move(&r.c1, r.absC1, dc, maxCols) && move(&r.c2, r.absC2, dc, maxCols)
	}
	if ok && !r.wholeCols {
		ok = move(&r.r1, r.absR1, dr, maxRows) && move(&r.r2, r.absR2, dr, maxRows)
	}
	r.r1, r.r2 = min(r.r1, r.r2), max(r.r1, r.r2)
	r.c1, r.c2 = min(r.c1, r.c2), max(r.c1, r.c2)
	return ok
}

// formulaRefs calls fn with each reference of a tree.
func formulaRefs(n *formulaNode, fn func(cellRange)) {
	if n.op == opRef {
		fn(n.ref)
	}
	for _, a := range n.args {
		formulaRefs(a, fn)
	}
}

// shownFormula is a formula as Excel shows it: "=" and its text, moved to
// the cell for a cell sharing another's formula.
// clippedFormula is shownFormula cut to 200 characters for a message.
func clippedFormula(src formulaSource) any {
	if f, ok := shownFormula(src).(string); ok {
		return clipFormula(f)
	}
	return shownFormula(src)
}

func shownFormula(src formulaSource) any {
	if strings.TrimSpace(src.text) == "" {
		return messages.T("(a shared formula)")
	}
	if src.dr == 0 && src.dc == 0 {
		return "=" + src.text
	}
	ps := efp.ExcelParser()
	toks := ps.Parse(src.text)
	var b strings.Builder
	b.WriteByte('=')
	for _, t := range toks {
		switch {
		case t.TType == efp.TokenTypeFunction && t.TSubType == efp.TokenSubTypeStart:
			b.WriteString(t.TValue + "(")
		case t.TType == efp.TokenTypeFunction && t.TSubType == efp.TokenSubTypeStop,
			t.TType == efp.TokenTypeSubexpression && t.TSubType == efp.TokenSubTypeStop:
			b.WriteByte(')')
		case t.TType == efp.TokenTypeSubexpression:
			b.WriteByte('(')
		case t.TType == efp.TokenTypeOperand && t.TSubType == efp.TokenSubTypeText:
			b.WriteString(`"` + strings.ReplaceAll(t.TValue, `"`, `""`) + `"`)
		case t.TType == efp.TokenTypeOperand && t.TSubType == efp.TokenSubTypeRange:
			b.WriteString(shiftedRefText(t.TValue, src.dr, src.dc))
		case t.TType == efp.TokenTypeOperatorInfix && t.TSubType == efp.TokenSubTypeIntersection:
			b.WriteByte(' ')
		default:
			b.WriteString(t.TValue)
		}
	}
	return b.String()
}

// shiftedRefText writes a reference moved by a shared formula's offset.
func shiftedRefText(s string, dr, dc int) string {
	sheet, ref := "", s
	if i := strings.LastIndexByte(s, '!'); i >= 0 {
		sheet, ref = s[:i], s[i+1:]
	}
	r, ok := parseRange(ref)
	if !ok {
		return s
	}
	prefix := ""
	if sheet != "" {
		prefix = sheetPrefix(sheet)
	}
	if !r.shift(dr, dc) {
		return prefix + "#REF!"
	}
	part := func(col, row int, absC, absR bool) string {
		var b strings.Builder
		if col > 0 {
			if absC {
				b.WriteByte('$')
			}
			b.WriteString(columnLetters(col))
		}
		if row > 0 {
			if absR {
				b.WriteByte('$')
			}
			b.WriteString(strconv.Itoa(row))
		}
		return b.String()
	}
	switch {
	case r.wholeCols:
		return prefix + part(r.c1, 0, r.absC1, false) + ":" + part(r.c2, 0, r.absC2, false)
	case r.wholeRows:
		return prefix + part(0, r.r1, false, r.absR1) + ":" + part(0, r.r2, false, r.absR2)
	case r.r1 == r.r2 && r.c1 == r.c2 && !strings.Contains(ref, ":"):
		return prefix + part(r.c1, r.r1, r.absC1, r.absR1)
	}
	return prefix + part(r.c1, r.r1, r.absC1, r.absR1) + ":" + part(r.c2, r.r2, r.absC2, r.absR2)
}

// sheetPrefix is a sheet's name as a formula writes it before "!": quoted
// unless it is letters, digits, underscores and periods.
func sheetPrefix(name string) string {
	plain := name != ""
	for _, r := range name {
		if !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 0x7f && r != 0xa0) {
			plain = false
		}
	}
	if plain {
		return name + "!"
	}
	return "'" + strings.ReplaceAll(name, "'", "''") + "'!"
}
