package importers

import (
	"fmt"
	"sort"
	"strings"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/internal/suggest"
	"github.com/prio-tool/prio/messages"
)

// HeaderRows is how many rows from the top of a sheet may hold the header.
const HeaderRows = 30

// maxColumns bounds the columns header detection looks at: Excel's limit.
const maxColumns = 16384

// maxHeaderBytes bounds the cells that are looked at as headers: a cell of
// more is not one, and folding its case for the comparison (thirty rows of
// 16,384 cells of a 128 KB shared string) would take minutes.
const maxHeaderBytes = 4096

// Merge is a merged range of cells, with 0-based, inclusive row and column
// indices into the rows given to [DetectHeader].
type Merge struct{ FirstRow, LastRow, FirstCol, LastCol int }

// HeaderInput is the top of a sheet, as any file format gives it.
type HeaderInput struct {
	// Rows are the first rows of the sheet; only the first HeaderRows are
	// read.
	Rows [][]RawCell
	// Merges are the sheet's merged ranges; CSV has none.
	Merges []Merge
	// InferSpans makes a group label followed by empty header cells span
	// them, as Excel writes a merged label to CSV. Only CSV sets it.
	InferSpans bool
	// ColumnName names a 0-based column in messages: "E" in a workbook,
	// "5" in CSV. Nil gives the column number from 1.
	ColumnName func(col int) string
}

// Header is where a sheet's header is and which columns each field reads.
type Header struct {
	// Row is the index of the row that names the most fields.
	Row int
	// GroupRow is the index of the other row of a two-row header (sub-headers
	// below Row, or group labels above it), or -1.
	GroupRow int
	// DataRow is the index of the first row after the header.
	DataRow int
	// Matched is how many fields the cells of Row name: what a workbook
	// reader compares to choose among its sheets.
	Matched int
	// Fields holds the columns of each field, parallel to the fields given
	// to DetectHeader.
	Fields []FieldColumns
}

// FieldColumns are the columns a field reads: none when the sheet lacks it,
// one for most fields, and every column under the group label for a
// sum_columns field.
type FieldColumns struct {
	Cols    []int    // 0-based column indices, ascending
	Columns []Column // parallel to Cols
}

// HeaderProblem is a problem found in a header. Row and Col are 0-based
// indices into the rows given, -1 when the problem is not about one row or
// one column.
type HeaderProblem struct {
	Row, Col int
	Msg      messages.Message
	// Warning marks a field without a column that is not required: whether
	// that is an error depends on what reads the field and on the joined
	// files, so the reader decides (Msg is empty); Near holds the headers of
	// the sheet closest to the field's.
	Warning bool
	Near    []string
	// Field is the index of the field a missing column concerns, or -1.
	Field int
}

// DetectHeader finds the header row among the first HeaderRows rows, a second
// header row if the header has two, and the columns of every field. A nil
// Header means the sheet cannot be read; the problems say why.
func DetectHeader(in HeaderInput, fields []*criteria.Field) (*Header, []HeaderProblem) {
	h, problems, _ := detectHeader(in, fields)
	return h, problems
}

