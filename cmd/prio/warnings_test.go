package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/scoring"
)

// TestWarningLines: the warnings with facts are grouped by kind and field
// into one line at the first one's place; a group of one, a kind without
// words and a warning without facts stay as they are, in order.
func TestWarningLines(t *testing.T) {
	nf := func(text, field, id string) scoring.RepeatedWarning {
		return scoring.RepeatedWarning{Text: plain(text), Kind: scoring.DerivedNotFinite, Field: field, Investment: id}
	}
	warnings := plainTexts("draft set", "r:1: A1: ratio +Inf", "r:2: A2: ratio +Inf", "r:3: B1: per NaN",
		"r:4: A3: ratio NaN", "r:5: A4: ratio +Inf", "r:6: C1: ratio too large", "r:7: C2: ratio too large", "r:8: Z1: other", "last")
	repeated := []scoring.RepeatedWarning{
		nf("r:1: A1: ratio +Inf", "ratio", "A1"), nf("r:2: A2: ratio +Inf", "ratio", "A2"),
		nf("r:3: B1: per NaN", "per", "B1"),
		nf("r:4: A3: ratio NaN", "ratio", "A3"), nf("r:5: A4: ratio +Inf", "ratio", "A4"),
		{Text: plain("r:6: C1: ratio too large"), Kind: scoring.DerivedIntegerRange, Field: "ratio", Investment: "C1"},
		{Text: plain("r:7: C2: ratio too large"), Kind: scoring.DerivedIntegerRange, Field: "ratio", Investment: "C2"},
		{Text: plain("r:8: Z1: other"), Kind: "unknown-kind", Field: "x", Investment: "Z1"},
		{Text: plain("r:9: Z2: other"), Kind: "unknown-kind", Field: "x", Investment: "Z2"}, // not among the warnings
	}
	want := []string{
		"draft set",
		"derived field ratio is not a finite number for 4 investments (A1, A2, A3 and 1 more); read as missing; -f json lists each",
		"r:3: B1: per NaN",
		"derived field ratio is an integer beyond 64 bits (or an integer division by zero) for 2 investments (C1, C2); read as missing; -f json lists each",
		"r:8: Z1: other",
		"last",
	}
	if diff := cmp.Diff(want, messages.Strings(warningLines(warnings, repeated), messages.English)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// plain is a message whose text is s in every language.
func plain(s string) messages.Message {
	return messages.Message{Format: strings.ReplaceAll(s, "%", "%%")}
}

func plainTexts(texts ...string) []messages.Message {
	ms := make([]messages.Message, len(texts))
	for i, s := range texts {
		ms[i] = plain(s)
	}
	return ms
}

// TestWarningsGroupedJSONWhole: on stderr, the twelve investments whose
// derived field is +Inf make one line; the JSON keeps all thirteen
// warnings as they were.
func TestWarningsGroupedJSONWhole(t *testing.T) {
	dir := t.TempDir()
	crit := filepath.Join(dir, "crit.yaml")
	port := filepath.Join(dir, "port.csv")
	if err := os.WriteFile(crit, []byte(groupedCriteria), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(port, []byte(groupedPortfolio()), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, "score", "-c", crit, "-f", "json", port)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	wantErr := "prio: warning: derived field ratio is not a finite number for 12 investments (I01, I02, I03 and 9 more); read as missing; -f json lists each\n" +
		"prio: warning: " + port + ":14: J01: derived field per = npv / cost is +Inf, not a finite number; read as missing\n"
	if stderr != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, wantErr)
	}
	var res struct{ Warnings []string }
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := 1; i <= 12; i++ {
		want = append(want, fmt.Sprintf("%s:%d: I%02d: derived field ratio = npv / invest is +Inf, not a finite number; read as missing", port, i+1, i))
	}
	want = append(want, port+":14: J01: derived field per = npv / cost is +Inf, not a finite number; read as missing")
	if diff := cmp.Diff(want, res.Warnings); diff != "" {
		t.Errorf("JSON warnings (-want +got):\n%s", diff)
	}
}

// groupedCriteria divides by invest and by cost; groupedPortfolio has
// invest 0 in its twelve I rows (npv / invest = 5 / 0 = +Inf) and cost 0 in
// J01 only.
const groupedCriteria = `format: prio.criteria/1
id: g
version: 1.0.0
status: adopted
fields:
  id: {headers: [ID], type: text}
  npv: {headers: [NPV], type: number}
  invest: {headers: [Invest], type: number}
  cost: {headers: [Cost], type: number}
derived:
  ratio: npv / invest
  per: npv / cost
criteria:
  - {id: R, field: ratio, value: {linear: [0, 2]}}
  - {id: P, field: per, value: {linear: [0, 2]}}
`

func groupedPortfolio() string {
	var b strings.Builder
	b.WriteString("ID;NPV;Invest;Cost\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&b, "I%02d;5;0;2\n", i)
	}
	b.WriteString("J01;4;2;0\nJ02;4;2;2\n")
	return b.String()
}
