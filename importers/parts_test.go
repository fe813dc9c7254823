package importers

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSumColumnParts checks that the year columns of a sum_columns field are
// kept one by one for annual budgets (FORMATS.md §5): labels without unit
// hints, tkr converted to the field's mnkr, a blank year 0 beside a value,
// a missing marker or every year blank making the parts missing. The sums
// are as before. Values by hand: 1 000 tkr = 1 mnkr, 2 000 = 2, 500 = 0.5.
func TestSumColumnParts(t *testing.T) {
	set := parseSet(t, `format: prio.criteria/1
id: parts
version: 1.0.0
status: draft
fields:
  id:    {headers: [Projekt-ID], type: text, required: true}
  name:  {headers: [Projektnamn], type: text}
  costs: {headers: [Kostnader], type: number, unit: mnkr, sum_columns: true}
criteria:
  - {id: K, field: costs, value: {linear: [10, 0]}}
`)
	csv := "Projekt-ID;Projektnamn;Kostnader (tkr);;\n" +
		";;2026;2027 (tkr);2028\n" +
		"P1;Ett;1 000;2 000;500\n" +
		"P2;Två;1 500;;250\n" +
		"P3;Tre;-;100;\n" +
		"P4;Fyra;;;\n"
	p, err := Read(set, []Source{{Path: "p.csv", Data: []byte(csv)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	pt := p.Parts(2)
	if pt == nil {
		t.Fatal("no parts for costs")
	}
	if diff := cmp.Diff([]string{"2026", "2027", "2028"}, pt.Labels); diff != "" {
		t.Errorf("labels (-want +got)\n%s", diff)
	}
	type year struct {
		x  float64
		ok bool
	}
	want := map[string][]year{
		"P1": {{1, true}, {2, true}, {0.5, true}},
		"P2": {{1.5, true}, {0, true}, {0.25, true}},
		"P3": {{0, false}, {0, false}, {0, false}}, // "-" in 2026
		"P4": {{0, false}, {0, false}, {0, false}}, // every year blank
	}
	sums := map[string]string{"P1": "3.5", "P2": "1.75", "P3": "0.1", "P4": "missing"}
	for i, inv := range p.Investments {
		var got []year
		for _, l := range pt.Labels {
			x, ok := pt.Value(i, l)
			got = append(got, year{x, ok})
		}
		if diff := cmp.Diff(want[inv.ID], got, cmp.AllowUnexported(year{})); diff != "" {
			t.Errorf("%s (-want +got)\n%s", inv.ID, diff)
		}
		if s := show(p.Value(i, 2), set.Fields[2].Type); s != sums[inv.ID] {
			t.Errorf("%s: sum %s, want %s", inv.ID, s, sums[inv.ID])
		}
	}
}
