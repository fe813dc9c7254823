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

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// The charts of the meeting pack, drawn with gonum/plot as SVG to be put
// inline in the HTML. Each chart is a plot of the whole width; its legend
// is HTML under it (legendItem), so that it wraps and is never cut, and a
// screen reader reads it. The data are drawn by small plotters of this
// file (bars, dots, diamonds on gonum/plot's axes), which keeps full
// control over the layout:
//   - one row per investment or criterion, chartRow high, so that labels
//     never overlap; a chart of many investments is split into panels of
//     at most maxChartRows rows, each fitting an A4 page;
//   - colours that stay apart for readers with a colour-vision deficiency
//     (the Okabe–Ito palette) and, within a group, in lightness, with
//     white edges between neighbours.
//
// gonum/plot measures text with the Liberation fonts and names "Liberation
// Sans" in the SVG without embedding it; svgChart maps that name to a
// sans-serif stack that starts with it and goes on with Arial (whose
// metrics Liberation Sans shares) and the platform's sans-serif, so labels
// keep their measured widths wherever the pack is opened. The fonts cover
// å, ä and ö.

const (
	chartWidth   = 520 // pt: A4's text width at 15 mm margins is about 510 pt
	chartRow     = 12  // pt per row
	chartMargins = 48  // pt: axis, tick labels and padding
	tickFontSize = 8.5 // pt
	// maxLabelRune is the longest row label, "id name", in runes; a
	// longer name is cut with "…" (the id never is).
	maxLabelRune = 40
	// maxChartRows is the most rows of one panel: 45 rows and the axis
	// take 588 pt, which fits an A4 page with a heading above.
	maxChartRows = 45
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

// svgChart draws p to an SVG element ready to be put inline in HTML: no
// XML prolog, the font family mapped, a class, the role of an image
// labelled by its <title> and <desc>, which hold the (escaped) title and
// description. Only the viewBox sizes it: CSS scales it to the page.
func svgChart(id, title, desc string, p *plot.Plot, height vg.Length) (packChart, error) {
	w, h := vg.Points(chartWidth), height
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
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
		labels[len(rows)-1-i] = r
	}
	p.NominalY(labels...)
	p.Y.Min, p.Y.Max = -0.5, float64(len(rows))-0.5
	return p
}

