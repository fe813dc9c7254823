package criteria

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadableWeights: the fewest significant digits that keep every
// effective weight within 0.0005 of the exact one. Expected values worked
// out by hand; "eff" is the effective weight after the rounded siblings are
// normalised by their sum.
func TestReadableWeights(t *testing.T) {
	const fields = "format: prio.criteria/1\nid: t\nversion: 1.0.0\nstatus: draft\n" +
		"fields: {id: {headers: [ID], type: text}, x: {headers: [X], type: number}}\n"
	leaf := func(id string) string { return "{id: " + id + ", field: x, value: {linear: [0, 1]}}" }
	flat := fields + "criteria:\n  - " + leaf("A") + "\n  - " + leaf("B") + "\n  - " + leaf("C") + "\n  - " + leaf("D") + "\n"
	three := fields + "criteria:\n  - " + leaf("A") + "\n  - " + leaf("B") + "\n  - " + leaf("C") + "\n"
	two := fields + "criteria:\n  - " + leaf("A") + "\n  - " + leaf("B") + "\n"
	// G has effective weight 1/5 (1 : 4 with H).
	nested := fields + "criteria:\n  - id: G\n    weight: 1\n    criteria:\n      - " + leaf("G1") + "\n      - " + leaf("G2") + "\n      - " + leaf("G3") +
		"\n  - {id: H, weight: 4, field: x, value: {linear: [0, 1]}}\n"
	roc3 := RankOrderCentroid(3) // 11/18, 5/18, 2/18
	tests := []struct {
		name    string
		data    string
		node    string
		weights map[string]float64
		want    map[string]float64
		digits  int
	}{
		// ROC for 4: 25/48 = 0.520833…, 13/48 = 0.270833…, 7/48 =
		// 0.145833…, 3/48 = 0.0625.
		//   1 digit: 0.5, 0.3, 0.1, 0.06, sum 0.96: B eff 0.3125, off by 0.0417.
		//   2 digits: 0.52, 0.27, 0.15, 0.062, sum 1.002: A eff 0.518962,
		//     off by 0.00187.
		//   3 digits: 0.521, 0.271, 0.146, 0.0625, sum 1.0005: effs
		//     0.520740, 0.270865, 0.145927, 0.062469, each off by less than
		//     0.0001.
		{"ROC for 4 at the top level", flat, "", map[string]float64{
			"A": 25.0 / 48, "B": 13.0 / 48, "C": 7.0 / 48, "D": 3.0 / 48,
		}, map[string]float64{"A": 0.521, "B": 0.271, "C": 0.146, "D": 0.0625}, 3},
		// ROC for 3: 11/18 = 0.6111…, 5/18 = 0.2777…, 2/18 = 0.1111….
		//   2 digits: 0.61, 0.28, 0.11, sum 1: B off by 0.00222.
		//   3 digits: 0.611, 0.278, 0.111, sum 1: off by at most 0.000222.
		{"ROC for 3 at the top level", three, "", map[string]float64{"A": roc3[0], "B": roc3[1], "C": roc3[2]},
			map[string]float64{"A": 0.611, "B": 0.278, "C": 0.111}, 3},
		// The same weights under G, whose effective weight is 0.2: two
		// digits move G2's effective weight by 0.2 × 0.00222 = 0.000444,
		// within 0.0005 (and G1, G3 by 0.2 × 0.00111 = 0.000222); one digit
		// (0.6, 0.3, 0.1) moves G2 by 0.2 × 0.0222 = 0.00444.
		{"ROC for 3 under a group of weight 0.2", nested, "G", map[string]float64{"G1": roc3[0], "G2": roc3[1], "G3": roc3[2]},
			map[string]float64{"G1": 0.61, "G2": 0.28, "G3": 0.11}, 2},
		// Swing points 100, 60, 30: 10/19 = 0.526316, 6/19 = 0.315789,
		// 3/19 = 0.157895.
		//   2 digits: 0.53, 0.32, 0.16, sum 1.01: A eff 0.524752, off by
		//     0.00156.
		//   3 digits: 0.526, 0.316, 0.158, sum 1: off by at most 0.000316.
		{"swing 100, 60, 30", three, "", map[string]float64{"A": 10.0 / 19, "B": 6.0 / 19, "C": 3.0 / 19},
			map[string]float64{"A": 0.526, "B": 0.316, "C": 0.158}, 3},
		// One digit is exact.
		{"halves", two, "", map[string]float64{"A": 0.5, "B": 0.5}, map[string]float64{"A": 0.5, "B": 0.5}, 1},
		// 0.25, 0.75 to 1 digit are 0.3, 0.8 (sum 1.1: A eff 0.2727, off by
		// 0.0227); 2 digits are exact.
		{"quarters", two, "", map[string]float64{"A": 0.25, "B": 0.75}, map[string]float64{"A": 0.25, "B": 0.75}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, digits, err := ReadableWeights([]byte(tc.data), "t.yaml", tc.node, tc.weights)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" || digits != tc.digits {
				t.Errorf("%d digits, want %d; weights (-want +got):\n%s", digits, tc.digits, diff)
			}
		})
	}
}

