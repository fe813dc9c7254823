package reports

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/prio-tool/prio/messages"

	"github.com/xuri/excelize/v2"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// WriteXLSX writes a pack as an Excel workbook for analysts, in o.Lang
// (Swedish by default; sheet names, headers and words follow it, numbers
// are numbers that Excel shows in the reader's own format). Its sheets:
//   - Overview: the story of the HTML pack's first page — title, agency,
//     date (o.Date), criteria set and status, the draft warning, the
//     columns accepted as absent, the three-line summary and the top k
//     with how firm each place is;
//   - with a selection (Pack.Selection), Finansiering/Funding: what to
//     fund within the budget frames, the budgets used and left, the funded
//     and those not funded with their reasons in sentences, and the
//     frontier as a table and a chart when it was asked for;
//   - Ranking: rank, id, name, status, score (0–100) with a data bar, how
//     firm the place is and its top-k share (with an analysis), the
//     starting points not met, the missing inputs, agency and source
//     cell, as an Excel table with filters and a frozen header;
//   - Contributions: each investment's contribution per criterion, with a
//     stacked bar chart per group of up to 40 ranked investments below
//     the table, each on a page of its own;
//   - Starting points: per investment the outcome of each starting point
//     and every failure in a sentence, then each starting point's
//     condition (the expression) and what it does;
//   - with an analysis, Sensitivity (verdict, top-k share, the central
//     90 % of the sampled ranks, the rank range with missing data,
//     confidence), Rank acceptability (the matrix as a colour scale) and
//     Stability (the weights' stability intervals with the swap at each
//     bound);
//   - Inputs: one row per investment with the value read for each field
//     the criteria set reads (with its unit), when the pack has Set and
//     Portfolio; else the source cells of each criterion's value;
//   - About this run: the criteria set's id, version, status and sha256,
//     each input's path, sheet, sha256 and row count, the analysis's seed
//     and samples, prio's version and the warnings.
//
// Every sheet is ready to print on A4: a print area, its header row
// repeated on each page, fitted to the page's width (landscape where the
// table is wide), with the report's name and date atop each page and the
// sheet and "page x of y" under it. Every cell is in Arial, header rows
// are tall enough for their wrapped text, and the charts' labels are dark
// on white.
//
// Text from the inputs is written as strings, never as formulas: a name
// "=HYPERLINK(…)" is that text in its cell. The workbook is deterministic:
// the same pack and options give the same bytes (fixed document
// properties, the package's parts in sorted order with fixed times; see
// xlsxPackage).
func WriteXLSX(w io.Writer, p *Pack, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	if err := checkPack(p); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	s := newStory(p, lang, o.Date)
	x := &xlsxWriter{f: f, p: p, lang: lang, l: packWords[lang], version: o.Version, story: &s,
		reportName: s.Title, date: s.Date}
	if err := x.styles(); err != nil {
		return err
	}
	steps := []func() error{x.overview}
	if p.Selection != nil {
		steps = append(steps, x.funding)
	}
	steps = append(steps, x.ranking, x.contributions, x.gates)
	if p.Sensitivity != nil {
		steps = append(steps, x.sensitivity, x.acceptability, x.stability)
	}
	steps = append(steps, x.inputs, x.about)
	return x.finish(w, steps, s.Title)
}

// finish runs the steps that write the sheets, sets the fixed document
// properties and writes the workbook to w in canonical form.
func (x *xlsxWriter) finish(w io.Writer, steps []func() error, title string) error {
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	if err := x.runPending(); err != nil {
		return err
	}
	// The first sheet (Sheet1 renamed) is the active one already;
	// excelize's SetActiveSheet would read every stream-written sheet back
	// to say so again, which took three quarters of the time of a pack.
	if err := x.f.SetDocProps(&excelize.DocProperties{
		Created:  xlsxEpoch,
		Modified: xlsxEpoch,
		Creator:  "prio",
		Title:    title,
		Language: x.lang,
	}); err != nil {
		return err
	}
	// The package goes straight to w, not into excelize's buffer (which
	// stays empty): a workbook of 100,000 investments is 40 MB.
	var pkg *xlsxPackage
	x.f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		pkg = newXLSXPackage(w)
		pkg.reused, pkg.offers = x.reused, x.offers
		return pkg
	})
	if _, err := x.f.WriteTo(io.Discard); err != nil {
		return err
	}
	if pkg == nil {
		return errors.New("xlsx: excelize wrote no package") // not a message: a defect; excelize always makes its zip writer
	}
	return nil
}

// xlsxEpoch is the fixed creation and modification time of every workbook
// (the start of the zip format's DOS dates): a report carries no clock.
const xlsxEpoch = "1980-01-01T00:00:00Z"

var xlsxZipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// xlsxFont is the one font family of every workbook prio writes: Arial,
// which every office suite has or substitutes by metric (LibreOffice's
// Liberation Sans), so that widths measured here hold and no default
// serif appears.
const xlsxFont = "Arial"

// Sizes of the printed workbook.
const (
	xlsxFontSize = 10.0
	// xlsxLineHeight is the height of one line of text in points.
	xlsxLineHeight = 12.75
	// xlsxMaxRowHeight is the tallest row a workbook may have (Excel's
	// limit, which excelize enforces).
	xlsxMaxRowHeight = 409
	// xlsxPortraitChars and xlsxLandscapeChars are about how many
	// characters of column width one A4 page holds across at 100 %, with
	// the margins set by sheet.
	xlsxPortraitChars  = 95
	xlsxLandscapeChars = 140
	// xlsxMaxScaleDown is the least scale fit-to-width may print at
	// (two thirds of the text size); a wider sheet prints on as many
	// pages across as keep it at least this large.
	xlsxMaxScaleDown = 0.66
	// xlsxChartRows is the most ranked investments one chart shows, so
	// that a chart prints on one landscape page; xlsxMaxCharts the most
	// charts a sheet gets (the top xlsxChartRows × xlsxMaxCharts).
	xlsxChartRows = 40
	xlsxMaxCharts = 8
)

type xlsxWriter struct {
	f       *excelize.File
	p       *Pack
	lang    string
	l       packLabels
	version string
	story   *story
	// reportName and date head every printed page.
	reportName, date string
	sheets           int
	// pending finishes the sheet before the one being made (see later);
	// titles are the sheets whose print titles done sets.
	pending func() error
	titles  map[string]bool
	// reused are the sheets taken from Pack.Shared and offers those made
	// for it, by the name of their part (see shareSheet).
	reused map[string]*sharedSheet
	offers map[string]*sheetOffer
	// Styles.
	header, text, wrap, score, pct, integer, title, bold, draft, lead int
}

