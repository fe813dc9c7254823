package portfolio

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSetValueRoundTrip(t *testing.T) {
	p := New([]Field{
		{Name: "id", Kind: Text}, {Name: "n", Kind: Number}, {Name: "p", Kind: Percent},
		{Name: "s", Kind: Scale, Levels: []string{"Låg", "Medel", "Hög"}},
		{Name: "y", Kind: YesNo}, {Name: "d", Kind: Date},
	})
	p.Inputs = []Input{{Path: "a.xlsx", Sheet: "Blad1", Columns: []int{1, 2, 3, 4, 5, 0}}}
	src := Cell{File: "a.xlsx", Sheet: "Blad1", Row: 7, Col: 1}
	i := p.Add(Investment{ID: "A", Source: src})
	day := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	joined := Cell{File: "b.csv", Row: 3, Col: 2}
	in := []Value{
		{Present: true, Text: "A", Cell: src},
		{Present: true, Num: -12.5, Cell: Cell{File: "a.xlsx", Sheet: "Blad1", Row: 7, Col: 2}},
		{Present: false, Cell: Cell{File: "a.xlsx", Sheet: "Blad1", Row: 7, Col: 3}},
		{Present: true, Num: 3, Text: "Hög", Cell: Cell{File: "a.xlsx", Sheet: "Blad1", Row: 7, Col: 4}},
		{Present: true, Bool: true, Cell: joined}, // read from another file
		{Present: true, Date: day, Cell: joined},
	}
	for f, v := range in {
		p.Set(i, f, v)
	}
	if diff := cmp.Diff(in, p.Values(i)); diff != "" {
		t.Errorf("values (-set +got):\n%s", diff)
	}
	if p.Present(i, 2) || !p.Present(i, 1) {
		t.Error("Present disagrees with the values set")
	}
	// A value set back to its default cell needs no record of its own.
	p.Set(i, 4, Value{Present: true, Cell: Cell{File: "a.xlsx", Sheet: "Blad1", Row: 7, Col: 5}})
	if len(p.cells) != 1 {
		t.Errorf("%d cells recorded, want 1 (the date's)", len(p.cells))
	}
}

// TestChunks: values past the first chunk are kept apart and read back.
func TestChunks(t *testing.T) {
	p := New([]Field{{Name: "id", Kind: Text}, {Name: "n", Kind: Number}})
	p.Inputs = []Input{{Path: "a.csv", Columns: []int{1, 2}}}
	const n = 2*chunkSize + 3
	for i := 0; i < n; i++ {
		p.AddValues(Investment{ID: "x"}, []Value{{Present: true, Text: "x"}, {Present: i%3 != 0, Num: float64(i)}})
	}
	for _, i := range []int{0, 1, chunkSize - 1, chunkSize, 2 * chunkSize, n - 1} {
		v := p.Value(i, 1)
		if v.Present != (i%3 != 0) || (v.Present && v.Num != float64(i)) {
			t.Errorf("investment %d: %+v", i, v)
		}
	}
	if len(p.cols[1].num) != 3 {
		t.Errorf("%d chunks, want 3", len(p.cols[1].num))
	}
}

func TestCellString(t *testing.T) {
	for _, tc := range []struct {
		c    Cell
		want string
		row  string
	}{
		{Cell{File: "portfel.xlsx", Sheet: "Investeringar", Row: 12, Col: 6}, "portfel.xlsx: Investeringar!F12", "portfel.xlsx: Investeringar!F12"},
		{Cell{File: "b.xlsx", Sheet: "S", Row: 1, Col: 28}, "b.xlsx: S!AB1", "b.xlsx: S!AB1"},
		{Cell{File: "portfel.csv", Row: 12, Col: 6}, "portfel.csv:12:6", "portfel.csv:12"},
	} {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
		if got := tc.c.RowString(); got != tc.row {
			t.Errorf("RowString() = %q, want %q", got, tc.row)
		}
	}
	// Excel's last column, XFD = 16384: 24·676 + 6·26 + 4.
	if got := ColumnName(16384); got != "XFD" {
		t.Errorf("ColumnName(16384) = %q, want XFD", got)
	}
}
