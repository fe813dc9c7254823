package reports

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/prio-tool/prio/scoring"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

//go:embed pack.html.tmpl
var packTemplateText string

//go:embed pack.css
var packCSS string

var packTemplate = template.Must(template.New("pack").Parse(packTemplateText))

// maxMatrixTable is the most investments whose whole acceptability matrix
// the HTML pack writes out as a table (under the heat map, folded); beyond
// it the summary table stands for the matrix.
const maxMatrixTable = 60

// The view the template renders: every string in it is plain text in the
// report's language, which html/template escapes; only the charts' SVG is
// trusted HTML, built by svgChart with every text in it escaped.
type (
	htmlView struct {
		Lang, DocTitle, Heading, CriteriaLine, Generator string
		CSS                                              template.CSS
		DraftShort                                       string
		S                                                summary
		L                                                htmlLabels
		TopTable                                         htmlTable
		Contrib                                          htmlFigure
		RankingTable, ContribTable                       htmlTable
		GateTable, GateResults                           htmlTable
		Sensitivity                                      *htmlSensitivity
		About                                            htmlTable
		Inputs                                           htmlTable
		Warnings                                         []string
	}
	htmlLabels struct {
		Summary, Ranking, Contributions, Gates, Sensitivity, About, DependHeading, None string
		Acceptability, Stability, MatrixDetails, Warnings, NoGateResults                string
	}
	htmlSensitivity struct {
		Run             string
		Heat, Stability htmlFigure
		Table, Matrix   htmlTable
		Decisive        htmlTable
		HasMatrix       bool
		StabilityTable  htmlTable
		StabilityNote   string
		// RankNote tells the two rank columns apart: the spread in the
		// samples and the range with missing values.
		RankNote string
	}
	htmlFigure struct {
		ID, Number, Title, Desc, TableRef string
		SVG                               template.HTML
	}
	htmlTable struct {
		ID, Caption string
		Head        []htmlCell
		Rows        [][]htmlCell
	}
	htmlCell struct {
		Text   string
		Num    bool // right-aligned number
		Header bool // a row header (th scope=row)
	}
)

func cellText(s string) htmlCell { return htmlCell{Text: s} }
func cellNum(s string) htmlCell  { return htmlCell{Text: s, Num: true} }
func cellHead(s string) htmlCell { return htmlCell{Text: s, Header: true} }

func headCells(names ...string) []htmlCell {
	out := make([]htmlCell, len(names))
	for i, n := range names {
		out[i] = htmlCell{Text: n}
	}
	return out
}

// WriteHTML writes a pack as one self-contained HTML file for a
// recommendation meeting, in o.Lang (Swedish by default): no scripts, no
// external requests (its style sheet and charts are inline; a Content
// Security Policy forbids anything else), laid out for A4 when printed. It
// opens with a summary — the criteria set and its status (a draft flagged
// loudly), how many are ranked and excluded, the top k and how firm each
// place is, the investments whose place depends on missing data — and then
// gives the ranking with its chart of contributions, the starting points
// that failed, the sensitivity analysis when the pack has one (a heat map
// of rank acceptabilities and a chart of the weights' stability
// intervals), and an account of the run.
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

