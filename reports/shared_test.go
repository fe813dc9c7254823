package reports

import (
	"bytes"
	"testing"
	"time"
)

// TestXLSXReportCache writes workbooks in turn with one ReportCache, as a
// batch writes an agency's score and sensitivity workbooks: each must be
// byte for byte the workbook written without a cache, and the sheets must
// come from the cache exactly when an earlier workbook of the same pack
// data and options made them (Contributions, Starting points and Inputs:
// three a workbook).
func TestXLSXReportCache(t *testing.T) {
	full := mustExamplePack(t)
	score := *full
	score.Sensitivity, score.Top = nil, 5
	withSel := exampleSelectionPack(t)
	scoreSel := *withSel
	scoreSel.Sensitivity = nil
	other := manyPack(12)
	sv := Options{Lang: "sv", Version: "0.1.0", Date: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)}
	en := sv
	en.Lang = "en"
	later := sv
	later.Date = sv.Date.AddDate(0, 0, 1)
	type write struct {
		pack *Pack
		o    Options
	}
	tests := []struct {
		name   string
		writes []write
		hits   int
	}{
		{"score then sensitivity", []write{{&score, sv}, {full, sv}}, 3},
		{"sensitivity then score", []write{{full, sv}, {&score, sv}}, 3},
		{"the same workbook twice", []write{{full, sv}, {full, sv}}, 3},
		// The funding sheet comes second: the shared sheets are other parts.
		{"with a selection", []write{{&scoreSel, sv}, {withSel, sv}}, 3},
		// The Inputs sheet without a set and portfolio is not shared.
		{"without set and portfolio", []write{{other, sv}, {other, sv}}, 2},
		{"another result", []write{{full, sv}, {other, sv}}, 0},
		{"another language", []write{{full, sv}, {full, en}}, 0},
		{"another date", []write{{full, sv}, {full, later}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cache := NewReportCache()
			for i, w := range tt.writes {
				var want, got bytes.Buffer
				if err := WriteXLSX(&want, w.pack, w.o); err != nil {
					t.Fatal(err)
				}
				p := *w.pack
				p.Shared = cache
				if err := WriteXLSX(&got, &p, w.o); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					wp, gp := zipParts(t, want.Bytes()), zipParts(t, got.Bytes())
					for name, part := range wp {
						if gp[name] != part {
							t.Errorf("workbook %d: part %s differs from the workbook written without a cache", i+1, name)
						}
					}
					t.Fatalf("workbook %d: %d bytes, want %d as without a cache", i+1, got.Len(), want.Len())
				}
			}
			if cache.hits != tt.hits {
				t.Errorf("%d sheets taken from the cache, want %d", cache.hits, tt.hits)
			}
		})
	}
}

// TestHTMLReportCache writes HTML packs in turn with one ReportCache, as a
// batch writes an agency's score and sensitivity packs: each must be byte
// for byte the pack written without a cache, and the contributions charts
// must come from the cache exactly when an earlier pack drew them for the
// same result, set and language.
func TestHTMLReportCache(t *testing.T) {
	full := mustExamplePack(t)
	score := *full
	score.Sensitivity, score.Top = nil, 5
	other := manyPack(12)
	sv := Options{Lang: "sv", Version: "0.1.0", Date: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)}
	en := sv
	en.Lang = "en"
	type write struct {
		pack *Pack
		o    Options
	}
	tests := []struct {
		name   string
		writes []write
		hits   int
	}{
		{"score then sensitivity", []write{{&score, sv}, {full, sv}}, 1},
		{"sensitivity then score", []write{{full, sv}, {&score, sv}}, 1},
		{"another result", []write{{full, sv}, {other, sv}}, 0},
		{"another language", []write{{full, sv}, {full, en}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cache := NewReportCache()
			for i, w := range tt.writes {
				var want, got bytes.Buffer
				if err := WriteHTML(&want, w.pack, w.o); err != nil {
					t.Fatal(err)
				}
				p := *w.pack
				p.Shared = cache
				if err := WriteHTML(&got, &p, w.o); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Fatalf("pack %d: %d bytes, want the %d written without a cache", i+1, got.Len(), want.Len())
				}
			}
			if cache.hits != tt.hits {
				t.Errorf("%d charts taken from the cache, want %d", cache.hits, tt.hits)
			}
		})
	}
}
