package reports

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/prio-tool/prio/portfolio"
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
		// Headers of the Ranking sheet and of the Sensitivity sheet.
		ranking, sensitivity []string
	}{
		{"sv", fullPack,
			[]string{"Översikt", "Rangordning", "Bidrag", "Utgångspunkter", "Känslighet", "Rangacceptans", "Stabilitet", "Indata", "Om körningen"},
			// The investments have several agencies: a column for them.
			[]string{"Rang", "ID", "Namn", "Status", "Poäng (0–100)", "Hur säker", "I topp 2", "Ej uppfyllda utgångspunkter", "Saknade uppgifter", "Myndighet", "Källcell"},
			[]string{"Rang", "ID", "Namn", "Poäng (0–100)", "Hur säker", "I topp 2", "Plats i 90\u00a0% av stickproven, från",
				"Plats i 90\u00a0% av stickproven, till", "Bästa rang vid saknade värden", "Sämsta rang vid saknade värden", "Konfidens"}},
		{"en", fullPack,
			[]string{"Overview", "Ranking", "Contributions", "Starting points", "Sensitivity", "Rank acceptability", "Stability", "Inputs", "About this run"},
			[]string{"Rank", "ID", "Name", "Status", "Score (0–100)", "How firm", "In the top 2", "Starting points not met", "Missing inputs", "Agency", "Source cell"},
			[]string{"Rank", "ID", "Name", "Score (0–100)", "How firm", "In the top 2", "Place in 90\u00a0% of samples, from",
				"Place in 90\u00a0% of samples, to", "Best rank with missing values", "Worst rank with missing values", "Confidence"}},
		// prio score: no sensitivity sheets.
		{"sv", scorePack,
			[]string{"Översikt", "Rangordning", "Bidrag", "Utgångspunkter", "Indata", "Om körningen"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+strconv.Itoa(len(tt.sheets)), func(t *testing.T) {
			f := openXLSX(t, renderXLSX(t, tt.pack(), tt.lang))
			if d := cmp.Diff(tt.sheets, f.GetSheetList()); d != "" {
				t.Errorf("sheets (-want +got):\n%s", d)
			}
			if tt.ranking != nil {
				if d := cmp.Diff(tt.ranking, row(t, f, tt.sheets[1], 1)); d != "" {
					t.Errorf("ranking header (-want +got):\n%s", d)
				}
				if d := cmp.Diff(tt.sensitivity, row(t, f, tt.sheets[4], 1)); d != "" {
					t.Errorf("sensitivity header (-want +got):\n%s", d)
				}
			}
		})
	}
}