// rowLabel is an investment's row label: its id and as much of its name
// as fits maxLabelRune runes.
func rowLabel(id, name string) string {
	id, name = plainText(id), plainText(name)
	if name == "" {
		return id
	}
	room := maxLabelRune - len([]rune(id)) - 1
	if room < 4 {
		return id
	}
	return id + " " + truncate(name, room)
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

// panels splits n rows into panels of at most maxChartRows, as even as can
// be: 100 rows give 34, 33 and 33. Each is [from, to).
func panels(n int) [][2]int {
	if n == 0 {
		return nil
	}
	count := (n + maxChartRows - 1) / maxChartRows
	var out [][2]int
	from := 0
	for i := range count {
		size := n / count
		if i < n%count {
			size++
		}
		out = append(out, [2]int{from, from + size})
		from += size
	}
	return out
}

var (
	textColour = color.RGBA{0x1a, 0x1a, 0x1a, 0xff}
	chartWhite = color.RGBA{0xff, 0xff, 0xff, 0xff}
	gridColour = color.RGBA{0xbb, 0xbb, 0xbb, 0xff}
)

// groupHues are the colours of the criteria groups: the Okabe–Ito palette
// (Okabe and Ito, "Color Universal Design", 2008), chosen to stay apart
// for the common colour-vision deficiencies; the first four are used
// before any other. Its yellow is left out: it barely shows on white.
// Of its colours these four stay furthest apart, with their lighter
// shades, for a reader with deuteranopia (TestChartsColourBlind).
var groupHues = []color.RGBA{
	{0x00, 0x72, 0xb2, 0xff}, // blue
	{0xe6, 0x9f, 0x00, 0xff}, // orange
	{0x00, 0x9e, 0x73, 0xff}, // bluish green
	{0xd5, 0x5e, 0x00, 0xff}, // vermillion
	{0x56, 0xb4, 0xe9, 0xff}, // sky blue
	{0xcc, 0x79, 0xa7, 0xff}, // reddish purple
}

// The leaves of a group run from its hue mixed a fifth towards black
// (darkest) to half-way to white (lightest): far enough apart to tell
// neighbours apart, not so light that a light orange meets a light
// vermillion. A group of one leaf has the hue itself.
const (
	minShade = -0.2
	maxShade = 0.5
)

// leafGroups assigns each leaf (parallel to leaves) a group index and its
// place within the group: the groups are the set's top-level criteria
// when the pack has its set, else the leaves' ids up to their first digit
// ("A1", "A2" → "A"), so that a hand-built result is grouped too.
func leafGroups(leaves []*criteria.Criterion, set *criteria.Set) (group, within, sizes []int) {
	group = make([]int, len(leaves))
	within = make([]int, len(leaves))
	key := make([]string, len(leaves))
	if set != nil {
		top := map[string]string{}
		var walk func(cs []*criteria.Criterion, root string)
		walk = func(cs []*criteria.Criterion, root string) {
			for _, c := range cs {
				r := root
				if r == "" {
					r = c.ID
				}
				if c.IsLeaf() {
					top[c.ID] = r
				}
				walk(c.Children, r)
			}
		}
		walk(set.Criteria, "")
		for i, c := range leaves {
			key[i] = top[c.ID]
		}
	}
	for i, c := range leaves {
		if key[i] == "" {
			key[i] = strings.TrimRightFunc(c.ID, func(r rune) bool { return r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' })
			if key[i] == "" {
				key[i] = c.ID
			}
		}
	}
	index := map[string]int{}
	for i := range leaves {
		gi, ok := index[key[i]]
		if !ok {
			gi = len(sizes)
			index[key[i]] = gi
			sizes = append(sizes, 0)
		}
		group[i] = gi
		within[i] = sizes[gi]
		sizes[gi]++
	}
	return group, within, sizes
}

// leafColours are the colours of the leaves: their group's hue, lighter
// for each later leaf of the group (from minShade to maxShade).
func leafColours(leaves []*criteria.Criterion, set *criteria.Set) []color.RGBA {
	group, within, sizes := leafGroups(leaves, set)
	out := make([]color.RGBA, len(leaves))
	for i := range leaves {
		base := groupHues[group[i]%len(groupHues)]
		t := 0.0
		if n := sizes[group[i]]; n > 1 {
			t = minShade + (maxShade-minShade)*float64(within[i])/float64(n-1)
		}
		out[i] = shade(base, t)
	}
	return out
}

// shade mixes c with white for t > 0 (t = 1 gives white) and with black
// for t < 0 (t = -1 gives black).
func shade(c color.RGBA, t float64) color.RGBA {
	mix := func(x uint8) uint8 {
		if t < 0 {
			return uint8(math.Round(float64(x) * (1 + t)))
		}
		return uint8(math.Round(float64(x) + t*(255-float64(x))))
	}
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 0xff}
}

// Colours of the firmness and stability charts: bars in ColorBrewer's
// "Blues" (Brewer, colorbrewer2.org), the rank dot nearly black, the top-k
// line a dark red that stays apart from the blues for every common
// colour-vision deficiency.
var (
	intervalColour = color.RGBA{0x6b, 0xae, 0xd6, 0xff}
	dotColour      = color.RGBA{0x11, 0x11, 0x11, 0xff}
	topLineColour  = color.RGBA{0xb2, 0x18, 0x2b, 0xff}
	topKBand       = color.RGBA{0xc6, 0xdb, 0xef, 0xff}
	rankingBand    = color.RGBA{0x08, 0x51, 0x9c, 0xff}
)

// stackedBars draws, per row, bars split into segments from the left.
type stackedBars struct {
	segments [][]float64 // per row (from the top), per segment
	colours  []color.RGBA
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

// stepTicks label min to max every step, with a label every labelEvery
// ticks, formatted by label.
func stepTicks(step float64, labelEvery int, label func(float64) string) plot.TickerFunc {
	return func(lo, hi float64) []plot.Tick {
		var ticks []plot.Tick
		for i := 0; ; i++ {
			v := float64(i) * step
			if v > hi+1e-9 {
				break
			}
			if v < lo-1e-9 {
				continue
			}
			t := plot.Tick{Value: v}
			if i%labelEvery == 0 {
				t.Label = label(v)
			}
			ticks = append(ticks, t)
		}
		return ticks
	}
}

// gridX draws faint vertical lines at the labelled x ticks, thin and
// light, so that bars stay readable.
type gridX struct{}

func (gridX) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := draw.LineStyle{Color: gridColour, Width: vg.Points(0.3), Dashes: []vg.Length{vg.Points(1), vg.Points(2)}}
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.Label == "" {
			continue
		}
		x := trX(t.Value)
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
	}
}

// contributionsCharts draws each shown ranked investment's score (× 100)
// as a bar split into the criteria's contributions, in panels.
func contributionsCharts(p *Pack, rows []storyRow, lang string, id string) ([]packChart, error) {
	l := packWords[lang]
	r := p.Score
	colours := leafColours(r.Leaves, p.Set)
	var out []packChart
	parts := panels(len(rows))
	for pi, part := range parts {
		labels := make([]string, 0, part[1]-part[0])
		segs := make([][]float64, 0, part[1]-part[0])
		for _, row := range rows[part[0]:part[1]] {
			labels = append(labels, rowLabel(row.Assessment.ID, row.Assessment.Name))
			seg := make([]float64, len(row.Assessment.Contributions))
			for k, x := range row.Assessment.Contributions {
				seg[k] = x * 100
			}
			segs = append(segs, seg)
		}
		pl := newChartPlot(labels, l.axisScore)
		pl.X.Min, pl.X.Max = 0, 100
		pl.X.Tick.Marker = stepTicks(10, 2, func(v float64) string { return fmt.Sprintf("%d", int(v)) })
		pl.Add(gridX{}, stackedBars{segments: segs, colours: colours}) // not a message: plot elements
		desc := fmt.Sprintf(l.chartContribDesc, FormatNumber(float64(len(rows)), 0, lang))
		title := partTitle(l.chartContrib, pi, len(parts), lang)
		c, err := svgChart(panelID(id, pi, len(parts)), title, desc, pl, chartHeight(len(labels)))
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// partTitle names panel i of n: the title, and "(del 2 av 3)" when there
// are several.
func partTitle(title string, i, n int, lang string) string {
	if n == 1 {
		return title
	}
	return title + " (" + fmt.Sprintf(packWords[lang].part, i+1, n) + ")"
}

// panelID is the id of panel i of n: the chart's id, numbered when there
// are several.
func panelID(id string, i, n int) string {
	if n == 1 {
		return id
	}
	return fmt.Sprintf("%s-%d", id, i+1)
}

// rankIntervals draws the firmness of each row's place: a bar over the
// central 90 % of its sampled ranks, a dot at its rank, and a vertical
// line at the edge of the top k.
type rankIntervals struct {
	rows []rankInterval // from the top
	top  float64        // the top-k line's x: k + 0.5
}

type rankInterval struct {
	rank, lo, hi float64
}

func (ri rankIntervals) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmax = ri.top
	for _, r := range ri.rows {
		xmax = math.Max(xmax, math.Max(r.hi, r.rank))
	}
	return 0.5, xmax + 0.5, -0.5, float64(len(ri.rows)) - 0.5
}

func (ri rankIntervals) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(ri.rows)
	// The top-k line first, so that bars and dots lie over it.
	line := draw.LineStyle{Color: topLineColour, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}
	c.StrokeLine2(line, trX(ri.top), c.Min.Y, trX(ri.top), c.Max.Y)
	for i, r := range ri.rows {
		y := float64(n - 1 - i)
		bar := vg.Rectangle{
			Min: vg.Point{X: trX(r.lo - 0.3), Y: trY(y - 0.2)},
			Max: vg.Point{X: trX(r.hi + 0.3), Y: trY(y + 0.2)},
		}
		c.SetColor(intervalColour)
		c.Fill(bar.Path())
	}
	for i, r := range ri.rows {
		y := float64(n - 1 - i)
		var dot vg.Path
		m := vg.Point{X: trX(r.rank), Y: trY(y)}
		rad := vg.Points(3)
		dot.Move(vg.Point{X: m.X + rad, Y: m.Y})
		dot.Arc(m, rad, 0, 2*math.Pi)
		dot.Close()
		c.SetColor(dotColour)
		c.Fill(dot)
	}
}

// rankTicks label ranks on an axis to xmax: every one up to 20 ranks,
// then every 5th, 10th, 20th, 50th or 100th, so that labels never crowd.
func rankTicks(xmax float64) plot.TickerFunc {
	step := 1
	for _, s := range []int{1, 5, 10, 20, 50, 100, 200, 500, 1000} {
		step = s
		if xmax/float64(s) <= 20 {
			break
		}
	}
	return func(lo, hi float64) []plot.Tick {
		var ticks []plot.Tick
		for r := 1; float64(r) <= hi; r++ {
			if r == 1 || r%step == 0 {
				ticks = append(ticks, plot.Tick{Value: float64(r), Label: fmt.Sprintf("%d", r)})
			}
		}
		return ticks
	}
}

// firmnessCharts draws how firm each shown ranked investment's place is:
// its rank as a dot, the central 90 % of its sampled ranks as a bar and
// the edge of the top k as a line, sorted by rank, in panels that share
// one rank axis.
func firmnessCharts(rows []storyRow, k int, lang, id string) ([]packChart, error) {
	l := packWords[lang]
	all := make([]rankInterval, len(rows))
	xmax := float64(k) + 0.5
	for i, row := range rows {
		f := row.Firmness
		hi := f.hi
		if hi == 0 { // beyond the listed ranks: draw to the axis' end
			hi = f.beyond + 1
		}
		lo := f.lo
		if lo == 0 {
			lo = f.beyond + 1
		}
		all[i] = rankInterval{rank: float64(row.Assessment.Rank), lo: float64(lo), hi: float64(hi)}
		xmax = math.Max(xmax, math.Max(all[i].hi, all[i].rank))
	}
	var out []packChart
	parts := panels(len(rows))
	for pi, part := range parts {
		labels := make([]string, 0, part[1]-part[0])
		for _, row := range rows[part[0]:part[1]] {
			labels = append(labels, rowLabel(row.Assessment.ID, row.Assessment.Name))
		}
		pl := newChartPlot(labels, l.axisRank)
		pl.X.Min, pl.X.Max = 0.5, xmax+0.5
		pl.X.Tick.Marker = rankTicks(xmax)
		pl.Add(gridX{}, rankIntervals{rows: all[part[0]:part[1]], top: float64(k) + 0.5}) // not a message: plot elements
		desc := fmt.Sprintf(l.chartFirmnessDesc, FormatNumber(float64(len(rows)), 0, lang), FormatNumber(float64(k), 0, lang))
		c, err := svgChart(panelID(id, pi, len(parts)), partTitle(l.chartFirmness, pi, len(parts), lang), desc, pl, chartHeight(len(labels)))
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// minBand is the narrowest a whole-ranking interval is drawn.
const minBand = vg.Length(2.5)

// bands draws the stability intervals of the weights: per criterion a
// light band for the top k, a diamond at the current weight, and over
// them a dark band for the whole ranking (the diamond's tips show above
// and below it, and it never hides the band). Bands beyond the axis are
// cut at its end, which a small arrow marks.
type bands struct {
	stability []sensitivity.Stability
	xmax      float64 // in percent
}

func (b bands) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, b.xmax, -0.5, float64(len(b.stability)) - 0.5
}

func (b bands) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(b.stability)
	clip := func(x float64) float64 { return math.Min(x*100, b.xmax) }
	for i, s := range b.stability {
		y := float64(n - 1 - i)
		wide := vg.Rectangle{
			Min: vg.Point{X: trX(clip(s.TopK[0])), Y: trY(y - 0.38)},
			Max: vg.Point{X: trX(clip(s.TopK[1])), Y: trY(y + 0.38)},
		}
		c.SetColor(topKBand)
		c.Fill(wide.Path())
		if s.TopK[1]*100 > b.xmax+1e-9 {
			// The band goes on beyond the axis: a small arrow at its end.
			var arrow vg.Path
			x := trX(b.xmax)
			arrow.Move(vg.Point{X: x - vg.Points(5), Y: trY(y + 0.3)})
			arrow.Line(vg.Point{X: x, Y: trY(y)})
			arrow.Line(vg.Point{X: x - vg.Points(5), Y: trY(y - 0.3)})
			arrow.Close()
			c.SetColor(rankingBand)
			c.Fill(arrow)
		}
		if w := s.Weight * 100; w <= b.xmax {
			drawDiamond(&c, vg.Point{X: trX(w), Y: trY(y)}, vg.Points(4.5))
		}
		// The whole-ranking interval is often a sliver: draw it at least
		// minBand wide, centred on itself, so that it shows.
		lo, hi := trX(clip(s.Ranking[0])), trX(clip(s.Ranking[1]))
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

// stabilityAxis is the end of the stability chart's axis, in percent: a
// round number a quarter above the largest weight and swap,
// so that the narrow bands the chart is about are wide enough to see
// (weights of 0–27 % on a 0–100 % axis hid them), at most 100.
func stabilityAxis(st []sensitivity.Stability) float64 {
	// A bound without a swap (0 or 1: the ranking never changes that way)
	// says nothing about where the weights matter.
	top := 0.0
	for _, s := range st {
		top = math.Max(top, s.Weight)
		if s.Above != nil {
			top = math.Max(top, s.Ranking[1])
		}
		if s.Below != nil {
			top = math.Max(top, s.Ranking[0])
		}
	}
	top *= 125
	for _, end := range []float64{5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100} {
		if top <= end+1e-9 {
			return end
		}
	}
	return 100
}

// stabilityChart draws each criterion's weight and the intervals in which
// the top k and the whole ranking stay unchanged.
func stabilityChart(p *Pack, lang string, id string) (packChart, error) {
	l := packWords[lang]
	s := p.Sensitivity
	rows := make([]string, len(s.Stability))
	for k, st := range s.Stability {
		rows[k] = plainText(st.Leaf)
		if t := leafTitle(p.Score.Leaves[k], lang); t != "" {
			rows[k] = truncate(rows[k]+" "+t, maxLabelRune)
		}
	}
	xmax := stabilityAxis(s.Stability)
	pl := newChartPlot(rows, l.axisWeight)
	pl.X.Min, pl.X.Max = 0, xmax
	step, every := 1.0, 5
	switch {
	case xmax > 50:
		step, every = 10, 2
	case xmax > 20:
		step, every = 5, 2
	case xmax > 10:
		step, every = 1, 5
	}
	pl.X.Tick.Marker = stepTicks(step, every, func(v float64) string { return FormatNumber(v, 0, lang) })
	pl.Add(gridX{}, bands{stability: s.Stability, xmax: xmax}) // not a message: plot elements
	k := FormatNumber(float64(s.Top), 0, lang)
	desc := fmt.Sprintf(l.chartStabilityDesc, k, FormatNumber(xmax, 0, lang)+"\u00a0%")
	return svgChart(id, l.chartStability, desc, pl, chartHeight(len(rows)))
}
