package reports

import (
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/scoring"
)

// diffKinds and diffWhats say a difference's kind and subject in words.
var (
	diffKinds = map[string]map[string]string{
		"sv": {criteria.Added: "tillkommer", criteria.Removed: "tas bort", criteria.Changed: "ändras", criteria.Moved: "flyttas"},
		"en": {criteria.Added: "added", criteria.Removed: "removed", criteria.Changed: "changed", criteria.Moved: "moved"},
	}
	diffWhats = map[string]map[string]string{
		"sv": {"set": "kriterieuppsättning", "field": "fält", "derived": "härlett fält", "gate": "utgångspunkt", "criterion": "kriterium"},
		"en": {"set": "criteria set", "field": "field", "derived": "derived field", "gate": "starting point", "criterion": "criterion"},
	}
)

// WriteDiffXLSX writes d as a workbook for people, in o.Lang: a summary
// sheet (the two sets, the ranking similarities and who enters and leaves
// the top k, with names), the changes (each in a sentence, then its parts
// in words), and with an impact one row per investment (status, rank and
// score on the 0–100 scale before and after, the change and its
// attribution by criterion) and the changed starting-point outcomes. Each
// sheet is ready to print on A4, like the pack's workbook. Text is written
// as text, never as formulas; the package is canonicalised, so the same
// diff gives the same bytes.
func WriteDiffXLSX(w io.Writer, d *Diff, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	l := diffLabels[lang]
	t := diffSentences(d, lang)
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, lang: lang, l: packWords[lang], version: o.Version,
		reportName: l.heading + ": " + t.title, date: dateText(o.Date, lang)}
	if err := x.styles(); err != nil {
		return err
	}
	summary := func() error {
		widths := []float64{110}
		sw, err := x.sheet(l.summaryHeading, sheetLayout{widths: widths})
		if err != nil {
			return err
		}
		rows := [][]any{{x.styled(l.heading, x.title)}, {x.long(t.title)}}
		if x.date != "" {
			rows = append(rows, []any{x.str(packWords[lang].date + ": " + x.date)})
		}
		rows = append(rows, nil)
		for _, line := range t.summary {
			rows = append(rows, []any{x.long(line)})
		}
		if len(t.summary) == 0 {
			rows = append(rows, []any{x.long(t.changes[0])})
		}
		if err := x.setRows(sw, 1, rows, widths); err != nil {
			return err
		}
		return x.done(sw, l.summaryHeading, 1, len(rows))
	}
	changes := func() error {
		widths := []float64{60, 12, 14, 12, 16, 24, 24}
		sw, err := x.sheet(l.sheetChanges, sheetLayout{widths: widths, table: true})
		if err != nil {
			return err
		}
		var rows [][]any
		for i, c := range d.Changes {
			attr := c.Attr
			if a, ok := l.attrs[attr]; ok {
				attr = a
			}
			oldValue, newValue := shownValue(c.Attr, c.Old, lang), shownValue(c.Attr, c.New, lang)
			switch c.Kind {
			case criteria.Added:
				// What it is, in words, as the sentence says it.
				oldValue, newValue = "", addedDetail(d, c, lang)
			case criteria.Removed:
				oldValue, newValue = "", ""
			}
			rows = append(rows, []any{x.long(t.changes[i]), x.str(diffKinds[lang][c.Kind]), x.str(diffWhats[lang][c.What]),
				x.str(c.ID), x.str(attr), x.long(oldValue), x.long(newValue)})
		}
		if err := x.tableRows(sw, l.changeColumns, widths, rows); err != nil {
			return err
		}
		if err := xlsxTable(sw, "Changes", len(l.changeColumns), len(rows)+1); err != nil {
			return err
		}
		return x.done(sw, l.sheetChanges, len(l.changeColumns), max(len(rows)+1, 2))
	}
	steps := []func() error{summary, changes}
	if im := d.Impact; im != nil {
		steps = append(steps, func() error {
			header := append([]string{}, l.impactColumns...)
			widths := []float64{15, 30, 12, 8, 9, 12, 8, 9, 9}
			for _, leaf := range im.Leaves {
				header = append(header, plainText(leaf))
				widths = append(widths, 7)
			}
			sw, err := x.sheet(l.sheetImpact, sheetLayout{widths: widths, table: true})
			if err != nil {
				return err
			}
			var rows [][]any
			for _, ii := range im.Investments {
				row := []any{x.str(ii.ID), x.long(ii.Name), x.str(standingStatus(ii.Old, lang)), rankCell(x, ii.Old), scoreCell(x, ii.Old),
					x.str(standingStatus(ii.New, lang)), rankCell(x, ii.New), scoreCell(x, ii.New)}
				if ii.Old.Status != "" && ii.New.Status != "" {
					row = append(row, x.num(ii.Change*100, x.score))
					for _, a := range ii.Attribution {
						row = append(row, x.num(a*100, x.score))
					}
				}
				rows = append(rows, row)
			}
			header = uniqueHeaders(header)
			if err := x.tableRows(sw, header, widths, rows); err != nil {
				return err
			}
			if err := xlsxTable(sw, "Impact", len(header), len(rows)+1); err != nil {
				return err
			}
			return x.done(sw, l.sheetImpact, len(header), max(len(rows)+1, 2))
		})
		if len(t.gateChanges) > 0 {
			steps = append(steps, func() error {
				widths := []float64{15, 30, 36, 14, 14}
				sw, err := x.sheet(l.sheetGates, sheetLayout{widths: widths, table: true})
				if err != nil {
					return err
				}
				var rows [][]any
				for _, g := range t.gateChanges {
					rows = append(rows, []any{x.str(g.ID), x.long(g.Name), x.long(g.Gate), x.str(g.Old), x.str(g.New)})
				}
				if err := x.tableRows(sw, l.gateColumns, widths, rows); err != nil {
					return err
				}
				if err := xlsxTable(sw, "GateChanges", len(l.gateColumns), len(rows)+1); err != nil {
					return err
				}
				return x.done(sw, l.sheetGates, len(l.gateColumns), len(rows)+1)
			})
		}
	}
	return x.finish(w, steps, l.heading)
}

// standingStatus is a standing's status in words, or "" where the
// investment is not in that result.
func standingStatus(s scoring.Standing, lang string) string {
	if s.Status == "" {
		return ""
	}
	return investmentStatus(s.Status, lang)
}

func rankCell(x *xlsxWriter, s scoring.Standing) any {
	if s.Status == "" || s.Status == scoring.Excluded {
		return nil
	}
	return x.num(float64(s.Rank), x.integer)
}

func scoreCell(x *xlsxWriter, s scoring.Standing) any {
	if s.Status == "" {
		return nil
	}
	return x.num(s.Score*100, x.score)
}
