package reports

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/scoring"
)

// summaryTemplateText is the page of the cross-agency summary. Its tables
// are those of the meeting pack (caption, header cells with scope, a
// scrollable region that keyboard users can reach), with one addition: a
// cell may link to an agency's report.
const summaryTemplateText = `{{define "stable"}}<div class="table-wrap" role="region" aria-labelledby="{{.ID}}-caption" tabindex="0">
<table id="{{.ID}}">
<caption id="{{.ID}}-caption">{{.Caption}}</caption>
<thead><tr>{{range .Head}}<th scope="col"{{if .Num}} class="num"{{end}}>{{.Text}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}{{if .Header}}<th scope="row">{{template "scell" .}}</th>{{else}}<td{{if .Num}} class="num"{{end}}>{{template "scell" .}}</td>{{end}}{{end}}</tr>
{{end}}</tbody>
</table>
</div>{{end -}}
{{define "scell"}}{{if .Href}}<a href="{{.Href}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end -}}
<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="generator" content="{{.Generator}}">
<title>{{.DocTitle}}</title>
<link rel="icon" href="data:,">
<style>
{{.CSS}}
@page { @top-left { content: "{{.PrintHeader}}"; } @bottom-right { content: "{{.PageWord}} " counter(page) " {{.OfWord}} " counter(pages); } }
</style>
</head>
<body>
<header>
<h1>{{.Heading}}</h1>
{{if .Date}}<p class="date">{{.DateLine}}</p>
{{end}}<p class="subtitle">{{.CriteriaLine}}</p>
{{if .Draft}}<p class="draft" role="note"><strong>{{.DraftShort}}.</strong> {{.DraftBanner}}</p>
{{end}}</header>
<main>
<section aria-labelledby="agencies">
<h2 id="agencies">{{.L.Agencies}}</h2>
<p>{{.Counts}}</p>
{{template "stable" .Agencies}}
</section>
{{with .Selection}}<section aria-labelledby="selection">
<h2 id="selection">{{$.L.Selection}}</h2>
<p>{{$.L.SelectionIntro}}</p>
{{template "stable" .}}
</section>
{{end}}{{if .Failed}}<section aria-labelledby="failed">
<h2 id="failed">{{.L.Failed}}</h2>
<p>{{.L.FailedIntro}}</p>
{{range .Failed}}<h3>{{.Name}}</h3>
<ul class="errors">
{{range .Errors}}<li><code>{{.}}</code></li>
{{end}}</ul>
{{end}}</section>
{{end}}<section aria-labelledby="fragile">
<h2 id="fragile">{{.L.Fragile}}</h2>
{{if .Fragile.Rows}}<p>{{.L.FragileIntro}}</p>
{{template "stable" .Fragile}}
{{else}}<p>{{.L.FragileNone}}</p>
{{end}}</section>
<section aria-labelledby="contenders">
<h2 id="contenders">{{.L.Contenders}}</h2>
{{if .Contenders.Rows}}<p>{{.L.ContendersIntro}}</p>
{{template "stable" .Contenders}}
{{else}}<p>{{.L.ContendersNone}}</p>
{{end}}</section>
<section aria-labelledby="gates">
<h2 id="gates">{{.L.Gates}}</h2>
<p>{{.L.GatesNote}}</p>
{{template "stable" .Gates}}
{{if .GateTitles}}<dl class="legend">
{{range .GateTitles}}<dt>{{.ID}}</dt><dd>{{.Title}}</dd>
{{end}}</dl>
{{end}}</section>
<section aria-labelledby="fairness">
<h2 id="fairness">{{.L.Fairness}}</h2>
{{if .Fairness}}<p>{{.L.FairnessIntro}}</p>
<ul class="fairness">
{{range .Fairness}}<li>{{nobreak .}}</li>
{{end}}</ul>
{{else}}<p>{{.L.FairnessNone}}</p>
{{end}}</section>
<section aria-labelledby="common">
<h2 id="common">{{.L.Common}}</h2>
<p>{{.L.CommonNote}}</p>
{{template "stable" .Common}}
</section>
<section aria-labelledby="about">
<h2 id="about">{{.L.About}}</h2>
{{template "stable" .About}}
</section>
</main>
</body>
</html>
`

var summaryTemplate = template.Must(template.New("summary").Funcs(template.FuncMap{"nobreak": nobreak}).Parse(summaryTemplateText))

