package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/portfolio"
)

// node is a JSON value decoded with its object keys in document order, which
// decoding into a map would lose.
type node struct {
	keys   []string         // object keys, in order
	fields map[string]*node // object members
	items  []*node          // array elements
	value  any              // scalar: json.Number, string, bool or nil
	object bool
	array  bool
}

// decodeOrdered decodes one JSON value from d, token by token.
func decodeOrdered(d *json.Decoder) (*node, error) {
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		n := &node{object: true, fields: map[string]*node{}}
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return nil, err
			}
			key := k.(string)
			if _, dup := n.fields[key]; dup {
				return nil, fmt.Errorf("duplicate key %q", key)
			}
			v, err := decodeOrdered(d)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, key)
			n.fields[key] = v
		}
		_, err := d.Token() // '}'
		return n, err
	case json.Delim('['):
		n := &node{array: true}
		for d.More() {
			v, err := decodeOrdered(d)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, v)
		}
		_, err := d.Token() // ']'
		return n, err
	}
	return &node{value: tok}, nil
}

// at follows a path of object keys and array indexes.
func (n *node) at(t *testing.T, path ...any) *node {
	t.Helper()
	cur := n
	for i, p := range path {
		var next *node
		switch p := p.(type) {
		case string:
			if cur.object {
				next = cur.fields[p]
			}
		case int:
			if cur.array && p < len(cur.items) {
				next = cur.items[p]
			}
		}
		if next == nil {
			t.Fatalf("no %v in the document", path[:i+1])
		}
		cur = next
	}
	return cur
}

// TestJSONGoldenDecodes reads the JSON golden file back with encoding/json
// and checks, against values typed by hand from testResult, the key order
// the contract fixes and the values that matter.
func TestJSONGoldenDecodes(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "result.json.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(data) {
		t.Fatal("result.json.golden is not valid JSON")
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	doc, err := decodeOrdered(d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Token(); err != io.EOF {
		t.Fatalf("data after the document: %v", err)
	}

	keyOrder := []struct {
		path []any
		want []string
	}{
		{nil, []string{"format", "prio_version", "criteria", "inputs", "weights", "investments", "warnings"}},
		{[]any{"criteria"}, []string{"id", "version", "status", "sha256"}},
		{[]any{"inputs", 0}, []string{"path", "sha256", "sheet", "rows"}},
		{[]any{"weights"}, []string{"A1", "A2", "C1", "C2", "D1", "D2"}},
		{[]any{"investments", 0}, []string{"id", "name", "agency", "source", "status", "rank", "score",
			"values", "contributions", "missing", "gates"}},
		{[]any{"investments", 4}, []string{"id", "name", "agency", "source", "status", "rank", "score",
			"values", "contributions", "missing", "gates"}},
		{[]any{"investments", 0, "values"}, []string{"A1", "A2", "C1", "C2", "D1", "D2"}},
		{[]any{"investments", 0, "contributions"}, []string{"A1", "A2", "C1", "C2", "D1", "D2"}},
		{[]any{"investments", 0, "gates", 0}, []string{"id", "passed"}},
		// Gate entries as amended in FORMATS.md §3: the facts of the reason
		// as data.
		{[]any{"investments", 3, "gates", 2}, []string{"id", "passed", "reason", "expression", "values"}},
		{[]any{"investments", 4, "gates", 1}, []string{"id", "passed", "reason", "missing"}},
	}
	for _, k := range keyOrder {
		if got := doc.at(t, k.path...).keys; !slices.Equal(got, k.want) {
			t.Errorf("keys of %v = %q, want %q", k.path, got, k.want)
		}
	}

	ids := []string{}
	for _, inv := range doc.at(t, "investments").items {
		ids = append(ids, inv.at(t, "id").value.(string))
	}
	if want := []string{"FK-12", "SKV-3", "SKV-4", "MSB-7", "KAM-2"}; !slices.Equal(ids, want) {
		t.Errorf("investments = %q, want %q", ids, want)
	}

	values := []struct {
		path []any
		want any // json.Number for numbers, nil for null
	}{
		{[]any{"format"}, "prio.result/1"},
		{[]any{"prio_version"}, "0.1.0"},
		{[]any{"criteria", "id"}, "digitala-investeringar"},
		{[]any{"inputs", 0, "sheet"}, "Investeringar"},
		{[]any{"inputs", 1, "sheet"}, nil},
		{[]any{"inputs", 1, "rows"}, json.Number("1")},
		{[]any{"weights", "A1"}, json.Number("0.2625")},
		{[]any{"weights", "D2"}, json.Number("0.09375")},
		{[]any{"investments", 0, "source"}, "portfel.xlsx: Investeringar!A7"},
		{[]any{"investments", 0, "rank"}, json.Number("1")},
		{[]any{"investments", 0, "score"}, json.Number("0.8595")},
		{[]any{"investments", 0, "contributions", "A1"}, json.Number("0.212625")},
		{[]any{"investments", 0, "values", "C1"}, json.Number("1")},
		{[]any{"investments", 1, "name"}, "Skatteverket <API> & app"},
		{[]any{"investments", 2, "rank"}, json.Number("2")},
		{[]any{"investments", 2, "name"}, `=HYPERLINK("https://example.invalid","Ny deklaration")`},
		{[]any{"investments", 3, "status"}, "flagged"},
		{[]any{"investments", 3, "rank"}, json.Number("4")},
		{[]any{"investments", 3, "source"}, "tillagg.csv:12"},
		{[]any{"investments", 3, "gates", 2, "passed"}, false},
		{[]any{"investments", 3, "gates", 2, "reason"}, "reused (reused = Nej)"},
		{[]any{"investments", 4, "status"}, "excluded"},
		{[]any{"investments", 4, "name"}, nil},
		{[]any{"investments", 4, "agency"}, nil},
		{[]any{"investments", 4, "rank"}, nil},
		{[]any{"investments", 4, "score"}, json.Number("0.425")},
		{[]any{"investments", 4, "missing", 1}, "D1"},
		{[]any{"investments", 4, "gates", 0, "reason"}, `goals != "" (goals = "")`},
		{[]any{"investments", 4, "gates", 1, "passed"}, true},
		{[]any{"investments", 4, "gates", 1, "reason"}, "missing: invest"},
		{[]any{"warnings", 0}, "portfel.xlsx: Investeringar!H9: #REF! read as missing"},
	}
	for _, v := range values {
		if got := doc.at(t, v.path...).value; got != v.want {
			t.Errorf("%v = %#v, want %#v", v.path, got, v.want)
		}
	}

	// Empty lists are [], never null.
	for _, path := range [][]any{{"investments", 0, "missing"}, {"investments", 3, "missing"}} {
		if n := doc.at(t, path...); !n.array || len(n.items) != 0 {
			t.Errorf("%v is not an empty list", path)
		}
	}
	if strings.Contains(string(data), `\u003c`) || strings.Contains(string(data), `\u0026`) {
		t.Error("<, > or & escaped")
	}
	if !bytes.HasSuffix(data, []byte("}\n")) {
		t.Error("no trailing newline")
	}
}

// TestJSONNumbers renders the shortest exact form of a float64 sum, a tiny
// number and a negative zero inside a document.
func TestJSONNumbers(t *testing.T) {
	a, b := 0.1, 0.2 // variables: float64 arithmetic, not an exact constant
	r := testResult()
	r.Investments[0].Values[0] = a + b
	r.Investments[0].Values[1] = 1e-7
	r.Investments[0].Contributions[3] = math.Copysign(0, -1)
	r.Investments[0].Score = math.Copysign(0, -1)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	d := json.NewDecoder(&buf)
	d.UseNumber()
	doc, err := decodeOrdered(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		path []any
		want json.Number
	}{
		{[]any{"investments", 0, "values", "A1"}, "0.30000000000000004"},
		{[]any{"investments", 0, "values", "A2"}, "1e-7"},
		{[]any{"investments", 0, "contributions", "C2"}, "0"},
		{[]any{"investments", 0, "score"}, "0"},
		{[]any{"weights", "A1"}, "0.2625"},
	} {
		if got := doc.at(t, v.path...).value; got != v.want {
			t.Errorf("%v = %#v, want %#v", v.path, got, v.want)
		}
	}
}

func TestJSONPrioVersion(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, testResult(), Options{Version: "1.2.3-dev"}); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"format\": \"prio.result/1\",\n  \"prio_version\": \"1.2.3-dev\",\n"; !strings.HasPrefix(buf.String(), want) {
		t.Errorf("document starts %q, want %q", buf.String()[:len(want)], want)
	}
}

