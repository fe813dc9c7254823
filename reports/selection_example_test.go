package reports

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/scoring/selection"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// exampleSelectionSamples is the number of weight samples of the example's
// funding probability: enough for every class to occur, few enough to be
// quick.
const exampleSelectionSamples = 200

// exampleSelection is Exempelverket's selection with its example selection
// file (testdata/examples/exempelverket-urval.yaml: annual budgets for
// 2026–2028, a must, a must_not, a requires, a together and an exclusive
// group), solved with the losses, an 11-point frontier and the funding
// probability over 200 samples (the built-in set's vary: 0.2 and seed), as
// `prio select --losses --frontier 11 --samples 200` does; computed once
// and shared, tests must not change it.
var exampleSelection = sync.OnceValues(func() (*Selection, error) {
	agencies, err := exampleAgencies()
	if err != nil {
		return nil, err
	}
	ex := agencies[0].Pack
	sel, err := criteria.LoadSelection(filepath.Join("..", "testdata", "examples", "exempelverket-urval.yaml"))
	if err != nil {
		return nil, err
	}
	if err := sel.Check(ex.Set); err != nil {
		return nil, err
	}
	st, err := selection.Build(selection.Source{Set: ex.Set, Portfolio: ex.Portfolio, Result: ex.Score, Selection: sel})
	if err != nil {
		return nil, err
	}
	so := sensitivity.DefaultOptions
	out, err := selection.Run(context.Background(), st, selection.Options{}, selection.Ask{
		Losses: true, Frontier: 11, Samples: exampleSelectionSamples, Weights: so.Weights, Seed: so.Seed,
	})
	if err != nil {
		return nil, err
	}
	return &Selection{Score: ex.Score, Outcome: out, Path: "exempelverket-urval.yaml", SHA256: "0123", ScoreValue: true,
		Unit: ex.Set.Field("invest").Unit.Name}, nil
})

// mustExampleSelection is exampleSelection for a test.
func mustExampleSelection(t testing.TB) *Selection {
	t.Helper()
	s, err := exampleSelection()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// exampleSelectionPack is Exempelverket's full pack (scores, sensitivity
// analysis) with its selection.
func exampleSelectionPack(t testing.TB) *Pack {
	t.Helper()
	agencies, err := exampleAgencies()
	if err != nil {
		t.Fatal(err)
	}
	p := *agencies[0].Pack
	p.Selection = mustExampleSelection(t)
	return &p
}
