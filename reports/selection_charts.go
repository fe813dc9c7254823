package reports

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours of the selection charts. The funded part of a budget and the
// frontier in the dark blue of the stability chart's ranking band; a
// budget's frame light blue with a grey edge (the edge, not the fill, is
// what must stand out from the page: 3:1 for a graphical object, WCAG
// 1.4.11); funding down the ranking in the Okabe–Ito vermillion, which
// stays apart from the blue for every common colour-vision deficiency
// and is dashed besides; the budget given dark grey, dotted.
var (
	usedColour   = rankingBand
	frameColour  = color.RGBA{0xde, 0xeb, 0xf7, 0xff}
	frameEdge    = color.RGBA{0x59, 0x59, 0x59, 0xff}
	lineColour   = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	chosenColour = color.RGBA{0x40, 0x40, 0x40, 0xff}
)

// budgetRow is the height of one budget's bar in the budget chart, in
// points: there are few budgets, and thin bars would hide the amounts.
const budgetRow = 24

// niceStep is the step of an axis from 0 to hi with at most about six
// labelled ticks: 1, 2, 2.5 or 5 times a power of ten.
func niceStep(hi float64) float64 {
	if !(hi > 0) || !finite(hi) {
		return 1
	}
	raw := hi / 6
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// stepDecimals is how many decimals a tick label of step needs.
func stepDecimals(step float64) int {
	d := 0
	for d < 6 && math.Abs(step*math.Pow(10, float64(d))-math.Round(step*math.Pow(10, float64(d)))) > 1e-9 {
		d++
	}
	return d
}

// axisEnd is the end of an axis that holds hi: the next multiple of step.
func axisEnd(hi, step float64) float64 {
	return math.Max(step, math.Ceil(hi/step-1e-9)*step)
}

// budgetBars draws, per budget (from the top), its frame as a light bar
// with a grey edge and what is used as a dark bar over it.
type budgetBars struct {
	frames, used []float64
}

func (b budgetBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(b.frames)
	half := 0.32
	edge := draw.LineStyle{Color: frameEdge, Width: vg.Points(0.8)}
	for i := range b.frames {
		y := float64(n - 1 - i)
		frame := vg.Rectangle{Min: vg.Point{X: trX(0), Y: trY(y - half)}, Max: vg.Point{X: trX(b.frames[i]), Y: trY(y + half)}}
		c.SetColor(frameColour)
		c.Fill(frame.Path())
		if u := math.Min(b.used[i], b.frames[i]); u > 0 {
			used := vg.Rectangle{Min: vg.Point{X: trX(0), Y: trY(y - half)}, Max: vg.Point{X: trX(u), Y: trY(y + half)}}
			c.SetColor(usedColour)
			c.Fill(used.Path())
		}
		c.SetLineStyle(edge)
		c.Stroke(frame.Path())
	}
}

// budgetChart draws each budget's frame and what the funded use of it.
func budgetChart(ss *selectionStory, lang, id string) (packChart, error) {
	l := selectionWords[lang]
	rows := make([]string, len(ss.Budgets))
	frames, used := make([]float64, len(ss.Budgets)), make([]float64, len(ss.Budgets))
	hi := 0.0
	for i, b := range ss.Budgets {
		rows[i], frames[i], used[i] = b.Name, b.Frame, b.Used
		hi = math.Max(hi, math.Max(b.Frame, b.Used))
	}
	xLabel := l.amount
	if ss.Unit != "" {
		xLabel = fmt.Sprintf(l.axisAmount, ss.Unit)
	}
	pl := newChartPlot(rows, xLabel)
	step := niceStep(hi)
	pl.X.Min, pl.X.Max = 0, axisEnd(hi, step)
	dec := stepDecimals(step)
	pl.X.Tick.Marker = stepTicks(step, 1, func(v float64) string { return FormatNumber(v, dec, lang) })
	pl.Add(gridX{}, budgetBars{frames: frames, used: used}) // not a message: plot elements
	desc := fmt.Sprintf(l.budgetChartDesc, FormatNumber(float64(len(rows)), 0, lang))
	return svgChart(id, l.budgetChart, desc, pl, vg.Points(float64(max(len(rows), 2)*budgetRow+chartMargins)))
}

// frontierPlot draws the frontier: the optimum at each budget joined by a
// line, a filled dot where it lies on the convex hull and a hollow one
// where it does not; funding down the ranking as a dashed line with small
// squares; the budget given as a dotted vertical line.
type frontierPlot struct {
	budget, value []float64 // the feasible points, in increasing budget
	supported     []bool
	lineX, lineY  []float64 // the ranking line's points
	chosen        float64   // the budget given; NaN for none
	// yLabel names the value axis, written across at its top: turned on
	// its side at the chart's edge, browsers draw it a pixel or two
	// beyond the chart.
	yLabel string
}

func (f frontierPlot) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	if !math.IsNaN(f.chosen) {
		sty := draw.LineStyle{Color: chosenColour, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(1.5), vg.Points(2)}}
		c.StrokeLine2(sty, trX(f.chosen), c.Min.Y, trX(f.chosen), c.Max.Y)
	}
	path := func(xs, ys []float64) []vg.Point {
		pts := make([]vg.Point, len(xs))
		for i := range xs {
			pts[i] = vg.Point{X: trX(xs[i]), Y: trY(ys[i])}
		}
		return pts
	}
	if len(f.lineX) > 1 {
		c.StrokeLines(draw.LineStyle{Color: lineColour, Width: vg.Points(1.4), Dashes: []vg.Length{vg.Points(4), vg.Points(2.5)}}, path(f.lineX, f.lineY))
	}
	for _, pt := range path(f.lineX, f.lineY) {
		r := vg.Points(2.2)
		sq := vg.Rectangle{Min: vg.Point{X: pt.X - r, Y: pt.Y - r}, Max: vg.Point{X: pt.X + r, Y: pt.Y + r}}
		c.SetColor(lineColour)
		c.Fill(sq.Path())
	}
	if f.yLabel != "" {
		sty := draw.TextStyle{Color: textColour, Font: chartFont(tickFontSize + 0.5), XAlign: draw.XLeft, YAlign: draw.YTop, Handler: p.X.Label.TextStyle.Handler}
		c.FillText(sty, vg.Point{X: c.Min.X + vg.Points(4), Y: c.Max.Y - vg.Points(2)}, f.yLabel)
	}
	if len(f.budget) > 1 {
		c.StrokeLines(draw.LineStyle{Color: usedColour, Width: vg.Points(1.6)}, path(f.budget, f.value))
	}
	for i, pt := range path(f.budget, f.value) {
		var dot vg.Path
		rad := vg.Points(3.6)
		dot.Move(vg.Point{X: pt.X + rad, Y: pt.Y})
		dot.Arc(pt, rad, 0, 2*math.Pi)
		dot.Close()
		if f.supported[i] {
			c.SetColor(usedColour)
		} else {
			c.SetColor(chartWhite)
		}
		c.Fill(dot)
		c.SetLineStyle(draw.LineStyle{Color: usedColour, Width: vg.Points(1.4)})
		c.Stroke(dot)
	}
}