func (x *xlsxWriter) styles() error {
	var err error
	newStyle := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		if s.Font == nil {
			s.Font = &excelize.Font{}
		}
		s.Font.Family = xlsxFont
		if s.Font.Size == 0 {
			s.Font.Size = xlsxFontSize
		}
		if s.Font.Color == "" {
			s.Font.Color = "1A1A1A"
		}
		id, e := x.f.NewStyle(s)
		err = e
		return id
	}
	if e := x.f.SetDefaultFont(xlsxFont); e != nil {
		return e
	}
	top := &excelize.Alignment{Vertical: "top"}
	x.header = newStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6E6E6"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "595959", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	})
	x.text = newStyle(&excelize.Style{Alignment: top})
	x.wrap = newStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	oneDecimal, percent, whole := "0.0", "0%", "0"
	x.score = newStyle(&excelize.Style{CustomNumFmt: &oneDecimal, Alignment: top})
	x.pct = newStyle(&excelize.Style{CustomNumFmt: &percent, Alignment: top})
	x.integer = newStyle(&excelize.Style{CustomNumFmt: &whole, Alignment: top})
	x.title = newStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: top})
	x.bold = newStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	x.draft = newStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "6E0008"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FDECEC"}},
		Border:    []excelize.Border{{Type: "left", Color: "A3000B", Style: 5}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	})
	x.lead = newStyle(&excelize.Style{Font: &excelize.Font{Size: 11}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	return err
}

// sheetLayout says how a sheet is laid out and printed.
type sheetLayout struct {
	widths []float64
	// table: row 1 is a table's header, frozen on screen and repeated on
	// every printed page.
	table bool
	// charts is the extra width, in characters, of what the sheet holds
	// beside its columns; 0 for none.
	extra float64
	// overlap: the sheet is started while the rows of the sheet before it
	// are still being written, and finished (later) after that sheet.
	overlap bool
}

// sheet starts a stream-written sheet: the first renames the default one.
// Its page setup goes in before the stream writer reads the sheet (the
// fit-to-page flag lives in the part the writer copies first); column
// widths and the frozen header before any row.
func (x *xlsxWriter) sheet(name string, lay sheetLayout) (*excelize.StreamWriter, error) {
	if !lay.overlap {
		if err := x.runPending(); err != nil {
			return nil, err
		}
	}
	if x.sheets == 0 {
		if err := x.f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := x.f.NewSheet(name); err != nil {
		return nil, err
	}
	x.sheets++
	if err := x.pageSetup(name, lay); err != nil {
		return nil, err
	}
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, w := range lay.widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	if lay.table {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
		if lay.overlap {
			// Named in done, after the sheets before it are: the
			// workbook's defined names keep the sheets' order.
			if x.titles == nil {
				x.titles = map[string]bool{}
			}
			x.titles[name] = true
		} else if err := x.printTitles(name); err != nil {
			return nil, err
		}
	}
	return sw, nil
}

// printTitles repeats row 1 of the sheet atop every printed page.
func (x *xlsxWriter) printTitles(name string) error {
	return x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: sheetRef(name) + "!$1:$1", Scope: name})
}

// later finishes a sheet whose table rows are still being written by rows:
// once the sheet before it is finished, and these rows written, by tail
// (given the number of rows), which may use the workbook again. Meanwhile
// the next sheet is started and its rows made: on two cores excelize's
// SetRow for one sheet then runs beside the making of the next, where
// before it ran alone. The workbook's operations keep their order, but for
// the next sheet's start, which comes before this tail and touches none of
// what it does (its own sheet, not the tables', charts' or defined names'
// numbering): the workbook is the same.
func (x *xlsxWriter) later(rows *tableRowWriter, tail func(n int) error) error {
	rows.close()
	if err := x.runPending(); err != nil {
		return err
	}
	x.pending = func() error {
		n, err := rows.wait()
		if err != nil {
			return err
		}
		return tail(n)
	}
	return nil
}

// runPending finishes the sheet that later left to finish, if any.
func (x *xlsxWriter) runPending() error {
	if x.pending == nil {
		return nil
	}
	pending := x.pending
	x.pending = nil
	return pending()
}

// pageSetup lays a sheet out for A4: portrait when its columns fit a
// portrait page at no less than xlsxMaxScaleDown, else landscape, fitted
// to the width of as many pages as keep the text at least that large;
// margins of about 15 mm; the report's name and date in the header, the
// sheet's name and "page x of y" in the footer.
func (x *xlsxWriter) pageSetup(name string, lay sheetLayout) error {
	pg := lay.page()
	orientation, pagesWide := "portrait", pg.pagesWide
	if pg.landscape {
		orientation = "landscape"
	}
	a4, tall := 9, 0
	if err := x.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: xlsxBool(true)}); err != nil {
		return err
	}
	if err := x.f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &orientation, FitToWidth: &pagesWide, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	margin, edge, hf := 0.6, 0.5, 0.3 // inches: 15 mm, 13 mm, 8 mm
	if err := x.f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
		Top: &margin, Bottom: &margin, Left: &edge, Right: &edge, Header: &hf, Footer: &hf,
	}); err != nil {
		return err
	}
	pw := pageWords[x.lang]
	// The size code takes every digit after it: a space ends it, so that
	// a date such as "6 december" is not read as size 96.
	font := `&"` + xlsxFont + `,Regular"&9 `
	header := "&L" + font + hfText(x.reportName)
	if x.date != "" {
		header += "&R" + font + hfText(x.date)
	}
	footer := "&L" + font + hfText(name) + "&R" + font + hfText(pw[0]) + " &P " + hfText(pw[1]) + " &N"
	return x.f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddHeader: header, OddFooter: footer})
}

// printedPage is how a sheet prints: its orientation, across how many
// pages, and the scale fit-to-width prints it at, with the height of a
// page's printable area in points.
type printedPage struct {
	landscape        bool
	pagesWide        int
	scale, printable float64
}

// A4 in points, less the margins pageSetup sets (0.5 in left and right,
// 0.6 in top and bottom).
const (
	a4Long, a4Short = 841.89, 595.28
	marginsAcross   = 72.0
	marginsDown     = 86.4
)

// columnPoints is a column's printed width in points: Excel's and
// LibreOffice's pixel width of a width w (7w + 5 px at 96 dpi), three
// quarters of a point each.
func columnPoints(w float64) float64 { return (7*w + 5) * 0.75 }

func (lay sheetLayout) page() printedPage {
	width := lay.extra
	points := columnPoints(lay.extra)
	for _, w := range lay.widths {
		width += w
		points += columnPoints(w)
	}
	pg := printedPage{pagesWide: 1}
	across := float64(xlsxPortraitChars)
	if width > xlsxPortraitChars/xlsxMaxScaleDown {
		pg.landscape, across = true, xlsxLandscapeChars
	}
	if width > across/xlsxMaxScaleDown {
		pg.pagesWide = max(1, int(math.Ceil(width*xlsxMaxScaleDown/across-1e-9)))
	}
	pageWidth, pageHeight := a4Short, a4Long
	if pg.landscape {
		pageWidth, pageHeight = a4Long, a4Short
	}
	pg.scale = min(1, (pageWidth-marginsAcross)*float64(pg.pagesWide)/points)
	pg.printable = pageHeight - marginsDown
	return pg
}

// chartBars is how many bars a bar chart may hold (16 px a bar and 150
// for its title, axis and margins) to print on one page of a sheet laid
// out as lay, under its header row of headerHeight points, which repeats
// on every page; a tenth is kept in hand for the office suite's own
// rounding.
func chartBars(lay sheetLayout, headerHeight float64) int {
	pg := lay.page()
	room := (pg.printable/pg.scale - headerHeight) * 0.97 / xlsxDefaultRow * chartRowPixels // in px
	return max(5, int((room-150)/16))
}

// A chart's height in pixels becomes rows of the sheet: excelize counts a
// row of the default 15 pt as 18 px.
const (
	xlsxDefaultRow = 15.0
	chartRowPixels = 18.0
)

// hfText makes text safe in a header or footer, where "&" starts a code.
func hfText(s string) string {
	return strings.ReplaceAll(xmlText(plainText(s)), "&", "&&")
}

