package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// seed is the generator's fixed seed (the date the expert group adopted its
// criteria, 2017-11-27); each agency draws from its own PCG stream, so that
// changing one agency leaves the others' files as they are.
const seed = 20171127

// The three agencies and their workbooks. Each returns the agency's
// workbook and the analysts' assessment workbook.
var agencies = []struct {
	file  string
	build func(r *random) (agency, assessed *book)
}{
	{"exempelverket", exempelverket},
	{"registerverket", registerverket},
	{"tillsynsverket", tillsynsverket},
}

// exempelverket reports in tkr with costs per year under a merged
// "Kostnader (tkr)", Excel date cells and Ja/Nej answers.
func exempelverket(r *random) (*book, *book) {
	facts := agencyFacts{
		Name: "Exempelverket", Count: 42,
		Names: []string{
			"Robotisering av utbetalningar",
			"Ny e-tjänst för ansökan om bidrag",
			"Analysplattform för felaktiga utbetalningar",
			"Ersättning av utbetalningssystemet",
			"Förenklad ansökan om ersättning",
			"Mina sidor: ärenden och beslut",
			"Automatiserade beslut om bidrag",
			"Informationsutbyte med Skatteverket",
		},
		Owners:   []string{"Avdelningschef kundmöte"},
		Benefits: []string{"Enhetschef handläggning", "Processägare utbetalning", "Verksamhetsutvecklare", "Enhetschef kundtjänst", "Avdelningschef verksamhet"},
		Goals:    []string{"Rätt ersättning i rätt tid", "Färre samtal till kundtjänst"},
		Defects: []defect{noGoal, noBenefitsOwner, noBenefitsOwner, noPlan, noPlan, planUnknown, legalBlocker, noSecurity,
			noOwner, noDevFunding, noOpsFunding, opsFundingUndecided},
	}
	invs := generate(r, facts)
	blocks := blocksBy(invs, categories, func(inv *investment) string { return inv.Category })
	assignIDs(blocks, func(year, n int) string { return fmt.Sprintf("EXV-%d-%03d", year, 100+n) })
	skipAssessments(invs, 3)
	m := &messer{r: r}

	tkr := func(mnkr float64) float64 { return math.Round(mnkr * 1000) }
	yearCell := func(k int) func(*investment) cell {
		return func(inv *investment) cell {
			x := inv.YearCost[k]
			switch {
			case x == 0:
				return cell{}
			case laterYear(inv, k) && m.r.chance(0.04):
				return m.placeholder()
			case laterYear(inv, k) && m.r.chance(0.03):
				return num(0).with("tkr") // nothing spent that year after all
			}
			return m.amount(tkr(x), 0, "tkr", 0.12)
		}
	}
	npvCell := func(get func(*investment) float64) func(*investment) cell {
		return func(inv *investment) cell {
			if !inv.NPVKnown {
				return m.placeholder()
			}
			return m.amount(tkr(get(inv)), 0, "tkr", 0.1)
		}
	}
	cols := []column{
		{header: "Projekt-ID", width: 15, value: func(inv *investment) cell { return text(inv.ID) }},
		{header: "Projektnamn", width: 44, value: func(inv *investment) cell { return text(inv.Name) }},
		{header: "Myndighet", width: 15, value: func(*investment) cell { return text(facts.Name) }},
		{header: "Kategori", width: 21, list: listCategory, value: func(inv *investment) cell { return text(inv.Category) }},
		{header: "Status", width: 14, value: func(inv *investment) cell { return text(inv.Phase) }},
		{header: "Effektmål", width: 36, value: func(inv *investment) cell { return m.orNothing(inv.Goal) }},
		{header: "Projektägare", width: 24, value: func(inv *investment) cell { return m.orNothing(inv.Owner) }},
		{header: "Nyttoansvarig", width: 24, value: func(inv *investment) cell { return m.orNothing(inv.BenefitsOwner) }},
		{header: "Nyttorealiseringsplan", width: 16, list: listYesNo, value: func(inv *investment) cell { return planCell(m, inv, yesNoPlain) }},
	}
	for k, y := range Years {
		cols = append(cols, column{group: "Kostnader (tkr)", header: strconv.Itoa(y), width: 11, sum: "sumtkr", value: yearCell(k)})
	}
	cols = append(cols, []column{
		{header: "Förvaltningskostnad per år (tkr)", width: 16, sum: "sumtkr", value: func(inv *investment) cell {
			switch {
			case inv.Phase == "Förstudie":
				return num(0).with("tkr") // a pre-study has no running cost
			case m.r.chance(0.05):
				return m.placeholder()
			}
			return m.amount(tkr(inv.Opex), 0, "tkr", 0.12)
		}},
		{header: "Nettonuvärde (tkr)", width: 14, value: npvCell(func(inv *investment) float64 { return inv.NPV })},
		{header: "Nettonuvärde lågt (tkr)", width: 14, value: npvCell(func(inv *investment) float64 { return inv.NPVLow })},
		{header: "Nettonuvärde högt (tkr)", width: 14, value: npvCell(func(inv *investment) float64 { return inv.NPVHigh })},
	}...)
	cols = append(cols, riskColumns(m, "", []string{"Risk nytta", "Risk budget", "Risk tid"}, 0.25)...)
	cols = append(cols, []column{
		{header: "Startdatum", width: 12, value: func(inv *investment) cell { return m.date(inv.Start, datesExcel, false) }},
		{header: "Planerat slutdatum", width: 12, value: func(inv *investment) cell {
			if m.r.chance(0.03) {
				return m.placeholder()
			}
			return m.date(inv.End, datesExcel, true)
		}},
		{header: "Reviderat slutdatum", width: 12, value: func(inv *investment) cell {
			if inv.RevisedEnd.IsZero() {
				return cell{}
			}
			return date(inv.RevisedEnd)
		}},
		{header: "Antal beroenden", width: 11, value: func(inv *investment) cell {
			if m.r.chance(0.04) {
				return m.placeholder()
			}
			return num(float64(inv.Deps)).with("int")
		}},
		{header: "Olöst rättsligt hinder", width: 12, list: listYesNo, value: func(inv *investment) cell { return m.yesNo(inv.Legal, yesNoPlain) }},
		{header: "Informationssäkerhetsanalys", width: 16, list: listSecurity, value: func(inv *investment) cell { return securityCell(m, inv) }},
		{header: "Finansiering utveckling", width: 13, list: listYesNo, value: func(inv *investment) cell { return fundingCell(m, inv.FundDev, false, yesNoPlain) }},
		{header: "Finansiering förvaltning", width: 13, list: listYesNo, value: func(inv *investment) cell { return fundingCell(m, inv.FundOps, inv.FundOpsUndecided, yesNoPlain) }},
		{header: "Säkrad finansiering (%)", width: 12, value: func(inv *investment) cell {
			points := math.Round(inv.Funded * 100)
			if m.r.chance(0.12) {
				return text(strconv.Itoa(int(points)) + " %")
			}
			return num(points).with("int")
		}},
		{header: "Kommentar", width: 40, value: func(inv *investment) cell { return comment(inv) }},
	}...)

	data := dataSheet("Investeringar", []string{
		"Exempelverket – investeringsportfölj 2026 (fiktiva uppgifter)",
		"Belopp i tkr om inget annat anges. Sammanställd 2025-10-15 av portföljkontoret.",
	}, cols, blocks)
	intro := instructionSheet([]string{
		"Instruktioner – investeringsportfölj 2026",
		"Uppgifterna i den här filen är fiktiva: ett exempel för prio som inte beskriver någon verklig myndighet.",
		"Fyll i en rad per investering på bladet Investeringar. Lägg inte till, ta bort eller byt namn på kolumner.",
		"Belopp anges i tkr (tusental kronor) utan decimaler. Kostnader anges per år 2026–2030; lämna år utan utgifter tomma.",
		"Risk nytta, Risk budget och Risk tid anges som Låg, Medel eller Hög. Välj i listan.",
		"Ja/Nej-frågor besvaras med Ja eller Nej. Är uppgiften inte känd, skriv \"uppgift saknas\" – aldrig 0.",
		"Datum skrivs ÅÅÅÅ-MM-DD. Är bara kvartalet känt, skriv till exempel Q3 2027.",
		"Säkrad finansiering anges i procent av den totala investeringsutgiften.",
		"Frågor om mallen besvaras av portföljkontoret.",
	})
	agency := &book{
		sheets:   []*sheet{intro, data, listSheet()},
		title:    "Exempelverket: investeringsportfölj 2026 (fiktiva uppgifter)",
		modified: "2025-10-15T14:32:00Z",
	}
	return agency, assessmentBook(m, facts.Name, "2025-11-18T10:15:00Z", invs)
}

