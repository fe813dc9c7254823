package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// WriteXLSX writes a pack as an Excel workbook for analysts, in o.Lang
// (Swedish by default; sheet names, headers and words follow it, numbers
// are numbers that Excel shows in the reader's own format). Its sheets:
//   - Ranking: rank, id, name, agency, status, score (0–100) with a data
//     bar, failed gates, missing inputs and source cell, as an Excel table
//     with filters and a frozen header, and a bar chart of the scores;
//   - Contributions: each investment's contribution per criterion, with a
//     stacked bar chart;
//   - Gates: every gate result with its reason;
//   - Sensitivity, when the pack has an analysis: the rank-acceptability
//     matrix as a colour scale, the top-k share, confidence and rank range
//     of each investment, and the weights' stability intervals with the
//     swap at each bound;
//   - Inputs: the values read for each investment and criterion, with their
//     source cells (the values only when the pack has Set and Portfolio);
//   - About this run: the criteria set's id, version, status and sha256,
//     each input's path, sheet, sha256 and row count, the analysis's seed
//     and samples, prio's version and the warnings.
//
// Text from the inputs is written as strings, never as formulas: a name
// "=HYPERLINK(…)" is that text in its cell. The workbook is deterministic:
// the same pack and options give the same bytes (fixed document
// properties, the package's parts in sorted order with fixed times; see
// canonicalXLSX).
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
	x := &xlsxWriter{f: f, p: p, lang: lang, l: packWords[lang], version: o.Version}
	if err := x.styles(); err != nil {
		return err
	}
	steps := []func() error{x.ranking, x.contributions, x.gates}
	if p.Sensitivity != nil {
		steps = append(steps, x.sensitivity)
	}
	steps = append(steps, x.inputs, x.about)
	return x.finish(w, steps, x.l.title+" – "+criteriaName(p.Score.Criteria, lang))
}

