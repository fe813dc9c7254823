package reports

import (
	"bytes"
	"fmt"
	"html"
	"image/color"
	"math"
	"regexp"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/prio-tool/prio/scoring/sensitivity"
)

// The charts of the meeting pack, drawn with gonum/plot as SVG to be put
// inline in the HTML. Each chart is a plot with a legend to its right; the
// data are drawn by small plotters of this file (rectangles and diamonds on
// gonum/plot's axes), which keeps full control over the layout:
//   - one row per investment or criterion, chartRow high, so that labels
//     never overlap however many rows there are (60 investments give a
//     chart of about 700 pt, one A4 page);
//   - colours whose lightness changes monotonically along a scale, with
//     white edges between neighbours, so that they stay apart when printed
//     in greyscale.
//
// gonum/plot measures text with the Liberation fonts and names "Liberation
// Sans" in the SVG without embedding it; svgChart maps that name to a
// sans-serif stack that starts with it and goes on with Arial (whose
// metrics Liberation Sans shares) and the platform's sans-serif, so labels
// keep their measured widths wherever the pack is opened. The fonts cover
// å, ä and ö.

const (
	chartWidth   = 520 // pt: A4's text width at 15 mm margins is about 510 pt
	legendWidth  = 150 // pt, right of the plot
	chartRow     = 12  // pt per row
	chartMargins = 64  // pt: axis, tick labels and padding
	tickFontSize = 8.5 // pt
	maxLabelRune = 16  // row labels (ids) are cut to this many runes
)

// packChart is one rendered chart: its SVG and the texts that name and
// describe it for people who do not see it.
type packChart struct {
	ID, Title, Desc string
	SVG             string
}

// fontStack replaces the font family gonum/plot names in its SVG.
const fontStack = `font-family:'Liberation Sans',Arial,Helvetica,'DejaVu Sans',sans-serif;`

var (
	svgFamily = regexp.MustCompile(`font-family:Liberation Sans;`)
	svgStart  = regexp.MustCompile(`(?s)^.*?<svg width="[^"]*" height="[^"]*" `)
)

// svgChart draws p, with legend to its right, to an SVG element ready to be
// put inline in HTML: no XML prolog, the font family mapped, a class, the
// role of an image labelled by its <title> and <desc>, which hold the
// (escaped) title and description. Only the viewBox sizes it: CSS scales it
// to the page.
func svgChart(id, title, desc string, p *plot.Plot, legend *plot.Legend, height vg.Length) (packChart, error) {
	w, h := vg.Points(chartWidth), height
	c := vgsvg.New(w, h)
	dc := draw.New(c)
	plotArea := dc
	if legend != nil {
		plotArea = draw.Crop(dc, 0, -vg.Points(legendWidth), 0, 0)
		la := draw.Crop(dc, w-vg.Points(legendWidth)+vg.Points(8), 0, 0, -vg.Points(4))
		legend.Draw(la)
	}
	p.Draw(plotArea)
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return packChart{}, err
	}
	s := buf.String()
	loc := svgStart.FindStringIndex(s)
	if loc == nil {
		return packChart{}, fmt.Errorf("reports: unexpected SVG from gonum/plot") // not a message: a fault in gonum/plot's output, for developers
	}
	open := fmt.Sprintf(`<svg class="chart" id="%s" role="img" aria-labelledby="%s-title %s-desc" `, id, id, id) // not a message: SVG markup
	s = open + s[loc[1]:]
	// The <title> and <desc> go first in the SVG, after its start tag.
	end := strings.Index(s, ">")
	s = s[:end+1] + fmt.Sprintf("\n<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>", // not a message: SVG markup; title and desc come from packWords
		id, html.EscapeString(title), id, html.EscapeString(desc)) + s[end+1:]
	s = svgFamily.ReplaceAllLiteralString(s, fontStack)
	return packChart{ID: id, Title: title, Desc: desc, SVG: strings.TrimSpace(s)}, nil
}