// sheetRef is a sheet's name as a reference takes it: 'Blad 1'.
func sheetRef(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// done sets a sheet's print area to columns 1..cols of rows 1..rows and
// flushes it.
func (x *xlsxWriter) done(sw *excelize.StreamWriter, name string, cols, rows int) error {
	if x.titles[name] {
		delete(x.titles, name)
		if err := x.printTitles(name); err != nil {
			return err
		}
	}
	if cols > 0 && rows > 0 {
		ref := fmt.Sprintf("%s!$A$1:$%s$%d", sheetRef(name), portfolio.ColumnName(cols), rows) // not a message: a cell reference
		if err := x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: ref, Scope: name}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// Cell values for SetRow.
func (x *xlsxWriter) str(s string) excelize.Cell {
	return excelize.Cell{StyleID: x.text, Value: xmlText(s)}
}
func (x *xlsxWriter) long(s string) excelize.Cell {
	return excelize.Cell{StyleID: x.wrap, Value: xmlText(s)}
}
func (x *xlsxWriter) styled(s string, style int) excelize.Cell {
	return excelize.Cell{StyleID: style, Value: xmlText(s)}
}
func (x *xlsxWriter) num(v float64, style int) excelize.Cell {
	return excelize.Cell{StyleID: style, Value: v}
}
func (x *xlsxWriter) headerRow(names ...string) []any {
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = excelize.Cell{StyleID: x.header, Value: xmlText(n)}
	}
	return out
}

// lines is how many lines text takes in a column width characters wide,
// wrapped at spaces. An estimate: a unit of column width is the width of
// a digit, and the letters of running text in Arial average about five
// sixths of it (measured in LibreOffice's rendering of the example).
func lines(s string, width float64) int {
	room := max(1, int(width*1.2)-1)
	n, line := 1, 0
	place := func(w int) { // a word of w characters
		switch {
		case line == 0:
			line = w
		case line+1+w > room:
			n++
			line = w
		default:
			line += 1 + w
		}
		for line > room { // a word longer than the column breaks anywhere
			n++
			line -= room
		}
	}
	// The words as strings.Fields splits them, counted without making
	// them: this runs for each wrapped cell of a workbook.
	w := 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			if w > 0 {
				place(w)
				w = 0
			}
			continue
		}
		w++
	}
	if w > 0 {
		place(w)
	}
	return n
}

// rowHeight is the height of a row whose cells hold texts in columns of
// the given widths, wrapped.
func rowHeight(texts []string, widths []float64) float64 {
	most := 1
	for i, t := range texts {
		if i < len(widths) {
			most = max(most, lines(t, widths[i]))
		}
	}
	return min(float64(most)*xlsxLineHeight+3, xlsxMaxRowHeight)
}

// xlsxCellName is the A1 name of column col (from 1) in row.
func xlsxCellName(col, row int) string {
	return portfolio.ColumnName(col) + fmt.Sprint(row)
}

// xlsxRef is an absolute reference to a range of a sheet, for charts.
func xlsxRef(sheet string, col1, row1, col2, row2 int) string {
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", sheetRef(sheet), portfolio.ColumnName(col1), row1, portfolio.ColumnName(col2), row2)
}

// tableRowWriter writes a table's rows one by one, as they are made, after
// its header: a sheet of 100,000 investments is never held as rows.
// tableRowWriter writes a table's rows on a goroutine of its own while the
// sheet's step makes the next ones: excelize's SetRow (cell names, escaping,
// the XML) costs about as much as making the rows, so that on two cores a
// large table is written in about half the time. The rows go to the stream
// writer in the order they were added, as they would one by one: the
// workbook's bytes do not depend on the scheduling. Until finish, the step
// uses neither the stream writer nor the workbook.
type tableRowWriter struct {
	x      *xlsxWriter
	sw     *excelize.StreamWriter
	widths []float64
	n      int
	batch  tableBatch
	queue  chan tableBatch
	done   chan error // the writer's outcome: sent once, when it stops
	err    error      // the writer's error, once known
}

// tableBatchRows is how many rows go to the writer at a time.
const tableBatchRows = 256

// tableBatch is rows for the writer, each with its options (its height,
// measured by the step's goroutine, which has less to do).
type tableBatch struct {
	rows [][]any
	opts [][]excelize.RowOpts
}

// startTable writes the header row of a table and returns the writer of
// its rows.
func (x *xlsxWriter) startTable(sw *excelize.StreamWriter, header []string, widths []float64) (*tableRowWriter, error) {
	if err := sw.SetRow("A1", x.headerRow(header...), excelize.RowOpts{Height: rowHeight(header, widths)}); err != nil {
		return nil, err
	}
	t := &tableRowWriter{x: x, sw: sw, widths: widths, queue: make(chan tableBatch, 4), done: make(chan error, 1)}
	go t.write()
	return t, nil
}

// write writes the batches of rows as they come, until the queue is closed
// or a row fails.
func (t *tableRowWriter) write() {
	next := 2 // the first row's number
	for b := range t.queue {
		for i, r := range b.rows {
			if err := t.sw.SetRow(xlsxCellName(1, next), r, b.opts[i]...); err != nil {
				t.done <- err
				return
			}
			next++
		}
	}
	t.done <- nil
}

// add queues the next row: a slice the step does not change again.
func (t *tableRowWriter) add(row []any) error {
	if t.err != nil {
		return t.err
	}
	t.n++
	t.batch.rows = append(t.batch.rows, row)
	t.batch.opts = append(t.batch.opts, t.x.rowOpts(row, t.widths))
	if len(t.batch.rows) < tableBatchRows {
		return nil
	}
	return t.send()
}

func (t *tableRowWriter) send() error {
	select {
	case t.queue <- t.batch:
		t.batch = tableBatch{rows: make([][]any, 0, tableBatchRows), opts: make([][]excelize.RowOpts, 0, tableBatchRows)}
		return nil
	case err := <-t.done:
		// The writer stopped at a row that failed.
		t.err = err
		return err
	}
}

// finish waits until every row is written and returns how many there are;
// the stream writer is the step's again.
func (t *tableRowWriter) finish() (int, error) {
	t.close()
	return t.wait()
}

// close hands the last rows to the writer and tells it they are the last:
// it stops once they are written, waited for or not.
func (t *tableRowWriter) close() {
	if t.err == nil && len(t.batch.rows) > 0 {
		t.send() // its error, the writer's, is kept in t.err
	}
	if t.err == nil {
		close(t.queue)
	}
}

// wait waits until the writer has stopped and returns how many rows were
// written, or why it stopped before.
func (t *tableRowWriter) wait() (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	if err := <-t.done; err != nil {
		t.err = err
		return 0, err
	}
	return t.n, nil
}

// tableRows writes a table from row 1: its header, as tall as its wrapped
// text needs, then the rows.
func (x *xlsxWriter) tableRows(sw *excelize.StreamWriter, header []string, widths []float64, rows [][]any) error {
	if err := sw.SetRow("A1", x.headerRow(header...), excelize.RowOpts{Height: rowHeight(header, widths)}); err != nil {
		return err
	}
	return x.setRows(sw, 2, rows, widths)
}

// setRows writes rows from row first on, each as tall as the wrapped text
// of its cells needs in the columns' widths: an office suite does not
// size rows when it opens a workbook, and wrapped text would overflow
// them.
func (x *xlsxWriter) setRows(sw *excelize.StreamWriter, first int, rows [][]any, widths []float64) error {
	for i, r := range rows {
		if err := sw.SetRow(xlsxCellName(1, first+i), r, x.rowOpts(r, widths)...); err != nil {
			return err
		}
	}
	return nil
}

// rowOpts gives a row the height the wrapped text of its cells needs in
// the columns' widths, when that is more than a line.
func (x *xlsxWriter) rowOpts(r []any, widths []float64) []excelize.RowOpts {
	most := 1
	for col, v := range r {
		if c, ok := v.(excelize.Cell); ok && col < len(widths) && (c.StyleID == x.wrap || c.StyleID == x.header) {
			if text, ok := c.Value.(string); ok {
				most = max(most, lines(text, widths[col]))
			}
		}
	}
	if most == 1 {
		return nil
	}
	return []excelize.RowOpts{{Height: min(float64(most)*xlsxLineHeight+3, xlsxMaxRowHeight)}}
}

