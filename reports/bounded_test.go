package reports

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/scoring"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// TestSensitivityTableBoundedLists: the decisive investments and each one's
// cells show the first ten, and count the rest with a pointer to the JSON,
// whose lists are whole (issue 11 item 6: 6,100 lines for 83 investments).
func TestSensitivityTableBoundedLists(t *testing.T) {
	r := testSensitivity()
	r.MissingDecisive = nil
	for i := 1; i <= 12; i++ {
		n := 1
		switch i {
		case 1:
			n = 13 // ten shown, 3 counted
		case 2:
			n = 1244 // ten shown, 1 234 counted
		}
		cells := make([]string, n)
		for c := range cells {
			cells[c] = fmt.Sprintf("c%04d", c+1)
		}
		r.MissingDecisive = append(r.MissingDecisive, sensitivity.Decisive{ID: fmt.Sprintf("D%02d", i), Cells: cells})
	}
	for _, tc := range []struct {
		lang                      string
		firstRest, secondRest, ds string
	}{
		{"en", "and 3 more: see -f json", "and 1,234 more: see -f json", "and 2 more: see -f json"},
		{"sv", "och 3 till: se -f json", "och 1\u00a0234 till: se -f json", "och 2 till: se -f json"},
	} {
		var buf bytes.Buffer
		if err := WriteSensitivityTable(&buf, r, nil, Options{Lang: tc.lang}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		section := out[strings.LastIndex(out, "\n\n")+2:] // the decisive list, after its heading
		var ids []string
		for _, line := range strings.Split(section, "\n") {
			if strings.HasPrefix(line, "D") {
				ids = append(ids, line[:3])
			}
		}
		if want := "D01 D02 D03 D04 D05 D06 D07 D08 D09 D10"; strings.Join(ids, " ") != want {
			t.Errorf("%s: investments listed %v, want %s", tc.lang, ids, want)
		}
		d01, rest, _ := strings.Cut(section, "D02")
		d02, _, _ := strings.Cut(rest, "D03")
		if !strings.Contains(d01, "c0010") || strings.Contains(d01, "c0011") || !strings.Contains(d01, tc.firstRest) {
			t.Errorf("%s: D01's cells:\n%s", tc.lang, d01)
		}
		if !strings.Contains(d02, "c0010") || strings.Contains(d02, "c0011") || !strings.Contains(d02, tc.secondRest) {
			t.Errorf("%s: D02's cells:\n%s", tc.lang, d02)
		}
		if !strings.HasSuffix(section, "\n"+tc.ds+"\n") {
			t.Errorf("%s: the list does not end with %q:\n%s", tc.lang, tc.ds, section)
		}
		// 4 title and header lines, the ranking, its legend, the weights:
		// what matters is that 12 × 1,244 cells do not reach the terminal.
		if n := strings.Count(out, "\n"); n > 60 {
			t.Errorf("%s: %d lines", tc.lang, n)
		}
	}
}

// TestTableBoundedGates: a row lists its first ten failed gates and counts
// the rest.
func TestTableBoundedGates(t *testing.T) {
	r := testResult()
	var gates []*criteria.Gate
	var results []scoring.GateResult
	for i := 1; i <= 12; i++ {
		id := fmt.Sprintf("G%d", i)
		gates = append(gates, &criteria.Gate{ID: id, OnFail: criteria.OnFailFlag})
		results = append(results, scoring.GateResult{ID: id, Evaluated: true, Reason: "x", OnFail: criteria.OnFailFlag})
	}
	r.Gates = gates
	for i := range r.Investments {
		r.Investments[i].Gates = results
		if r.Investments[i].Status != scoring.Excluded {
			r.Investments[i].Status = scoring.Flagged
		}
	}
	var buf bytes.Buffer
	if err := WriteTable(&buf, r, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	want := "G1, G2, G3, G4, G5, G6, G7, G8, G9, G10 and 2 more: see -f json"
	for _, line := range strings.Split(buf.String(), "\n") {
		if strings.Contains(line, "FK-12") && !strings.HasSuffix(line, "  "+want) {
			t.Errorf("row %q does not end with %q", line, want)
		}
	}
}