func newHTMLView(p *Pack, lang string, o Options) (*htmlView, error) {
	l := packWords[lang]
	r := p.Score
	s := newSummary(p, lang)
	v := &htmlView{
		Lang:         lang,
		DocTitle:     l.title + " – " + s.Criteria,
		Heading:      l.title,
		CriteriaLine: fmt.Sprintf("%s: %s (%s, %s)", l.criteriaSet, s.Criteria, s.CriteriaVersion, s.Status),
		Generator:    strings.TrimSpace("prio " + o.Version),
		CSS:          template.CSS(packCSS),
		S:            s,
		L: htmlLabels{
			Summary: l.summary, Ranking: l.ranking, Contributions: l.contributions, Gates: l.gates,
			Sensitivity: l.sensitivity, About: l.about, DependHeading: l.dependHeading, None: l.none,
			Acceptability: l.acceptability, Stability: l.stability, MatrixDetails: l.matrixDetails,
			Warnings: l.warnings, NoGateResults: l.noGateResults,
		},
		Warnings: plainTexts(r.Warnings),
	}
	if p.Sensitivity != nil {
		v.Warnings = plainTexts(p.Sensitivity.Warnings)
	}

	// The top k.
	v.TopTable = htmlTable{ID: "tab-top", Caption: fmt.Sprintf(l.topCaption, FormatNumber(float64(s.K), 0, lang)), Head: headCells(l.rank, l.id, l.name, l.score)}
	if s.Firmness {
		v.TopTable.Caption = fmt.Sprintf(l.topCaptionFirm, FormatNumber(float64(s.K), 0, lang))
		v.TopTable.Head = append(v.TopTable.Head, htmlCell{Text: l.firmness})
	}
	v.TopTable.Head[0].Num, v.TopTable.Head[3].Num = true, true
	for _, t := range s.Top {
		row := []htmlCell{cellNum(t.Rank), cellHead(t.ID), cellText(t.Name), cellNum(t.Score)}
		if s.Firmness {
			row = append(row, cellText(t.Firmness))
		}
		v.TopTable.Rows = append(v.TopTable.Rows, row)
	}

	// The ranking, its chart and the contributions.
	figure := 0
	nextFigure := func() string { figure++; return fmt.Sprintf(l.figure, figure) }
	v.RankingTable = htmlTable{ID: "tab-ranking", Caption: l.ranking,
		Head: headCells(l.rank, l.id, l.name, l.agency, l.status, l.score, l.failedGates, l.missing, l.source)}
	v.RankingTable.Head[0].Num, v.RankingTable.Head[5].Num = true, true
	for i := range r.Investments {
		a := &r.Investments[i]
		v.RankingTable.Rows = append(v.RankingTable.Rows, []htmlCell{
			cellNum(assessmentRank(a, lang)), cellHead(plainText(a.ID)), cellText(plainText(a.Name)), cellText(plainText(a.Agency)),
			cellText(investmentStatus(a.Status, lang)), cellNum(FormatNumber(a.Score*100, 1, lang)),
			cellText(strings.Join(a.FailedGates(), ", ")), cellText(strings.Join(a.Missing, ", ")), cellText(plainText(source(a))),
		})
	}
	v.ContribTable = htmlTable{ID: "tab-contrib", Caption: l.contributions + " " + l.inPoints,
		Head: []htmlCell{{Text: l.rank, Num: true}, {Text: l.id}}}
	for _, c := range r.Leaves {
		v.ContribTable.Head = append(v.ContribTable.Head, htmlCell{Text: plainText(c.ID), Num: true})
	}
	v.ContribTable.Head = append(v.ContribTable.Head, htmlCell{Text: l.total, Num: true})
	ranked := rankedAssessments(r)
	for _, a := range ranked {
		row := []htmlCell{cellNum(assessmentRank(a, lang)), cellHead(plainText(a.ID))}
		for _, x := range a.Contributions {
			row = append(row, cellNum(FormatNumber(x*100, 1, lang)))
		}
		row = append(row, cellNum(FormatNumber(a.Score*100, 1, lang)))
		v.ContribTable.Rows = append(v.ContribTable.Rows, row)
	}
	if len(ranked) > 0 {
		c, err := contributionsChart(p, lang, "fig-contrib")
		if err != nil {
			return nil, err
		}
		v.Contrib = newFigure(c, nextFigure(), fmt.Sprintf(l.tableOfNumbers, v.ContribTable.Caption))
	}

	// The starting points and the investments that failed them.
	v.GateTable = htmlTable{ID: "tab-gates", Caption: l.gates, Head: headCells(l.gate, l.gateTitle, l.onFail, l.failedCount)}
	v.GateTable.Head[3].Num = true
	for gi, g := range r.Gates {
		failed := 0
		for i := range r.Investments {
			if gi < len(r.Investments[i].Gates) && !r.Investments[i].Gates[gi].Passed {
				failed++
			}
		}
		onFail := l.onFail2
		if g.OnFail == "exclude" {
			onFail = l.onFailExclude
		}
		v.GateTable.Rows = append(v.GateTable.Rows, []htmlCell{
			cellHead(plainText(g.ID)), cellText(plainText(g.Title.In(lang))), cellText(onFail), cellNum(FormatNumber(float64(failed), 0, lang)),
		})
	}
	v.GateResults = htmlTable{ID: "tab-gate-results", Caption: l.gateResults, Head: headCells(l.id, l.name, l.gate, l.result, l.reason)}
	for i := range r.Investments {
		a := &r.Investments[i]
		for _, g := range a.Gates {
			if g.Passed {
				continue // passed without its inputs: in the workbook's Gates sheet
			}
			v.GateResults.Rows = append(v.GateResults.Rows, []htmlCell{
				cellHead(plainText(a.ID)), cellText(plainText(a.Name)), cellText(plainText(g.ID)),
				cellText(gateOutcome(g, lang)), cellText(plainText(gateReason(g, lang))),
			})
		}
	}

	if p.Sensitivity != nil {
		hs, err := newHTMLSensitivity(p, lang, nextFigure)
		if err != nil {
			return nil, err
		}
		v.Sensitivity = hs
	}

	v.About = htmlTable{ID: "tab-about", Caption: l.about, Head: headCells(l.key, l.val)}
	add := func(k, val string) { v.About.Rows = append(v.About.Rows, []htmlCell{cellHead(k), cellText(val)}) }
	add(l.criteriaID, plainText(r.Criteria.ID))
	add(l.criteriaVersion, plainText(r.Criteria.Version))
	add(l.criteriaStatus, s.Status)
	add(l.sha256, plainText(r.Criteria.SHA256))
	if sens := p.Sensitivity; sens != nil {
		add(l.samples, FormatNumber(float64(sens.Samples), 0, lang))
		add(l.seed, fmt.Sprint(sens.Seed))
		add(l.weightsModel, weightModel(sens.Weights, lang))
		add(l.top, FormatNumber(float64(sens.Top), 0, lang))
	}
	if o.Version != "" {
		add(l.prioVersion, plainText(o.Version))
	}
	v.Inputs = htmlTable{ID: "tab-inputs", Caption: l.inputFiles, Head: headCells(l.path, l.sheet, l.rows, l.sha256)}
	v.Inputs.Head[2].Num = true
	for _, in := range r.Inputs {
		v.Inputs.Rows = append(v.Inputs.Rows, []htmlCell{
			cellHead(plainText(in.Path)), cellText(plainText(in.Sheet)), cellNum(FormatNumber(float64(in.Rows), 0, lang)), cellText(plainText(in.SHA256)),
		})
	}
	return v, nil
}

