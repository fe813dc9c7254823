package sensitivity

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// benchPortfolio writes a criteria set of 12 number criteria and a CSV
// portfolio of n investments for it into dir, drawn from a PCG stream
// seeded (seed, n): every investment ranked (no starting points); half the
// criteria on a 1–5 scale (so that scores tie and lines run parallel and
// meet several at a point), half continuous with one decimal; one value in
// fifty missing. The criteria weigh 1 to 4.
func benchPortfolio(b *testing.B, dir string, n int) (criteriaPath, portfolioPath string) {
	b.Helper()
	var c strings.Builder
	c.WriteString("format: prio.criteria/1\nid: bench\nversion: 1.0.0\nstatus: adopted\nfields:\n  id: {headers: [ID], type: text}\n")
	for j := 1; j <= 12; j++ {
		fmt.Fprintf(&c, "  c%02d: {headers: [C%02d], type: number}\n", j, j)
	}
	c.WriteString("criteria:\n")
	for j := 1; j <= 12; j++ {
		value := "{linear: [0, 100]}"
		if j%2 == 0 {
			value = "{linear: [1, 5]}"
		}
		fmt.Fprintf(&c, "  - {id: K%02d, weight: %d, field: c%02d, value: %s}\n", j, 1+j%4, j, value)
	}
	rng := rand.New(rand.NewPCG(2026, uint64(n)))
	var p strings.Builder
	p.WriteString("ID")
	for j := 1; j <= 12; j++ {
		fmt.Fprintf(&p, ",C%02d", j)
	}
	p.WriteString("\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&p, "I%06d", i)
		for j := 1; j <= 12; j++ {
			p.WriteString(",")
			switch {
			case rng.IntN(50) == 0: // missing
			case j%2 == 0:
				fmt.Fprintf(&p, "%d", 1+rng.IntN(5))
			default:
				fmt.Fprintf(&p, "%.1f", rng.Float64()*100)
			}
		}
		p.WriteString("\n")
	}
	criteriaPath, portfolioPath = filepath.Join(dir, "bench.yaml"), filepath.Join(dir, fmt.Sprintf("bench-%d.csv", n))
	if err := os.WriteFile(criteriaPath, []byte(c.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(portfolioPath, []byte(p.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return criteriaPath, portfolioPath
}

// BenchmarkSensitivityCommand runs the built prio as a user does,
// `prio sensitivity`, in a fresh process on generated portfolios of 12
// criteria (benchPortfolio), at n and 10n investments, so that what is
// timed is the whole command and how it grows. Targets (issue 14, on 2
// cores): -f json at 1,000 with 10,000 samples ≤ 0.4 s; -f table at 5,000
// with 10,000 samples ≤ 3 s, and at 20,000 with 1,000 samples ≤ 5 s.
// Custom metrics: wall-s and user-s (CPU time of the child), peak-MB (its
// peak resident memory).
func BenchmarkSensitivityCommand(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "prio")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/prio-tool/prio/cmd/prio").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		format     string
		n, samples int
	}{
		{"json", 100, 10000}, {"json", 1000, 10000},
		{"table", 500, 10000}, {"table", 5000, 10000},
		{"table", 2000, 1000}, {"table", 20000, 1000},
	} {
		b.Run(fmt.Sprintf("%s/%dx12/%d", tc.format, tc.n, tc.samples), func(b *testing.B) {
			crit, port := benchPortfolio(b, dir, tc.n)
			out := filepath.Join(dir, "out."+tc.format)
			var wall, user time.Duration
			var peak int64
			runs := 0
			for b.Loop() {
				cmd := exec.Command(bin, "sensitivity", "-c", crit, "-f", tc.format, "--samples", fmt.Sprint(tc.samples), "-o", out, port)
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
				user += time.Duration(ru.Utime.Nano())
				peak = max(peak, ru.Maxrss<<10) // Maxrss is in KiB on Linux
				runs++
			}
			b.ReportMetric(wall.Seconds()/float64(runs), "wall-s")
			b.ReportMetric(user.Seconds()/float64(runs), "user-s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}
