package reports

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func renderHTML(t testing.TB, p *Pack, lang string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, p, Options{Lang: lang, Version: "0.1.0"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parseHTML(t testing.TB, doc []byte) *html.Node {
	t.Helper()
	n, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// outline is the text structure of an HTML document, one line per
// element that carries it, for golden files that do not depend on the
// charts' drawing: the language, the title, headings, paragraphs and list
// items, figures (the chart's role, title and description, and the
// caption), and tables (caption, header cells, rows).
func outline(doc *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				fmt.Fprintf(&b, "html lang=%s\n", attr(n, "lang"))
			case atom.Title:
				if n.Parent != nil && n.Parent.DataAtom == atom.Head {
					fmt.Fprintf(&b, "title: %s\n", text(n))
				}
				return
			case atom.Style:
				return
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.P, atom.Li, atom.Summary:
				fmt.Fprintf(&b, "%s: %s\n", n.Data, text(n))
				return
			case atom.Figure:
				fmt.Fprintf(&b, "figure #%s\n", attr(n, "id"))
			case atom.Svg:
				var title, desc string
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					switch c.Data {
					case "title":
						title = text(c)
					case "desc":
						desc = text(c)
					}
				}
				fmt.Fprintf(&b, "  svg role=%s labelledby=%q\n  svg title: %s\n  svg desc: %s\n", attr(n, "role"), attr(n, "aria-labelledby"), title, desc)
				return
			case atom.Figcaption:
				fmt.Fprintf(&b, "  figcaption: %s\n", text(n))
				return
			case atom.Table:
				fmt.Fprintf(&b, "table #%s\n", attr(n, "id"))
			case atom.Caption:
				fmt.Fprintf(&b, "  caption: %s\n", text(n))
				return
			case atom.Tr:
				var cells []string
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type != html.ElementNode {
						continue
					}
					cell := text(c)
					if c.DataAtom == atom.Th {
						cell = "[" + cell + "]"
					}
					cells = append(cells, cell)
				}
				fmt.Fprintf(&b, "  | %s\n", strings.Join(cells, " | "))
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text is the text of n and its descendants, white space collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func elements(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == name }
}

func TestHTMLGolden(t *testing.T) {
	for _, tt := range packCases {
		t.Run(tt.name, func(t *testing.T) {
			doc := parseHTML(t, renderHTML(t, tt.pack(), tt.lang))
			checkGolden(t, tt.name+".html.txt.golden", []byte(outline(doc)))
		})
	}
}

// TestHTMLSelfContained checks that the pack needs nothing from outside:
// no script, no external reference in any attribute or in the style
// sheet, and a Content Security Policy that forbids loading anything but
// inline styles and data: URLs.
func TestHTMLSelfContained(t *testing.T) {
	for name, p := range map[string]*Pack{"full": fullPack(), "example": mustExamplePack(t)} {
		t.Run(name, func(t *testing.T) {
			raw := renderHTML(t, p, "sv")
			doc := parseHTML(t, raw)
			if s := findAll(doc, elements("script")); len(s) > 0 {
				t.Errorf("%d script elements", len(s))
			}
			for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
				for _, a := range n.Attr {
					switch {
					case strings.HasPrefix(a.Key, "on"):
						t.Errorf("<%s> has an event handler %s", n.Data, a.Key)
					case a.Key == "src" || a.Key == "href" || strings.HasSuffix(a.Key, ":href"):
						if !strings.HasPrefix(a.Val, "data:") && !strings.HasPrefix(a.Val, "#") {
							t.Errorf("<%s %s=%q> refers outside the file", n.Data, a.Key, a.Val)
						}
					}
				}
			}
			// The style sheet loads nothing: no @import, no url() but data:.
			for _, st := range findAll(doc, elements("style")) {
				css := text(st)
				if m := regexp.MustCompile(`(?i)(@import|url\(\s*['"]?(?:[^d'"]|d[^a]))`).FindString(css); m != "" {
					t.Errorf("the style sheet loads %q", m)
				}
			}
			csp := findAll(doc, func(n *html.Node) bool {
				return n.DataAtom == atom.Meta && attr(n, "http-equiv") == "Content-Security-Policy"
			})
			if len(csp) != 1 || !strings.HasPrefix(attr(csp[0], "content"), "default-src 'none'") {
				t.Errorf("no Content-Security-Policy of default-src 'none'")
			}
		})
	}
}

