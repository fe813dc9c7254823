package importers

// Formulas without a saved result: calculating them, with Excel's rules for
// the subset of Excel that portfolio workbooks use (see docs/formats.md,
// "Formulas"). Numbers are float64, as in Excel; a blank cell is 0 in
// arithmetic and "" in text; error values (#DIV/0!, #VALUE!, #REF!, #N/A,
// #NUM!) propagate and become the cell's value, which the importer reads
// as missing with a warning. What Excel cannot decide the same way twice
// (RAND, TODAY, INDIRECT, …), a function outside the subset, and anything
// beyond the bounds below is an error naming the cell.

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prio-tool/prio/messages"
)

// Bounds on calculating one formula, in deterministic units so that a
// formula is calculated, or refused, the same way on every machine.
const (
	// maxTextChars is Excel's limit on a text: a longer one is #VALUE! in
	// Excel, an error here (a formula that builds one is no data).
	maxTextChars = 32767
	// maxFormulaSteps bounds the work of one formula: each operator,
	// function and value of the tree is a step, and so is each cell of a
	// range it reads. A sum over a full column of a 200,000-row sheet
	// takes 200,000.
	maxFormulaSteps = 2_000_000
	// maxFormulaTextBuilt bounds the characters of text one formula
	// builds in all (each text at most maxTextChars).
	maxFormulaTextBuilt = 1 << 20
)

// valueKind is the type of a formula's value.
type valueKind uint8

const (
	vBlank valueKind = iota // an empty cell
	vNumber
	vText
	vBool  // num is 1 or 0
	vError // text is the error value
	vRange // a reference, before its cells are read
)

// value is what a formula, or a part of it, comes to.
type value struct {
	kind valueKind
	num  float64
	text string
	rng  sheetRange
}

// sheetRange is a reference whose sheet is known: a part of the workbook.
type sheetRange struct {
	part           int
	r1, c1, r2, c2 int
}

func number(x float64) value {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return errValue("#NUM!")
	}
	return value{kind: vNumber, num: x}
}

func boolValue(b bool) value {
	if b {
		return value{kind: vBool, num: 1}
	}
	return value{kind: vBool}
}

func textValue(s string) value   { return value{kind: vText, text: s} }
func errValue(code string) value { return value{kind: vError, text: code} }

// cellSource gives a formula the cells it refers to.
type cellSource interface {
	// sheetPart finds the part of a sheet a formula names ("" is the
	// formula's own).
	sheetPart(name string) (int, error)
	// cell gives the value of a cell, calculating it if it is a formula
	// without a saved result.
	cell(part, row, col int) (value, error)
	// clip lowers the ends of a range to the last row and column that
	// hold anything, so that A:A costs the cells a sheet has; or, as cell
	// does, fails when the range is not at hand.
	clip(r sheetRange) (sheetRange, error)
	// name is how a message names a cell.
	name(part, row, col int) string
}

// errNeedsWorkbook tells that a formula refers to cells beyond those at
// hand (rowSource): it must be calculated with the workbook's.
var errNeedsWorkbook = errors.New("the formula refers to cells beyond its row") // not a message: a signal between the calculators

// evaluation is the calculation of one formula cell.
type evaluation struct {
	src       cellSource
	part      int // the formula cell's sheet
	row, col  int // the formula cell, for implicit intersection
	steps     int // steps left
	textLeft  int // characters of text that may still be built
	totalLeft *int
	locale    string
	date1904  bool
}

// step counts one step of the calculation.
func (e *evaluation) step() error {
	e.steps--
	if e.steps < 0 {
		return cannotCalculate("it takes more than %d calculation steps", maxFormulaSteps)
	}
	if e.totalLeft != nil {
		*e.totalLeft--
		if *e.totalLeft < 0 {
			return cannotCalculate("the workbook's formulas take more than %d calculation steps in all", maxWorkbookSteps)
		}
	}
	return nil
}

// built counts a text built, refusing one beyond Excel's length.
func (e *evaluation) built(s string) (value, error) {
	n := utf8.RuneCountInString(s)
	if n > maxTextChars {
		return value{}, cannotCalculate("it builds a text longer than %d characters, Excel's limit", maxTextChars)
	}
	return e.charge(n, textValue(s))
}

// charge counts n characters of text about to be built.
func (e *evaluation) charge(n int, v value) (value, error) {
	if n > maxTextChars {
		return value{}, cannotCalculate("it builds a text longer than %d characters, Excel's limit", maxTextChars)
	}
	e.textLeft -= n
	if e.textLeft < 0 {
		return value{}, cannotCalculate("it builds more than %d characters of text in all", maxFormulaTextBuilt)
	}
	return v, nil
}

// evaluate calculates a formula's tree to a value that is not a range.
func (e *evaluation) evaluate(n *formulaNode) (value, error) {
	v, err := e.eval(n)
	if err != nil {
		return value{}, err
	}
	return e.scalar(v)
}