// xlsxTable makes rows 1..last of columns 1..cols an Excel table with filters.
func xlsxTable(sw *excelize.StreamWriter, name string, cols, last int) error {
	last = max(last, 2) // a table has at least one row under its header
	return sw.AddTable(&excelize.Table{
		Range:          "A1:" + xlsxCellName(cols, last),
		Name:           name,
		StyleName:      "TableStyleLight1",
		ShowRowStripes: xlsxBool(true),
	})
}

func xlsxBool(b bool) *bool { return &b }

func xlsxFloat(f float64) *float64 { return &f }

// dataBar puts a data bar from lo to hi on a column's rows 2..last.
func (x *xlsxWriter) dataBar(sheet string, col, last int, hi string) error {
	if last < 2 {
		return nil
	}
	return x.f.SetConditionalFormat(sheet, xlsxCellName(col, 2)+":"+xlsxCellName(col, last), []excelize.ConditionalFormatOptions{{
		Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: hi,
		BarColor: "#6BAED6", BarSolid: true,
	}})
}

// overview writes the first sheet: the story of the HTML pack's first page.
func (x *xlsxWriter) overview() error {
	l, s := x.l, x.story
	widths := []float64{7, 16, 38, 9, 18, 10, 14}
	span := 0.0
	for _, w := range widths {
		span += w
	}
	sw, err := x.sheet(l.sheetOverview, sheetLayout{widths: widths})
	if err != nil {
		return err
	}
	row := 0
	last := len(widths)
	// put writes a paragraph across the sheet's width, as tall as its
	// wrapped text.
	put := func(text string, style int) error {
		row++
		cell := xlsxCellName(1, row)
		height := min(float64(lines(text, span))*xlsxLineHeight*styleScale(style, x)+4, xlsxMaxRowHeight)
		if err := sw.SetRow(cell, []any{x.styled(text, style)}, excelize.RowOpts{Height: height}); err != nil {
			return err
		}
		return sw.MergeCell(cell, xlsxCellName(last, row))
	}
	skip := func() { row++ }
	if err := put(s.Title, x.title); err != nil {
		return err
	}
	if s.Date != "" {
		if err := put(l.date+": "+s.Date, x.text); err != nil {
			return err
		}
	}
	if err := put(s.CriteriaLine, x.text); err != nil {
		return err
	}
	if s.Draft {
		skip()
		if err := put(s.DraftShort+". "+s.DraftBanner, x.draft); err != nil {
			return err
		}
	}
	for _, a := range s.Absent {
		if err := put(a, x.draft); err != nil {
			return err
		}
	}
	skip()
	for _, line := range s.Lines {
		if err := put(line, x.lead); err != nil {
			return err
		}
	}
	if s.NoRanked != "" {
		skip()
		if err := put(s.NoRanked, x.text); err != nil {
			return err
		}
	} else {
		skip()
		k := FormatNumber(float64(s.K), 0, x.lang)
		caption := fmt.Sprintf(l.topCaption, k)
		if s.Firmness {
			caption = fmt.Sprintf(l.topCaptionFirm, k)
		}
		if err := put(caption, x.bold); err != nil {
			return err
		}
		header := []string{l.rank, l.id, l.name, l.scoreUnit}
		if s.Firmness {
			header = append(header, l.firmness, fmt.Sprintf(l.topKShare, k), l.interval90)
		}
		row++
		if err := sw.SetRow(xlsxCellName(1, row), x.headerRow(header...), excelize.RowOpts{Height: rowHeight(header, widths)}); err != nil {
			return err
		}
		sens := x.p.Sensitivity
		for i, t := range s.Top {
			cells := []any{x.num(float64(t.Assessment.Rank), x.integer), x.str(t.Assessment.ID), x.long(t.Assessment.Name),
				x.num(t.Assessment.Score*100, x.score)}
			if s.Firmness {
				cells = append(cells, x.str(t.Verdict), x.num(sens.Investments[i].TopK, x.pct), x.str(t.Interval))
			}
			row++
			if err := sw.SetRow(xlsxCellName(1, row), cells, excelize.RowOpts{Height: rowHeight([]string{"", "", t.Name}, widths)}); err != nil {
				return err
			}
		}
		if s.Thresholds != "" {
			skip()
			if err := put(s.Thresholds, x.wrap); err != nil {
				return err
			}
		}
	}
	skip()
	if err := put(l.overviewIntro, x.wrap); err != nil {
		return err
	}
	return x.done(sw, l.sheetOverview, last, row)
}

// styleScale is how much taller than body text a style's lines are.
func styleScale(style int, x *xlsxWriter) float64 {
	switch style {
	case x.title:
		return 1.45
	case x.lead:
		return 1.12
	}
	return 1
}

// ranking writes the Ranking sheet.
func (x *xlsxWriter) ranking() error {
	l, r, s := x.l, x.p.Score, x.story
	name := l.sheetRanking
	k := FormatNumber(float64(s.K), 0, x.lang)
	header := []string{l.rank, l.id, l.name, l.status, l.scoreUnit}
	widths := []float64{6, 15, 38, 11, 9}
	if s.Firmness {
		header = append(header, l.firmness, fmt.Sprintf(l.topKShare, k))
		widths = append(widths, 15, 9)
	}
	header = append(header, l.failedGates, l.missing)
	widths = append(widths, 14, 16)
	multiAgency := severalAgencies(r)
	if multiAgency {
		header = append(header, l.agency)
		widths = append(widths, 20)
	}
	header = append(header, l.source)
	widths = append(widths, 24)
	sheetOnly := sheetsNameInputs(r.Inputs)
	sw, err := x.sheet(name, sheetLayout{widths: widths, table: true, overlap: true})
	if err != nil {
		return err
	}
	verdicts := map[*scoring.Assessment]int{}
	firm := packFirmness(x.p)
	if firm != nil {
		for i, a := range rankedAssessments(r) {
			verdicts[a] = i
		}
	}
	rows, err := x.startTable(sw, header, widths)
	if err != nil {
		return err
	}
	for i := range r.Investments {
		a := &r.Investments[i]
		var rank any
		if a.Status != scoring.Excluded {
			rank = x.num(float64(a.Rank), x.integer)
		}
		row := []any{rank, x.str(a.ID), x.long(a.Name), x.str(investmentStatus(a.Status, x.lang)), x.num(a.Score*100, x.score)}
		if s.Firmness {
			if vi, ok := verdicts[a]; ok {
				row = append(row, x.str(verdictWord(firm[vi].verdict, x.lang)), x.num(firm[vi].topK, x.pct))
			} else {
				row = append(row, nil, nil)
			}
		}
		row = append(row, x.long(strings.Join(a.FailedGates(), ", ")), x.long(strings.Join(a.Missing, ", ")))
		if multiAgency {
			row = append(row, x.long(a.Agency))
		}
		row = append(row, x.long(cellName(a.Source, sheetOnly)))
		if err := rows.add(row); err != nil {
			return err
		}
	}
	return x.later(rows, func(n int) error {
		last := n + 1
		if err := xlsxTable(sw, "Ranking", len(header), last); err != nil {
			return err
		}
		// Conditional formats go in before Flush: excelize drops those added
		// to a stream-written sheet after it (excelize #1766).
		if err := x.dataBar(name, 5, last, "100"); err != nil {
			return err
		}
		if s.Firmness {
			if err := x.dataBar(name, 7, last, "1"); err != nil {
				return err
			}
		}
		return x.done(sw, name, len(header), last)
	})
}

