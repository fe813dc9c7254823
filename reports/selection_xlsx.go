package reports

import (
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"

	"github.com/prio-tool/prio/scoring/selection"
)

// funding writes the workbook's funding sheet (Finansiering): what to fund
// within the budget frames, as the HTML pack's selection chapter tells it —
// the title, where the budgets come from, whether the selection is proven
// optimal and the summary lines; the budgets with what is used and left,
// under the year columns of the funded list; the funded investments with
// their value and costs (and loss and funding probability when computed);
// those not funded with the reason in a sentence; and, when the frontier
// was asked for, its table and a chart of it with the ranking line.
func (x *xlsxWriter) funding() error {
	s := x.p.Selection
	l := selectionWords[x.lang]
	ss := newSelectionStory(s, x.lang)
	name := l.sheet

	// The columns are those of the funded list: rank, id, name, value, one
	// per budget, their sum, the loss, the probability and its class; at
	// least eight, which the frontier's table (from column C) needs.
	head, _ := fundedColumns(s, &ss, x.lang)
	widths := []float64{6, 15, 34, 10}
	for range ss.Budgets {
		widths = append(widths, 10)
	}
	if len(ss.Budgets) > 1 {
		widths = append(widths, 10)
	}
	if ss.Losses {
		widths = append(widths, 12)
	}
	if ss.Probability {
		widths = append(widths, 11, 11)
	}
	for len(widths) < 8 {
		widths = append(widths, 12)
	}
	last := len(widths)
	span := func(from, to int) float64 {
		w := 0.0
		for _, x := range widths[from-1 : to] {
			w += x
		}
		return w
	}
	lay := sheetLayout{widths: widths}
	sw, err := x.sheet(name, lay)
	if err != nil {
		return err
	}
	row := 0
	// put writes a paragraph across columns from..last, as tall as its
	// wrapped text.
	put := func(text string, style, from int) error {
		row++
		cell := xlsxCellName(from, row)
		height := min(float64(lines(text, span(from, last)))*xlsxLineHeight*styleScale(style, x)+4, xlsxMaxRowHeight)
		if err := sw.SetRow(cell, []any{x.styled(text, style)}, excelize.RowOpts{Height: height}); err != nil {
			return err
		}
		return sw.MergeCell(cell, xlsxCellName(last, row))
	}
	setRow := func(cells []any, texts []string) error {
		row++
		var opts []excelize.RowOpts
		if texts != nil {
			opts = append(opts, excelize.RowOpts{Height: rowHeight(texts, widths)})
		}
		return sw.SetRow(xlsxCellName(1, row), cells, opts...)
	}
	title := ss.Heading
	if a := packAgency(x.p); a != "" {
		title += " – " + a
	}
	if err := put(title, x.title, 1); err != nil {
		return err
	}
	if err := put(ss.Source, x.text, 1); err != nil {
		return err
	}
	if err := put(ss.Status, x.bold, 1); err != nil {
		return err
	}
	for _, line := range ss.Lines {
		if err := put(line, x.lead, 1); err != nil {
			return err
		}
	}
	if len(ss.Conflict) > 0 {
		row++
		if err := put(l.conflict+":", x.bold, 1); err != nil {
			return err
		}
		for _, c := range ss.Conflict {
			if err := put(c, x.wrap, 1); err != nil {
				return err
			}
		}
	}

	// The budgets, each under its column of the funded list.
	row++
	if err := put(l.budgetsHeading, x.bold, 1); err != nil {
		return err
	}
	budgetHead := []any{nil, nil, x.styled(amountHeading(l.budget, ss.Unit), x.header), nil}
	for _, b := range ss.Budgets {
		budgetHead = append(budgetHead, x.styled(b.Name, x.header))
	}
	if len(ss.Budgets) > 1 {
		budgetHead = append(budgetHead, x.styled(l.totalYears, x.header))
	}
	if err := setRow(budgetHead, nil); err != nil {
		return err
	}
	var frame, used, left float64
	for _, b := range ss.Budgets {
		frame, used, left = frame+b.Frame, used+b.Used, left+b.Left
	}
	for _, line := range []struct {
		label string
		of    func(b selectionBudget) float64
		total float64
	}{
		{l.frame, func(b selectionBudget) float64 { return b.Frame }, frame},
		{l.used, func(b selectionBudget) float64 { return b.Used }, used},
		{l.left, func(b selectionBudget) float64 { return b.Left }, left},
	} {
		cells := []any{nil, nil, x.str(line.label), nil}
		for _, b := range ss.Budgets {
			cells = append(cells, x.num(line.of(b), x.score))
		}
		if len(ss.Budgets) > 1 {
			cells = append(cells, x.num(line.total, x.score))
		}
		if err := setRow(cells, nil); err != nil {
			return err
		}
	}
	shares := []any{nil, nil, x.str(l.share), nil}
	for _, b := range ss.Budgets {
		if b.Frame > 0 {
			shares = append(shares, x.num(b.Used/b.Frame, x.pct))
		} else {
			shares = append(shares, nil)
		}
	}
	if len(ss.Budgets) > 1 && frame > 0 {
		shares = append(shares, x.num(used/frame, x.pct))
	}
	if err := setRow(shares, nil); err != nil {
		return err
	}
	if ss.Unbudgeted != "" {
		if err := put(ss.Unbudgeted, x.wrap, 1); err != nil {
			return err
		}
	}
	if !ss.HasPortfolio {
		return x.done(sw, name, last, row)
	}

	// The funded.
	row++
	if err := put(l.funded+" ("+FormatNumber(float64(len(ss.Funded)), 0, x.lang)+")", x.bold, 1); err != nil {
		return err
	}
	if err := setRow(x.headerRow(head...), head); err != nil {
		return err
	}
	n2, err := x.numberStyle("0.00")
	if err != nil {
		return err
	}
	n3, err := x.numberStyle("0.000")
	if err != nil {
		return err
	}
	for _, it := range ss.Funded {
		if err := setRow(x.fundedRow(s, &ss, it, n2, n3), []string{"", "", it.Name}); err != nil {
			return err
		}
	}

	// The not funded, the reason across the middle columns.
	row++
	if err := put(l.notFunded+" ("+FormatNumber(float64(len(ss.NotFunded)), 0, x.lang)+")", x.bold, 1); err != nil {
		return err
	}
	reasonTo := last
	if ss.Probability {
		reasonTo = last - 2
	}
	nh := []any{x.styled(l.rank, x.header), x.styled(l.id, x.header), x.styled(l.name, x.header), x.styled(l.reason, x.header)}
	for c := 5; c <= reasonTo; c++ {
		nh = append(nh, x.styled("", x.header))
	}
	if ss.Probability {
		nh = append(nh, x.styled(l.probability, x.header), x.styled(l.class, x.header))
	}
	if err := setRow(nh, nil); err != nil {
		return err
	}
	if err := sw.MergeCell(xlsxCellName(4, row), xlsxCellName(reasonTo, row)); err != nil {
		return err
	}
	reasonWidth := span(4, reasonTo)
	for _, it := range ss.NotFunded {
		r := it.row
		var rank any
		if r.a.Rank > 0 {
			rank = x.num(float64(r.a.Rank), x.integer)
		}
		cells := []any{rank, x.str(r.a.ID), x.long(r.a.Name), x.long(it.Reason)}
		for c := 5; c <= reasonTo; c++ {
			cells = append(cells, nil)
		}
		if ss.Probability {
			cells = append(cells, x.num(r.prob, x.pct), x.str(it.Class))
		}
		height := max(rowHeight([]string{"", "", it.Name}, widths), rowHeight([]string{it.Reason}, []float64{reasonWidth}))
		row++
		if err := sw.SetRow(xlsxCellName(1, row), cells, excelize.RowOpts{Height: height}); err != nil {
			return err
		}
		if err := sw.MergeCell(xlsxCellName(4, row), xlsxCellName(reasonTo, row)); err != nil {
			return err
		}
	}
	if ss.Thresholds != "" {
		if err := put(ss.Thresholds, x.wrap, 1); err != nil {
			return err
		}
	}
	if len(ss.Frontier) == 0 {
		return x.done(sw, name, last, row)
	}

	// The frontier on a page of its own: its table from column C, then its
	// chart.
	row++
	if err := sw.InsertPageBreak(xlsxCellName(1, row+1)); err != nil {
		return err
	}
	if err := put(l.frontier, x.bold, 1); err != nil {
		return err
	}
	if err := put(l.frontierNote+" "+l.frontierHull+" "+l.frontierRows, x.wrap, 1); err != nil {
		return err
	}
	fh, _ := frontierColumns(s, &ss, x.lang)
	fhead := []any{nil, nil}
	for _, h := range fh {
		fhead = append(fhead, x.styled(h, x.header))
	}
	texts := append([]string{"", ""}, fh...)
	if err := setRow(fhead, texts); err != nil {
		return err
	}
	top := row + 1
	scale := 1.0
	if s.ScoreValue {
		scale = 100
	}
	for _, fr := range ss.Frontier {
		fp := fr.point
		cells := []any{nil, nil, x.str(fr.Scale), x.num(fp.Budget, x.score)}
		if fp.Feasible {
			var line, gain, hull any
			if fp.Line != nil && fp.Line.Feasible {
				line = x.num(fp.Line.Value*scale, x.score)
				gain = x.num(math.Max(0, fp.Value-fp.Line.Value)*scale, x.score)
			}
			if fp.Supported {
				hull = x.num(fp.Value*scale, x.score)
			}
			cells = append(cells, x.num(fp.Value*scale, x.score), line, gain, hull)
		} else {
			cells = append(cells, x.str(l.noRoom))
		}
		if err := setRow(cells, nil); err != nil {
			return err
		}
	}
	bottom := row
	row += 2
	axisFont := excelize.Font{Family: xlsxFont, Size: 8, Color: "1A1A1A"}
	axisTitle := func(text string) excelize.ChartTitle {
		return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: text, Font: &excelize.Font{Family: xlsxFont, Size: 9, Color: "1A1A1A"}}}}
	}
	xTitle, yTitle := capitalise(l.frontierBudget, true), l.axisValue
	if ss.Unit != "" {
		xTitle = fmt.Sprintf(l.axisBudget, ss.Unit)
	}
	if s.ScoreValue {
		yTitle += " (" + l.points + ")"
	}
	blue, vermillion := hexColour(usedColour), hexColour(lineColour)
	solid := func(colour string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}
	}
	budgets := xlsxRef(name, 4, top, 4, bottom)
	series := []excelize.ChartSeries{
		{
			Name: xlsxRef(name, 5, top-1, 5, top-1), Categories: budgets, Values: xlsxRef(name, 5, top, 5, bottom),
			Fill: solid(blue), Line: excelize.LineOptions{Type: excelize.LineSolid, Width: 1.75},
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 7, Fill: solid("FFFFFF"),
				Border: excelize.LineOptions{Type: excelize.LineSolid, Width: 1.25, Fill: solid(blue)}},
		},
		{
			Name: xlsxRef(name, 8, top-1, 8, top-1), Categories: budgets, Values: xlsxRef(name, 8, top, 8, bottom),
			Line:   excelize.LineOptions{Type: excelize.LineNone},
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 7, Fill: solid(blue), Border: excelize.LineOptions{Type: excelize.LineSolid, Width: 1.25, Fill: solid(blue)}},
		},
		{
			Name: xlsxRef(name, 6, top-1, 6, top-1), Categories: budgets, Values: xlsxRef(name, 6, top, 6, bottom),
			Fill: solid(vermillion), Line: excelize.LineOptions{Type: excelize.LineSolid, Width: 1.5, Dash: excelize.LineDashDash},
			Marker: excelize.ChartMarker{Symbol: "square", Size: 4, Fill: solid(vermillion), Border: excelize.LineOptions{Type: excelize.LineSolid, Width: 0.75, Fill: solid(vermillion)}},
		},
	}
	height := uint(360)
	if err := x.f.AddChart(name, xlsxCellName(1, row), &excelize.Chart{
		Type:   excelize.Scatter,
		Series: series,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: l.frontierChart,
			Font: &excelize.Font{Family: xlsxFont, Size: 11, Bold: true, Color: "1A1A1A"}}}},
		Legend:       excelize.ChartLegend{Position: "bottom", Font: &excelize.Font{Family: xlsxFont, Size: 8, Color: "1A1A1A"}},
		XAxis:        excelize.ChartAxis{Minimum: xlsxFloat(0), MajorGridLines: true, Font: axisFont, Title: axisTitle(xTitle)},
		YAxis:        excelize.ChartAxis{Minimum: xlsxFloat(0), MajorGridLines: true, Font: axisFont, Title: axisTitle(yTitle)},
		ShowBlanksAs: "gap",
		Dimension:    excelize.ChartDimension{Width: uint(math.Min(span(1, last), 120) * 7.2), Height: height},
	}); err != nil {
		return err
	}
	end := row + int(math.Ceil(float64(height)/chartRowPixels)) + 1
	return x.done(sw, name, last, end)
}