// detectHeader is DetectHeader that also returns how many fields the best
// row names, 0 when none does, even when problems leave no Header.
func detectHeader(in HeaderInput, fields []*criteria.Field) (*Header, []HeaderProblem, int) {
	m := newHeaderMatcher(fields)
	g := newHeaderGrid(in)
	best, bestScore := -1, 0
	for r := range g.text {
		if n := m.rowScore(g.text[r]); n > bestScore {
			best, bestScore = r, n
		}
	}
	if best < 0 {
		return nil, []HeaderProblem{{Row: -1, Col: -1, Field: -1, Msg: messages.M(
			"no header row in the first %d rows: none names a field (looked for %s)", HeaderRows, m.lookedFor())}}, 0
	}
	h := &Header{Row: best, GroupRow: -1, DataRow: best + 1, Matched: bestScore, Fields: make([]FieldColumns, len(fields))}
	// A two-row header: group labels in the header row with sub-headers
	// below, or group labels in the row above the header row.
	upper, lower := -1, -1
	var spans []span
	if s := g.spans(m, best, true); len(s) > 0 {
		upper, lower, spans = best, best+1, s
		h.GroupRow, h.DataRow = best+1, best+2
	} else if s := g.spans(m, best-1, false); len(s) > 0 {
		upper, lower, spans = best-1, best, s
		h.GroupRow = best - 1
	}

	colName := in.ColumnName
	if colName == nil {
		colName = func(c int) string { return fmt.Sprint(c + 1) }
	}
	matches := make([][]int, len(fields)) // columns matched, per field
	cols := make([][]Column, len(fields))
	add := func(fi, c int, col Column) {
		if n := len(matches[fi]); n > 0 && matches[fi][n-1] == c {
			return
		}
		matches[fi] = append(matches[fi], c)
		cols[fi] = append(cols[fi], col)
	}
	for c := 0; c < g.width; c++ {
		if upper < 0 {
			hc := parseHeader(g.text[best][c])
			for _, fi := range m.match(hc.name) {
				add(fi, c, hc.column())
			}
			continue
		}
		if sp, ok := spanAt(spans, c); ok {
			label := parseHeader(g.text[upper][sp.first])
			sub := parseHeader(g.text[lower][c])
			under := sub.column()
			if under.Header == "" {
				under.Header = label.text
			}
			if under.Unit.Factor == 0 && !under.Percent {
				under.Unit, under.Percent = label.unit, label.percent
			}
			names := []string{label.name, sub.name, label.name + " " + sub.name}
			for _, name := range names {
				for _, fi := range m.match(name) {
					add(fi, c, under)
				}
			}
			continue
		}
		for _, r := range []int{upper, lower} {
			hc := parseHeader(g.text[r][c])
			for _, fi := range m.match(hc.name) {
				add(fi, c, hc.column())
			}
		}
	}

	var problems []HeaderProblem
	for fi, f := range fields {
		switch {
		case len(matches[fi]) == 0:
			if f.Required || f.Name == "id" {
				problems = append(problems, HeaderProblem{Row: best, Col: -1, Field: fi, Msg: messages.M(
					"no column for required field %s (looked for %s)", f.Name, strings.Join(f.Headers, ", "))})
			} else {
				problems = append(problems, HeaderProblem{Row: best, Col: -1, Field: fi, Warning: true,
					Near: suggest.Closest(f.Headers, g.headerTexts(best, upper, lower), foldHeader)})
			}
		case len(matches[fi]) > 1 && !f.SumColumns:
			var named []string
			for i, c := range matches[fi] {
				if i == 5 {
					named = append(named, "…")
					break
				}
				named = append(named, fmt.Sprintf("%s (%s)", colName(c), quote(cols[fi][i].Header)))
			}
			problems = append(problems, HeaderProblem{Row: best, Col: matches[fi][0], Field: fi, Msg: messages.M(
				"field %s: headers match %d columns: %s", f.Name, len(matches[fi]), strings.Join(named, ", "))})
		default:
			h.Fields[fi] = FieldColumns{Cols: matches[fi], Columns: cols[fi]}
		}
	}
	for _, p := range problems {
		if !p.Warning {
			return nil, problems, bestScore
		}
	}
	return h, problems, bestScore
}