// newChartPlot is a plot with prio's fonts, sizes and nominal rows.
func newChartPlot(rows []string, xLabel string) *plot.Plot {
	p := plot.New()
	p.X.Label.Text = xLabel
	p.X.Label.TextStyle.Font = chartFont(tickFontSize + 0.5)
	p.X.Tick.Label.Font = chartFont(tickFontSize)
	p.Y.Tick.Label.Font = chartFont(tickFontSize)
	p.X.Label.TextStyle.Color = textColour
	p.X.Tick.Label.Color = textColour
	p.Y.Tick.Label.Color = textColour
	labels := make([]string, len(rows))
	// Rows are drawn from the bottom: the first goes on top.
	for i, r := range rows {
		labels[len(rows)-1-i] = truncate(r, maxLabelRune)
	}
	p.NominalY(labels...)
	p.Y.Min, p.Y.Max = -0.5, float64(len(rows))-0.5
	return p
}

// newChartLegend is a legend in the chart's font, entries from the top.
func newChartLegend() *plot.Legend {
	l := plot.NewLegend()
	l.Top, l.Left = true, true
	l.TextStyle.Font = chartFont(tickFontSize)
	l.TextStyle.Color = textColour
	l.ThumbnailWidth = vg.Points(10)
	l.Padding = vg.Points(2.5)
	return &l
}

// chartFont is Liberation Sans of the given size in points; gonum/plot's
// default is Liberation Serif.
func chartFont(size float64) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(size)}
}

// chartHeight is the height of a chart of n rows.
func chartHeight(n int) vg.Length {
	return vg.Points(float64(max(n, 3)*chartRow + chartMargins))
}

