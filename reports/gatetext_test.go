package reports

import (
	"strings"
	"testing"
	"time"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// gateSet is a criteria set with the fields of issue 13's example: a
// benefits plan (yes/no), the investment outlay (mnkr), the project owner
// (text), a share, a scale and a date; G2 says its own fail_text.
func gateSet(t *testing.T) *criteria.Set {
	t.Helper()
	set, err := criteria.Parse(strings.NewReader(`format: prio.criteria/1
id: grind
version: 1.0.0
status: adopted
fields:
  id:     {headers: [ID], type: text}
  plan:   {headers: [Plan], type: yesno, title: {sv: Nyttorealiseringsplan, en: Benefits-realisation plan}}
  invest: {headers: [Utgift], type: number, unit: mnkr, title: {sv: Investeringsutgift, en: Investment outlay}}
  owner:  {headers: [Ägare], type: text, title: {sv: Projektägare, en: Project owner}}
  share:  {headers: [Andel], type: percent, title: {sv: Säkrad finansiering, en: Funding secured}}
  risk:   {headers: [Risk], type: scale, levels: [Låg, Medel, Hög], title: {sv: Risk, en: Risk}}
  start:  {headers: [Start], type: date, title: {sv: Startdatum, en: Start date}}
starting_points:
  - id: G1
    title: {sv: Nyttoplan finns över 10 mnkr, en: Benefits plan above 10 mnkr}
    require: plan or invest < 10
  - id: G2
    title: {sv: Ägare finns, en: An owner}
    fail_text: {sv: Projektägare saknas, en: No project owner}
    require: owner != ""
  - id: G3
    title: {sv: Låg risk och säkrad finansiering, en: Low risk and secured funding}
    require: risk < 3 and share >= 0.5 and start >= date("2020-01-01")
    on_missing: pass
criteria:
  - {id: C, field: invest, value: {linear: [0, 100]}}
`), "grind.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestGateSentences: a failed starting point reads as a sentence from its
// title (or fail_text) and the values it read, with the fields' titles,
// units and the report's number format; the expected texts are issue
// 13's, written by hand.
func TestGateSentences(t *testing.T) {
	set := gateSet(t)
	r := &scoring.Result{Gates: set.StartingPoints}
	value := func(field string, kind portfolio.Kind, v portfolio.Value) scoring.GateValue {
		v.Present = true
		return scoring.GateValue{Field: field, Kind: kind, Value: v}
	}
	notPlan := scoring.GateResult{ID: "G1", Evaluated: true, Values: []scoring.GateValue{
		value("plan", portfolio.YesNo, portfolio.Value{Bool: false}),
		value("invest", portfolio.Number, portfolio.Value{Num: 20.2}),
	}}
	noOwner := scoring.GateResult{ID: "G2", Missing: []string{"owner"}}
	risky := scoring.GateResult{ID: "G3", Evaluated: true, Values: []scoring.GateValue{
		value("risk", portfolio.Scale, portfolio.Value{Num: 3, Text: "Hög"}),
		value("share", portfolio.Percent, portfolio.Value{Num: 0.255}),
		value("start", portfolio.Date, portfolio.Value{Date: time.Date(2019, 7, 1, 0, 0, 0, 0, time.UTC)}),
	}}
	passedMissing := scoring.GateResult{ID: "G3", Passed: true, Missing: []string{"risk", "share"}}
	tests := []struct {
		name string
		gi   int
		g    scoring.GateResult
		sv   string
		en   string
	}{
		{"values read", 0, notPlan,
			"Nyttoplan finns över 10 mnkr: ej uppfylld (nyttorealiseringsplan: nej; investeringsutgift: 20,2\u00a0mnkr)",
			"Benefits plan above 10 mnkr: not met (benefits-realisation plan: no; investment outlay: 20.2\u00a0mnkr)"},
		// fail_text before the brackets; the missing field by its title.
		{"missing input, fail_text", 1, noOwner,
			"Projektägare saknas (projektägare saknas)",
			"No project owner (project owner missing)"},
		// A scale by its level, a share as a percentage, a date.
		{"scale, percent, date", 2, risky,
			"Låg risk och säkrad finansiering: ej uppfylld (risk: ”Hög”; säkrad finansiering: 25,5\u00a0%; startdatum: 2019-07-01)",
			"Low risk and secured funding: not met (risk: “Hög”; funding secured: 25.5\u00a0%; start date: 2019-07-01)"},
		{"passed on missing input", 2, passedMissing,
			"Låg risk och säkrad finansiering: uppfylld trots att uppgift saknas (risk och säkrad finansiering saknas)",
			"Low risk and secured funding: met although an input is missing (risk and funding secured missing)"},
		{"passed", 0, scoring.GateResult{ID: "G1", Passed: true, Evaluated: true}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for lang, want := range map[string]string{"sv": tt.sv, "en": tt.en} {
				if got := newGateTexter(set, r, lang).sentence(tt.gi, tt.g); got != want {
					t.Errorf("%s:\n got %q\nwant %q", lang, got, want)
				}
			}
		})
	}
}

// TestReadableNumber: whole numbers without decimals, others with at most
// two, in the report's format.
func TestReadableNumber(t *testing.T) {
	for _, tt := range []struct {
		x      float64
		sv, en string
	}{
		{42, "42", "42"}, {20.2, "20,2", "20.2"}, {-1.326, "-1,33", "-1.33"}, {1234.5, "1\u00a0234,5", "1,234.5"}, {-0.001, "0", "0"},
	} {
		if got := readableNumber(tt.x, "sv"); got != tt.sv {
			t.Errorf("readableNumber(%v, sv) = %q, want %q", tt.x, got, tt.sv)
		}
		if got := readableNumber(tt.x, "en"); got != tt.en {
			t.Errorf("readableNumber(%v, en) = %q, want %q", tt.x, got, tt.en)
		}
	}
}