// TestHTMLHostile checks that hostile names are text: they appear as
// text nodes, exactly, and make no element or attribute.
func TestHTMLHostile(t *testing.T) {
	doc := parseHTML(t, renderHTML(t, fullPack(), "sv"))
	texts := map[string]bool{}
	for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.TextNode }) {
		texts[strings.TrimSpace(n.Data)] = true
	}
	for _, h := range []string{hostileScript, hostileImg, hostileFormula} {
		if !texts[h] {
			t.Errorf("%q is not a text node of its own", h)
		}
	}
	for _, name := range []string{"script", "img", "b"} {
		if n := findAll(doc, elements(name)); len(n) > 0 {
			t.Errorf("%d <%s> elements", len(n), name)
		}
	}
	// In the charts' SVG the ids are escaped text too.
	for _, svg := range findAll(doc, elements("svg")) {
		for _, n := range findAll(svg, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
			if n.Data != "svg" && n.Data != "g" && n.Data != "path" && n.Data != "text" && n.Data != "title" && n.Data != "desc" {
				t.Errorf("unexpected <%s> in a chart", n.Data)
			}
		}
	}
}

// TestHTMLAccessible checks what WCAG 2.1 AA asks that a program can see:
// the language, headings in order, tables with captions and header cells,
// charts as images with a title and a description, each in a figure with a
// caption that names its table.
func TestHTMLAccessible(t *testing.T) {
	for _, tt := range packCases {
		t.Run(tt.name, func(t *testing.T) {
			doc := parseHTML(t, renderHTML(t, tt.pack(), tt.lang))
			if h := findAll(doc, elements("html")); attr(h[0], "lang") != tt.lang {
				t.Errorf("lang = %q, want %s", attr(h[0], "lang"), tt.lang)
			}
			level := 0
			for _, h := range findAll(doc, func(n *html.Node) bool {
				return n.Type == html.ElementNode && len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6'
			}) {
				l := int(h.Data[1] - '0')
				if l > level+1 {
					t.Errorf("<%s>%s</%s> follows a heading of level %d", h.Data, text(h), h.Data, level)
				}
				level = l
			}
			if n := len(findAll(doc, elements("h1"))); n != 1 {
				t.Errorf("%d h1 elements", n)
			}
			for _, tab := range findAll(doc, elements("table")) {
				if c := findAll(tab, elements("caption")); len(c) != 1 || text(c[0]) == "" {
					t.Errorf("table #%s has no caption", attr(tab, "id"))
				}
				ths := findAll(tab, elements("th"))
				if len(ths) == 0 {
					t.Errorf("table #%s has no header cells", attr(tab, "id"))
				}
				for _, th := range ths {
					if s := attr(th, "scope"); s != "col" && s != "row" {
						t.Errorf("table #%s: <th>%s</th> has scope %q", attr(tab, "id"), text(th), s)
					}
				}
			}
			// No caption repeats the heading above it.
			var heading string
			for _, n := range findAll(doc, func(n *html.Node) bool {
				return n.Type == html.ElementNode && (n.Data == "h2" || n.Data == "h3" || n.Data == "caption")
			}) {
				if n.Data != "caption" {
					heading = text(n)
				} else if text(n) == heading {
					t.Errorf("caption %q repeats its heading", heading)
				}
			}
			svgs := findAll(doc, elements("svg"))
			want := 1
			if tt.pack().Sensitivity != nil {
				want = 3
			}
			if len(svgs) != want {
				t.Errorf("%d charts, want %d", len(svgs), want)
			}
			for _, svg := range svgs {
				if attr(svg, "role") != "img" {
					t.Errorf("chart %s: role %q", attr(svg, "id"), attr(svg, "role"))
				}
				for _, id := range strings.Fields(attr(svg, "aria-labelledby")) {
					ns := findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && attr(n, "id") == id })
					if len(ns) != 1 || text(ns[0]) == "" {
						t.Errorf("chart %s: label %s missing or empty", attr(svg, "id"), id)
					}
				}
				fig := svg.Parent
				if fig.DataAtom != atom.Figure {
					t.Errorf("chart %s is not in a figure", attr(svg, "id"))
					continue
				}
				cap := findAll(fig, elements("figcaption"))
				if len(cap) != 1 || !strings.Contains(text(cap[0]), map[string]string{"sv": "tabellen", "en": "the table"}[tt.lang]) {
					t.Errorf("chart %s: no caption naming its table", attr(svg, "id"))
				}
			}
		})
	}
}

