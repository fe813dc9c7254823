package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestFormatChunks checks that rows formatted a chunk at a time on several
// goroutines come out in the rows' order, whole, at any GOMAXPROCS, and
// that the first failing chunk stops the writing after the chunks before
// it. The expected text is the rows "0\n", "1\n", … written by hand-evident
// loops.
func TestFormatChunks(t *testing.T) {
	row := func(b *bytes.Buffer, from, to int) error {
		for i := from; i < to; i++ {
			fmt.Fprintf(b, "%d\n", i)
		}
		return nil
	}
	upTo := func(n int) string {
		var s strings.Builder
		for i := range n {
			fmt.Fprintf(&s, "%d\n", i)
		}
		return s.String()
	}
	broken := errors.New("broken")
	tests := []struct {
		name    string
		n       int
		procs   int
		format  func(b *bytes.Buffer, from, to int) error
		want    string
		wantErr error
	}{
		{name: "no rows", n: 0, procs: 2, format: row, want: ""},
		{name: "less than a chunk", n: 3, procs: 2, format: row, want: "0\n1\n2\n"},
		{name: "a chunk exactly", n: rowChunk, procs: 2, format: row, want: upTo(rowChunk)},
		{name: "many chunks, one goroutine", n: 10*rowChunk + 7, procs: 1, format: row, want: upTo(10*rowChunk + 7)},
		{name: "many chunks, four goroutines", n: 10*rowChunk + 7, procs: 4, format: row, want: upTo(10*rowChunk + 7)},
		{
			name: "the third chunk fails", n: 10 * rowChunk, procs: 4,
			format: func(b *bytes.Buffer, from, to int) error {
				if from == 2*rowChunk {
					return broken
				}
				return row(b, from, to)
			},
			want: upTo(2 * rowChunk), wantErr: broken,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(tt.procs))
			var out bytes.Buffer
			err := formatChunks(&out, tt.n, tt.format)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("wrote %d bytes, want %d (first difference near %q)", len(got), len(tt.want), firstDiff(got, tt.want))
			}
		})
	}
}

// TestLongResultSeams writes the CSV and the JSON of a result of 600
// investments (three chunks of formatChunks: 256 + 256 + 88), copies of
// testResult's with ids numbered by hand, and reads them back: the JSON must
// be one valid document whose investments are the 600 in order, and the CSV
// a header and 600 rows, each starting with its rank — what a writer that
// started a chunk inside the array wrongly (a missing or doubled comma) or
// wrote chunks out of order would break.
func TestLongResultSeams(t *testing.T) {
	r := testResult()
	one := r.Investments[0]
	r.Investments = nil
	for i := range 600 {
		a := one
		a.ID = fmt.Sprintf("P%03d", i)
		a.Rank = i + 1
		r.Investments = append(r.Investments, a)
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, r, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Investments []struct {
			ID   string `json:"id"`
			Rank int    `json:"rank"`
		} `json:"investments"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatalf("the JSON does not read back: %v", err)
	}
	if len(doc.Investments) != 600 {
		t.Fatalf("the JSON has %d investments, want 600", len(doc.Investments))
	}
	for i, a := range doc.Investments {
		if want := fmt.Sprintf("P%03d", i); a.ID != want || a.Rank != i+1 {
			t.Fatalf("investment %d is %s ranked %d, want %s ranked %d", i, a.ID, a.Rank, want, i+1)
		}
	}
	var cs bytes.Buffer
	if err := WriteCSV(&cs, r, Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(cs.String(), "\n"), "\n")
	if len(lines) != 601 {
		t.Fatalf("the CSV has %d lines, want a header and 600 rows", len(lines))
	}
	for i, l := range lines[1:] {
		if want := fmt.Sprintf("%d,P%03d,", i+1, i); !strings.HasPrefix(l, want) {
			t.Fatalf("row %d starts %.20q, want %q", i+1, l, want)
		}
	}
}
