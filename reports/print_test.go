package reports

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

var screenshots = flag.Bool("screenshots", false, "write page one of each Swedish pack, printed, to ../docs/img")

// poppler finds pdftotext and pdftoppm (Debian's poppler-utils, which
// .ci/run installs): the print tests read the PDFs with them. Without
// them the tests are skipped, unless CI is set.
func poppler(t *testing.T) {
	t.Helper()
	for _, name := range []string{"pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(name); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s not found; .ci/run installs poppler-utils", name)
			}
			t.Skipf("%s not found (apt-get install poppler-utils); skipped outside CI", name)
		}
	}
}

// printCase is a page for people to print: its HTML, what its first page
// must hold, and how many marks its firmness chart must have (-1: none).
type printCase struct {
	name, lang string
	doc        []byte
	pageOne    []string
	marks      int
}

func printCases(t *testing.T) []printCase {
	t.Helper()
	agencies, err := exampleAgencies()
	if err != nil {
		t.Fatal(err)
	}
	ex := agencies[0].Pack
	score := &Pack{Score: ex.Score, Set: ex.Set, Portfolio: ex.Portfolio, Top: 5}
	selected := exampleSelectionPack(t)
	summary := exampleSummary(t)
	diff := exampleDiff(t)
	var out []printCase
	for _, lang := range []string{"sv", "en"} {
		o := Options{Lang: lang, Version: "0.1.0", Date: runDay}
		for _, pc := range []struct {
			name string
			pack *Pack
		}{{"score", score}, {"sensitivity", ex}, {"agency", agencies[1].Pack}, {"selection", selected}} {
			var b bytes.Buffer
			if err := WriteHTML(&b, pc.pack, o); err != nil {
				t.Fatal(err)
			}
			s := newStory(pc.pack, lang, runDay)
			want := append([]string{s.Title, s.Date}, s.Lines...)
			for _, row := range s.Top {
				want = append(want, row.ID)
			}
			marks := -1
			if pc.pack.Sensitivity != nil {
				marks = len(s.Rows)
			}
			out = append(out, printCase{name: pc.name, lang: lang, doc: bytes.Clone(b.Bytes()), pageOne: want, marks: marks})
		}
		var b bytes.Buffer
		if err := WriteSummaryHTML(&b, summary, o); err != nil {
			t.Fatal(err)
		}
		v := newSummaryView(summary, lang, o)
		want := []string{v.Heading, v.Counts}
		for _, a := range summary.Agencies {
			want = append(want, a.Name)
		}
		out = append(out, printCase{name: "summary", lang: lang, doc: bytes.Clone(b.Bytes()), pageOne: want, marks: -1})
		b.Reset()
		if err := WriteDiffHTML(&b, diff, o); err != nil {
			t.Fatal(err)
		}
		ds := diffSentences(diff, lang)
		want = append([]string{diffLabels[lang].heading}, ds.summary[:len(ds.summary)-ds.topLines]...)
		for _, e := range append(ds.entered, ds.left...) {
			want = append(want, e.ID, e.Name)
		}
		out = append(out, printCase{name: "diff", lang: lang, doc: bytes.Clone(b.Bytes()), pageOne: want, marks: -1})
	}
	return out
}

// overflowScript lists every element whose text runs out of its box: a
// block whose content is wider than it (where nothing scrolls it), and a
// chart's text outside its chart. wide is the width a landscape page
// gives a table marked landscape.
const overflowScript = `(wide) => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg')) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.display === 'inline' || cs.overflowX !== 'visible' || el.clientWidth === 0) continue;
    const room = el.closest('.landscape') ? Math.max(el.clientWidth, wide) : el.clientWidth;
    if (el.scrollWidth > room + 1) out.push(el.tagName + (el.id ? '#' + el.id : '') + ': ' + el.scrollWidth + ' > ' + room + ' px: ' + el.textContent.trim().slice(0, 60));
  }
  for (const svg of document.querySelectorAll('svg.chart')) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        out.push(svg.id + ': the text ' + JSON.stringify(t.textContent) + ' runs out of the chart');
    }
  }
  return out;
}`