// registerverket reports in mnkr with costs per year under a merged
// "Kostnader (mnkr)", a net present value formula, dates typed as text and
// TRUE/FALSE cells among its Ja/Nej answers. It does not report the number
// of dependencies, nor low and high net present values.
func registerverket(r *random) (*book, *book) {
	facts := agencyFacts{
		Name: "Registerverket", Count: 28,
		Names: []string{
			"Ersättning av registersystemet",
			"Ny e-tjänst för registrering av företag",
			"Digital inlämning av årsredovisningar",
			"Historiska registeruppgifter som öppna data",
			"Grunddata via API",
			"Digitalisering av pappersarkivet",
			"Identitetskontroll vid registrering",
			"Avgiftshantering för registerutdrag",
			"Migrering av registerdatabasen",
		},
		Owners:   []string{"Avdelningschef register", "CIO"},
		Benefits: []string{"Processägare registrering", "Enhetschef registrering", "Verksamhetsutvecklare", "Enhetschef kundservice"},
		Goals:    []string{"Snabbare registrering för företagen", "Högre kvalitet i registren", "Registeruppgifter tillgängliga via API"},
		Defects:  []defect{noGoal, noBenefitsOwner, noPlan, noSecurity, noOwner, noOpsFunding, opsFundingUndecided},
	}
	invs := generate(r, facts)
	blocks := blocksBy(invs, phases, func(inv *investment) string { return inv.Phase })
	assignIDs(blocks, func(year, n int) string { return fmt.Sprintf("RGV-%02d-%03d", year%100, 10+n*3) })
	skipAssessments(invs, 2)
	m := &messer{r: r}

	// The first investment without a calculated net present value keeps
	// its formula over a placeholder and shows #VALUE!, as Excel would; the
	// others had the formula typed over.
	var errorRow *investment
	for _, block := range blocks {
		for _, inv := range block {
			if !inv.NPVKnown && errorRow == nil {
				errorRow = inv
			}
		}
	}
	yearCell := func(k int) func(*investment) cell {
		return func(inv *investment) cell {
			x := inv.YearCost[k]
			switch {
			case x == 0:
				return cell{}
			case laterYear(inv, k) && m.r.chance(0.04):
				return m.placeholder()
			}
			return m.amount(x, 1, "mnkr", 0.15)
		}
	}
	var pvBenefits, pvCosts string // column letters, set once the columns are laid out
	cols := []column{
		{header: "Projekt-ID", width: 12, value: func(inv *investment) cell { return text(inv.ID) }},
		{header: "Projektnamn", width: 44, value: func(inv *investment) cell { return text(inv.Name) }},
		{header: "Myndighet", width: 15, value: func(*investment) cell { return text(facts.Name) }},
		{header: "Beskrivning", width: 40, value: func(inv *investment) cell { return text(inv.Description) }},
		{header: "Fas", width: 13, value: func(inv *investment) cell { return text(inv.Phase) }},
		{header: "Effektmål", width: 36, value: func(inv *investment) cell { return m.orNothing(inv.Goal) }},
		{header: "Projektägare", width: 24, value: func(inv *investment) cell { return m.orNothing(inv.Owner) }},
		{header: "Nyttoansvarig", width: 24, value: func(inv *investment) cell { return m.orNothing(inv.BenefitsOwner) }},
		{header: "Nyttorealiseringsplan", width: 16, list: listYesNo, value: func(inv *investment) cell { return planCell(m, inv, yesNoBool) }},
	}
	for k, y := range Years {
		cols = append(cols, column{group: "Kostnader (mnkr)", header: strconv.Itoa(y), width: 10, sum: "summnkr", value: yearCell(k)})
	}
	cols = append(cols, []column{
		{header: "Förvaltningskostnad per år (mnkr)", width: 16, sum: "summnkr", value: func(inv *investment) cell {
			if m.r.chance(0.05) {
				return m.placeholder()
			}
			return m.amount(inv.Opex, 1, "mnkr", 0.15)
		}},
		{header: "Nuvärde nyttor (mnkr)", width: 13, sum: "summnkr", value: func(inv *investment) cell {
			if !inv.NPVKnown {
				if inv == errorRow {
					return text("saknas")
				}
				return m.placeholder()
			}
			return num(round(inv.PVBenefits, 1)).with("mnkr")
		}},
		{header: "Nuvärde kostnader (mnkr)", width: 13, sum: "summnkr", value: func(inv *investment) cell {
			return num(round(inv.PVCosts, 1)).with("mnkr")
		}},
		{header: "Nettonuvärde (mnkr)", width: 13, value: func(inv *investment) cell {
			formula := pvBenefits + "{row}-" + pvCosts + "{row}"
			switch {
			case inv == errorRow:
				return cell{kind: cFormula, formula: formula, errText: "#VALUE!", style: "mnkr"}
			case !inv.NPVKnown:
				return m.placeholder()
			}
			return cell{kind: cFormula, formula: formula, num: excelRound(round(inv.PVBenefits, 1) - round(inv.PVCosts, 1)), style: "mnkr"}
		}},
	}...)
	cols = append(cols, riskColumns(m, "", []string{"Risk nytta", "Risk budget", "Risk tid"}, 0.3)...)
	cols = append(cols, []column{
		{header: "Startdatum", width: 12, value: func(inv *investment) cell { return m.date(inv.Start, datesText, false).with("textfmt") }},
		{header: "Planerat slutdatum", width: 12, value: func(inv *investment) cell {
			if m.r.chance(0.04) {
				return m.placeholder()
			}
			return m.date(inv.End, datesText, true).with("textfmt")
		}},
		{header: "Olöst rättsligt hinder", width: 12, list: listYesNo, value: func(inv *investment) cell { return m.yesNo(inv.Legal, yesNoBool) }},
		{header: "Informationssäkerhetsanalys", width: 16, list: listSecurity, value: func(inv *investment) cell { return securityCell(m, inv) }},
		{header: "Finansiering utveckling", width: 13, list: listYesNo, value: func(inv *investment) cell { return fundingCell(m, inv.FundDev, false, yesNoBool) }},
		{header: "Finansiering förvaltning", width: 13, list: listYesNo, value: func(inv *investment) cell { return fundingCell(m, inv.FundOps, inv.FundOpsUndecided, yesNoBool) }},
		{header: "Säkrad finansiering", width: 12, value: func(inv *investment) cell {
			if m.r.chance(0.12) {
				return text(strconv.Itoa(int(math.Round(inv.Funded*100))) + " %")
			}
			return num(inv.Funded).with("pct")
		}},
		{header: "Kommentar", width: 40, value: func(inv *investment) cell { return comment(inv) }},
	}...)
	for i, c := range cols {
		switch c.header {
		case "Nuvärde nyttor (mnkr)":
			pvBenefits = colName(i + 1)
		case "Nuvärde kostnader (mnkr)":
			pvCosts = colName(i + 1)
		}
	}

	data := dataSheet("Investeringar", []string{
		"Registerverket: digitala investeringar 2026–2030 (fiktiva uppgifter)",
		"Belopp i mnkr med en decimal. Nettonuvärde räknas fram i kolumnen Nettonuvärde (mnkr); skriv inte över formeln.",
		"Version 3, 2025-10-20",
	}, cols, blocks)
	fillFormulaRows(data)
	intro := instructionSheet([]string{
		"Så fyller du i portföljen",
		"Uppgifterna i den här filen är fiktiva: ett exempel för prio som inte beskriver någon verklig myndighet.",
		"En rad per investering, grupperade efter fas. Tomma rader mellan grupperna får finnas kvar.",
		"Belopp anges i miljoner kronor (mnkr) med en decimal. Kostnaderna fördelas på de år de uppstår.",
		"Ange nuvärdet av nyttor och kostnader över tio år; nettonuvärdet räknas ut av formeln.",
		"Risk nytta, Risk budget och Risk tid: Låg, Medel eller Hög enligt ESV:s vägledning.",
		"Datum: 2026-03-31, eller månad (2026-03) eller kvartal (Q3 2027) om dagen inte är bestämd.",
		"Uppgifter som inte är kända lämnas med \"uppgift saknas\" eller \"-\".",
	})
	agency := &book{
		sheets:   []*sheet{intro, data, listSheet()},
		title:    "Registerverket: digitala investeringar 2026–2030 (fiktiva uppgifter)",
		modified: "2025-10-20T09:05:00Z",
	}
	return agency, assessmentBook(m, facts.Name, "2025-11-20T13:40:00Z", invs)
}

