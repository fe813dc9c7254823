package main

import (
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

// scoreBenchSet is a criteria set of 12 criteria over the 20 columns of
// the generated workbook, with four derived fields (a ratio, a maximum of
// scales, months between dates, a sum) and three starting points, of which
// one fails for some half of the investments.
const scoreBenchSet = `format: prio.criteria/1
id: score-bench
version: 1.0.0
status: adopted
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
derived:
  npv_per_krona: npv / invest
  delivery_risk: max(risk_benefit, risk_budget, risk_time)
  months: (end - start).Hours() / 730.5
  life_cost: invest + 10 * upkeep
starting_points:
  - {id: G1, require: goals != "", on_fail: exclude}
  - {id: G2, require: invest < 10000 or plan, on_fail: flag}
  - {id: G3, require: npv >= 0 or effects >= 4, on_fail: flag, on_missing: pass}
criteria:
  - {id: K01, weight: 3, field: npv_per_krona, value: {piecewise: [[0, 0], [1, 0.5], [3, 1]]}}
  - {id: K02, weight: 2, field: effects, value: {levels: [0, 0.25, 0.5, 0.75, 1]}}
  - {id: K03, weight: 2, field: benefits, value: {linear: [0, 1000000]}}
  - {id: K04, weight: 1, field: npv, value: {linear: [-250, 500]}}
  - {id: K05, weight: 2, field: delivery_risk, value: {linear: [3, 1]}}
  - {id: K06, weight: 1, field: risk_benefit, value: {levels: [1, 0.5, 0]}}
  - {id: K07, weight: 1, field: months, value: {linear: [60, 0]}}
  - {id: K08, weight: 1, field: life_cost, value: {linear: [200000, 0]}}
  - {id: K09, weight: 1, field: plan, value: {levels: [0, 1]}}
  - {id: K10, weight: 1, field: reused, value: {levels: [0, 1]}}
  - {id: K11, weight: 2, field: share, value: {linear: [0, 1]}}
  - {id: K12, weight: 1, field: upkeep, value: {linear: [12500, 0]}}
`

// scoreBenchWorkbook returns a workbook of n investments × 20 columns for
// scoreBenchSet, cached in the temporary folder. A helper process writes
// it (TestScoreBenchWorkbook): a child's peak RSS on Linux starts from its
// parent's at the fork, and writing 100,000 rows takes some hundred MB.
func scoreBenchWorkbook(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("prio-score-bench-%d-v1.xlsx", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestScoreBenchWorkbook$")
	cmd.Env = append(os.Environ(), "PRIO_SCORE_BENCH_ROWS="+strconv.Itoa(n), "PRIO_SCORE_BENCH_FILE="+path)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("writing %s: %v\n%s", path, err, out)
	}
	return path
}

// TestScoreBenchWorkbook is the helper process of scoreBenchWorkbook: it
// writes the workbook the environment names, or, run as an ordinary test,
// does nothing. The rows are mostly unique texts, numbers with decimals,
// levels, yes/no, dates and a share, as the importers' benchmark workbook
// has them.
func TestScoreBenchWorkbook(t *testing.T) {
	path := os.Getenv("PRIO_SCORE_BENCH_FILE")
	if path == "" {
		return
	}
	n, err := strconv.Atoi(os.Getenv("PRIO_SCORE_BENCH_ROWS"))
	if err != nil {
		t.Fatal(err)
	}
	b := t
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Investeringar"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		b.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	pctStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 9})
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		b.Fatal(err)
	}
	header := []any{"Projekt-ID", "Projektnamn", "Myndighet", "Beskrivning", "Effektmål",
		"Investeringsutgift (tkr)", "Förvaltningskostnad per år (tkr)", "Kvantifierade nyttor (tkr)",
		"Nettonuvärde (mnkr)", "Nettonuvärde lågt (mnkr)", "Nettonuvärde högt (mnkr)",
		"Effekter för medborgare och företag", "Risk nytta", "Risk budget", "Risk tid",
		"Nyttorealiseringsplan", "Återanvänder gemensam lösning", "Startdatum", "Planerat slutdatum", "Säkrad finansiering"}
	if err := sw.SetRow("A1", header); err != nil {
		b.Fatal(err)
	}
	levels, yn := []string{"Låg", "Medel", "Hög"}, []string{"Ja", "Nej"}
	agencies := []string{"Försäkringskassan", "Skatteverket", "Arbetsförmedlingen", "Polismyndigheten", "Trafikverket"}
	for i := 0; i < n; i++ {
		x := uint64(i)*2654435761 + 12345 // a cheap, fixed scramble
		row := []any{
			fmt.Sprintf("PRJ-%06d", i),
			fmt.Sprintf("Projekt %d: digital tjänst för ärende %d", i, x%100000),
			agencies[i%len(agencies)],
			fmt.Sprintf("Införande av en ny e-tjänst (etapp %d) som ersätter manuell handläggning i ärendeslag %d.", i%7+1, x%9973),
			fmt.Sprintf("Minska handläggningstiden med %d procent till %d", x%60+10, 2026+i%5),
			float64(x%900000)/10 + 100, float64(x%50000) / 4, float64(x%2000000) / 2,
			float64(int64(x%4000)-1000) / 8, float64(int64(x%4000)-2000) / 8, float64(int64(x%4000)) / 8,
			int(x%5) + 1, levels[x%3], levels[(x/3)%3], levels[(x/9)%3], yn[x%2], yn[(x/2)%2],
			excelize.Cell{StyleID: dateStyle, Value: 45292 + int(x%1500)},
			excelize.Cell{StyleID: dateStyle, Value: 46000 + int(x%2500)},
			excelize.Cell{StyleID: pctStyle, Value: float64(x%101) / 100},
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	tmp := strings.TrimSuffix(path, ".xlsx") + ".tmp.xlsx"
	if err := f.SaveAs(tmp); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkScoreCommand runs the built prio as a user does, `prio score`
// of a 20-column workbook with scoreBenchSet, in a fresh process, at
// 10,000 and 100,000 investments, to CSV, JSON and xlsx. Targets (issue
// 14, 2 cores, 100,000): csv ≤ 1.5 s and peak ≤ 110 MB; json ≤ 1.3 × the
// csv time and peak ≤ 130 MB; xlsx ≤ 6 s and peak ≤ 400 MB. Custom
// metrics: wall-s, cpu-s (the child's user and system time), peak-MB (its
// peak resident memory).
func BenchmarkScoreCommand(b *testing.B) {
	bin, err := buildOnce()
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	crit := filepath.Join(dir, "score-bench.yaml")
	if err := os.WriteFile(crit, []byte(scoreBenchSet), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{10000, 100000} {
		book := scoreBenchWorkbook(b, n)
		for _, format := range []string{"csv", "json", "xlsx"} {
			b.Run(fmt.Sprintf("%s/%dx20", format, n), func(b *testing.B) {
				out := filepath.Join(dir, "out."+format)
				var wall, cpu time.Duration
				var peak int64
				runs := 0
				for b.Loop() {
					cmd := exec.Command(bin, "score", "-c", crit, "-f", format, "-o", out, book)
					var stderr strings.Builder
					cmd.Stderr = &stderr
					start := time.Now()
					if err := cmd.Run(); err != nil {
						b.Fatalf("prio: %v\n%s", err, stderr.String())
					}
					wall += time.Since(start)
					ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
					if !ok {
						b.Skip("no rusage on this system")
					}
					cpu += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
					peak = max(peak, ru.Maxrss<<10) // Maxrss is in KiB on Linux
					runs++
				}
				b.ReportMetric(wall.Seconds()/float64(runs), "wall-s")
				b.ReportMetric(cpu.Seconds()/float64(runs), "cpu-s")
				b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			})
		}
	}
}