// summaryCSS is what the summary adds to the pack's style sheet: the
// legend of the starting points, and errors that wrap.
const summaryCSS = `
dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.75rem; font-size: 0.9rem; margin: 0 0 1.25rem; }
dl.legend dt { font-weight: bold; }
dl.legend dd { margin: 0; }
ul.errors code { white-space: pre-wrap; overflow-wrap: anywhere; }
ul.fairness li { margin: 0.25rem 0; }
#tab-agencies thead th { white-space: normal; }
@media print { section { break-inside: auto; } }
`

type (
	summaryView struct {
		Lang, DocTitle, Heading, CriteriaLine, Generator    string
		Date, DateLine, PrintHeader, PageWord, OfWord       string
		CSS                                                 template.CSS
		Draft                                               bool
		DraftShort, DraftBanner, Counts                     string
		L                                                   summaryViewLabels
		Agencies, Fragile, Contenders, Gates, Common, About summaryTable
		Selection                                           *summaryTable
		GateTitles                                          []summaryGate
		Failed                                              []summaryFailed
		Fairness                                            []string
	}
	summaryGate       struct{ ID, Title string }
	summaryViewLabels struct {
		Agencies, Failed, FailedIntro, Fragile, FragileIntro, FragileNone string
		Contenders, ContendersIntro, ContendersNone                       string
		Fairness, FairnessIntro, FairnessNone                             string
		Gates, GatesNote, Common, CommonNote, About                       string
		Selection, SelectionIntro                                         string
	}
	summaryTable struct {
		ID, Caption string
		Head        []summaryCell
		Rows        [][]summaryCell
	}
	summaryCell struct {
		Text   string
		Href   string // a relative link, or ""
		Num    bool
		Header bool
	}
	summaryFailed struct {
		Name   string
		Errors []string
	}
)

func sText(s string) summaryCell { return summaryCell{Text: s} }
func sNum(s string) summaryCell  { return summaryCell{Text: s, Num: true} }
func sHead(s string) summaryCell { return summaryCell{Text: s, Header: true} }