// tillsynsverket reports one investment outlay in MSEK, risk and funding
// under merged group labels ("Risk" over nytta, budget, tid), Excel dates
// with quarters for uncertain end dates, and X for yes. It does not report
// the share of funding secured.
func tillsynsverket(r *random) (*book, *book) {
	facts := agencyFacts{
		Name: "Tillsynsverket", Count: 37,
		Names: []string{
			"Ny e-tjänst för anmälan av avvikelser",
			"Riskbaserat urval av tillsynsobjekt",
			"Mobilt stöd för inspektörer",
			"Ersättning av tillsynssystemet",
			"Digitala tillståndsansökningar",
			"Gemensam tillsynsdatabas med länsstyrelserna",
			"Incidentrapportering från tillsynsobjekt",
			"Ärendeportal för tillsynsobjekt",
			"Analysstöd för tillsynsplanering",
			"Digitalt flöde för sanktionsavgifter",
		},
		Owners:   []string{"Avdelningschef tillsyn", "Tillsynsdirektör"},
		Benefits: []string{"Enhetschef tillsyn", "Processägare tillsyn", "Enhetschef tillstånd", "Verksamhetsutvecklare"},
		Goals:    []string{"Tillsynen riktas dit riskerna är störst", "Fler inspektioner per inspektör", "Kortare tid från anmälan till beslut"},
		Defects: []defect{noGoal, noBenefitsOwner, noPlan, planUnknown, legalBlocker, noSecurity, investUnknown,
			noOwner, noDevFunding, noOpsFunding, opsFundingUndecided},
	}
	invs := generate(r, facts)
	blocks := blocksBy(invs, categories, func(inv *investment) string { return inv.Category })
	assignIDs(blocks, func(year, n int) string { return fmt.Sprintf("TSV-%d%02d", year%100, n) })
	skipAssessments(invs, 3)
	m := &messer{r: r}

	mnkr := func(get func(*investment) float64, pMissing float64) func(*investment) cell {
		return func(inv *investment) cell {
			if m.r.chance(pMissing) {
				return m.placeholder()
			}
			return m.amount(get(inv), 1, "mnkr", 0.15)
		}
	}
	npv := func(get func(*investment) float64) func(*investment) cell {
		return func(inv *investment) cell {
			if !inv.NPVKnown {
				return m.placeholder()
			}
			return m.amount(get(inv), 1, "mnkr", 0.15)
		}
	}
	cols := []column{
		{header: "Projekt-ID", width: 11, value: func(inv *investment) cell { return text(inv.ID) }},
		{header: "Projektnamn", width: 44, value: func(inv *investment) cell { return text(inv.Name) }},
		{header: "Myndighet", width: 15, value: func(*investment) cell { return text(facts.Name) }},
		{header: "Kategori", width: 21, list: listCategory, value: func(inv *investment) cell { return text(inv.Category) }},
		{header: "Effektmål", width: 36, value: func(inv *investment) cell { return m.orNothing(inv.Goal) }},
		{header: "Projektägare", width: 24, value: func(inv *investment) cell { return m.orNothing(inv.Owner) }},
		{header: "Nyttoansvarig", width: 24, value: func(inv *investment) cell { return m.orNothing(inv.BenefitsOwner) }},
		{header: "Nyttorealiseringsplan", width: 16, list: listYesNo, value: func(inv *investment) cell { return planCell(m, inv, yesNoCross) }},
		{header: "Investeringsutgift (MSEK)", width: 14, sum: "summnkr", value: func(inv *investment) cell {
			if inv.InvestUnknown {
				return text("Ej beslutat")
			}
			return m.amount(inv.Invest, 1, "mnkr", 0.15)
		}},
		{header: "Förvaltningskostnad per år (MSEK)", width: 16, sum: "summnkr", value: mnkr(func(inv *investment) float64 { return inv.Opex }, 0.05)},
		{header: "Nettonuvärde (MSEK)", width: 13, value: npv(func(inv *investment) float64 { return inv.NPV })},
		{header: "Nettonuvärde lågt (MSEK)", width: 13, value: npv(func(inv *investment) float64 { return inv.NPVLow })},
		{header: "Nettonuvärde högt (MSEK)", width: 13, value: npv(func(inv *investment) float64 { return inv.NPVHigh })},
	}
	cols = append(cols, riskColumns(m, "Risk", []string{"nytta", "budget", "tid"}, 0.35)...)
	cols = append(cols, []column{
		{header: "Startdatum", width: 12, value: func(inv *investment) cell { return m.date(inv.Start, datesQuarter, false) }},
		{header: "Planerat slutdatum", width: 12, value: func(inv *investment) cell {
			if m.r.chance(0.04) {
				return m.placeholder()
			}
			return m.date(inv.End, datesQuarter, true)
		}},
		{header: "Antal beroenden", width: 11, value: func(inv *investment) cell {
			if m.r.chance(0.05) {
				return m.placeholder()
			}
			return num(float64(inv.Deps)).with("int")
		}},
		{header: "Olöst rättsligt hinder", width: 12, list: listYesNo, value: func(inv *investment) cell { return m.yesNo(inv.Legal, yesNoCross) }},
		{header: "Informationssäkerhetsanalys", width: 16, list: listSecurity, value: func(inv *investment) cell { return securityCell(m, inv) }},
		{group: "Finansiering", header: "utveckling", width: 12, list: listYesNo, value: func(inv *investment) cell { return fundingCell(m, inv.FundDev, false, yesNoCross) }},
		{group: "Finansiering", header: "förvaltning", width: 12, list: listYesNo, value: func(inv *investment) cell { return fundingCell(m, inv.FundOps, inv.FundOpsUndecided, yesNoCross) }},
		{header: "Kommentar", width: 40, value: func(inv *investment) cell { return comment(inv) }},
	}...)

	data := dataSheet("Investeringar", []string{
		"Tillsynsverket – utvecklingsportfölj, underlag till budgetunderlaget 2027–2029 (fiktiva uppgifter)",
		"Belopp i MSEK. Investeringsutgift avser hela investeringen.",
	}, cols, blocks)
	intro := instructionSheet([]string{
		"Instruktion",
		"Uppgifterna i den här filen är fiktiva: ett exempel för prio som inte beskriver någon verklig myndighet.",
		"Bladet Investeringar har en rad per utvecklingsinitiativ, grupperade efter kategori.",
		"Belopp i MSEK. Investeringsutgift är hela investeringen, inte bara kommande år.",
		"Markera Ja med X. Risk anges Låg, Medel eller Hög för nytta, budget och tid.",
		"Slutdatum som inte är bestämt anges som kvartal, till exempel kv3 2027.",
		"Fält som inte går att fylla i lämnas med \"saknas\".",
	})
	agency := &book{
		sheets:   []*sheet{intro, data, listSheet()},
		title:    "Tillsynsverket: utvecklingsportfölj (fiktiva uppgifter)",
		modified: "2025-10-24T16:48:00Z",
	}
	return agency, assessmentBook(m, facts.Name, "2025-11-21T08:20:00Z", invs)
}

