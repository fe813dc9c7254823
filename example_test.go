package prio_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/reports"
	"github.com/prio-tool/prio/scoring"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// smallSet is a criteria set worked by hand: a score is 0.75 × the value
// of Nytta (levels 1–5 valued 0, 0.25, 0.5, 0.75, 1) + 0.25 × (1 −
// Kostnad/100), and an investment without a plan is excluded.
const smallSet = `format: prio.criteria/1
id: liten
version: 1.0.0
status: adopted
title: {sv: Liten kriterieuppsättning, en: Small criteria set}
fields:
  id:     {headers: [ID], type: text, required: true}
  name:   {headers: [Namn], type: text}
  invest: {headers: [Kostnad], type: number, unit: mnkr}
  nytta:  {headers: [Nytta], type: scale, levels: ["1", "2", "3", "4", "5"]}
  plan:   {headers: [Plan], type: yesno}
starting_points:
  - {id: G1, title: {sv: Plan finns, en: A plan exists}, require: plan, on_fail: exclude}
criteria:
  - {id: N, weight: 3, field: nytta, value: {levels: [0, 0.25, 0.5, 0.75, 1]}}
  - {id: K, weight: 1, field: invest, value: {linear: [100, 0]}}
`

// smallPortfolio is an agency's portfolio as CSV (a workbook is read the
// same way).
const smallPortfolio = `ID;Namn;Kostnad;Nytta;Plan
A1;Alfa;20;5;Ja
A2;Beta;60;4;Ja
A3;Gamma;10;2;Nej
A4;Delta;40;3;Ja
`

// Example is the way in: load a criteria set, read a portfolio from an
// io.Reader, score it. The scores are the hand-worked ones of smallSet:
// A1 0.75 × 1 + 0.25 × 0.8 = 0.95; A2 0.75 × 0.75 + 0.25 × 0.4 = 0.6625;
// A4 0.75 × 0.5 + 0.25 × 0.6 = 0.525; A3 has no plan and is excluded,
// with the score it would have had, 0.75 × 0.25 + 0.25 × 0.9 = 0.4125.
func Example() {
	set, err := criteria.Parse(strings.NewReader(smallSet), "liten.yaml") // or criteria.Load(path)
	if err != nil {
		log.Fatal(err)
	}
	src, err := importers.SourceFrom("alfa.csv", strings.NewReader(smallPortfolio)) // or importers.ReadFiles
	if err != nil {
		log.Fatal(err)
	}
	p, err := importers.Read(set, []importers.Source{src}, importers.Options{})
	if err != nil {
		log.Fatal(err)
	}
	res, err := scoring.Score(set, p)
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range res.Investments {
		fmt.Printf("%d %s %s %.4f\n", a.Rank, a.ID, a.Status, a.Score)
	}
	// Output:
	// 1 A1 ranked 0.9500
	// 2 A2 ranked 0.6625
	// 3 A4 ranked 0.5250
	// 0 A3 excluded 0.4125
}

// Example_sensitivity analyses how firm the ranking of Example is when
// each weight may lie within ±20 % of its stated value. By hand: A1 − A2 =
// 0.25 w_N + 0.4 w_K > 0 for any positive weights, and A2 − A4 = 0.25 w_N
// − 0.2 w_K ≥ 0.25 × 2.4 − 0.2 × 1.2 = 0.36 > 0 within the ranges, so
// every sample gives the stated ranks.
func Example_sensitivity() {
	set, p, res := scored()
	opts := sensitivity.DefaultOptions
	opts.Samples, opts.Top = 1000, 2
	r, err := sensitivity.Analyse(context.Background(), set, p, res, opts)
	if err != nil {
		log.Fatal(err)
	}
	for _, inv := range r.Investments {
		fmt.Printf("%s: rank %d in %.0f %% of %d samples\n", inv.ID, inv.Rank, 100*inv.Acceptability[inv.Rank-1], r.Samples)
	}
	// Output:
	// A1: rank 1 in 100 % of 1000 samples
	// A2: rank 2 in 100 % of 1000 samples
	// A4: rank 3 in 100 % of 1000 samples
}

// Example_render renders one result for people in both languages at
// once, and for programs: the language is an option of the renderer, not
// a setting of the process, and JSON and CSV are the same in every
// language.
func Example_render() {
	_, _, res := scored()
	var sv, en, jsonSv, jsonEn bytes.Buffer
	for _, r := range []struct {
		buf   *bytes.Buffer
		lang  string
		write func(*bytes.Buffer, reports.Options) error
	}{
		{&sv, "sv", func(b *bytes.Buffer, o reports.Options) error { return reports.WriteTable(b, res, o) }},
		{&en, "en", func(b *bytes.Buffer, o reports.Options) error { return reports.WriteTable(b, res, o) }},
		{&jsonSv, "sv", func(b *bytes.Buffer, o reports.Options) error { return reports.WriteJSON(b, res, o) }},
		{&jsonEn, "en", func(b *bytes.Buffer, o reports.Options) error { return reports.WriteJSON(b, res, o) }},
	} {
		if err := r.write(r.buf, reports.Options{Lang: r.lang, Version: "example"}); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(strings.Contains(sv.String(), "rangordnad"), strings.Contains(en.String(), "ranked"))
	fmt.Println(bytes.Equal(jsonSv.Bytes(), jsonEn.Bytes()))
	// Output:
	// true true
	// true
}

// Example_errors reads a portfolio with a bad cell. The problems come back
// as an importers.ErrorList, each with its file, row and column; they are
// made in no language and given in the one asked for.
func Example_errors() {
	set, err := criteria.Parse(strings.NewReader(smallSet), "liten.yaml")
	if err != nil {
		log.Fatal(err)
	}
	bad := strings.Replace(smallPortfolio, "A2;Beta;60;", "A2;Beta;sextio;", 1)
	_, err = importers.Read(set, []importers.Source{{Path: "alfa.csv", Data: []byte(bad)}}, importers.Options{})
	var list importers.ErrorList
	if errors.As(err, &list) {
		c := list[0].Cell
		fmt.Println(c.File, c.Row, c.Col)
	}
	fmt.Println(messages.Localize(err, messages.English))
	fmt.Println(messages.Localize(err, messages.Swedish))
	// Output:
	// alfa.csv 3 3
	// alfa.csv:3:3: "sextio" is not a number
	// alfa.csv:3:3: "sextio" är inget tal
}

// scored is Example's set, portfolio and result.
func scored() (*criteria.Set, *portfolio.Portfolio, *scoring.Result) {
	set, err := criteria.Parse(strings.NewReader(smallSet), "liten.yaml")
	if err != nil {
		log.Fatal(err)
	}
	p, err := importers.Read(set, []importers.Source{{Path: "alfa.csv", Data: []byte(smallPortfolio)}}, importers.Options{})
	if err != nil {
		log.Fatal(err)
	}
	res, err := scoring.Score(set, p)
	if err != nil {
		log.Fatal(err)
	}
	return set, p, res
}
