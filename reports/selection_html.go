package reports

import (
	"fmt"
)

// htmlSelection is the pack's chapter on the selection: what to fund
// within the budget frames.
type htmlSelection struct {
	Heading, Source, Status string
	Lines                   []string
	HasPortfolio            bool
	// An infeasible selection's conflicting rules and budgets.
	ConflictHeading, ConflictIntro string
	Conflict                       []string
	// The budgets: a chart (when there is a portfolio), its legend and its
	// numbers.
	BudgetsHeading string
	BudgetFigure   *htmlFigure
	BudgetLegend   []htmlLegend
	BudgetTable    htmlTable
	Unbudgeted     string
	// The funded and the not funded, each at most maxShown rows.
	FundedHeading, NotFundedHeading string
	FundedNote, NotFundedNote       string
	Funded, NotFunded               htmlTable
	Thresholds                      string
	// The frontier, when asked for.
	Frontier *htmlFrontier
}

type htmlFrontier struct {
	Heading, Note string
	Figure        htmlFigure
	Legend        []htmlLegend
	Table         htmlTable
}

// newHTMLSelection builds the selection chapter of a pack, numbering its
// figures with nextFigure.
func newHTMLSelection(s *Selection, lang string, nextFigure func() string) (*htmlSelection, error) {
	l, pl := selectionWords[lang], packWords[lang]
	ss := newSelectionStory(s, lang)
	num := func(n int) string { return FormatNumber(float64(n), 0, lang) }
	hs := &htmlSelection{
		Heading: ss.Heading, Source: ss.Source, Status: ss.Status, Lines: ss.Lines, HasPortfolio: ss.HasPortfolio,
		ConflictHeading: l.conflictHeading, ConflictIntro: l.conflict + ":", Conflict: ss.Conflict,
		BudgetsHeading:   l.budgetsHeading,
		FundedHeading:    l.funded + " (" + num(len(ss.Funded)) + ")",
		NotFundedHeading: l.notFunded + " (" + num(len(ss.NotFunded)) + ")",
		FundedNote:       truncatedNote(len(ss.Funded), lang),
		NotFundedNote:    truncatedNote(len(ss.NotFunded), lang),
		Thresholds:       ss.Thresholds,
		Unbudgeted:       ss.Unbudgeted,
	}

	hs.BudgetTable = htmlTable{ID: "tab-selection-budgets", Caption: l.budgetsCaption, Head: []htmlCell{
		{Text: l.budget}, {Text: amountHeading(l.frame, ss.Unit), Num: true}, {Text: amountHeading(l.used, ss.Unit), Num: true},
		{Text: amountHeading(l.left, ss.Unit), Num: true}, {Text: l.share, Num: true}}}
	for _, b := range ss.Budgets {
		hs.BudgetTable.Rows = append(hs.BudgetTable.Rows, []htmlCell{cellHead(b.Name), cellNum(b.FrameText), cellNum(b.UsedText), cellNum(b.LeftText), cellNum(b.ShareTxt)})
	}
	tableRef := func(t htmlTable) string { return fmt.Sprintf(pl.tableOfNumbers, t.Caption) }
	if ss.HasPortfolio && len(ss.Budgets) > 0 {
		c, err := budgetChart(&ss, lang, "fig-selection-budgets")
		if err != nil {
			return nil, err
		}
		f := newFigure(c, nextFigure(), tableRef(hs.BudgetTable))
		hs.BudgetFigure = &f
		hs.BudgetLegend = []htmlLegend{
			{Mark: "swatch", Colour: "#" + hexColour(usedColour), Text: l.legendUsed},
			{Mark: "swatch", Colour: "#" + hexColour(frameColour), Text: l.legendFrame},
		}
	}
	if !ss.HasPortfolio {
		return hs, nil
	}

	head, right := fundedColumns(s, &ss, lang)
	hs.Funded = htmlTable{ID: "tab-selection-funded", Caption: l.fundedCaption, Head: headCells(head...)}
	for i := range head {
		hs.Funded.Head[i].Num = right[i]
	}
	hs.Funded.Wide = len(head) > maxPortraitColumns
	for _, it := range ss.Funded[:min(len(ss.Funded), maxShown)] {
		cells := fundedCells(&ss, it)
		row := make([]htmlCell, len(cells))
		for i, c := range cells {
			row[i] = htmlCell{Text: c, Num: right[i]}
		}
		row[1] = cellHead(it.ID)
		hs.Funded.Rows = append(hs.Funded.Rows, row)
	}

	head = []string{l.rank, l.id, l.name, l.reason}
	if ss.Probability {
		head = append(head, l.probability, l.class)
	}
	hs.NotFunded = htmlTable{ID: "tab-selection-not-funded", Caption: l.notFundedCaption, Head: headCells(head...)}
	hs.NotFunded.Head[0].Num = true
	if ss.Probability {
		hs.NotFunded.Head[4].Num = true
	}
	for _, it := range ss.NotFunded[:min(len(ss.NotFunded), maxShown)] {
		row := []htmlCell{cellNum(it.Rank), cellHead(it.ID), cellText(it.Name), cellProse(it.Reason)}
		if ss.Probability {
			row = append(row, cellNum(it.Probability), cellText(it.Class))
		}
		hs.NotFunded.Rows = append(hs.NotFunded.Rows, row)
	}

	if len(ss.Frontier) > 0 {
		head, right := frontierColumns(s, &ss, lang)
		hf := &htmlFrontier{Heading: l.frontier, Note: l.frontierNote + " " + l.frontierHull + " " + l.frontierLines,
			Table: htmlTable{ID: "tab-selection-frontier", Caption: l.frontierCaption, Head: headCells(head...)}}
		for i := range head {
			hf.Table.Head[i].Num = right[i]
		}
		for _, fr := range ss.Frontier {
			hf.Table.Rows = append(hf.Table.Rows, []htmlCell{cellNum(fr.Scale), cellNum(fr.Budget), cellNum(fr.Value),
				cellNum(fr.Line), cellNum(fr.Gain), cellText(fr.Supported)})
		}
		c, err := frontierChart(s, &ss, lang, "fig-selection-frontier")
		if err != nil {
			return nil, err
		}
		hf.Figure = newFigure(c, nextFigure(), tableRef(hf.Table))
		hf.Legend = []htmlLegend{
			{Mark: "dot", Colour: "#" + hexColour(usedColour), Text: l.legendSupported},
			{Mark: "ring", Text: l.legendUnsupported},
			{Mark: "dash", Text: l.legendLine},
			{Mark: "vline", Text: l.legendChosen},
		}
		hs.Frontier = hf
	}
	return hs, nil
}
