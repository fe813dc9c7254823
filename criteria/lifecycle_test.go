package criteria

import (
	"strings"
	"testing"
)

// TestLifeCycle: the change log, read oldest first, may go back only to
// start a new, higher version as a draft right after an adopted one. Every
// other step back is refused, with the entry that steps back named.
func TestLifeCycle(t *testing.T) {
	const rest = "fields: {id: {headers: [ID], type: text}, x: {headers: [X], type: number}}\n" +
		"criteria: [{id: C, field: x, value: {linear: [0, 1]}}]\n"
	const tail = "; a set goes draft → consultation → adopted → retired, never back, except for a new draft version after an adopted one"
	tests := []struct {
		name    string
		version string
		status  string
		changes []string // newest first, as in the file
		want    string   // the whole error, or "" for none
	}{
		{"forward through every status", "1.0.0", "retired", []string{
			"{version: 1.0.0, status: retired, note: r}",
			"{version: 1.0.0, status: adopted, note: a}",
			"{version: 1.0.0, status: consultation, note: c}",
			"{version: 1.0.0, status: draft, note: d}",
		}, ""},
		{"new draft version after adopted", "1.2.0", "draft", []string{
			"{version: 1.2.0, status: draft, note: n}",
			"{version: 1.1.0, status: adopted, note: a}",
		}, ""},
		// Pre-release versions order before their release and after the
		// version below (semver.org §11): 1.2.0-rc.1 > 1.1.0.
		{"new pre-release draft after adopted", "1.2.0-rc.1", "draft", []string{
			"{version: 1.2.0-rc.1, status: draft, note: n}",
			"{version: 1.1.0, status: adopted, note: a}",
		}, ""},
		{"new draft then its own life cycle", "2.0.0", "adopted", []string{
			"{version: 2.0.0, status: adopted, note: a2}",
			"{version: 2.0.0, status: consultation, note: c2}",
			"{version: 2.0.0, status: draft, note: d2}",
			"{version: 1.0.0, status: adopted, note: a1}",
		}, ""},
		{"draft again within the adopted version", "1.1.0", "draft", []string{
			"{version: 1.1.0, status: draft, note: n}",
			"{version: 1.1.0, status: adopted, note: a}",
		}, "t.yaml:6:5: changes: 1.1.0 is draft, after 1.1.0 was adopted" + tail},
		{"draft of a lower version after adopted", "1.0.5", "draft", []string{
			"{version: 1.0.5, status: draft, note: n}",
			"{version: 1.1.0, status: adopted, note: a}",
		}, "t.yaml:6:5: changes: 1.0.5 is draft, after 1.1.0 was adopted" + tail},
		{"new version in consultation after adopted", "1.2.0", "consultation", []string{
			"{version: 1.2.0, status: consultation, note: n}",
			"{version: 1.1.0, status: adopted, note: a}",
		}, "t.yaml:6:5: changes: 1.2.0 is consultation, after 1.1.0 was adopted" + tail},
		{"new draft after consultation", "1.2.0", "draft", []string{
			"{version: 1.2.0, status: draft, note: n}",
			"{version: 1.1.0, status: consultation, note: c}",
		}, "t.yaml:6:5: changes: 1.2.0 is draft, after 1.1.0 was consultation" + tail},
		{"new draft after retired", "2.0.0", "draft", []string{
			"{version: 2.0.0, status: draft, note: n}",
			"{version: 1.1.0, status: retired, note: r}",
		}, "t.yaml:6:5: changes: 2.0.0 is draft, after 1.1.0 was retired" + tail},
		// The allowance is for the step from adopted only: inside the new
		// version, going back from consultation to draft is refused as
		// before.
		{"back to draft inside the new version", "1.2.0", "draft", []string{
			"{version: 1.2.0, status: draft, note: d2}",
			"{version: 1.2.0, status: consultation, note: c}",
			"{version: 1.2.0, status: draft, note: d}",
			"{version: 1.1.0, status: adopted, note: a}",
		}, "t.yaml:6:5: changes: 1.2.0 is draft, after 1.2.0 was consultation" + tail},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "format: prio.criteria/1\nid: t\nversion: " + tc.version + "\nstatus: " + tc.status + "\nchanges:\n  - " +
				strings.Join(tc.changes, "\n  - ") + "\n" + rest
			// "changes:" is line 5, so the newest entry, the one that steps
			// back in every failing case, is at line 6, column 5.
			_, err := Parse(strings.NewReader(src), "t.yaml")
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