// TestXLSXCells reads back a sample of cells of the full pack, each
// expected value taken from packResult and packSensitivity, the verdicts
// and intervals worked out by hand in the comments.
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
	// Ranking: FK-12 first with score 0.8595 × 100, firm (95 % of the
	// samples in the top 2); "<script>" lacks A1, which decides its
	// place; KAM-2 excluded, last, without a rank.
	if got := raw(t, f, "Rangordning", "B2"); got != "FK-12" {
		t.Errorf("Rangordning!B2 = %q", got)
	}
	near("Rangordning!E2", num("Rangordning", "E2"), 85.95)
	near("Rangordning!G2", num("Rangordning", "G2"), 0.95)
	near("Rangordning!A5", num("Rangordning", "A5"), 4)
	for cell, want := range map[string]string{"F2": "fast", "F3": "beror på saknade uppgifter", "F4": "kan ta sig in", "F5": "utanför"} {
		if got := raw(t, f, "Rangordning", cell); got != want {
			t.Errorf("Rangordning!%s = %q, want %q", cell, got, want)
		}
	}
	if got := row(t, f, "Rangordning", 6); got[0] != "" || got[1] != "KAM-2" || got[3] != "utesluten" || got[5] != "" || got[7] != "G1" || got[8] != "A1, D1" {
		t.Errorf("Rangordning row 6 = %q", got)
	}
	if got := raw(t, f, "Rangordning", "K5"); got != "tillagg.csv:12" {
		t.Errorf("Rangordning!K5 = %q", got)
	}
	// Contributions: FK-12's A1, 0.212625 × 100, and its total.
	near("Bidrag!D2", num("Bidrag", "D2"), 21.2625)
	near("Bidrag!J2", num("Bidrag", "J2"), 85.95)
	if got := raw(t, f, "Bidrag", "D1"); got != "A1 Nettonuvärde per investerad krona" {
		t.Errorf("Bidrag!D1 = %q", got)
	}
	// Starting points: a row per investment, a column per starting point,
	// the failures in sentences (no set: fields by their ids); then the
	// conditions, two rows under the table.
	if got := row(t, f, "Utgångspunkter", 5); got[0] != "MSB-7" || got[5] != "ej uppfylld" ||
		got[6] != "Återanvänder gemensam lösning: ej uppfylld (reused: nej)." {
		t.Errorf("Utgångspunkter row 5 = %q", got)
	}
	if got := row(t, f, "Utgångspunkter", 6); got[0] != "KAM-2" || got[3] != "ej uppfylld" || got[4] != "saknas" || got[5] != "uppfylld" ||
		got[6] != "Effektmål är angivna: ej uppfylld (goals: ””). Nyttoplan finns över 10 mnkr: uppfylld trots att uppgift saknas (invest saknas)." {
		t.Errorf("Utgångspunkter row 6 = %q", got)
	}
	if got := row(t, f, "Utgångspunkter", 10); got[0] != "G2" || got[2] != "plan or invest < 10" || got[3] != "utesluts" || got[4] != "räknas som uppfylld" {
		t.Errorf("Utgångspunkter row 10 = %q", got)
	}
	// Sensitivity: FK-12's top-2 share 0.95 and the central 90 % of its
	// sampled ranks: the 5 % quantile of (0.8, 0.15, 0.05, 0) is rank 1
	// (0.8 ≥ 0.05), the 95 % one rank 2 (0.8 + 0.15 = 0.95).
	near("Känslighet!F2", num("Känslighet", "F2"), 0.95)
	near("Känslighet!G2", num("Känslighet", "G2"), 1)
	near("Känslighet!H2", num("Känslighet", "H2"), 2)
	// MSB-7 (0, 0.05, 0.2, 0.75): from rank 2 (0.05) to 4 (1.0 ≥ 0.95).
	near("Känslighet!G5", num("Känslighet", "G5"), 2)
	near("Känslighet!H5", num("Känslighet", "H5"), 4)
	if got := raw(t, f, "Känslighet", "K4"); got != "" {
		t.Errorf("Känslighet!K4 (SKV-4's confidence, null) = %q", got)
	}
	// Acceptability: FK-12 at rank 1, MSB-7 at rank 4.
	near("Rangacceptans!C2", num("Rangacceptans", "C2"), 0.8)
	near("Rangacceptans!F5", num("Rangacceptans", "F5"), 0.75)
	// Stability: A1's row.
	if got := row(t, f, "Stabilitet", 2); got[0] != "A1" || got[7] != "21,0\u00a0%: <script>alert(1)</script> går om FK-12" {
		t.Errorf("Stabilitet row 2 = %q", got)
	}
	near("Stabilitet!C2", num("Stabilitet", "C2"), 0.2625)
	// Inputs without a portfolio: the criterion value; a result built by
	// hand, not by scoring.Score, knows no cells.
	if got := row(t, f, "Indata", 2); got[0] != "FK-12" || got[1] != "A1" || got[4] != "81.0" || len(got) > 5 && got[5] != "" {
		t.Errorf("Indata row 2 = %q", got)
	}
	// About.
	if got := row(t, f, "Om körningen", 6); got[0] != "SHA-256" || got[1] != "5f2b0c3e9a1d4b6c8e7f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5" {
		t.Errorf("Om körningen row 6 = %q", got)
	}
	if got := row(t, f, "Om körningen", 7); got[0] != "Slumpfrö" || got[1] != "20171127" {
		t.Errorf("Om körningen row 7 = %q", got)
	}
	// Overview: the story's first line and the top 2.
	overview, _ := f.GetRows("Översikt")
	var text []string
	for _, r := range overview {
		text = append(text, strings.Join(r, " | "))
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{
		// 4 of 5 ranked, 1 flagged, 1 excluded (packResult).
		"4 av 5 investeringar är rangordnade (1 av dem flaggad), 1 utesluten av utgångspunkterna.",
		// FK-12 firm; the hostile id's place decided by missing data.
		"Topp 2: 1 fast plats och 1 som beror på saknade uppgifter.",
		"1 | FK-12 | Ny e-tjänst för bostadsbidrag | 86.0 | fast | 95% | 1–2",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("Översikt lacks %q:\n%s", want, all)
		}
	}
}

