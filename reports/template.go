package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
)

// TemplateRows is how many data rows of the template carry the dropdowns
// and checks.
const TemplateRows = 1000

type templateWords struct {
	data, instructions, lists                   string
	heading, intro, missing, column, kind, what string
	required, optional, levels, yesno, unitText string
	numberTitle, numberMsg, dateTitle, dateMsg  string
	listTitle, listMsg, percentHint, dateHint   string
	kinds                                       map[portfolio.Kind]string
	yes, no                                     string
}

var templateLabels = map[string]templateWords{
	"sv": {
		data: "Investeringar", instructions: "Instruktioner", lists: "Listor",
		heading: "Så fyller ni i arbetsboken",
		intro:   "En rad per investering på bladet Investeringar, från rad 2. Rubrikerna på rad 1 är låsta: ändra dem inte, prio känner igen kolumnerna på dem. Kolumnerna beskrivs nedan.",
		missing: "Saknas en uppgift: lämna cellen tom eller skriv -, ?, TBD, saknas, uppgift saknas eller ej beslutat. Skriv aldrig 0 för en uppgift som saknas: noll är noll. Belopp anges i den enhet rubriken anger.",
		column:  "Kolumn", kind: "Typ", what: "Beskrivning",
		required: "obligatorisk", optional: "frivillig", levels: "Välj en av", yesno: "Ja eller Nej", unitText: "Belopp i",
		numberTitle: "Ett tal", numberMsg: "Skriv ett tal, till exempel 1 234,5, eller lämna cellen tom om uppgiften saknas.",
		dateTitle: "Ett datum", dateMsg: "Skriv ett datum, till exempel 2026-03-31.",
		listTitle: "Välj i listan", listMsg: "Välj ett av värdena i listan, eller lämna cellen tom om uppgiften saknas.",
		percentHint: "Procent: 25 betyder 25 %.", dateHint: "Datum: 2026-03-31, 2026-03 eller Q3 2026.",
		kinds: map[portfolio.Kind]string{portfolio.Text: "text", portfolio.Number: "tal", portfolio.Percent: "procent",
			portfolio.Scale: "skala", portfolio.YesNo: "ja/nej", portfolio.Date: "datum"},
		yes: "Ja", no: "Nej",
	},
	"en": {
		data: "Investments", instructions: "Instructions", lists: "Lists",
		heading: "How to fill in the workbook",
		intro:   "One row per investment on the sheet Investments, from row 2. The headers in row 1 are locked: do not change them, prio recognises the columns by them. The columns are described below.",
		missing: "If a value is missing, leave the cell blank or write -, ?, TBD or n/a. Never write 0 for a missing value: zero is zero. Amounts are in the unit the header names.",
		column:  "Column", kind: "Type", what: "Description",
		required: "required", optional: "optional", levels: "Choose one of", yesno: "Yes or No", unitText: "Amounts in",
		numberTitle: "A number", numberMsg: "Write a number, such as 1234.5, or leave the cell blank if the value is missing.",
		dateTitle: "A date", dateMsg: "Write a date, such as 2026-03-31.",
		listTitle: "Choose from the list", listMsg: "Choose one of the values in the list, or leave the cell blank if the value is missing.",
		percentHint: "Percent: 25 means 25 %.", dateHint: "Date: 2026-03-31, 2026-03 or Q3 2026.",
		kinds: map[portfolio.Kind]string{portfolio.Text: "text", portfolio.Number: "number", portfolio.Percent: "percent",
			portfolio.Scale: "scale", portfolio.YesNo: "yes/no", portfolio.Date: "date"},
		yes: "Yes", no: "No",
	},
}

// templateTime stamps the template's document properties: fixed, so that
// the same criteria set gives the same bytes.
var templateTime = time.Date(2017, 6, 8, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)

// TemplateHeader is the header the template writes for a field: its first
// header, with the unit as a hint ("Investeringsutgift (mnkr)"), or "(%)"
// for a percent field, so that a plain 25 means 25 %.
func TemplateHeader(f *criteria.Field) string {
	h := f.Headers[0]
	switch {
	case f.Unit.Name != "":
		return h + " (" + f.Unit.Name + ")"
	case f.Type == portfolio.Percent:
		return h + " (%)"
	}
	return h
}