// eval calculates a node; a reference stays a range.
func (e *evaluation) eval(n *formulaNode) (value, error) {
	if err := e.step(); err != nil {
		return value{}, err
	}
	switch n.op {
	case opNumber:
		return number(n.num), nil
	case opText:
		return textValue(n.text), nil
	case opBool:
		return boolValue(n.num != 0), nil
	case opError:
		return errValue(n.text), nil
	case opMissing:
		return value{}, nil
	case opRef:
		part, err := e.src.sheetPart(n.ref.sheet)
		if err != nil {
			return value{}, err
		}
		return value{kind: vRange, rng: sheetRange{part: part, r1: n.ref.r1, c1: n.ref.c1, r2: n.ref.r2, c2: n.ref.c2}}, nil
	case opNeg, opPercent:
		v, err := e.evaluate(n.args[0])
		if err != nil {
			return value{}, err
		}
		x, bad := e.toNumber(v)
		if bad != nil {
			return *bad, nil
		}
		if n.op == opNeg {
			return number(-x), nil
		}
		return number(x / 100), nil
	case opBinary:
		return e.binary(n)
	case opCall:
		return e.call(n)
	}
	return value{}, cannotCalculate("it cannot be read as a formula: %s is out of place", quote(n.text))
}

// scalar reads the value of a reference where one value is wanted: one
// cell, or the cell of a row or column range in the formula's own row or
// column (Excel's implicit intersection); else #VALUE!.
func (e *evaluation) scalar(v value) (value, error) {
	if v.kind != vRange {
		return v, nil
	}
	r := v.rng
	switch {
	case r.r1 == r.r2 && r.c1 == r.c2:
		return e.cellValue(r.part, r.r1, r.c1)
	case r.c1 == r.c2 && e.row >= r.r1 && e.row <= r.r2:
		return e.cellValue(r.part, e.row, r.c1)
	case r.r1 == r.r2 && e.col >= r.c1 && e.col <= r.c2:
		return e.cellValue(r.part, r.r1, e.col)
	}
	return errValue("#VALUE!"), nil
}

func (e *evaluation) cellValue(part, row, col int) (value, error) {
	if err := e.step(); err != nil {
		return value{}, err
	}
	return e.src.cell(part, row, col)
}

// cells calls fn with each cell of a range, row by row, up to the last row
// and column that hold anything.
func (e *evaluation) cells(r sheetRange, fn func(v value) error) error {
	c, err := e.src.clip(r)
	if err != nil {
		return err
	}
	for row := c.r1; row <= c.r2; row++ {
		for col := c.c1; col <= c.c2; col++ {
			v, err := e.cellValue(c.part, row, col)
			if err != nil {
				return err
			}
			if err := fn(v); err != nil {
				return err
			}
		}
	}
	return nil
}

// toNumber reads a value as a number, as arithmetic does: a blank is 0,
// TRUE 1, a text that is a number its number; any other text is #VALUE!,
// and an error value stays what it is (returned in bad).
func (e *evaluation) toNumber(v value) (float64, *value) {
	switch v.kind {
	case vBlank:
		return 0, nil
	case vNumber, vBool:
		return v.num, nil
	case vText:
		if x, ok := textNumber(v.text, e.locale); ok {
			return x, nil
		}
		bad := errValue("#VALUE!")
		return 0, &bad
	}
	return 0, &v
}

// textNumber reads a text as a number, as prio reads numbers written as
// text in the portfolio's locale ("1 234,5" or "1,234.5"), with an
// optional "%"; Excel reads them in the language of its installation.
func textNumber(s, locale string) (float64, bool) {
	s = trimSpace(s)
	shift := 0
	if t, ok := strings.CutSuffix(s, "%"); ok {
		s, shift = trimSpace(t), -2
	}
	d, ok := parseDecimal(s, locale)
	if !ok {
		return 0, false
	}
	x, err := d.float(shift)
	return x, err == nil
}

// toText reads a value as text, as & does: a number as Excel's General
// format writes it, TRUE and FALSE in capitals.
func toText(v value) (string, *value) {
	switch v.kind {
	case vBlank:
		return "", nil
	case vNumber:
		return numberText(v.num), nil
	case vBool:
		if v.num != 0 {
			return "TRUE", nil
		}
		return "FALSE", nil
	case vText:
		return v.text, nil
	}
	return "", &v
}

// numberText writes a number as Excel's General format does in text: at
// most 15 significant digits, in E notation from 1E+15 up and below 1E-4.
func numberText(x float64) string {
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'G', 15, 64)
}

// toBool reads a value as a condition: a number is TRUE unless 0, a blank
// FALSE, the texts TRUE and FALSE (any case) themselves; other text is
// #VALUE!.
func toBool(v value) (bool, *value) {
	switch v.kind {
	case vBlank:
		return false, nil
	case vNumber, vBool:
		return v.num != 0, nil
	case vText:
		switch {
		case strings.EqualFold(trimSpace(v.text), "TRUE"):
			return true, nil
		case strings.EqualFold(trimSpace(v.text), "FALSE"):
			return false, nil
		}
		bad := errValue("#VALUE!")
		return false, &bad
	}
	return false, &v
}

