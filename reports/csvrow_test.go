package reports

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strconv"
	"testing"
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