var (
	textColour = color.RGBA{0x1a, 0x1a, 0x1a, 0xff}
	chartWhite = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// viridis are points of the viridis scale (van der Walt and Smith, 2015,
// matplotlib's default), whose lightness rises monotonically from dark
// violet to green: neighbouring colours stay apart in greyscale and for
// the common colour-vision deficiencies. Its last, light-yellow part is
// left out: it would barely show on white paper.
var viridis = []color.RGBA{
	{0x44, 0x01, 0x54, 0xff}, {0x48, 0x28, 0x78, 0xff}, {0x3e, 0x49, 0x89, 0xff},
	{0x31, 0x68, 0x8e, 0xff}, {0x26, 0x82, 0x8e, 0xff}, {0x1f, 0x9e, 0x89, 0xff},
	{0x35, 0xb7, 0x79, 0xff},
}

// sequentialColours returns n colours spread evenly along viridis.
func sequentialColours(n int) []color.Color {
	out := make([]color.Color, n)
	for i := range out {
		t := 0.0
		if n > 1 {
			t = float64(i) / float64(n-1)
		}
		pos := t * float64(len(viridis)-1)
		lo := int(math.Floor(pos))
		if lo >= len(viridis)-1 {
			out[i] = viridis[len(viridis)-1]
			continue
		}
		f := pos - float64(lo)
		a, b := viridis[lo], viridis[lo+1]
		mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
		out[i] = color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
	}
	return out
}

// acceptabilityClasses are the classes of the heat map: a share of
// samples from lower (inclusive) upwards, with ColorBrewer's "Blues" from
// light to dark (Brewer, colorbrewer2.org), lightness falling
// monotonically. Zero is white.
var acceptabilityClasses = []struct {
	from   float64
	colour color.RGBA
}{
	{0, chartWhite},
	{1e-12, color.RGBA{0xde, 0xeb, 0xf7, 0xff}},
	{0.05, color.RGBA{0x9e, 0xca, 0xe1, 0xff}},
	{0.2, color.RGBA{0x42, 0x92, 0xc6, 0xff}},
	{0.4, color.RGBA{0x21, 0x71, 0xb5, 0xff}},
	{0.6, color.RGBA{0x08, 0x51, 0x9c, 0xff}},
	{0.8, color.RGBA{0x08, 0x30, 0x6b, 0xff}},
}

func acceptabilityColour(x float64) color.Color {
	c := acceptabilityClasses[0].colour
	for _, cl := range acceptabilityClasses {
		if x >= cl.from {
			c = cl.colour
		}
	}
	return c
}

// Stability chart colours: a light band for the top k, a dark one for the
// whole ranking, a black diamond for the weight.
var (
	topKBand    = color.RGBA{0xc6, 0xdb, 0xef, 0xff}
	rankingBand = color.RGBA{0x08, 0x51, 0x9c, 0xff}
)

// stackedBars draws, per row, bars split into segments from the left.
type stackedBars struct {
	segments [][]float64 // per row (from the top), per segment
	colours  []color.Color
}

func (s stackedBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	n := len(s.segments)
	for _, row := range s.segments {
		t := 0.0
		for _, x := range row {
			t += math.Max(x, 0)
		}
		xmax = math.Max(xmax, t)
	}
	return 0, xmax, -0.5, float64(n) - 0.5
}

func (s stackedBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(s.segments)
	half := 0.36
	edge := draw.LineStyle{Color: chartWhite, Width: vg.Points(0.6)}
	for i, row := range s.segments {
		y := float64(n - 1 - i)
		x := 0.0
		for k, v := range row {
			if v <= 0 {
				continue
			}
			r := vg.Rectangle{
				Min: vg.Point{X: trX(x), Y: trY(y - half)},
				Max: vg.Point{X: trX(x + v), Y: trY(y + half)},
			}
			c.SetColor(s.colours[k%len(s.colours)])
			c.Fill(r.Path())
			c.SetLineStyle(edge)
			c.Stroke(r.Path())
			x += v
		}
	}
}

// swatch is a legend entry's filled square, with an optional outline.
type swatch struct {
	fill    color.Color
	outline color.Color
	diamond bool
}

func (s swatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	if s.diamond {
		m := vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}
		drawDiamond(c, m, (r.Max.Y-r.Min.Y)/2)
		return
	}
	c.SetColor(s.fill)
	c.Fill(r.Path())
	if s.outline != nil {
		c.SetLineStyle(draw.LineStyle{Color: s.outline, Width: vg.Points(0.5)})
		c.Stroke(r.Path())
	}
}

func drawDiamond(c *draw.Canvas, m vg.Point, r vg.Length) {
	var path vg.Path
	path.Move(vg.Point{X: m.X, Y: m.Y + r})
	path.Line(vg.Point{X: m.X + r, Y: m.Y})
	path.Line(vg.Point{X: m.X, Y: m.Y - r})
	path.Line(vg.Point{X: m.X - r, Y: m.Y})
	path.Close()
	c.SetColor(chartWhite)
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: color.Black, Width: vg.Points(1)})
	c.Stroke(path)
}

