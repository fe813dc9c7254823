package criteria

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/portfolio"
)

func TestFormatsExampleEffectiveWeights(t *testing.T) {
	set, err := Load("../testdata/criteria/formats-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Stated in FORMATS.md §1: groups 35 : 30 : 15 normalise to 0.4375,
	// 0.375, 0.1875; A1 15 : 10 is 0.6 of A.
	want := map[string]float64{"A1": 0.2625, "A2": 0.175, "C1": 0.25, "C2": 0.125, "D1": 0.09375, "D2": 0.09375}
	got := map[string]float64{}
	total := 0.0
	for _, c := range set.Leaves() {
		got[c.ID] = c.EffectiveWeight
		total += c.EffectiveWeight
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-15 })); diff != "" {
		t.Errorf("effective weights (-want +got):\n%s", diff)
	}
	if math.Abs(total-1) > 1e-15 {
		t.Errorf("effective weights sum to %v, want 1", total)
	}
	if set.ID != "digitala-investeringar" || set.Version != "1.1.0" || set.Status != StatusAdopted || set.Date != "2017-10-31" {
		t.Errorf("header = %q %q %q %q", set.ID, set.Version, set.Status, set.Date)
	}
	if len(set.Changes) != 2 || set.Changes[1].Status != StatusConsultation {
		t.Errorf("changes = %+v", set.Changes)
	}
	// Derived: npv / invest is a number, max over three scale positions too.
	for _, d := range set.Derived {
		if d.Type != portfolio.Number {
			t.Errorf("derived %s has type %v, want number", d.Name, d.Type)
		}
	}
	if got := set.Derived[1].Inputs; !cmp.Equal(got, []string{"risk_benefit", "risk_budget", "risk_time"}) {
		t.Errorf("delivery_risk inputs = %v", got)
	}
	g2 := set.StartingPoints[1]
	if !g2.OnMissingPass || g2.OnFail != OnFailExclude || !cmp.Equal(g2.Inputs, []string{"plan", "invest"}) {
		t.Errorf("G2 = %+v", g2)
	}
	if u := set.Field("npv").Uncertainty; u == nil || u.Dist != "triangular" || u.Low.Field != "npv_low" || u.High.Field != "npv_high" {
		t.Errorf("npv uncertainty = %+v", u)
	}
	if f := set.Field("reused"); !f.BlankNo {
		t.Error("reused: blank: no not read")
	}
	if f := set.Field("costs"); !f.SumColumns || f.Unit.Name != "mnkr" {
		t.Errorf("costs = %+v", f)
	}
	s := set.Sensitivity
	if s == nil || s.Samples != 10000 || s.Seed != 20171127 || s.Weights != (WeightModel{Kind: WeightsVary, Vary: 0.2}) || s.Top != 5 {
		t.Errorf("sensitivity = %+v", s)
	}
}

func TestDefaultSet(t *testing.T) {
	set := Default()
	if set.Status != StatusDraft {
		t.Errorf("status %q, want draft", set.Status)
	}
	for _, s := range []string{set.Title.SV, set.Description.SV} {
		if s = strings.ToLower(s); !strings.Contains(s, "rekonstruktion") || !strings.Contains(s, "inte") {
			t.Errorf("Swedish title/description does not say it is a reconstruction: %q", s)
		}
	}
	for _, s := range []string{set.Title.EN, set.Description.EN} {
		if s = strings.ToLower(s); !strings.Contains(s, "reconstruction") || !strings.Contains(s, "not") {
			t.Errorf("English title/description does not say it is a reconstruction: %q", s)
		}
	}
	if len(set.Criteria) != 4 || len(set.Leaves()) != 12 || len(set.StartingPoints) != 6 {
		t.Errorf("%d groups, %d criteria, %d starting points; want 4, 12, 6", len(set.Criteria), len(set.Leaves()), len(set.StartingPoints))
	}
	// DOMAIN.md's weights sum to 100 over the groups and each group's
	// leaves carry the group's share: A1 15 of A's 35 with 15+10+10 = 35,
	// so every effective weight is the stated leaf weight / 100.
	want := map[string]float64{"A1": .15, "A2": .10, "A3": .10, "B1": .10, "B2": .05, "B3": .05,
		"C1": .10, "C2": .05, "C3": .10, "C4": .05, "D1": .10, "D2": .05}
	for _, c := range set.Leaves() {
		if math.Abs(c.EffectiveWeight-want[c.ID]) > 1e-15 {
			t.Errorf("%s: effective weight %v, want %v", c.ID, c.EffectiveWeight, want[c.ID])
		}
		if c.Title.SV == "" || c.Title.EN == "" {
			t.Errorf("%s lacks a Swedish or English title", c.ID)
		}
	}
	for _, g := range set.StartingPoints {
		if g.Title.SV == "" || g.Title.EN == "" {
			t.Errorf("%s lacks a Swedish or English title", g.ID)
		}
	}
	if set.SHA256 == "" || len(DefaultBytes()) == 0 {
		t.Error("no digest or bytes for the built-in set")
	}
}

