package reports

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/prio-tool/prio"
)

func renderXLSX(t testing.TB, p *Pack, lang string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, p, Options{Lang: lang, Version: "0.1.0"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openXLSX(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func row(t testing.TB, f *excelize.File, sheet string, n int) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if n > len(rows) {
		t.Fatalf("%s has %d rows, not %d", sheet, len(rows), n)
	}
	return rows[n-1]
}

func raw(t testing.TB, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestXLSXSheetsAndHeaders(t *testing.T) {
	tests := []struct {
		lang   string
		pack   func() *Pack
		sheets []string
		// Headers of the first sheet and of the Sensitivity sheet.
		ranking, sensitivity []string
	}{
		{"sv", fullPack,
			[]string{"Rangordning", "Bidrag", "Utgångspunkter", "Känslighet", "Indata", "Om körningen"},
			[]string{"Rang", "ID", "Namn", "Myndighet", "Status", "Poäng (0–100)", "Ej uppfyllda utgångspunkter", "Saknade uppgifter", "Källcell"},
			[]string{"Rang", "ID", "Namn", "Poäng (0–100)", "Topp 2", "Konfidens", "Bästa rang vid saknade värden", "Sämsta rang vid saknade värden", "Rang 1", "Rang 2", "Rang 3", "Rang 4"}},
		{"en", fullPack,
			[]string{"Ranking", "Contributions", "Gates", "Sensitivity", "Inputs", "About this run"},
			[]string{"Rank", "ID", "Name", "Agency", "Status", "Score (0–100)", "Failed gates", "Missing inputs", "Source cell"},
			[]string{"Rank", "ID", "Name", "Score (0–100)", "Top 2", "Confidence", "Best rank with missing values", "Worst rank with missing values", "Rank 1", "Rank 2", "Rank 3", "Rank 4"}},
		// prio score: no Sensitivity sheet.
		{"sv", scorePack,
			[]string{"Rangordning", "Bidrag", "Utgångspunkter", "Indata", "Om körningen"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+strconv.Itoa(len(tt.sheets)), func(t *testing.T) {
			f := openXLSX(t, renderXLSX(t, tt.pack(), tt.lang))
			if d := cmp.Diff(tt.sheets, f.GetSheetList()); d != "" {
				t.Errorf("sheets (-want +got):\n%s", d)
			}
			if tt.ranking != nil {
				if d := cmp.Diff(tt.ranking, row(t, f, tt.sheets[0], 1)); d != "" {
					t.Errorf("ranking header (-want +got):\n%s", d)
				}
				if d := cmp.Diff(tt.sensitivity, row(t, f, tt.sheets[3], 1)); d != "" {
					t.Errorf("sensitivity header (-want +got):\n%s", d)
				}
			}
		})
	}
}

// TestXLSXCells reads back a sample of cells of the full pack, each
// expected value taken from packResult and packSensitivity.
func TestXLSXCells(t *testing.T) {
	f := openXLSX(t, renderXLSX(t, fullPack(), "sv"))
	num := func(sheet, cell string) float64 {
		t.Helper()
		x, err := strconv.ParseFloat(raw(t, f, sheet, cell), 64)
		if err != nil {
			t.Fatalf("%s!%s: %v", sheet, cell, err)
		}
		return x
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	// Ranking: FK-12 first with score 0.8595 × 100; KAM-2 excluded, last,
	// without a rank.
	if got := raw(t, f, "Rangordning", "B2"); got != "FK-12" {
		t.Errorf("Rangordning!B2 = %q", got)
	}
	near("Rangordning!F2", num("Rangordning", "F2"), 85.95)
	near("Rangordning!A5", num("Rangordning", "A5"), 4)
	if got := row(t, f, "Rangordning", 6); got[0] != "" || got[1] != "KAM-2" || got[4] != "utesluten" || got[6] != "G1" || got[7] != "A1, D1" {
		t.Errorf("Rangordning row 6 = %q", got)
	}
	if got := raw(t, f, "Rangordning", "I5"); got != "tillagg.csv:12" {
		t.Errorf("Rangordning!I5 = %q", got)
	}
	// Contributions: FK-12's A1, 0.212625 × 100, and its total.
	near("Bidrag!D2", num("Bidrag", "D2"), 21.2625)
	near("Bidrag!J2", num("Bidrag", "J2"), 85.95)
	if got := raw(t, f, "Bidrag", "D1"); got != "A1 Nettonuvärde per investerad krona" {
		t.Errorf("Bidrag!D1 = %q", got)
	}
	// Gates: 5 investments × 3 gates; KAM-2's G1 failed with its reason.
	gates, _ := f.GetRows("Utgångspunkter")
	if len(gates) != 1+5*3 {
		t.Errorf("Utgångspunkter has %d rows, want 16", len(gates))
	}
	if got := gates[13]; got[0] != "KAM-2" || got[2] != "G1" || got[4] != "ej uppfylld" || got[6] != `goals != "" (goals = "")` {
		t.Errorf("Utgångspunkter row 14 = %q", got)
	}
	if got := gates[14]; got[2] != "G2" || got[4] != "uppfylld (uppgift saknas)" || got[6] != "saknas: invest" {
		t.Errorf("Utgångspunkter row 15 = %q", got)
	}
	// Sensitivity: top-2 share 0.95 and acceptabilities of FK-12; the
	// stability rows under the matrix.
	near("Känslighet!E2", num("Känslighet", "E2"), 0.95)
	near("Känslighet!I2", num("Känslighet", "I2"), 0.8)
	near("Känslighet!L5", num("Känslighet", "L5"), 0.75)
	if got := raw(t, f, "Känslighet", "F4"); got != "" {
		t.Errorf("Känslighet!F4 (SKV-4's confidence, null) = %q", got)
	}
	if got := row(t, f, "Känslighet", 8); got[0] != "A1" || got[7] != "21,0 %: <script>alert(1)</script> går om FK-12" {
		t.Errorf("Känslighet row 8 = %q", got)
	}
	near("Känslighet!C8", num("Känslighet", "C8"), 0.2625)
	// Inputs without a portfolio: the criterion value; a result built by
	// hand, not by scoring.Score, knows no cells.
	if got := row(t, f, "Indata", 2); got[0] != "FK-12" || got[1] != "A1" || got[7] != "81.0" || len(got) > 8 && got[8] != "" {
		t.Errorf("Indata row 2 = %q", got)
	}
	// About.
	if got := row(t, f, "Om körningen", 6); got[0] != "SHA-256" || got[1] != "5f2b0c3e9a1d4b6c8e7f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5" {
		t.Errorf("Om körningen row 6 = %q", got)
	}
	if got := row(t, f, "Om körningen", 7); got[0] != "Slumpfrö" || got[1] != "20171127" {
		t.Errorf("Om körningen row 7 = %q", got)
	}
}

// TestXLSXFeatures checks what makes the workbook more than cells: the
// frozen headers, the tables with filters, the conditional formats and the
// charts, read back with excelize and from the package's parts.
func TestXLSXFeatures(t *testing.T) {
	data := renderXLSX(t, fullPack(), "en")
	f := openXLSX(t, data)
	for _, sheet := range []string{"Ranking", "Contributions", "Gates", "Sensitivity", "Inputs"} {
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header not frozen (%+v, %v)", sheet, panes, err)
		}
		tables, err := f.GetTables(sheet)
		if err != nil || len(tables) != 1 || !strings.HasPrefix(tables[0].Range, "A1:") {
			t.Errorf("%s: tables %+v, %v", sheet, tables, err)
		}
	}
	cf, err := f.GetConditionalFormats("Ranking")
	if err != nil {
		t.Fatal(err)
	}
	if got := cf["F2:F6"]; len(got) != 1 || got[0].Type != "data_bar" {
		t.Errorf("Ranking conditional formats = %+v", cf)
	}
	cf, err = f.GetConditionalFormats("Sensitivity")
	if err != nil {
		t.Fatal(err)
	}
	if got := cf["I2:L5"]; len(got) != 1 || got[0].Type != "2_color_scale" {
		t.Errorf("Sensitivity conditional formats = %+v", cf)
	}
	// Two charts, a bar chart and a stacked one, each on its sheet's
	// drawing.
	parts := zipParts(t, data)
	for _, name := range []string{"xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/drawings/drawing1.xml", "xl/drawings/drawing2.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("no part %s", name)
		}
	}
	if c := parts["xl/charts/chart1.xml"]; !strings.Contains(c, "<barChart>") || !strings.Contains(c, "&#39;Ranking&#39;!$B$2:$B$5") || !strings.Contains(c, `<varyColors val="0">`) {
		t.Errorf("chart1 is not the bar chart of the scores")
	}
	if c := parts["xl/charts/chart2.xml"]; !strings.Contains(c, `<grouping val="stacked">`) || strings.Count(c, "<ser>") != 6 {
		t.Errorf("chart2 is not the stacked chart of six criteria")
	}
}

func zipParts(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(b)
	}
	return out
}

// TestXLSXHostile checks that hostile names are strings in their cells,
// exactly as given, never formulas.
func TestXLSXHostile(t *testing.T) {
	data := renderXLSX(t, fullPack(), "sv")
	f := openXLSX(t, data)
	for cell, want := range map[string]string{"B3": hostileScript, "C3": hostileImg, "C4": hostileFormula} {
		if got := raw(t, f, "Rangordning", cell); got != want {
			t.Errorf("Rangordning!%s = %q, want %q", cell, got, want)
		}
		if formula, _ := f.GetCellFormula("Rangordning", cell); formula != "" {
			t.Errorf("Rangordning!%s has a formula %q", cell, formula)
		}
		if typ, _ := f.GetCellType("Rangordning", cell); typ != excelize.CellTypeInlineString {
			t.Errorf("Rangordning!%s is of type %v, not an inline string", cell, typ)
		}
	}
	for name, body := range zipParts(t, data) {
		if strings.HasPrefix(name, "xl/worksheets/") && strings.Contains(body, "<f>") {
			t.Errorf("%s holds a formula", name)
		}
	}
}

// TestXLSXCanonical checks the package: parts in sorted order, all with
// the same fixed time, [Content_Types].xml first with sorted entries, and
// the fixed document properties.
func TestXLSXCanonical(t *testing.T) {
	data := renderXLSX(t, fullPack(), "sv")
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s modified %v", f.Name, f.Modified)
		}
	}
	if !slices.IsSorted(names) || names[0] != "[Content_Types].xml" {
		t.Errorf("parts not sorted: %q", names)
	}
	parts := zipParts(t, data)
	entries := contentTypeEntry.FindAllString(parts["[Content_Types].xml"], -1)
	if len(entries) < 10 || !slices.IsSortedFunc(entries, func(a, b string) int {
		return strings.Compare(a[:3]+a, b[:3]+b) // "<De" before "<Ov", then by text
	}) {
		t.Errorf("content types not sorted: %q", entries)
	}
	core := parts["docProps/core.xml"]
	for _, want := range []string{"<dc:creator>prio</dc:creator>", ">1980-01-01T00:00:00Z</dcterms:created>", ">1980-01-01T00:00:00Z</dcterms:modified>"} {
		if !strings.Contains(core, want) {
			t.Errorf("docProps/core.xml lacks %s:\n%s", want, core)
		}
	}
}

