package reports

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/scoring"
)

// TestAbsentColumnBeforeRanking checks issue 11 item 4: a column the set
// reads and accepts as absent (absent: missing) is stated before the
// ranking in every report for people, in both languages.
func TestAbsentColumnBeforeRanking(t *testing.T) {
	set, err := criteria.Parse(strings.NewReader(`format: prio.criteria/1
id: absent
version: 1.0.0
status: adopted
fields:
  id:    {headers: [ID], type: text, required: true}
  x:     {headers: [X], type: number}
  extra: {headers: [Extra], type: number, absent: missing}
criteria:
  - {id: A, field: x, value: {linear: [0, 10]}}
  - {id: C, field: extra, value: {linear: [0, 10]}}
`), "absent.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := importers.Read(set, []importers.Source{{Path: "p.csv", Data: []byte("ID;X\nX1;5\nX2;7\nX3;1\n")}}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := scoring.Score(set, p)
	if err != nil {
		t.Fatal(err)
	}
	// Without the set (the table, and packs without it) the field has no
	// title to give: the sentence names the column by the header looked
	// for, and the criterion that reads it, C, which has no title either.
	// The pack with its set names the field by its title
	// (TestAbsentColumnTitles).
	want := map[string]string{
		"sv": "Kolumnen ”Extra” saknas i p.csv: C räknas som saknat värde för alla 3 investeringar.",
		"en": "Column “Extra” absent in p.csv: C counted as missing for all 3 investments.",
	}
	for lang, sentence := range want {
		o := Options{Lang: lang}
		var table, md, html bytes.Buffer
		if err := WriteTable(&table, r, o); err != nil {
			t.Fatal(err)
		}
		if err := WriteMarkdown(&md, &Pack{Score: r}, o); err != nil {
			t.Fatal(err)
		}
		if err := WriteHTML(&html, &Pack{Score: r}, o); err != nil {
			t.Fatal(err)
		}
		// The HTML's text, as a reader sees it (its numbers are kept
		// whole by elements around them).
		page := outline(parseHTML(t, html.Bytes()))
		for name, out := range map[string]string{"table": table.String(), "md": md.String(), "html": page} {
			at := strings.Index(out, sentence)
			if at < 0 {
				t.Errorf("%s %s: no %q", lang, name, sentence)
				continue
			}
			// Before the ranking: the first ranked id comes after it.
			if first := strings.Index(out, "X2"); first < at {
				t.Errorf("%s %s: the sentence comes after the ranking", lang, name)
			}
		}
	}
}

// TestAbsentColumnTitles: with the set, the absent column is named by its
// field's title and its readers by their ids and titles, never by the
// field's id — the example Registerverket lacks the column of the number
// of dependencies, which C2 reads through the derived field complexity.
func TestAbsentColumnTitles(t *testing.T) {
	agencies, err := exampleAgencies()
	if err != nil {
		t.Fatal(err)
	}
	p := agencies[1].Pack
	got := absentSentences(p.Score, p.Set, "sv")
	want := "Kolumnen för antal beroenden till andra projekt och myndigheter saknas i registerverket.xlsx: C2 Storlek och komplexitet räknas som saknat värde för alla 28 investeringar."
	if !slices.Contains(got, want) {
		t.Errorf("absent sentences %q, want one to be %q", got, want)
	}
}
