package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCriteriaWeightsNewVersion: the whole file prio criteria weights
// writes, with the clock set to 5 December 2026: ROC for four criteria at
// the top level in three significant digits (25/48, 13/48, 7/48, 3/48 →
// 0.521, 0.271, 0.146, 0.0625; two digits move the first effective weight
// by 0.0019, see criteria.TestReadableWeights), version 1.1.0 → 1.2.0,
// status adopted → draft, the set's date today's, and the new version's
// entry first in changes.
func TestCriteriaWeightsNewVersion(t *testing.T) {
	const in = `# A set to try weights on.
format: prio.criteria/1
id: w
version: 1.1.0
status: adopted
date: 2017-10-31
changes:
  - {version: 1.1.0, date: 2017-10-31, status: adopted, note: Adopted.}
  - {version: 1.0.0, note: First.}
fields:
  id: {headers: [ID], type: text}
  x:  {headers: [X], type: number}
criteria:
  - {id: A, weight: 1, field: x, value: {linear: [0, 1]}}
  - {id: B, weight: 1, field: x, value: {linear: [0, 2]}}
  - {id: C, weight: 1, field: x, value: {linear: [0, 3]}}
  - {id: D, weight: 1, field: x, value: {linear: [0, 4]}}
`
	const want = `# A set to try weights on.
format: prio.criteria/1
id: w
version: 1.2.0
status: draft
date: 2026-12-05
changes:
  - {version: 1.2.0, date: 2026-12-05, status: draft, note: "Top-level weights set by the method ROC (prio criteria weights)."}
  - {version: 1.1.0, date: 2017-10-31, status: adopted, note: Adopted.}
  - {version: 1.0.0, note: First.}
fields:
  id: {headers: [ID], type: text}
  x:  {headers: [X], type: number}
criteria:
  - {id: A, weight: 0.521, field: x, value: {linear: [0, 1]}}
  - {id: B, weight: 0.271, field: x, value: {linear: [0, 2]}}
  - {id: C, weight: 0.146, field: x, value: {linear: [0, 3]}}
  - {id: D, weight: 0.0625, field: x, value: {linear: [0, 4]}}
`
	dir := t.TempDir()
	file, out := filepath.Join(dir, "w.yaml"), filepath.Join(dir, "w2.yaml")
	if err := os.WriteFile(file, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := &criteriaWeightsOptions{
		method: "roc", order: "A,B,C,D", output: out,
		now: func() time.Time { return time.Date(2026, 12, 5, 15, 4, 5, 0, time.Local) },
	}
	var stdout, stderr bytes.Buffer
	if err := runCriteriaWeights(context.Background(), opts, file, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.Split(want, "\n"), strings.Split(string(got), "\n")); diff != "" {
		t.Errorf("written file (-want +got):\n%s", diff)
	}
	// The shares of the weights as written: 0.521 / 1.0005 = 52.07 %, …
	wantOut := "A\t0.521\t52.07 %\nB\t0.271\t27.09 %\nC\t0.146\t14.59 %\nD\t0.0625\t6.25 %\n"
	if stdout.String() != wantOut {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), wantOut)
	}
	wantErr := "prio: note: wrote " + out + ": w 1.2.0, status draft; the weights have 3 significant digits, which keep every effective weight within 0.05 percentage points of the exact one\n"
	if stderr.String() != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), wantErr)
	}
}
