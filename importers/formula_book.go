package importers

// Formulas without a saved result: finding the cells they refer to.
//
// Most such formulas refer only to cells of their own row (=E5+F5,
// =SUM(E5:G5)), and the sheet reader calculates those at the end of the
// row from the row it has just read: no part of the workbook is read again.
// The first formula of a sheet that refers further (to another row or
// sheet) makes the workbook calculator (formulaBook) read, with the same
// streaming tokenizer, only what it needs: the cells it refers to, up to
// the last row among them, and the cells the formulas among those refer
// to, a pass for each level (target). A second such formula, or a chain
// that would take a pass a link, makes it read every formula without a
// saved result of the sheet at once, with the cells of their own rows,
// and then the other cells they refer to (prepare). Only the cells
// referred to are kept. The formulas found are then calculated, those
// found last (the ones others depend on) first and each sheet from the
// top, so that a running total down a column takes one step per row; a
// range's numbers are read once for the workbook, so that a share of the
// total on every row is not quadratic.
//
// What this may cost is bounded, in cells kept, text kept, bytes read,
// steps and passes, each an error naming the cell whose formula needed it.

import (
	"cmp"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/prio-tool/prio/messages"
)

// Bounds on calculating the formulas of one workbook, far above what a
// portfolio's formulas need, so that a hostile workbook is refused in
// bounded memory and time.
const (
	// maxFormulaCells bounds the cells kept to calculate formulas: the
	// formulas without a saved result and the cells they refer to. A cell
	// costs about 100 bytes.
	maxFormulaCells = 2_000_000
	// maxFormulaTextKept bounds the text of those cells and formulas.
	maxFormulaTextKept = 64 << 20
	// maxFormulaScan bounds the sheet XML read again to find them,
	// unpacked: a 200,000-row sheet is about 200 MB.
	maxFormulaScan = 4 << 30
	// maxWorkbookSteps bounds the steps of all of a workbook's formulas.
	maxWorkbookSteps = 50_000_000
	// maxFormulaDepth bounds the formulas calculated one inside the other
	// (a recursion of Go calls). A longer chain is calculated from the
	// formula where the bound was met, then again from the top.
	maxFormulaDepth = 1000
	// maxFormulaPasses bounds the passes over the sheets: one for each
	// level of formulas referring to formulas on other sheets.
	maxFormulaPasses = 16
)

// cellKey names a cell of a sheet part: part, row (21 bits) and column (15
// bits).
type cellKey uint64

func keyOf(part, row, col int) cellKey {
	return cellKey(uint64(part)<<36 | uint64(row)<<15 | uint64(col))
}

func (k cellKey) parts() (part, row, col int) {
	return int(k >> 36), int(k>>15) & (1<<21 - 1), int(k) & (1<<15 - 1)
}

// Where a formula's calculation stands.
type formulaState uint8

const (
	formulaWaiting formulaState = iota
	formulaCalculating
	formulaDone
	formulaFailed
)

// bookFormula is a formula cell without a saved result.
type bookFormula struct {
	src     formulaSource
	percent bool
	pass    int          // the pass that found it needed: later passes find what earlier ones need
	needed  bool         // a formula read, or one it depends on
	bad     any          // why it cannot be calculated, found while reading it
	refs    []sheetRange // what it refers to, until followed
	read    bool         // refs holds them (the ones in its row are read)
	state   formulaState
	result  value
	err     *formulaError
}

// bookPart is a sheet part whose cells formulas read. Sheets that share a
// part share its cells.
type bookPart struct {
	name       string // the zip entry
	sheet      string // the name of the first sheet that has it, for messages
	prepared   bool   // every formula without a saved result in it is known
	targeted   bool   // one formula of it was calculated by target
	wanted     []sheetRange
	covered    rangeIndex // the ranges read so far
	lastRow    int        // the last row and column of the cells kept
	lastCol    int
	unreadable error // why its XML cannot be read

	// The formulas without a saved result read so far (all of those in
	// the ranges covered, and in the whole part once prepared), by column
	// and row.
	formulaRows map[int][]int // column → rows, sorted unless unsorted
	unsorted    bool
}

