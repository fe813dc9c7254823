package reports

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromium finds the browser of the browser tests: Debian's chromium
// (.ci/run installs it). Without it the tests are skipped, unless CI is
// set.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium not found; .ci/run installs it")
	}
	t.Skip("chromium not found (apt-get install chromium); skipped outside CI")
	return ""
}

// chartBox is a chart's size as the browser laid it out.
type chartBox struct {
	ID    string  `json:"id"`
	W     float64 `json:"w"`
	H     float64 `json:"h"`
	Texts int     `json:"texts"`
}

// TestHTMLInBrowser opens the meeting pack of the real example, and the
// pack with hostile names, in headless Chromium kept off the network, from
// a file:// URL. No request may leave the file; every chart must be laid
// out with a size; no hostile name may run (no dialog, no image element).
// It saves a screenshot of the whole page in the test's temporary folder,
// and copies the example's to /tmp/prio-pack.png for people to look at.
func TestHTMLInBrowser(t *testing.T) {
	exe := chromium(t)
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	dir := t.TempDir()
	cases := []struct {
		name   string
		pack   *Pack
		charts int
	}{
		{"example", mustExamplePack(t), 3},
		{"hostile", fullPack(), 3},
		{"score-en", scorePack(), 1},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			lang := "sv"
			if strings.HasSuffix(tt.name, "-en") {
				lang = "en"
			}
			path := filepath.Join(dir, tt.name+".html")
			if err := os.WriteFile(path, renderHTML(t, tt.pack, lang), 0o644); err != nil {
				t.Fatal(err)
			}
			url := "file://" + path
			allocCtx, cancel := chromedp.NewExecAllocator(context.Background(),
				chromedp.ExecPath(exe),
				chromedp.Headless,
				chromedp.NoSandbox,
				chromedp.DisableGPU,
				chromedp.NoFirstRun,
				chromedp.NoDefaultBrowserCheck,
				chromedp.Flag("disable-quic", true),
				chromedp.Flag("disable-background-networking", true),
				chromedp.Flag("disable-component-update", true),
				chromedp.Flag("disable-sync", true),
				chromedp.Flag("disable-extensions", true),
				chromedp.Flag("disable-default-apps", true),
				chromedp.Flag("disable-domain-reliability", true),
				chromedp.Flag("no-pings", true),
				chromedp.UserDataDir(filepath.Join(dir, "profile-"+tt.name)),
				chromedp.WindowSize(1100, 1400),
			)
			defer cancel()
			ctx, cancel := chromedp.NewContext(allocCtx)
			defer cancel()
			// Start the browser and its tab, then listen from the first
			// request of the page on.
			if err := chromedp.Do(ctx); err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var requests, dialogs []string
			err := chromedp.Listen(ctx, func(ev any) {
				mu.Lock()
				defer mu.Unlock()
				switch e := ev.(type) {
				case *network.EventRequestWillBeSent:
					requests = append(requests, e.Request.URL)
				case *page.EventJavascriptDialogOpening:
					dialogs = append(dialogs, e.Message)
					// A dialog would block the page: dismiss it elsewhere.
					go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false}) //nolint:errcheck
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			tctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
			defer tcancel()
			if err := chromedp.Do(tctx, chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			boxes, err := chromedp.Run(tctx, chromedp.Evaluate[[]chartBox](`Array.from(document.querySelectorAll("svg.chart")).map(s => {
				const r = s.getBoundingClientRect();
				return {id: s.id, w: r.width, h: r.height, texts: s.querySelectorAll("text").length};
			})`))
			if err != nil {
				t.Fatal(err)
			}
			images, err := chromedp.Run(tctx, chromedp.Evaluate[int](`document.images.length + document.scripts.length`))
			if err != nil {
				t.Fatal(err)
			}
			shot, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			// 200 % zoom of a 1280-pixel window is a viewport 640 CSS
			// pixels wide at twice the scale: the page must reflow into it,
			// wide tables scrolling in their own region, not the page.
			if err := chromedp.Do(tctx, chromedp.EmulateViewport(640, 900, chromedp.EmulateScale(2))); err != nil {
				t.Fatal(err)
			}
			overflow, err := chromedp.Run(tctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth - window.innerWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if overflow > 1 {
				t.Errorf("at 200 %% zoom the page is %v px wider than the window", overflow)
			}
			zoomed, err := chromedp.Run(tctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, tt.name+"-200.png"), zoomed, 0o644); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if !slices.Contains(requests, url) {
				t.Errorf("the listener saw no request for the file itself: %q", requests)
			}
			for _, u := range requests {
				if u != url && !strings.HasPrefix(u, "data:") {
					t.Errorf("a request left the file: %s", u)
				}
			}
			if len(dialogs) > 0 {
				t.Errorf("a script ran: dialogs %q", dialogs)
			}
			if images != 0 {
				t.Errorf("%d images or scripts in the page", images)
			}
			if len(boxes) != tt.charts {
				t.Errorf("%d charts laid out, want %d", len(boxes), tt.charts)
			}
			for _, b := range boxes {
				if b.W <= 0 || b.H <= 0 || b.Texts == 0 {
					t.Errorf("chart %s: %v × %v px, %d texts", b.ID, b.W, b.H, b.Texts)
				}
			}
			png := filepath.Join(dir, tt.name+".png")
			if err := os.WriteFile(png, shot, 0o644); err != nil {
				t.Fatal(err)
			}
			if len(shot) < 8 || string(shot[1:4]) != "PNG" {
				t.Errorf("the screenshot is not a PNG")
			}
			t.Logf("screenshot %s (%d bytes)", png, len(shot))
			if tt.name == "example" {
				if err := os.WriteFile(filepath.Join(os.TempDir(), "prio-pack.png"), shot, 0o644); err != nil {
					t.Logf("could not copy the screenshot: %v", err)
				}
			}
		})
	}
}