func (e *evaluation) binary(n *formulaNode) (value, error) {
	a, err := e.evaluate(n.args[0])
	if err != nil {
		return value{}, err
	}
	b, err := e.evaluate(n.args[1])
	if err != nil {
		return value{}, err
	}
	switch n.text {
	case "&":
		as, bad := toText(a)
		if bad != nil {
			return *bad, nil
		}
		bs, bad := toText(b)
		if bad != nil {
			return *bad, nil
		}
		if _, err := e.charge(utf8.RuneCountInString(as)+utf8.RuneCountInString(bs), value{}); err != nil {
			return value{}, err
		}
		return textValue(as + bs), nil
	case "=", "<>", "<", ">", "<=", ">=":
		if a.kind == vError {
			return a, nil
		}
		if b.kind == vError {
			return b, nil
		}
		c := compareValues(a, b)
		switch n.text {
		case "=":
			return boolValue(c == 0), nil
		case "<>":
			return boolValue(c != 0), nil
		case "<":
			return boolValue(c < 0), nil
		case ">":
			return boolValue(c > 0), nil
		case "<=":
			return boolValue(c <= 0), nil
		}
		return boolValue(c >= 0), nil
	}
	x, bad := e.toNumber(a)
	if bad != nil {
		return *bad, nil
	}
	y, bad := e.toNumber(b)
	if bad != nil {
		return *bad, nil
	}
	switch n.text {
	case "+":
		return number(x + y), nil
	case "-":
		return number(x - y), nil
	case "*":
		return number(x * y), nil
	case "/":
		if y == 0 {
			return errValue("#DIV/0!"), nil
		}
		return number(x / y), nil
	}
	return power(x, y), nil
}

// power is Excel's ^: 0^0 and a negative number to a fraction are #NUM!,
// 0 to a negative power #DIV/0!.
func power(x, y float64) value {
	switch {
	case x == 0 && y == 0:
		return errValue("#NUM!")
	case x == 0 && y < 0:
		return errValue("#DIV/0!")
	case x < 0 && y != math.Trunc(y):
		return errValue("#NUM!")
	}
	return number(math.Pow(x, y))
}

// compareValues orders two values as Excel's comparisons do: a blank is
// whatever the other side is (0, "" or FALSE); numbers before texts before
// TRUE/FALSE; texts without regard to case; numbers equal when they agree
// to 15 significant digits, the precision Excel keeps (=0.1+0.2=0.3 is
// TRUE).
func compareValues(a, b value) int {
	if a.kind == vBlank {
		a = blankAs(b.kind)
	}
	if b.kind == vBlank {
		b = blankAs(a.kind)
	}
	rank := func(k valueKind) int {
		switch k {
		case vText:
			return 1
		case vBool:
			return 2
		}
		return 0
	}
	if ra, rb := rank(a.kind), rank(b.kind); ra != rb {
		return ra - rb
	}
	switch a.kind {
	case vText:
		return strings.Compare(strings.ToLower(a.text), strings.ToLower(b.text))
	case vBool:
		return int(a.num - b.num)
	}
	if a.num == b.num || strconv.FormatFloat(a.num, 'e', 14, 64) == strconv.FormatFloat(b.num, 'e', 14, 64) {
		return 0
	}
	if a.num < b.num {
		return -1
	}
	return 1
}

func blankAs(k valueKind) value {
	switch k {
	case vText:
		return textValue("")
	case vBool:
		return boolValue(false)
	}
	return number(0)
}

// volatileFunctions are recalculated by Excel at every change, so their
// results differ from one calculation to the next (RAND, TODAY) or depend
// on what is computed at that moment (OFFSET, INDIRECT).
var volatileFunctions = map[string]bool{
	"RAND": true, "RANDBETWEEN": true, "RANDARRAY": true, "NOW": true, "TODAY": true,
	"OFFSET": true, "INDIRECT": true, "CELL": true, "INFO": true,
}

// formulaFunction is one function of the subset prio calculates.
type formulaFunction struct {
	min, max int // the number of arguments; max -1 for any number
	fn       func(e *evaluation, args []*formulaNode) (value, error)
}

// formulaFunctions are the functions prio calculates; docs/formats.md
// lists them.
var formulaFunctions map[string]formulaFunction

func init() {
	formulaFunctions = map[string]formulaFunction{
		"SUM":         {1, 255, fnSum},
		"AVERAGE":     {1, 255, fnAverage},
		"MIN":         {1, 255, fnMin},
		"MAX":         {1, 255, fnMax},
		"COUNT":       {1, 255, fnCount},
		"COUNTA":      {1, 255, fnCountA},
		"SUMPRODUCT":  {1, 255, fnSumProduct},
		"IF":          {2, 3, fnIf},
		"IFERROR":     {2, 2, fnIfError},
		"IFNA":        {2, 2, fnIfNA},
		"AND":         {1, 255, fnAnd},
		"OR":          {1, 255, fnOr},
		"NOT":         {1, 1, fnNot},
		"TRUE":        {0, 0, func(*evaluation, []*formulaNode) (value, error) { return boolValue(true), nil }},
		"FALSE":       {0, 0, func(*evaluation, []*formulaNode) (value, error) { return boolValue(false), nil }},
		"NA":          {0, 0, func(*evaluation, []*formulaNode) (value, error) { return errValue("#N/A"), nil }},
		"ROUND":       {2, 2, roundFunction(roundHalfAway)},
		"ROUNDUP":     {2, 2, roundFunction(roundAway)},
		"ROUNDDOWN":   {2, 2, roundFunction(roundToward)},
		"INT":         {1, 1, fnInt},
		"MOD":         {2, 2, fnMod},
		"ABS":         {1, 1, fnAbs},
		"LEN":         {1, 1, fnLen},
		"LEFT":        {1, 2, fnLeft},
		"RIGHT":       {1, 2, fnRight},
		"MID":         {3, 3, fnMid},
		"CONCATENATE": {1, 255, fnConcatenate},
		"CONCAT":      {1, 254, fnConcat},
		"REPT":        {2, 2, fnRept},
		"TRIM":        {1, 1, fnTrim},
		"UPPER":       {1, 1, textFunction(strings.ToUpper)},
		"LOWER":       {1, 1, textFunction(strings.ToLower)},
		"VALUE":       {1, 1, fnValue},
		"DATE":        {3, 3, fnDate},
		"YEAR":        {1, 1, datePartFunction(0)},
		"MONTH":       {1, 1, datePartFunction(1)},
		"DAY":         {1, 1, datePartFunction(2)},
		"ISBLANK":     {1, 1, fnIsBlank},
		"ISNUMBER":    {1, 1, isFunction(func(v value) bool { return v.kind == vNumber })},
		"ISTEXT":      {1, 1, isFunction(func(v value) bool { return v.kind == vText })},
		"ISERROR":     {1, 1, isFunction(func(v value) bool { return v.kind == vError })},
	}
}

