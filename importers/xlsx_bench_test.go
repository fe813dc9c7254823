package importers

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The import target of DESIGN.md: a 100,000-row × 20-column workbook read
// within 1.3× the time of excelize's bare raw-value Rows() loop over the same
// file, and in at most that loop's peak RSS + 30 MB. Both are measured in
// fresh processes (the test binary run again as TestHelperProcess), so that
// neither inherits the other's heap, for the two ways workbooks hold text:
// inline strings (what excelize's StreamWriter writes) and a shared-string
// table (what Excel writes, and excelize's SetSheetRow).

const (
	benchRows = 100_000
	benchCols = 20
	// benchVersion names the cached workbooks; change it when the
	// generator changes.
	benchVersion = "v1"
	// The environment of a helper process: what to run and on which file.
	benchModeEnv = "PRIO_XLSX_BENCH_MODE" // "bare" or "prio"
	benchFileEnv = "PRIO_XLSX_BENCH_FILE"
)

// benchSet has a field for each of the 20 columns of the generated workbooks.
const benchSet = `format: prio.criteria/1
id: importer-bench
version: 1.0.0
status: draft
fields:
  id:        {headers: [Projekt-ID], type: text, required: true}
  name:      {headers: [Projektnamn], type: text, required: true}
  agency:    {headers: [Myndighet], type: text}
  about:     {headers: [Beskrivning], type: text}
  goals:     {headers: [Effektmål], type: text}
  invest:    {headers: [Investeringsutgift], type: number, unit: mnkr}
  upkeep:    {headers: [Förvaltningskostnad per år], type: number, unit: mnkr}
  benefits:  {headers: [Kvantifierade nyttor], type: number, unit: mnkr}
  npv:       {headers: [Nettonuvärde], type: number, unit: mnkr}
  npv_low:   {headers: [Nettonuvärde lågt], type: number, unit: mnkr}
  npv_high:  {headers: [Nettonuvärde högt], type: number, unit: mnkr}
  effects:   {headers: [Effekter för medborgare och företag], type: scale, levels: ["1", "2", "3", "4", "5"]}
  risk_benefit: {headers: [Risk nytta], type: scale, levels: [Låg, Medel, Hög]}
  risk_budget:  {headers: [Risk budget], type: scale, levels: [Låg, Medel, Hög]}
  risk_time:    {headers: [Risk tid], type: scale, levels: [Låg, Medel, Hög]}
  plan:      {headers: [Nyttorealiseringsplan], type: yesno}
  reused:    {headers: [Återanvänder gemensam lösning], type: yesno, blank: "no"}
  start:     {headers: [Startdatum], type: date}
  end:       {headers: [Planerat slutdatum], type: date}
  share:     {headers: [Säkrad finansiering], type: percent}
criteria:
  - {id: A, field: invest, value: {linear: [0, 100]}}
`

var benchHeaders = []any{
	"Projekt-ID", "Projektnamn", "Myndighet", "Beskrivning", "Effektmål",
	"Investeringsutgift (tkr)", "Förvaltningskostnad per år (tkr)", "Kvantifierade nyttor (tkr)",
	"Nettonuvärde (mnkr)", "Nettonuvärde lågt (mnkr)", "Nettonuvärde högt (mnkr)",
	"Effekter för medborgare och företag", "Risk nytta", "Risk budget", "Risk tid",
	"Nyttorealiseringsplan", "Återanvänder gemensam lösning", "Startdatum", "Planerat slutdatum", "Säkrad finansiering",
}

var benchAgencies = []string{
	"Försäkringskassan", "Skatteverket", "Arbetsförmedlingen", "Polismyndigheten", "Trafikverket",
	"Lantmäteriet", "Migrationsverket", "Kriminalvården", "Transportstyrelsen", "Bolagsverket",
	"Pensionsmyndigheten", "Statens servicecenter", "Domstolsverket", "CSN", "E-hälsomyndigheten",
}

// benchRow is row i (from 0) of the generated portfolio: most text unique
// as in a real one, numbers with decimals, levels, yes/no, dates and a
// share, with the cell styles of a date and of a percent format.
func benchRow(i int, dateStyle, pctStyle int) []any {
	levels := []string{"Låg", "Medel", "Hög"}
	yn := []string{"Ja", "Nej"}
	x := uint64(i)*2654435761 + 12345 // a cheap, fixed scramble
	return []any{
		fmt.Sprintf("PRJ-%06d", i),
		fmt.Sprintf("Projekt %d: digital tjänst för ärende %d", i, x%100000),
		benchAgencies[i%len(benchAgencies)],
		fmt.Sprintf("Införande av en ny e-tjänst (etapp %d) som ersätter manuell handläggning i ärendeslag %d och minskar ledtider.", i%7+1, x%9973),
		fmt.Sprintf("Minska handläggningstiden med %d procent till %d", x%60+10, 2026+i%5),
		float64(x%900000)/10 + 100,
		float64(x%50000) / 4,
		float64(x%2000000) / 2,
		float64(int64(x%4000)-1000) / 8,
		float64(int64(x%4000)-2000) / 8,
		float64(int64(x%4000)) / 8,
		int(x%5) + 1,
		levels[x%3],
		levels[(x/3)%3],
		levels[(x/9)%3],
		yn[x%2],
		yn[(x/2)%2],
		excelize.Cell{StyleID: dateStyle, Value: 45292 + int(x%1500)},
		excelize.Cell{StyleID: dateStyle, Value: 46000 + int(x%2500)},
		excelize.Cell{StyleID: pctStyle, Value: float64(x%101) / 100},
	}
}

