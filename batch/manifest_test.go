package batch

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
)

func TestParseManifest(t *testing.T) {
	const text = `format: prio.batch/1
criteria: kriterier.yaml
output: underlag-2017-11
sensitivity: {samples: 500, seed: 1, weights: {vary: 0.25}, top: 3}
cost: invest
agencies:
  - {name: Försäkringskassan, workbook: in/fk.xlsx, sheet: Investeringar, join: [in/fk-bedomning.xlsx]}
  - name: Skatteverket
    workbook: in/skv.csv
    locale: en
  - {name: "Skatteverket!", workbook: /data/skv2.csv}
`
	m, err := ParseManifest(strings.NewReader(text), filepath.Join("möte", "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Manifest{
		File: filepath.Join("möte", "manifest.yaml"), Dir: "möte",
		Criteria: "kriterier.yaml", CriteriaPos: Pos{File: filepath.Join("möte", "manifest.yaml"), Line: 2, Col: 11},
		Output:  "underlag-2017-11",
		Formats: []string{"xlsx", "html", "json"}, // the default
		Sensitivity: &criteria.Sensitivity{
			Samples: 500, Seed: 1, SeedSet: true, Weights: criteria.WeightModel{Kind: "vary", Vary: 0.25}, Top: 3,
			SamplesPos: Pos{File: filepath.Join("möte", "manifest.yaml"), Line: 4, Col: 24},
			TopPos:     Pos{File: filepath.Join("möte", "manifest.yaml"), Line: 4, Col: 66},
		},
		Cost: "invest", CostPos: Pos{File: filepath.Join("möte", "manifest.yaml"), Line: 5, Col: 7},
		Agencies: []Agency{
			{Name: "Försäkringskassan", Slug: "forsakringskassan", Workbook: "in/fk.xlsx", Sheet: "Investeringar",
				Join: []string{"in/fk-bedomning.xlsx"}, Locale: "sv", Pos: Pos{File: filepath.Join("möte", "manifest.yaml"), Line: 7, Col: 5}},
			{Name: "Skatteverket", Slug: "skatteverket", Workbook: "in/skv.csv", Locale: "en",
				Pos: Pos{File: filepath.Join("möte", "manifest.yaml"), Line: 8, Col: 5}},
			// Its slug is taken: the second gets "-2".
			{Name: "Skatteverket!", Slug: "skatteverket-2", Workbook: "/data/skv2.csv", Locale: "sv",
				Pos: Pos{File: filepath.Join("möte", "manifest.yaml"), Line: 11, Col: 5}},
		},
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("manifest (-want +got):\n%s", diff)
	}
	// Relative paths start from the manifest's folder; absolute ones stay.
	if got, want := m.Path("in/fk.xlsx"), filepath.Join("möte", "in", "fk.xlsx"); got != want {
		t.Errorf("Path = %q, want %q", got, want)
	}
	if got, want := m.Path("/data/skv2.csv"), filepath.FromSlash("/data/skv2.csv"); filepath.IsAbs(want) && got != want {
		t.Errorf("Path = %q, want %q", got, want)
	}
}

// TestParseManifestErrors states the whole error of each broken manifest:
// every problem, positioned, sorted, all together.
func TestParseManifestErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{
			name: "many",
			text: `format: prio.batch/1
criteria: kriterier.yaml
output: ut
formats: [xlsx, pdf, html, xlsx]
sensitivity: {samples: 0, seed: -1, weights: {vary: 2}, top: 0, runs: 3}
cost: 12abc
colour: blue
agencies:
  - {name: Försäkringskassan, workbook: in/fk.xlsx, join: [in/fk-b.xlsx, ""]}
  - {name: Försäkringskassan, workbook: in/fk2.xlsx, locale: de}
  - {workbook: in/x.csv, sheet: ""}
  - {name: Skatteverket}
  - just text
`,
			want: `m.yaml:4:17: a format must be xlsx, html, json, md or csv, not "pdf"
m.yaml:4:28: format xlsx is given twice
m.yaml:5:24: sensitivity: samples must be from 1 to 10000000, not 0
m.yaml:5:33: sensitivity: seed must be a whole number from 0 to 18446744073709551615, not "-1"
m.yaml:5:53: sensitivity: weights: vary must be from 0 to 1, not 2
m.yaml:5:62: sensitivity: top must be at least 1, not 0
m.yaml:5:65: unknown key "runs" in sensitivity
m.yaml:6:7: cost must name a number field of the criteria set, not "12abc"
m.yaml:7:1: unknown key "colour" in the manifest
m.yaml:9:74: agency Försäkringskassan: join must not be empty
m.yaml:10:12: duplicate agency name "Försäkringskassan" (first at line 9)
m.yaml:10:62: agency Försäkringskassan: locale must be sv or en, not "de"
m.yaml:11:5: an agency: missing required key "name"
m.yaml:11:33: an agency: sheet must not be empty
m.yaml:12:5: agency Skatteverket: missing required key "workbook"
m.yaml:13:5: an agency must be a mapping of keys to values`,
		},
		{
			name: "unknown format",
			text: "format: prio.batch/2\ncriteria: k.yaml\nfoo: 1\n",
			// Another format's keys would only be noise.
			want: `m.yaml:1:9: unknown format "prio.batch/2": this prio reads prio.batch/1`,
		},
		{
			name: "required and duplicate keys",
			text: "format: prio.batch/1\ncriteria: k.yaml\ncriteria: k2.yaml\nagencies: []\n",
			want: `m.yaml:1:1: the manifest: missing required key "output"
m.yaml:3:1: duplicate key "criteria" in the manifest (first at line 2)
m.yaml:4:11: agencies must list at least one agency`,
		},
		{
			name: "near miss",
			text: "format: prio.batch/1\ncriteria: k.yaml\noutput: ut\nagencys: []\n",
			want: `m.yaml:1:1: the manifest: missing required key "agencies"
m.yaml:4:1: unknown key "agencys" in the manifest (did you mean "agencies"?)`,
		},
		{
			name: "wrong types",
			text: "format: prio.batch/1\ncriteria: [k.yaml]\noutput: ut\nformats: xlsx\nsensitivity: {weights: fixed, samples: 1.5}\nagencies: {name: A}\n",
			want: `m.yaml:2:11: criteria must be text
m.yaml:4:10: formats must be a list
m.yaml:5:24: sensitivity: weights must be free or order, not "fixed"
m.yaml:5:40: sensitivity: samples must be a whole number, not "1.5"
m.yaml:6:11: agencies must be a list`,
		},
		{
			name: "empty",
			text: "",
			want: `m.yaml:1:1: empty file: a batch manifest starts with format: prio.batch/1`,
		},
		{
			name: "syntax",
			text: "format: prio.batch/1\ncriteria: [k.yaml\n",
			want: `m.yaml:2:1: YAML syntax: did not find expected ',' or ']'`,
		},
		{
			name: "not a mapping",
			text: "- format: prio.batch/1\n",
			want: `m.yaml:1:1: the manifest must be a mapping of keys to values`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseManifest(strings.NewReader(tt.text), "m.yaml")
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not wrap ErrInvalid: %v", err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseManifestTooLarge(t *testing.T) {
	_, err := ParseManifest(strings.NewReader(strings.Repeat("#", MaxManifestSize+1)), "m.yaml")
	if err == nil || !strings.Contains(err.Error(), "larger than 4 MiB") {
		t.Errorf("err = %v, want one saying the file is too large", err)
	}
}

// TestSlug is the SLUG rule of FORMATS.md §4, case by case.
func TestSlug(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Försäkringskassan", "forsakringskassan"},
		{"Skatteverket", "skatteverket"},
		{"Myndigheten för digital förvaltning (Digg)", "myndigheten-for-digital-forvaltning-digg"},
		{"Åklagarmyndigheten", "aklagarmyndigheten"},
		{"ÄLVDALENS KOMMUN", "alvdalens-kommun"},
		{"Statens servicecenter – SSC", "statens-servicecenter-ssc"}, // an en dash among spaces: one "-"
		{"  --Trim me--  ", "trim-me"},
		{"Café Émile", "cafe-emile"},
		{"Region 1/2", "region-1-2"},
		{"Müller & Søn", "m-ller-s-n"},         // ü and ø are other characters
		{"A\u030angermanland", "angermanland"}, // å written as a and a combining ring (NFD)
		{"Ω", "agency"},                        // nothing left: the fallback
		{"", "agency"},
	}
	for _, tt := range tests {
		if got := Slug(tt.name); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSlugs(t *testing.T) {
	got := Slugs([]string{"Skatteverket", "skatteverket", "SKATTEVERKET!", "Skatteverket 2", "Ω", "–"})
	// The third "skatteverket" gets -3; "Skatteverket 2" is skatteverket-2,
	// which the second took, so it gets its own -2.
	want := []string{"skatteverket", "skatteverket-2", "skatteverket-3", "skatteverket-2-2", "agency", "agency-2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Slugs (-want +got):\n%s", diff)
	}
}