// TestJSONCellRow: cellRow writes a cell's row as strOrNull(c.RowString())
// writes it (portfolio.Cell.RowString is the definition), for workbook and
// CSV cells, file and sheet names with quotes, backslashes, control
// characters, invalid UTF-8 and U+2028, columns from 1 past ZZZ and below
// 1, and no cell (null).
func TestJSONCellRow(t *testing.T) {
	names := []string{"portfel.xlsx", "Å \"x\"\\y.csv", "a\nb\tc\x01", "bad\xffutf8", "line\u2028sep", "", "Blad 1!"}
	var cells []portfolio.Cell
	for _, f := range names {
		for _, sheet := range names {
			for _, col := range []int{0, -3, 1, 26, 27, 702, 703, 18278, 18279} {
				cells = append(cells, portfolio.Cell{File: f, Sheet: sheet, Row: col*7 + 2, Col: col})
			}
		}
	}
	cells = append(cells, portfolio.Cell{})
	var got, want bytes.Buffer
	jg, jw := newJSONWriter(&got), newJSONWriter(&want)
	jg.beginArray()
	jw.beginArray()
	for _, c := range cells {
		jg.cellRow(c)
		s := ""
		if !c.IsZero() {
			s = c.RowString()
		}
		jw.strOrNull(s)
	}
	jg.endArray()
	jw.endArray()
	if err := jg.finish(); err != nil {
		t.Fatal(err)
	}
	if err := jw.finish(); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("cellRow differs from strOrNull(RowString()):\n%s", cmp.Diff(want.String(), got.String()))
	}
}