// contributions writes the Contributions sheet, with a stacked bar chart
// per xlsxChartRows ranked investments under the table, each starting a
// printed page.
func (x *xlsxWriter) contributions() error {
	l, r := x.l, x.p.Score
	name := l.sheetContributions
	m := len(r.Leaves)
	widths := []float64{6, 15, 30}
	header := []string{l.rank, l.id, l.name}
	for _, c := range r.Leaves {
		h := plainText(c.ID)
		if t := leafTitle(c, x.lang); t != "" {
			// At most three lines of the column: the header row repeats
			// on every printed page, above the chart too.
			h = truncate(h+" "+t, 36)
		}
		header = append(header, h)
		widths = append(widths, 11)
	}
	header = append(header, l.total)
	widths = append(widths, 9)
	lay := sheetLayout{widths: widths, table: true, overlap: true}
	sw, err := x.sheet(name, lay)
	if err != nil {
		return err
	}
	cached, made := x.shareSheet("contributions")
	header = uniqueHeaders(header)
	rows, err := x.startTable(sw, header, widths)
	if err != nil {
		return err
	}
	ranked := 0
	for i := range r.Investments {
		if r.Investments[i].Status != scoring.Excluded {
			ranked++
		}
	}
	investments := r.Investments
	if cached != nil {
		// The rows are in the cached part.
		rows.n, investments = cached.rows, nil
	}
	for i := range investments {
		a := &investments[i]
		var rank any
		if a.Status != scoring.Excluded {
			rank = x.num(float64(a.Rank), x.integer)
		}
		row := []any{rank, x.str(a.ID), x.long(a.Name)}
		for _, c := range a.Contributions {
			row = append(row, x.num(c*100, x.score))
		}
		if err := rows.add(append(row, x.num(a.Score*100, x.score))); err != nil {
			return err
		}
	}
	return x.later(rows, func(n int) error {
		made(n)
		last := n + 1
		if err := xlsxTable(sw, "Contributions", m+4, last); err != nil {
			return err
		}
		end := last
		if ranked > 0 && m > 0 {
			colours := leafColours(r.Leaves, x.p.Set)
			at := last + 2
			perChart := min(xlsxChartRows, chartBars(lay, rowHeight(header, widths)))
			charts := min(xlsxMaxCharts, (ranked+perChart-1)/perChart)
			span := 0.0
			for _, w := range widths {
				span += w
			}
			for ci := range charts {
				from := 2 + ci*perChart
				to := min(from+perChart-1, ranked+1)
				if err := sw.InsertPageBreak(xlsxCellName(1, at)); err != nil {
					return err
				}
				var series []excelize.ChartSeries
				for k := range r.Leaves {
					series = append(series, excelize.ChartSeries{
						Name:       xlsxRef(name, 4+k, 1, 4+k, 1),
						Categories: xlsxRef(name, 2, from, 2, to),
						Values:     xlsxRef(name, 4+k, from, 4+k, to),
						Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{hexColour(colours[k])}},
					})
				}
				overlap := 100
				bars := to - from + 1
				height := uint(16*bars + 150)
				title := l.chartContrib
				if charts > 1 {
					title += " (" + fmt.Sprintf(l.part, ci+1, charts) + ")"
				}
				if err := x.f.AddChart(name, xlsxCellName(1, at), &excelize.Chart{
					Type:       excelize.BarStacked,
					VaryColors: xlsxBool(false),
					Series:     series,
					Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Family: xlsxFont, Size: 11, Bold: true, Color: "1A1A1A"}}}},
					Legend:     excelize.ChartLegend{Position: "right", Font: &excelize.Font{Family: xlsxFont, Size: 8, Color: "1A1A1A"}},
					XAxis:      excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Family: xlsxFont, Size: 8, Color: "1A1A1A"}},
					YAxis: excelize.ChartAxis{Minimum: xlsxFloat(0), Maximum: xlsxFloat(100), MajorGridLines: true, MajorUnit: 10,
						Font: excelize.Font{Family: xlsxFont, Size: 8, Color: "1A1A1A"}},
					Overlap:   &overlap,
					Dimension: excelize.ChartDimension{Width: uint(math.Min(span, 150) * 7.2), Height: height},
				}); err != nil {
					return err
				}
				// The next chart goes under this one. excelize anchors it over
				// the rows it covers counting a row of 15 pt as 18 px (4/3.4
				// px a point): the print area must reach the last of them.
				at += int(math.Ceil(float64(height)/chartRowPixels)) + 2
			}
			end = at - 1
		}
		return x.done(sw, name, len(header), end)
	})
}

// gates writes the Starting points sheet: per investment the outcome of
// each starting point and its failures in sentences; under it each
// starting point's condition and what it does.
func (x *xlsxWriter) gates() error {
	l, r := x.l, x.p.Score
	w := gateLabels[x.lang]
	name := l.sheetGates
	gt := newGateTexter(x.p.Set, r, x.lang)
	header := []string{l.id, l.name, l.status}
	widths := []float64{15, 30, 11}
	for _, g := range r.Gates {
		header = append(header, plainText(g.ID))
		widths = append(widths, 11)
	}
	header = append(header, l.reason)
	widths = append(widths, 60)
	sw, err := x.sheet(name, sheetLayout{widths: widths, table: true, overlap: true})
	if err != nil {
		return err
	}
	cached, made := x.shareSheet("gates")
	rows, err := x.startTable(sw, header, widths)
	if err != nil {
		return err
	}
	investments := r.Investments
	if cached != nil {
		// The rows are in the cached part.
		rows.n, investments = cached.rows, nil
	}
	for i := range investments {
		a := &investments[i]
		row := []any{x.str(a.ID), x.long(a.Name), x.str(investmentStatus(a.Status, x.lang))}
		var reasons []string
		for gi := range r.Gates {
			if gi >= len(a.Gates) {
				row = append(row, nil)
				continue
			}
			g := a.Gates[gi]
			outcome := w.met
			switch {
			case !g.Passed:
				outcome = w.notMet
			case !g.Evaluated:
				outcome = l.missingWord
			}
			row = append(row, x.str(outcome))
			if text := gt.sentence(gi, g); text != "" {
				reasons = append(reasons, text+".")
			}
		}
		if err := rows.add(append(row, x.long(strings.Join(reasons, " ")))); err != nil {
			return err
		}
	}
	return x.later(rows, func(n int) error {
		made(n)
		last := n + 1
		if err := xlsxTable(sw, "StartingPoints", len(header), last); err != nil {
			return err
		}
		// The conditions, two rows under the table.
		defs := [][]any{x.headerRow(l.gate, l.gateTitle, l.expression, l.onFail, l.onMissing)}
		for gi, g := range r.Gates {
			onFail, onMissing := l.onFailExclude, l.onMissingFail
			if g.OnFail == criteria.OnFailFlag {
				onFail = l.onFailFlag
			}
			if g.OnMissingPass {
				onMissing = l.onMissingPass
			}
			defs = append(defs, []any{x.str(g.ID), x.long(gt.title(gi, scoring.GateResult{ID: g.ID})), x.long(g.Require), x.str(onFail), x.str(onMissing)})
		}
		end := last
		if len(r.Gates) > 0 {
			if cached == nil {
				if err := x.setRows(sw, last+2, defs, widths); err != nil {
					return err
				}
			}
			end = last + 1 + len(defs)
		}
		return x.done(sw, name, len(header), end)
	})
}

