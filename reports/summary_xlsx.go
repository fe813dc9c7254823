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
//   - Common scale: every ranked investment of every agency, ranked
//     together by score, with its agency, rank within the agency, status
//     and top-k share;
//   - Uncertain places: the places in an agency's top k that are not firm,
//     the least firm first;
//   - Starting points: per agency, the share of investments passing each
//     starting point;
//   - Errors, when an agency failed: its positioned problems, one a row;
//   - About this run: the criteria set and the sensitivity settings.
//
// Like [WriteXLSX], text is written as strings, never formulas, and the
// same summary gives the same bytes.
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
	x := &xlsxWriter{f: f, lang: lang, l: packWords[lang], version: o.Version}
	if err := x.styles(); err != nil {
		return err
	}
	sx := &summaryXLSX{xlsxWriter: x, s: s, sl: summaryWords[lang]}
	steps := []func() error{sx.agencies, sx.common, sx.fragile, sx.gateRates}
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
	sw, err := x.sheet(name, []float64{30, 14, 14, 12, 14, 12, 18, 14, 14, 8}, true)
	if err != nil {
		return err
	}
	header := []string{sl.agency, sl.runStatus, sl.investments, sl.rankedCol, sl.flaggedCol, sl.excludedCol,
		costHeader(x.s, sl, x.lang), sl.costMissing, sl.median, sl.topKCol}
	rows := [][]any{x.headerRow(header...)}
	for i := range x.s.Agencies {
		a := &x.s.Agencies[i]
		if a.Failed {
			rows = append(rows, []any{x.str(a.Name), x.str(sl.failed)})
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
			x.str(a.Name), x.str(sl.ok), x.num(float64(a.Investments), x.integer), x.num(float64(a.Ranked), x.integer),
			x.num(float64(a.Flagged), x.integer), x.num(float64(a.Excluded), x.integer), cost, missing, median, top,
		})
	}
	if err := xlsxSetRows(sw, rows); err != nil {
		return err
	}
	if err := xlsxTable(sw, "Agencies", len(header), len(rows)); err != nil {
		return err
	}
	return sw.Flush()
}

func (x *summaryXLSX) common() error {
	l, sl := x.l, x.sl
	name := sl.sheetCommon
	sw, err := x.sheet(name, []float64{8, 30, 12, 16, 46, 12, 12, 12}, true)
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(sl.place, sl.agency, sl.rankInAgency, l.id, l.name, l.status, l.scoreUnit, sl.topKShare)}
	for _, e := range commonScale(x.s) {
		var share any
		if e.Inv.TopK != nil {
			share = x.num(*e.Inv.TopK, x.pct)
		}
		rows = append(rows, []any{
			x.num(float64(e.Position), x.integer), x.str(x.s.Agencies[e.Agency].Name), x.num(float64(e.Inv.Rank), x.integer),
			x.str(e.Inv.ID), x.str(e.Inv.Name), x.str(investmentStatus(e.Inv.Status, x.lang)), x.num(e.Inv.Score*100, x.score), share,
		})
	}
	if err := xlsxSetRows(sw, rows); err != nil {
		return err
	}
	if err := xlsxTable(sw, "CommonScale", 8, len(rows)); err != nil {
		return err
	}
	if len(rows) > 1 {
		if err := x.f.SetConditionalFormat(name, "G2:"+xlsxCellName(7, len(rows)), []excelize.ConditionalFormatOptions{{
			Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "100",
			BarColor: "#6BAED6", BarSolid: true,
		}}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func (x *summaryXLSX) fragile() error {
	l, sl := x.l, x.sl
	sw, err := x.sheet(sl.sheetFragile, []float64{30, 8, 8, 16, 46, 12, 12}, true)
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(sl.agency, sl.topKCol, l.rank, l.id, l.name, l.scoreUnit, sl.topKShare)}
	for _, e := range fragilePlaces(x.s) {
		a := &x.s.Agencies[e.Agency]
		rows = append(rows, []any{
			x.str(a.Name), x.num(float64(a.Top), x.integer), x.num(float64(e.Inv.Rank), x.integer), x.str(e.Inv.ID), x.str(e.Inv.Name),
			x.num(e.Inv.Score*100, x.score), x.num(*e.Inv.TopK, x.pct),
		})
	}
	if err := xlsxSetRows(sw, rows); err != nil {
		return err
	}
	if err := xlsxTable(sw, "UncertainPlaces", 7, len(rows)); err != nil {
		return err
	}
	return sw.Flush()
}

func (x *summaryXLSX) gateRates() error {
	sl := x.sl
	widths := []float64{30}
	header := []string{sl.agency}
	for _, g := range x.s.Gates {
		h := plainText(g.ID)
		if t := plainText(g.Title.In(x.lang)); t != "" {
			h += " " + t
		}
		header = append(header, h)
		widths = append(widths, 18)
	}
	sw, err := x.sheet(sl.sheetGates, widths, true)
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(uniqueHeaders(header)...)}
	for i := range x.s.Agencies {
		a := &x.s.Agencies[i]
		if a.Failed {
			continue
		}
		row := []any{x.str(a.Name)}
		for _, g := range a.Gates {
			var share any
			if g.Total > 0 {
				share = x.num(float64(g.Passed)/float64(g.Total), x.pct)
			}
			row = append(row, share)
		}
		rows = append(rows, row)
	}
	if err := xlsxSetRows(sw, rows); err != nil {
		return err
	}
	if err := xlsxTable(sw, "GateRates", len(header), len(rows)); err != nil {
		return err
	}
	return sw.Flush()
}

func (x *summaryXLSX) errors() error {
	sl := x.sl
	sw, err := x.sheet(sl.sheetErrors, []float64{30, 100}, true)
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(sl.agency, sl.problem)}
	for _, a := range x.s.Agencies {
		for _, e := range a.Errors {
			rows = append(rows, []any{x.str(a.Name), x.long(e)})
		}
	}
	if err := xlsxSetRows(sw, rows); err != nil {
		return err
	}
	if err := xlsxTable(sw, "Errors", 2, len(rows)); err != nil {
		return err
	}
	return sw.Flush()
}

func (x *summaryXLSX) about() error {
	l, s := x.l, x.s
	sw, err := x.sheet(l.sheetAbout, []float64{28, 70}, false)
	if err != nil {
		return err
	}
	rows := [][]any{x.headerRow(l.key, l.val)}
	add := func(k string, v any) { rows = append(rows, []any{x.str(k), v}) }
	add(l.criteriaSet, x.str(criteriaName(s.Criteria, x.lang)))
	add(l.criteriaID, x.str(s.Criteria.ID))
	add(l.criteriaVersion, x.str(s.Criteria.Version))
	add(l.criteriaStatus, x.str(statusWord(s.Criteria.Status, x.lang)))
	add(l.sha256, x.str(s.Criteria.SHA256))
	add(l.seed, x.str(fmt.Sprint(s.Seed)))
	add(l.samples, x.num(float64(s.Samples), x.integer))
	add(l.weightsModel, x.str(weightModel(s.Weights, x.lang)))
	add(l.top, x.num(float64(s.Top), x.integer))
	if x.version != "" {
		add(l.prioVersion, x.str(x.version))
	}
	if err := xlsxSetRows(sw, rows); err != nil {
		return err
	}
	return sw.Flush()
}
