package reports

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/scoring"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// exampleAgency is one of the three fictional agencies of
// testdata/examples, run through the real pipeline with the built-in
// criteria: its full pack and its part of a batch summary.
type exampleAgency struct {
	Name    string
	Pack    *Pack
	Summary SummaryAgency
}

// exampleAgencies reads, scores and analyses (1,000 samples) the three
// example agencies, each workbook joined with its analysts' assessment,
// as `prio batch` would; computed once and shared, tests must not change
// them. The summary part is filled in the way package batch fills it.
var exampleAgencies = sync.OnceValues(func() ([]exampleAgency, error) {
	set := criteria.Default()
	var out []exampleAgency
	for _, a := range []struct{ name, file string }{
		{"Exempelverket", "exempelverket"}, {"Registerverket", "registerverket"}, {"Tillsynsverket", "tillsynsverket"},
	} {
		read := func(name string) (importers.Source, error) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "examples", name))
			return importers.Source{Path: name, Data: data}, err
		}
		book, err := read(a.file + ".xlsx")
		if err != nil {
			return nil, err
		}
		join, err := read(a.file + "-bedomning.xlsx")
		if err != nil {
			return nil, err
		}
		p, err := importers.ReadJoined(context.Background(), set, []importers.Source{book}, []importers.Source{join}, importers.Options{Locale: "sv"})
		if err != nil {
			return nil, err
		}
		res, err := scoring.Score(set, p)
		if err != nil {
			return nil, err
		}
		o := sensitivity.DefaultOptions
		o.Samples = 1000
		sens, err := sensitivity.Analyse(context.Background(), set, p, res, o)
		if err != nil {
			return nil, err
		}
		slug := strings.ToLower(a.file)
		pack := &Pack{Score: res, Sensitivity: sens, Set: set, Portfolio: p, Agency: a.name, SummaryHref: "../../summary.html"}
		s := SummaryAgency{Name: a.name, Pack: "agencies/" + slug + "/sensitivity.html", Investments: len(res.Investments), Top: sens.Top}
		topK := map[string]float64{}
		for _, inv := range sens.Investments {
			topK[inv.ID] = inv.TopK
		}
		for i := range res.Investments {
			inv := &res.Investments[i]
			switch inv.Status {
			case scoring.Excluded:
				s.Excluded++
				continue
			case scoring.Flagged:
				s.Flagged++
			}
			s.Ranked++
			share := topK[inv.ID]
			s.RankedInvestments = append(s.RankedInvestments, SummaryInvestment{ID: inv.ID, Name: inv.Name, Rank: inv.Rank,
				Status: inv.Status, Score: inv.Score, TopK: &share})
		}
		s.Gates = make([]GateRate, len(res.Gates))
		for i := range res.Investments {
			for gi, g := range res.Investments[i].Gates {
				s.Gates[gi].Total++
				if g.Passed {
					s.Gates[gi].Passed++
				}
			}
		}
		if f := p.FieldIndex("invest"); f >= 0 {
			for i := range p.Investments {
				if v := p.Value(i, f); v.Present {
					s.Cost += v.Num
				} else {
					s.CostMissing++
				}
			}
		}
		s.SetCoverage(res, set)
		out = append(out, exampleAgency{Name: a.name, Pack: pack, Summary: s})
	}
	return out, nil
})

// exampleSummary is the batch summary of the three example agencies, the
// first with its selection.
func exampleSummary(t testing.TB) *BatchSummary {
	t.Helper()
	agencies, err := exampleAgencies()
	if err != nil {
		t.Fatal(err)
	}
	set := criteria.Default()
	s := &BatchSummary{
		Criteria: scoring.CriteriaInfo{ID: set.ID, Version: set.Version, Status: set.Status, SHA256: set.SHA256, Title: set.Title},
		Gates:    set.StartingPoints, Samples: 1000, Seed: sensitivity.DefaultOptions.Seed,
		Weights: sensitivity.DefaultOptions.Weights, Top: sensitivity.DefaultOptions.Top,
		Cost: &SummaryCost{Field: "invest", Title: set.Field("invest").Title, Unit: "mnkr"},
	}
	for _, a := range agencies {
		s.Agencies = append(s.Agencies, a.Summary)
	}
	// Exempelverket's selection (its example selection file), as a batch
	// with a selection block gives it.
	s.Agencies[0].Selection = NewSummarySelection(mustExampleSelection(t))
	return s
}

// exampleDiff is the criteria diff of the built-in set against its
// version 0.2.0 (testdata/criteria), with the impact on Exempelverket.
func exampleDiff(t testing.TB) *Diff {
	t.Helper()
	old := criteria.Default()
	new, err := criteria.Load(filepath.Join("..", "testdata", "criteria", "digitala-investeringar-0.2.0.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	agencies, err := exampleAgencies()
	if err != nil {
		t.Fatal(err)
	}
	p := agencies[0].Pack.Portfolio
	newScore, err := scoring.Score(new, p)
	if err != nil {
		t.Fatal(err)
	}
	return &Diff{Old: old, New: new, Changes: criteria.Diff(old, new), Inputs: p.Inputs,
		Impact: scoring.CompareResults(agencies[0].Pack.Score, newScore, 5)}
}