// WriteSummaryHTML writes the cross-agency summary of a batch run as one
// self-contained HTML page, in o.Lang (Swedish by default), with the
// meeting pack's style, accessibility and safety: no scripts and no
// external requests, tables with captions and header cells, the page's
// language set, every text from the inputs escaped by html/template. It
// gives the agencies with their counts, costs and median scores (each
// linked to its own report), with selections what each funds within its
// budget, the agencies that failed with their
// positioned errors, the uncertain places in the agencies' top k, the
// share passing each starting point, every ranked investment on the common
// scale, and the run's settings.
func WriteSummaryHTML(w io.Writer, s *BatchSummary, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	if err := checkSummary(s); err != nil {
		return err
	}
	v := newSummaryView(s, lang, o)
	var b bytes.Buffer
	if err := summaryTemplate.Execute(&b, v); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

func newSummaryView(s *BatchSummary, lang string, o Options) *summaryView {
	l, sl := packWords[lang], summaryWords[lang]
	num := func(n int) string { return FormatNumber(float64(n), 0, lang) }
	name := criteriaName(s.Criteria, lang)
	status := statusWord(s.Criteria.Status, lang)
	v := &summaryView{
		Lang:         lang,
		DocTitle:     sl.title + " – " + name,
		Heading:      sl.title,
		CriteriaLine: fmt.Sprintf(l.criteriaLine, name, plainText(s.Criteria.Version), status),
		Generator:    strings.TrimSpace("prio " + o.Version),
		CSS:          template.CSS(packCSS + summaryCSS),
		Draft:        s.Criteria.Status != criteria.StatusAdopted,
		Date:         dateText(o.Date, lang),
		PrintHeader:  sl.title,
		PageWord:     pageWords[lang][0], OfWord: pageWords[lang][1],
		L: summaryViewLabels{
			Agencies: sl.agencies, Failed: sl.failedHeading, FailedIntro: sl.failedIntro,
			Fragile: sl.fragile, FragileIntro: fmt.Sprintf(sl.fragileIntro, percentText(firmShare, 0, lang)), FragileNone: sl.fragileNone,
			Contenders: sl.contendersHeading, ContendersIntro: fmt.Sprintf(sl.contendersIntro, percentText(contenderShare, 0, lang)),
			ContendersNone: sl.contendersNone,
			Fairness:       sl.fairness, FairnessIntro: sl.fairnessIntro, FairnessNone: sl.fairnessNone,
			Gates: sl.gateRates, GatesNote: sl.gateRatesNote, Common: sl.common, CommonNote: sl.commonNote, About: l.about,
			Selection: selectionWords[lang].summaryHeading, SelectionIntro: selectionWords[lang].summaryIntro,
		},
		Fairness: fairnessSentences(s, lang),
	}
	if v.Date != "" {
		v.DateLine = l.date + ": " + v.Date
		v.DocTitle += " – " + v.Date
		v.PrintHeader += " · " + v.Date
	}
	if v.Draft {
		v.DraftShort = l.notAdopted
		if s.Criteria.Status == criteria.StatusDraft || s.Criteria.Status == "" {
			v.DraftShort = l.draftShort
		}
		v.DraftBanner = fmt.Sprintf(l.draftBanner, status)
	}
	failed := failedAgencies(s)
	investments, ranked := 0, 0
	for _, a := range s.Agencies {
		investments += a.Investments
		ranked += a.Ranked
	}
	v.Counts = fmt.Sprintf(sl.counts, num(len(s.Agencies)), plural(len(s.Agencies), sl.agencyWord, sl.agenciesWord),
		num(len(s.Agencies)-failed), num(failed), num(investments), num(ranked))

	// The agencies.
	v.Agencies = summaryTable{ID: "tab-agencies", Caption: sl.agenciesCaption}
	for i, h := range []string{sl.agency, sl.runStatus, sl.investments, sl.rankedCol, sl.flaggedCol, sl.excludedCol,
		costHeader(s, sl, lang), sl.costMissing, sl.median, sl.topKCol} {
		v.Agencies.Head = append(v.Agencies.Head, summaryCell{Text: h, Num: i >= 2})
	}
	for _, a := range s.Agencies {
		head := sHead(plainText(a.Name))
		head.Href = a.Pack
		if a.Failed {
			row := []summaryCell{head, sText(sl.failed)}
			for range 8 {
				row = append(row, sNum(""))
			}
			v.Agencies.Rows = append(v.Agencies.Rows, row)
			v.Failed = append(v.Failed, summaryFailed{Name: plainText(a.Name), Errors: plainTexts(a.Errors)})
			continue
		}
		cost, missing, median, top := "", "", "", ""
		if s.Cost != nil {
			cost, missing = FormatNumber(a.Cost, 1, lang), num(a.CostMissing)
		}
		if m, ok := a.median(); ok {
			median = FormatNumber(m*100, 1, lang)
		}
		if a.Top > 0 {
			top = num(a.Top)
		}
		v.Agencies.Rows = append(v.Agencies.Rows, []summaryCell{
			head, sText(sl.ok), sNum(num(a.Investments)), sNum(num(a.Ranked)), sNum(num(a.Flagged)), sNum(num(a.Excluded)),
			sNum(cost), sNum(missing), sNum(median), sNum(top),
		})
	}

	// What each agency funds within its budget.
	if hasSelections(s) {
		t := newSummarySelectionTable(s, lang)
		v.Selection = &t
	}

	// The uncertain places.
	v.Fragile = summaryTable{ID: "tab-fragile", Caption: sl.fragileCaption,
		Head: []summaryCell{sText(sl.agency), {Text: sl.topKCol, Num: true}, {Text: l.rank, Num: true}, sText(l.id), sText(l.name),
			{Text: l.scoreUnit, Num: true}, {Text: sl.topKShare, Num: true}}}
	for _, e := range fragilePlaces(s) {
		a := &s.Agencies[e.Agency]
		v.Fragile.Rows = append(v.Fragile.Rows, []summaryCell{
			sText(plainText(a.Name)), sNum(num(a.Top)), sNum(num(e.Inv.Rank)), sHead(plainText(e.Inv.ID)), sText(plainText(e.Inv.Name)),
			sNum(FormatNumber(e.Inv.Score*100, 1, lang)), sNum(percentText(*e.Inv.TopK, 1, lang)),
		})
	}

	// The investments near their agency's top k.
	v.Contenders = summaryTable{ID: "tab-contenders", Caption: sl.contendersCaption,
		Head: []summaryCell{sText(sl.agency), {Text: sl.topKCol, Num: true}, {Text: l.rank, Num: true}, sText(l.id), sText(l.name),
			{Text: l.scoreUnit, Num: true}, {Text: sl.topKShare, Num: true}}}
	for _, e := range contenders(s) {
		a := &s.Agencies[e.Agency]
		v.Contenders.Rows = append(v.Contenders.Rows, []summaryCell{
			sText(plainText(a.Name)), sNum(num(a.Top)), sNum(num(e.Inv.Rank)), sHead(plainText(e.Inv.ID)), sText(plainText(e.Inv.Name)),
			sNum(FormatNumber(e.Inv.Score*100, 1, lang)), sNum(percentText(*e.Inv.TopK, 1, lang)),
		})
	}

	// The starting points.
	v.Gates = summaryTable{ID: "tab-gate-rates", Caption: sl.gateRatesCaption, Head: []summaryCell{sText(sl.agency)}}
	// Gate ids head the columns, so that six or more fit the page; their
	// titles follow the table.
	for _, g := range s.Gates {
		v.Gates.Head = append(v.Gates.Head, summaryCell{Text: plainText(g.ID), Num: true})
		if t := plainText(g.Title.In(lang)); t != "" {
			v.GateTitles = append(v.GateTitles, summaryGate{ID: plainText(g.ID), Title: t})
		}
	}
	for _, a := range s.Agencies {
		if a.Failed {
			continue
		}
		row := []summaryCell{sHead(plainText(a.Name))}
		for _, g := range a.Gates {
			text := ""
			if g.Total > 0 {
				text = percentText(float64(g.Passed)/float64(g.Total), 0, lang) + " (" + fmt.Sprintf(sl.passRate, num(g.Passed), num(g.Total)) + ")"
			}
			row = append(row, sNum(text))
		}
		v.Gates.Rows = append(v.Gates.Rows, row)
	}

	// The common scale.
	v.Common = summaryTable{ID: "tab-common", Caption: sl.commonCaption,
		Head: []summaryCell{{Text: sl.place, Num: true}, sText(sl.agency), {Text: sl.rankInAgency, Num: true}, sText(l.id), sText(l.name),
			sText(l.status), {Text: l.scoreUnit, Num: true}, {Text: sl.topKShare, Num: true}}}
	for _, e := range commonScale(s) {
		share := ""
		if e.Inv.TopK != nil {
			share = percentText(*e.Inv.TopK, 1, lang)
		}
		v.Common.Rows = append(v.Common.Rows, []summaryCell{
			sNum(num(e.Position)), sText(plainText(s.Agencies[e.Agency].Name)), sNum(num(e.Inv.Rank)), sHead(plainText(e.Inv.ID)),
			sText(plainText(e.Inv.Name)), sText(investmentStatus(e.Inv.Status, lang)), sNum(FormatNumber(e.Inv.Score*100, 1, lang)), sNum(share),
		})
	}

	// The run.
	v.About = summaryTable{ID: "tab-about", Caption: l.aboutCaption, Head: []summaryCell{sText(l.key), sText(l.val)}}
	add := func(k, val string) { v.About.Rows = append(v.About.Rows, []summaryCell{sHead(k), sText(val)}) }
	add(l.criteriaID, plainText(s.Criteria.ID))
	add(l.criteriaVersion, plainText(s.Criteria.Version))
	add(l.criteriaStatus, status)
	add(l.sha256, plainText(s.Criteria.SHA256))
	add(l.samples, num(s.Samples))
	add(l.seed, fmt.Sprint(s.Seed))
	add(l.weightsModel, weightModel(s.Weights, lang))
	add(l.top, num(s.Top))
	if v.Date != "" {
		add(l.date, v.Date)
	}
	if o.Version != "" {
		add(l.prioVersion, plainText(o.Version))
	}
	return v
}

// fairnessSentences say where comparing the agencies on one scale is not
// fair: criteria an agency has no values for at all, columns accepted as
// absent, another version of the criteria.
func fairnessSentences(s *BatchSummary, lang string) []string {
	sl := summaryWords[lang]
	and := gateLabels[lang].and
	var out []string
	for _, a := range s.Agencies {
		if a.Failed {
			continue
		}
		name := plainText(a.Name)
		if c := a.Criteria; c != nil && (c.ID != s.Criteria.ID || c.Version != s.Criteria.Version) {
			set := func(ci scoring.CriteriaInfo) string {
				return strings.TrimSpace(plainText(ci.ID)+" "+plainText(ci.Version)) + " (" + statusWord(ci.Status, lang) + ")"
			}
			out = append(out, fmt.Sprintf(sl.otherVersion, name, set(*c), set(s.Criteria)))
		}
		if len(a.MissingForAll) > 0 {
			var parts []string
			for _, g := range a.MissingForAll {
				part := strings.TrimSpace(plainText(g.ID) + " " + plainText(g.Title.In(lang)))
				switch g.Missing {
				case criteria.MissingNeutral:
					part += " (" + sl.policyNeutral + ")"
				case criteria.MissingWorst, "":
					part += " (" + sl.policyWorst + ")"
				}
				parts = append(parts, part)
			}
			out = append(out, fmt.Sprintf(sl.missingForAll, name, joinWords(parts, and)))
		}
		for _, g := range a.Absent {
			field := plainText(g.Title.In(lang))
			if field == "" {
				field = plainText(g.ID)
			}
			out = append(out, fmt.Sprintf(sl.absentColumn, name, capitalise(field, false), plainText(g.Input)))
		}
	}
	return out
}
