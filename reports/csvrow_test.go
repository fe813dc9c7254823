package reports

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/prio-tool/prio/portfolio"
)

// TestCSVRowsAsEncodingCSV: csvRows writes the bytes encoding/csv writes,
// for fields made of the characters that decide quoting (comma, quote,
// line breaks, a leading space or tab, `\.`, non-ASCII space) and of
// plain text, numbers and whole numbers among them.
func TestCSVRowsAsEncodingCSV(t *testing.T) {
	pieces := []string{"a", "Å", ",", `"`, "\n", "\r", " ", "\t", "\u00a0", "\u2003", `\.`, "=1", "x y", ""}
	rng := rand.New(rand.NewPCG(3, 9))
	var got, want bytes.Buffer
	rows := newCSVRows(&got)
	ref := csv.NewWriter(&want)
	for range 2000 {
		var record []string
		for f := rng.IntN(6); f >= 0; f-- {
			switch rng.IntN(4) {
			case 0:
				x := rng.NormFloat64() * 1e3
				s, _ := formatNumber(x)
				rows.number(x)
				record = append(record, s)
			case 1:
				n := rng.IntN(2000) - 10
				rows.integer(n)
				record = append(record, strconv.Itoa(n))
			default:
				var s string
				for k := rng.IntN(4); k > 0; k-- {
					s += pieces[rng.IntN(len(pieces))]
				}
				rows.text(s)
				record = append(record, s)
			}
		}
		rows.end()
		if err := ref.Write(record); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.flush(); err != nil {
		t.Fatal(err)
	}
	ref.Flush()
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("csvRows and encoding/csv differ:\n%q\n%q", firstDiff(got.String(), want.String()), firstDiff(want.String(), got.String()))
	}
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-20):min(len(a), i+20)]
}

// TestCSVRowsCellRow: cellRow writes the source field the CSV had when it
// was written with text(csvText(source)); the expected fields are written by
// hand from FORMATS.md's cell names ("book.xlsx: Sheet!C7", "file.csv:LINE"),
// with encoding/csv's quoting and csvText's apostrophe before a formula.
func TestCSVRowsCellRow(t *testing.T) {
	tests := []struct {
		name string
		cell portfolio.Cell
		want string
	}{
		{"zero cell", portfolio.Cell{}, ""},
		{"workbook", portfolio.Cell{File: "book.xlsx", Sheet: "Blad1", Row: 7, Col: 3}, "book.xlsx: Blad1!C7"},
		{"workbook column AA", portfolio.Cell{File: "b.xlsx", Sheet: "S", Row: 100000, Col: 27}, "b.xlsx: S!AA100000"},
		{"workbook column below 1", portfolio.Cell{File: "b.xlsx", Sheet: "S", Row: 2, Col: 0}, "b.xlsx: S!?2"},
		{"csv line", portfolio.Cell{File: "a.csv", Row: 12, Col: 4}, "a.csv:12"},
		{"comma quoted", portfolio.Cell{File: "a,b.csv", Row: 3}, `"a,b.csv:3"`},
		{"quote doubled", portfolio.Cell{File: `x"y.xlsx`, Sheet: "S", Row: 2, Col: 1}, `"x""y.xlsx: S!A2"`},
		{"leading space quoted", portfolio.Cell{File: " a.csv", Row: 2}, `" a.csv:2"`},
		{"formula guarded", portfolio.Cell{File: "=a.csv", Row: 2}, "'=a.csv:2"},
		{"minus guarded", portfolio.Cell{File: "-b.xlsx", Sheet: "S", Row: 5, Col: 2}, "'-b.xlsx: S!B5"},
		{"tab guarded and quoted not", portfolio.Cell{File: "\tt.csv", Row: 9}, "'\tt.csv:9"},
		{"no file", portfolio.Cell{Sheet: "S", Row: 4, Col: 1}, ": S!A4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			rows := newCSVRows(&b)
			rows.text("x")
			rows.cellRow(tt.cell)
			rows.end()
			if err := rows.flush(); err != nil {
				t.Fatal(err)
			}
			if got, want := b.String(), "x,"+tt.want+"\n"; got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}