// TestXLSXFeatures checks what makes the workbook more than cells: the
// frozen headers, the tables with filters, the conditional formats, the
// chart, and the page setup of every sheet (A4, fitted to the width, the
// header row repeated, a print area, headers and footers), read back with
// excelize and from the package's parts.
func TestXLSXFeatures(t *testing.T) {
	data := renderXLSX(t, fullPack(), "en")
	f := openXLSX(t, data)
	for _, sheet := range []string{"Ranking", "Contributions", "Starting points", "Sensitivity", "Rank acceptability", "Stability", "Inputs"} {
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
	if got := cf["E2:E6"]; len(got) != 1 || got[0].Type != "data_bar" {
		t.Errorf("Ranking conditional formats = %+v", cf)
	}
	if got := cf["G2:G6"]; len(got) != 1 || got[0].Type != "data_bar" || got[0].MaxValue != "1" {
		t.Errorf("Ranking: no data bar on the top-k share: %+v", cf)
	}
	cf, err = f.GetConditionalFormats("Rank acceptability")
	if err != nil {
		t.Fatal(err)
	}
	if got := cf["C2:F5"]; len(got) != 1 || got[0].Type != "2_color_scale" {
		t.Errorf("Rank acceptability conditional formats = %+v", cf)
	}
	// One chart, stacked, under the contributions table.
	parts := zipParts(t, data)
	if c := parts["xl/charts/chart1.xml"]; !strings.Contains(c, `<grouping val="stacked">`) || strings.Count(c, "<ser>") != 6 {
		t.Errorf("chart1 is not the stacked chart of six criteria")
	}
	if _, ok := parts["xl/charts/chart2.xml"]; ok {
		t.Errorf("a second chart for four ranked investments")
	}
	workbook := parts["xl/workbook.xml"]
	for i, sheet := range f.GetSheetList() {
		layout, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if layout.Size == nil || *layout.Size != 9 || layout.FitToWidth == nil || *layout.FitToWidth < 1 || layout.FitToHeight == nil || *layout.FitToHeight != 0 {
			t.Errorf("%s: page layout %+v, want A4 (9) fitted to the width", sheet, layout)
		}
		props, err := f.GetSheetProps(sheet)
		if err != nil || props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: fit to page not set (%v)", sheet, err)
		}
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil || !strings.Contains(hf.OddHeader, "Prioritisation report") || !strings.Contains(hf.OddFooter, "Page &P of &N") || !strings.Contains(hf.OddFooter, sheet) {
			t.Errorf("%s: header and footer %+v, %v", sheet, hf, err)
		}
		area := fmt.Sprintf(`<definedName localSheetId="%d" name="_xlnm.Print_Area">`, i)
		if !strings.Contains(workbook, area) {
			t.Errorf("%s: no print area", sheet)
		}
	}
	for i, sheet := range []string{"Ranking", "Contributions", "Starting points", "Sensitivity"} {
		titles := fmt.Sprintf(`<definedName localSheetId="%d" name="_xlnm.Print_Titles">`, i+1)
		if !strings.Contains(workbook, titles) {
			t.Errorf("%s: the header row is not repeated on printed pages", sheet)
		}
	}
	// One font family: Arial, in every style and the default.
	styles := parts["xl/styles.xml"]
	for _, m := range regexp.MustCompile(`<name val="([^"]*)"`).FindAllStringSubmatch(styles, -1) {
		if m[1] != "Arial" {
			t.Errorf("a style names the font %q", m[1])
		}
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
// has one row per investment with the values read, under the fields'
// titles with their units.
func TestXLSXExample(t *testing.T) {
	p := mustExamplePack(t)
	f := openXLSX(t, renderXLSX(t, p, "sv"))
	rows, err := f.GetRows("Indata")
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	col := func(name string) int {
		t.Helper()
		i := slices.Index(header, name)
		if i < 0 {
			t.Fatalf("Indata has no column %q: %q", name, header)
		}
		return i
	}
	invest, npv := col("Investeringsutgift (mnkr)"), col("Nettonuvärde (mnkr)")
	if len(rows) != 1+len(p.Score.Investments) {
		t.Errorf("Indata has %d rows for %d investments", len(rows), len(p.Score.Investments))
	}
	// The first investment's values, as the portfolio holds them.
	first := p.Score.Investments[0].ID
	pi := slices.IndexFunc(p.Portfolio.Investments, func(inv portfolio.Investment) bool { return inv.ID == first })
	for name, c := range map[string]int{"invest": invest, "npv": npv} {
		want := p.Portfolio.Value(pi, p.Portfolio.FieldIndex(name)).Num
		got, err := strconv.ParseFloat(raw(t, f, "Indata", xlsxCellName(c+1, 2)), 64)
		if err != nil || got != want {
			t.Errorf("Indata %s of %s = %v (%v), want %v", name, first, got, err, want)
		}
	}
	// The example's two workbooks have sheets of their own names: rows are
	// named by the sheet alone.
	if got := rows[1][2]; !strings.HasPrefix(got, "Investeringar!") {
		t.Errorf("source rows of %s = %q", first, got)
	}
	ranking, _ := f.GetRows("Rangordning")
	if len(ranking) != 1+len(p.Score.Investments) {
		t.Errorf("Rangordning has %d rows for %d investments", len(ranking), len(p.Score.Investments))
	}
}

// soffice finds LibreOffice (Debian's libreoffice-calc-nogui, which
// .ci/run installs); without it the tests are skipped, unless CI is set.
func soffice(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice not found; .ci/run installs libreoffice-calc-nogui")
		}
		t.Skip("soffice not found (apt-get install libreoffice-calc-nogui); skipped outside CI")
	}
	return path
}

