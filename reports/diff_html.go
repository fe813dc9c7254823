package reports

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"
)

// diffTemplateText is the page of `prio criteria diff -f html`, with the
// meeting pack's style sheet and tables.
const diffTemplateText = `{{define "table"}}<div class="table-wrap" role="region" aria-labelledby="{{.ID}}-caption" tabindex="0">
<table id="{{.ID}}">
<caption id="{{.ID}}-caption">{{.Caption}}</caption>
<thead><tr>{{range .Head}}<th scope="col"{{if .Num}} class="num"{{end}}>{{.Text}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}{{if .Header}}<th scope="row">{{.Text}}</th>{{else if .Prose}}<td class="prose">{{nobreak .Text}}</td>{{else}}<td{{if .Num}} class="num"{{end}}>{{.Text}}</td>{{end}}{{end}}</tr>
{{end}}</tbody>
</table>
</div>{{end -}}
{{define "investments"}}<ul class="items">
{{range .}}<li><strong class="nw">{{.ID}}</strong>{{if .Name}} {{.Name}}{{end}}</li>
{{end}}</ul>{{end -}}
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
{{if .Date}}<p class="date">{{.Date}}</p>
{{end}}<p class="subtitle">{{.Title}}</p>
</header>
<main>
<section class="front" aria-labelledby="summary">
<h2 id="summary">{{.L.Summary}}</h2>
<div class="lead">
{{range .Summary}}<p>{{nobreak .}}</p>
{{end}}</div>
{{if .Entered}}<h3 id="entered">{{.L.Entered}}</h3>
{{template "investments" .Entered}}
{{end}}{{if .Left}}<h3 id="left">{{.L.Left}}</h3>
{{template "investments" .Left}}
{{end}}</section>
<section aria-labelledby="changes">
<h2 id="changes">{{.L.Changes}}</h2>
<ul class="items">
{{range .Changes}}<li>{{nobreak .}}</li>
{{end}}</ul>
</section>
{{if .Impact}}<section aria-labelledby="impact">
<h2 id="impact">{{.L.Impact}}</h2>
{{if .Movers.Rows}}{{template "table" .Movers}}
{{end}}{{if .Gates.Rows}}{{template "table" .Gates}}
{{end}}</section>
{{end}}</main>
</body>
</html>
`

var diffTemplate = template.Must(template.New("diff").Funcs(template.FuncMap{"nobreak": nobreak}).Parse(diffTemplateText))

type diffView struct {
	Lang, DocTitle, Heading, Title, Date, Generator string
	PrintHeader, PageWord, OfWord                   string
	CSS                                             template.CSS
	L                                               diffViewLabels
	Summary, Changes                                []string
	Entered, Left                                   []diffInvestment
	Impact                                          bool
	Movers, Gates                                   htmlTable
}

type diffViewLabels struct {
	Summary, Changes, Impact, Entered, Left string
}

// WriteDiffHTML writes d as one self-contained HTML page for the criteria
// group's meeting, in o.Lang, with the meeting pack's style, accessibility
// and safety (no scripts, no external requests, every text escaped): the
// two sets; with an impact the ranking similarities and the investments
// entering and leaving the top k by id and name; every change in a
// sentence (a new starting point by its title and what it does); and the
// investments whose rank, score (0–100) or status changes, with the
// attribution of the change by criterion, and the changed starting-point
// outcomes. Printed, it carries the title and date atop each page and
// "page x of y" under it.
func WriteDiffHTML(w io.Writer, d *Diff, o Options) error {
	lang, err := o.lang()
	if err != nil {
		return err
	}
	l := diffLabels[lang]
	t := diffSentences(d, lang)
	// The summary leaves out its sentences about the investments entering
	// and leaving the top k: the page lists them under it.
	v := &diffView{
		Lang: lang, Heading: l.heading, Title: t.title, Date: dateText(o.Date, lang),
		Generator: strings.TrimSpace("prio " + o.Version), CSS: template.CSS(packCSS),
		PageWord: pageWords[lang][0], OfWord: pageWords[lang][1],
		L:       diffViewLabels{Summary: l.summaryHeading, Changes: l.changesHeading, Impact: l.impactHeading},
		Summary: t.summary[:len(t.summary)-t.topLines], Changes: t.changes, Entered: t.entered, Left: t.left, Impact: d.Impact != nil,
	}
	v.DocTitle = l.heading + " – " + t.title
	v.PrintHeader = v.DocTitle
	if v.Date != "" {
		v.PrintHeader += " · " + v.Date
		v.Date = packWords[lang].date + ": " + v.Date
	}
	if len(v.Summary) == 0 {
		v.Summary = []string{fmt.Sprintf(diffCount[lang], FormatNumber(float64(len(d.Changes)), 0, lang))}
	}
	if im := d.Impact; im != nil {
		v.L.Entered = fmt.Sprintf(l.entered, im.Top)
		v.L.Left = fmt.Sprintf(l.left, im.Top)
		v.Movers = htmlTable{ID: "tab-movers", Caption: l.captionMovers, Head: headCells(l.columns...)}
		v.Movers.Head = append(v.Movers.Head, htmlCell{Text: diffAttribution[lang]})
		for i := 3; i <= 7; i++ {
			v.Movers.Head[i].Num = true
		}
		for _, m := range t.movers {
			v.Movers.Rows = append(v.Movers.Rows, []htmlCell{cellHead(m.ID), cellText(m.Name), cellText(m.Status),
				cellNum(m.OldRank), cellNum(m.NewRank), cellNum(m.OldScore), cellNum(m.NewScore), cellNum(m.Change), cellProse(m.Attribution)})
		}
		v.Gates = htmlTable{ID: "tab-gate-changes", Caption: l.captionGates, Head: headCells(l.gateColumns...)}
		for _, g := range t.gateChanges {
			v.Gates.Rows = append(v.Gates.Rows, []htmlCell{cellHead(g.ID), cellText(g.Name), cellText(g.Gate), cellText(g.Old), cellText(g.New)})
		}
	}
	var b bytes.Buffer
	if err := diffTemplate.Execute(&b, v); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// diffCount says how many differences there are, for a diff without an
// impact; diffAttribution heads the column of the change by criterion.
var (
	diffCount       = map[string]string{"sv": "Skillnader mellan versionerna: %s.", "en": "Differences between the versions: %s."}
	diffAttribution = map[string]string{"sv": "Ändringen per kriterium", "en": "Change by criterion"}
)