// finish runs the steps that write the sheets, sets the fixed document
// properties and writes the workbook to w in canonical form.
func (x *xlsxWriter) finish(w io.Writer, steps []func() error, title string) error {
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
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
	var raw bytes.Buffer
	if _, err := x.f.WriteTo(&raw); err != nil {
		return err
	}
	out, err := canonicalXLSX(raw.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// xlsxEpoch is the fixed creation and modification time of every workbook
// (the start of the zip format's DOS dates): a report carries no clock.
const xlsxEpoch = "1980-01-01T00:00:00Z"

var xlsxZipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

type xlsxWriter struct {
	f       *excelize.File
	p       *Pack
	lang    string
	l       packLabels
	version string
	sheets  int
	// Styles.
	header, text, wrap, score, pct, integer int
}

func (x *xlsxWriter) styles() error {
	var err error
	newStyle := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		id, e := x.f.NewStyle(s)
		err = e
		return id
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
	oneDecimal, percent, whole := "0.0", "0.0%", "0"
	x.score = newStyle(&excelize.Style{CustomNumFmt: &oneDecimal, Alignment: top})
	x.pct = newStyle(&excelize.Style{CustomNumFmt: &percent, Alignment: top})
	x.integer = newStyle(&excelize.Style{CustomNumFmt: &whole, Alignment: top})
	return err
}

// sheet starts a stream-written sheet: the first renames the default one.
// Column widths and the frozen header must be set before any row.
func (x *xlsxWriter) sheet(name string, widths []float64, freeze bool) (*excelize.StreamWriter, error) {
	if x.sheets == 0 {
		if err := x.f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := x.f.NewSheet(name); err != nil {
		return nil, err
	}
	x.sheets++
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	if freeze {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
	}
	return sw, nil
}

// Cell values for SetRow.
func (x *xlsxWriter) str(s string) excelize.Cell {
	return excelize.Cell{StyleID: x.text, Value: xmlText(s)}
}
func (x *xlsxWriter) long(s string) excelize.Cell {
	return excelize.Cell{StyleID: x.wrap, Value: xmlText(s)}
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

// xlsxCellName is the A1 name of column col (from 1) in row.
func xlsxCellName(col, row int) string {
	return portfolio.ColumnName(col) + fmt.Sprint(row)
}

// xlsxRef is an absolute reference to a range of a sheet, for charts.
func xlsxRef(sheet string, col1, row1, col2, row2 int) string {
	q := "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", q, portfolio.ColumnName(col1), row1, portfolio.ColumnName(col2), row2)
}

// xlsxSetRows writes rows from row 1 on.
func xlsxSetRows(sw *excelize.StreamWriter, rows [][]any) error {
	for i, r := range rows {
		if err := sw.SetRow(xlsxCellName(1, i+1), r); err != nil {
			return err
		}
	}
	return nil
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

// ranking writes the Ranking sheet.
func (x *xlsxWriter) ranking() error {
	l, r := x.l, x.p.Score
	name := l.sheetRanking
	sw, err := x.sheet(name, []float64{7, 16, 46, 24, 12, 12, 20, 18, 34}, true)
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(l.rank, l.id, l.name, l.agency, l.status, l.scoreUnit, l.failedGates, l.missing, l.source)}
	ranked := 0
	for i := range r.Investments {
		a := &r.Investments[i]
		var rank any
		if a.Status != scoring.Excluded {
			rank = x.num(float64(a.Rank), x.integer)
			ranked++
		}
		rows = append(rows, []any{
			rank, x.str(a.ID), x.str(a.Name), x.str(a.Agency), x.str(investmentStatus(a.Status, x.lang)),
			x.num(a.Score*100, x.score), x.str(strings.Join(a.FailedGates(), ", ")),
			x.str(strings.Join(a.Missing, ", ")), x.str(source(a)),
		})
	}
	if err := xlsxSetRows(sw, rows); err != nil {
		return err
	}
	if err := xlsxTable(sw, "Ranking", 9, len(rows)); err != nil {
		return err
	}
	// Conditional formats and charts go in before Flush: excelize drops
	// those added to a stream-written sheet after it (excelize #1766).
	if len(r.Investments) > 0 {
		if err := x.f.SetConditionalFormat(name, "F2:"+xlsxCellName(6, len(rows)), []excelize.ConditionalFormatOptions{{
			Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "100",
			BarColor: "#6BAED6", BarSolid: true,
		}}); err != nil {
			return err
		}
	}
	if ranked > 0 {
		if err := x.f.AddChart(name, "K2", &excelize.Chart{
			Type:       excelize.Bar,
			VaryColors: xlsxBool(false),
			Series: []excelize.ChartSeries{{
				Name:       xlsxRef(name, 6, 1, 6, 1),
				Categories: xlsxRef(name, 2, 2, 2, ranked+1),
				Values:     xlsxRef(name, 6, 2, 6, ranked+1),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2171B5"}},
			}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: l.chartScores}}},
			Legend:    excelize.ChartLegend{Position: "none"},
			XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Size: 8}},
			YAxis:     excelize.ChartAxis{Minimum: xlsxFloat(0), Maximum: xlsxFloat(100), MajorGridLines: true},
			Dimension: xlsxChartSize(ranked),
		}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func xlsxFloat(f float64) *float64 { return &f }

// xlsxChartSize gives a bar chart room for a bar per investment.
func xlsxChartSize(n int) excelize.ChartDimension {
	return excelize.ChartDimension{Width: 640, Height: uint(max(320, 16*n+110))}
}

// contributions writes the Contributions sheet.
func (x *xlsxWriter) contributions() error {
	l, r := x.l, x.p.Score
	name := l.sheetContributions
	m := len(r.Leaves)
	widths := []float64{7, 16, 40}
	header := []string{l.rank, l.id, l.name}
	for _, c := range r.Leaves {
		h := plainText(c.ID)
		if t := leafTitle(c, x.lang); t != "" {
			h += " " + t
		}
		header = append(header, h)
		widths = append(widths, 14)
	}
	header = append(header, l.total)
	widths = append(widths, 10)
	sw, err := x.sheet(name, widths, true)
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(uniqueHeaders(header)...)}
	ranked := 0
	for i := range r.Investments {
		a := &r.Investments[i]
		var rank any
		if a.Status != scoring.Excluded {
			rank = x.num(float64(a.Rank), x.integer)
			ranked++
		}
		row := []any{rank, x.str(a.ID), x.str(a.Name)}
		for _, c := range a.Contributions {
			row = append(row, x.num(c*100, x.score))
		}
		rows = append(rows, append(row, x.num(a.Score*100, x.score)))
	}
	if err := xlsxSetRows(sw, rows); err != nil {
		return err
	}
	if err := xlsxTable(sw, "Contributions", m+4, len(rows)); err != nil {
		return err
	}
	if ranked > 0 && m > 0 {
		colours := sequentialColours(m)
		var series []excelize.ChartSeries
		for k := range r.Leaves {
			series = append(series, excelize.ChartSeries{
				Name:       xlsxRef(name, 4+k, 1, 4+k, 1),
				Categories: xlsxRef(name, 2, 2, 2, ranked+1),
				Values:     xlsxRef(name, 4+k, 2, 4+k, ranked+1),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{hexColour(colours[k])}},
			})
		}
		overlap := 100
		if err := x.f.AddChart(name, xlsxCellName(m+6, 2), &excelize.Chart{
			Type:       excelize.BarStacked,
			VaryColors: xlsxBool(false),
			Series:     series,
			Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: l.chartContrib}}},
			Legend:     excelize.ChartLegend{Position: "right"},
			XAxis:      excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Size: 8}},
			YAxis:      excelize.ChartAxis{Minimum: xlsxFloat(0), Maximum: xlsxFloat(100), MajorGridLines: true},
			Overlap:    &overlap,
			Dimension:  excelize.ChartDimension{Width: 760, Height: xlsxChartSize(ranked).Height},
		}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// gates writes the Gates sheet: every gate result of every investment.
