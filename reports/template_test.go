package reports

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/portfolio"
)

// TestTemplateRoundTrip: a template of the built-in set, filled in with
// excelize as an agency would (numbers as numbers, dates as dates, a
// dropdown value typed in odd case, a placeholder), imports back to the
// values written.
func TestTemplateRoundTrip(t *testing.T) {
	set := criteria.Default()
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, set, Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); strings.Join(got, ",") != "Instruktioner,Investeringar,Listor" {
		t.Errorf("sheets %v", got)
	}
	if visible, _ := f.GetSheetVisible("Listor"); visible {
		t.Error("the list sheet is visible")
	}
	day := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	want := map[string][2]portfolio.Value{} // field → rows 2 and 3
	for i, fd := range set.Fields {
		col, _ := excelize.ColumnNumberToName(i + 1)
		var v2, v3 any
		var w2, w3 portfolio.Value
		switch fd.Type {
		case portfolio.Text:
			v2, v3 = "Text för "+fd.Name, "saknas"
			w2, w3 = portfolio.Value{Present: true, Text: "Text för " + fd.Name}, portfolio.Value{}
			if fd.Name == "id" {
				v3, w3 = "ID-2", portfolio.Value{Present: true, Text: "ID-2"}
			}
			if fd.Name == "name" {
				v3, w3 = "Namn 2", portfolio.Value{Present: true, Text: "Namn 2"}
			}
		case portfolio.Number:
			v2, v3 = 1234.5, "-"
			w2, w3 = portfolio.Value{Present: true, Num: 1234.5}, portfolio.Value{}
		case portfolio.Percent:
			// Under the "(%)" header 25 means 25 %.
			v2, v3 = 25, "?"
			w2, w3 = portfolio.Value{Present: true, Num: 0.25}, portfolio.Value{}
		case portfolio.Scale:
			n := len(fd.Levels)
			v2 = " " + strings.ToUpper(fd.Levels[n-1]) // odd case, as typed
			v3 = fd.Levels[0]
			w2 = portfolio.Value{Present: true, Num: float64(n), Text: fd.Levels[n-1]}
			w3 = portfolio.Value{Present: true, Num: 1, Text: fd.Levels[0]}
		case portfolio.YesNo:
			v2, v3 = "Ja", "nej"
			w2, w3 = portfolio.Value{Present: true, Bool: true}, portfolio.Value{Present: true, Bool: false}
		case portfolio.Date:
			v2, v3 = day, "Q3 2027"
			w2 = portfolio.Value{Present: true, Date: day}
			w3 = portfolio.Value{Present: true, Date: time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)}
		}
		if err := f.SetCellValue("Investeringar", col+"2", v2); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue("Investeringar", col+"3", v3); err != nil {
			t.Fatal(err)
		}
		want[fd.Name] = [2]portfolio.Value{w2, w3}
	}
	var filled bytes.Buffer
	if err := f.Write(&filled); err != nil {
		t.Fatal(err)
	}
	p, err := importers.Read(set, []importers.Source{{Path: "ifylld.xlsx", Data: filled.Bytes()}}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Investments) != 2 || len(p.Warnings) != 0 {
		t.Fatalf("%d investments, warnings %q", len(p.Investments), p.Warnings)
	}
	for fi, fd := range set.Fields {
		for row := 0; row < 2; row++ {
			got := p.Value(row, fi)
			col, _ := excelize.ColumnNumberToName(fi + 1)
			if got.Cell.Sheet != "Investeringar" || got.Cell.Col != fi+1 || got.Cell.Row != row+2 {
				t.Errorf("%s row %d: read from %s, want Investeringar!%s%d", fd.Name, row+2, got.Cell, col, row+2)
			}
			got.Cell = portfolio.Cell{}
			if w := want[fd.Name][row]; got != w {
				t.Errorf("%s row %d: got %+v, want %+v", fd.Name, row+2, got, w)
			}
		}
	}
}

// TestTemplateDeterministic: the same set gives the same bytes, in both
// languages, and the English one names its sheets in English.
func TestTemplateDeterministic(t *testing.T) {
	set := criteria.Default()
	for _, lang := range []string{"sv", "en"} {
		var a, b bytes.Buffer
		if err := WriteTemplate(&a, set, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		if err := WriteTemplate(&b, set, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two templates differ", lang)
		}
		if lang == "en" {
			f, _ := excelize.OpenReader(bytes.NewReader(a.Bytes()))
			if got := f.GetSheetList(); strings.Join(got, ",") != "Instructions,Investments,Lists" {
				t.Errorf("sheets %v", got)
			}
			dvs, err := f.GetDataValidations("Investments")
			if err != nil || len(dvs) == 0 {
				t.Errorf("no data validations: %v", err)
			}
		}
	}
}

// TestTemplateOpensInLibreOffice: a second, independent program opens the
// template: LibreOffice converts it to PDF headless without errors. CI
// installs LibreOffice; elsewhere the test is skipped when it is absent.
func TestTemplateOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice (LibreOffice) is not installed; .ci/run installs libreoffice-calc-nogui")
		}
		t.Skip("soffice (LibreOffice) is not installed; CI runs this test")
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, criteria.Default(), Options{}); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(dir, "mall.xlsx")
	if err := os.WriteFile(book, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, book)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	if st, err := os.Stat(filepath.Join(dir, "mall.pdf")); err != nil || st.Size() == 0 {
		t.Fatalf("no PDF: %v\n%s", err, out)
	}
}