// TestPrintPacks renders each page for people — the score pack, the
// sensitivity pack, a batch's agency pack, the sensitivity pack with a
// selection, the batch summary and the
// criteria diff, in Swedish and English — in headless Chromium, checks that
// no text runs out of its box on screen and in print, prints it to A4 PDF
// and checks the PDF: page one holds the title, the date, the summary and
// the top k; no page is more than half empty but one before a chapter; no
// page ends with a heading, a caption or a table's header; the firmness
// chart has one mark per ranked investment shown. With -screenshots it
// writes page one of each Swedish page as a PNG to ../docs/img.
func TestPrintPacks(t *testing.T) {
	exe := chromium(t)
	poppler(t)
	if testing.Short() {
		t.Skip("print test skipped in -short mode")
	}
	dir := t.TempDir()
	allocCtx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1100, 1400),
	)
	defer cancel()
	browser, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(browser); err != nil {
		t.Fatal(err)
	}
	media := func(m string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
			return err
		})
	}
	for _, pc := range printCases(t) {
		t.Run(pc.name+"-"+pc.lang, func(t *testing.T) {
			path := filepath.Join(dir, pc.name+"-"+pc.lang+".html")
			if err := os.WriteFile(path, pc.doc, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := chromedp.NewContext(browser)
			defer cancel()
			ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
			defer cancel()
			overflow := chromedp.Evaluate[[]string]("(" + overflowScript + ")(1009)")
			if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			screen, err := chromedp.Run(ctx, overflow)
			if err != nil {
				t.Fatal(err)
			}
			// A4 at 96 px an inch: 794 px wide, 680 between 15 mm
			// margins; a landscape page 1009 px between them.
			if err := chromedp.Do(ctx, media("print"), chromedp.EmulateViewport(680, 1000)); err != nil {
				t.Fatal(err)
			}
			print, err := chromedp.Run(ctx, overflow)
			if err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, media(""), chromedp.EmulateViewport(1100, 1400)); err != nil {
				t.Fatal(err)
			}
			yes := true
			res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes})
			if err != nil {
				t.Fatal(err)
			}
			pdf := res.Data
			for _, o := range screen {
				t.Errorf("on screen: %s", o)
			}
			for _, o := range print {
				t.Errorf("in print: %s", o)
			}
			pdfPath := filepath.Join(dir, pc.name+"-"+pc.lang+".pdf")
			if err := os.WriteFile(pdfPath, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			pages := pdfPages(t, pdfPath)
			if len(pages) == 0 {
				t.Fatal("an empty PDF")
			}
			// Page one: every text it must hold, white space aside.
			one := normalSpace(pages[0].text())
			for _, want := range pc.pageOne {
				if !strings.Contains(one, normalSpace(want)) {
					t.Errorf("page one lacks %q:\n%s", want, one)
				}
			}
			doc := parseHTML(t, pc.doc)
			chapters, ends := pageMarks(doc)
			for i, p := range pages {
				if i == len(pages)-1 {
					break
				}
				fill := p.fill()
				next := normalSpace(pages[i+1].firstLine())
				if fill < 0.5 && !chapters[next] {
					t.Errorf("page %d is %.0f %% full and the next does not start a chapter (it starts %q)", i+1, fill*100, next)
				}
				if last := normalSpace(p.lastLine()); ends[last] {
					t.Errorf("page %d ends with %q, a heading, caption or table header left alone", i+1, last)
				}
			}
			if pc.marks >= 0 {
				marks := 0
				for _, svg := range findAll(doc, elements("svg")) {
					if strings.HasPrefix(attr(svg, "id"), "fig-firmness") {
						var b strings.Builder
						if err := html.Render(&b, svg); err != nil {
							t.Fatal(err)
						}
						marks += strings.Count(b.String(), "fill:#"+hexLower(dotColour))
					}
				}
				if marks != pc.marks || marks == 0 {
					t.Errorf("the firmness chart has %d marks for %d ranked investments shown", marks, pc.marks)
				}
			}
			t.Logf("%s: %d pages", pdfPath, len(pages))
			if *screenshots && pc.lang == "sv" {
				out := filepath.Join("..", "docs", "img", pc.name)
				cmd := exec.Command("pdftoppm", "-f", "1", "-l", "1", "-r", "72", "-png", "-singlefile", pdfPath, out)
				if b, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("pdftoppm: %v\n%s", err, b)
				}
			}
		})
	}
}

func hexLower(c interface{ RGBA() (r, g, b, a uint32) }) string {
	return strings.ToLower(hexColour(c))
}