// TestBadFiles runs the corpus of broken criteria files, one per rule of
// FORMATS.md §1 and one with several problems at once. Each expected message
// was checked by hand against the file: the line and column of the offending
// key or value.
func TestBadFiles(t *testing.T) {
	tests := map[string][]string{
		"unknown-key.yaml": {
			`7:35: unknown key "unti" in field x (did you mean "unit"?)`,
			`9:50: unknown key "wieght" in a criterion (did you mean "weight"?)`,
		},
		"duplicate-key.yaml": {
			`5:1: duplicate key "status" in the criteria set (first at line 4)`,
			`7:35: duplicate key "type" in field id (first at line 7)`,
			`9:3: duplicate key "x" in fields (first at line 8)`,
		},
		"duplicate-ids.yaml": {
			`9:3: derived field "x" has the name of a field (line 7); fields and derived fields share one namespace`,
			`12:10: duplicate starting point id "G1" (first at line 11)`,
			`17:10: duplicate criterion id "C2" (first at line 16)`,
		},
		"missing-required.yaml": {
			`1:1: the criteria set: missing required key "version"`,
			`5:7: field id: missing required key "type"`,
			`6:6: field x: missing required key "headers"`,
			`8:5: a starting point: missing required key "require"`,
			`10:5: a criterion: missing required key "id"`,
			`11:5: criterion C2: missing required key "value"`,
			`13:5: a change: missing required key "note"`,
		},
		"unknown-field.yaml": {
			`9:21: criterion C1: "invset" is not a field or derived field (did you mean "invest"?)`,
		},
		"derived-cycle.yaml": {
			`9:3: derived field a: cycle a → b → c → a`,
			`12:3: derived field d: cycle d → d`,
		},
		"bad-expression.yaml": {
			`10:16: derived field ratio: unknown name invst`,
			`11:15: derived field broken: unexpected token EOF`,
			`12:24: derived field quoted: unexpected token EOF`,
			`14:23: starting point G1: expected bool, but got float64`,
			`15:23: starting point G2: unknown name plan`,
		},
		"bad-weights.yaml": {
			`10:13: criterion A: weight must be a finite number, not .nan`,
			`12:26: criterion A1: weight must be a finite number, not .inf`,
			`13:26: criterion A2: weight must not be negative, not -1`,
			`17:7: the weights of B1, B2 are all zero; at least one must be positive`,
			`19:21: criterion C: weight must be a number, not "3"`,
		},
		"bad-levels.yaml": {
			`11:43: criterion C1: levels gives 2 values, but field risk has 3 levels`,
			`12:43: criterion C2: levels gives 3 values, but yes/no field plan needs 2: [no, yes]`,
			`13:40: criterion C3: levels apply to scale and yes/no fields; field x is number (use linear, piecewise or steps)`,
		},
		"non-increasing.yaml": {
			`9:64: criterion C1: value: piecewise: x values must increase, but 10 follows 10`,
			`10:49: criterion C2: value: steps: x values must increase, but 2 follows 5`,
		},
		"out-of-range.yaml": {
			`10:48: criterion C1: value: piecewise: value 1.5 is outside [0, 1]`,
			`11:52: criterion C2: value: steps: value -0.5 is outside [0, 1]`,
			`12:52: criterion C3: value: level value 2 is outside [0, 1]`,
		},
		"changes-version.yaml": {
			`6:5: changes: the newest entry (the first) is version 1.0.0, but the set's version is 1.1.0`,
		},
		"unknown-format.yaml": {
			`1:9: unknown format "prio.criteria/2": this prio reads prio.criteria/1`,
			`7:1: unknown key "bogus" in the criteria set`,
		},
		"yaml-syntax.yaml": {
			// yaml.v3 gives only a line for syntax errors: here, the line
			// where the unclosed flow mapping began.
			`6:1: YAML syntax: did not find expected ',' or '}'`,
		},
		"bad-scalars.yaml": {
			`2:5: id "Digitala_Investeringar" must use only a-z, 0-9 and -`,
			`3:10: version "1.1" is not a semantic version (MAJOR.MINOR.PATCH, such as 1.1.0)`,
			`4:9: status must be draft, consultation, adopted or retired, not "antagen"`,
			`5:7: date must be a date as YYYY-MM-DD, not "2017-13-01"`,
			`7:29: field id: type must be text, number, percent, scale, yesno or date, not "txt"`,
			`8:16: field x: headers must be a list`,
			`8:39: field x: unknown unit "kkr" (use kr, tkr, mnkr, MSEK or Mkr)`,
			`8:54: field x: required must be true or false, not "yes"`,
			`9:41: field p: blank must be no or missing, not "nej"`,
			`9:56: field p: levels apply only to scale fields, not yesno`,
			`10:6: field s: a scale field needs levels`,
			`11:48: field u: uncertainty (triangular): missing required key "high"`,
			`11:72: field u: uncertainty: low names "nothing", which is not a field`,
			`11:85: field u: uncertainty: sd does not apply to a triangular distribution`,
			`13:40: criterion C1: value: linear needs two different ends, not 5 twice`,
			`13:77: criterion C1: missing must be worst, neutral or error, not "zero"`,
			`14:21: criterion C2: field p is yes/no; value it with levels: [no, yes]`,
			`15:31: criterion C3: value needs one of linear, piecewise, steps or levels`,
			`17:12: criterion C4: a group of criteria cannot have field; only its leaves can`,
			`18:12: criterion C4: a group of criteria cannot have value; only its leaves can`,
			`21:24: sensitivity: samples must be from 1 to 10000000, not 0`,
			`21:33: sensitivity: seed must be a whole number from 0 to 18446744073709551615, not "-1"`,
			`21:53: sensitivity: weights: vary must be from 0 to 1, not 1.5`,
			`21:64: sensitivity: top must be at least 1, not 0`,
		},
		// Oldest to newest: draft (1.0.0), adopted (1.1.0), then back to
		// consultation (1.2.0); and the newest status is not the set's.
		"life-cycle.yaml": {
			`6:5: changes: 1.2.0 is consultation, after 1.1.0 was adopted; a set goes draft → consultation → adopted → retired, never back, except for a new draft version after an adopted one`,
			`6:5: changes: the newest entry's status is consultation, but the set's status is draft`,
		},
		"several.yaml": {
			`7:5: changes: the newest entry (the first) is version 1.9.0, but the set's version is 2.0.0`,
			`13:14: derived field per_krona: unknown name npv`,
			`15:44: starting point G1: on_fail must be exclude or flag, not "drop"`,
			`21:59: criterion A2: levels gives 4 values, but field risk has 3 levels`,
			`23:13: criterion B: weight must not be negative, not -20`,
			`25:62: criterion B1: value: piecewise: x values must increase, but 0 follows 0`,
		},
	}
	files, _ := filepath.Glob("../testdata/criteria/bad/*.yaml")
	if len(files) != len(tests) {
		t.Errorf("%d files in testdata/criteria/bad, %d test cases: every file needs its expected messages", len(files), len(tests))
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("../testdata/criteria/bad", name))
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(strings.NewReader(string(data)), name)
			var list ErrorList
			if !errors.As(err, &list) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v (%T), want an ErrorList", err, err)
			}
			for i := range want {
				want[i] = name + ":" + want[i]
			}
			got := strings.Split(err.Error(), "\n")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSmallCases(t *testing.T) {
	const head = "format: prio.criteria/1\nid: t\nversion: 1.0.0\nstatus: draft\n"
	tests := []struct {
		name string
		yaml string
		want string // the whole error, or "" for none
	}{
		{"empty file", "", "t.yaml:1:1: empty file: a criteria set starts with format: prio.criteria/1"},
		{"not a mapping", "- a\n- b\n", "t.yaml:1:1: the criteria set must be a mapping of keys to values"},
		// The second document is reported at its "---" marker.
		{"two documents", head + "fields: {id: {headers: [ID], type: text}}\ncriteria: [{id: C, field: id, value: {levels: [1]}}]\n---\nx: 1\n", "t.yaml:7:1: the file holds one YAML document; this is a second"},
		{"no id field", head + "fields: {x: {headers: [X], type: number}}\ncriteria: [{id: C, field: x, value: {linear: [0, 1]}}]\n",
			"t.yaml:5:9: fields: an id field is required: it names each investment"},
		{"id field not text", head + "fields: {id: {headers: [X], type: number}}\ncriteria: [{id: C, field: id, value: {linear: [0, 1]}}]\n",
			"t.yaml:5:10: field id must be of type text, not number"},
		{"all top weights zero", head + "fields: {id: {headers: [ID], type: text}, x: {headers: [X], type: number}}\ncriteria: [{id: C, weight: 0, field: x, value: {linear: [0, 1]}}]\n",
			"t.yaml:6:11: the weights of C are all zero; at least one must be positive"},
		{"reserved field name", head + "fields: {id: {headers: [ID], type: text}, and: {headers: [X], type: number}}\ncriteria: [{id: C, field: and, value: {linear: [0, 1]}}]\n",
			"t.yaml:5:43: field name \"and\" is a word of the expression language"},
		{"field named like a function", head + "fields: {id: {headers: [ID], type: text}, date: {headers: [X], type: date}, x: {headers: [Y], type: number}}\ncriteria: [{id: C, field: x, value: {linear: [0, 1]}}]\n",
			"t.yaml:5:43: name \"date\" is the name of a function of expressions; choose another"},
		{"derived duration", head + "fields: {id: {headers: [ID], type: text}, s: {headers: [S], type: date}, e: {headers: [E], type: date}}\nderived: {d: e - s}\ncriteria: [{id: C, field: d, value: {linear: [0, 1]}}]\n",
			"t.yaml:6:14: derived field d: the expression gives a duration (use (end - start).Hours() / 24 for days); it must give a number, true/false, text or a date in every case"},
		{"extrapolate on piecewise", head + "fields: {id: {headers: [ID], type: text}, x: {headers: [X], type: number}}\ncriteria: [{id: C, field: x, value: {piecewise: [[0, 0], [1, 1]], extrapolate: true}}]\n",
			"t.yaml:6:80: criterion C: value: extrapolate applies only to linear; piecewise is flat beyond its ends"},
		{"duplicate level", head + "fields: {id: {headers: [ID], type: text}, r: {headers: [R], type: scale, levels: [Låg, \"låg \"]}}\ncriteria: [{id: C, field: r, value: {levels: [0, 1]}}]\n",
			"t.yaml:5:88: field r: level \"låg \" is given twice (levels match without regard to case and spaces)"},
		{"valid with mixed conditional", head + "fields: {id: {headers: [ID], type: text}, n: {headers: [N], type: number}, i: {headers: [I], type: number}}\nderived: {r: \"i > 0 ? n / i : 0\"}\ncriteria: [{id: C, field: r, value: {linear: [0, 1]}}]\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.yaml), "t.yaml")
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestTextIn(t *testing.T) {
	both := Text{SV: "Nytta", EN: "Benefit"}
	onlySV := Text{SV: "Nytta"}
	onlyEN := Text{EN: "Benefit"}
	for _, tc := range []struct {
		t    Text
		lang string
		want string
	}{
		{both, "sv", "Nytta"}, {both, "en", "Benefit"},
		{onlySV, "en", "Nytta"}, {onlyEN, "sv", "Benefit"},
	} {
		if got := tc.t.In(tc.lang); got != tc.want {
			t.Errorf("%+v.In(%s) = %q, want %q", tc.t, tc.lang, got, tc.want)
		}
	}
}

// TestGateFailText reads a gate's optional fail_text, {sv, en} like its
// title, and refuses one that is not a pair of texts.
func TestGateFailText(t *testing.T) {
	const head = "format: prio.criteria/1\nid: t\nversion: 1.0.0\nstatus: draft\n" +
		"fields: {id: {headers: [ID], type: text}, x: {headers: [X], type: number}}\n" +
		"criteria: [{id: C, field: x, value: {linear: [0, 1]}}]\n"
	set, err := Parse(strings.NewReader(head+"starting_points:\n  - {id: G1, require: x > 0, fail_text: {sv: Inget positivt x, en: No positive x}}\n  - {id: G2, require: x < 9}\n"), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := set.StartingPoints[0].FailText; got != (Text{SV: "Inget positivt x", EN: "No positive x"}) {
		t.Errorf("G1 fail_text = %+v", got)
	}
	if got := set.StartingPoints[1].FailText; got != (Text{}) {
		t.Errorf("G2 without fail_text = %+v", got)
	}
	_, err = Parse(strings.NewReader(head+"starting_points:\n  - {id: G1, require: x > 0, fail_text: [a]}\n"), "t.yaml")
	if err == nil || !strings.Contains(err.Error(), "t.yaml:8:41:") || !strings.Contains(err.Error(), "fail_text") {
		t.Errorf("a list as fail_text: error %v, want one at 8:41, the [ after 40 characters, naming fail_text", err)
	}
}