// addFormula records a formula cell of the part.
func (bp *bookPart) addFormula(row, col int) {
	if bp.formulaRows == nil {
		bp.formulaRows = make(map[int][]int)
	}
	rows := bp.formulaRows[col]
	if n := len(rows); n > 0 && rows[n-1] >= row {
		bp.unsorted = true
	}
	bp.formulaRows[col] = append(rows, row)
}

// formulasIn calls fn with each known formula cell in a range.
func (bp *bookPart) formulasIn(r sheetRange, fn func(cellKey)) {
	if len(bp.formulaRows) == 0 {
		return
	}
	if bp.unsorted {
		for c, rows := range bp.formulaRows {
			slices.Sort(rows)
			bp.formulaRows[c] = slices.Compact(rows)
		}
		bp.unsorted = false
	}
	if r.c2-r.c1 > len(bp.formulaRows) {
		// A wide range: look at the columns that have formulas, in order.
		cols := make([]int, 0, len(bp.formulaRows))
		for c := range bp.formulaRows {
			if c >= r.c1 && c <= r.c2 {
				cols = append(cols, c)
			}
		}
		slices.Sort(cols)
		for _, c := range cols {
			rowsIn(bp.formulaRows[c], r, c, fn)
		}
		return
	}
	for c := r.c1; c <= r.c2; c++ {
		rowsIn(bp.formulaRows[c], r, c, fn)
	}
}

func rowsIn(rows []int, r sheetRange, col int, fn func(cellKey)) {
	i, _ := slices.BinarySearch(rows, r.r1)
	for ; i < len(rows) && rows[i] <= r.r2; i++ {
		fn(keyOf(r.part, rows[i], col))
	}
}

// formulaBook calculates the formulas without a saved result of one
// workbook.
type formulaBook struct {
	wb       *workbook
	opts     Options
	parts    []bookPart
	sheets   map[string]int // sheet name (case folded) → part; -1 for a sheet without cells
	byPart   map[string]int // zip entry (case folded) → part
	cells    map[cellKey]value
	broken   map[cellKey]any // cells that cannot be read, and why
	formulas map[cellKey]*bookFormula

	cellsLeft, textLeft int
	scanLeft            int64
	stepsLeft           int
	failure             *formulaError // a bound of the whole workbook was passed
	stats               map[sheetRange]*rangeNumbers
	stack               []cellKey // the formulas being calculated
	deepest             cellKey   // the formula met at maxFormulaDepth
	pass                int
}

func newFormulaBook(wb *workbook, opts Options) *formulaBook {
	b := &formulaBook{
		wb: wb, opts: opts,
		sheets:    make(map[string]int),
		cells:     make(map[cellKey]value),
		broken:    make(map[cellKey]any),
		formulas:  make(map[cellKey]*bookFormula),
		cellsLeft: maxFormulaCells, textLeft: maxFormulaTextKept,
		scanLeft: maxFormulaScan, stepsLeft: maxWorkbookSteps,
	}
	byPart := make(map[string]int)
	b.byPart = byPart
	for _, sh := range wb.sheets {
		i := -1
		if sh.kind == worksheet {
			part := strings.ToLower(sh.part)
			var ok bool
			if i, ok = byPart[part]; !ok {
				i = len(b.parts)
				byPart[part] = i
				b.parts = append(b.parts, bookPart{name: sh.part, sheet: sh.name})
			}
		}
		// A name formulas give is the first sheet's of that name (Excel
		// lets no two differ only in case).
		if folded := strings.ToLower(sh.name); !hasKey(b.sheets, folded) {
			b.sheets[folded] = i
		}
	}
	return b
}

// partOf returns the part of a worksheet.
func (b *formulaBook) partOf(sh *sheetInfo) int {
	return b.byPart[strings.ToLower(sh.part)]
}

func hasKey[K comparable, V any](m map[K]V, k K) bool {
	_, ok := m[k]
	return ok
}