func (e *evaluation) call(n *formulaNode) (value, error) {
	if volatileFunctions[n.text] {
		return value{}, cannotCalculate("it uses %s, which Excel calculates anew each time, so its result is not fixed", n.text)
	}
	f, ok := formulaFunctions[n.text]
	if !ok {
		return value{}, cannotCalculate("it uses the function %s, which prio does not calculate", n.text)
	}
	if len(n.args) < f.min || f.max >= 0 && len(n.args) > f.max {
		return value{}, cannotCalculate("it gives the function %s %d arguments, which Excel does not accept", n.text, len(n.args))
	}
	return f.fn(e, n.args)
}

// arg calculates an argument where one value is wanted.
func (e *evaluation) arg(n *formulaNode) (value, error) { return e.evaluate(n) }

// numberArg calculates an argument as a number; bad is an error value to
// return.
func (e *evaluation) numberArg(n *formulaNode) (float64, *value, error) {
	v, err := e.arg(n)
	if err != nil {
		return 0, nil, err
	}
	x, bad := e.toNumber(v)
	return x, bad, nil
}

func (e *evaluation) textArg(n *formulaNode) (string, *value, error) {
	v, err := e.arg(n)
	if err != nil {
		return "", nil, err
	}
	s, bad := toText(v)
	return s, bad, nil
}

// numberStats is what SUM, AVERAGE, MIN and MAX need of their numbers.
type numberStats struct {
	sum, min, max float64
	n             int
}

func (a *numberStats) add(x float64) {
	if a.n == 0 || x < a.min {
		a.min = x
	}
	if a.n == 0 || x > a.max {
		a.max = x
	}
	a.sum += x
	a.n++
}

// merge adds the numbers of another set: sums are added set by set, so a
// range's numbers are summed alone whether or not they come from a cache.
func (a *numberStats) merge(b numberStats) {
	if b.n == 0 {
		return
	}
	if a.n == 0 || b.min < a.min {
		a.min = b.min
	}
	if a.n == 0 || b.max > a.max {
		a.max = b.max
	}
	a.sum += b.sum
	a.n += b.n
}

// rangeNumbers is a range's numbers, or the first error value in it.
type rangeNumbers struct {
	stats numberStats
	bad   *value
}

// statsCache is a cellSource that keeps rangeNumbers: the workbook's
// cells do not change while formulas are calculated, so a range summed by
// every row (=E5/SUM(E:E)) is read once.
type statsCache interface {
	rangeStats() map[sheetRange]*rangeNumbers
}

// numbers gathers the numbers of the arguments as SUM reads them: in a
// range, only numbers (text, TRUE/FALSE and blanks are passed over); given
// directly, a number, TRUE/FALSE or a text that is a number (other text is
// #VALUE!). An error value anywhere is the result.
func (e *evaluation) numbers(args []*formulaNode) (numberStats, *value, error) {
	var all numberStats
	for _, a := range args {
		v, err := e.eval(a)
		if err != nil {
			return all, nil, err
		}
		if v.kind == vRange {
			rn, err := e.rangeNumbers(v.rng)
			if err != nil {
				return all, nil, err
			}
			if rn.bad != nil {
				return all, rn.bad, nil
			}
			all.merge(rn.stats)
			continue
		}
		x, bad := e.toNumber(v)
		if bad != nil {
			return all, bad, nil
		}
		all.add(x)
	}
	return all, nil, nil
}

// rangeNumbers reads the numbers of a range, once for a source that keeps
// them.
func (e *evaluation) rangeNumbers(r sheetRange) (*rangeNumbers, error) {
	var cache map[sheetRange]*rangeNumbers
	if c, ok := e.src.(statsCache); ok {
		cache = c.rangeStats()
		if rn, ok := cache[r]; ok {
			return rn, e.step()
		}
	}
	rn := &rangeNumbers{}
	err := e.cells(r, func(c value) error {
		switch c.kind {
		case vNumber:
			rn.stats.add(c.num)
		case vError:
			rn.bad = &c
			return errStop
		}
		return nil
	})
	if err != nil && rn.bad == nil {
		return nil, err
	}
	if cache != nil {
		cache[r] = rn
	}
	return rn, nil
}

// errStop ends a walk over a range early.
var errStop = errors.New("stop") // not a message: ends a walk over cells

func fnSum(e *evaluation, args []*formulaNode) (value, error) {
	st, bad, err := e.numbers(args)
	if err != nil || bad != nil {
		return deref(bad), err
	}
	return number(st.sum), nil
}

func deref(v *value) value {
	if v == nil {
		return value{}
	}
	return *v
}

func fnAverage(e *evaluation, args []*formulaNode) (value, error) {
	st, bad, err := e.numbers(args)
	if err != nil || bad != nil {
		return deref(bad), err
	}
	if st.n == 0 {
		return errValue("#DIV/0!"), nil
	}
	return number(st.sum / float64(st.n)), nil
}