// TestHTMLContrast checks the colour pairs of the style sheet against
// WCAG 2.1's contrast ratio (1.4.3: at least 4.5:1 for text). The formula
// is WCAG's: relative luminance from linearised sRGB, (L1 + 0.05) / (L2 +
// 0.05).
func TestHTMLContrast(t *testing.T) {
	css, err := os.ReadFile("pack.css")
	if err != nil {
		t.Fatal(err)
	}
	pairs := []struct{ what, fg, bg string }{
		{"body text", "#1a1a1a", "#fff"},
		{"notes", "#404040", "#fff"},
		{"draft banner", "#6e0008", "#fdecec"},
		{"table header", "#1a1a1a", "#e6e6e6"},
	}
	for _, p := range pairs {
		for _, c := range []string{p.fg, p.bg} {
			if !bytes.Contains(css, []byte(c)) {
				t.Errorf("%s: %s is not in pack.css", p.what, c)
			}
		}
		if r := contrast(p.fg, p.bg); r < 4.5 {
			t.Errorf("%s: contrast %.2f:1, want at least 4.5:1", p.what, r)
		}
	}
	// A hand-worked check of the formula: black on white is 21:1.
	if r := contrast("#000", "#fff"); math.Abs(r-21) > 1e-9 {
		t.Errorf("contrast(black, white) = %v, want 21", r)
	}
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) float64 {
	hex = strings.TrimPrefix(hex, "#")
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	var rgb [3]float64
	for i := range rgb {
		v, _ := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}

// TestChartsManyInvestments draws the charts for 60 investments: two
// panels of 30 rows each (maxChartRows is 45), no two row labels
// overlapping (each row has chartRow points and the labels are one line of
// tickFontSize points), one dot per investment in the firmness chart.
func TestChartsManyInvestments(t *testing.T) {
	p := manyPack(60)
	s := newStory(p, "sv", time.Time{})
	charts, err := contributionsCharts(p, s.Rows, "sv", "fig")
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) != 2 {
		t.Fatalf("%d panels for 60 rows, want 2 of 30", len(charts))
	}
	for _, c := range charts {
		ys := labelYs(t, c.SVG, "EXV-")
		if len(ys) != 30 {
			t.Fatalf("%s: %d row labels, want 30", c.ID, len(ys))
		}
		for i := 1; i < len(ys); i++ {
			if gap := math.Abs(ys[i] - ys[i-1]); gap < tickFontSize+1 {
				t.Errorf("labels %d and %d are %.1f pt apart, less than a line of %v pt", i-1, i, gap, tickFontSize)
			}
		}
		if !strings.Contains(c.SVG, fontStack) || strings.Contains(c.SVG, "Liberation Serif") {
			t.Errorf("chart fonts not mapped to the sans-serif stack")
		}
	}
	firm, err := firmnessCharts(s.Rows, 5, "sv", "firm")
	if err != nil {
		t.Fatal(err)
	}
	dots := 0
	for _, c := range firm {
		dots += strings.Count(c.SVG, "fill:#111111")
	}
	if dots != 60 {
		t.Errorf("%d dots in the firmness chart, want one per investment, 60", dots)
	}
}

var svgTextY = regexp.MustCompile(`<text x="[^"]*" y="([^"]*)"[^>]*>([^<]*)</text>`)

// labelYs are the y positions of the SVG's texts that start with prefix.
func labelYs(t *testing.T, svg, prefix string) []float64 {
	t.Helper()
	var ys []float64
	for _, m := range svgTextY.FindAllStringSubmatch(svg, -1) {
		if strings.HasPrefix(m[2], prefix) {
			y, err := strconv.ParseFloat(m[1], 64)
			if err != nil {
				t.Fatal(err)
			}
			ys = append(ys, y)
		}
	}
	return ys
}