// sensitivity writes the Sensitivity sheet: per ranked investment its
// verdict and the numbers behind it.
func (x *xlsxWriter) sensitivity() error {
	l, s := x.l, x.p.Sensitivity
	name := l.sheetSensitivity
	k := FormatNumber(float64(s.Top), 0, x.lang)
	header := []string{l.rank, l.id, l.name, l.scoreUnit, l.firmness, fmt.Sprintf(l.topKShare, k),
		l.interval90Low, l.interval90High, l.rankRangeBest, l.rankRangeWorst, l.confidence}
	widths := []float64{6, 15, 34, 9, 15, 9, 12, 12, 12, 12, 10}
	sw, err := x.sheet(name, sheetLayout{widths: widths, table: true})
	if err != nil {
		return err
	}
	firm := packFirmness(x.p)
	rows, err := x.startTable(sw, header, widths)
	if err != nil {
		return err
	}
	for i := range s.Investments {
		inv := &s.Investments[i]
		f := firm[i]
		var conf, lo, hi any
		if inv.Confidence != nil {
			conf = x.num(*inv.Confidence, x.pct)
		}
		if f.lo > 0 {
			lo = x.num(float64(f.lo), x.integer)
		}
		if f.hi > 0 {
			hi = x.num(float64(f.hi), x.integer)
		} else {
			hi = x.str(">" + fmt.Sprint(f.beyond))
		}
		if err := rows.add([]any{
			x.num(float64(inv.Rank), x.integer), x.str(inv.ID), x.long(inv.Name), x.num(inv.Score*100, x.score),
			x.str(verdictWord(f.verdict, x.lang)), x.num(inv.TopK, x.pct), lo, hi,
			x.num(float64(inv.RankRange.Best), x.integer), x.num(float64(inv.RankRange.Worst), x.integer), conf,
		}); err != nil {
			return err
		}
	}
	n, err := rows.finish()
	if err != nil {
		return err
	}
	last := n + 1
	if err := xlsxTable(sw, "Sensitivity", len(header), last); err != nil {
		return err
	}
	if err := x.dataBar(name, 6, last, "1"); err != nil {
		return err
	}
	return x.done(sw, name, len(header), last)
}

// acceptability writes the Rank acceptability sheet: the share of samples
// at each rank, as a colour scale; past the ranks a truncated analysis
// lists, the rest in one column.
func (x *xlsxWriter) acceptability() error {
	l, s := x.l, x.p.Sensitivity
	name := l.sheetAcceptability
	ranks := 0
	truncated := false
	for _, inv := range s.Investments {
		ranks = max(ranks, len(inv.Acceptability))
		if len(inv.Acceptability) < len(s.Investments) {
			truncated = true
		}
	}
	header := []string{l.rank, l.id}
	widths := []float64{6, 15}
	for r := 1; r <= ranks; r++ {
		header = append(header, fmt.Sprintf(l.rankN, r))
		widths = append(widths, 5) // "100%"
	}
	if truncated {
		header = append(header, ">"+fmt.Sprint(ranks))
		widths = append(widths, 5)
	}
	sw, err := x.sheet(name, sheetLayout{widths: widths, table: true})
	if err != nil {
		return err
	}
	rows, err := x.startTable(sw, header, widths)
	if err != nil {
		return err
	}
	for i := range s.Investments {
		inv := &s.Investments[i]
		row := []any{x.num(float64(inv.Rank), x.integer), x.str(inv.ID)}
		sum := 0.0
		for _, a := range inv.Acceptability {
			row = append(row, x.num(a, x.pct))
			sum += a
		}
		for range ranks - len(inv.Acceptability) {
			row = append(row, nil)
		}
		if truncated {
			rest := math.Max(0, 1-sum)
			if inv.AcceptabilityRest != nil {
				rest = *inv.AcceptabilityRest
			}
			row = append(row, x.num(rest, x.pct))
		}
		if err := rows.add(row); err != nil {
			return err
		}
	}
	n, err := rows.finish()
	if err != nil {
		return err
	}
	last := n + 1
	if err := xlsxTable(sw, "Acceptability", len(header), last); err != nil {
		return err
	}
	if last >= 2 && len(header) > 2 {
		if err := x.f.SetConditionalFormat(name, xlsxCellName(3, 2)+":"+xlsxCellName(len(header), last), []excelize.ConditionalFormatOptions{{
			Type: "2_color_scale", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "1",
			MinColor: "#FFFFFF", MaxColor: "#4292C6",
		}}); err != nil {
			return err
		}
	}
	return x.done(sw, name, len(header), last)
}

// stability writes the Stability sheet: each weight's stability intervals
// and the swaps at the bounds of the whole ranking's.
func (x *xlsxWriter) stability() error {
	l, s := x.l, x.p.Sensitivity
	name := l.sheetStability
	k := FormatNumber(float64(s.Top), 0, x.lang)
	header := []string{l.criterion, l.criterionTitle, l.weight, l.rankingFrom, l.rankingTo,
		fmt.Sprintf(l.topKFrom, k), fmt.Sprintf(l.topKTo, k), l.swapBelow, l.swapAbove}
	widths := []float64{10, 34, 9, 13, 13, 13, 13, 30, 30}
	sw, err := x.sheet(name, sheetLayout{widths: widths, table: true})
	if err != nil {
		return err
	}
	var rows [][]any
	for j, st := range s.Stability {
		rows = append(rows, []any{
			x.str(st.Leaf), x.long(leafTitle(x.p.Score.Leaves[j], x.lang)), x.num(st.Weight, x.pct),
			x.num(st.Ranking[0], x.pct), x.num(st.Ranking[1], x.pct), x.num(st.TopK[0], x.pct), x.num(st.TopK[1], x.pct),
			x.long(swapAt(st.Below, x.lang)), x.long(swapAt(st.Above, x.lang)),
		})
	}
	if err := x.tableRows(sw, header, widths, rows); err != nil {
		return err
	}
	last := len(rows) + 1
	if err := xlsxTable(sw, "Stability", len(header), last); err != nil {
		return err
	}
	return x.done(sw, name, len(header), last)
}

// inputs writes the Inputs sheet: with the set and the portfolio, one row
// per investment with the value read for each field the set reads, its
// unit in the header; without them, one row per investment and criterion
// with the cells its value was read from.
func (x *xlsxWriter) inputs() error {
	if x.p.Portfolio == nil || x.p.Set == nil {
		return x.inputCells()
	}
	l, r, port, set := x.l, x.p.Score, x.p.Portfolio, x.p.Set
	name := l.sheetInputs
	header := []string{l.id, l.name, l.sourceRows}
	widths := []float64{15, 28, 20}
	var fields []int
	for _, f := range set.Fields {
		if len(f.ReadBy) == 0 {
			continue
		}
		fi := port.FieldIndex(f.Name)
		if fi < 0 {
			continue
		}
		fields = append(fields, fi)
		h := plainText(f.Title.In(x.lang))
		if h == "" {
			h = plainText(f.Name)
		}
		if f.Unit.Name != "" {
			h += " (" + f.Unit.Name + ")"
		}
		header = append(header, h)
		width := 11.0
		if f.Type == portfolio.Text {
			width = 20
		}
		widths = append(widths, width)
	}
	sw, err := x.sheet(name, sheetLayout{widths: widths, table: true, overlap: true})
	if err != nil {
		return err
	}
	sheetsName := sheetsNameInputs(r.Inputs)
	index := make(map[string]int, len(port.Investments))
	for i, inv := range port.Investments {
		index[inv.ID] = i
	}
	cached, made := x.shareSheet("inputs")
	header = uniqueHeaders(header)
	rows, err := x.startTable(sw, header, widths)
	if err != nil {
		return err
	}
	investments := r.Investments
	if cached != nil {
		// The rows are in the cached part.
		rows.n, investments = cached.rows, nil
	}
	for i := range investments {
		a := &investments[i]
		pi, ok := index[a.ID]
		row := []any{x.str(a.ID), x.long(a.Name)}
		if !ok {
			if err := rows.add(append(row, x.str(source(a)))); err != nil {
				return err
			}
			continue
		}
		var sources []string
		seen := map[string]bool{}
		for _, fi := range fields {
			if c := port.Value(pi, fi).Cell; !c.IsZero() {
				if s := rowName(c, sheetsName); !seen[s] {
					seen[s] = true
					sources = append(sources, s)
				}
			}
		}
		if len(sources) == 0 {
			sources = append(sources, source(a))
		}
		row = append(row, x.long(strings.Join(sources, "; ")))
		for _, fi := range fields {
			row = append(row, x.valueCell(port.Value(pi, fi), port.Fields[fi].Kind))
		}
		if err := rows.add(row); err != nil {
			return err
		}
	}
	return x.later(rows, func(n int) error {
		made(n)
		last := n + 1
		if err := xlsxTable(sw, "Inputs", len(header), last); err != nil {
			return err
		}
		return x.done(sw, name, len(header), last)
	})
}

