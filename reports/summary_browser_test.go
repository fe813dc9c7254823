package reports

import (
	"bytes"
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

// TestSummaryInBrowser opens the summary page, with its hostile agency
// name, errors and investment name, in headless Chromium kept off the
// network: no request may leave the file, no script may run, and at 200 %
// zoom the page must reflow (wide tables scroll in their own region).
func TestSummaryInBrowser(t *testing.T) {
	exe := chromium(t)
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "summary.html")
	if err := os.WriteFile(path, renderSummaryHTML(t, testSummary(), "sv"), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + path
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
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var requests, dialogs []string
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, e.Request.URL)
		case *page.EventJavascriptDialogOpening:
			dialogs = append(dialogs, e.Message)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false}) //nolint:errcheck
		}
	}); err != nil {
		t.Fatal(err)
	}
	tctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	defer tcancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	active, err := chromedp.Run(tctx, chromedp.Evaluate[int](`document.images.length + document.scripts.length`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tctx, chromedp.EmulateViewport(640, 900, chromedp.EmulateScale(2))); err != nil {
		t.Fatal(err)
	}
	overflow, err := chromedp.Run(tctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth - window.innerWidth`))
	if err != nil {
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
	if len(dialogs) > 0 || active != 0 {
		t.Errorf("a script ran: dialogs %q, %d images or scripts", dialogs, active)
	}
	if overflow > 1 {
		t.Errorf("at 200 %% zoom the page is %v px wider than the window", overflow)
	}
}

// TestSummaryXLSXLibreOffice opens the summary workbook in LibreOffice,
// which converts its first sheet to CSV: an independent reader agrees on
// its cells. Skipped where soffice is missing, unless CI is set.
func TestSummaryXLSXLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice not found; .ci/run installs libreoffice-calc-nogui")
		}
		t.Skip("soffice not found (apt-get install libreoffice-calc-nogui); skipped outside CI")
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := WriteSummaryXLSX(&buf, testSummary(), Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "summary.xlsx")
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "summary.csv"))
	if err != nil {
		t.Fatalf("no CSV: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	// The median 0.6625 × 100 is exactly 66.25 in float64; LibreOffice
	// rounds its "0.0" format half away from zero, where prio's own text
	// rounds to even (66,2).
	want := []string{
		"Agency,Run,Investments,Ranked,Of which flagged,Excluded,Total cost (mnkr),Without a cost,Median score (0–100),Top\u00a0k",
		"Alfaverket,ok,4,3,1,1,130.0,0,66.3,2",
	}
	if len(lines) < 2 || lines[0] != want[0] || lines[1] != want[1] {
		t.Errorf("first sheet as LibreOffice reads it:\n%s\nwant it to start\n%s", data, strings.Join(want, "\n"))
	}
}
