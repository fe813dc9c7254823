package reports

import (
	"testing"
	"time"

	"github.com/prio-tool/prio/scoring/sensitivity"
)

// TestRankQuantile checks the quantiles of ranks against cumulative sums
// worked by hand: the p-quantile is the first rank whose cumulative share
// reaches p.
func TestRankQuantile(t *testing.T) {
	tests := []struct {
		name          string
		acceptability []float64
		p             float64
		rank          int
		ok            bool
	}{
		// 0.8 ≥ 0.05 at rank 1.
		{"first rank", []float64{0.8, 0.15, 0.05, 0}, 0.05, 1, true},
		// 0.8 + 0.15 = 0.95 ≥ 0.95 at rank 2.
		{"exactly reached", []float64{0.8, 0.15, 0.05, 0}, 0.95, 2, true},
		// 950 samples of 1,000 at ranks 1–3, whose shares sum in float64
		// to 0.9499999999999998 (found with Python): the tolerance counts
		// them as the 95 %.
		{"rounding", []float64{0.059, 0.813, 0.078, 0.05}, 0.95, 3, true},
		// 0 + 0.05 reaches 0.05 at rank 2.
		{"none at rank 1", []float64{0, 0.05, 0.2, 0.75}, 0.05, 2, true},
		// 0.3 + 0.5 + 0.2 = 1 ≥ 0.95 only at rank 3.
		{"last rank", []float64{0, 0.3, 0.5, 0.2}, 0.95, 4, true},
		// A vector cut at rank 3 holding 0.9 of the samples: the 95 %
		// quantile lies beyond it.
		{"truncated", []float64{0.5, 0.3, 0.1}, 0.95, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rank, ok := rankQuantile(tt.acceptability, tt.p)
			if rank != tt.rank || ok != tt.ok {
				t.Errorf("rankQuantile(%v, %v) = %d, %v; want %d, %v", tt.acceptability, tt.p, rank, ok, tt.rank, tt.ok)
			}
		})
	}
}

// TestFirmnessOf: one verdict from one rule, with the thresholds firm
// ≥ 0.9, borderline ≥ 0.5, contender ≥ 0.1, and missing data first.
func TestFirmnessOf(t *testing.T) {
	tests := []struct {
		name     string
		rank     int
		topK     float64
		decisive bool
		want     verdict
		interval string
	}{
		{"firm at the threshold", 1, 0.9, false, verdictFirm, "1–2"},
		{"borderline just below firm", 2, 0.8999, false, verdictBorderline, "1–2"},
		{"borderline at the threshold", 2, 0.5, false, verdictBorderline, "1–2"},
		{"uncertain", 2, 0.4999, false, verdictUncertain, "1–2"},
		{"missing data before the samples", 1, 1, true, verdictMissing, "1–2"},
		{"contender at the threshold", 3, 0.1, false, verdictContender, "1–2"},
		{"outside", 3, 0.0999, false, verdictOutside, "1–2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// k = 2; the samples put it at rank 1 in 80 % and rank 2 in
			// 15 %: from 1 (0.8 ≥ 0.05) to 2 (0.95).
			inv := &sensitivity.Investment{Rank: tt.rank, TopK: tt.topK, Acceptability: []float64{0.8, 0.15, 0.05}}
			f := firmnessOf(inv, 2, tt.decisive)
			if f.verdict != tt.want {
				t.Errorf("verdict %v, want %v", f.verdict, tt.want)
			}
			if got := f.interval(); got != tt.interval {
				t.Errorf("interval %q, want %q", got, tt.interval)
			}
		})
	}
	// A truncated vector (FORMATS.md §3 past 1,000 ranked): 0.9 of the
	// samples within the listed ranks 1–3, so the 95 % quantile is past
	// rank 3.
	f := firmnessOf(&sensitivity.Investment{Rank: 2, TopK: 0.8, Acceptability: []float64{0.5, 0.3, 0.1}}, 2, false)
	if got := f.interval(); got != "1–>3" {
		t.Errorf("truncated interval %q, want 1–>3", got)
	}
}

// TestOneVerdict: in the example pack, an investment named in the list of
// places that depend on missing data has that verdict and no other, in
// the top k, the firmness table and the workbook alike; the top k firm
// ones are not in that list. The verdicts come from packFirmness alone.
func TestOneVerdict(t *testing.T) {
	p := mustExamplePack(t)
	s := newStory(p, "sv", time.Time{})
	verdicts := map[string]string{}
	for _, row := range s.Rows {
		verdicts[row.ID] = row.Verdict
	}
	if len(s.Depend) == 0 {
		t.Fatal("the example has no place that depends on missing data: the test proves nothing")
	}
	for _, d := range s.Depend {
		if v := verdicts[d.ID]; v != "beror på saknade uppgifter" {
			t.Errorf("%s is listed as depending on missing data but its verdict is %q", d.ID, v)
		}
	}
	for _, row := range s.Top {
		if row.Verdict == "fast" {
			for _, d := range s.Depend {
				if d.ID == row.ID {
					t.Errorf("%s is both firm and decided by missing data", row.ID)
				}
			}
		}
	}
	f := openXLSX(t, renderXLSX(t, p, "sv"))
	rows, err := f.GetRows("Rangordning")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		if v, ok := verdicts[r[1]]; ok && r[5] != v {
			t.Errorf("%s: workbook says %q, the pack %q", r[1], r[5], v)
		}
	}
}