// sheetPart finds the part of a sheet a formula names.
func (b *formulaBook) sheetPart(name string) (int, error) {
	i, ok := b.sheets[strings.ToLower(name)]
	switch {
	case !ok:
		return 0, cannotCalculate("it refers to the sheet %s, which the workbook does not have", quote(name))
	case i < 0:
		return 0, cannotCalculate("it refers to the sheet %s, which has no cells", quote(name))
	}
	return i, nil
}

// name is a cell as a message names it: with its sheet unless it is on the
// sheet part of.
func (b *formulaBook) name(part, row, col, of int) string {
	ref := columnLetters(col) + strconv.Itoa(row)
	if part == of {
		return ref
	}
	return sheetPrefix(b.parts[part].sheet) + ref
}

// sheetFormulas is the sheet reader's formula hook while prio reads a
// sheet: it calculates the formula cells without a saved result of each
// row.
type sheetFormulas struct {
	book *formulaBook
	part int
}

func (h sheetFormulas) rowFormulas(s *sheetReader) {
	var rs *rowSource
	for i := range s.pending {
		c, msg := h.book.calculate(h.part, s, i, &rs)
		if msg != nil {
			s.addProblem(s.pending[i].col, msg)
			continue
		}
		s.setCell(s.pending[i].col-1, c)
	}
}

// calculate gives the i-th formula cell without a saved result of the row
// a sheet reader has just read its value, or the message of why it cannot
// have one. It calculates from the row alone (*rs, made for the row's first
// formula) while the formulas refer to nothing else; otherwise from the
// cells of the workbook, read for them.
func (b *formulaBook) calculate(part int, s *sheetReader, i int, rs **rowSource) (RawCell, any) {
	p := &s.pending[i]
	key := keyOf(part, s.row, p.col)
	bp := &b.parts[part]
	if !bp.prepared {
		if *rs == nil {
			*rs = &rowSource{book: b, part: part, s: s}
		}
		v, err := (*rs).result(i)
		switch {
		case err == nil:
			return rawResult(v, p.percent), nil
		case !errors.Is(err, errNeedsWorkbook):
			return RawCell{}, formulaFailure(p.src, b.failureText(err, part))
		}
		switch f, ok := b.formulas[key]; {
		case ok && f.needed:
			// Its cells are read already (the look at the sheet's
			// first rows calculated it).
		case !bp.targeted:
			// The first such formula of the sheet: only what it needs
			// is read, which for a workbook with one such formula is
			// all the cost.
			bp.targeted = true
			b.target(part, s.row, p)
		default:
			b.prepare(part)
		}
	}
	if f, ok := b.formulas[key]; !ok || !f.needed {
		// Every formula of a part prepared is known and needed; should
		// this reader read one the pass did not, its cells are read now.
		b.target(part, s.row, p)
	}
	if _, ok := b.formulas[key]; !ok && b.failure != nil {
		return RawCell{}, formulaFailure(p.src, b.failure.why) // a bound of the workbook was passed
	}
	v, err := b.settle(key)
	if err != nil {
		return RawCell{}, formulaFailure(p.src, b.failureText(err, part))
	}
	return rawResult(v, p.percent), nil
}

// settle calculates a formula of the book, however long the chain of
// formulas it depends on: when the chain is deeper than maxFormulaDepth,
// the formula at that depth is calculated first (and so on down), and then
// the formula again, now finding the chain's lower part calculated.
func (b *formulaBook) settle(key cellKey) (value, error) {
	todo := []cellKey{key}
	for {
		top := todo[len(todo)-1]
		v, err := b.result(top, b.formulas[top])
		switch {
		case errors.Is(err, errTooDeep):
			todo = append(todo, b.deepest)
		case len(todo) == 1:
			return v, err
		default:
			todo = todo[:len(todo)-1]
		}
	}
}

// failureText is why a formula on a part cannot be calculated.
func (b *formulaBook) failureText(err error, part int) any {
	var fe *formulaError
	if !errors.As(err, &fe) {
		return err
	}
	if !fe.hasFrom {
		return fe.why
	}
	p, row, col := fe.from.parts()
	return messages.M("in %s, on which it depends: %s", b.name(p, row, col, part), fe.why)
}

