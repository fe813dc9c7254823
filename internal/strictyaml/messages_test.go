package strictyaml

import (
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/messages"
)

// TestSwedishMessages reads bad files with Swedish messages: every problem
// in Swedish, its position as in English.
func TestSwedishMessages(t *testing.T) {
	// read decodes a small document of known keys the way a caller does.
	read := func(d *Decoder, doc *yaml.Node) {
		m, ok := d.Mapping(doc, "m.yaml", "name", "count", "share", "on", "kind", "date", "list")
		if !ok {
			return
		}
		d.Require(doc, m, "m.yaml", "name", "list")
		if n, ok := m["count"]; ok {
			d.Integer(n, "count")
		}
		if n, ok := m["share"]; ok {
			d.Number(n, "share")
		}
		if n, ok := m["on"]; ok {
			d.Boolean(n, "on")
		}
		if n, ok := m["kind"]; ok {
			d.OneOf(n, "kind", "csv", "xlsx", "json")
		}
		if n, ok := m["date"]; ok {
			d.Date(n, "date")
		}
	}
	tests := []struct {
		name, yaml string
		want       string
	}{
		{"unknown key, wrong values", "cuont: 3\ncount: 2.5\nshare: [1]\non: ja\nkind: pdf\ndate: 2024-02-30\nname: x\nlist: []\n",
			"m.yaml:1:1: okänd nyckel \"cuont\" i m.yaml (menade du \"count\"?)\n" +
				"m.yaml:2:8: count måste vara ett heltal, inte \"2.5\"\n" +
				"m.yaml:3:8: share måste vara ett tal, inte en lista\n" +
				"m.yaml:4:5: on måste vara true eller false, inte \"ja\"\n" +
				"m.yaml:5:7: kind måste vara csv, xlsx eller json, inte \"pdf\"\n" +
				"m.yaml:6:7: date måste vara ett datum på formen ÅÅÅÅ-MM-DD, inte \"2024-02-30\""},
		{"duplicate and missing keys", "name: a\nname: b\nshare: .inf\n",
			"m.yaml:1:1: m.yaml: den obligatoriska nyckeln \"list\" saknas\n" +
				"m.yaml:2:1: nyckeln \"name\" förekommer två gånger i m.yaml (första gången på rad 1)\n" +
				"m.yaml:3:8: share måste vara ett ändligt tal, inte .inf"},
		{"not a mapping", "- a\n- b\n", "m.yaml:1:1: m.yaml måste vara en mappning med nycklar och värden"},
		{"empty", "# nothing\n", "m.yaml:1:1: tom fil: en fil börjar med name"},
		// A flow mapping left open on line 1 goes on to line 2, where a
		// comma is missing.
		{"syntax", "name: {a: 1\nlist: []\n", "m.yaml:2:1: YAML-syntax: hittade inte väntat ',' eller '}'"},
		{"syntax: colon in text", "name: Mål: 2025\n", "m.yaml:1:1: YAML-syntax: nyckel och värde är inte tillåtna här"},
		{"tab", "name: a\n\tlist: []\n", "m.yaml:2:1: YAML-syntax: raden är indragen med tabb; YAML drar in med mellanslag och inget annat: byt tabben mot mellanslag"},
		// The second document is reported at its "---".
		{"second document", "name: a\nlist: []\n---\nname: b\n", "m.yaml:3:1: filen får bara innehålla ett YAML-dokument; här börjar ett andra"},
		{"alias", "name: &n a\nlist: [*n]\n", "m.yaml:2:8: YAML-alias (*n) är inte tillåtna: skriv ut värdet där det används"},
		{"not UTF-8", "name: \xe5r\n", "m.yaml:1:1: inte en YAML-textfil: filen är inte text i UTF-8"},
	}
	for _, tc := range tests {
		d := &Decoder{File: "m.yaml"}
		if doc := d.Document([]byte(tc.yaml), "en fil börjar med name"); doc != nil {
			read(d, doc)
		}
		got := ""
		if err := d.Errs.Err(); err != nil {
			got = messages.Localize(err, messages.Swedish)
		}
		if got != tc.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tc.name, got, tc.want)
		}
	}
}