// percentTicks label 0 to 100 every 20 (or 10 on a narrow range).
func percentTicks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for v := 0.0; v <= 100+1e-9; v += 10 {
		if v < min-1e-9 || v > max+1e-9 {
			continue
		}
		label := ""
		if int(v)%20 == 0 {
			label = fmt.Sprintf("%d", int(v))
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}

// contributionsChart draws each ranked investment's score (× 100) as a bar
// split into the criteria's contributions.
func contributionsChart(p *Pack, lang string, id string) (packChart, error) {
	l := packWords[lang]
	r := p.Score
	ranked := rankedAssessments(r)
	rows := make([]string, len(ranked))
	segs := make([][]float64, len(ranked))
	for i, a := range ranked {
		rows[i] = plainText(a.ID)
		segs[i] = make([]float64, len(a.Contributions))
		for k, x := range a.Contributions {
			segs[i][k] = x * 100
		}
	}
	pl := newChartPlot(rows, l.axisScore)
	pl.X.Min, pl.X.Max = 0, 100
	pl.X.Tick.Marker = plot.TickerFunc(percentTicks)
	colours := sequentialColours(len(r.Leaves))
	pl.Add(stackedBars{segments: segs, colours: colours})
	pl.Add(gridX{})
	legend := newChartLegend()
	for k, c := range r.Leaves {
		name := plainText(c.ID)
		if t := leafTitle(c, lang); t != "" {
			name += " " + truncate(t, 22)
		}
		legend.Add(name, swatch{fill: colours[k]}) // not a message: a legend entry: an id, a number or packWords' labels
	}
	desc := fmt.Sprintf(l.chartContribDesc, FormatNumber(float64(len(ranked)), 0, lang))
	return svgChart(id, l.chartContrib, desc, pl, legend, chartHeight(len(rows)))
}

// gridX draws faint vertical lines at the x ticks, behind nothing: it is
// added last but drawn thin and light, so bars stay readable.
type gridX struct{}

func (gridX) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := draw.LineStyle{Color: color.RGBA{0xbb, 0xbb, 0xbb, 0xff}, Width: vg.Points(0.3), Dashes: []vg.Length{vg.Points(1), vg.Points(2)}}
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.Label == "" {
			continue
		}
		x := trX(t.Value)
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
	}
}

// acceptabilityMatrix draws the rank-acceptability heat map: row i (from the top) is
// investment i, column r rank r+1.
type acceptabilityMatrix struct {
	shares [][]float64
}

func (m acceptabilityMatrix) DataRange() (xmin, xmax, ymin, ymax float64) {
	n := len(m.shares)
	return 0.5, float64(n) + 0.5, -0.5, float64(n) - 0.5
}

func (m acceptabilityMatrix) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(m.shares)
	for i, row := range m.shares {
		y := float64(n - 1 - i)
		for r, x := range row {
			if x <= 0 {
				continue
			}
			rect := vg.Rectangle{
				Min: vg.Point{X: trX(float64(r) + 0.5), Y: trY(y - 0.5)},
				Max: vg.Point{X: trX(float64(r) + 1.5), Y: trY(y + 0.5)},
			}
			c.SetColor(acceptabilityColour(x))
			c.Fill(rect.Path())
		}
	}
	// A light frame around every row keeps the rows apart on paper.
	frame := draw.LineStyle{Color: color.RGBA{0xd0, 0xd0, 0xd0, 0xff}, Width: vg.Points(0.3)}
	for i := 0; i <= n; i++ {
		y := trY(float64(i) - 0.5)
		c.StrokeLine2(frame, trX(0.5), y, trX(float64(n)+0.5), y)
	}
}

// rankTicks label ranks 1..n, every one up to 20 ranks, else every 5th or
// 10th, so that labels never crowd.
func rankTicks(n int) plot.TickerFunc {
	step := 1
	switch {
	case n > 100:
		step = 20
	case n > 40:
		step = 10
	case n > 20:
		step = 5
	}
	return func(min, max float64) []plot.Tick {
		var ticks []plot.Tick
		for r := 1; r <= n; r++ {
			if r == 1 || r%step == 0 {
				ticks = append(ticks, plot.Tick{Value: float64(r), Label: fmt.Sprintf("%d", r)})
			}
		}
		return ticks
	}
}

