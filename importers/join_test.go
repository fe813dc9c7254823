package importers

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// joinSet: the agency reports id, name, invest and plan; the analyst adds
// risk_time and effects.
const joinSet = `format: prio.criteria/1
id: join-test
version: 1.0.0
status: draft
fields:
  id:        {headers: [Projekt-ID], type: text, required: true}
  name:      {headers: [Projektnamn], type: text, required: true}
  invest:    {headers: [Investeringsutgift], type: number, unit: mnkr}
  plan:      {headers: [Nyttorealiseringsplan], type: yesno}
  risk_time: {headers: [Risk tid], type: scale, levels: [Låg, Medel, Hög]}
  effects:   {headers: [Effekter], type: scale, levels: ["1", "2", "3", "4", "5"]}
criteria:
  - {id: A, field: invest, value: {linear: [0, 100]}}
`

const agencyCSV = "Projekt-ID;Projektnamn;Investeringsutgift (tkr);Nyttorealiseringsplan\n" +
	"FK-1;Ny e-tjänst;12 000;Ja\n" +
	"FK-2;Nytt ärendestöd;40 000;Nej\n" +
	"FK-3;Molnflytt;-;Ja\n"

// TestJoin: the analyst's columns are added by id, their cells named; a
// field the agency file lacks but the joined file has is not warned about;
// one that neither has and a criterion reads is an error.
func TestJoin(t *testing.T) {
	set := parseSet(t, joinSet)
	assessment := "Projekt-ID;Risk tid;Effekter;Kommentar\n" +
		"FK-2;hög;4;Stor omställning\n" +
		"FK-1;Låg;;\n"
	p, err := ReadJoined(context.Background(), set, []Source{{Path: "fk.csv", Data: []byte(agencyCSV)}},
		[]Source{{Path: "bedomning.csv", Data: []byte(assessment)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := render(set, p)
	// By hand: FK-1 gets Låg (line 3 of the joined file) and keeps its
	// missing effects; FK-2 gets Hög and 4 (line 2); FK-3 is not assessed.
	want := []investment{
		{"fk.csv:2:1", []string{"FK-1", "Ny e-tjänst", "12", "yes", "1 Låg", "missing"}},
		{"fk.csv:3:1", []string{"FK-2", "Nytt ärendestöd", "40", "no", "3 Hög", "4 4"}},
		{"fk.csv:4:1", []string{"FK-3", "Molnflytt", "missing", "yes", "no column", "no column"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("joined values (-want +got):\n%s", diff)
	}
	if c := p.Value(1, 4).Cell.String(); c != "bedomning.csv:2:2" {
		t.Errorf("FK-2's risk_time cell is %s, want bedomning.csv:2:2", c)
	}
	if c := p.Value(0, 5).Cell.String(); c != "bedomning.csv:3:3" {
		t.Errorf("FK-1's missing effects cell is %s, want bedomning.csv:3:3 (where it was looked for)", c)
	}
	if len(p.Warnings) != 0 {
		t.Errorf("warnings %q, want none: the joined file supplies risk_time and effects", p.Warnings)
	}
	if len(p.Inputs) != 2 || p.Inputs[1].Path != "bedomning.csv" || p.Inputs[1].Rows != 2 {
		t.Errorf("inputs %+v, want the joined file listed with its 2 rows", p.Inputs)
	}

	// Without the join, a set whose criteria read both analyst fields
	// has no column for them: an error naming each, at the header row.
	readsBoth := parseSet(t, strings.Replace(joinSet, "criteria:\n",
		"criteria:\n  - {id: R, field: risk_time, value: {levels: [1, 0.5, 0]}}\n  - {id: E, field: effects, value: {levels: [0, 0.25, 0.5, 0.75, 1]}}\n", 1))
	_, err = Read(readsBoth, []Source{{Path: "fk.csv", Data: []byte(agencyCSV)}}, Options{})
	wantErr := `fk.csv:1: no column for field risk_time (looked for "Risk tid"; read by R): add the column, or, if portfolios may lack it, give the field absent: missing` + "\n" +
		`fk.csv:1: no column for field effects (looked for "Effekter"; read by E): add the column, or, if portfolios may lack it, give the field absent: missing`
	if err == nil || err.Error() != wantErr {
		t.Errorf("got %v\nwant %s", err, wantErr)
	}
	// With the join they are read.
	if _, err := ReadJoined(t.Context(), readsBoth, []Source{{Path: "fk.csv", Data: []byte(agencyCSV)}}, []Source{{Path: "bedomning.csv", Data: []byte(assessment)}}, Options{}); err != nil {
		t.Errorf("with the assessment joined: %v", err)
	}
}

// TestJoinErrors: an id not in the portfolio, and a value that differs from
// the portfolio's, are errors naming both cells.
func TestJoinErrors(t *testing.T) {
	set := parseSet(t, joinSet)
	assessment := "Projekt-ID;Investeringsutgift (mnkr);Nyttorealiseringsplan;Risk tid\n" +
		"FK-1;12;Ja;Låg\n" + // equal values: 12 000 tkr is 12 mnkr
		"FK-2;41;Nej;Medel\n" + // 41 mnkr against 40 000 tkr
		"FK-9;1;Ja;Hög\n" + // not in the portfolio
		"FK-3;5;Nej;Låg\n" // FK-3's invest was missing: filled; plan Nej against Ja
	_, err := ReadJoined(context.Background(), set, []Source{{Path: "fk.csv", Data: []byte(agencyCSV)}},
		[]Source{{Path: "b.csv", Data: []byte(assessment)}}, Options{})
	var list ErrorList
	if !errors.As(err, &list) || !errors.Is(err, ErrInput) {
		t.Fatalf("err %v, want an ErrorList", err)
	}
	want := []string{
		`b.csv:3:2: invest of "FK-2" is 41 here but 40 at fk.csv:3:3`,
		`b.csv:4:1: id "FK-9" is not in the portfolio (fk.csv)`,
		`b.csv:5:3: plan of "FK-3" is Nej here but Ja at fk.csv:4:4`,
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
