package reports

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// selectionShown is what the browser shows of the selection chapter.
type selectionShown struct {
	// Section is the chapter's box: width and height in CSS pixels.
	SectionW float64 `json:"sectionW"`
	SectionH float64 `json:"sectionH"`
	Heading  string  `json:"heading"`
	// Bars are the budget chart's bars, from the top: the frame's width
	// and the used part's width, in pixels; BudgetTexts its labels.
	Frames      []float64 `json:"frames"`
	Used        []float64 `json:"used"`
	BudgetTexts []string  `json:"budgetTexts"`
	// The frontier chart: its size, its filled and hollow dots, the
	// vertical line of the budget given, its texts.
	FrontierW float64 `json:"frontierW"`
	FrontierH float64 `json:"frontierH"`
	Filled    int     `json:"filled"`
	Hollow    int     `json:"hollow"`
	Chosen    int     `json:"chosen"`
	Squares   int     `json:"squares"`
	Texts     int     `json:"texts"`
	// The lists: rows shown (laid out with a height) and the first id.
	Funded       int    `json:"funded"`
	NotFunded    int    `json:"notFunded"`
	FirstFunded  string `json:"firstFunded"`
	FirstReason  string `json:"firstReason"`
	LegendMarks  int    `json:"legendMarks"`
	LegendHidden int    `json:"legendHidden"`
}

// selectionScript reads the selection chapter as the browser laid it out.
// Colours are the computed ones: the used bars and the filled dots are
// rgb(8, 81, 156) (usedColour), the frames rgb(222, 235, 247)
// (frameColour), the hollow dots white with a blue edge, the ranking
// line's squares rgb(213, 94, 0) and the line of the budget given
// rgb(64, 64, 64), dotted.
const selectionScript = `(() => {
  const out = {frames: [], used: [], budgetTexts: [], filled: 0, hollow: 0, squares: 0, chosen: 0};
  const sec = document.querySelector('section[aria-labelledby="selection"]');
  if (!sec) return out;
  const r = sec.getBoundingClientRect();
  out.sectionW = r.width; out.sectionH = r.height;
  out.heading = sec.querySelector('h2').textContent;
  const blue = 'rgb(8, 81, 156)', light = 'rgb(222, 235, 247)', white = 'rgb(255, 255, 255)';
  const budgets = document.getElementById('fig-selection-budgets');
  if (budgets) {
    const paths = Array.from(budgets.querySelectorAll('path')).map(p => ({fill: getComputedStyle(p).fill, stroke: getComputedStyle(p).stroke, box: p.getBoundingClientRect()}));
    const bars = f => paths.filter(p => p.fill === f).sort((a, b) => a.box.top - b.box.top).map(p => p.box.width);
    out.frames = bars(light); out.used = bars(blue);
    out.budgetTexts = Array.from(budgets.querySelectorAll('text')).map(t => t.textContent);
  }
  const fr = document.getElementById('fig-selection-frontier');
  if (fr) {
    const b = fr.getBoundingClientRect();
    out.frontierW = b.width; out.frontierH = b.height;
    for (const p of fr.querySelectorAll('path')) {
      const cs = getComputedStyle(p), box = p.getBoundingClientRect();
      const small = box.width < 15 && box.height < 15 && box.width > 2;
      if (small && cs.fill === blue) out.filled++;
      if (small && cs.fill === white) out.hollow++;
      if (small && cs.fill === 'rgb(213, 94, 0)') out.squares++;
      if (cs.stroke === 'rgb(64, 64, 64)' && cs.strokeDasharray !== 'none' && box.height > 100) out.chosen++;
    }
    out.texts = fr.querySelectorAll('text').length;
  }
  const rows = id => Array.from(document.querySelectorAll('#' + id + ' tbody tr')).filter(tr => tr.getBoundingClientRect().height > 0);
  out.funded = rows('tab-selection-funded').length;
  out.notFunded = rows('tab-selection-not-funded').length;
  const f = rows('tab-selection-funded')[0];
  out.firstFunded = f ? f.querySelector('th').textContent : '';
  const n = rows('tab-selection-not-funded')[0];
  out.firstReason = n ? n.querySelector('td.prose').textContent : '';
  const marks = Array.from(sec.querySelectorAll('ul.legend .mark'));
  out.legendMarks = marks.length;
  out.legendHidden = marks.filter(m => { const b = m.getBoundingClientRect(); return b.width === 0 && b.height === 0; }).length;
  return out;
})()`