// WriteTemplate writes an input workbook for agencies built from a criteria
// set's fields: an instructions sheet explaining each field and the missing
// markers; a sheet of one column per field with its header in row 1
// (locked; the data cells are not), a dropdown for every scale and yes/no
// field (lists on a hidden sheet), number checks for number and percent
// fields, a date check for dates, and each field's description as the input
// hint. Filled in, it imports back through prio unchanged. The same set and
// language give the same bytes.
func WriteTemplate(w io.Writer, set *criteria.Set, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	l := templateLabels[lang]
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{
		Created: templateTime, Modified: templateTime, Creator: "prio", LastModifiedBy: "prio",
		Title: set.Title.In(lang), Language: lang,
	}); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", l.instructions); err != nil {
		return err
	}
	for _, name := range []string{l.data, l.lists} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	if err := writeInstructions(f, set, l, lang); err != nil {
		return err
	}
	if err := writeDataSheet(f, set, l, lang); err != nil {
		return err
	}
	if err := f.SetSheetVisible(l.lists, false); err != nil {
		return err
	}
	idx, _ := f.GetSheetIndex(l.data)
	f.SetActiveSheet(idx)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func writeInstructions(f *excelize.File, set *criteria.Set, l templateWords, lang string) error {
	sheet := l.instructions
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	if err != nil {
		return err
	}
	wrapStyle, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	title := set.Title.In(lang)
	if title == "" {
		title = set.ID
	}
	rows := [][]any{
		{l.heading},
		{fmt.Sprintf("%s %s (%s)", title, set.Version, set.Status)},
		{l.intro},
		{l.missing},
		{},
		{l.column, l.kind, l.what},
	}
	for _, fd := range set.Fields {
		kind := l.kinds[fd.Type]
		if fd.Required {
			kind += ", " + l.required
		} else {
			kind += ", " + l.optional
		}
		var parts []string
		if t := fd.Title.In(lang); t != "" {
			parts = append(parts, t+".")
		}
		if d := fd.Description.In(lang); d != "" {
			parts = append(parts, d)
		}
		switch fd.Type {
		case portfolio.Scale:
			parts = append(parts, l.levels+": "+strings.Join(fd.Levels, ", ")+".")
		case portfolio.YesNo:
			parts = append(parts, l.yesno+".")
		case portfolio.Percent:
			parts = append(parts, l.percentHint)
		case portfolio.Date:
			parts = append(parts, l.dateHint)
		}
		if fd.Unit.Name != "" {
			parts = append(parts, l.unitText+" "+fd.Unit.Name+".")
		}
		rows = append(rows, []any{TemplateHeader(fd), kind, strings.Join(parts, " ")})
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	for _, cell := range []string{"A1", "A6", "B6", "C6"} {
		if err := f.SetCellStyle(sheet, cell, cell, bold); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(3, len(rows))
	if err := f.SetCellStyle(sheet, "A2", last, wrapStyle); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 40); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", "B", 22); err != nil {
		return err
	}
	return f.SetColWidth(sheet, "C", "C", 90)
}

func writeDataSheet(f *excelize.File, set *criteria.Set, l templateWords, lang string) error {
	sheet := l.data
	unlocked, err := f.NewStyle(&excelize.Style{Protection: &excelize.Protection{Locked: false}})
	if err != nil {
		return err
	}
	unlockedDate, err := f.NewStyle(&excelize.Style{Protection: &excelize.Protection{Locked: false}, CustomNumFmt: strPtr("yyyy-mm-dd")})
	if err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{
		Font:       &excelize.Font{Bold: true},
		Fill:       excelize.Fill{Type: "pattern", Color: []string{"D9E2F3"}, Pattern: 1},
		Alignment:  &excelize.Alignment{WrapText: true, Vertical: "top"},
		Protection: &excelize.Protection{Locked: true},
	})
	if err != nil {
		return err
	}
	listCol := 0
	for i, fd := range set.Fields {
		col := i + 1
		name, _ := excelize.ColumnNumberToName(col)
		if err := f.SetCellStr(sheet, name+"1", TemplateHeader(fd)); err != nil {
			return err
		}
		width := float64(max(14, min(40, utf8.RuneCountInString(TemplateHeader(fd))+2)))
		if err := f.SetColWidth(sheet, name, name, width); err != nil {
			return err
		}
		style := unlocked
		if fd.Type == portfolio.Date {
			style = unlockedDate
		}
		if err := f.SetColStyle(sheet, name, style); err != nil {
			return err
		}
		sqref := fmt.Sprintf("%s2:%s%d", name, name, TemplateRows+1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref
		hint := fd.Description.In(lang)
		if hint == "" {
			hint = fd.Title.In(lang)
		}
		switch fd.Type {
		case portfolio.Scale, portfolio.YesNo:
			values := fd.Levels
			if fd.Type == portfolio.YesNo {
				values = []string{l.yes, l.no}
			}
			listCol++
			listName, _ := excelize.ColumnNumberToName(listCol)
			for r, v := range values {
				if err := f.SetCellStr(l.lists, fmt.Sprintf("%s%d", listName, r+1), v); err != nil {
					return err
				}
			}
			dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$1:$%s$%d", l.lists, listName, listName, len(values)))
			dv.SetError(excelize.DataValidationErrorStyleStop, cut(l.listTitle, 32), cut(l.listMsg, 225))
			if hint == "" {
				hint = l.listMsg
			}
		case portfolio.Number, portfolio.Percent:
			if err := dv.SetRange(-1e15, 1e15, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, cut(l.numberTitle, 32), cut(l.numberMsg, 225))
			if hint == "" {
				hint = l.numberMsg
			}
		case portfolio.Date:
			// Excel's date serials from 1900-01-01 to 9999-12-31.
			if err := dv.SetRange(1, 2958465, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, cut(l.dateTitle, 32), cut(l.dateMsg, 225))
			if hint == "" {
				hint = l.dateMsg
			}
		default:
			if hint == "" {
				continue
			}
		}
		if hint != "" {
			dv.SetInput(cut(fd.Title.In(lang), 32), cut(hint, 250))
		}
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(set.Fields))
	if err := f.SetCellStyle(sheet, "A1", last+"1", header); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	// The header row is locked; the data cells are not. No password: the
	// protection guards against slips, not against intent.
	return f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true,
		InsertRows: true, DeleteRows: true, Sort: true, AutoFilter: true,
	})
}

func strPtr(s string) *string { return &s }

// cut shortens s to n runes: Excel limits the lengths of validation texts.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