// numberStyle is a style for numbers shown in format ("0.00"), in the
// workbook's font, aligned as its other cells.
func (x *xlsxWriter) numberStyle(format string) (int, error) {
	return x.f.NewStyle(&excelize.Style{
		Font:         &excelize.Font{Family: xlsxFont, Size: xlsxFontSize, Color: "1A1A1A"},
		CustomNumFmt: &format,
		Alignment:    &excelize.Alignment{Vertical: "top"},
	})
}

// fundedRow is a funded investment's row of the funding sheet: losses in
// the style n2 (two decimals), a value that is not a score in n3.
func (x *xlsxWriter) fundedRow(s *Selection, ss *selectionStory, it selectionItem, n2, n3 int) []any {
	r := it.row
	p := s.Outcome.Setup.Problem
	var rank any
	if r.a.Rank > 0 {
		rank = x.num(float64(r.a.Rank), x.integer)
	}
	value := p.Items[r.item].Value
	valueCell := x.num(value, n3)
	if s.ScoreValue {
		valueCell = x.num(value*100, x.score)
	}
	cells := []any{rank, x.str(r.a.ID), x.long(r.a.Name), valueCell}
	total := 0.0
	for _, c := range r.costs {
		cells = append(cells, x.num(c, x.score))
		total += c
	}
	if len(ss.Budgets) > 1 {
		cells = append(cells, x.num(total, x.score))
	}
	if ss.Losses {
		if r.loss != nil && r.loss.Null == selection.NullNone {
			loss := r.loss.Value
			if s.ScoreValue {
				loss *= 100
			}
			cells = append(cells, x.num(loss, n2))
		} else {
			cells = append(cells, nil)
		}
	}
	if ss.Probability {
		cells = append(cells, x.num(r.prob, x.pct), x.str(it.Class))
	}
	return cells
}