// riskColumns are the three risk columns: full headers ("Risk nytta"), or
// sub-headers under a merged group label ("Risk" over "nytta").
func riskColumns(m *messer, group string, headers []string, pOdd float64) []column {
	var cols []column
	for k, h := range headers {
		cols = append(cols, column{group: group, header: h, width: 10, list: listRisk, value: func(inv *investment) cell {
			if m.r.chance(0.03) {
				return m.placeholder()
			}
			return m.risk(inv.Risk[k], pOdd)
		}})
	}
	return cols
}

func securityCell(m *messer, inv *investment) cell {
	s := securityLevels[inv.Security-1]
	if m.r.chance(0.15) {
		s = strings.ToLower(s)
	}
	return text(s)
}

func planCell(m *messer, inv *investment, style yesNoStyle) cell {
	if inv.PlanUnknown {
		return text("uppgift saknas")
	}
	return m.yesNo(inv.Plan, style)
}

func fundingCell(m *messer, b, undecided bool, style yesNoStyle) cell {
	if undecided {
		return text("Ej beslutat")
	}
	return m.yesNo(b, style)
}

func comment(inv *investment) cell {
	if inv.Comment == "" {
		return cell{}
	}
	return text(inv.Comment)
}

// laterYear reports whether an investment has costs in a year before year
// k: then a placeholder in year k leaves the sum of its years present.
func laterYear(inv *investment, k int) bool {
	for _, x := range inv.YearCost[:k] {
		if x != 0 {
			return true
		}
	}
	return false
}

// fillFormulaRows puts each formula cell's row number into its formula.
func fillFormulaRows(sh *sheet) {
	for r, row := range sh.rows {
		for c := range row {
			if row[c].kind == cFormula {
				row[c].formula = strings.ReplaceAll(row[c].formula, "{row}", strconv.Itoa(r+1))
			}
		}
	}
}