// pageMarks are the texts that start a chapter (the page's h2 headings)
// and those a page must not end with: headings, captions, and the header
// rows of tables, white space normalised.
func pageMarks(doc *html.Node) (chapters, ends map[string]bool) {
	chapters, ends = map[string]bool{}, map[string]bool{}
	for _, h := range findAll(doc, func(n *html.Node) bool {
		return n.Type == html.ElementNode && (n.Data == "h2" || n.Data == "h3" || n.Data == "caption")
	}) {
		if h.Data == "h2" {
			chapters[normalSpace(text(h))] = true
		}
		ends[normalSpace(text(h))] = true
	}
	for _, head := range findAll(doc, elements("thead")) {
		ends[normalSpace(text(head))] = true
	}
	return chapters, ends
}

func normalSpace(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// pdfPage is a printed page as pdftotext reads it: its size and its lines
// of text with their vertical extent, in points from the top.
type pdfPage struct {
	width, height float64
	lines         []pdfLine
}

type pdfLine struct {
	top, bottom float64
	text        string
}

// The running header and footer stand in the page's margins (17 mm atop,
// 16 mm below); the text between is the page's content.
const (
	contentTop    = 17 * 72 / 25.4
	contentBottom = 16 * 72 / 25.4
)

func (p pdfPage) content() []pdfLine {
	var out []pdfLine
	for _, l := range p.lines {
		if l.top >= contentTop-2 && l.bottom <= p.height-contentBottom+2 {
			out = append(out, l)
		}
	}
	return out
}

func (p pdfPage) text() string {
	var parts []string
	for _, l := range p.lines {
		parts = append(parts, l.text)
	}
	return strings.Join(parts, " ")
}

// fill is how much of the content area the page's text reaches down.
func (p pdfPage) fill() float64 {
	bottom := contentTop
	for _, l := range p.content() {
		bottom = max(bottom, l.bottom)
	}
	return (bottom - contentTop) / (p.height - contentTop - contentBottom)
}

// firstLine and lastLine join the words of the content's top and bottom
// rows of text (lines within 2 pt of each other), left to right.
func (p pdfPage) firstLine() string { return p.row(func(a, b float64) bool { return a < b }) }
func (p pdfPage) lastLine() string  { return p.row(func(a, b float64) bool { return a > b }) }

func (p pdfPage) row(before func(a, b float64) bool) string {
	lines := p.content()
	if len(lines) == 0 {
		return ""
	}
	edge := lines[0].top
	for _, l := range lines {
		if before(l.top, edge) {
			edge = l.top
		}
	}
	var parts []string
	for _, l := range lines {
		if l.top > edge-2 && l.top < edge+2 {
			parts = append(parts, l.text)
		}
	}
	return strings.Join(parts, " ")
}

var (
	pdfPageTag = regexp.MustCompile(`<page width="([0-9.]+)" height="([0-9.]+)">`)
	pdfLineTag = regexp.MustCompile(`(?s)<line xMin="[0-9.]+" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">(.*?)</line>`)
	pdfWordTag = regexp.MustCompile(`<word[^>]*>([^<]*)</word>`)
)

// pdfPages reads a PDF's pages with pdftotext's layout boxes.
func pdfPages(t *testing.T, path string) []pdfPage {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var pages []pdfPage
	chunks := pdfPageTag.Split(string(out), -1)
	sizes := pdfPageTag.FindAllStringSubmatch(string(out), -1)
	for i, size := range sizes {
		w, _ := strconv.ParseFloat(size[1], 64)
		h, _ := strconv.ParseFloat(size[2], 64)
		p := pdfPage{width: w, height: h}
		for _, m := range pdfLineTag.FindAllStringSubmatch(chunks[i+1], -1) {
			top, _ := strconv.ParseFloat(m[1], 64)
			bottom, _ := strconv.ParseFloat(m[2], 64)
			var words []string
			for _, w := range pdfWordTag.FindAllStringSubmatch(m[3], -1) {
				words = append(words, html.UnescapeString(w[1]))
			}
			p.lines = append(p.lines, pdfLine{top: top, bottom: bottom, text: strings.Join(words, " ")})
		}
		pages = append(pages, p)
	}
	return pages
}

// pdfPageCount counts a PDF's pages.
func pdfPageCount(t *testing.T, path string) int {
	t.Helper()
	return len(pdfPages(t, path))
}
