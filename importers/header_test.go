package importers

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
)

// grid makes header rows from text; "" is an empty cell.
func grid(rows ...[]string) [][]RawCell {
	out := make([][]RawCell, len(rows))
	for i, row := range rows {
		out[i] = make([]RawCell, len(row))
		for j, s := range row {
			if s != "" {
				out[i][j] = RawCell{Kind: CellText, Text: s}
			}
		}
	}
	return out
}

func letters(c int) string { return portfolio.ColumnName(c + 1) }

var (
	tkrUnit  = criteria.Units["tkr"]
	mnkrUnit = criteria.Units["mnkr"]

	idF        = &criteria.Field{Name: "id", Headers: []string{"Projekt-ID", "ID", "Dnr"}, Type: portfolio.Text, Required: true}
	nameF      = &criteria.Field{Name: "name", Headers: []string{"Projektnamn", "Benämning"}, Type: portfolio.Text, Required: true}
	agencyF    = &criteria.Field{Name: "agency", Headers: []string{"Myndighet"}, Type: portfolio.Text}
	investF    = &criteria.Field{Name: "invest", Headers: []string{"Investeringsutgift"}, Type: portfolio.Number, Unit: mnkrUnit}
	costsF     = &criteria.Field{Name: "costs", Headers: []string{"Kostnader"}, Type: portfolio.Number, Unit: mnkrUnit, SumColumns: true}
	shareF     = &criteria.Field{Name: "share", Headers: []string{"Säkrad finansiering"}, Type: portfolio.Percent}
	readinessF = &criteria.Field{Name: "readiness", Headers: []string{"Nyttoberedskap (0–3)"}, Type: portfolio.Number}
	npvF       = &criteria.Field{Name: "npv", Headers: []string{"Nettonuvärde"}, Type: portfolio.Number, Unit: mnkrUnit}
	riskTimeF  = &criteria.Field{Name: "risk_time", Headers: []string{"Risk tid"}, Type: portfolio.Scale, Levels: []string{"Låg", "Medel", "Hög"}}
)

// one is a field read from one column.
func one(c int, header string, unit criteria.Unit, percent bool) FieldColumns {
	return FieldColumns{Cols: []int{c}, Columns: []Column{{Header: header, Unit: unit, Percent: percent}}}
}