func fnMin(e *evaluation, args []*formulaNode) (value, error) {
	st, bad, err := e.numbers(args)
	if err != nil || bad != nil {
		return deref(bad), err
	}
	return number(st.min), nil
}

func fnMax(e *evaluation, args []*formulaNode) (value, error) {
	st, bad, err := e.numbers(args)
	if err != nil || bad != nil {
		return deref(bad), err
	}
	return number(st.max), nil
}

// fnCount counts numbers: in ranges the number cells; given directly,
// numbers, TRUE/FALSE and texts that are numbers. Error values are not
// counted and not passed on.
func fnCount(e *evaluation, args []*formulaNode) (value, error) {
	n := 0
	for _, a := range args {
		v, err := e.eval(a)
		if err != nil {
			return value{}, err
		}
		if v.kind == vRange {
			if err := e.cells(v.rng, func(c value) error {
				if c.kind == vNumber {
					n++
				}
				return nil
			}); err != nil {
				return value{}, err
			}
			continue
		}
		switch v.kind {
		case vNumber, vBool:
			n++
		case vText:
			if _, ok := textNumber(v.text, e.locale); ok {
				n++
			}
		}
	}
	return number(float64(n)), nil
}

// fnCountA counts what is not blank, error values included.
func fnCountA(e *evaluation, args []*formulaNode) (value, error) {
	n := 0
	for _, a := range args {
		if a.op == opMissing {
			continue
		}
		v, err := e.eval(a)
		if err != nil {
			return value{}, err
		}
		if v.kind == vRange {
			if err := e.cells(v.rng, func(c value) error {
				if c.kind != vBlank {
					n++
				}
				return nil
			}); err != nil {
				return value{}, err
			}
			continue
		}
		n++
	}
	return number(float64(n)), nil
}

// fnSumProduct multiplies ranges of one size cell by cell and sums the
// products; a cell that is not a number counts as 0.
func fnSumProduct(e *evaluation, args []*formulaNode) (value, error) {
	var ranges []sheetRange
	for _, a := range args {
		if a.op != opRef {
			// SUMPRODUCT((A1:A9>0)*B1:B9) calculates arrays, which
			// prio does not.
			return value{}, cannotCalculate("it gives SUMPRODUCT a value that is not a range, which prio does not calculate")
		}
		v, err := e.eval(a)
		if err != nil {
			return value{}, err
		}
		ranges = append(ranges, v.rng)
	}
	rows, cols := ranges[0].r2-ranges[0].r1+1, ranges[0].c2-ranges[0].c1+1
	for _, r := range ranges[1:] {
		if r.r2-r.r1+1 != rows || r.c2-r.c1+1 != cols {
			return errValue("#VALUE!"), nil
		}
	}
	// Only the rows and columns that hold anything in some range count.
	lastRow, lastCol := 0, 0
	for _, r := range ranges {
		c, err := e.src.clip(r)
		if err != nil {
			return value{}, err
		}
		lastRow, lastCol = max(lastRow, c.r2-r.r1+1), max(lastCol, c.c2-r.c1+1)
	}
	sum := 0.0
	for i := 0; i < min(rows, lastRow); i++ {
		for j := 0; j < min(cols, lastCol); j++ {
			p := 1.0
			for _, r := range ranges {
				v, err := e.cellValue(r.part, r.r1+i, r.c1+j)
				if err != nil {
					return value{}, err
				}
				switch v.kind {
				case vError:
					return v, nil
				case vNumber:
					p *= v.num
				default:
					p = 0
				}
			}
			sum += p
		}
	}
	return number(sum), nil
}

// fnIf calculates only the branch its condition chooses. A branch left out
// is FALSE; one left empty (IF(A1,1,)) is 0.
func fnIf(e *evaluation, args []*formulaNode) (value, error) {
	c, err := e.arg(args[0])
	if err != nil {
		return value{}, err
	}
	b, bad := toBool(c)
	if bad != nil {
		return *bad, nil
	}
	branch := 1
	if !b {
		branch = 2
	}
	if branch >= len(args) {
		return boolValue(false), nil
	}
	if args[branch].op == opMissing {
		return number(0), nil
	}
	return e.result(args[branch])
}

// result calculates a function's result argument: a reference stays one
// until the formula's end, where a blank cell is 0.
func (e *evaluation) result(n *formulaNode) (value, error) {
	v, err := e.eval(n)
	if err != nil || v.kind != vRange {
		return v, err
	}
	return e.scalar(v)
}

func fnIfError(e *evaluation, args []*formulaNode) (value, error) {
	v, err := e.result(args[0])
	if err != nil || v.kind != vError {
		return v, err
	}
	return e.result(args[1])
}

func fnIfNA(e *evaluation, args []*formulaNode) (value, error) {
	v, err := e.result(args[0])
	if err != nil || v.kind != vError || v.text != "#N/A" {
		return v, err
	}
	return e.result(args[1])
}

