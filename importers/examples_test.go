package importers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
)

// TestExampleWorkbooks imports the three example workbooks that
// testdata/gen writes and checks investments of each against the cells as
// they stand in the workbooks (read with excelize's own raw reader and
// worked out by hand: Excel date serials from 1899-12-30, units converted to
// the built-in set's mnkr, placeholders missing, zero kept).
func TestExampleWorkbooks(t *testing.T) {
	set := criteria.Default()
	type check map[string]string // field → value as show() renders it
	tests := []struct {
		file  string
		want  map[string]check // investment → fields
		warns int
		// absent are the fields without a column in the workbook and its
		// assessment that the built-in set accepts as absent.
		absent []string
	}{
		{
			file: "exempelverket.xlsx",
			want: map[string]check{
				// Kostnader (tkr) 2026–2030: 1174 and "-": 1.174 mnkr.
				// End date serial 46752 is 2027-12-31; 0 dependencies is 0;
				// 25 under "Säkrad finansiering (%)" is 0.25.
				"EXV-2024-101": {"invest": "1.174", "opex": "0.18", "npv": "-0.919", "npv_low": "-1.615", "npv_high": "-0.33",
					"risk_benefit": "3 Hög", "risk_budget": "1 Låg", "start": "2024-01-01", "end": "2027-12-31",
					"dependencies": "0", "legal_blocker": "no", "security": "3 Genomförd", "funding_ops": "yes", "funded_share": "0.25"},
				// 97446 tkr; "?", "TBD" and "saknas" missing; "LÅG"; serial
				// 45323 is 2024-02-01, 46295 is 2026-09-30; 100 % is 1.
				"EXV-2024-102": {"invest": "97.446", "npv": "missing", "npv_low": "missing", "npv_high": "missing",
					"risk_budget": "1 Låg", "start": "2024-02-01", "end": "2026-09-30", "dependencies": "6", "funded_share": "1"},
			},
		},
		{
			file: "registerverket.xlsx",
			want: map[string]check{
				// Nettonuvärde is a formula whose saved result is #VALUE!:
				// missing, with a warning. " Låg " is Låg.
				"RGV-26-013": {"invest": "3.8", "opex": "0.2", "npv": "missing", "risk_time": "1 Låg", "start": "2026-01-01",
					"end": "missing", "security": "2 Planerad", "funded_share": "1"},
				// Saved formula result 116.7 − 57 = 59.7; "?" missing; "J"
				// yes; " hög"; "Q3 2026" is 2026-07-01.
				"RGV-24-016": {"invest": "40.7", "npv": "59.7", "benefits_owner": "missing", "plan": "yes",
					"risk_benefit": "3 Hög", "risk_time": "2 Medel", "end": "2026-07-01", "funding_ops": "yes"},
			},
			warns:  1,
			absent: []string{"dependencies"},
		},
		{
			file: "tillsynsverket.xlsx",
			want: map[string]check{
				// "Risk" over nytta/budget/tid and "Finansiering" over
				// utveckling/förvaltning: merged group labels. Serial 45383
				// is 2024-04-01; "kv3 2026" is 2026-07-01; no column for
				// Säkrad finansiering.
				"TSV-2401": {"plan": "yes", "invest": "145.3", "npv_low": "57.7", "risk_benefit": "1 Låg", "risk_budget": "1 Låg",
					"risk_time": "3 Hög", "start": "2024-04-01", "end": "2026-07-01", "funding_dev": "yes", "funding_ops": "yes",
					"funded_share": "no column"},
				// Text numbers with a decimal comma; "-" and "?" missing.
				"TSV-2402": {"invest": "11.3", "npv_low": "2.9", "npv_high": "9.6", "risk_benefit": "2 Medel", "risk_budget": "missing",
					"start": "2024-04-21", "end": "missing", "legal_blocker": "no", "security": "3 Genomförd"},
			},
			absent: []string{"funded_share"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "examples", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			// The analysts' columns are in the assessment beside each
			// workbook: without it the criteria that read them would have
			// no column, an error.
			assessment := strings.TrimSuffix(tc.file, ".xlsx") + "-bedomning.xlsx"
			joined, err := os.ReadFile(filepath.Join("..", "testdata", "examples", assessment))
			if err != nil {
				t.Fatal(err)
			}
			p, err := ReadJoined(t.Context(), set, []Source{{Path: tc.file, Data: data}}, []Source{{Path: assessment, Data: joined}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var absent []string
			for _, a := range p.Absent {
				absent = append(absent, a.Field)
			}
			if diff := cmp.Diff(tc.absent, absent); diff != "" {
				t.Errorf("absent columns (-want +got):\n%s", diff)
			}
			found := 0
			for i, inv := range p.Investments {
				want, ok := tc.want[inv.ID]
				if !ok {
					continue
				}
				found++
				got := check{}
				for field := range want {
					f := p.FieldIndex(field)
					got[field] = show(p.Value(i, f), set.Fields[f].Type)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s (-want +got):\n%s", inv.ID, diff)
				}
			}
			if found != len(tc.want) {
				t.Errorf("found %d of %d investments", found, len(tc.want))
			}
			var valueWarnings int
			for _, w := range p.Warnings {
				if !strings.Contains(w.String(), "no column for field") {
					valueWarnings++
				}
			}
			if valueWarnings != tc.warns {
				t.Errorf("warnings %q, want %d about values", p.Warnings, tc.warns)
			}
		})
	}
}