// examplePackPages is the most pages the sensitivity pack of the example
// (Exempelverket: 42 investments, 35 ranked, 12 criteria, 6 starting
// points) may print on, as LibreOffice lays it out on A4: its overview
// (1), ranking (42 rows in landscape: 2), contributions (the table on 2,
// its chart on a page of its own: 3), starting points (a row per
// investment with its failures in sentences: 3), sensitivity, rank
// acceptability and stability (1 each), inputs (27 fields across two
// landscape pages, 42 rows down two: 4) and the run (1) — 17, and one
// page of slack for another version's font metrics. It printed on 87
// pages, its charts cut in two, before the sheets were laid out for
// print.
const examplePackPages = 18

// TestXLSXLibreOffice opens every workbook prio writes for people — the
// score and sensitivity packs, the batch summary and the criteria diff, in
// both languages — in a second, independent program: LibreOffice converts
// each to PDF as it prints it. Every sheet prints (its name stands in its
// footer); the example's sensitivity pack prints on at most
// examplePackPages; and no chart is cut in two: the pages that show a
// chart's bars (pixels of the first criterion's colour, which nothing
// else in the workbook has) are as many as the workbook's charts. (The
// PDF's text cannot tell: LibreOffice writes a chart's texts on every page
// it crosses, clipped away where it does not show.)
func TestXLSXLibreOffice(t *testing.T) {
	exe := soffice(t)
	poppler(t)
	if testing.Short() {
		t.Skip("LibreOffice test skipped in -short mode")
	}
	dir := t.TempDir()
	var files []string
	sheets := map[string][]string{}
	for _, d := range peopleDocs(t) {
		if d.kind != "xlsx" || d.name == "agency" || d.name == "template" {
			continue
		}
		name := d.name + "-" + d.lang
		in := filepath.Join(dir, name+".xlsx")
		if err := os.WriteFile(in, d.data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, in)
		sheets[name] = openXLSX(t, d.data).GetSheetList()
	}
	args := append([]string{"--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir}, files...)
	if out, err := exec.Command(exe, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	agencies, err := exampleAgencies()
	if err != nil {
		t.Fatal(err)
	}
	first := leafColours(agencies[0].Pack.Score.Leaves, agencies[0].Pack.Set)[0]
	for name, want := range sheets {
		pages := pdfPages(t, filepath.Join(dir, name+".pdf"))
		var footers []string
		for _, p := range pages {
			footers = append(footers, normalSpace(p.text()))
		}
		all := strings.Join(footers, "\n")
		for _, sheet := range want {
			if !strings.Contains(all, sheet) {
				t.Errorf("%s: the sheet %s does not print", name, sheet)
			}
		}
		if charts := chartParts(t, dir, name); charts > 0 {
			shown := pagesShowing(t, filepath.Join(dir, name+".pdf"), first)
			if shown != charts {
				t.Errorf("%s: %d charts show on %d pages: a chart is cut", name, charts, shown)
			}
		}
		t.Logf("%s: %d pages", name, len(pages))
		if name == "sensitivity-sv" && len(pages) > examplePackPages {
			t.Errorf("the example's pack prints on %d pages, want at most %d", len(pages), examplePackPages)
		}
	}
}

// chartParts counts a workbook's charts.
func chartParts(t *testing.T, dir, name string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for part := range zipParts(t, data) {
		if strings.HasPrefix(part, "xl/charts/chart") {
			n++
		}
	}
	return n
}

// pagesShowing renders a PDF's pages at 40 dpi and counts those with a
// pixel of colour c (within 24 of each channel, for anti-aliasing).
func pagesShowing(t *testing.T, pdf string, c color.RGBA) int {
	t.Helper()
	prefix := strings.TrimSuffix(pdf, ".pdf") + "-page"
	if out, err := exec.Command("pdftoppm", "-r", "40", "-png", pdf, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pngs, err := filepath.Glob(prefix + "-*.png")
	if err != nil {
		t.Fatal(err)
	}
	near := func(a, b uint32) bool { return int(a>>8)-int(b) <= 24 && int(b)-int(a>>8) <= 24 }
	n := 0
	for _, path := range pngs {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
	scan:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				if near(r, uint32(c.R)) && near(g, uint32(c.G)) && near(bl, uint32(c.B)) {
					n++
					break scan
				}
			}
		}
	}
	return n
}

// TestXLSXChartsPrintWhole checks what keeps a chart whole on paper: each
// chart of the example's contributions sheet starts a printed page (a
// manual page break right above the row it is anchored at), ends before
// the next one starts, and the sheet's print area reaches the last row it
// covers. TestXLSXLibreOffice checks in
// LibreOffice's print that it then shows on one page.
func TestXLSXChartsPrintWhole(t *testing.T) {
	for _, n := range []int{35, 120} {
		var p *Pack
		if n == 35 {
			p = mustExamplePack(t)
		} else {
			p = manyPack(n)
		}
		data := renderXLSX(t, p, "sv")
		parts := zipParts(t, data)
		anchor := regexp.MustCompile(`<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>.*?<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>`)
		var froms, tos []int
		for name, body := range parts {
			if strings.HasPrefix(name, "xl/drawings/drawing") && strings.HasSuffix(name, ".xml") {
				for _, m := range anchor.FindAllStringSubmatch(body, -1) {
					from, _ := strconv.Atoi(m[1])
					to, _ := strconv.Atoi(m[2])
					froms, tos = append(froms, from), append(tos, to)
				}
			}
		}
		// The top 35 in one chart; 120 in charts of at most
		// xlsxChartRows.
		if want := (min(n, xlsxChartRows*xlsxMaxCharts) + xlsxChartRows - 1) / xlsxChartRows; n == 35 && len(froms) != 1 || n == 120 && len(froms) < want {
			t.Errorf("%d ranked: %d charts", n, len(froms))
		}
		sheet := parts["xl/worksheets/sheet3.xml"]
		for _, from := range froms {
			if !strings.Contains(sheet, fmt.Sprintf(`<brk id="%d"`, from)) {
				t.Errorf("%d ranked: no page break above the chart at row %d", n, from+1)
			}
		}
		area := regexp.MustCompile(`<definedName localSheetId="2" name="_xlnm.Print_Area">[^<]*\$(\d+)</definedName>`).FindStringSubmatch(parts["xl/workbook.xml"])
		if area == nil {
			t.Fatalf("%d ranked: no print area on the contributions sheet", n)
		}
		end, _ := strconv.Atoi(area[1])
		slices.Sort(froms)
		slices.Sort(tos)
		for i, to := range tos {
			if to+1 > end {
				t.Errorf("%d ranked: a chart reaches row %d, the print area ends at %d", n, to+1, end)
			}
			if i+1 < len(froms) && froms[i+1] <= to {
				t.Errorf("%d ranked: a chart starts at row %d, inside the one before (to row %d)", n, froms[i+1]+1, to+1)
			}
		}
	}
}

// TestXLSXPackage writes parts into the package out of order, as excelize
// does: [Content_Types].xml with its entries unsorted, a small part and a
// part past xlsxFastPart written in pieces. The package lists them sorted,
// each with its content; the content types sorted; and a small part's
// entry is byte for byte the one archive/zip writes for it at its default
// level (so that small workbooks are the same bytes as before the
// package deflated each part once), where the large one is deflated at
// the fastest level.
func TestXLSXPackage(t *testing.T) {
	small := []byte(`<sheet>` + strings.Repeat("<c>1</c>", 100) + `</sheet>`)
	var large bytes.Buffer
	for i := 0; large.Len() <= xlsxFastPart; i++ {
		fmt.Fprintf(&large, `<row r="%d"><c t="n"><v>%d</v></c></row>`, i, i*7919%1000)
	}
	types := `<Types><Override PartName="/xl/b.xml"></Override><Default Extension="xml"></Default><Override PartName="/xl/a.xml"></Override></Types>`
	var out bytes.Buffer
	p := newXLSXPackage(&out)
	write := func(name string, pieces ...[]byte) {
		w, err := p.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range pieces {
			if _, err := w.Write(b); err != nil {
				t.Fatal(err)
			}
		}
	}
	write("xl/worksheets/sheet2.xml", large.Bytes()[:1000], large.Bytes()[1000:])
	write("[Content_Types].xml", []byte(types))
	write("xl/worksheets/sheet1.xml", small)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if want := []string{"[Content_Types].xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}; !slices.Equal(names, want) {
		t.Fatalf("parts %q, want %q", names, want)
	}
	parts := zipParts(t, out.Bytes())
	wantTypes := `<Types><Default Extension="xml"></Default><Override PartName="/xl/a.xml"></Override><Override PartName="/xl/b.xml"></Override></Types>`
	if parts["[Content_Types].xml"] != wantTypes || parts["xl/worksheets/sheet1.xml"] != string(small) || parts["xl/worksheets/sheet2.xml"] != large.String() {
		t.Errorf("contents differ; content types %s", parts["[Content_Types].xml"])
	}
	// The small part as archive/zip writes it alone at the fastest level
	// (every part is deflated at it).
	var ref bytes.Buffer
	zw := zip.NewWriter(&ref)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(small)
	zw.Close()
	rr, _ := zip.NewReader(bytes.NewReader(ref.Bytes()), int64(ref.Len()))
	entry := func(f *zip.File) []byte {
		r, err := f.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		return b
	}
	if !bytes.Equal(entry(zr.File[1]), entry(rr.File[0])) || zr.File[1].CRC32 != rr.File[0].CRC32 || !bytes.Equal(zr.File[1].Extra, rr.File[0].Extra) || zr.File[1].Flags != rr.File[0].Flags {
		t.Error("the small part's entry differs from archive/zip's")
	}
	if !bytes.Contains(out.Bytes(), entry(rr.File[0])) {
		t.Error("the small part's deflated bytes are not in the package")
	}
}
