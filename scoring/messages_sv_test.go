package scoring_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// svSet has a derived field that divides, a starting point on plan and a
// criterion whose missing policy is given by each case.
const svSet = `format: prio.criteria/1
id: sv-test
version: 0.1.0
status: STATUS
fields:
  id:     {headers: [ID], type: text}
  npv:    {headers: [NNV], type: number}
  invest: {headers: [Inv], type: number}
  plan:   {headers: [Plan], type: yesno}
  risk:   {headers: [Risk], type: scale, levels: [Låg, Medel, Hög]}
derived:
  ratio: npv / invest
starting_points:
  - {id: G1, require: plan, on_fail: flag}
criteria:
  - {id: K, field: ratio, value: {linear: [0, 2]}}
  - {id: R, field: risk, value: {levels: [1, 0.5, 0]}, missing: MISSING}
`

// A: 0 / 0 is NaN, and plan is missing. B: risk is missing.
const svPortfolio = "ID;NNV;Inv;Plan;Risk\n" +
	"A;0;0;;Låg\n" +
	"B;5;10;Ja;\n"

func svInputs(t *testing.T, status, missing string) (*criteria.Set, *portfolio.Portfolio) {
	t.Helper()
	src := strings.NewReplacer("STATUS", status, "MISSING", missing).Replace(svSet)
	set, err := criteria.Parse(strings.NewReader(src), "sv.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := importers.Read(set, []importers.Source{{Path: "sv.csv", Data: []byte(svPortfolio)}}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return set, p
}

// TestMessagesInSwedish scores bad data and gives the warnings, a
// starting point's reason and the errors that stop a run in Swedish, in
// full. The result holds them in no language; the reason is data, in the
// criteria file's words in every language.
func TestMessagesInSwedish(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name, status, missing string
		warnings              []string
		reasons               map[string]string // G1's reason by investment
		err                   string
	}{
		{
			name:   "a draft set, a derived value that is not a number, a gate on a missing field",
			status: "draft", missing: "neutral",
			warnings: []string{
				"kriterieuppsättningen sv-test 0.1.0 är ett utkast och inte fastställd: den duger för att pröva sig fram, inte för rekommendationer",
				"sv.csv:2: A: det härledda fältet ratio = npv / invest blev NaN, inte ett ändligt tal; det läses som saknat värde",
			},
			reasons: map[string]string{"A": "missing: plan", "B": ""},
		},
		{
			name:   "a retired set",
			status: "retired", missing: "neutral",
			warnings: []string{
				"kriterieuppsättningen sv-test 0.1.0 är upphävd och gäller inte längre: den duger för att pröva sig fram, inte för rekommendationer",
				"sv.csv:2: A: det härledda fältet ratio = npv / invest blev NaN, inte ett ändligt tal; det läses som saknat värde",
			},
			reasons: map[string]string{"A": "missing: plan", "B": ""},
		},
		{
			name:   "a missing value under missing: error",
			status: "adopted", missing: "error",
			err: "sv.csv:3:5: B: kriteriet R behöver risk, som saknas (kriteriet har missing: error)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, p := svInputs(t, tt.status, tt.missing)
			res, err := scoring.Score(set, p)
			if tt.err != "" {
				if err == nil || messages.Localize(err, messages.Swedish) != tt.err {
					t.Errorf("error %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.warnings, messages.Strings(res.Warnings, messages.Swedish)); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			reasons := map[string]string{}
			for _, a := range res.Investments {
				reasons[a.ID] = a.Gates[0].Reason
			}
			if diff := cmp.Diff(tt.reasons, reasons); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
		})
	}

	// A drawn value that leaves a criterion with missing: error without
	// its input: invest 0 makes B's ratio +Inf.
	src := strings.NewReplacer("STATUS", "draft", "MISSING", "neutral").Replace(svSet)
	src = strings.Replace(src, "{linear: [0, 2]}}", "{linear: [0, 2]}, missing: error}", 1)
	set, err := criteria.Parse(strings.NewReader(src), "sv.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := importers.Read(set, []importers.Source{{Path: "sv.csv", Data: []byte(strings.Replace(svPortfolio, "A;0;0", "A;1;1", 1))}}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := scoring.NewEvaluator(set, p)
	if err != nil {
		t.Fatal(err)
	}
	err = ev.Investment(1, []int{2}).LeafValues([]scoring.FieldValue{{Field: 2, Num: 0}}, make([]float64, 2))
	if want := "B: ett draget värde gör att kriteriet K saknar sitt indata ratio (kriteriet har missing: error)"; err == nil || messages.Localize(err, messages.Swedish) != want {
		t.Errorf("evaluator: %v, want %s", err, want)
	}
}