// heatMapChart draws the rank-acceptability matrix.
func heatMapChart(p *Pack, lang string, id string) (packChart, error) {
	l := packWords[lang]
	s := p.Sensitivity
	n := len(s.Investments)
	rows := make([]string, n)
	shares := make([][]float64, n)
	for i := range s.Investments {
		rows[i] = plainText(s.Investments[i].ID)
		shares[i] = s.Investments[i].Acceptability
	}
	pl := newChartPlot(rows, l.axisRank)
	pl.X.Min, pl.X.Max = 0.5, float64(n)+0.5
	pl.X.Tick.Marker = rankTicks(n)
	pl.Add(acceptabilityMatrix{shares: shares})
	legend := newChartLegend()
	names := []string{"0 %", "> 0–5 %", "5–20 %", "20–40 %", "40–60 %", "60–80 %", "80–100 %"}
	for i, cl := range acceptabilityClasses {
		var outline color.Color
		if i == 0 {
			outline = color.RGBA{0x99, 0x99, 0x99, 0xff}
		}
		name := names[i]
		if lang != "en" {
			name = strings.ReplaceAll(name, ".", ",")
		}
		legend.Add(name, swatch{fill: cl.colour, outline: outline}) // not a message: a legend entry: an id, a number or packWords' labels
	}
	desc := fmt.Sprintf(l.chartHeatDesc, FormatNumber(float64(n), 0, lang))
	return svgChart(id, l.chartHeat, desc, pl, legend, chartHeight(n))
}

// minBand is the narrowest a whole-ranking interval is drawn.
const minBand = vg.Length(2.5)

// bands draws the stability intervals of the weights: per criterion a
// light band for the top k, a diamond at the current weight, and over
// them a dark band for the whole ranking (the diamond's tips show above
// and below it, and it never hides the band).
type bands struct {
	stability []sensitivity.Stability
}

func (b bands) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, 100, -0.5, float64(len(b.stability)) - 0.5
}

func (b bands) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(b.stability)
	for i, s := range b.stability {
		y := float64(n - 1 - i)
		wide := vg.Rectangle{
			Min: vg.Point{X: trX(s.TopK[0] * 100), Y: trY(y - 0.38)},
			Max: vg.Point{X: trX(s.TopK[1] * 100), Y: trY(y + 0.38)},
		}
		c.SetColor(topKBand)
		c.Fill(wide.Path())
		drawDiamond(&c, vg.Point{X: trX(s.Weight * 100), Y: trY(y)}, vg.Points(4.5))
		// The whole-ranking interval is often a sliver: draw it at least
		// minBand wide, centred on itself, so that it shows.
		lo, hi := trX(s.Ranking[0]*100), trX(s.Ranking[1]*100)
		if hi-lo < minBand {
			mid := (lo + hi) / 2
			lo, hi = mid-minBand/2, mid+minBand/2
		}
		narrow := vg.Rectangle{
			Min: vg.Point{X: lo, Y: trY(y - 0.16)},
			Max: vg.Point{X: hi, Y: trY(y + 0.16)},
		}
		c.SetColor(rankingBand)
		c.Fill(narrow.Path())
	}
}

// stabilityChart draws each criterion's weight and the intervals in which
// the top k and the whole ranking stay unchanged.
func stabilityChart(p *Pack, lang string, id string) (packChart, error) {
	l := packWords[lang]
	s := p.Sensitivity
	rows := make([]string, len(s.Stability))
	for k, st := range s.Stability {
		rows[k] = plainText(st.Leaf)
	}
	pl := newChartPlot(rows, l.axisWeight)
	pl.X.Min, pl.X.Max = 0, 100
	pl.X.Tick.Marker = plot.TickerFunc(percentTicks)
	pl.Add(gridX{}, bands{stability: s.Stability}) // not a message: a plot element
	legend := newChartLegend()
	k := FormatNumber(float64(s.Top), 0, lang)
	legend.Add(fmt.Sprintf(l.legendTopK, k), swatch{fill: topKBand}) // not a message: a legend entry: an id, a number or packWords' labels
	legend.Add(l.legendRanking, swatch{fill: rankingBand})           // not a message: a legend entry: an id, a number or packWords' labels
	legend.Add(l.legendCurrent, swatch{diamond: true})               // not a message: a legend entry: an id, a number or packWords' labels
	return svgChart(id, l.chartStability, fmt.Sprintf(l.chartStabilityDesc, k), pl, legend, chartHeight(len(rows)))
}
