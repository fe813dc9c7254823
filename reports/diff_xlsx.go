package reports

import (
	"bytes"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/prio-tool/prio/scoring"
)

// WriteDiffXLSX writes d as a workbook: the changes, and with an impact one
// row per investment (standing before and after, the change and its
// attribution by criterion, the ranking similarities above) and the changed
// gate outcomes. Text is written as text, never as formulas; the package is
// canonicalised, so the same diff gives the same bytes.
func WriteDiffXLSX(w io.Writer, d *Diff, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	l := diffLabels[lang]
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	put := func(sheet string, row int, values ...any) error {
		for c, v := range values {
			cell, _ := excelize.CoordinatesToCellName(c+1, row)
			var err error
			switch v := v.(type) {
			case string:
				err = f.SetCellStr(sheet, cell, v)
			default:
				err = f.SetCellValue(sheet, cell, v)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	header := func(sheet string, row int, names []string) error {
		values := make([]any, len(names))
		for i, n := range names {
			values[i] = n
		}
		if err := put(sheet, row, values...); err != nil {
			return err
		}
		last, _ := excelize.CoordinatesToCellName(len(names), row)
		first, _ := excelize.CoordinatesToCellName(1, row)
		return f.SetCellStyle(sheet, first, last, bold)
	}

	if err := f.SetSheetName("Sheet1", l.sheetChanges); err != nil {
		return err
	}
	if err := put(l.sheetChanges, 1, diffSentences(d, lang).title); err != nil {
		return err
	}
	if err := header(l.sheetChanges, 3, l.changeColumns); err != nil {
		return err
	}
	for i, c := range d.Changes {
		if err := put(l.sheetChanges, 4+i, c.Kind, c.What, c.ID, c.Attr, c.Old, c.New); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(l.sheetChanges, "A", "D", 16); err != nil {
		return err
	}
	if err := f.SetColWidth(l.sheetChanges, "E", "F", 50); err != nil {
		return err
	}

	if im := d.Impact; im != nil {
		sheet := l.sheetImpact
		if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		t := diffSentences(d, lang)
		for i, line := range t.summary {
			if err := put(sheet, 1+i, line); err != nil {
				return err
			}
		}
		row := len(t.summary) + 2
		columns := append([]string{}, l.impactColumns...)
		columns = append(columns, im.Leaves...)
		if err := header(sheet, row, columns); err != nil {
			return err
		}
		for _, ii := range im.Investments {
			row++
			values := []any{ii.ID, ii.Name, string(ii.Old.Status), rankValue(ii.Old), scoreValue(ii.Old), string(ii.New.Status), rankValue(ii.New), scoreValue(ii.New)}
			if ii.Old.Status != "" && ii.New.Status != "" {
				values = append(values, ii.Change)
				for _, a := range ii.Attribution {
					values = append(values, a)
				}
			}
			if err := put(sheet, row, values...); err != nil {
				return err
			}
		}
		if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: len(t.summary) + 2, TopLeftCell: "A" + strconv.Itoa(len(t.summary)+3), ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, "B", "B", 40); err != nil {
			return err
		}
		if len(im.GateChanges) > 0 {
			gs := l.sheetGates
			if _, err := f.NewSheet(gs); err != nil {
				return err
			}
			if err := header(gs, 1, l.gateColumns); err != nil {
				return err
			}
			outcome := map[string]string{"passed": l.passed, "failed": l.failed, "": l.absent}
			for i, g := range im.GateChanges {
				if err := put(gs, 2+i, g.ID, g.Gate, outcome[g.Old], outcome[g.New]); err != nil {
					return err
				}
			}
		}
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{Created: xlsxEpoch, Modified: xlsxEpoch, Creator: "prio", Title: l.heading, Language: lang}); err != nil {
		return err
	}
	var raw bytes.Buffer
	if _, err := f.WriteTo(&raw); err != nil {
		return err
	}
	out, err := canonicalXLSX(raw.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

func rankValue(s scoring.Standing) any {
	if s.Status == "" || s.Status == scoring.Excluded {
		return ""
	}
	return s.Rank
}

func scoreValue(s scoring.Standing) any {
	if s.Status == "" {
		return ""
	}
	return s.Score
}
