package selection

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// writeLP writes p in CPLEX LP format, one binary per item.
func writeLP(p *Problem, path string) error {
	var b strings.Builder
	term := func(c float64, i int) string { return fmt.Sprintf(" %+.17g x%d", c, i) }
	b.WriteString("Maximize\n obj:")
	for i, it := range p.Items {
		if p.selectable(i) {
			b.WriteString(term(it.Value, i))
		}
	}
	b.WriteString("\nSubject To\n")
	row := 0
	add := func(lhs, sense string, rhs float64) {
		if lhs == "" {
			lhs = " 0 x0"
		}
		fmt.Fprintf(&b, " r%d:%s %s %.17g\n", row, lhs, sense, rhs)
		row++
	}
	for _, bu := range p.Budgets {
		var lhs string
		for i, c := range bu.Costs {
			if p.selectable(i) && c != 0 {
				lhs += term(c, i)
			}
		}
		add(lhs, "<=", bu.Capacity)
	}
	for _, r := range p.Requires {
		add(term(1, r.Item)+term(-1, r.Needs), "<=", 0)
	}
	for _, g := range p.Together {
		for _, i := range g[1:] {
			add(term(1, g[0])+term(-1, i), "=", 0)
		}
	}
	for _, g := range p.Exclusive {
		var lhs string
		for _, i := range g {
			lhs += term(1, i)
		}
		add(lhs, "<=", 1)
	}
	for _, l := range p.Limits {
		var lhs string
		for k, i := range l.Items {
			lhs += term(l.Coefs[k], i)
		}
		add(lhs, "<=", l.Max)
	}
	for _, i := range p.Must {
		add(term(1, i), "=", 1)
	}
	b.WriteString("Bounds\n")
	for i := range p.Items {
		if !p.selectable(i) || containsInt(p.MustNot, i) {
			fmt.Fprintf(&b, " x%d = 0\n", i)
		}
	}
	b.WriteString("Binary\n")
	for i := range p.Items {
		fmt.Fprintf(&b, " x%d\n", i)
	}
	b.WriteString("End\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// cbcOptimum runs cbc on an LP file with no gap allowed and reads the
// objective from its solution file.
func cbcOptimum(t *testing.T, cbc, lp string) (float64, bool) {
	t.Helper()
	sol := lp + ".sol"
	out, err := exec.Command(cbc, lp, "-ratioGap", "0", "-allowableGap", "0", "-solve", "-solu", sol).CombinedOutput()
	if err != nil {
		t.Fatalf("cbc: %v\n%s", err, out)
	}
	f, err := os.Open(sol)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	if strings.HasPrefix(line, "Infeasible") {
		return 0, false
	}
	if !strings.HasPrefix(line, "Optimal") {
		t.Fatalf("cbc: %q", line)
	}
	fields := strings.Fields(line)
	v, err := strconv.ParseFloat(fields[len(fields)-1], 64)
	if err != nil {
		t.Fatalf("cbc objective %q: %v", line, err)
	}
	return v, true
}

// TestAgainstCBC: 20 seeded problems with n = 60–150 (annual budgets,
// requires, exclusive and together groups, a count limit, musts, excluded
// items) solved by this package and by CBC (Debian's coinor-cbc, which
// .ci/run installs); the optima agree. Without cbc the test skips, unless
// CI is set: then it fails.
func TestAgainstCBC(t *testing.T) {
	cbc, err := exec.LookPath("cbc")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("cbc is not installed; .ci/run installs coinor-cbc")
		}
		t.Skip("cbc is not installed (Debian: apt-get install coinor-cbc); CI=true makes this a failure")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(150, 60))
	for k := 0; k < 20; k++ {
		n := 60 + rng.IntN(91)
		p := benchFamily(uint64(100+k), n, 2+rng.IntN(4), rng.IntN(n/6), rng.IntN(5), rng.IntN(4))
		for g := rng.IntN(3); g > 0; g-- {
			a, b := rng.IntN(n), rng.IntN(n)
			if a != b {
				p.Together = append(p.Together, []int{a, b})
			}
		}
		if k%2 == 0 {
			l := Limit{Name: "count", Max: float64(n / 4)}
			for i := 0; i < n; i += 2 {
				l.Items = append(l.Items, i)
				l.Coefs = append(l.Coefs, 1)
			}
			p.Limits = append(p.Limits, l)
		}
		for e := rng.IntN(4); e > 0; e-- {
			i := rng.IntN(n)
			if !containsInt(p.Must, i) {
				p.Items[i].Eligibility = Excluded
			}
		}
		t.Run(fmt.Sprintf("%d/n%d", k, n), func(t *testing.T) {
			if err := p.Validate(); err != nil {
				t.Skipf("generated an invalid problem: %v", err)
			}
			path := filepath.Join(dir, fmt.Sprintf("p%d.lp", k))
			if err := writeLP(p, path); err != nil {
				t.Fatal(err)
			}
			want, feasible := cbcOptimum(t, cbc, path)
			s, err := Solve(context.Background(), p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !feasible {
				if s.Status != StatusInfeasible {
					t.Errorf("status %v, CBC says infeasible", s.Status)
				}
				return
			}
			if s.Status != StatusOptimal || math.Abs(s.Value-want) > 1e-6*math.Abs(want) {
				t.Errorf("status %v value %.6f, CBC %.6f", s.Status, s.Value, want)
			}
			if !refFeasible(p, s.Selected) {
				t.Errorf("the portfolio breaks a rule")
			}
		})
	}
}
