package sensitivity

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// svSet: npv's low end and inv's sd are read from fields; investments with
// inv of 100 or more are excluded.
const svSet = `format: prio.criteria/1
id: sv-k
version: 1.0.0
status: draft
fields:
  id:      {headers: [ID], type: text}
  npv:     {headers: [NNV], type: number, uncertainty: {dist: triangular, low: npv_low, high: 10}}
  npv_low: {headers: [NNV låg], type: number}
  inv:     {headers: [Inv], type: number, uncertainty: {dist: normal, sd: inv_sd}}
  inv_sd:  {headers: [Inv sd], type: number}
starting_points:
  - {id: G1, require: inv < 100, on_fail: exclude}
criteria:
  - {id: N, field: npv, value: {linear: [0, 10]}}
  - {id: I, field: inv, value: {linear: [100, 0]}}
`

// TestMessagesInSwedish runs the analyses on bad data and options and
// checks what the user is told, given in Swedish, in full.
func TestMessagesInSwedish(t *testing.T) {
	t.Parallel()

	set, err := criteria.Parse(strings.NewReader(svSet), "sv.yaml")
	if err != nil {
		t.Fatal(err)
	}
	score := func(csv string) (*portfolio.Portfolio, *scoring.Result, func() error) {
		t.Helper()
		p, err := importers.Read(set, []importers.Source{{Path: "k.csv", Data: []byte("ID;NNV;NNV låg;Inv;Inv sd\n" + csv)}}, importers.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := scoring.Score(set, p)
		if err != nil {
			t.Fatal(err)
		}
		analyse := func() error {
			_, err := Analyse(context.Background(), set, p, res, Options{Samples: 10, Seed: 1, Weights: DefaultOptions.Weights, Top: 5})
			return err
		}
		return p, res, analyse
	}

	// A's npv_low is missing; B's npv lies below its low end and its sd is
	// negative; C is excluded.
	p, res, analyse := score("A;5;;10;1\nB;3;4;20;-1\nC;2;1;200;1\n")
	prob := FromResult(res)
	_, warnings, err := NewUncertainty(set, p, prob)
	if diff := cmp.Diff([]string{"k.csv:2: A: low i osäkerheten för npv (npv_low) saknas; npv behandlas som säkert"}, messages.Strings(warnings, messages.Swedish)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	want := "k.csv:3: B: npv = 3 ligger utanför sitt osäkerhetsintervall [4, 10]\n" +
		"k.csv:3: B: sd i osäkerheten för inv är -1; den får inte vara negativ"
	if err == nil || messages.Localize(err, messages.Swedish) != want {
		t.Errorf("uncertainty: %v, want\n%s", err, want)
	}

	errs := []struct {
		name string
		err  func() error
		want string
	}{
		{"top beyond the number ranked", analyse,
			"känslighetsanalys: top måste vara från 1 till 2, antalet rangordnade, inte 5"},
		{"nothing ranked", func() error { _, _, a := score("C;2;1;200;1\n"); return a() },
			"känslighetsanalys: ingen investering är rangordnad; det finns inget att analysera"},
		{"no samples", func() error {
			_, err := SMAA(context.Background(), prob, SMAAOptions{Samples: 0, Weights: DefaultOptions.Weights, Top: 1})
			return err
		}, "känslighetsanalys: antalet dragningar (samples) måste vara minst 1, inte 0"},
		{"an unknown weight model", func() error {
			_, err := SMAA(context.Background(), prob, SMAAOptions{Samples: 10, Weights: criteria.WeightModel{Kind: "gissa"}, Top: 1})
			return err
		}, `känslighetsanalys: okänd viktmodell "gissa"`},
		{"vary beyond 1", func() error {
			_, err := SMAA(context.Background(), prob, SMAAOptions{Samples: 10, Weights: criteria.WeightModel{Kind: criteria.WeightsVary, Vary: 1.5}, Top: 1})
			return err
		}, "känslighetsanalys: vary måste vara från 0 till 1, inte 1.5"},
	}
	for _, tt := range errs {
		if err := tt.err(); err == nil || messages.Localize(err, messages.Swedish) != tt.want {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.want)
		}
	}
}