// logicals calls fn with the conditions of AND and OR: in ranges the
// numbers and TRUE/FALSE (text and blanks passed over), given directly any
// value that is a condition. None at all is #VALUE!.
func (e *evaluation) logicals(args []*formulaNode, fn func(b bool)) (*value, error) {
	n := 0
	for _, a := range args {
		v, err := e.eval(a)
		if err != nil {
			return nil, err
		}
		if v.kind == vRange {
			var bad *value
			err := e.cells(v.rng, func(c value) error {
				switch c.kind {
				case vNumber, vBool:
					fn(c.num != 0)
					n++
				case vError:
					bad = &c
					return errStop
				}
				return nil
			})
			if bad != nil {
				return bad, nil
			}
			if err != nil {
				return nil, err
			}
			continue
		}
		b, bad := toBool(v)
		if bad != nil {
			return bad, nil
		}
		fn(b)
		n++
	}
	if n == 0 {
		bad := errValue("#VALUE!")
		return &bad, nil
	}
	return nil, nil
}

func fnAnd(e *evaluation, args []*formulaNode) (value, error) {
	all := true
	bad, err := e.logicals(args, func(b bool) { all = all && b })
	if err != nil || bad != nil {
		return deref(bad), err
	}
	return boolValue(all), nil
}

func fnOr(e *evaluation, args []*formulaNode) (value, error) {
	any := false
	bad, err := e.logicals(args, func(b bool) { any = any || b })
	if err != nil || bad != nil {
		return deref(bad), err
	}
	return boolValue(any), nil
}

func fnNot(e *evaluation, args []*formulaNode) (value, error) {
	v, err := e.arg(args[0])
	if err != nil {
		return value{}, err
	}
	b, bad := toBool(v)
	if bad != nil {
		return *bad, nil
	}
	return boolValue(!b), nil
}

// Rounding directions of ROUND, ROUNDUP and ROUNDDOWN.
type roundMode uint8

const (
	roundHalfAway roundMode = iota // ROUND: half away from zero
	roundAway                      // ROUNDUP: away from zero
	roundToward                    // ROUNDDOWN: toward zero
)

func roundFunction(mode roundMode) func(*evaluation, []*formulaNode) (value, error) {
	return func(e *evaluation, args []*formulaNode) (value, error) {
		x, bad, err := e.numberArg(args[0])
		if err != nil || bad != nil {
			return deref(bad), err
		}
		d, bad, err := e.numberArg(args[1])
		if err != nil || bad != nil {
			return deref(bad), err
		}
		return number(roundDecimal(x, d, mode)), nil
	}
}

// roundDecimal rounds x to digits decimals (negative: to tens, hundreds,
// …) on its decimal digits, as Excel does: x is first taken to the 15
// significant digits Excel keeps, so that ROUND(2.675, 2) is 2.68 although
// the float64 nearest to 2.675 lies below it.
func roundDecimal(x, digitsArg float64, mode roundMode) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	digits := int(math.Max(-400, math.Min(400, math.Trunc(digitsArg))))
	neg := x < 0
	s := strconv.FormatFloat(math.Abs(x), 'e', 14, 64) // d.dddddddddddddde±XX
	mant, expText, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expText)
	all := mant[:1] + mant[2:] // 15 digits: the value is 0.all × 10^(exp+1)
	keep := exp + 1 + digits   // the digits kept before the rounding position
	var kept, dropped string
	switch {
	case keep >= len(all):
		kept, dropped = all, ""
		digits = len(all) - exp - 1
	case keep <= 0:
		kept, dropped = "", strings.Repeat("0", -keep)+all
	default:
		kept, dropped = all[:keep], all[keep:]
	}
	up := false
	switch mode {
	case roundHalfAway:
		up = dropped != "" && dropped[0] >= '5'
	case roundAway:
		up = strings.Trim(dropped, "0") != ""
	}
	b := []byte("0" + kept)
	if up {
		i := len(b) - 1
		for b[i] == '9' {
			b[i] = '0'
			i--
		}
		b[i]++
	}
	r, err := strconv.ParseFloat(string(b)+"e"+strconv.Itoa(-digits), 64)
	if err != nil && !math.IsInf(r, 0) {
		return math.Inf(1)
	}
	if neg {
		r = -r
	}
	return r
}

func fnInt(e *evaluation, args []*formulaNode) (value, error) {
	x, bad, err := e.numberArg(args[0])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	return number(math.Floor(x)), nil
}

// fnMod is Excel's MOD: the result has the divisor's sign.
func fnMod(e *evaluation, args []*formulaNode) (value, error) {
	x, bad, err := e.numberArg(args[0])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	y, bad, err := e.numberArg(args[1])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	if y == 0 {
		return errValue("#DIV/0!"), nil
	}
	return number(x - y*math.Floor(x/y)), nil
}

func fnAbs(e *evaluation, args []*formulaNode) (value, error) {
	x, bad, err := e.numberArg(args[0])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	return number(math.Abs(x)), nil
}

// fnLen counts characters (Unicode code points: Excel counts UTF-16
// units, which differ only for characters beyond the Basic Multilingual
// Plane, such as emoji).
func fnLen(e *evaluation, args []*formulaNode) (value, error) {
	s, bad, err := e.textArg(args[0])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	return number(float64(utf8.RuneCountInString(s))), nil
}

// countArg reads the optional character count of LEFT and RIGHT (1 when
// left out); a negative count is #VALUE!.
func (e *evaluation) countArg(args []*formulaNode, i int) (int, *value, error) {
	if i >= len(args) {
		return 1, nil, nil
	}
	x, bad, err := e.numberArg(args[i])
	if err != nil || bad != nil {
		return 0, bad, err
	}
	if x < 0 {
		v := errValue("#VALUE!")
		return 0, &v, nil
	}
	return int(math.Min(x, maxTextChars+1)), nil, nil
}