// benchWorkbook returns the path of a generated workbook in the layout
// "inline" or "shared", cached in the temporary folder. A helper process
// writes it when it is not there: writing the shared layout takes over a
// gigabyte, and a child's peak RSS on Linux starts from its parent's at
// the fork.
func benchWorkbook(b *testing.B, layout string) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("prio-bench-%dx%d-%s-%s.xlsx", benchRows, benchCols, layout, benchVersion))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	start := time.Now()
	runHelper(b, "write-"+layout, path)
	b.Logf("wrote %s in %v", path, time.Since(start).Round(time.Millisecond))
	return path
}

// writeBenchWorkbook writes the generated workbook in a layout to path.
func writeBenchWorkbook(tb testing.TB, layout, path string) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Investeringar"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		tb.Fatal(err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		tb.Fatal(err)
	}
	pctStyle, err := f.NewStyle(&excelize.Style{NumFmt: 9})
	if err != nil {
		tb.Fatal(err)
	}
	switch layout {
	case "inline", "inline-formula-row", "inline-formula-other":
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			tb.Fatal(err)
		}
		if err := sw.SetRow("A1", benchHeaders); err != nil {
			tb.Fatal(err)
		}
		for i := 0; i < benchRows; i++ {
			row := benchRow(i, dateStyle, pctStyle)
			if r := i + 2; i == benchRows/2 && layout != "inline" {
				// One formula without a saved result (the stream writer
				// saves none): the investment as upkeep + benefits, of its
				// own row or of the rows around it.
				f := fmt.Sprintf("G%d+H%d", r, r)
				if layout == "inline-formula-other" {
					f = fmt.Sprintf("G%d+H%d", r-1, r+1)
				}
				row[5] = excelize.Cell{Formula: f}
			}
			if err := sw.SetRow("A"+strconv.Itoa(i+2), row); err != nil {
				tb.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			tb.Fatal(err)
		}
	case "shared":
		if err := f.SetSheetRow(sheet, "A1", &benchHeaders); err != nil {
			tb.Fatal(err)
		}
		for i := 0; i < benchRows; i++ {
			row := benchRow(i, dateStyle, pctStyle)
			for c, v := range row {
				if cell, ok := v.(excelize.Cell); ok {
					row[c] = cell.Value
				}
			}
			if err := f.SetSheetRow(sheet, "A"+strconv.Itoa(i+2), &row); err != nil {
				tb.Fatal(err)
			}
		}
		if err := f.SetCellStyle(sheet, "R2", fmt.Sprintf("S%d", benchRows+1), dateStyle); err != nil {
			tb.Fatal(err)
		}
		if err := f.SetCellStyle(sheet, "T2", fmt.Sprintf("T%d", benchRows+1), pctStyle); err != nil {
			tb.Fatal(err)
		}
	default:
		tb.Fatalf("unknown layout %q", layout)
	}
	// Written under another name and renamed, so that an interrupted run
	// leaves no half a workbook to be taken for a cached one.
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		tb.Fatal(err)
	}
	defer os.Remove(tmp.Name())
	if err := f.Write(tmp); err != nil {
		tb.Fatal(err)
	}
	if err := tmp.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		tb.Fatal(err)
	}
}

// TestHelperProcess is the subprocess of BenchmarkXLSXImport: it reads the
// workbook named in the environment with excelize's bare loop or with prio,
// or writes it, then exits. Run as an ordinary test it does nothing.
func TestHelperProcess(t *testing.T) {
	mode, path := os.Getenv(benchModeEnv), os.Getenv(benchFileEnv)
	if mode == "" {
		return
	}
	out := bufio.NewWriter(os.Stdout)
	defer os.Exit(0)
	defer out.Flush()
	switch mode {
	case "write-inline", "write-shared", "write-inline-formula-row", "write-inline-formula-other":
		writeBenchWorkbook(t, strings.TrimPrefix(mode, "write-"), path)
	case "bare":
		f, err := excelize.OpenFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		rows, err := f.Rows(f.GetSheetName(0))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		n, cells := 0, 0
		for rows.Next() {
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			n++
			cells += len(cols)
		}
		if err := rows.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Fprintf(out, "%d rows %d cells\n", n, cells)
	case "prio":
		set := parseSet(t, benchSet)
		p, err := ReadFiles(set, []string{path}, Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Fprintf(out, "%d investments %d warnings\n", len(p.Investments), len(p.Warnings))
	default:
		fmt.Fprintf(os.Stderr, "unknown mode %q\n", mode)
		os.Exit(1)
	}
}

// subprocess is the measure of one helper process.
type subprocess struct {
	wall   time.Duration
	maxRSS int64 // bytes
	out    string
}

func runHelper(b *testing.B, mode, path string) subprocess {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), benchModeEnv+"="+mode, benchFileEnv+"="+path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		b.Fatalf("%s %s: %v\n%s", mode, path, err, stderr.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Skip("no rusage on this system")
	}
	return subprocess{wall: wall, maxRSS: ru.Maxrss << 10, out: strings.TrimSpace(string(out))} // Maxrss is in KiB on Linux
}

