package importers

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// One portfolio of formulas in unit-hinted columns under a merged group
// label ("Kostnader (tkr)" over 2025–2027, a sum_columns field in mnkr),
// written by openpyxl with every saved result empty, which prio calculates,
// and converted by LibreOffice, which calculates the formulas and saves
// their results, which prio reads. Both must read to the values worked out
// here by hand; that LibreOffice's saved results are those values is a
// check of the calculation by another implementation. The workbooks are
// made by testdata/xlsx/make-formulas.py (python3-openpyxl, LibreOffice).
func TestReadFormulaFiles(t *testing.T) {
	set := parseSet(t, fullSet)
	// id, name, agency, invest (mnkr), costs (mnkr), share, risk_time,
	// plan, reused, start
	want := []investment{
		{"FILE: Investeringar!A5", []string{"FK-1",
			"Nytt ärendesystem", // ="Nytt "&"ärendesystem"
			"Försäkringskassan",
			"6.563",      // =SUM(E5:G5) = 1500 + 2250 + 2813 tkr
			"6.563",      // 1500; =E5*1.5 = 2250; =ROUND(F5*Antaganden!B2,0) = ROUND(2250 · 1.25) = 2813
			"0.23",       // =ROUND(E5/D5,2) = ROUND(0.2286) in a 0% format
			"3 Hög",      // =IF(D5>5000,"Hög","Låg"): 6563 > 5000
			"no",         // =IF(H5>=0.5,"Ja","Nej"): 0.23
			"yes",        // Ja
			"2026-03-31", // =DATE(2026,3,31)
		}},
		{"FILE: Investeringar!A6", []string{"FK-2", "Arkiv", "Försäkringskassan",
			"0.5",        // =SUM(E6:G6) = 200 + 300 tkr
			"0.5",        // 200 + 300, 2027 blank
			"0.4",        // =ROUND(200/500,2)
			"2 Medel",    // Medel
			"no",         // 0.4 < 0.5
			"no",         // blank: no
			"2026-01-01", // =DATE(2025,13,1): month 13 carries
		}},
		{"FILE: Investeringar!A7", []string{"SKV-3",
			"E-TJÄNST", // =UPPER("e-tjänst")
			"Skatteverket",
			"0.6",        // =SUM(E7:G7) = 400 + 125 + 75 tkr
			"0.6",        // =E6*2 = 400 (another row); =Antaganden!B3 = B2*100 = 125 (a formula on another sheet); 75
			"0.67",       // =ROUND(400/600,2)
			"1 Låg",      // 600 ≤ 5000
			"yes",        // 0.67 ≥ 0.5
			"no",         // Nej
			"2025-01-31", // =DATE(2025,1,1)+30
		}},
		{"FILE: Investeringar!A8", []string{"SKV-4", "Tom", "Skatteverket",
			"0",       // =sum(E8:G8) over blanks is 0, as in Excel
			"missing", // every year blank
			"missing", // =IFERROR(E8/D8,"-"): "-" is a missing marker
			"1 Låg", "missing", "no", "missing",
		}},
	}
	for _, name := range []string{"openpyxl-formulas.xlsx", "libreoffice-formulas.xlsx"} {
		t.Run(name, func(t *testing.T) {
			p, err := Read(set, []Source{xlsxCorpus(t, name)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var w []investment
			for _, inv := range want {
				inv.Source = name + inv.Source[len("FILE"):]
				w = append(w, inv)
			}
			if diff := cmp.Diff(w, render(set, p)); diff != "" {
				t.Errorf("investments (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{name + `: Investeringar!9:9: skipped the sum row "Summa"`}, english(p.Notes), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
			if len(p.Warnings) > 0 {
				t.Errorf("warnings: %q", p.Warnings)
			}
		})
	}
}

// TestFormulaFilesAreCurrent writes the two workbooks again with openpyxl
// and LibreOffice when they are installed (under CI they must be) and
// reads them to the same values as the committed ones.
func TestFormulaFilesAreCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs python3 and LibreOffice")
	}
	python := "/usr/bin/python3"
	missing := ""
	if err := exec.Command(python, "-c", "import openpyxl").Run(); err != nil {
		missing = "python3-openpyxl"
	} else if _, err := exec.LookPath("soffice"); err != nil {
		missing = "libreoffice-calc-nogui (soffice)"
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed: .ci/run installs it", missing)
		}
		t.Skipf("%s is not installed", missing)
	}
	dir := t.TempDir()
	script, err := os.ReadFile(filepath.Join(xlsxCorpusDir(), "make-formulas.py"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "make-formulas.py"), script, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, filepath.Join(dir, "make-formulas.py"))
	cmd.Env = append(os.Environ(), "HOME="+dir) // LibreOffice's profile
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make-formulas.py: %v\n%s", err, out)
	}
	set := parseSet(t, fullSet)
	for _, name := range []string{"openpyxl-formulas.xlsx", "libreoffice-formulas.xlsx"} {
		fresh, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := Read(set, []Source{{Path: name, Data: fresh}}, Options{})
		if err != nil {
			t.Fatalf("%s written again: %v", name, err)
		}
		committed, err := Read(set, []Source{xlsxCorpus(t, name)}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(render(set, committed), render(set, got)); diff != "" {
			t.Errorf("%s written again reads otherwise (-committed +new):\n%s", name, diff)
		}
	}
}