func fnLeft(e *evaluation, args []*formulaNode) (value, error) {
	s, bad, err := e.textArg(args[0])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	n, bad, err := e.countArg(args, 1)
	if err != nil || bad != nil {
		return deref(bad), err
	}
	r := []rune(s)
	return e.built(string(r[:min(n, len(r))]))
}

func fnRight(e *evaluation, args []*formulaNode) (value, error) {
	s, bad, err := e.textArg(args[0])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	n, bad, err := e.countArg(args, 1)
	if err != nil || bad != nil {
		return deref(bad), err
	}
	r := []rune(s)
	return e.built(string(r[len(r)-min(n, len(r)):]))
}

// fnMid takes n characters from position start (from 1); a start below 1
// or a negative n is #VALUE!.
func fnMid(e *evaluation, args []*formulaNode) (value, error) {
	s, bad, err := e.textArg(args[0])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	start, bad, err := e.numberArg(args[1])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	n, bad, err := e.numberArg(args[2])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	if start < 1 || n < 0 {
		return errValue("#VALUE!"), nil
	}
	r := []rune(s)
	from := int(math.Min(math.Trunc(start), float64(len(r)+1))) - 1
	to := from + int(math.Min(math.Trunc(n), float64(len(r)-from)))
	return e.built(string(r[from:to]))
}

// fnConcatenate joins its arguments, each one value (a range in the
// formula's row or column gives its cell there).
func fnConcatenate(e *evaluation, args []*formulaNode) (value, error) {
	var j textJoin
	for _, a := range args {
		s, bad, err := e.textArg(a)
		if err != nil || bad != nil {
			return deref(bad), err
		}
		if err := j.add(s); err != nil {
			return value{}, err
		}
	}
	return e.built(j.b.String())
}

// textJoin builds a text of pieces, refusing it as soon as it is longer
// than Excel's limit.
type textJoin struct {
	b     strings.Builder
	chars int
}

func (j *textJoin) add(s string) error {
	j.chars += utf8.RuneCountInString(s)
	if j.chars > maxTextChars {
		return cannotCalculate("it builds a text longer than %d characters, Excel's limit", maxTextChars)
	}
	j.b.WriteString(s)
	return nil
}

// fnConcat joins its arguments, every cell of a range in turn.
func fnConcat(e *evaluation, args []*formulaNode) (value, error) {
	var j textJoin
	for _, a := range args {
		v, err := e.eval(a)
		if err != nil {
			return value{}, err
		}
		if v.kind != vRange {
			s, bad := toText(v)
			if bad != nil {
				return *bad, nil
			}
			if err := j.add(s); err != nil {
				return value{}, err
			}
			continue
		}
		var bad *value
		err = e.cells(v.rng, func(c value) error {
			s, b := toText(c)
			if b != nil {
				bad = b
				return errStop
			}
			return j.add(s)
		})
		if bad != nil {
			return *bad, nil
		}
		if err != nil {
			return value{}, err
		}
	}
	return e.built(j.b.String())
}

// fnRept repeats a text, refusing before it builds a text beyond Excel's
// length.
func fnRept(e *evaluation, args []*formulaNode) (value, error) {
	s, bad, err := e.textArg(args[0])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	n, bad, err := e.numberArg(args[1])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	if n < 0 {
		return errValue("#VALUE!"), nil
	}
	count := math.Trunc(n)
	chars := utf8.RuneCountInString(s)
	if count*float64(chars) > maxTextChars {
		return value{}, cannotCalculate("it builds a text longer than %d characters, Excel's limit", maxTextChars)
	}
	if _, err := e.charge(int(count)*chars, value{}); err != nil {
		return value{}, err
	}
	return textValue(strings.Repeat(s, int(count))), nil
}

// fnTrim removes spaces at either end and leaves one between words, as
// Excel's TRIM does (the space character only).
func fnTrim(e *evaluation, args []*formulaNode) (value, error) {
	s, bad, err := e.textArg(args[0])
	if err != nil || bad != nil {
		return deref(bad), err
	}
	return e.built(strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' }), " "))
}

func textFunction(f func(string) string) func(*evaluation, []*formulaNode) (value, error) {
	return func(e *evaluation, args []*formulaNode) (value, error) {
		s, bad, err := e.textArg(args[0])
		if err != nil || bad != nil {
			return deref(bad), err
		}
		return e.built(f(s))
	}
}

// fnValue reads a text as a number (a number stays one).
func fnValue(e *evaluation, args []*formulaNode) (value, error) {
	v, err := e.arg(args[0])
	if err != nil {
		return value{}, err
	}
	switch v.kind {
	case vNumber:
		return v, nil
	case vBlank:
		return number(0), nil
	case vText:
		if x, ok := textNumber(v.text, e.locale); ok {
			return number(x), nil
		}
	case vError:
		return v, nil
	}
	return errValue("#VALUE!"), nil
}

var (
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC) // serial 0 for days from 1900-03-01 on
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	march1900 = time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)
)

