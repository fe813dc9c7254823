package criteria

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/messages"
)

// TestSwedishMessages reads a bad criteria set, a bad AHP matrix file and
// bad weights with Swedish messages, and compares two sets: every message,
// and the summaries of the diff, in Swedish.
func TestSwedishMessages(t *testing.T) {
	const bad = `format: prio.criteria/1
id: t
version: 1.0
status: draft
fields:
  id: {headers: [ID], type: text}
  x: {headers: [X], type: number, unit: kkr}
  r: {headers: [R], type: scale}
  p: {headers: [P], type: yesno, blanc: no}
derived:
  ratio: x / invst
  both: x + "a"
starting_points:
  - {id: G1, require: x}
criteria:
  - {id: C1, field: y, value: {linear: [0, 1]}}
  - {id: C2, field: x, value: {piecewise: [[0, 0]]}}
  - {id: C3, weight: -1, field: p, value: {levels: [0, 0.5, 1]}}
`
	_, err := Parse(strings.NewReader(bad), "k.yaml")
	if err == nil {
		t.Fatal("the bad set was accepted")
	}
	want := []string{
		`k.yaml:3:10: version "1.0" är inte en semantisk version (MAJOR.MINOR.PATCH, till exempel 1.1.0)`,
		`k.yaml:7:41: fältet x: okänd enhet "kkr" (använd kr, tkr, mnkr, MSEK eller Mkr)`,
		`k.yaml:8:6: fältet r: ett fält av typen scale behöver levels`,
		`k.yaml:9:34: okänd nyckel "blanc" i fältet p (menade du "blank"?)`,
		`k.yaml:11:14: det härledda fältet ratio: okänt namn invst`,
		`k.yaml:12:11: det härledda fältet both: ogiltig operation: + (typerna float64 och string passar inte ihop)`,
		`k.yaml:14:23: utgångspunkten G1: väntade bool men fick float64`,
		`k.yaml:16:21: kriteriet C1: "y" är inte ett fält eller ett härlett fält (menade du "p"?)`,
		`k.yaml:17:43: kriteriet C2: value: piecewise behöver minst två punkter [x, värde]`,
		`k.yaml:18:22: kriteriet C3: weight får inte vara negativ, inte -1`,
		`k.yaml:18:52: kriteriet C3: levels anger 3 värden, men ja/nej-fältet p behöver 2: [nej, ja]`,
	}
	if diff := cmp.Diff(want, strings.Split(sv(err), "\n")); diff != "" {
		t.Errorf("criteria set (-want +got):\n%s", diff)
	}

	_, _, err = ParseAHPMatrix(strings.NewReader("criteria: [A, B]\nmatrix: [[1, 3], [3, x]]\n"), "m.yaml")
	wantAHP := `m.yaml:2:22: ett matriselement måste vara ett positivt tal eller ett bråk som 1/3, inte "x"`
	if err == nil || sv(err) != wantAHP {
		t.Errorf("AHP matrix file:\ngot  %v\nwant %s", err, wantAHP)
	}
	_, _, err = ParseAHPMatrix(strings.NewReader("criteria: [A, B]\nmatrix: [[1, 3], [3, 1]]\n"), "m.yaml")
	wantAHP = `m.yaml:2:19: elementet (2, 1) är 3 men måste vara 1/3, inversen av elementet (1, 2)`
	if err == nil || sv(err) != wantAHP {
		t.Errorf("AHP matrix file:\ngot  %v\nwant %s", err, wantAHP)
	}
	if _, err := Swing([]float64{0, 0}); err == nil || sv(err) != "alla swingpoäng är noll" {
		t.Errorf("swing: %v", err)
	}

	const good = `format: prio.criteria/1
id: t
version: 1.0.0
status: draft
fields:
  id: {headers: [ID], type: text}
  x: {headers: [X, Kostnad], type: number, unit: tkr}
criteria:
  - id: A
    criteria:
      - {id: A1, field: x, value: {linear: [0, 10]}}
`
	if _, err := SetWeights([]byte(good), "k.yaml", "C9", map[string]float64{"A1": 1}); err == nil || sv(err) != `k.yaml: det finns inget kriterium "C9"` {
		t.Errorf("set weights: %v", err)
	}
	if _, err := SetWeights([]byte(good), "k.yaml", "A1", map[string]float64{"A1": 1}); err == nil || sv(err) != `k.yaml: kriteriet A1 har inga kriterier under sig; vikter sätts på kriterierna i en grupp` {
		t.Errorf("set weights: %v", err)
	}
	old, err := Parse(strings.NewReader(good), "old.yaml")
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(good, "      - {id: A1, field: x, value: {linear: [0, 10]}}\n",
		"      - {id: A1, field: x, value: {linear: [0, 10]}}\n      - {id: A2, weight: 3, field: x, value: {linear: [10, 0]}, missing: neutral}\nstarting_points:\n  - {id: G1, require: x > 0, on_fail: flag}\n", 1)
	changed = strings.Replace(changed, "  x: {headers: [X, Kostnad], type: number, unit: tkr}\n", "  x: {headers: [X, Kostnad], type: number, unit: tkr}\n  y: {headers: [Y], type: text}\n", 1)
	new, err := Parse(strings.NewReader(changed), "new.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The summaries of what was added are messages, given here in Swedish;
	// the weights are numbers, the same in every language.
	wantDiff := []Difference{
		{Added, "field", "y", "", nil, "text, rubriker Y"},
		{Added, "gate", "G1", "", nil, "x > 0, om ej uppfylld flag, om uppgift saknas fail"},
		{Changed, "criterion", "A1", "effective weight", 1.0, 0.25},
		{Added, "criterion", "A2", "", nil, "vikt 3, effektiv vikt 0.75, x linear: [10, 0], vid saknat värde neutral, under A"},
	}
	got := Diff(old, new)
	for i := range got {
		for _, v := range []*any{&got[i].Old, &got[i].New} {
			if m, ok := (*v).(messages.Message); ok {
				*v = m.In(messages.Swedish)
			}
		}
	}
	if diff := cmp.Diff(wantDiff, got); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
}

// sv is err's text in Swedish.
func sv(err error) string { return messages.Localize(err, messages.Swedish) }
