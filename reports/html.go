package reports

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"image/color"
	"io"
	"strings"
	"unicode"

	"github.com/prio-tool/prio/messages"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/scoring"
)

//go:embed pack.html.tmpl
var packTemplateText string

//go:embed pack.css
var packCSS string

var packTemplate = template.Must(template.New("pack").Funcs(template.FuncMap{"nobreak": nobreak}).Parse(packTemplateText))

// maxPortraitColumns is the most columns a table of the pack prints on a
// portrait A4 page at 8 pt; a wider one gets a landscape page of its own.
const maxPortraitColumns = 16

// The view the template renders: every string in it is plain text in the
// report's language, which html/template escapes; only the charts' SVG is
// trusted HTML, built by svgChart with every text in it escaped.
type (
	htmlView struct {
		Lang, DocTitle, Generator string
		CSS                       template.CSS
		// PrintHeader heads every printed page; PageWord and OfWord make
		// its footer, "Sida 3 av 12".
		PrintHeader, PageWord, OfWord string
		S                             story
		L                             htmlLabels
		SummaryHref                   string
		TOC                           []htmlTOC
		TopTable                      htmlTable
		Selection                     *htmlSelection
		Firmness                      *htmlFirmness
		RankingTable, Groups          htmlTable
		Contrib                       *htmlContrib
		GateTable, GateResults        htmlTable
		Stability                     *htmlStability
		About, Inputs                 htmlTable
		Warnings                      []string
		GateDefs, Cells, Fields       htmlTable
	}
	htmlLabels struct {
		Summary, Contents, Firmness, Ranking, Contrib, Gates, Stability, About, Appendix string
		DependHeading, ContendersHeading, AgencyGroups, Warnings, None, NoGateResults    string
		BackToSummary, Date, LegendHeading, AppendixIntro                                string
	}
	htmlTOC struct{ ID, Text string }
	// htmlFirmness is the chapter on how firm the places are.
	htmlFirmness struct {
		Run, Thresholds string
		Charts          []htmlFigure
		Legend          []htmlLegend
		Table           htmlTable
	}
	htmlContrib struct {
		Charts []htmlFigure
		Legend []htmlLegendGroup
		Table  htmlTable
	}
	htmlStability struct {
		Note   string
		Figure htmlFigure
		Legend []htmlLegend
		Table  htmlTable
	}
	htmlFigure struct {
		ID, Number, Title, Desc, TableRef string
		SVG                               template.HTML
		Break                             bool // starts a new page: a later panel of a split chart
	}
	// htmlLegend is a legend entry: a mark drawn by CSS and its text.
	htmlLegend struct {
		Mark   string // the CSS class of the mark: swatch, dot, bar, line, band, diamond
		Colour string // a #rrggbb colour, for a swatch
		Text   string
	}
	htmlLegendGroup struct {
		Title string
		Items []htmlLegend
	}
	htmlTable struct {
		ID, Caption string
		Head        []htmlCell
		Rows        [][]htmlCell
		Wide        bool // more columns than a portrait page holds: print landscape
	}
	htmlCell struct {
		Text   string
		Num    bool // right-aligned number
		Header bool // a row header (th scope=row)
		Prose  bool // a sentence: numbers and ids kept whole
	}
)

func cellText(s string) htmlCell  { return htmlCell{Text: s} }
func cellNum(s string) htmlCell   { return htmlCell{Text: s, Num: true} }
func cellHead(s string) htmlCell  { return htmlCell{Text: s, Header: true} }
func cellProse(s string) htmlCell { return htmlCell{Text: s, Prose: true} }

func headCells(names ...string) []htmlCell {
	out := make([]htmlCell, len(names))
	for i, n := range names {
		out[i] = htmlCell{Text: n}
	}
	return out
}

// nobreak escapes a sentence for HTML and keeps every word that holds a
// digit whole (an id such as EXV-2028-142, a share "98 %", a range "2–9",
// an amount "20,2 mnkr"), so that a line never breaks inside one.
func nobreak(s string) template.HTML {
	var b strings.Builder
	for i, word := range strings.Split(s, " ") {
		if i > 0 {
			b.WriteByte(' ')
		}
		if strings.IndexFunc(word, unicode.IsDigit) >= 0 {
			b.WriteString(`<span class="nw">`)
			b.WriteString(template.HTMLEscapeString(word))
			b.WriteString(`</span>`)
			continue
		}
		b.WriteString(template.HTMLEscapeString(word))
	}
	return template.HTML(b.String()) //nolint:gosec // every part escaped above
}