// fnDate is Excel's DATE: a year from 0 to 1899 is taken as 1900 more
// (DATE(25,1,1) is 1925), and months and days beyond their ends carry
// over (DATE(2025,13,1) is 2026-01-01; DATE(2025,3,0) is 2025-02-28).
// Before 1900-03-01 the real calendar is used, not Excel's, which counts a
// 1900-02-29 that never was.
func fnDate(e *evaluation, args []*formulaNode) (value, error) {
	var parts [3]float64
	for i := range parts {
		x, bad, err := e.numberArg(args[i])
		if err != nil || bad != nil {
			return deref(bad), err
		}
		parts[i] = math.Trunc(x)
	}
	y, m, d := parts[0], parts[1], parts[2]
	if y < 0 || y > 9999 || math.Abs(m) > 1e6 || math.Abs(d) > 1e8 {
		return errValue("#NUM!"), nil
	}
	if y < 1900 {
		y += 1900
	}
	t := time.Date(int(y), time.Month(int(m)), int(d), 0, 0, 0, 0, time.UTC)
	var serial float64
	switch {
	case e.date1904:
		serial = daysSince(t, epoch1904)
	case t.Before(march1900):
		serial = daysSince(t, epoch1900) - 1
	default:
		serial = daysSince(t, epoch1900)
	}
	if serial < 0 || e.date1904 && serial > maxSerial1904 || !e.date1904 && serial > maxSerial1900 {
		return errValue("#NUM!"), nil
	}
	return number(serial), nil
}

// datePartFunction is YEAR (0), MONTH (1) or DAY (2) of a date serial,
// with Excel's serials below 61: 0 is "1900-01-00" and 60 the 1900-02-29
// Excel counts.
func datePartFunction(which int) func(*evaluation, []*formulaNode) (value, error) {
	return func(e *evaluation, args []*formulaNode) (value, error) {
		x, bad, err := e.numberArg(args[0])
		if err != nil || bad != nil {
			return deref(bad), err
		}
		s := math.Floor(x)
		limit := float64(maxSerial1900)
		if e.date1904 {
			limit = maxSerial1904
		}
		if s < 0 || s > limit {
			return errValue("#NUM!"), nil
		}
		var ymd [3]int
		switch {
		case e.date1904:
			ymd = dateParts(epoch1904.AddDate(0, 0, int(s)))
		case s == 0:
			ymd = [3]int{1900, 1, 0}
		case s == 60:
			ymd = [3]int{1900, 2, 29}
		case s < 60:
			ymd = dateParts(epoch1900.AddDate(0, 0, int(s)+1))
		default:
			ymd = dateParts(epoch1900.AddDate(0, 0, int(s)))
		}
		return number(float64(ymd[which])), nil
	}
}

func dateParts(t time.Time) [3]int {
	y, m, d := t.Date()
	return [3]int{y, int(m), d}
}

// daysSince counts the days from one midnight to another, without
// time.Duration's limit of 292 years.
func daysSince(t, epoch time.Time) float64 {
	return float64((t.Unix() - epoch.Unix()) / 86400)
}

// fnIsBlank is TRUE for a reference to an empty cell only.
func fnIsBlank(e *evaluation, args []*formulaNode) (value, error) {
	v, err := e.arg(args[0])
	if err != nil {
		return value{}, err
	}
	return boolValue(v.kind == vBlank && args[0].op == opRef), nil
}

func isFunction(test func(value) bool) func(*evaluation, []*formulaNode) (value, error) {
	return func(e *evaluation, args []*formulaNode) (value, error) {
		v, err := e.arg(args[0])
		if err != nil {
			return value{}, err
		}
		return boolValue(test(v)), nil
	}
}

// rawResult is a formula's value as the cell the importer reads: a number
// (Percent when the cell's format shows a percentage), a text, TRUE/FALSE
// or an error value. A formula whose value is an empty cell (=A1 with A1
// empty) is 0, as in Excel.
func rawResult(v value, percent bool) RawCell {
	switch v.kind {
	case vBlank:
		return RawCell{Kind: CellNumber, Text: "0", Percent: percent}
	case vNumber:
		if math.IsNaN(v.num) || math.IsInf(v.num, 0) {
			return RawCell{Kind: CellError, Text: "#NUM!"}
		}
		return RawCell{Kind: CellNumber, Text: strconv.FormatFloat(v.num, 'g', -1, 64), Percent: percent}
	case vBool:
		if v.num != 0 {
			return RawCell{Kind: CellBool, Text: "1"}
		}
		return RawCell{Kind: CellBool, Text: "0"}
	case vError:
		return RawCell{Kind: CellError, Text: v.text}
	}
	return textCell(v.text)
}

// cellKindValue is a stored cell as a formula reads it.
func cellKindValue(c RawCell) value {
	switch c.Kind {
	case CellNumber:
		if d, ok := parseRawNumber(trimSpace(c.Text)); ok {
			if x, err := d.float(0); err == nil {
				return number(x)
			}
		}
		return errValue("#NUM!")
	case CellBool:
		return boolValue(trimSpace(c.Text) == "1")
	case CellError:
		code := trimSpace(c.Text)
		if code == "" {
			code = "#N/A"
		}
		return errValue(code)
	case CellText:
		return textValue(c.Text)
	}
	return value{}
}

// newEvaluation starts the calculation of the formula of a cell.
func newEvaluation(src cellSource, part, row, col int, opts Options, total *int) *evaluation {
	return &evaluation{
		src: src, part: part, row: row, col: col,
		steps: maxFormulaSteps, textLeft: maxFormulaTextBuilt, totalLeft: total,
		locale: opts.Locale, date1904: opts.Date1904,
	}
}

// formulaFailure is the message of a formula cell that cannot be
// calculated.
func formulaFailure(src formulaSource, why any) messages.Message {
	return messages.M("the formula %s has no saved result and could not be calculated (%s)", clippedFormula(src), why)
}