func newHTMLSensitivity(p *Pack, lang string, nextFigure func() string) (*htmlSensitivity, error) {
	l := packWords[lang]
	sens := p.Sensitivity
	k := FormatNumber(float64(sens.Top), 0, lang)
	hs := &htmlSensitivity{
		Run: fmt.Sprintf(l.sensitivityRun, FormatNumber(float64(sens.Samples), 0, lang), fmt.Sprint(sens.Seed),
			weightModel(sens.Weights, lang), k),
		StabilityNote: l.stabilityNote,
		RankNote:      l.rankNote,
	}
	hs.Table = htmlTable{ID: "tab-acceptability", Caption: l.acceptability,
		Head: headCells(l.rank, l.id, l.name, l.score, fmt.Sprintf(l.topK, k), l.first, l.sampledRanks, l.rankRange)}
	for _, i := range []int{0, 3, 4, 5, 6, 7} {
		hs.Table.Head[i].Num = true
	}
	for i := range sens.Investments {
		inv := &sens.Investments[i]
		first := 0.0
		if len(inv.Acceptability) > 0 {
			first = inv.Acceptability[0]
		}
		hs.Table.Rows = append(hs.Table.Rows, []htmlCell{
			cellNum(FormatNumber(float64(inv.Rank), 0, lang)), cellHead(plainText(inv.ID)), cellText(plainText(inv.Name)),
			cellNum(FormatNumber(inv.Score*100, 1, lang)), cellNum(percentText(inv.TopK, 1, lang)), cellNum(percentText(first, 1, lang)),
			cellNum(sampledRanks(inv.Acceptability)), cellNum(rankRange(inv.RankRange.Best, inv.RankRange.Worst)),
		})
	}
	hs.Decisive = htmlTable{ID: "tab-decisive", Caption: fmt.Sprintf(l.decisiveTable, k), Head: headCells(l.id, l.name, l.cells)}
	names := make(map[string]string, len(sens.Investments))
	for i := range sens.Investments {
		names[sens.Investments[i].ID] = plainText(sens.Investments[i].Name)
	}
	for _, d := range sens.MissingDecisive {
		hs.Decisive.Rows = append(hs.Decisive.Rows, []htmlCell{
			cellHead(plainText(d.ID)), cellText(names[d.ID]), cellText(strings.Join(plainTexts(d.Cells), ", ")),
		})
	}
	n := len(sens.Investments)
	if n <= maxMatrixTable {
		hs.HasMatrix = true
		hs.Matrix = htmlTable{ID: "tab-matrix", Caption: l.matrixDetails, Head: []htmlCell{{Text: l.id}}}
		for r := 1; r <= n; r++ {
			hs.Matrix.Head = append(hs.Matrix.Head, htmlCell{Text: fmt.Sprint(r), Num: true})
		}
		for i := range sens.Investments {
			inv := &sens.Investments[i]
			row := []htmlCell{cellHead(plainText(inv.ID))}
			for _, x := range inv.Acceptability {
				row = append(row, cellNum(FormatNumber(x*100, 0, lang)))
			}
			hs.Matrix.Rows = append(hs.Matrix.Rows, row)
		}
		hs.Matrix.Caption += " (%)"
	}
	heat, err := heatMapChart(p, lang, "fig-acceptability")
	if err != nil {
		return nil, err
	}
	hs.Heat = newFigure(heat, nextFigure(), fmt.Sprintf(l.tableOfNumbers, hs.Table.Caption))

	hs.StabilityTable = htmlTable{ID: "tab-stability", Caption: l.stability,
		Head: headCells(l.criterion, l.criterionTitle, l.weight, l.rankingUnchanged, fmt.Sprintf(l.topKUnchanged, k), l.swapBelow, l.swapAbove)}
	hs.StabilityTable.Head[2].Num = true
	leaves := p.Score.Leaves
	interval := func(iv [2]float64) string { return percentText(iv[0], 1, lang) + "–" + percentText(iv[1], 1, lang) }
	for j, st := range sens.Stability {
		hs.StabilityTable.Rows = append(hs.StabilityTable.Rows, []htmlCell{
			cellHead(plainText(st.Leaf)), cellText(leafTitle(leaves[j], lang)), cellNum(percentText(st.Weight, 1, lang)),
			cellText(interval(st.Ranking)), cellText(interval(st.TopK)),
			cellText(swapAt(st.Below, lang)), cellText(swapAt(st.Above, lang)),
		})
	}
	stab, err := stabilityChart(p, lang, "fig-stability")
	if err != nil {
		return nil, err
	}
	hs.Stability = newFigure(stab, nextFigure(), fmt.Sprintf(l.tableOfNumbers, hs.StabilityTable.Caption))
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

// gateOutcome says what came of a gate for an investment.
func gateOutcome(g scoring.GateResult, lang string) string {
	l := packWords[lang]
	switch {
	case g.Passed && !g.Evaluated:
		return l.passedMissing
	case g.Passed:
		return l.passed
	case g.OnFail == "exclude":
		return l.failed + ", " + l.onFailExclude
	case g.OnFail == "flag":
		return l.failed + ", " + l.onFail2
	}
	return l.failed
}

// swapAt says at what weight who overtakes whom: "42,0 %: SKV-3 går om
// FK-12"; "" when nobody does.
func swapAt(sw *sensitivity.Swap, lang string) string {
	if sw == nil {
		return ""
	}
	return percentText(sw.At, 1, lang) + ": " + swapText(sw, lang)
}

func plainTexts(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = plainText(x)
	}
	return out
}
