package importers

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/portfolio"
)

// absentSet reads months through a derived field (long), risk directly
// (criterion B), extra directly but accepting its absence (C), and nothing
// reads other.
const absentSet = `format: prio.criteria/1
id: absent
version: 1.0.0
status: draft
fields:
  id:     {headers: [ID], type: text, required: true}
  months: {headers: [Löptid (mån)], type: number}
  risk:   {headers: [Risk nytta], type: scale, levels: [Låg, Medel, Hög]}
  extra:  {headers: [Extra], type: number, absent: missing}
  other:  {headers: [Annat], type: number}
derived:
  long: months > 24
criteria:
  - {id: A, field: long, value: {levels: [1, 0]}}
  - {id: B, field: risk, value: {levels: [1, 0.5, 0]}}
  - {id: C, field: extra, value: {linear: [0, 10]}}
`

// TestAbsentColumns checks FORMATS.md §1 as amended 2026-12 (issue 11 item
// 4): a column that something reads and the portfolio lacks is an error
// naming the field, the headers looked for, what reads it and the nearest
// headers of the sheet; absent: missing turns it into one warning and a
// record for the reports; a field nothing reads may be absent silently.
func TestAbsentColumns(t *testing.T) {
	set := parseSet(t, absentSet)

	// "Löptid (mån.)" is one edit from "Löptid (mån)", "Risk nyta" one
	// from "Risk nytta"; extra and other have no column either.
	typos := "ID;Löptid (mån.);Risk nyta\nX1;12;Låg\nX2;30;Hög\n"
	_, err := Read(set, []Source{{Path: "p.csv", Data: []byte(typos)}}, Options{})
	want := []string{
		`p.csv:1: no column for field months (looked for "Löptid (mån)"; read by long, A); did you mean "Löptid (mån.)"? If portfolios may lack the column, give the field absent: missing`,
		`p.csv:1: no column for field risk (looked for "Risk nytta"; read by B); did you mean "Risk nyta"? If portfolios may lack the column, give the field absent: missing`,
	}
	if err == nil {
		t.Fatal("no error for columns with typos")
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}

	// Right headers: only extra (accepted) and other (unread) are absent.
	good := "ID;Löptid (mån);Risk nytta\nX1;12;Låg\nX2;30;Hög\nX3;7;Medel\n"
	p, err := Read(set, []Source{{Path: "p.csv", Data: []byte(good)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantWarnings := []string{`p.csv:1: no column for field extra (looked for "Extra"; read by C): it counts as missing in every row of this file, as the field's absent: missing allows`}
	if diff := cmp.Diff(wantWarnings, english(p.Warnings)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	wantAbsent := []portfolio.AbsentColumn{{Field: "extra", Headers: []string{"Extra"}, Input: 0, ReadBy: []string{"C"}, Investments: 3}}
	if diff := cmp.Diff(wantAbsent, p.Absent); diff != "" {
		t.Errorf("absent (-want +got):\n%s", diff)
	}
}
