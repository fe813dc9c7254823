package sensitivity

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/scoring"
)

// tiedProblem makes a problem that is hard on the exact analyses: values on
// a coarse grid (so that scores tie, lines run parallel and several lines
// cross at one point), repeated rows (identical lines), missing values, and
// weights that are equal, on a grid, drawn at random, or with a leaf of
// weight 0 or 1. Its investments are put in rank order by the ranking's
// own rule.
func tiedProblem(rng *rand.Rand, n, m int) *Problem {
	w := make([]float64, m)
	switch rng.IntN(6) {
	case 0: // equal
		for j := range w {
			w[j] = 1
		}
	case 1, 2: // on a grid
		for j := range w {
			w[j] = float64(1 + rng.IntN(5))
		}
	case 3: // at random
		for j := range w {
			w[j] = 0.05 + rng.Float64()
		}
	case 4: // one leaf of weight 0 (when there are others)
		for j := range w {
			w[j] = float64(1 + rng.IntN(3))
		}
		if m > 1 {
			w[rng.IntN(m)] = 0
		}
	case 5: // one leaf of weight 1, the others 0
		w[rng.IntN(m)] = 1
	}
	total := 0.0
	for _, x := range w {
		total += x
	}
	for j := range w {
		w[j] /= total
	}
	var step float64
	switch rng.IntN(4) {
	case 0:
		step = 0.25
	case 1:
		step = 0.5
	case 2:
		step = 0.1
	default:
		step = 0 // continuous
	}
	value := func() float64 {
		if step == 0 {
			return rng.Float64()
		}
		return float64(rng.IntN(int(1/step)+1)) * step
	}
	missingShare := []float64{0, 0, 0.1, 0.3}[rng.IntN(4)]
	values := make([]float64, 0, n*m)
	missing := make([]bool, 0, n*m)
	for i := 0; i < n; i++ {
		if i > 0 && rng.IntN(4) == 0 {
			// A repeated row: the same values as an earlier investment.
			src := rng.IntN(i)
			values = append(values, values[src*m:src*m+m]...)
			missing = append(missing, missing[src*m:src*m+m]...)
			continue
		}
		for j := 0; j < m; j++ {
			if rng.Float64() < missingShare {
				values = append(values, 0)
				missing = append(missing, true)
				continue
			}
			values = append(values, value())
			missing = append(missing, false)
		}
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("I%03d", rng.IntN(1000)*1000+i) // unique, in no order
	}
	scores := make([]float64, n)
	scoring.Aggregate(values, w, scores)
	order, _ := scoring.CompetitionOrder(scores, ids, make([]bool, n))
	p := &Problem{Weights: w}
	for j := 0; j < m; j++ {
		p.Leaves = append(p.Leaves, fmt.Sprintf("C%d", j+1))
	}
	for _, i := range order {
		p.IDs = append(p.IDs, ids[i])
		p.Values = append(p.Values, values[i*m:i*m+m]...)
		p.Missing = append(p.Missing, missing[i*m:i*m+m]...)
		for j := 0; j < m; j++ {
			var cells []string
			if missing[i*m+j] {
				cells = []string{fmt.Sprintf("%s!%d", ids[i], j)}
			}
			p.Cells = append(p.Cells, cells)
		}
	}
	return p
}