// TestXLSXExample renders the real example's full pack: its Inputs sheet
// shows the values read, with units and cells, also those that a derived
// field reads.
func TestXLSXExample(t *testing.T) {
	p := mustExamplePack(t)
	f := openXLSX(t, renderXLSX(t, p, "sv"))
	rows, err := f.GetRows("Indata")
	if err != nil {
		t.Fatal(err)
	}
	first := p.Score.Investments[0].ID
	var a1 [][]string
	for _, r := range rows[1:] {
		if r[0] == first && r[1] == "A1" {
			a1 = append(a1, r)
		}
	}
	// A1 is NPV per invested krona, derived from npv and invest (the
	// built-in set), both in mnkr, each from its own cell of the example.
	if len(a1) != 2 || a1[0][3] != "npv" || a1[1][3] != "invest" || a1[0][5] != "mnkr" || !strings.HasPrefix(a1[0][8], prio.ExampleName) {
		t.Errorf("Indata rows of %s A1 = %q", first, a1)
	}
	ranking, _ := f.GetRows("Rangordning")
	if len(ranking) != 1+len(p.Score.Investments) {
		t.Errorf("Rangordning has %d rows for %d investments", len(ranking), len(p.Score.Investments))
	}
}

// TestXLSXLibreOffice opens the workbook in a second, independent
// program: LibreOffice converts it to PDF headless. Skipped where soffice
// is missing, unless CI is set (.ci/run installs it).
func TestXLSXLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice not found; .ci/run installs libreoffice-calc-nogui")
		}
		t.Skip("soffice not found (apt-get install libreoffice-calc-nogui); skipped outside CI")
	}
	dir := t.TempDir()
	for name, p := range map[string]*Pack{"full": fullPack(), "example": mustExamplePack(t)} {
		in := filepath.Join(dir, name+".xlsx")
		if err := os.WriteFile(in, renderXLSX(t, p, "sv"), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(soffice, "--headless", "--norestore", "--nolockcheck",
			"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--convert-to", "pdf", "--outdir", dir, in)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("soffice: %v\n%s", err, out)
		}
		pdf, err := os.ReadFile(filepath.Join(dir, name+".pdf"))
		if err != nil {
			t.Fatalf("no PDF: %v\n%s", err, out)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 10000 {
			t.Errorf("%s.pdf: %d bytes, not a PDF of a workbook", name, len(pdf))
		}
	}
}