func (x *xlsxWriter) gates() error {
	l, r := x.l, x.p.Score
	sw, err := x.sheet(l.sheetGates, []float64{16, 40, 12, 40, 24, 14, 60}, true)
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(l.id, l.name, l.gate, l.gateTitle, l.result, l.onFail, l.reason)}
	for i := range r.Investments {
		a := &r.Investments[i]
		for gi, g := range a.Gates {
			title := ""
			if gi < len(r.Gates) && r.Gates[gi] != nil {
				title = r.Gates[gi].Title.In(x.lang)
			}
			onFail := l.onFail2
			if g.OnFail == criteria.OnFailExclude {
				onFail = l.onFailExclude
			}
			outcome := l.passed
			switch {
			case !g.Passed:
				outcome = l.failed
			case !g.Evaluated:
				outcome = l.passedMissing
			}
			rows = append(rows, []any{
				x.str(a.ID), x.str(a.Name), x.str(g.ID), x.str(title), x.str(outcome), x.str(onFail), x.long(gateReason(g, x.lang)),
			})
		}
	}
	if err := xlsxSetRows(sw, rows); err != nil {
		return err
	}
	if err := xlsxTable(sw, "Gates", 7, len(rows)); err != nil {
		return err
	}
	return sw.Flush()
}

// sensitivity writes the Sensitivity sheet: the acceptability matrix as a
// table with a colour scale, then the stability intervals.
func (x *xlsxWriter) sensitivity() error {
	l, s := x.l, x.p.Sensitivity
	name := l.sheetSensitivity
	n := len(s.Investments)
	k := FormatNumber(float64(s.Top), 0, x.lang)
	const fixed = 8 // columns before the matrix
	widths := []float64{7, 16, 40, 12, 12, 12, 14, 14}
	header := []string{l.rank, l.id, l.name, l.scoreUnit, fmt.Sprintf(l.topK, k), l.confidence, l.rankRangeBest, l.rankRangeWorst}
	for r := 1; r <= n; r++ {
		header = append(header, fmt.Sprintf(l.rankN, r))
		widths = append(widths, 8)
	}
	sw, err := x.sheet(name, widths, true)
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(header...)}
	for i := range s.Investments {
		inv := &s.Investments[i]
		var conf any
		if inv.Confidence != nil {
			conf = x.num(*inv.Confidence, x.pct)
		}
		row := []any{
			x.num(float64(inv.Rank), x.integer), x.str(inv.ID), x.str(inv.Name), x.num(inv.Score*100, x.score),
			x.num(inv.TopK, x.pct), conf, x.num(float64(inv.RankRange.Best), x.integer), x.num(float64(inv.RankRange.Worst), x.integer),
		}
		for _, a := range inv.Acceptability {
			row = append(row, x.num(a, x.pct))
		}
		rows = append(rows, row)
	}
	matrixRows := len(rows)
	// The stability intervals, two rows under the matrix.
	rows = append(rows, nil, x.headerRow(l.criterion, l.criterionTitle, l.weight, l.rankingFrom, l.rankingTo,
		fmt.Sprintf(l.topKFrom, k), fmt.Sprintf(l.topKTo, k), l.swapBelow, l.swapAbove))
	for j, st := range s.Stability {
		below, above := "", ""
		if st.Below != nil {
			below = FormatNumber(st.Below.At*100, 1, x.lang) + " %: " + swapText(st.Below, x.lang)
		}
		if st.Above != nil {
			above = FormatNumber(st.Above.At*100, 1, x.lang) + " %: " + swapText(st.Above, x.lang)
		}
		rows = append(rows, []any{
			x.str(st.Leaf), x.str(leafTitle(x.p.Score.Leaves[j], x.lang)), x.num(st.Weight, x.pct),
			x.num(st.Ranking[0], x.pct), x.num(st.Ranking[1], x.pct), x.num(st.TopK[0], x.pct), x.num(st.TopK[1], x.pct),
			x.long(below), x.long(above),
		})
	}
	if err := xlsxSetRows(sw, rows); err != nil {
		return err
	}
	if err := xlsxTable(sw, "Acceptability", fixed+n, matrixRows); err != nil {
		return err
	}
	if n > 0 {
		if err := x.f.SetConditionalFormat(name, xlsxCellName(fixed+1, 2)+":"+xlsxCellName(fixed+n, matrixRows), []excelize.ConditionalFormatOptions{{
			Type: "2_color_scale", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "1",
			MinColor: "#FFFFFF", MaxColor: "#4292C6",
		}}); err != nil {
			return err
		}
		if err := x.f.SetConditionalFormat(name, xlsxCellName(5, 2)+":"+xlsxCellName(5, matrixRows), []excelize.ConditionalFormatOptions{{
			Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "1",
			BarColor: "#6BAED6", BarSolid: true,
		}}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// inputs writes the Inputs sheet: one row per investment, criterion and
// field read, with the value as read, its unit and cell, and the value the
// criterion gave it (0–100).
func (x *xlsxWriter) inputs() error {
	l, r := x.l, x.p.Score
	sw, err := x.sheet(l.sheetInputs, []float64{16, 12, 30, 18, 16, 8, 10, 12, 40}, true)
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(l.id, l.criterion, l.criterionTitle, l.field, l.valueRead, l.unit, l.missing, l.criterionValue, l.cells)}
	port := x.p.Portfolio
	index := map[string]int{}
	if port != nil {
		for i, inv := range port.Investments {
			index[inv.ID] = i
		}
	}
	for i := range r.Investments {
		a := &r.Investments[i]
		pi, inPortfolio := index[a.ID]
		for k, c := range r.Leaves {
			missing := ""
			if slices.Contains(a.Missing, c.ID) {
				missing = l.yes
			}
			value := x.num(a.Values[k]*100, x.score)
			fields := x.fieldsOf(c.Field)
			if port == nil || !inPortfolio || len(fields) == 0 {
				var cells []string
				for _, cell := range r.InputCells(a, k) {
					cells = append(cells, cell.String())
				}
				rows = append(rows, []any{x.str(a.ID), x.str(c.ID), x.str(leafTitle(c, x.lang)), x.str(c.Field),
					nil, nil, x.str(missing), value, x.str(strings.Join(cells, ", "))})
				continue
			}
			for _, fi := range fields {
				v := port.Value(pi, fi)
				unit := ""
				if sf := x.setField(port.Fields[fi].Name); sf != nil {
					unit = sf.Unit.Name
				}
				cell := ""
				if !v.Cell.IsZero() {
					cell = v.Cell.String()
				}
				rows = append(rows, []any{x.str(a.ID), x.str(c.ID), x.str(leafTitle(c, x.lang)), x.str(port.Fields[fi].Name),
					x.valueCell(v, port.Fields[fi].Kind), x.str(unit), x.str(missing), value, x.str(cell)})
			}
		}
	}
	if err := xlsxSetRows(sw, rows); err != nil {
		return err
	}
	if err := xlsxTable(sw, "Inputs", 9, len(rows)); err != nil {
		return err
	}
	return sw.Flush()
}

// fieldsOf lists the portfolio fields a criterion's field is read from:
// the field itself, or, for a derived field, the portfolio fields its
// expression reads, directly or through other derived fields, in order of
// first appearance. Nil without a portfolio.
func (x *xlsxWriter) fieldsOf(name string) []int {
	port := x.p.Portfolio
	if port == nil {
		return nil
	}
	var out []int
	seen := map[string]bool{}
	var walk func(string)
	walk = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		if fi := port.FieldIndex(n); fi >= 0 {
			out = append(out, fi)
			return
		}
		if x.p.Set == nil {
			return
		}
		for _, d := range x.p.Set.Derived {
			if d.Name == n {
				for _, in := range d.Inputs {
					walk(in)
				}
			}
		}
	}
	walk(name)
	return out
}