func TestDetectHeader(t *testing.T) {
	none := criteria.Unit{}
	tests := []struct {
		name     string
		in       HeaderInput
		fields   []*criteria.Field
		want     *Header
		problems []HeaderProblem
	}{
		{
			name: "one row with unit hints",
			in: HeaderInput{Rows: grid(
				[]string{"PROJEKT-ID", "Projekt\u00a0namn", " Myndighet ", "Investeringsutgift (tkr)", "Kostnader [MSEK]",
					"Säkrad finansiering ( % )", "Nyttoberedskap (0–3)", "Nettonuvärde (mn GBP)"},
				[]string{"FK-1", "Alfa"},
			)},
			fields: []*criteria.Field{idF, nameF, agencyF, investF, costsF, shareF, readinessF, npvF},
			want: &Header{Row: 0, GroupRow: -1, DataRow: 1, Matched: 7, Fields: []FieldColumns{
				one(0, "PROJEKT-ID", none, false),
				one(1, "Projekt\u00a0namn", none, false),
				one(2, "Myndighet", none, false),
				one(3, "Investeringsutgift (tkr)", tkrUnit, false),
				one(4, "Kostnader [MSEK]", mnkrUnit, false), // MSEK means mnkr
				one(5, "Säkrad finansiering ( % )", none, true),
				one(6, "Nyttoberedskap (0–3)", none, false), // "(0–3)" is part of the name
				{},
			}},
			// "(mn GBP)" is no unit, so "Nettonuvärde (mn GBP)" is another name.
			// The reader decides what the missing npv column means; no
			// header is near "Nettonuvärde" (7 edits from the GBP one).
			problems: []HeaderProblem{{Row: 0, Col: -1, Warning: true}},
		},
		{
			name: "header in row 4 under title rows",
			in: HeaderInput{Rows: grid(
				[]string{"Investeringsportfölj 2025"},
				[]string{"Myndighet: Försäkringskassan"},
				[]string{},
				[]string{"Projekt-ID", "Projektnamn", "Myndighet"},
				[]string{"FK-1", "Alfa", "Försäkringskassan"},
			)},
			fields: []*criteria.Field{idF, nameF, agencyF},
			want: &Header{Row: 3, GroupRow: -1, DataRow: 4, Matched: 3, Fields: []FieldColumns{
				one(0, "Projekt-ID", none, false),
				one(1, "Projektnamn", none, false),
				one(2, "Myndighet", none, false),
			}},
		},
		{
			name: "the row naming the most fields wins, the first on a tie",
			in: HeaderInput{Rows: grid(
				[]string{"Myndighet", "Projektnamn"},
				[]string{"Projekt-ID", "Benämning", "Myndighet"},
				[]string{"Dnr", "Projektnamn", "Myndighet"},
			)},
			fields: []*criteria.Field{idF, nameF, agencyF},
			want: &Header{Row: 1, GroupRow: -1, DataRow: 2, Matched: 3, Fields: []FieldColumns{
				one(0, "Projekt-ID", none, false),
				one(1, "Benämning", none, false),
				one(2, "Myndighet", none, false),
			}},
		},
		{
			name: "ambiguous columns named by letter",
			in: HeaderInput{ColumnName: letters, Rows: grid(
				[]string{"Projekt-ID", "Projektnamn", "Myndighet", "Risk", "Investeringsutgift", "Start", "Kommentar", "Investeringsutgift (tkr)"},
			)},
			fields: []*criteria.Field{idF, nameF, investF},
			problems: []HeaderProblem{{Row: 0, Col: 4,
				Msg: englishText(`field invest: headers match 2 columns: E ("Investeringsutgift"), H ("Investeringsutgift (tkr)")`)}},
		},
		{
			name: "ambiguous columns named by number",
			in: HeaderInput{Rows: grid(
				[]string{"Projekt-ID", "Projektnamn", "ID"},
			)},
			fields:   []*criteria.Field{idF, nameF},
			problems: []HeaderProblem{{Row: 0, Col: 0, Msg: englishText(`field id: headers match 2 columns: 1 ("Projekt-ID"), 3 ("ID")`)}},
		},
		{
			name: "missing required column",
			in: HeaderInput{Rows: grid(
				[]string{"Projekt-ID", "Myndighet"},
			)},
			fields: []*criteria.Field{idF, nameF, agencyF},
			problems: []HeaderProblem{{Row: 0, Col: -1,
				Msg: englishText("no column for required field name (looked for Projektnamn, Benämning)")}},
		},
		{
			name: "no header row",
			in: HeaderInput{Rows: grid(
				[]string{"Namn", "Belopp"},
				[]string{"Alfa", "1"},
			)},
			fields: []*criteria.Field{idF, nameF, agencyF},
			problems: []HeaderProblem{{Row: -1, Col: -1,
				Msg: englishText("no header row in the first 30 rows: none names a field (looked for Projekt-ID, Projektnamn, Myndighet)")}},
		},
		{
			name: "no header row, many fields",
			in: HeaderInput{Rows: grid(
				[]string{"Namn"},
			)},
			fields: []*criteria.Field{idF, nameF, agencyF, investF, costsF, shareF, readinessF, npvF},
			problems: []HeaderProblem{{Row: -1, Col: -1,
				Msg: englishText("no header row in the first 30 rows: none names a field (looked for Projekt-ID, Projektnamn, Myndighet, Investeringsutgift, Kostnader, Säkrad finansiering, …)")}},
		},
		{
			name: "a header below row 30 is not looked for",
			in: HeaderInput{Rows: append(grid(make([][]string, 30)...),
				grid([]string{"Projekt-ID", "Projektnamn"})...)},
			fields: []*criteria.Field{idF, nameF},
			problems: []HeaderProblem{{Row: -1, Col: -1,
				Msg: englishText("no header row in the first 30 rows: none names a field (looked for Projekt-ID, Projektnamn)")}},
		},
		{
			name: "CSV two-row header with an inferred span and a sum field",
			in: HeaderInput{InferSpans: true, Rows: grid(
				[]string{"Projekt-ID", "Projektnamn", "Kostnader (tkr)", "", "", "Investeringsutgift (mnkr)"},
				[]string{"", "", "2024", "2025", "2026 (mnkr)", ""},
				[]string{"FK-1", "Alfa", "1", "2", "3", "4"},
			)},
			fields: []*criteria.Field{idF, nameF, investF, costsF},
			want: &Header{Row: 0, GroupRow: 1, DataRow: 2, Matched: 4, Fields: []FieldColumns{
				one(0, "Projekt-ID", none, false),
				one(1, "Projektnamn", none, false),
				one(5, "Investeringsutgift (mnkr)", mnkrUnit, false),
				// The label's tkr applies to 2024 and 2025; 2026 has its own.
				{Cols: []int{2, 3, 4}, Columns: []Column{
					{Header: "2024", Unit: tkrUnit}, {Header: "2025", Unit: tkrUnit}, {Header: "2026 (mnkr)", Unit: mnkrUnit}}},
			}},
		},
		{
			name: "the same rows without span inference are a one-row header",
			in: HeaderInput{Rows: grid(
				[]string{"Projekt-ID", "Projektnamn", "Kostnader (tkr)", "", "", "Investeringsutgift (mnkr)"},
				[]string{"", "", "2024", "2025", "2026 (mnkr)", ""},
			)},
			fields: []*criteria.Field{idF, nameF, investF, costsF},
			want: &Header{Row: 0, GroupRow: -1, DataRow: 1, Matched: 4, Fields: []FieldColumns{
				one(0, "Projekt-ID", none, false),
				one(1, "Projektnamn", none, false),
				one(5, "Investeringsutgift (mnkr)", mnkrUnit, false),
				one(2, "Kostnader (tkr)", tkrUnit, false),
			}},
		},
		{
			name: "no span is inferred for a label that is not a sum field",
			in: HeaderInput{InferSpans: true, Rows: grid(
				[]string{"Projekt-ID", "Projektnamn", "Myndighet", "", "Investeringsutgift"},
				[]string{"FK-1", "Alfa", "Försäkringskassan", "extra", "5"},
			)},
			fields: []*criteria.Field{idF, nameF, agencyF, investF},
			want: &Header{Row: 0, GroupRow: -1, DataRow: 1, Matched: 4, Fields: []FieldColumns{
				one(0, "Projekt-ID", none, false),
				one(1, "Projektnamn", none, false),
				one(2, "Myndighet", none, false),
				one(4, "Investeringsutgift", none, false),
			}},
		},
		{
			name: "a data row under a sum field and an unnamed column is no sub-header row",
			in: HeaderInput{InferSpans: true, Rows: grid(
				[]string{"Projekt-ID", "Projektnamn", "Kostnader (tkr)", "", "Investeringsutgift"},
				[]string{"FK-1", "Alfa", "100", "200", "5"},
			)},
			fields: []*criteria.Field{idF, nameF, investF, costsF},
			want: &Header{Row: 0, GroupRow: -1, DataRow: 1, Matched: 4, Fields: []FieldColumns{
				one(0, "Projekt-ID", none, false),
				one(1, "Projektnamn", none, false),
				one(4, "Investeringsutgift", none, false),
				one(2, "Kostnader (tkr)", tkrUnit, false),
			}},
		},
		{
			name: "CSV group label above the header row",
			in: HeaderInput{InferSpans: true, Rows: grid(
				[]string{"", "", "Kostnader (tkr)", "", "", ""},
				[]string{"Projekt-ID", "Projektnamn", "2024", "2025", "2026", "Investeringsutgift"},
				[]string{"FK-1", "Alfa", "1", "2", "3", "4"},
			)},
			fields: []*criteria.Field{idF, nameF, investF, costsF},
			want: &Header{Row: 1, GroupRow: 0, DataRow: 2, Matched: 3, Fields: []FieldColumns{
				one(0, "Projekt-ID", none, false),
				one(1, "Projektnamn", none, false),
				one(5, "Investeringsutgift", none, false), // names a field, so not under the label
				{Cols: []int{2, 3, 4}, Columns: []Column{
					{Header: "2024", Unit: tkrUnit}, {Header: "2025", Unit: tkrUnit}, {Header: "2026", Unit: tkrUnit}}},
			}},
		},
		{
			name: "xlsx merges: group label in the header row, sub-headers below",
			in: HeaderInput{ColumnName: letters,
				Rows: grid(
					[]string{"Investeringar 2025"},
					[]string{"Projekt-ID", "Projektnamn", "Kostnader (tkr)", "", "", "Investeringsutgift (mnkr)"},
					[]string{"", "", "2024", "2025", "2026", ""},
					[]string{"FK-1", "Alfa", "1", "2", "3", "4"},
				),
				Merges: []Merge{
					{FirstRow: 0, LastRow: 0, FirstCol: 0, LastCol: 5}, // the title, A1:F1
					{FirstRow: 1, LastRow: 2, FirstCol: 0, LastCol: 0}, // Projekt-ID, A2:A3
					{FirstRow: 1, LastRow: 2, FirstCol: 1, LastCol: 1}, // Projektnamn, B2:B3
					{FirstRow: 1, LastRow: 1, FirstCol: 2, LastCol: 4}, // Kostnader (tkr), C2:E2
					{FirstRow: 1, LastRow: 2, FirstCol: 5, LastCol: 5}, // Investeringsutgift, F2:F3
				}},
			fields: []*criteria.Field{idF, nameF, investF, costsF},
			want: &Header{Row: 1, GroupRow: 2, DataRow: 3, Matched: 4, Fields: []FieldColumns{
				one(0, "Projekt-ID", none, false),
				one(1, "Projektnamn", none, false),
				one(5, "Investeringsutgift (mnkr)", mnkrUnit, false),
				{Cols: []int{2, 3, 4}, Columns: []Column{
					{Header: "2024", Unit: tkrUnit}, {Header: "2025", Unit: tkrUnit}, {Header: "2026", Unit: tkrUnit}}},
			}},
		},
		{
			name: "xlsx merges: group label above the header row",
			in: HeaderInput{ColumnName: letters,
				Rows: grid(
					[]string{"", "", "Kostnader (tkr)", "", "", ""},
					[]string{"Projekt-ID", "Projektnamn", "2024", "2025", "2026 (mnkr)", "Investeringsutgift"},
					[]string{"FK-1", "Alfa", "1", "2", "3", "4"},
				),
				Merges: []Merge{{FirstRow: 0, LastRow: 0, FirstCol: 2, LastCol: 4}}}, // C1:E1
			fields: []*criteria.Field{idF, nameF, investF, costsF},
			want: &Header{Row: 1, GroupRow: 0, DataRow: 2, Matched: 3, Fields: []FieldColumns{
				one(0, "Projekt-ID", none, false),
				one(1, "Projektnamn", none, false),
				one(5, "Investeringsutgift", none, false),
				{Cols: []int{2, 3, 4}, Columns: []Column{
					{Header: "2024", Unit: tkrUnit}, {Header: "2025", Unit: tkrUnit}, {Header: "2026 (mnkr)", Unit: mnkrUnit}}},
			}},
		},
		{
			name: "a merged title above the header is no group label",
			in: HeaderInput{
				Rows: grid(
					[]string{"Investeringar 2025"},
					[]string{"Projekt-ID", "Projektnamn", "Myndighet"},
					[]string{"FK-1", "Alfa", "FK"},
				),
				Merges: []Merge{{FirstRow: 0, LastRow: 0, FirstCol: 0, LastCol: 2}}},
			fields: []*criteria.Field{idF, nameF, agencyF},
			want: &Header{Row: 1, GroupRow: -1, DataRow: 2, Matched: 3, Fields: []FieldColumns{
				one(0, "Projekt-ID", none, false),
				one(1, "Projektnamn", none, false),
				one(2, "Myndighet", none, false),
			}},
		},
		{
			name: "a merged cell counts for every column it spans",
			in: HeaderInput{ColumnName: letters,
				Rows:   grid([]string{"Projekt-ID", "Projektnamn", "Investeringsutgift", ""}),
				Merges: []Merge{{FirstRow: 0, LastRow: 0, FirstCol: 2, LastCol: 3}}}, // C1:D1
			fields: []*criteria.Field{idF, nameF, investF},
			problems: []HeaderProblem{{Row: 0, Col: 2,
				Msg: englishText(`field invest: headers match 2 columns: C ("Investeringsutgift"), D ("Investeringsutgift")`)}},
		},
		{
			name: "a group label and a sub-header name a field together",
			in: HeaderInput{ColumnName: letters,
				Rows: grid(
					[]string{"Projekt-ID", "Projektnamn", "Risk", "", ""},
					[]string{"", "", "nytta", "budget", "tid"},
				),
				Merges: []Merge{{FirstRow: 0, LastRow: 0, FirstCol: 2, LastCol: 4}}}, // C1:E1
			fields: []*criteria.Field{idF, nameF, riskTimeF},
			want: &Header{Row: 0, GroupRow: 1, DataRow: 2, Matched: 2, Fields: []FieldColumns{
				one(0, "Projekt-ID", none, false),
				one(1, "Projektnamn", none, false),
				one(4, "tid", none, false), // "Risk" + "tid" is "Risk tid"
			}},
		},
		{
			name: "merges outside the grid are ignored",
			in: HeaderInput{
				Rows: grid([]string{"Projekt-ID", "Projektnamn"}),
				Merges: []Merge{
					{FirstRow: 5, LastRow: 6, FirstCol: 0, LastCol: 1},
					{FirstRow: 0, LastRow: 0, FirstCol: 3, LastCol: 2},
					{FirstRow: -1, LastRow: 0, FirstCol: 0, LastCol: 0},
				}},
			fields: []*criteria.Field{idF, nameF},
			want: &Header{Row: 0, GroupRow: -1, DataRow: 1, Matched: 2, Fields: []FieldColumns{
				one(0, "Projekt-ID", none, false),
				one(1, "Projektnamn", none, false),
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := DetectHeader(tt.in, tt.fields)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("header (-want +got):\n%s", diff)
			}
			// Field is checked by the join tests; here the messages name it.
			if diff := cmp.Diff(tt.problems, problems, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(HeaderProblem{}, "Field"), sameText); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseHeader(t *testing.T) {
	tests := []struct {
		in   string
		want headerCell
	}{
		{"Kostnader (tkr)", headerCell{text: "Kostnader (tkr)", name: "Kostnader", unit: tkrUnit}},
		{"Kostnader(TKR)", headerCell{text: "Kostnader(TKR)", name: "Kostnader", unit: tkrUnit}},
		{"Belopp [kr]", headerCell{text: "Belopp [kr]", name: "Belopp", unit: criteria.Units["kr"]}},
		{"Budget (Mkr)", headerCell{text: "Budget (Mkr)", name: "Budget", unit: mnkrUnit}},
		{"Budget ( mnkr )", headerCell{text: "Budget ( mnkr )", name: "Budget", unit: mnkrUnit}},
		{"Avvikelse (%)", headerCell{text: "Avvikelse (%)", name: "Avvikelse", percent: true}},
		{"Livscykelkostnad (mn GBP)", headerCell{text: "Livscykelkostnad (mn GBP)", name: "Livscykelkostnad (mn GBP)"}},
		{"Sluttid (rå uppgift)", headerCell{text: "Sluttid (rå uppgift)", name: "Sluttid (rå uppgift)"}},
		{"(tkr) Kostnader", headerCell{text: "(tkr) Kostnader", name: "(tkr) Kostnader"}},
		{"Kostnader tkr)", headerCell{text: "Kostnader tkr)", name: "Kostnader tkr)"}},
		{" Kostnader ", headerCell{text: "Kostnader", name: "Kostnader"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := parseHeader(tt.in)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(headerCell{})); diff != "" {
				t.Errorf("parseHeader(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// A field's own header may carry a unit hint; it is compared without it.
func TestFieldHeaderWithUnitHint(t *testing.T) {
	f := &criteria.Field{Name: "invest", Headers: []string{"Investeringsutgift (tkr)"}, Type: portfolio.Number}
	got, problems := DetectHeader(HeaderInput{Rows: grid([]string{"Projekt-ID", "INVESTERINGSUTGIFT (mnkr)"})},
		[]*criteria.Field{idF, f})
	want := &Header{Row: 0, GroupRow: -1, DataRow: 1, Matched: 2, Fields: []FieldColumns{
		one(0, "Projekt-ID", criteria.Unit{}, false),
		one(1, "INVESTERINGSUTGIFT (mnkr)", mnkrUnit, false),
	}}
	if diff := cmp.Diff(want, got); diff != "" || len(problems) > 0 {
		t.Errorf("header (-want +got):\n%s\nproblems: %v", diff, problems)
	}
}

func TestHeaderHugeMergeIsClipped(t *testing.T) {
	// A1:XFD1048576 merged, as a broken file might say.
	rows := grid([]string{"Projekt-ID", "Projektnamn"})
	h, problems := DetectHeader(HeaderInput{Rows: rows, Merges: []Merge{{0, 1048575, 0, 16383}}}, []*criteria.Field{idF, nameF})
	// Every cell holds "Projekt-ID", so id matches all 16384 columns.
	if h != nil || len(problems) != 2 || !strings.HasPrefix(problems[0].Msg.String(), "field id: headers match 16384 columns") {
		t.Errorf("got %v, %v", h, problems)
	}
}

// englishText is a message whose English text is s, to compare with
// sameText.
func englishText(s string) messages.Message {
	return messages.Message{Format: strings.ReplaceAll(s, "%", "%%")}
}

// sameText compares messages by their English text.
var sameText = cmp.Comparer(func(a, b messages.Message) bool { return a.String() == b.String() })

// english gives messages in English, to compare with the texts a test
// expects.
func english(ms []messages.Message) []string { return messages.Strings(ms, messages.English) }
