package selection

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bigBenchEnv opts in to the command benchmarks that take more than a few
// seconds a run (funding probability with 1,000 samples, n = 1,000): CI runs
// every benchmark once and must stay under 15 minutes on 2 shared cores.
const bigBenchEnv = "PRIO_SELECT_BENCH_BIG"

// commandInstance is one generated instance of issue 16's benchmark family,
// written as a user would have it: a criteria set, a CSV portfolio with the
// yearly costs under a group label, and a selection file.
type commandInstance struct {
	criteria, portfolio, selection string
}

// writeCommandInstance writes into dir an instance of issue 16's family,
// drawn from a PCG stream seeded (seed, n):
//   - n investments; the field v uniform in [10, 100], and four criteria
//     (c1–c4, uniform in [0, 100], linear over [0, 100], equal weights,
//     the built-in set's sensitivity vary: 0.2);
//   - 5 years 2026–2030; each year's cost lognormal (μ 1.5, σ 0.8) from a
//     random start year on, present with probability 0.85 (an absent year
//     is 0, so that every investment has a cost, as in benchFamily);
//   - each year's budget 40 % of that year's total;
//   - requires between random pairs, oriented along a random permutation
//     (so that they never go round in a circle); disjoint exclusive groups
//     of 2–3; the cheapest investments (total cost) as musts, skipping one
//     whose exclusive group has a must already;
//   - value: "v" (the family's values) or, for a value linear in the
//     weights (funding probability), "score * v";
//   - gap in the selection file when gap > 0.
func writeCommandInstance(tb testing.TB, dir string, seed uint64, n, requires, exclusive, musts int, value string, gap float64) commandInstance {
	tb.Helper()
	const years = 5
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	v := make([]float64, n)
	crit := make([][4]float64, n)
	cost := make([][years]float64, n)
	for i := range n {
		v[i] = 10 + 90*rng.Float64()
		for k := range crit[i] {
			crit[i][k] = 100 * rng.Float64()
		}
		start := rng.IntN(years)
		for y := start; y < years; y++ {
			if rng.Float64() < 0.85 {
				cost[i][y] = math.Exp(1.5 + 0.8*rng.NormFloat64())
			}
		}
	}
	id := func(i int) string { return fmt.Sprintf("INV-%04d", i) }

	var c strings.Builder
	c.WriteString(`format: prio.criteria/1
id: select-bench
version: 1.0.0
status: adopted
fields:
  id: {headers: [ID], type: text, required: true}
  v: {headers: [V], type: number}
  c1: {headers: [C1], type: number}
  c2: {headers: [C2], type: number}
  c3: {headers: [C3], type: number}
  c4: {headers: [C4], type: number}
  costs: {headers: [Kostnader], type: number, sum_columns: true, unit: mnkr}
sensitivity: {samples: 1000, seed: 20171127, weights: {vary: 0.2}, top: 5}
criteria:
  - {id: K1, field: c1, value: {linear: [0, 100]}}
  - {id: K2, field: c2, value: {linear: [0, 100]}}
  - {id: K3, field: c3, value: {linear: [0, 100]}}
  - {id: K4, field: c4, value: {linear: [0, 100]}}
`)

	var p strings.Builder
	p.WriteString("ID;V;C1;C2;C3;C4;Kostnader" + strings.Repeat(";", years-1) + "\n")
	p.WriteString(";;;;;")
	for y := range years {
		fmt.Fprintf(&p, ";%d", 2026+y)
	}
	p.WriteString("\n")
	total := make([]float64, years)
	for i := range n {
		fmt.Fprintf(&p, "%s;%.4f", id(i), v[i])
		for _, x := range crit[i] {
			fmt.Fprintf(&p, ";%.2f", x)
		}
		for y := range years {
			// Written with 4 decimals, and the budgets summed from what is
			// written, so that the file and the budgets agree exactly.
			s := strconv.FormatFloat(cost[i][y], 'f', 4, 64)
			x, _ := strconv.ParseFloat(s, 64)
			total[y] += x
			p.WriteString(";" + s)
		}
		p.WriteString("\n")
	}

	var s strings.Builder
	fmt.Fprintf(&s, "format: prio.selection/1\nvalue: %s\nyears:\n  cost: costs\n  budgets: {", value)
	for y := range years {
		if y > 0 {
			s.WriteString(", ")
		}
		fmt.Fprintf(&s, "%q: %s", strconv.Itoa(2026+y), strconv.FormatFloat(0.4*total[y], 'f', 4, 64))
	}
	s.WriteString("}\n")
	if gap > 0 {
		fmt.Fprintf(&s, "gap: %v\n", gap)
	}
	perm := rng.Perm(n)
	at := make([]int, n)
	for k, i := range perm {
		at[i] = k
	}
	var reqs [][2]int
	for len(reqs) < requires {
		a, b := rng.IntN(n), rng.IntN(n)
		if a == b || slices.Contains(reqs, [2]int{a, b}) || slices.Contains(reqs, [2]int{b, a}) {
			continue
		}
		if at[a] < at[b] {
			a, b = b, a
		}
		reqs = append(reqs, [2]int{a, b})
	}
	inGroup := map[int]int{}
	var groups [][]int
	for g := range exclusive {
		size := 2 + rng.IntN(2)
		var grp []int
		for len(grp) < size {
			i := rng.IntN(n)
			if _, ok := inGroup[i]; ok || slices.Contains(grp, i) {
				continue
			}
			grp = append(grp, i)
		}
		for _, i := range grp {
			inGroup[i] = g
		}
		groups = append(groups, grp)
	}
	byCost := make([]int, n)
	sum := make([]float64, n)
	for i := range byCost {
		byCost[i] = i
		for y := range years {
			sum[i] += cost[i][y]
		}
	}
	slices.SortStableFunc(byCost, func(a, b int) int {
		switch {
		case sum[a] < sum[b]:
			return -1
		case sum[a] > sum[b]:
			return 1
		}
		return 0
	})
	var must []int
	groupHasMust := map[int]bool{}
	for _, i := range byCost {
		if len(must) == musts {
			break
		}
		if g, ok := inGroup[i]; ok {
			if groupHasMust[g] {
				continue
			}
			groupHasMust[g] = true
		}
		must = append(must, i)
	}
	list := func(is []int) string {
		ids := make([]string, len(is))
		for k, i := range is {
			ids[k] = id(i)
		}
		return "[" + strings.Join(ids, ", ") + "]"
	}
	fmt.Fprintf(&s, "must: %s\n", list(must))
	if len(reqs) > 0 {
		s.WriteString("requires:\n")
		for _, r := range reqs {
			fmt.Fprintf(&s, "  - [%s, %s]\n", id(r[0]), id(r[1]))
		}
	}
	if len(groups) > 0 {
		s.WriteString("exclusive:\n")
		for _, g := range groups {
			fmt.Fprintf(&s, "  - %s\n", list(g))
		}
	}

	name := fmt.Sprintf("family-%d-%d-%s", n, seed, strings.NewReplacer(" ", "", "*", "x").Replace(value))
	inst := commandInstance{
		criteria:  filepath.Join(dir, "bench.yaml"),
		portfolio: filepath.Join(dir, name+".csv"),
		selection: filepath.Join(dir, name+"-urval.yaml"),
	}
	for path, text := range map[string]string{inst.criteria: c.String(), inst.portfolio: p.String(), inst.selection: s.String()} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return inst
}