// passOn is the error of a formula that refers to a cell whose formula
// cannot be calculated: the same, naming that cell.
func passOn(err error, from cellKey) error {
	var fe *formulaError
	if !errors.As(err, &fe) || fe.hasFrom || fe.circular {
		return err
	}
	return &formulaError{why: fe.why, from: from, hasFrom: true}
}

// target reads the cells one formula refers to, and the cells the
// formulas among them refer to, and so on.
func (b *formulaBook) target(part, row int, p *pendingFormula) {
	key := keyOf(part, row, p.col)
	b.pass++
	f, ok := b.formulas[key]
	if !ok {
		if !b.charge(1, len(p.src.text)) {
			return
		}
		f = &bookFormula{src: p.src, percent: p.percent, bad: p.bad}
		b.formulas[key] = f
		b.parts[part].addFormula(row, p.col)
		b.extend(part, row, p.col)
	}
	if f.needed {
		return
	}
	f.needed, f.pass = true, b.pass
	if !b.collect([]cellKey{key}, targetPasses) {
		// A chain of formulas down the sheet, found a pass a link:
		// read them all at once.
		b.prepare(part)
	}
}

// targetPasses bounds the passes of target before it reads the whole part
// as prepare does.
const targetPasses = 2

// prepare reads every formula without a saved result of a part, and the
// cells they refer to, and calculates them.
func (b *formulaBook) prepare(part int) {
	b.parts[part].prepared = true
	b.pass++
	if !b.collect(b.scan(part, nil), maxFormulaPasses) {
		b.fail(cannotCalculate("it depends on formulas that refer to formulas on other sheets more than %d levels deep", maxFormulaPasses))
	}
	// Calculate what later passes found first: what earlier ones need.
	var order []cellKey
	for k, f := range b.formulas {
		if f.needed && f.state == formulaWaiting {
			order = append(order, k)
		}
	}
	slices.SortFunc(order, func(x, y cellKey) int {
		if c := cmp.Compare(b.formulas[y].pass, b.formulas[x].pass); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	for _, k := range order {
		if f := b.formulas[k]; f.state == formulaWaiting {
			b.settle(k) // a failure is kept with the formula, and told when its cell is read
		}
	}
}

// collect reads, in passes over the parts, what the needed formulas of the
// queue refer to, and what the formulas found refer to in turn, in at most
// passes passes; false when more are needed (the ranges still wanted are
// kept with their parts).
func (b *formulaBook) collect(queue []cellKey, passes int) bool {
	for n := 0; b.failure == nil; n++ {
		b.follow(queue)
		queue = nil
		wanted := false
		for q := range b.parts {
			wanted = wanted || len(b.parts[q].wanted) > 0
		}
		if !wanted {
			return true
		}
		if n == passes {
			return false
		}
		b.pass++
		for q := range b.parts {
			if len(b.parts[q].wanted) == 0 {
				continue
			}
			idx := newRangeIndex(b.parts[q].wanted)
			b.parts[q].covered.add(b.parts[q].wanted)
			b.parts[q].wanted = nil
			queue = append(queue, b.scan(q, idx)...)
			if b.failure != nil {
				break
			}
		}
	}
	return true
}

// follow finds what the needed formulas of the queue refer to: formulas
// known already, which are needed too and followed in turn; and ranges not
// read yet, which the next pass reads on the parts they lie on.
func (b *formulaBook) follow(queue []cellKey) {
	for len(queue) > 0 && b.failure == nil {
		k := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		f := b.formulas[k]
		refs := f.refs
		if !f.read {
			refs = b.refsOf(k, f)
		}
		f.refs, f.read = nil, false
		for _, sr := range refs {
			bp := &b.parts[sr.part]
			bp.formulasIn(sr, func(key cellKey) {
				// Each formula looked at is a step: a whole column
				// referred to from each of its rows would otherwise look
				// at the column's formulas once for each.
				if b.stepsLeft--; b.stepsLeft < 0 {
					b.fail(cannotCalculate("the workbook's formulas take more than %d calculation steps in all", maxWorkbookSteps))
					return
				}
				if g := b.formulas[key]; !g.needed {
					g.needed, g.pass = true, b.pass
					queue = append(queue, key)
				}
			})
			// A range costs the index of the cells to read a row span
			// for each of its columns: counted as cells kept.
			if !bp.covered.covers(sr) && b.charge(sr.c2-sr.c1+1, 0) {
				bp.wanted = append(bp.wanted, sr)
			}
		}
	}
}

// refsOf gives the ranges a formula refers to, on the parts they lie on;
// none when it cannot be read (which is told when it is calculated).
func (b *formulaBook) refsOf(k cellKey, f *bookFormula) []sheetRange {
	if f.bad != nil {
		return nil
	}
	tree, err := parseFormula(f.src)
	if err != nil {
		return nil
	}
	own, _, _ := k.parts()
	var refs []sheetRange
	formulaRefs(tree, func(r cellRange) {
		part := own
		if r.sheet != "" {
			p, err := b.sheetPart(r.sheet)
			if err != nil {
				return
			}
			part = p
		}
		refs = append(refs, sheetRange{part: part, r1: r.r1, c1: r.c1, r2: r.r2, c2: r.c2})
	})
	return refs
}

func (b *formulaBook) fail(err *formulaError) {
	if b.failure == nil {
		b.failure = err
	}
}

// scan reads a part up to the last row it wants: the cells in the ranges
// of want (nil: none, and every formula of the part is needed), and every
// formula without a saved result it meets. It returns the formulas newly
// needed.
func (b *formulaBook) scan(part int, want *rangeIndex) []cellKey {
	bp := &b.parts[part]
	rc, err := b.wb.zip.openForFormulas(bp.name)
	if err != nil {
		bp.unreadable = err
		return nil
	}
	defer rc.Close()
	counted := &countingReader{r: rc, left: &b.scanLeft}
	to := maxRows
	if want != nil {
		to = want.lastRow
	}
	var needed []cellKey
	var covered []sheetRange
	col := &formulaCollector{book: b, part: part, want: want, needed: &needed, covered: &covered}
	defer func() { bp.covered.add(covered) }()
	s := newSheetReader(counted, b.wb, col, 1, to)
	for s.next() {
		if b.failure != nil {
			return needed
		}
		if want == nil {
			continue
		}
		for i, c := range s.cells {
			if c.Kind != CellEmpty && want.has(s.row, i+1) {
				b.keep(part, s.row, i+1, c)
			}
		}
		for _, p := range s.problems {
			if p.col > 0 && want.has(p.row, p.col) {
				b.broken[keyOf(part, p.row, p.col)] = p.msg
			}
		}
	}
	switch {
	case counted.over:
		b.fail(cannotCalculate("calculating the workbook's formulas reads more than %d MiB of its sheets", maxFormulaScan>>20))
	case s.err != nil:
		bp.unreadable = xmlError(bp.name, s.err)
	}
	return needed
}

// keep keeps a cell a formula refers to.
func (b *formulaBook) keep(part, row, col int, c RawCell) {
	key := keyOf(part, row, col)
	if _, ok := b.cells[key]; ok {
		return
	}
	if !b.charge(1, len(c.Text)) {
		return
	}
	v := cellKindValue(c)
	if v.kind == vText && !b.wb.strings.holds(c.Text) {
		v.text = strings.Clone(c.Text) // a view of the reader's buffer
	}
	b.cells[key] = v
	b.extend(part, row, col)
}

func (b *formulaBook) extend(part, row, col int) {
	bp := &b.parts[part]
	bp.lastRow, bp.lastCol = max(bp.lastRow, row), max(bp.lastCol, col)
}

// charge counts cells and text kept against their bounds.
func (b *formulaBook) charge(cells, text int) bool {
	b.cellsLeft -= cells
	b.textLeft -= text
	switch {
	case b.cellsLeft < 0:
		b.fail(cannotCalculate("the workbook's formulas refer to more than %d cells, more than prio keeps to calculate them", maxFormulaCells))
		return false
	case b.textLeft < 0:
		b.fail(cannotCalculate("the workbook's formulas refer to more than %d MiB of text, more than prio keeps to calculate them", maxFormulaTextKept>>20))
		return false
	}
	return true
}

// formulaCollector is the sheet reader's formula hook while the book reads
// a part: it keeps the formula cells without a saved result, marking as
// needed those the pass wants.
type formulaCollector struct {
	book    *formulaBook
	part    int
	want    *rangeIndex // nil: every formula is needed
	needed  *[]cellKey
	covered *[]sheetRange // ranges of rows read whole by readRow
}

func (c *formulaCollector) rowFormulas(s *sheetReader) {
	b := c.book
	bp := &b.parts[c.part]
	for _, p := range s.pending {
		key := keyOf(c.part, s.row, p.col)
		f, ok := b.formulas[key]
		if !ok {
			if !b.charge(1, len(p.src.text)) {
				return
			}
			f = &bookFormula{src: p.src, percent: p.percent, bad: p.bad}
			b.formulas[key] = f
			bp.addFormula(s.row, p.col)
			b.extend(c.part, s.row, p.col)
		}
		if !f.needed && (c.want == nil || c.want.has(s.row, p.col)) {
			f.needed, f.pass = true, b.pass
			*c.needed = append(*c.needed, key)
			c.readRow(s, key, f)
		}
	}
}

// readRow keeps the cells a formula just found needed refers to in its own
// row, from the row at hand, so that a formula such as =E5+F5 needs no pass
// more: those ranges are covered when follow comes to them (which still
// marks the formulas in them needed).
func (c *formulaCollector) readRow(s *sheetReader, key cellKey, f *bookFormula) {
	b := c.book
	f.refs, f.read = b.refsOf(key, f), true
	for _, r := range f.refs {
		if r.part != c.part || r.r1 != s.row || r.r2 != s.row {
			continue
		}
		for col := r.c1; col <= min(r.c2, len(s.cells)); col++ {
			if s.cells[col-1].Kind != CellEmpty {
				b.keep(c.part, s.row, col, s.cells[col-1])
			}
		}
		*c.covered = append(*c.covered, r)
	}
}

// result calculates a formula of the book, once.
func (b *formulaBook) result(key cellKey, f *bookFormula) (value, error) {
	switch f.state {
	case formulaDone:
		return f.result, nil
	case formulaFailed:
		return value{}, f.err
	case formulaCalculating:
		return value{}, b.circle(key)
	}
	part, row, col := key.parts()
	if f.bad != nil {
		f.state, f.err = formulaFailed, &formulaError{why: messages.Of(f.bad)}
		return value{}, f.err
	}
	if b.failure != nil {
		f.state, f.err = formulaFailed, b.failure
		return value{}, f.err
	}
	if len(b.stack) >= maxFormulaDepth {
		b.deepest = key
		return value{}, errTooDeep
	}
	tree, err := parseFormula(f.src)
	if err != nil {
		f.state, f.err = formulaFailed, asFormulaError(err)
		return value{}, f.err
	}
	f.state = formulaCalculating
	b.stack = append(b.stack, key)
	e := newEvaluation(&bookSource{book: b, part: part}, part, row, col, b.opts, &b.stepsLeft)
	v, err := e.evaluate(tree)
	b.stack = b.stack[:len(b.stack)-1]
	if err != nil {
		if errors.Is(err, errTooDeep) {
			f.state = formulaWaiting // calculated again once the chain below is
			return value{}, err
		}
		f.state, f.err = formulaFailed, asFormulaError(err)
		return value{}, f.err
	}
	f.state, f.result = formulaDone, v
	return v, nil
}

func asFormulaError(err error) *formulaError {
	var fe *formulaError
	if errors.As(err, &fe) {
		return fe
	}
	return &formulaError{why: messages.Of(err)}
}

// errTooDeep is a chain of formulas deeper than maxFormulaDepth: settle
// calculates it in parts.
var errTooDeep = errors.New("formulas nested too deeply") // not a message: settle handles it

// circle is the error of a formula met again while it is being
// calculated: the cells of the circle, from that formula on.
func (b *formulaBook) circle(key cellKey) error {
	i := slices.Index(b.stack, key)
	own, _, _ := b.stack[len(b.stack)-1].parts()
	var names []string
	for _, k := range append(b.stack[i:], key) {
		part, row, col := k.parts()
		names = append(names, b.name(part, row, col, own))
	}
	err := cannotCalculate("it depends on a circular reference: %s", strings.Join(names, " → "))
	err.circular = true
	return err
}

// bookSource gives a formula of the book the cells it refers to.
type bookSource struct {
	book *formulaBook
	part int // the formula's own
}

func (s *bookSource) sheetPart(name string) (int, error) {
	if name == "" {
		return s.part, nil
	}
	return s.book.sheetPart(name)
}

func (s *bookSource) cell(part, row, col int) (value, error) {
	b := s.book
	if why := b.parts[part].unreadable; why != nil {
		return value{}, cannotCalculate("it refers to the sheet %s, which cannot be read (%s)", quote(b.parts[part].sheet), why)
	}
	key := keyOf(part, row, col)
	if f, ok := b.formulas[key]; ok {
		v, err := b.result(key, f)
		if err != nil {
			return value{}, passOn(err, key)
		}
		return v, nil
	}
	if why, ok := b.broken[key]; ok {
		return value{}, cannotCalculate("it refers to %s, which cannot be read (%s)", b.name(part, row, col, s.part), why)
	}
	return b.cells[key], nil
}

func (s *bookSource) rangeStats() map[sheetRange]*rangeNumbers {
	if s.book.stats == nil {
		s.book.stats = make(map[sheetRange]*rangeNumbers)
	}
	return s.book.stats
}

func (s *bookSource) clip(r sheetRange) (sheetRange, error) {
	bp := &s.book.parts[r.part]
	r.r2, r.c2 = min(r.r2, bp.lastRow), min(r.c2, bp.lastCol)
	return r, nil
}

func (s *bookSource) name(part, row, col int) string { return s.book.name(part, row, col, s.part) }

// rowSource gives a formula the cells of its own row, as the sheet reader
// has just read them; any other cell is errNeedsWorkbook.
type rowSource struct {
	book    *formulaBook
	part    int
	s       *sheetReader
	state   []formulaState // of the row's formula cells, by index in s.pending
	results []value
	stack   []int
}

func (r *rowSource) sheetPart(name string) (int, error) {
	if name == "" {
		return r.part, nil
	}
	p, err := r.book.sheetPart(name)
	if err != nil {
		return 0, err
	}
	if p != r.part {
		return 0, errNeedsWorkbook
	}
	return p, nil
}

func (r *rowSource) cell(part, row, col int) (value, error) {
	if part != r.part || row != r.s.row {
		return value{}, errNeedsWorkbook
	}
	for i := range r.s.pending {
		if r.s.pending[i].col == col {
			v, err := r.result(i)
			if err != nil {
				return value{}, passOn(err, keyOf(part, row, col))
			}
			return v, nil
		}
	}
	if col <= len(r.s.cells) {
		return cellKindValue(r.s.cells[col-1]), nil
	}
	return value{}, nil
}

// result calculates the formula of the row's i-th formula cell, once.
func (r *rowSource) result(i int) (value, error) {
	if r.state == nil {
		r.state = make([]formulaState, len(r.s.pending))
		r.results = make([]value, len(r.s.pending))
	}
	p := &r.s.pending[i]
	switch r.state[i] {
	case formulaDone:
		return r.results[i], nil
	case formulaCalculating:
		j := slices.Index(r.stack, i)
		var names []string
		for _, k := range append(r.stack[j:], i) {
			names = append(names, r.name(r.part, r.s.row, r.s.pending[k].col))
		}
		err := cannotCalculate("it depends on a circular reference: %s", strings.Join(names, " → "))
		err.circular = true
		return value{}, err
	}
	if p.bad != nil {
		return value{}, &formulaError{why: messages.Of(p.bad)}
	}
	if len(r.stack) >= maxFormulaDepth {
		return value{}, errNeedsWorkbook // which calculates long chains
	}
	tree, err := parseFormula(p.src)
	if err != nil {
		return value{}, err
	}
	r.state[i] = formulaCalculating
	r.stack = append(r.stack, i)
	e := newEvaluation(r, r.part, r.s.row, p.col, r.book.opts, &r.book.stepsLeft)
	v, err := e.evaluate(tree)
	r.stack = r.stack[:len(r.stack)-1]
	r.state[i] = formulaWaiting
	if err != nil {
		return value{}, err
	}
	r.state[i], r.results[i] = formulaDone, v
	return v, nil
}

// clip lowers the end of a range within the row to the row's last cell; a
// range beyond the row needs the workbook's cells, even where it would
// find none (clipped first, it would seem empty).
func (r *rowSource) clip(sr sheetRange) (sheetRange, error) {
	if sr.part != r.part || sr.r1 != r.s.row || sr.r2 != r.s.row {
		return sr, errNeedsWorkbook
	}
	last := len(r.s.cells)
	for _, p := range r.s.pending {
		last = max(last, p.col)
	}
	sr.c2 = min(sr.c2, last)
	return sr, nil
}

func (r *rowSource) name(part, row, col int) string { return r.book.name(part, row, col, r.part) }

// countingReader counts the bytes read against a bound shared by all the
// passes, and stops at it.
type countingReader struct {
	r    io.Reader
	left *int64
	over bool
}

func (c *countingReader) Read(p []byte) (int, error) {
	if *c.left <= 0 {
		c.over = true
		return 0, io.EOF
	}
	if int64(len(p)) > *c.left {
		p = p[:*c.left]
	}
	n, err := c.r.Read(p)
	*c.left -= int64(n)
	return n, err
}

// rangeIndex answers whether a cell lies in any of a set of ranges: for
// each column, the rows the ranges cover there, as sorted intervals.
type rangeIndex struct {
	cols    map[int][]rowSpan
	lastRow int
}

type rowSpan struct{ from, to int }

func newRangeIndex(ranges []sheetRange) *rangeIndex {
	x := &rangeIndex{}
	x.add(ranges)
	return x
}

func (x *rangeIndex) add(ranges []sheetRange) {
	if x.cols == nil {
		x.cols = make(map[int][]rowSpan)
	}
	touched := make(map[int]bool)
	for _, r := range ranges {
		x.lastRow = max(x.lastRow, r.r2)
		for c := r.c1; c <= r.c2; c++ {
			x.cols[c] = append(x.cols[c], rowSpan{r.r1, r.r2})
			touched[c] = true
		}
	}
	for c := range touched {
		spans := x.cols[c]
		slices.SortFunc(spans, func(a, b rowSpan) int { return cmp.Compare(a.from, b.from) })
		merged := spans[:1]
		for _, s := range spans[1:] {
			last := &merged[len(merged)-1]
			if s.from <= last.to+1 {
				last.to = max(last.to, s.to)
			} else {
				merged = append(merged, s)
			}
		}
		x.cols[c] = merged
	}
}

// has reports whether a cell lies in a range of the index.
func (x *rangeIndex) has(row, col int) bool {
	spans := x.cols[col]
	i, _ := slices.BinarySearchFunc(spans, row, func(s rowSpan, row int) int {
		if s.to < row {
			return -1
		}
		if s.from > row {
			return 1
		}
		return 0
	})
	return i < len(spans) && spans[i].from <= row && row <= spans[i].to
}

// covers reports whether a range lies wholly in ranges of the index.
func (x *rangeIndex) covers(r sheetRange) bool {
	if x.cols == nil {
		return false
	}
	for c := r.c1; c <= r.c2; c++ {
		if !x.has(r.r1, c) {
			return false
		}
		spans := x.cols[c]
		i, _ := slices.BinarySearchFunc(spans, r.r1, func(s rowSpan, row int) int {
			if s.to < row {
				return -1
			}
			if s.from > row {
				return 1
			}
			return 0
		})
		if spans[i].to < r.r2 {
			return false
		}
	}
	return true
}
