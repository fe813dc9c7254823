package reports

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteSummaryXLSX writes the cross-agency summary of a batch run as an
// Excel workbook, in o.Lang (Swedish by default). Its sheets:
//   - Agencies: per agency whether it ran, its investments, ranked (of
//     which flagged) and excluded, total cost, median score and k;
//   - Finansiering/Funding, when the agencies have selections: per agency
//     its budget, what the funded use, their value and number, and with
//     funding probabilities how many are robust yes and how many open;
//   - Common scale: every ranked investment of every agency, ranked
//     together by score, with its agency, rank within the agency, status
//     and top-k share;
//   - Comparability, when there is something to say: where comparing the
//     agencies on one scale is not fair (a criterion an agency has no
//     values for, a column accepted as absent, another criteria version);
//   - Uncertain places: the places in an agency's top k that are not firm,
//     the least firm first;
//   - Near the top k: investments outside their agency's top k with a
//     real chance of entering it;
//   - Starting points: per agency, the share of investments passing each
//     starting point;
//   - Errors, when an agency failed: its positioned problems, one a row;
//   - About this run: the criteria set and the sensitivity settings.
//
// Like [WriteXLSX], every sheet is ready to print on A4, text is written
// as strings, never formulas, and the same summary gives the same bytes.
func WriteSummaryXLSX(w io.Writer, s *BatchSummary, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	if err := checkSummary(s); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, lang: lang, l: packWords[lang], version: o.Version,
		reportName: summaryWords[lang].title, date: dateText(o.Date, lang)}
	if err := x.styles(); err != nil {
		return err
	}
	sx := &summaryXLSX{xlsxWriter: x, s: s, sl: summaryWords[lang]}
	steps := []func() error{sx.agencies}
	if hasSelections(s) {
		steps = append(steps, sx.selectionSheet)
	}
	if len(fairnessSentences(s, lang)) > 0 {
		steps = append(steps, sx.fairness)
	}
	steps = append(steps, sx.common, sx.fragile, sx.contenders, sx.gateRates)
	if failedAgencies(s) > 0 {
		steps = append(steps, sx.errors)
	}
	steps = append(steps, sx.about)
	return x.finish(w, steps, sx.sl.title+" – "+criteriaName(s.Criteria, lang))
}

type summaryXLSX struct {
	*xlsxWriter
	s  *BatchSummary
	sl summaryLabels
}

func failedAgencies(s *BatchSummary) int {
	n := 0
	for _, a := range s.Agencies {
		if a.Failed {
			n++
		}
	}
	return n
}

// costHeader is the header of the total-cost column: its unit, else the
// field's title, else the plain label.
func costHeader(s *BatchSummary, sl summaryLabels, lang string) string {
	switch {
	case s.Cost == nil:
		return sl.costNone
	case s.Cost.Unit != "":
		return fmt.Sprintf(sl.cost, s.Cost.Unit)
	}
	if t := plainText(s.Cost.Title.In(lang)); t != "" {
		return sl.costNone + " (" + t + ")"
	}
	return sl.costNone + " (" + plainText(s.Cost.Field) + ")"
}

func (x *summaryXLSX) agencies() error {
	sl := x.sl
	name := sl.sheetAgencies
	widths := []float64{30, 12, 12, 12, 12, 11, 14, 13, 13, 8}
	sw, err := x.sheet(name, sheetLayout{widths: widths, table: true})
	if err != nil {
		return err
	}
	header := []string{sl.agency, sl.runStatus, sl.investments, sl.rankedCol, sl.flaggedCol, sl.excludedCol,
		costHeader(x.s, sl, x.lang), sl.costMissing, sl.median, sl.topKCol}
	var rows [][]any
	for i := range x.s.Agencies {
		a := &x.s.Agencies[i]
		if a.Failed {
			rows = append(rows, []any{x.long(a.Name), x.str(sl.failed)})
			continue
		}
		var cost, missing, median, top any
		if x.s.Cost != nil {
			cost = x.num(a.Cost, x.score)
			missing = x.num(float64(a.CostMissing), x.integer)
		}
		if m, ok := a.median(); ok {
			median = x.num(m*100, x.score)
		}
		if a.Top > 0 {
			top = x.num(float64(a.Top), x.integer)
		}
		rows = append(rows, []any{
			x.long(a.Name), x.str(sl.ok), x.num(float64(a.Investments), x.integer), x.num(float64(a.Ranked), x.integer),
			x.num(float64(a.Flagged), x.integer), x.num(float64(a.Excluded), x.integer), cost, missing, median, top,
		})
	}
	return x.table(sw, name, "Agencies", header, widths, rows)
}

// table writes a sheet's one table from row 1, with filters, sets its
// print area and flushes it.
func (x *summaryXLSX) table(sw *excelize.StreamWriter, sheet, table string, header []string, widths []float64, rows [][]any) error {
	if err := x.tableRows(sw, header, widths, rows); err != nil {
		return err
	}
	if err := xlsxTable(sw, table, len(header), len(rows)+1); err != nil {
		return err
	}
	return x.done(sw, sheet, len(header), max(len(rows)+1, 2))
}

// fairness writes the sentences saying where the agencies cannot be
// compared on one scale, one a row.
func (x *summaryXLSX) fairness() error {
	sl := x.sl
	name := sl.sheetFairness
	widths := []float64{110}
	sw, err := x.sheet(name, sheetLayout{widths: widths})
	if err != nil {
		return err
	}
	rows := [][]any{{x.styled(sl.fairness, x.bold)}, {x.long(sl.fairnessIntro)}}
	for _, line := range fairnessSentences(x.s, x.lang) {
		rows = append(rows, []any{x.long(line)})
	}
	if err := x.setRows(sw, 1, rows, widths); err != nil {
		return err
	}
	return x.done(sw, name, 1, len(rows))
}