// frontierHeight is the frontier chart's height in points.
const frontierHeight = 250

// frontierChart draws the frontier of a selection with the ranking line and
// the budget given.
func frontierChart(s *Selection, ss *selectionStory, lang, id string) (packChart, error) {
	l := selectionWords[lang]
	f := frontierPlot{chosen: math.NaN()}
	scale := 1.0
	if s.ScoreValue {
		scale = 100
	}
	hiX, hiY := 0.0, 0.0
	for _, fr := range ss.Frontier {
		fp := fr.point
		hiX = math.Max(hiX, fp.Budget)
		if fp.Scale == 1 {
			f.chosen = fp.Budget
		}
		if !fp.Feasible {
			continue
		}
		f.budget = append(f.budget, fp.Budget)
		f.value = append(f.value, fp.Value*scale)
		f.supported = append(f.supported, fp.Supported)
		hiY = math.Max(hiY, fp.Value*scale)
		if fp.Line != nil && fp.Line.Feasible {
			f.lineX = append(f.lineX, fp.Budget)
			f.lineY = append(f.lineY, fp.Line.Value*scale)
			hiY = math.Max(hiY, fp.Line.Value*scale)
		}
	}
	pl := plot.New()
	xLabel := capitalise(l.frontierBudget, true)
	if ss.Unit != "" {
		xLabel = fmt.Sprintf(l.axisBudget, ss.Unit)
	}
	yLabel := l.axisValue
	if s.ScoreValue {
		yLabel += " (" + l.points + ")"
	}
	pl.X.Label.Text, f.yLabel = xLabel, yLabel
	for _, ax := range []*plot.Axis{&pl.X, &pl.Y} {
		ax.Label.TextStyle.Font = chartFont(tickFontSize + 0.5)
		ax.Label.TextStyle.Color = textColour
		ax.Tick.Label.Font = chartFont(tickFontSize)
		ax.Tick.Label.Color = textColour
	}
	stepX, stepY := niceStep(hiX), niceStep(hiY)
	decX, decY := stepDecimals(stepX), stepDecimals(stepY)
	pl.X.Tick.Marker = stepTicks(stepX, 1, func(v float64) string { return FormatNumber(v, decX, lang) })
	pl.Y.Tick.Marker = stepTicks(stepY, 1, func(v float64) string { return FormatNumber(v, decY, lang) })
	pl.X.Min, pl.X.Max = 0, axisEnd(hiX, stepX)
	// Room above the highest point for the value axis' name.
	pl.Y.Min, pl.Y.Max = 0, axisEnd(hiY*1.1, stepY)
	pl.Add(gridX{}, gridY{}, f) // not a message: plot elements
	budget := ""
	if !math.IsNaN(f.chosen) {
		budget = FormatNumber(f.chosen, 1, lang)
		if ss.Unit != "" {
			budget += "\u00a0" + ss.Unit
		}
	}
	desc := fmt.Sprintf(l.frontierChartDesc, FormatNumber(float64(len(ss.Frontier)), 0, lang), budget)
	return svgChart(id, l.frontierChart, desc, pl, vg.Points(frontierHeight))
}

// gridY draws faint horizontal lines at the labelled y ticks.
type gridY struct{}

func (gridY) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: gridColour, Width: vg.Points(0.3), Dashes: []vg.Length{vg.Points(1), vg.Points(2)}}
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if t.Label == "" {
			continue
		}
		y := trY(t.Value)
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}
