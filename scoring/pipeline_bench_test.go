package scoring_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// syntheticPortfolio gives n investments with a value for every field of the
// set, drawn from a fixed seed, about 5 % of them missing: what the
// importers hand to scoring.
func syntheticPortfolio(set *criteria.Set, n int) *portfolio.Portfolio {
	rng := rand.New(rand.NewPCG(7, 11))
	var fields []portfolio.Field
	in := portfolio.Input{Path: "bench.csv"}
	for c, f := range set.Fields {
		fields = append(fields, portfolio.Field{Name: f.Name, Kind: f.Type, Levels: f.Levels})
		in.Columns = append(in.Columns, c+1)
	}
	p := portfolio.New(fields)
	p.Inputs = []portfolio.Input{in}
	for i := 0; i < n; i++ {
		ix := p.Add(portfolio.Investment{ID: fmt.Sprintf("INV-%05d", i), Source: portfolio.Cell{File: "bench.csv", Row: i + 2, Col: 1}})
		for c, f := range set.Fields {
			v := portfolio.Value{Present: rng.Float64() > 0.05 || f.Name == "id", Cell: portfolio.Cell{File: "bench.csv", Row: i + 2, Col: c + 1}}
			switch f.Type {
			case portfolio.Text:
				v.Text = fmt.Sprintf("%s %d", f.Name, i)
			case portfolio.Number:
				v.Num = rng.Float64() * 200
			case portfolio.Percent:
				v.Num = rng.Float64()
			case portfolio.Scale:
				pos := 1 + rng.IntN(len(f.Levels))
				v.Num, v.Text = float64(pos), f.Levels[pos-1]
			case portfolio.YesNo:
				v.Bool = rng.IntN(4) > 0
			case portfolio.Date:
				v.Date = time.Date(2022+rng.IntN(6), time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
			}
			p.Set(ix, c, v)
		}
	}
	return p
}

// BenchmarkScorePipeline: from parsed rows to a ranked, explained result for
// 10,000 investments under the built-in set (30 fields, 5 derived fields,
// 6 gates, 12 criteria): derived fields, gates, values, contributions, rank.
func BenchmarkScorePipeline(b *testing.B) {
	set := criteria.Default()
	p := syntheticPortfolio(set, 10_000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := scoring.Score(set, p); err != nil {
			b.Fatal(err)
		}
	}
}
