package reports

import (
	"slices"
	"strconv"
	"sync"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// ReportCache lets the reports of packs with the same Score, Set and
// Portfolio, written with the same Options, make once what they have in
// common and depends on nothing else: the workbook's Contributions,
// Starting points and Inputs sheets, and the HTML pack's contributions
// charts. A batch writes two packs per agency (score and sensitivity)
// whose workbooks have those three largest sheets as the same XML and
// whose HTML packs draw the same contributions charts: the second takes
// them, the sheets deflated, from the first instead of making them again.
// A report written with a cache has the same bytes as one without.
//
// A ReportCache holds what it was given until it is dropped: give one to
// the packs of one result, not to every pack of a run. It may be used by
// one report at a time or by several.
type ReportCache struct {
	mu     sync.Mutex
	sheets map[sharedSheetKey]*sharedSheet
	charts []sharedCharts
	hits   int // the sheets and charts taken from the cache, for the tests
}

// NewReportCache returns an empty cache.
func NewReportCache() *ReportCache {
	return &ReportCache{sheets: map[sharedSheetKey]*sharedSheet{}}
}

// sharedSheetKey is everything a shared sheet's part depends on: the step
// that makes it, the pack's data it reads, the words (language), the
// report's name and date in its printed header, and the workbook's style
// ids its cells carry.
type sharedSheetKey struct {
	step             string
	score            *scoring.Result
	set              *criteria.Set
	portfolio        *portfolio.Portfolio
	lang             string
	reportName, date string
	styles           [10]int
}

// sharedSheet is a sheet's part as a workbook made it: the number of rows
// of its table (what the step's tail needs) and the part deflated in a zip
// of its own (as xlsxPackage keeps every part; the part's name in it is
// the first workbook's).
type sharedSheet struct {
	rows int
	zip  blockBuffer
}

// sheetOffer is a sheet a workbook made that goes into the cache once the
// package has deflated its part.
type sheetOffer struct {
	cache *ReportCache
	key   sharedSheetKey
	rows  int
}

// keep puts the deflated part of an offered sheet in the cache; a sheet
// already there stays.
func (o *sheetOffer) keep(zip blockBuffer) {
	o.cache.mu.Lock()
	defer o.cache.mu.Unlock()
	if _, ok := o.cache.sheets[o.key]; !ok {
		o.cache.sheets[o.key] = &sharedSheet{rows: o.rows, zip: zip}
	}
}

// shareSheet is called by a step right after x.sheet made its sheet. When
// an earlier workbook made the same sheet, it returns that sheet: the step
// then writes its table's header (the table part is made from it) but
// none of its rows, and the package puts the cached part in the place of
// the one excelize writes. Otherwise it returns nil and made, which the
// step calls with its table's rows once the sheet is done, so that the
// package keeps the sheet's part for the next workbook.
func (x *xlsxWriter) shareSheet(step string) (cached *sharedSheet, made func(rows int)) {
	c := x.p.Shared
	if c == nil || x.sheets < 2 {
		// No cache; or the first sheet, which is the active one and whose
		// part says so (no step that shares makes it).
		return nil, func(int) {}
	}
	key := sharedSheetKey{step: step, score: x.p.Score, set: x.p.Set, portfolio: x.p.Portfolio,
		lang: x.lang, reportName: x.reportName, date: x.date,
		styles: [10]int{x.header, x.text, x.wrap, x.score, x.pct, x.integer, x.title, x.bold, x.draft, x.lead}}
	// The part excelize writes the sheet to: NewSheet numbers the sheets
	// from 1 in the order they are made, and x.sheet counts them.
	path := "xl/worksheets/sheet" + strconv.Itoa(x.sheets) + ".xml" // not a message: a part's name
	c.mu.Lock()
	s := c.sheets[key]
	if s != nil {
		c.hits++
	}
	c.mu.Unlock()
	if s != nil {
		if x.reused == nil {
			x.reused = map[string]*sharedSheet{}
		}
		x.reused[path] = s
		return s, func(int) {}
	}
	return nil, func(rows int) {
		if x.offers == nil {
			x.offers = map[string]*sheetOffer{}
		}
		x.offers[path] = &sheetOffer{cache: c, key: key, rows: rows}
	}
}

// sharedCharts are charts of a pack's HTML report and what they were
// drawn from: the step that drew them (its id), the pack's result and set
// (the colours), the language and the investments shown, in order.
type sharedCharts struct {
	id, lang string
	score    *scoring.Result
	set      *criteria.Set
	rows     []*scoring.Assessment
	charts   []packChart
}

// contributionsCharts returns contributionsCharts(p, rows, lang, id),
// drawn once for the packs that share c (nil: drawn every time). The
// charts are shared: they must not be changed.
func (c *ReportCache) contributionsCharts(p *Pack, rows []storyRow, lang, id string) ([]packChart, error) {
	if c == nil {
		return contributionsCharts(p, rows, lang, id)
	}
	shown := make([]*scoring.Assessment, len(rows))
	for i, row := range rows {
		shown[i] = row.Assessment
	}
	c.mu.Lock()
	for _, sc := range c.charts {
		if sc.id == id && sc.lang == lang && sc.score == p.Score && sc.set == p.Set && slices.Equal(sc.rows, shown) {
			c.hits++
			c.mu.Unlock()
			return sc.charts, nil
		}
	}
	c.mu.Unlock()
	charts, err := contributionsCharts(p, rows, lang, id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.charts = append(c.charts, sharedCharts{id: id, lang: lang, score: p.Score, set: p.Set, rows: shown, charts: charts})
	return charts, nil
}