// inputCells writes the Inputs sheet of a pack without its set and
// portfolio: per investment and criterion, the value it gave (0–100),
// whether its input was missing and the cells it was read from.
func (x *xlsxWriter) inputCells() error {
	l, r := x.l, x.p.Score
	name := l.sheetInputs
	header := []string{l.id, l.criterion, l.criterionTitle, l.missing, l.scoreUnit, l.cells}
	widths := []float64{15, 10, 30, 10, 10, 40}
	sw, err := x.sheet(name, sheetLayout{widths: widths, table: true})
	if err != nil {
		return err
	}
	rows, err := x.startTable(sw, header, widths)
	if err != nil {
		return err
	}
	for i := range r.Investments {
		a := &r.Investments[i]
		for k, c := range r.Leaves {
			missing := ""
			if slices.Contains(a.Missing, c.ID) {
				missing = l.missingWord
			}
			var cells []string
			for _, cell := range r.InputCells(a, k) {
				cells = append(cells, cell.String())
			}
			if err := rows.add([]any{x.str(a.ID), x.str(c.ID), x.str(leafTitle(c, x.lang)), x.str(missing),
				x.num(a.Values[k]*100, x.score), x.str(strings.Join(cells, ", "))}); err != nil {
				return err
			}
		}
	}
	n, err := rows.finish()
	if err != nil {
		return err
	}
	last := n + 1
	if err := xlsxTable(sw, "Inputs", len(header), last); err != nil {
		return err
	}
	return x.done(sw, name, len(header), last)
}

// valueCell is a portfolio value as read: numbers as numbers (percents as
// shares in a percent format), the rest as text; "saknas" when missing.
func (x *xlsxWriter) valueCell(v portfolio.Value, k portfolio.Kind) any {
	if !v.Present {
		return x.str(x.l.missingWord)
	}
	switch k {
	case portfolio.Number:
		return excelize.Cell{StyleID: x.text, Value: v.Num}
	case portfolio.Percent:
		return x.num(v.Num, x.pct)
	case portfolio.Scale:
		if v.Text != "" {
			return x.str(v.Text)
		}
		return excelize.Cell{StyleID: x.text, Value: v.Num}
	case portfolio.YesNo:
		if v.Bool {
			return x.str(x.l.yesWord)
		}
		return x.str(x.l.noWord)
	case portfolio.Date:
		return x.str(v.Date.Format(time.DateOnly))
	}
	return x.long(v.Text)
}

// about writes the About sheet.
func (x *xlsxWriter) about() error {
	l, r := x.l, x.p.Score
	name := l.sheetAbout
	widths := []float64{24, 40, 8, 22}
	sw, err := x.sheet(name, sheetLayout{widths: widths})
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(l.key, l.val)}
	add := func(k string, v any) { rows = append(rows, []any{x.str(k), v}) }
	add(l.criteriaSet, x.long(criteriaName(r.Criteria, x.lang)))
	add(l.criteriaID, x.str(r.Criteria.ID))
	add(l.criteriaVersion, x.str(r.Criteria.Version))
	add(l.criteriaStatus, x.str(statusWord(r.Criteria.Status, x.lang)))
	add(l.sha256, x.long(r.Criteria.SHA256))
	if x.date != "" {
		add(l.date, x.str(x.date))
	}
	if s := x.p.Sensitivity; s != nil {
		add(l.seed, x.str(fmt.Sprint(s.Seed)))
		add(l.samples, x.num(float64(s.Samples), x.integer))
		add(l.weightsModel, x.str(weightModel(s.Weights, x.lang)))
		add(l.top, x.num(float64(s.Top), x.integer))
	}
	if sel := x.p.Selection; sel != nil {
		for _, kv := range selectionAbout(sel, x.lang) {
			add(kv[0], x.long(kv[1]))
		}
	}
	if x.version != "" {
		add(l.prioVersion, x.str(x.version))
	}
	rows = append(rows, nil, x.headerRow(l.path, l.sheet, l.rows, l.sha256))
	for _, in := range r.Inputs {
		rows = append(rows, []any{x.long(in.Path), x.str(in.Sheet), x.num(float64(in.Rows), x.integer), x.long(in.SHA256)})
	}
	warnings := r.Warnings
	if x.p.Sensitivity != nil {
		warnings = x.p.Sensitivity.Warnings
	}
	if sel := x.p.Selection; sel != nil {
		warnings = append(slices.Clip(warnings), sel.Outcome.Setup.Warnings...)
	}
	if len(warnings) > 0 {
		rows = append(rows, nil, x.headerRow(l.warnings))
		for _, w := range warnings {
			rows = append(rows, []any{x.long(w.In(messages.Lang(x.lang)))})
		}
	}
	if err := x.setRows(sw, 1, rows, widths); err != nil {
		return err
	}
	return x.done(sw, name, len(widths), len(rows))
}

// uniqueHeaders makes table headers unique, as Excel requires, by
// numbering repeats.
func uniqueHeaders(hs []string) []string {
	seen := map[string]int{}
	out := make([]string, len(hs))
	for i, h := range hs {
		seen[h]++
		if seen[h] > 1 {
			h = fmt.Sprintf("%s (%d)", h, seen[h])
		}
		out[i] = h
	}
	return out
}

// xmlText drops what XML 1.0 cannot hold (control characters other than
// tab, newline and carriage return, and invalid UTF-8), which excelize
// would write as is; everything else is kept exactly.
func xmlText(s string) string {
	ok := func(r rune) bool {
		return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r != 0xFFFE && r != 0xFFFF && r != utf8.RuneError)
	}
	clean := true
	for _, r := range s {
		if !ok(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if ok(r) {
			return r
		}
		return -1
	}, s)
}

// xlsxPackage is the zip package of a workbook as excelize writes it
// (excelize.ZipWriter), made canonical so that the same content always
// gives the same bytes: parts in sorted order (which puts
// [Content_Types].xml first), each deflated with a fixed modification
// time, and the entries of [Content_Types].xml sorted (excelize writes
// them in map order once a chart is added).
//
// Excelize writes the parts in an order of its own, so each part is
// deflated as it is written into a zip of its own, and the parts are
// copied, still deflated, into the package in sorted order at the end:
// each part is compressed once and never held whole uncompressed (the
// sheets of 100,000 investments are 300 MB of XML). Every part is
// deflated at the fastest level (the default level took seconds for a
// large part, and an eighth of a batch's CPU for the small ones); a part
// that grows past xlsxFastPart in blocks on all cores (parallelDeflate).
type xlsxPackage struct {
	w     io.Writer
	parts []*xlsxPart
	open  *xlsxPart
	// reused are parts deflated by an earlier workbook, which replace what
	// excelize writes to them; offers the parts that go to the
	// workbooks' shared sheets once deflated (see shareSheet).
	reused map[string]*sharedSheet
	offers map[string]*sheetOffer
}