func TestNextMinor(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"1.1.0", "1.2.0", ""},
		{"0.9.3", "0.10.0", ""},
		{"2.0.0-rc.1+build.5", "2.1.0", ""},
		{"1.9223372036854775807.0", "", `version "1.9223372036854775807.0": the minor version cannot be raised`},
		{"one", "", `version "one" is not a semantic version (MAJOR.MINOR.PATCH, such as 1.1.0)`},
	} {
		got, err := NextMinor(tc.in)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if got != tc.want || gotErr != tc.err {
			t.Errorf("NextMinor(%q) = %q, %q; want %q, %q", tc.in, got, gotErr, tc.want, tc.err)
		}
	}
}

// TestNewDraftVersion: the next minor version as a draft, dated, with a
// change entry first in the style of the entries already there, and no
// other byte changed.
func TestNewDraftVersion(t *testing.T) {
	const rest = "fields:\n  id: {headers: [ID], type: text}\n  x: {headers: [X], type: number}\n" +
		"criteria:\n  - {id: C, field: x, value: {linear: [0, 1]}}\n"
	const note = `Weights under A set by the method ROC (prio criteria weights).`
	tests := []struct {
		name string
		in   string
		want string // "" when an error is wanted
		err  string
	}{
		{"flow entries",
			"# Kommentar.\nformat: prio.criteria/1\nid: t\nversion: 1.1.0   # the version\nstatus: adopted\ndate: 2017-10-31\n" +
				"changes:\n  - {version: 1.1.0, date: 2017-10-31, status: adopted, note: Adopted.}\n  - {version: 1.0.0, note: First.}\n" + rest,
			"# Kommentar.\nformat: prio.criteria/1\nid: t\nversion: 1.2.0   # the version\nstatus: draft\ndate: 2026-12-05\n" +
				"changes:\n  - {version: 1.2.0, date: 2026-12-05, status: draft, note: \"" + note + "\"}\n" +
				"  - {version: 1.1.0, date: 2017-10-31, status: adopted, note: Adopted.}\n  - {version: 1.0.0, note: First.}\n" + rest, ""},
		{"block entries, quoted version",
			"format: prio.criteria/1\nid: t\nversion: \"0.1.0\"\nstatus: draft\n" +
				"changes:\n- version: 0.1.0\n  status: draft\n  note: First.\n" + rest,
			"format: prio.criteria/1\nid: t\nversion: \"0.2.0\"\nstatus: draft\n" +
				"changes:\n- version: 0.2.0\n  date: 2026-12-05\n  status: draft\n  note: \"" + note + "\"\n" +
				"- version: 0.1.0\n  status: draft\n  note: First.\n" + rest, ""},
		{"no changes yet",
			"format: prio.criteria/1\nid: t\nversion: 1.0.0\nstatus: adopted\ntitle: {sv: T, en: T}\n" + rest,
			"format: prio.criteria/1\nid: t\nversion: 1.1.0\nstatus: draft\n" +
				"changes:\n  - {version: 1.1.0, date: 2026-12-05, status: draft, note: \"" + note + "\"}\n" +
				"title: {sv: T, en: T}\n" + rest, ""},
		{"flow list of changes",
			"format: prio.criteria/1\nid: t\nversion: 1.0.0\nstatus: adopted\nchanges: [{version: 1.0.0, status: adopted, note: A.}]\n" + rest,
			"format: prio.criteria/1\nid: t\nversion: 1.1.0\nstatus: draft\nchanges: [{version: 1.1.0, date: 2026-12-05, status: draft, note: \"" + note + "\"}, {version: 1.0.0, status: adopted, note: A.}]\n" + rest, ""},
		{"in consultation",
			"format: prio.criteria/1\nid: t\nversion: 1.0.0\nstatus: consultation\n" + rest, "",
			"t.yaml: the set is t 1.0.0, status consultation: a new draft version may follow only an adopted version or a draft"},
		{"retired",
			"format: prio.criteria/1\nid: t\nversion: 1.0.0\nstatus: retired\n" + rest, "",
			"t.yaml: the set is t 1.0.0, status retired: a new draft version may follow only an adopted version or a draft"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NewDraftVersion([]byte(tc.in), "t.yaml", "2026-12-05", note)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tc.err {
				t.Fatalf("error %q, want %q", gotErr, tc.err)
			}
			if diff := cmp.Diff(strings.Split(tc.want, "\n"), strings.Split(string(got), "\n")); tc.err == "" && diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