// WriteHTML writes a pack as one self-contained HTML file for a
// recommendation meeting, in o.Lang (Swedish by default): no scripts, no
// external requests (its style sheet and charts are inline; a Content
// Security Policy forbids anything else), laid out for A4 when printed,
// with the title, agency and date atop every page and "page x of y" under
// it. Its first page tells the story: the agency, the criteria set with
// its version and status (a draft flagged loudly), the date of the run
// (o.Date), a three-line summary and the top k with how firm each place
// is, and the contents. Chapters follow, each on a new page: with a
// selection, what to fund within the budget frames (the budget used per
// year as bars, the frontier with the ranking line and the budget given
// when it was asked for, the funded and those not funded with the reasons
// and funding probabilities); how firm the
// places are (a dot-and-interval chart of every ranked investment's rank
// and the central 90 % of its sampled ranks, the investments whose place
// depends on missing data in plain sentences, those that may enter the
// top k), the ranking, what the scores are made of (a chart of the
// contributions, coloured by criteria group), the starting points with
// each failure in a sentence, the stability of the weights, the run, and
// an appendix with the conditions, source cells and field ids. Up to
// maxShown ranked investments it lists all; beyond, the top maxShown and
// the counts per agency.
//
// Accessibility (WCAG 2.1 AA): the page's language is set, headings go in
// order, data tables have captions and header cells, every chart is an
// image with a title and a description and its numbers are also in a
// table, text contrast is at least 4.5:1 and the layout reflows at 200 %
// zoom. All text from the inputs is escaped by html/template.
func WriteHTML(w io.Writer, p *Pack, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	if err := checkPack(p); err != nil {
		return err
	}
	v, err := newHTMLView(p, lang, o)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := packTemplate.Execute(&b, v); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// pageWords are the words of the printed footer, "Sida 3 av 12".
var pageWords = map[string][2]string{"sv": {"Sida", "av"}, "en": {"Page", "of"}}

func newHTMLView(p *Pack, lang string, o Options) (*htmlView, error) {
	l := packWords[lang]
	r := p.Score
	s := newStory(p, lang, o.Date)
	num := func(n int) string { return FormatNumber(float64(n), 0, lang) }
	k := num(s.K)
	v := &htmlView{
		Lang:        lang,
		DocTitle:    s.Title,
		Generator:   strings.TrimSpace("prio " + o.Version),
		CSS:         template.CSS(packCSS),
		PrintHeader: s.Title,
		PageWord:    pageWords[lang][0], OfWord: pageWords[lang][1],
		S:           s,
		SummaryHref: p.SummaryHref,
		L: htmlLabels{
			Summary: l.summary, Contents: l.contents, Firmness: l.firmnessChapter, Ranking: l.ranking,
			Contrib: l.contribChapter, Gates: l.gates, Stability: l.stability, About: l.about, Appendix: l.appendix,
			DependHeading: l.dependHeading, ContendersHeading: fmt.Sprintf(l.contendersHeading, k),
			AgencyGroups: l.agencyGroups, Warnings: l.warnings, None: noneWord[lang], NoGateResults: l.noGateResults,
			BackToSummary: l.backToSummary, Date: l.date, LegendHeading: l.legendHeading, AppendixIntro: l.appendixIntro,
		},
		Warnings: plainTexts(messages.Strings(r.Warnings, messages.Lang(lang))),
	}
	if s.Date != "" {
		v.DocTitle += " – " + s.Date
		v.PrintHeader += " · " + s.Date
	}
	if p.Sensitivity != nil {
		v.Warnings = plainTexts(messages.Strings(p.Sensitivity.Warnings, messages.Lang(lang)))
	}
	if p.Selection != nil {
		v.Warnings = append(v.Warnings, plainTexts(messages.Strings(p.Selection.Outcome.Setup.Warnings, messages.Lang(lang)))...)
	}

	// The top k.
	v.TopTable = htmlTable{ID: "tab-top", Caption: fmt.Sprintf(l.topCaption, k), Head: headCells(l.rank, l.id, l.name, l.score)}
	if s.Firmness {
		v.TopTable.Caption = fmt.Sprintf(l.topCaptionFirm, k)
		v.TopTable.Head = append(v.TopTable.Head, headCells(l.firmness, fmt.Sprintf(l.topKShare, k), l.interval90)...)
		v.TopTable.Head[5].Num, v.TopTable.Head[6].Num = true, true
	}
	v.TopTable.Head[0].Num, v.TopTable.Head[3].Num = true, true
	for _, t := range s.Top {
		row := []htmlCell{cellNum(t.Rank), cellHead(t.ID), cellText(t.Name), cellNum(t.Score)}
		if s.Firmness {
			row = append(row, cellText(t.Verdict), cellNum(t.Share), cellNum(t.Interval))
		}
		v.TopTable.Rows = append(v.TopTable.Rows, row)
	}

	figure := 0
	nextFigure := func() string { figure++; return fmt.Sprintf(l.figure, figure) }
	figures := func(charts []packChart, tableRef string) []htmlFigure {
		number := nextFigure()
		out := make([]htmlFigure, len(charts))
		for i, c := range charts {
			out[i] = newFigure(c, number, tableRef)
			out[i].Break = i > 0
		}
		return out
	}

	// What to fund within the budget frames: the recommendation, first.
	if p.Selection != nil {
		hs, err := newHTMLSelection(p.Selection, lang, nextFigure)
		if err != nil {
			return nil, err
		}
		v.Selection = hs
	}

	// How firm the places are.
	if sens := p.Sensitivity; sens != nil && len(s.Rows) > 0 {
		hf := &htmlFirmness{
			Run:        fmt.Sprintf(l.sensitivityRun, num(sens.Samples), fmt.Sprint(sens.Seed), weightModel(sens.Weights, lang), k),
			Thresholds: s.Thresholds,
			Legend: []htmlLegend{
				{Mark: "dot", Text: l.legendRank}, {Mark: "bar", Text: l.legendInterval},
				{Mark: "line", Text: fmt.Sprintf(l.legendTopLine, k)},
			},
		}
		hf.Table = htmlTable{ID: "tab-firmness", Caption: l.firmnessCaption,
			Head: headCells(l.rank, l.id, l.name, l.score, l.firmness, fmt.Sprintf(l.topKShare, k), l.interval90, l.rankRangeMissing)}
		for _, i := range []int{0, 3, 5, 6, 7} {
			hf.Table.Head[i].Num = true
		}
		for _, row := range s.Rows {
			hf.Table.Rows = append(hf.Table.Rows, []htmlCell{
				cellNum(row.Rank), cellHead(row.ID), cellText(row.Name), cellNum(row.Score),
				cellText(row.Verdict), cellNum(row.Share), cellNum(row.Interval), cellNum(row.Range),
			})
		}
		charts, err := firmnessCharts(s.Rows, sens.Top, lang, "fig-firmness")
		if err != nil {
			return nil, err
		}
		hf.Charts = figures(charts, fmt.Sprintf(l.tableOfNumbers, hf.Table.Caption))
		v.Firmness = hf
	}

	// The ranking: the shown ranked investments, then the shown excluded.
	v.RankingTable = htmlTable{ID: "tab-ranking", Caption: l.rankingCaption}
	multiAgency := severalAgencies(r)
	head := []string{l.rank, l.id, l.name}
	if multiAgency {
		head = append(head, l.agency)
	}
	head = append(head, l.status, l.score, l.failedGates, l.missing)
	v.RankingTable.Head = headCells(head...)
	v.RankingTable.Head[0].Num = true
	v.RankingTable.Head[len(head)-3].Num = true
	addRanking := func(a *scoring.Assessment) {
		row := []htmlCell{cellNum(assessmentRank(a, lang)), cellHead(plainText(a.ID)), cellText(plainText(a.Name))}
		if multiAgency {
			row = append(row, cellText(plainText(a.Agency)))
		}
		row = append(row, cellText(investmentStatus(a.Status, lang)), cellNum(FormatNumber(a.Score*100, 1, lang)),
			cellText(strings.Join(a.FailedGates(), ", ")), cellText(strings.Join(a.Missing, ", ")))
		v.RankingTable.Rows = append(v.RankingTable.Rows, row)
	}
	for _, row := range s.Rows {
		addRanking(row.Assessment)
	}
	excluded := excludedAssessments(r)
	for _, a := range excluded[:s.ShownExcluded] {
		addRanking(a)
	}
	if s.Truncated != "" || s.TruncatedExcluded != "" {
		v.Groups = htmlTable{ID: "tab-groups", Caption: l.groupsCaption,
			Head: []htmlCell{{Text: l.agency}, {Text: l.rank + " 1", Num: true}}}
		v.Groups.Head = []htmlCell{{Text: l.agency}, {Text: summaryWords[lang].investments, Num: true},
			{Text: summaryWords[lang].rankedCol, Num: true}, {Text: l.shown, Num: true},
			{Text: summaryWords[lang].excludedCol, Num: true}, {Text: summaryWords[lang].bestRank, Num: true}}
		for _, g := range agencyGroups(r, s.Shown) {
			best := ""
			if g.BestRank > 0 {
				best = num(g.BestRank)
			}
			v.Groups.Rows = append(v.Groups.Rows, []htmlCell{cellHead(g.Agency), cellNum(num(g.Investments)),
				cellNum(num(g.Ranked)), cellNum(num(g.Shown)), cellNum(num(g.Excluded)), cellNum(best)})
		}
	}

	// What the scores are made of.
	if len(s.Rows) > 0 {
		hc := &htmlContrib{}
		hc.Table = htmlTable{ID: "tab-contrib", Caption: l.contribCaption, Head: []htmlCell{{Text: l.rank, Num: true}, {Text: l.id}}}
		for _, c := range r.Leaves {
			hc.Table.Head = append(hc.Table.Head, htmlCell{Text: plainText(c.ID), Num: true})
		}
		hc.Table.Head = append(hc.Table.Head, htmlCell{Text: l.total, Num: true})
		hc.Table.Wide = len(hc.Table.Head) > maxPortraitColumns
		for _, row := range s.Rows {
			a := row.Assessment
			cells := []htmlCell{cellNum(row.Rank), cellHead(row.ID)}
			for _, x := range a.Contributions {
				cells = append(cells, cellNum(FormatNumber(x*100, 1, lang)))
			}
			hc.Table.Rows = append(hc.Table.Rows, append(cells, cellNum(row.Score)))
		}
		charts, err := p.Shared.contributionsCharts(p, s.Rows, lang, "fig-contrib")
		if err != nil {
			return nil, err
		}
		hc.Charts = figures(charts, fmt.Sprintf(l.tableOfNumbers, hc.Table.Caption))
		hc.Legend = contributionLegend(p, lang)
		v.Contrib = hc
	}

	// The starting points and the investments that failed them.
	gt := newGateTexter(p.Set, r, lang)
	v.GateTable = htmlTable{ID: "tab-gates", Caption: l.gatesCaption, Head: headCells(l.gate, l.gateTitle, l.what, l.failedGates)}
	v.GateTable.Head[3].Num = true
	v.GateTable.Head[3].Text = summaryWords[lang].failedCount
	shownIDs := map[*scoring.Assessment]bool{}
	for _, row := range s.Rows {
		shownIDs[row.Assessment] = true
	}
	for _, a := range excluded[:s.ShownExcluded] {
		shownIDs[a] = true
	}
	for gi, g := range r.Gates {
		failed := 0
		for i := range r.Investments {
			if gi < len(r.Investments[i].Gates) && !r.Investments[i].Gates[gi].Passed {
				failed++
			}
		}
		v.GateTable.Rows = append(v.GateTable.Rows, []htmlCell{
			cellHead(plainText(g.ID)), cellText(gt.title(gi, scoring.GateResult{ID: g.ID})), cellProse(capitalise(gt.what(g), true) + "."),
			cellNum(num(failed)),
		})
	}
	v.GateResults = htmlTable{ID: "tab-gate-results", Caption: l.gateResultsCaption, Head: headCells(l.id, l.name, l.reason)}
	for i := range r.Investments {
		a := &r.Investments[i]
		if !shownIDs[a] {
			continue
		}
		var reasons []string
		for gi, g := range a.Gates {
			if text := gt.sentence(gi, g); text != "" {
				reasons = append(reasons, text+".")
			}
		}
		if len(reasons) > 0 {
			v.GateResults.Rows = append(v.GateResults.Rows, []htmlCell{
				cellHead(plainText(a.ID)), cellText(plainText(a.Name)), cellProse(strings.Join(reasons, " ")),
			})
		}
	}

	if p.Sensitivity != nil {
		hs, err := newHTMLStability(p, lang, nextFigure)
		if err != nil {
			return nil, err
		}
		v.Stability = hs
	}

	v.About = htmlTable{ID: "tab-about", Caption: l.aboutCaption, Head: headCells(l.key, l.val)}
	add := func(k, val string) { v.About.Rows = append(v.About.Rows, []htmlCell{cellHead(k), cellText(val)}) }
	add(l.criteriaSet, s.Criteria)
	add(l.criteriaID, plainText(r.Criteria.ID))
	add(l.criteriaVersion, plainText(r.Criteria.Version))
	add(l.criteriaStatus, s.Status)
	add(l.sha256, plainText(r.Criteria.SHA256))
	if s.Date != "" {
		add(l.date, s.Date)
	}
	if sens := p.Sensitivity; sens != nil {
		add(l.samples, num(sens.Samples))
		add(l.seed, fmt.Sprint(sens.Seed))
		add(l.weightsModel, weightModel(sens.Weights, lang))
		add(l.top, num(sens.Top))
	}
	if sel := p.Selection; sel != nil {
		for _, kv := range selectionAbout(sel, lang) {
			add(kv[0], kv[1])
		}
	}
	if o.Version != "" {
		add(l.prioVersion, plainText(o.Version))
	}
	v.Inputs = htmlTable{ID: "tab-inputs", Caption: l.inputFiles, Head: headCells(l.path, l.sheet, l.rows, l.sha256)}
	v.Inputs.Head[2].Num = true
	for _, in := range r.Inputs {
		v.Inputs.Rows = append(v.Inputs.Rows, []htmlCell{
			cellHead(plainText(in.Path)), cellText(plainText(in.Sheet)), cellNum(num(in.Rows)), cellText(plainText(in.SHA256)),
		})
	}

	// The appendix: conditions, source cells, fields.
	v.GateDefs = htmlTable{ID: "tab-gate-defs", Caption: l.gateDefsCaption, Head: headCells(l.gate, l.expression, l.onFail, l.onMissing)}
	for _, g := range r.Gates {
		onFail := l.onFailExclude
		if g.OnFail == criteria.OnFailFlag {
			onFail = l.onFailFlag
		}
		onMissing := l.onMissingFail
		if g.OnMissingPass {
			onMissing = l.onMissingPass
		}
		v.GateDefs.Rows = append(v.GateDefs.Rows, []htmlCell{cellHead(plainText(g.ID)), cellText(plainText(g.Require)), cellText(onFail), cellText(onMissing)})
	}
	v.Cells = htmlTable{ID: "tab-cells", Caption: l.cellsCaption, Head: headCells(l.id, l.name, l.cells)}
	for _, d := range s.Depend {
		if len(d.Cells) > 0 {
			v.Cells.Rows = append(v.Cells.Rows, []htmlCell{cellHead(d.ID), cellText(d.Name), cellProse(strings.Join(d.Cells, ", "))})
		}
	}
	if p.Set != nil {
		v.Fields = htmlTable{ID: "tab-fields", Caption: l.fieldsCaption, Head: headCells(l.field, l.fieldTitle, l.unit)}
		for _, f := range p.Set.Fields {
			v.Fields.Rows = append(v.Fields.Rows, []htmlCell{cellHead(plainText(f.Name)), cellText(plainText(f.Title.In(lang))), cellText(f.Unit.Name)})
		}
	}

	// The contents, in the order of the chapters.
	if v.Selection != nil {
		v.TOC = append(v.TOC, htmlTOC{"selection", v.Selection.Heading})
	}
	if v.Firmness != nil {
		v.TOC = append(v.TOC, htmlTOC{"firmness", l.firmnessChapter})
	}
	v.TOC = append(v.TOC, htmlTOC{"ranking", l.ranking})
	if v.Contrib != nil {
		v.TOC = append(v.TOC, htmlTOC{"contributions", l.contribChapter})
	}
	v.TOC = append(v.TOC, htmlTOC{"gates", l.gates})
	if v.Stability != nil {
		v.TOC = append(v.TOC, htmlTOC{"stability", l.stability})
	}
	v.TOC = append(v.TOC, htmlTOC{"about", l.about}, htmlTOC{"appendix", l.appendix})
	return v, nil
}

// noneWord says "none" as a sentence.
var noneWord = map[string]string{"sv": "Inga.", "en": "None."}

// contributionLegend is the legend of the contributions chart: per group
// of criteria its title and each leaf's colour, id and title, in full.
func contributionLegend(p *Pack, lang string) []htmlLegendGroup {
	r := p.Score
	colours := leafColours(r.Leaves, p.Set)
	group, _, sizes := leafGroups(r.Leaves, p.Set)
	titles := make([]string, len(sizes))
	if p.Set != nil {
		gi := 0
		for _, c := range p.Set.Criteria {
			if gi < len(titles) {
				titles[gi] = strings.TrimSpace(plainText(c.ID) + " " + plainText(c.Title.In(lang)))
			}
			gi++
		}
	}
	out := make([]htmlLegendGroup, len(sizes))
	for i := range out {
		out[i].Title = titles[i]
	}
	for i, c := range r.Leaves {
		text := plainText(c.ID)
		if t := leafTitle(c, lang); t != "" {
			text += " " + t
		}
		out[group[i]].Items = append(out[group[i]].Items, htmlLegend{Mark: "swatch", Colour: "#" + hexColour(colours[i]), Text: text})
	}
	return out
}

func newHTMLStability(p *Pack, lang string, nextFigure func() string) (*htmlStability, error) {
	l := packWords[lang]
	sens := p.Sensitivity
	k := FormatNumber(float64(sens.Top), 0, lang)
	hs := &htmlStability{
		Note: l.stabilityNote,
		Legend: []htmlLegend{
			{Mark: "band", Text: fmt.Sprintf(l.legendTopK, k)}, {Mark: "bar-dark", Text: l.legendRanking},
			{Mark: "diamond", Text: l.legendCurrent},
		},
	}
	hs.Table = htmlTable{ID: "tab-stability", Caption: l.stabilityCaption,
		Head: headCells(l.criterion, l.criterionTitle, l.weight, fmt.Sprintf("%s", packWords[lang].legendRanking), fmt.Sprintf(l.legendTopK, k), l.swapBelow, l.swapAbove)}
	hs.Table.Head[3].Text = capitalise(hs.Table.Head[3].Text, true)
	hs.Table.Head[4].Text = capitalise(hs.Table.Head[4].Text, true)
	hs.Table.Head[2].Num = true
	leaves := p.Score.Leaves
	interval := func(iv [2]float64) string { return percentText(iv[0], 1, lang) + "–" + percentText(iv[1], 1, lang) }
	for j, st := range sens.Stability {
		hs.Table.Rows = append(hs.Table.Rows, []htmlCell{
			cellHead(plainText(st.Leaf)), cellText(leafTitle(leaves[j], lang)), cellNum(percentText(st.Weight, 1, lang)),
			cellNum(interval(st.Ranking)), cellNum(interval(st.TopK)),
			cellProse(swapAt(st.Below, lang)), cellProse(swapAt(st.Above, lang)),
		})
	}
	stab, err := stabilityChart(p, lang, "fig-stability")
	if err != nil {
		return nil, err
	}
	hs.Figure = newFigure(stab, nextFigure(), fmt.Sprintf(l.tableOfNumbers, hs.Table.Caption))
	return hs, nil
}

func newFigure(c packChart, number, tableRef string) htmlFigure {
	// The SVG is built by svgChart from gonum/plot's output, which escapes
	// every text it draws, and from the escaped title and description.
	return htmlFigure{ID: c.ID, Number: number, Title: c.Title, Desc: c.Desc, TableRef: tableRef, SVG: template.HTML(c.SVG)} //nolint:gosec
}

// assessmentRank is an investment's rank, or "-" when it is excluded.
func assessmentRank(a *scoring.Assessment, lang string) string {
	if a.Status == scoring.Excluded {
		return "-"
	}
	return FormatNumber(float64(a.Rank), 0, lang)
}

// hexColour is a colour as excelize and CSS take it, without "#": "440154".
func hexColour(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("%02X%02X%02X", r>>8, g>>8, b>>8)
}