// BenchmarkSelectCommand runs the built prio as a user does, `prio select
// -f json`, in a fresh process on instances of issue 16's family
// (writeCommandInstance), so that what is timed is the whole command:
// reading the CSV, scoring, building the problem, solving and writing the
// JSON. Targets of issue 16 (on 2 cores):
//   - n300: 300 investments, 5 annual budgets, 20 requires, 5 exclusive
//     groups, 5 musts, proven optimal, ≤ 0.3 s;
//   - n300_funding1000: the same with value score × v and --samples 1000,
//     each sample solved exactly, ≤ 10 s (opt-in: PRIO_SELECT_BENCH_BIG=1);
//   - n1000_gap0.1%: 1,000 investments, 5 budgets, 50 requires (5
//     exclusive groups, 5 musts), gap 0.001, ≤ 5 s, with its status (opt-in).
//
// Custom metrics: wall-s and user-s (CPU time of the child), peak-MB (its
// peak resident memory), and from the JSON the gap and, as optimal, 1 when
// the status is optimal (0 for within_gap); a run that ends in node_limit,
// time_limit or infeasible fails the benchmark.
func BenchmarkSelectCommand(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "prio")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/prio-tool/prio/cmd/prio").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	big := os.Getenv(bigBenchEnv) != ""
	for _, tc := range []struct {
		name                         string
		n, requires, exclusive, must int
		value                        string
		gap                          float64
		samples                      int
		big                          bool
	}{
		{name: "n300", n: 300, requires: 20, exclusive: 5, must: 5, value: "v"},
		{name: "n300_funding1000", n: 300, requires: 20, exclusive: 5, must: 5, value: "score * v", samples: 1000, big: true},
		{name: "n1000_gap0.1%", n: 1000, requires: 50, exclusive: 5, must: 5, value: "v", gap: 0.001, big: true},
	} {
		for seed := uint64(1); seed <= 3; seed++ {
			b.Run(fmt.Sprintf("%s/seed%d", tc.name, seed), func(b *testing.B) {
				if tc.big && !big {
					b.Skipf("takes more than a few seconds a run: set %s=1", bigBenchEnv)
				}
				inst := writeCommandInstance(b, dir, seed, tc.n, tc.requires, tc.exclusive, tc.must, tc.value, tc.gap)
				out := filepath.Join(dir, "out.json")
				args := []string{"select", "-c", inst.criteria, "--selection", inst.selection, "-f", "json", "-o", out}
				if tc.samples > 0 {
					args = append(args, "--samples", strconv.Itoa(tc.samples))
				}
				args = append(args, inst.portfolio)
				var wall, user time.Duration
				var peak int64
				runs := 0
				for b.Loop() {
					cmd := exec.Command(bin, args...)
					cmd.Env = append(os.Environ(), "PRIO_LANG=en")
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
				data, err := os.ReadFile(out)
				if err != nil {
					b.Fatal(err)
				}
				var doc struct {
					Status   string   `json:"status"`
					Gap      *float64 `json:"gap"`
					Selected []struct {
						FundingProbability *float64 `json:"funding_probability"`
					} `json:"selected"`
				}
				if err := json.Unmarshal(data, &doc); err != nil {
					b.Fatal(err)
				}
				switch {
				case doc.Status != "optimal" && doc.Status != "within_gap":
					b.Fatalf("status %s", doc.Status)
				case tc.gap == 0 && doc.Status != "optimal":
					b.Fatalf("status %s, want optimal", doc.Status)
				case tc.samples > 0 && (len(doc.Selected) == 0 || doc.Selected[0].FundingProbability == nil):
					b.Fatal("no funding probability in the result")
				}
				optimal := 0.0
				if doc.Status == "optimal" {
					optimal = 1
				}
				b.ReportMetric(wall.Seconds()/float64(runs), "wall-s")
				b.ReportMetric(user.Seconds()/float64(runs), "user-s")
				b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
				b.ReportMetric(optimal, "optimal")
				if doc.Gap != nil {
					b.ReportMetric(*doc.Gap, "gap")
				}
			})
		}
	}
}