// headerTexts lists the texts of the header row (and of the other row of a
// two-row header), each once, for "did you mean" hints.
func (g *headerGrid) headerTexts(rows ...int) []string {
	var out []string
	seen := make(map[string]bool)
	for _, r := range rows {
		if r < 0 || r >= len(g.text) {
			continue
		}
		for _, t := range g.text[r] {
			if t = trimSpace(t); t != "" && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// foldHeader folds a header as matching does: without its unit hint,
// case and spaces.
func foldHeader(s string) string { return criteria.FoldLabel(parseHeader(s).name) }

// headerCell is a header text split into its name and unit hint.
type headerCell struct {
	text    string // as found, trimmed
	name    string // without the unit hint
	unit    criteria.Unit
	percent bool
}

func (h headerCell) column() Column {
	return Column{Header: h.text, Unit: h.unit, Percent: h.percent}
}

// parseHeader splits a trailing unit hint, "(tkr)" or "[%]", off a header.
// Bracketed text that is not a known unit is part of the name.
func parseHeader(s string) headerCell {
	s = trimSpace(s)
	h := headerCell{text: s, name: s}
	if len(s) > maxHeaderBytes {
		return h
	}
	var open string
	switch {
	case strings.HasSuffix(s, ")"):
		open = "("
	case strings.HasSuffix(s, "]"):
		open = "["
	default:
		return h
	}
	i := strings.LastIndex(s, open)
	if i < 0 {
		return h
	}
	hint := trimSpace(s[i+1 : len(s)-1])
	if hint == "%" {
		h.percent = true
	} else if u, ok := criteria.Units[strings.ToLower(hint)]; ok {
		h.unit = u
	} else {
		return h
	}
	h.name = trimSpace(s[:i])
	return h
}

// headerMatcher finds the fields a header names.
type headerMatcher struct {
	fields []*criteria.Field
	byName map[string][]int // folded header name → field indices
	sums   map[int]bool     // the sum_columns fields
}

func newHeaderMatcher(fields []*criteria.Field) *headerMatcher {
	m := &headerMatcher{fields: fields, byName: make(map[string][]int), sums: make(map[int]bool)}
	for fi, f := range fields {
		if f.SumColumns {
			m.sums[fi] = true
		}
		for _, h := range f.Headers {
			key := criteria.FoldLabel(parseHeader(h).name)
			if key == "" || containsInt(m.byName[key], fi) {
				continue
			}
			m.byName[key] = append(m.byName[key], fi)
		}
	}
	return m
}

// match returns the fields whose headers equal the name (a header without
// its unit hint), case- and space-insensitively.
func (m *headerMatcher) match(name string) []int {
	if name == "" || len(name) > maxHeaderBytes {
		return nil
	}
	return m.byName[criteria.FoldLabel(name)]
}

func (m *headerMatcher) matchesSum(name string) bool {
	for _, fi := range m.match(name) {
		if m.sums[fi] {
			return true
		}
	}
	return false
}

// rowScore is the number of fields the cells of a row name.
func (m *headerMatcher) rowScore(row []string) int {
	seen := make(map[int]bool)
	for _, s := range row {
		if s == "" {
			continue
		}
		for _, fi := range m.match(parseHeader(s).name) {
			seen[fi] = true
		}
	}
	return len(seen)
}

// lookedFor lists the first header of the first fields, for a message.
func (m *headerMatcher) lookedFor() string {
	const max = 6
	var names []string
	for _, f := range m.fields {
		if len(f.Headers) == 0 {
			continue
		}
		if len(names) == max {
			names = append(names, "…")
			break
		}
		names = append(names, f.Headers[0])
	}
	return strings.Join(names, ", ")
}

func containsInt(list []int, x int) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// headerGrid is the text of the top rows, with every cell of a merged range
// holding the range's text.
type headerGrid struct {
	text   [][]string
	width  int
	merges []Merge // clipped to the grid
	infer  bool
}

func newHeaderGrid(in HeaderInput) *headerGrid {
	rows := in.Rows
	if len(rows) > HeaderRows {
		rows = rows[:HeaderRows]
	}
	g := &headerGrid{infer: in.InferSpans}
	for _, row := range rows {
		g.width = max(g.width, len(row))
	}
	for _, mg := range in.Merges {
		if mg.FirstRow < 0 || mg.FirstCol < 0 || mg.LastRow < mg.FirstRow || mg.LastCol < mg.FirstCol ||
			mg.FirstRow >= len(rows) || mg.FirstCol >= maxColumns {
			continue
		}
		mg.LastRow = min(mg.LastRow, len(rows)-1)
		mg.LastCol = min(mg.LastCol, maxColumns-1)
		g.merges = append(g.merges, mg)
		g.width = max(g.width, mg.LastCol+1)
	}
	g.width = min(g.width, maxColumns)
	g.text = make([][]string, len(rows))
	for r, row := range rows {
		g.text[r] = make([]string, g.width)
		for c, cell := range row {
			if c >= g.width {
				break
			}
			if cell.Kind != CellEmpty && cell.Kind != CellError {
				g.text[r][c] = trimSpace(cell.Text)
			}
		}
	}
	for _, mg := range g.merges {
		v := g.text[mg.FirstRow][mg.FirstCol]
		for r := mg.FirstRow; r <= mg.LastRow; r++ {
			for c := mg.FirstCol; c <= mg.LastCol; c++ {
				g.text[r][c] = v
			}
		}
	}
	return g
}

// span is a group label in the upper row of a two-row header and the columns
// under it, inclusive.
type span struct{ first, last int }

func spanAt(spans []span, c int) (span, bool) {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].last >= c })
	if i < len(spans) && spans[i].first <= c {
		return spans[i], true
	}
	return span{}, false
}