func (x *summaryXLSX) common() error {
	l, sl := x.l, x.sl
	name := sl.sheetCommon
	widths := []float64{7, 26, 10, 15, 40, 11, 10, 10}
	sw, err := x.sheet(name, sheetLayout{widths: widths, table: true})
	if err != nil {
		return err
	}
	header := []string{sl.place, sl.agency, sl.rankInAgency, l.id, l.name, l.status, l.scoreUnit, sl.topKShare}
	var rows [][]any
	for _, e := range commonScale(x.s) {
		var share any
		if e.Inv.TopK != nil {
			share = x.num(*e.Inv.TopK, x.pct)
		}
		rows = append(rows, []any{
			x.num(float64(e.Position), x.integer), x.long(x.s.Agencies[e.Agency].Name), x.num(float64(e.Inv.Rank), x.integer),
			x.str(e.Inv.ID), x.long(e.Inv.Name), x.str(investmentStatus(e.Inv.Status, x.lang)), x.num(e.Inv.Score*100, x.score), share,
		})
	}
	if err := x.dataBar(name, 7, len(rows)+1, "100"); err != nil {
		return err
	}
	return x.table(sw, name, "CommonScale", header, widths, rows)
}

// places writes a sheet of places in the agencies' top k, or near it.
func (x *summaryXLSX) places(name, table string, entries []commonEntry) error {
	l, sl := x.l, x.sl
	widths := []float64{26, 7, 7, 15, 40, 10, 10}
	sw, err := x.sheet(name, sheetLayout{widths: widths, table: true})
	if err != nil {
		return err
	}
	header := []string{sl.agency, sl.topKCol, l.rank, l.id, l.name, l.scoreUnit, sl.topKShare}
	var rows [][]any
	for _, e := range entries {
		a := &x.s.Agencies[e.Agency]
		rows = append(rows, []any{
			x.long(a.Name), x.num(float64(a.Top), x.integer), x.num(float64(e.Inv.Rank), x.integer), x.str(e.Inv.ID), x.long(e.Inv.Name),
			x.num(e.Inv.Score*100, x.score), x.num(*e.Inv.TopK, x.pct),
		})
	}
	return x.table(sw, name, table, header, widths, rows)
}

func (x *summaryXLSX) fragile() error {
	return x.places(x.sl.sheetFragile, "UncertainPlaces", fragilePlaces(x.s))
}

func (x *summaryXLSX) contenders() error {
	return x.places(x.sl.sheetContenders, "NearTopK", contenders(x.s))
}

func (x *summaryXLSX) gateRates() error {
	sl := x.sl
	widths := []float64{26}
	header := []string{sl.agency}
	for _, g := range x.s.Gates {
		h := plainText(g.ID)
		if t := plainText(g.Title.In(x.lang)); t != "" {
			h += " " + t
		}
		header = append(header, h)
		widths = append(widths, 16)
	}
	sw, err := x.sheet(sl.sheetGates, sheetLayout{widths: widths, table: true})
	if err != nil {
		return err
	}
	var rows [][]any
	for i := range x.s.Agencies {
		a := &x.s.Agencies[i]
		if a.Failed {
			continue
		}
		row := []any{x.long(a.Name)}
		for _, g := range a.Gates {
			var share any
			if g.Total > 0 {
				share = x.num(float64(g.Passed)/float64(g.Total), x.pct)
			}
			row = append(row, share)
		}
		rows = append(rows, row)
	}
	return x.table(sw, sl.sheetGates, "GateRates", uniqueHeaders(header), widths, rows)
}

func (x *summaryXLSX) errors() error {
	sl := x.sl
	widths := []float64{26, 90}
	sw, err := x.sheet(sl.sheetErrors, sheetLayout{widths: widths, table: true})
	if err != nil {
		return err
	}
	var rows [][]any
	for _, a := range x.s.Agencies {
		for _, e := range a.Errors {
			rows = append(rows, []any{x.long(a.Name), x.long(e)})
		}
	}
	return x.table(sw, sl.sheetErrors, "Errors", []string{sl.agency, sl.problem}, widths, rows)
}

func (x *summaryXLSX) about() error {
	l, s := x.l, x.s
	widths := []float64{24, 60}
	sw, err := x.sheet(l.sheetAbout, sheetLayout{widths: widths})
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(l.key, l.val)}
	add := func(k string, v any) { rows = append(rows, []any{x.str(k), v}) }
	add(l.criteriaSet, x.long(criteriaName(s.Criteria, x.lang)))
	add(l.criteriaID, x.str(s.Criteria.ID))
	add(l.criteriaVersion, x.str(s.Criteria.Version))
	add(l.criteriaStatus, x.str(statusWord(s.Criteria.Status, x.lang)))
	add(l.sha256, x.long(s.Criteria.SHA256))
	if x.date != "" {
		add(l.date, x.str(x.date))
	}
	add(l.seed, x.str(fmt.Sprint(s.Seed)))
	add(l.samples, x.num(float64(s.Samples), x.integer))
	add(l.weightsModel, x.str(weightModel(s.Weights, x.lang)))
	add(l.top, x.num(float64(s.Top), x.integer))
	if x.version != "" {
		add(l.prioVersion, x.str(x.version))
	}
	if err := x.setRows(sw, 1, rows, widths); err != nil {
		return err
	}
	return x.done(sw, l.sheetAbout, 2, len(rows))
}