// TestDifferential: on random portfolios with ties, repeated rows and
// missing values, every exact analysis gives, bit for bit, what its
// definition evaluated directly (the oracle of oracle_test.go) gives.
func TestDifferential(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 12))
	trials, maxN := 400, 40
	if testing.Short() {
		trials = 60
	}
	if os.Getenv("PRIO_DIFFERENTIAL_LONG") != "" {
		// A longer run, by hand: larger portfolios, many more trials.
		trials, maxN = 1500, 100
	}
	pieces, inner := 0, 0
	defer func() { t.Logf("%d sweep pieces, %d tornado ranges wider than one rank", pieces, inner) }()
	for trial := 0; trial < trials; trial++ {
		n, m := 1+rng.IntN(maxN), 1+rng.IntN(5)
		p := tiedProblem(rng, n, m)
		top := 1 + rng.IntN(n)
		name := fmt.Sprintf("trial %d (n %d, m %d, top %d, weights %v)", trial, n, m, top, p.Weights)

		want, err := oracleStabilityIntervals(p, top)
		if err != nil {
			t.Fatal(err)
		}
		got, err := StabilityIntervals(p, top)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: stability (-oracle +got):\n%s", name, diff)
		}
		for k := 0; k < m; k++ {
			wantSweep, _ := oracleSweep(p, k)
			gotSweep, _ := Sweep(p, k)
			if diff := cmp.Diff(wantSweep, gotSweep); diff != "" {
				t.Fatalf("%s: sweep of %s (-oracle +got):\n%s", name, p.Leaves[k], diff)
			}
			pieces += len(gotSweep)
			for _, r := range []float64{0.2, 0.5, 1, 0} {
				wantT, _ := oracleTornado(p, k, r)
				gotT, _ := Tornado(p, k, r)
				if diff := cmp.Diff(wantT, gotT); diff != "" {
					t.Fatalf("%s: tornado of %s, R %v (-oracle +got):\n%s", name, p.Leaves[k], r, diff)
				}
				for _, rr := range gotT {
					if rr.Best != rr.Worst {
						inner++
					}
				}
			}
		}
		if diff := cmp.Diff(oracleMissingRanks(p), MissingRanks(p)); diff != "" {
			t.Fatalf("%s: missing ranks (-oracle +got):\n%s", name, diff)
		}
		if diff := cmp.Diff(oracleMissingDecisive(p, top), MissingDecisive(p, top)); diff != "" {
			t.Fatalf("%s: missing decisive (-oracle +got):\n%s", name, diff)
		}
	}
}

// TestRankRangesTieChains: rank ranges where ties chain, scores 0.35e-12
// apart on a lattice, so that whether a score joins a group depends on the
// group's first score, and taking an investment's own score out of the
// others can begin groups elsewhere. Compared with ranking every scenario
// by scoring.CompetitionOrder.
func TestRankRangesTieChains(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := 0; trial < 3000; trial++ {
		n := 1 + rng.IntN(25)
		lo, hi := make([]float64, n), make([]float64, n)
		ids := make([]string, n)
		for i := range lo {
			ids[i] = fmt.Sprintf("I%02d", rng.IntN(100)*100+i)
			center := []float64{0.3, 0.5, 0.5 + 5e-12}[rng.IntN(3)]
			lo[i] = center + float64(rng.IntN(12))*0.35e-12
			hi[i] = lo[i]
			if rng.IntN(3) == 0 {
				hi[i] += float64(rng.IntN(12)) * 0.35e-12
			}
			if rng.IntN(8) == 0 {
				hi[i] += 0.2
			}
		}
		want := make([]RankRange, n)
		scores := make([]float64, n)
		for i := range want {
			copy(scores, lo)
			scores[i] = hi[i]
			_, ranks := scoring.CompetitionOrder(scores, ids, make([]bool, n))
			want[i].Best = ranks[i]
			copy(scores, hi)
			scores[i] = lo[i]
			_, ranks = scoring.CompetitionOrder(scores, ids, make([]bool, n))
			want[i].Worst = ranks[i]
		}
		if diff := cmp.Diff(want, rankRanges(lo, hi, ids)); diff != "" {
			t.Fatalf("trial %d: lo %v hi %v ids %v (-want +got):\n%s", trial, lo, hi, ids, diff)
		}
	}
}

// TestTornadoLarge: portfolios large enough for the tornado's parallel
// lines, block tree and bucket sort (hundreds of lines, hundreds of
// crossings a line): the oracle at 300 investments, and at 3,000 the same
// result whichever number of goroutines shares the lines (with one, the
// lines are done in order, as the definition's walk does them).
func TestTornadoLarge(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 300))
	p := tiedProblem(rng, 300, 4)
	for k := range p.Leaves {
		want, _ := oracleTornado(p, k, 0.5)
		got, err := Tornado(p, k, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("tornado of %s (-oracle +got):\n%s", p.Leaves[k], diff)
		}
	}
	big := tiedProblem(rng, 3000, 4)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for k := range big.Leaves {
		runtime.GOMAXPROCS(1)
		one, err := Tornado(big, k, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GOMAXPROCS(4)
		four, err := Tornado(big, k, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(one, four); diff != "" {
			t.Fatalf("tornado of %s, 1 and 4 goroutines (-1 +4):\n%s", big.Leaves[k], diff)
		}
	}
}