// spans returns the group labels of row r that make rows r and r+1 a
// two-row header: merged ranges in row r over several columns with text
// below them, or for CSV a label followed by empty cells with text below all
// of them. When below is true (r is the header row, r+1 its sub-headers) any
// merged label counts; when it is false (r is the row above the header row)
// a label counts only when it, or it with a sub-header, names a field.
// Inferred CSV spans count only when the label names a sum_columns field and,
// below a header row, only when the row under it has no id: so that an
// ordinary unnamed column is not taken for a group, nor data for sub-headers.
func (g *headerGrid) spans(m *headerMatcher, r int, below bool) []span {
	if r < 0 || r+1 >= len(g.text) {
		return nil
	}
	upper, lower := g.text[r], g.text[r+1]
	var out []span
	for _, mg := range g.merges {
		if mg.FirstCol == mg.LastCol || mg.LastRow != r || upper[mg.FirstCol] == "" {
			continue
		}
		sp := span{mg.FirstCol, mg.LastCol}
		if !g.textUnder(lower, sp) {
			continue
		}
		if below || g.namesField(m, upper[sp.first], lower, sp) {
			out = append(out, sp)
		}
	}
	if g.infer && !(below && g.idBelow(m, upper, lower)) {
		for c := 0; c < g.width; c++ {
			label := upper[c]
			if label == "" || lower[c] == "" || !m.matchesSum(parseHeader(label).name) {
				continue
			}
			last := c
			for last+1 < g.width && upper[last+1] == "" && lower[last+1] != "" &&
				len(m.match(parseHeader(lower[last+1]).name)) == 0 {
				last++
			}
			if last > c {
				out = append(out, span{c, last})
				c = last
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].first < out[j].first })
	// Overlapping ranges are a broken file; keep the first of each overlap.
	kept := out[:0]
	for _, sp := range out {
		if len(kept) > 0 && sp.first <= kept[len(kept)-1].last {
			continue
		}
		kept = append(kept, sp)
	}
	return kept
}

// idBelow reports whether the row under a header row has an id in the id
// column: then it is data, not sub-headers.
func (g *headerGrid) idBelow(m *headerMatcher, upper, lower []string) bool {
	for c := 0; c < g.width; c++ {
		if lower[c] == "" {
			continue
		}
		for _, fi := range m.match(parseHeader(upper[c]).name) {
			if m.fields[fi].Name == "id" {
				return true
			}
		}
	}
	return false
}

func (g *headerGrid) textUnder(lower []string, sp span) bool {
	for c := sp.first; c <= sp.last; c++ {
		if lower[c] != "" {
			return true
		}
	}
	return false
}

func (g *headerGrid) namesField(m *headerMatcher, label string, lower []string, sp span) bool {
	name := parseHeader(label).name
	if len(m.match(name)) > 0 {
		return true
	}
	for c := sp.first; c <= sp.last; c++ {
		if len(m.match(name+" "+parseHeader(lower[c]).name)) > 0 {
			return true
		}
	}
	return false
}