func (x *xlsxWriter) setField(name string) *criteria.Field {
	if x.p.Set == nil {
		return nil
	}
	return x.p.Set.Field(name)
}

// valueCell is a portfolio value as read: numbers as numbers (percents as
// shares in a percent format), the rest as text; nil when missing.
func (x *xlsxWriter) valueCell(v portfolio.Value, k portfolio.Kind) any {
	if !v.Present {
		return nil
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
	return x.str(v.Text)
}

// about writes the About sheet.
func (x *xlsxWriter) about() error {
	l, r := x.l, x.p.Score
	sw, err := x.sheet(l.sheetAbout, []float64{28, 70, 10, 70}, false)
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(l.key, l.val)}
	add := func(k string, v any) { rows = append(rows, []any{x.str(k), v}) }
	add(l.criteriaSet, x.str(criteriaName(r.Criteria, x.lang)))
	add(l.criteriaID, x.str(r.Criteria.ID))
	add(l.criteriaVersion, x.str(r.Criteria.Version))
	add(l.criteriaStatus, x.str(statusWord(r.Criteria.Status, x.lang)))
	add(l.sha256, x.str(r.Criteria.SHA256))
	if s := x.p.Sensitivity; s != nil {
		add(l.seed, x.str(fmt.Sprint(s.Seed)))
		add(l.samples, x.num(float64(s.Samples), x.integer))
		add(l.weightsModel, x.str(weightModel(s.Weights, x.lang)))
		add(l.top, x.num(float64(s.Top), x.integer))
	}
	if x.version != "" {
		add(l.prioVersion, x.str(x.version))
	}
	rows = append(rows, nil, x.headerRow(l.path, l.sheet, l.rows, l.sha256))
	for _, in := range r.Inputs {
		rows = append(rows, []any{x.str(in.Path), x.str(in.Sheet), x.num(float64(in.Rows), x.integer), x.str(in.SHA256)})
	}
	warnings := r.Warnings
	if x.p.Sensitivity != nil {
		warnings = x.p.Sensitivity.Warnings
	}
	if len(warnings) > 0 {
		rows = append(rows, nil, x.headerRow(l.warnings))
		for _, w := range warnings {
			rows = append(rows, []any{x.long(w)})
		}
	}
	if err := xlsxSetRows(sw, rows); err != nil {
		return err
	}
	return sw.Flush()
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

// hexColour is a colour as excelize takes it: "440154".
func hexColour(c interface{ RGBA() (r, g, b, a uint32) }) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("%02X%02X%02X", r>>8, g>>8, b>>8)
}

// canonicalXLSX rewrites a workbook's zip package so that the same
// content always gives the same bytes: parts in sorted order (which puts
// [Content_Types].xml first), each deflated with a fixed modification time,
// and the entries of [Content_Types].xml sorted (excelize writes them in
// map order once a chart is added).
func canonicalXLSX(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range files {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if f.Name == "[Content_Types].xml" {
			body = sortContentTypes(body)
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: xlsxZipTime})
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
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