// TestSelectionInBrowser opens the example's pack with its selection
// (Exempelverket, testdata/examples/exempelverket-urval.yaml, with losses,
// an 11-point frontier and 200 weight samples) in headless Chromium, in
// Swedish and English, and checks that the selection chapter shows: its
// budget chart with one frame and one used bar per budget, each used bar
// as long against its frame as the budget's used amount against its frame
// (2026: 162.8 of 200, 2027: 74.2 of 120, 2028: 98.6 of 100, the JSON's
// used amounts); the frontier chart with a filled dot per point on the
// convex hull and a hollow one per point off it, a square per point of the
// ranking line and the dotted line of the budget given; the funded and
// the not funded listed in full; every legend mark drawn. It saves a
// screenshot of each page in the test's folder, and copies the Swedish one
// to /tmp/prio-selection.png for people to look at.
func TestSelectionInBrowser(t *testing.T) {
	exe := chromium(t)
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	p := exampleSelectionPack(t)
	out := p.Selection.Outcome
	wantFunded, wantNotFunded := 0, 0
	for _, in := range out.Solution.Selected {
		if in {
			wantFunded++
		} else {
			wantNotFunded++
		}
	}
	wantFilled, wantHollow, wantSquares := 0, 0, 0
	for _, fp := range out.Frontier {
		switch {
		case !fp.Feasible:
		case fp.Supported:
			wantFilled++
		default:
			wantHollow++
		}
		if fp.Feasible && fp.Line != nil && fp.Line.Feasible {
			wantSquares++
		}
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
	for _, tt := range []struct{ lang, heading, firstReason string }{
		{"sv", "Urval inom budgetramarna", "Är ett alternativ till EXV-2027-110, som finansieras"},
		{"en", "Selection within the budget frames", "Is an alternative to EXV-2027-110, which is funded"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			path := filepath.Join(dir, "selection-"+tt.lang+".html")
			if err := os.WriteFile(path, renderHTML(t, p, tt.lang), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := chromedp.NewContext(browser)
			defer cancel()
			ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
			defer cancel()
			if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[selectionShown](selectionScript))
			if err != nil {
				t.Fatal(err)
			}
			if got.SectionW <= 0 || got.SectionH <= 0 || got.Heading != tt.heading {
				t.Fatalf("the selection chapter is not shown: %v × %v px, heading %q", got.SectionW, got.SectionH, got.Heading)
			}
			used := []float64{162.817 / 200, 74.201 / 120, 98.629 / 100}
			if len(got.Frames) != 3 || len(got.Used) != 3 {
				t.Fatalf("%d frames and %d used bars, want 3 of each", len(got.Frames), len(got.Used))
			}
			for i, share := range used {
				if ratio := got.Used[i] / got.Frames[i]; math.Abs(ratio-share) > 0.01 {
					t.Errorf("budget %d: the used bar is %.3f of its frame, want %.3f", i+1, ratio, share)
				}
			}
			// The longest frame, 2026's 200, against 2027's 120.
			if math.Abs(got.Frames[1]/got.Frames[0]-0.6) > 0.01 {
				t.Errorf("2027's frame is %.3f of 2026's, want 0.6", got.Frames[1]/got.Frames[0])
			}
			for _, year := range []string{"2026", "2027", "2028"} {
				found := false
				for _, s := range got.BudgetTexts {
					found = found || s == year
				}
				if !found {
					t.Errorf("the budget chart does not name %s: %q", year, got.BudgetTexts)
				}
			}
			if got.FrontierW <= 0 || got.FrontierH <= 0 || got.Texts == 0 {
				t.Errorf("the frontier chart is %v × %v px with %d texts", got.FrontierW, got.FrontierH, got.Texts)
			}
			if got.Filled != wantFilled || got.Hollow != wantHollow || got.Squares != wantSquares || got.Chosen != 1 {
				t.Errorf("frontier: %d filled, %d hollow dots, %d squares, %d lines of the budget given; want %d, %d, %d, 1",
					got.Filled, got.Hollow, got.Squares, got.Chosen, wantFilled, wantHollow, wantSquares)
			}
			if got.Funded != wantFunded || got.NotFunded != wantNotFunded {
				t.Errorf("%d funded and %d not funded shown, want %d and %d", got.Funded, got.NotFunded, wantFunded, wantNotFunded)
			}
			if got.FirstFunded != "EXV-2026-128" || len(got.FirstReason) < len(tt.firstReason) || got.FirstReason[:len(tt.firstReason)] != tt.firstReason {
				t.Errorf("first funded %q, first reason %q", got.FirstFunded, got.FirstReason)
			}
			if got.LegendMarks != 6 || got.LegendHidden != 0 {
				t.Errorf("%d legend marks, %d of them not drawn; want 6 drawn", got.LegendMarks, got.LegendHidden)
			}
			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
			if err != nil {
				t.Fatal(err)
			}
			png := filepath.Join(dir, "selection-"+tt.lang+".png")
			if err := os.WriteFile(png, shot, 0o644); err != nil {
				t.Fatal(err)
			}
			if tt.lang == "sv" {
				if err := os.WriteFile(filepath.Join(os.TempDir(), "prio-selection.png"), shot, 0o644); err != nil {
					t.Logf("could not copy the screenshot: %v", err)
				}
			}
		})
	}
}