// xlsxFastPart is the size of a part past which it is deflated in
// blocks on all cores.
const xlsxFastPart = 4 << 20

type xlsxPart struct {
	name string
	raw  bytes.Buffer // the part while it is small, and [Content_Types].xml
	zip  blockBuffer  // the part deflated in a zip of its own
	zw   *zip.Writer  // writing zip, once the part is past xlsxFastPart
	fw   io.Writer
	// cached, when set, is the part as an earlier workbook deflated it:
	// what excelize writes to the part is dropped.
	cached *sharedSheet
}

func newXLSXPackage(w io.Writer) *xlsxPackage { return &xlsxPackage{w: w} }

func (p *xlsxPackage) Create(name string) (io.Writer, error) {
	if err := p.closePart(); err != nil {
		return nil, err
	}
	p.open = &xlsxPart{name: name, cached: p.reused[name]}
	p.parts = append(p.parts, p.open)
	return p.open, nil
}

// AddFS is not used by the workbooks prio writes.
func (p *xlsxPackage) AddFS(fs.FS) error {
	return errors.New("xlsx: AddFS is not supported") // not a message: excelize calls it only for a workbook made from files, which prio never does
}

func (part *xlsxPart) Write(b []byte) (int, error) {
	if part.cached != nil {
		return len(b), nil
	}
	if part.zw == nil && (part.name == "[Content_Types].xml" || part.raw.Len()+len(b) <= xlsxFastPart) {
		return part.raw.Write(b)
	}
	if part.zw == nil {
		if err := part.startZip(func(w io.Writer) (io.WriteCloser, error) { return newParallelDeflate(w), nil }); err != nil {
			return 0, err
		}
	}
	return part.fw.Write(b)
}

// startZip begins the part's own zip with the given compressor (nil: zip's
// default) and writes what the part holds so far into it.
func (part *xlsxPart) startZip(comp zip.Compressor) error {
	part.zw = zip.NewWriter(&part.zip)
	if comp != nil {
		part.zw.RegisterCompressor(zip.Deflate, comp)
	}
	fw, err := part.zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: xlsxZipTime})
	if err != nil {
		return err
	}
	part.fw = fw
	if _, err := fw.Write(part.raw.Bytes()); err != nil {
		return err
	}
	part.raw = bytes.Buffer{}
	return nil
}

// closePart finishes the part being written.
func (p *xlsxPackage) closePart() error {
	part := p.open
	p.open = nil
	if part == nil || part.name == "[Content_Types].xml" || part.cached != nil {
		return nil
	}
	if part.zw == nil {
		// The fastest level for the small parts too: deflating them at
		// zip's default level was an eighth of a batch's CPU (20
		// agencies × 300).
		if err := part.startZip(newFastDeflate); err != nil {
			return err
		}
	}
	if err := part.zw.Close(); err != nil {
		return err
	}
	if o := p.offers[part.name]; o != nil {
		// The cache shares the part's blocks, which are not written again.
		o.keep(part.zip)
	}
	return nil
}

// Close writes the package: the parts in sorted order.
func (p *xlsxPackage) Close() error {
	if err := p.closePart(); err != nil {
		return err
	}
	slices.SortFunc(p.parts, func(a, b *xlsxPart) int { return strings.Compare(a.name, b.name) })
	zw := zip.NewWriter(p.w)
	for _, part := range p.parts {
		if part.name == "[Content_Types].xml" {
			fw, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: xlsxZipTime})
			if err != nil {
				return err
			}
			if _, err := fw.Write(sortContentTypes(part.raw.Bytes())); err != nil {
				return err
			}
			continue
		}
		deflated := part.zip
		if part.cached != nil {
			deflated = part.cached.zip
		}
		zr, err := zip.NewReader(&deflated, deflated.Len())
		if err != nil {
			return err
		}
		// As zw.Copy copies it, under the part's name: a cached part is
		// named as the workbook that deflated it named it.
		raw, err := zr.File[0].OpenRaw()
		if err != nil {
			return err
		}
		fh := zr.File[0].FileHeader
		fh.Name = part.name
		fw, err := zw.CreateRaw(&fh)
		if err != nil {
			return err
		}
		if _, err := io.Copy(fw, raw); err != nil {
			return err
		}
		part.zip = blockBuffer{}
	}
	return zw.Close()
}

// contentTypeEntry is one entry of [Content_Types].xml, as excelize
// writes it (<Default …></Default>) or as it could (<Default …/>).
var contentTypeEntry = regexp.MustCompile(`<(?:Default|Override) [^>]*?(?:/>|></(?:Default|Override)>)`)

// sortContentTypes sorts the Default and Override entries of
// [Content_Types].xml (Defaults first, each kind by its text), keeping the
// rest as it is. Their order has no meaning in the package format.
func sortContentTypes(body []byte) []byte {
	locs := contentTypeEntry.FindAllIndex(body, -1)
	if len(locs) == 0 {
		return body
	}
	// The entries must be one run, with nothing between them but
	// themselves; otherwise leave the part alone.
	start, end := locs[0][0], locs[len(locs)-1][1]
	entries := make([]string, len(locs))
	length := 0
	for i, loc := range locs {
		entries[i] = string(body[loc[0]:loc[1]])
		length += loc[1] - loc[0]
	}
	if length != end-start {
		return body
	}
	slices.SortFunc(entries, func(a, b string) int {
		da, db := strings.HasPrefix(a, "<Default"), strings.HasPrefix(b, "<Default")
		if da != db {
			if da {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	out := slices.Clone(body[:start])
	out = append(out, strings.Join(entries, "")...)
	return append(out, body[end:]...)
}

// xlsxSetRows writes rows from row 1 on.
func xlsxSetRows(sw *excelize.StreamWriter, rows [][]any) error {
	for i, r := range rows {
		if err := sw.SetRow(xlsxCellName(1, 1+i), r); err != nil {
			return err
		}
	}
	return nil
}

// rowName names the row of a cell: "book.xlsx: Blad!7:7", as a workbook
// names a whole row ("Blad!7:7" when sheetOnly), or "file.csv:7".
func rowName(c portfolio.Cell, sheetOnly bool) string {
	switch {
	case c.Sheet != "" && sheetOnly:
		return fmt.Sprintf("%s!%d:%d", c.Sheet, c.Row, c.Row)
	case c.Sheet != "":
		return fmt.Sprintf("%s: %s!%d:%d", c.File, c.Sheet, c.Row, c.Row)
	}
	return fmt.Sprintf("%s:%d", c.File, c.Row)
}

// sheetsNameInputs reports whether the sheets' names tell the inputs
// apart: every input is a workbook and no two share a sheet's name. Cells
// and rows are then named by the sheet alone, "Investeringar!A7", which
// keeps the workbook's columns narrow; the About sheet names the files.
func sheetsNameInputs(inputs []portfolio.Input) bool {
	names := map[string]bool{}
	for _, in := range inputs {
		if in.Sheet == "" || names[in.Sheet] {
			return false
		}
		names[in.Sheet] = true
	}
	return true
}

// cellName names a cell: "Blad!A7" when sheetOnly, else as
// portfolio.Cell's RowString does; "" for an unset cell.
func cellName(c portfolio.Cell, sheetOnly bool) string {
	switch {
	case c.IsZero():
		return ""
	case c.Sheet != "" && sheetOnly:
		return fmt.Sprintf("%s!%s%d", c.Sheet, portfolio.ColumnName(c.Col), c.Row)
	}
	return c.RowString()
}