// BenchmarkXLSXImport compares prio's import of a 100,000-row × 20-column
// workbook with excelize's bare Rows() loop, each in a fresh process.
// Custom metrics: prio-s and bare-s (wall time), time-ratio (prio / bare,
// target ≤ 1.3), prio-MB and bare-MB (peak RSS), extra-MB (prio − bare,
// target ≤ 30).
func BenchmarkXLSXImport(b *testing.B) {
	for _, layout := range []string{"inline", "shared"} {
		b.Run(layout, func(b *testing.B) {
			path := benchWorkbook(b, layout)
			var bare, prio subprocess
			n := 0
			for b.Loop() {
				// Alternate, so that neither always runs on a warmer cache.
				var bs, ps subprocess
				if n%2 == 0 {
					bs, ps = runHelper(b, "bare", path), runHelper(b, "prio", path)
				} else {
					ps, bs = runHelper(b, "prio", path), runHelper(b, "bare", path)
				}
				if want := fmt.Sprintf("%d investments 0 warnings", benchRows); ps.out != want {
					b.Fatalf("prio: %q, want %q", ps.out, want)
				}
				if want := fmt.Sprintf("%d rows %d cells", benchRows+1, (benchRows+1)*benchCols); bs.out != want {
					b.Fatalf("bare: %q, want %q", bs.out, want)
				}
				bare.wall += bs.wall
				prio.wall += ps.wall
				bare.maxRSS = max(bare.maxRSS, bs.maxRSS)
				prio.maxRSS = max(prio.maxRSS, ps.maxRSS)
				n++
			}
			const mb = 1 << 20
			b.ReportMetric(prio.wall.Seconds()/float64(n), "prio-s")
			b.ReportMetric(bare.wall.Seconds()/float64(n), "bare-s")
			b.ReportMetric(float64(prio.wall)/float64(bare.wall), "time-ratio")
			b.ReportMetric(float64(prio.maxRSS)/mb, "prio-MB")
			b.ReportMetric(float64(bare.maxRSS)/mb, "bare-MB")
			b.ReportMetric(float64(prio.maxRSS-bare.maxRSS)/mb, "extra-MB")
		})
	}
}

// BenchmarkXLSXImportFormula reads the inline workbook of
// BenchmarkXLSXImport with one cell, in its middle row, holding a formula
// without a saved result, each in a fresh process: a formula of its own
// row (calculated from the row as it is read) and one of the rows around
// it (which makes prio read the sheet's formulas and the cells they refer
// to, in two more passes over the sheet). Custom metrics: prio-s and
// prio-MB for the workbook without the formula (none), with it (row,
// other), and the ratios to none.
func BenchmarkXLSXImportFormula(b *testing.B) {
	none := benchWorkbook(b, "inline")
	for _, layout := range []string{"inline-formula-row", "inline-formula-other"} {
		b.Run(strings.TrimPrefix(layout, "inline-formula-"), func(b *testing.B) {
			path := benchWorkbook(b, layout)
			var base, with subprocess
			n := 0
			for b.Loop() {
				var bs, ws subprocess
				if n%2 == 0 {
					bs, ws = runHelper(b, "prio", none), runHelper(b, "prio", path)
				} else {
					ws, bs = runHelper(b, "prio", path), runHelper(b, "prio", none)
				}
				if want := fmt.Sprintf("%d investments 0 warnings", benchRows); ws.out != want || bs.out != want {
					b.Fatalf("prio: %q and %q, want %q", bs.out, ws.out, want)
				}
				base.wall += bs.wall
				with.wall += ws.wall
				base.maxRSS = max(base.maxRSS, bs.maxRSS)
				with.maxRSS = max(with.maxRSS, ws.maxRSS)
				n++
			}
			const mb = 1 << 20
			b.ReportMetric(base.wall.Seconds()/float64(n), "none-s")
			b.ReportMetric(with.wall.Seconds()/float64(n), "formula-s")
			b.ReportMetric(float64(with.wall)/float64(base.wall), "time-ratio")
			b.ReportMetric(float64(base.maxRSS)/mb, "none-MB")
			b.ReportMetric(float64(with.maxRSS)/mb, "formula-MB")
			b.ReportMetric(float64(with.maxRSS)/float64(base.maxRSS), "memory-ratio")
		})
	}
}
