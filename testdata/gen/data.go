package main

import (
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// random draws from a PCG source through helpers of our own: the PCG output
// stream is specified and fixed, while the algorithms behind rand.Rand's
// methods are not promised to stay the same between Go releases.
type random struct{ src *rand.PCG }

func newRandom(seed, stream uint64) *random { return &random{rand.NewPCG(seed, stream)} }

// intn returns a number in [0, n). The modulo bias is below 2⁻⁵⁰ for the
// small n used here.
func (r *random) intn(n int) int { return int(r.src.Uint64() % uint64(n)) }

// float returns a number in [0, 1).
func (r *random) float() float64 { return float64(r.src.Uint64()>>11) / (1 << 53) }

// chance reports true with probability p.
func (r *random) chance(p float64) bool { return r.float() < p }

// between returns a number in [lo, hi].
func (r *random) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

func pick[T any](r *random, xs []T) T { return xs[r.intn(len(xs))] }

// weighted returns an index into weights, drawn in proportion to them.
func (r *random) weighted(weights ...float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.float() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// shuffle permutes xs (Fisher–Yates).
func shuffle[T any](r *random, xs []T) {
	for i := len(xs) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		xs[i], xs[j] = xs[j], xs[i]
	}
}

// Years are the cost columns of the agencies that report costs per year.
var Years = []int{2026, 2027, 2028, 2029, 2030}

// Risk levels, security assessment levels and categories as the criteria
// set and the agencies' lists spell them.
var (
	riskLevels     = []string{"Låg", "Medel", "Hög"}
	securityLevels = []string{"Ej planerad", "Planerad", "Genomförd"}
	categories     = []string{"Säkerställa befintlig", "Förbättra befintlig", "Ny lösning"}
	phases         = []string{"Förstudie", "Planering", "Genomförande", "Införande"}
)

// investment holds the facts of one investment as the agency knows them,
// before any of them are written into a cell (and made messy there), and the
// analysts' assessment of it.
type investment struct {
	ID, Name, Category, Phase, Description string
	Goal                                   string // "" when the agency gives none
	Owner, BenefitsOwner                   string // "" when not named
	Plan                                   bool
	PlanUnknown                            bool // the plan cell holds a placeholder

	// Costs in mnkr, to the krona in thousands (three decimals): the investment outlay per year 2026–2030 (zero outside
	// the investment's years) and its sum; the yearly running cost.
	YearCost [5]float64
	Invest   float64
	Opex     float64

	// Present values in mnkr; NPV = PVBenefits − PVCosts. NPVKnown is false
	// when the agency has not calculated it.
	PVBenefits, PVCosts  float64
	NPV, NPVLow, NPVHigh float64
	NPVKnown             bool

	Risk       [3]int // nytta, budget, tid: 1 Låg, 2 Medel, 3 Hög
	Start, End time.Time
	RevisedEnd time.Time // zero when not revised
	Deps       int
	Legal      bool // an unresolved legal blocker
	Security   int  // 1 Ej planerad, 2 Planerad, 3 Genomförd
	FundDev    bool
	FundOps    bool
	// FundOpsUndecided: the running-cost funding is "Ej beslutat";
	// InvestUnknown: the outlay is not known yet.
	FundOpsUndecided bool
	InvestUnknown    bool
	Funded           float64 // share of funding secured
	Comment          string

	assessment
}

// assessment is what the analysts judge; agencies do not report it.
type assessment struct {
	Assessed                                                               bool
	Effects, Readiness, Mandate, Shared, Urgency, Governance, Architecture int
	Note                                                                   string
}

// agencyFacts describes one fictional agency for the generator.
type agencyFacts struct {
	Name     string
	File     string                   // base name of its workbooks
	Count    int                      // investments
	ID       func(year, n int) string // the id of the n-th investment (from 1) started in year
	Names    []string                 // investment names of its own, besides the common ones
	Owners   []string
	Benefits []string // benefits owners
	Goals    []string
	Defects  []defect // one investment each
}

var commonNames = []string{
	"Flytt till statlig molntjänst",
	"Ersättning av ärendehanteringssystemet",
	"Ersättning av ekonomisystemet",
	"Ny e-tjänst för ansökan om tillstånd",
	"Ny e-tjänst för anmälan av ändringar",
	"Digital brevlåda för beslut och meddelanden",
	"E-arkiv enligt FGS",
	"Identitets- och behörighetshantering",
	"Modernisering av nätverk och telefoni",
	"Säker e-post och meddelandetjänst",
	"Datalager för verksamhetsstatistik",
	"API för öppna data",
	"Tillgänglighetsanpassning av e-tjänster",
	"Loggning och säkerhetsövervakning (SOC)",
	"Ny webbplats med självservice",
	"Elektronisk fakturahantering (Peppol)",
	"Uppgradering av dokumenthanteringen",
	"Utfasning av stordatorplattformen",
	"Ersättning av diariet",
	"Informationsutbyte via Ena",
	"Chattfunktion för kundtjänst",
	"Beslutsstöd för handläggare",
	"Automatiserad kontroll av underlag",
	"Ny lönelösning via Statens servicecenter",
	"Mobil app för uppföljning av ärenden",
	"Masterdata för kunder och ombud",
	"Ombud och fullmakter i e-tjänsterna",
	"Förstudie: AI-stöd i handläggningen",
	"Reservdrift och kontinuitet",
	"Ny intranätplattform",
	"Modernisering av integrationsplattformen",
	"Digital signering av avtal och beslut",
	"Bokningssystem för besök",
	"Samverkansplattform med kommunerna",
	"Kryptering av lagrad information",
	"Förnyelse av klientplattformen",
	"Säkra videomöten",
	"Ersättning av telefoniplattformen",
}

var commonGoals = []string{
	"Kortare handläggningstid",
	"Färre felaktiga utbetalningar",
	"Högre andel digitala ärenden",
	"Lägre driftkostnader",
	"Säkrare informationshantering",
	"Minskat manuellt arbete",
	"Nöjdare kunder",
	"Bättre beslutsunderlag",
	"Uppfyllda lagkrav från 2027",
	"Högre tillgänglighet i e-tjänsterna",
	"Minskad sårbarhet och bättre kontinuitet",
	"Handläggningstiden halveras till 2028",
	"90 % av ansökningarna digitala 2028",
}

var commonOwners = []string{
	"Generaldirektör", "Överdirektör", "IT-direktör", "Ekonomidirektör",
	"Avdelningschef verksamhet", "Avdelningschef IT", "Rättschef",
}

var agencyComments = []string{
	"Upphandling pågår; avtal klart Q2 2026",
	"Beroende av ny lagstiftning 2027",
	"Reviderad budget, se beslut 2025-03-12",
	"Ingår i programmet Digital först",
	"Avvaktar regeringsbeslut",
	"Delvis finansierat via anslag 1:1",
	"Leverantören har aviserat förseningar",
	"Gemensamt med två andra myndigheter",
}

var analystNotes = []string{
	"Effektmålen behöver preciseras",
	"Stark koppling till myndighetens instruktion",
	"Bedömningen preliminär; förstudien pågår",
	"Lagkrav med fast datum",
	"Oklart vem som äger nyttorna",
	"Bör samordnas med andra myndigheter",
	"Beroende av leverantörens färdplan",
	"Kalkylen bygger på optimistiska antaganden",
	"Väl förankrad i ledningen",
}

// sizeBands are the bands of investment outlay, in mnkr, that sizes are
// drawn from.
var sizeBands = [][2]float64{{2, 5}, {5, 10}, {10, 25}, {25, 50}, {50, 100}, {100, 200}, {200, 350}}

// dateOf returns the first of a month at midnight UTC.
func dateOf(year, month, day int) time.Time {
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// round rounds x to the given number of decimals.
func round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	y := math.Round(x*p) / p
	if y == 0 {
		return 0 // not -0
	}
	return y
}

// generate draws the investments of an agency.
func generate(r *random, a agencyFacts) []*investment {
	// Every name of the agency's own, then common ones to make up the
	// count, in a random order.
	own := append([]string(nil), a.Names...)
	common := append([]string(nil), commonNames...)
	shuffle(r, own)
	shuffle(r, common)
	names := append(own, common...)
	if len(names) < a.Count {
		panic("not enough investment names for " + a.Name)
	}
	names = names[:a.Count]
	shuffle(r, names)

	goals := append(append([]string{}, a.Goals...), commonGoals...)
	owners := append(append([]string{}, a.Owners...), commonOwners...)

	invs := make([]*investment, a.Count)
	for i := range invs {
		inv := &investment{Name: names[i]}
		invs[i] = inv
		inv.Category = categories[r.weighted(4, 4, 3)]
		inv.Phase = phases[r.weighted(1, 3, 5, 2)]
		if strings.HasPrefix(inv.Name, "Förstudie") {
			inv.Phase = "Förstudie"
		}

		// Dates: starts 2024–2028, 9 to 48 months long, ends in 2026–2031.
		start := dateOf(2024+r.intn(5), 1+r.intn(12), 1)
		if r.chance(0.3) {
			start = start.AddDate(0, 0, r.intn(28))
		}
		months := r.between(9, 48)
		if inv.Phase == "Förstudie" {
			months = r.between(6, 12)
		}
		end := start.AddDate(0, months, 0).AddDate(0, 0, -1)
		if end.Year() < 2026 {
			end = dateOf(2026, 3+r.intn(9), 1).AddDate(0, 0, -1)
		}
		if end.Year() > 2031 {
			end = dateOf(2031, 12, 31)
		}
		inv.Start, inv.End = start, end
		if r.chance(0.35) {
			// the last day of a month 3 to 12 months later
			inv.RevisedEnd = dateOf(end.Year(), int(end.Month())+1, 1).AddDate(0, r.between(3, 12), -1)
		}

		// Size: from 2 to 350 mnkr, most between 10 and 100; a pre-study
		// is small. Bands and plain arithmetic rather than exp and log, whose
		// last bit may differ between processors.
		band := sizeBands[r.weighted(1.2, 1.3, 2, 1.6, 1.3, 0.9, 0.5)]
		invest := band[0] + (band[1]-band[0])*r.float()
		if inv.Phase == "Förstudie" {
			invest = 1 + 4*r.float()
		}
		first, last := max(start.Year(), Years[0]), min(end.Year(), Years[len(Years)-1])
		var weights [5]float64
		total := 0.0
		for y := first; y <= last; y++ {
			w := 0.5 + r.float()
			weights[y-Years[0]] = w
			total += w
		}
		for k, w := range weights {
			inv.YearCost[k] = round(invest*w/total, 3)
			inv.Invest += inv.YearCost[k]
		}
		inv.Invest = round(inv.Invest, 3)
		inv.Opex = round(inv.Invest*(0.04+0.12*r.float()), 3)

		// Net present value per invested krona: mostly positive, some below
		// zero; present values over ten years at a few per cent.
		ratio := 0.1 + 2.6*r.float()
		if r.chance(0.15) {
			ratio = -0.6 * r.float()
		}
		inv.PVCosts = round(inv.Invest+6.5*inv.Opex, 3)
		inv.NPV = round(ratio*inv.Invest, 3)
		inv.PVBenefits = round(inv.PVCosts+inv.NPV, 3)
		inv.NPV = round(inv.PVBenefits-inv.PVCosts, 3)
		spread := 0.15 + 0.5*r.float()
		inv.NPVLow = round(inv.NPV-spread*math.Abs(inv.NPV)-0.1*inv.Invest, 3)
		inv.NPVHigh = round(inv.NPV+spread*math.Abs(inv.NPV)+0.05*inv.Invest, 3)
		inv.NPVKnown = !r.chance(0.08) && inv.Phase != "Förstudie"

		big := inv.Invest > 100
		for k := range inv.Risk {
			w := []float64{5, 4, 1.2}
			if big {
				w = []float64{2, 4, 2.5}
			}
			inv.Risk[k] = 1 + r.weighted(w...)
		}

		inv.Goal = pick(r, goals)
		inv.Owner = pick(r, owners)
		inv.BenefitsOwner = pick(r, a.Benefits)
		inv.Plan = true
		inv.Deps = []int{0, 0, 1, 1, 2, 2, 3, 4, 6}[r.intn(9)]
		inv.Security = 2 + r.intn(2)
		inv.FundDev, inv.FundOps = true, true
		inv.Funded = []float64{0, 0.25, 0.4, 0.5, 0.6, 0.75, 0.8, 1, 1}[r.intn(9)]
		if r.chance(0.3) {
			inv.Comment = pick(r, agencyComments)
		}
		inv.Description = describe(inv)

		// The analysts' view: readiness counts goals, plan and owner; the
		// rest is judgement, drawn around the middle of the scale.
		as := &inv.assessment
		as.Assessed = true
		as.Effects = 1 + r.weighted(1, 2, 4, 3, 1.5)
		as.Readiness = 3
		if r.chance(0.2) {
			as.Readiness-- // a plan or a goal the analysts found too thin
		}
		as.Mandate = 1 + r.weighted(0.5, 1.5, 3, 4, 2)
		as.Shared = 1 + r.weighted(2.5, 3, 3, 1.5, 0.8)
		as.Urgency = 1 + r.weighted(1, 2, 3, 3, 1.5)
		as.Governance = 1 + r.weighted(0.8, 2, 4, 3, 1)
		as.Architecture = 1 + r.weighted(0.8, 2, 4, 3, 1)
		if r.chance(0.35) {
			as.Note = pick(r, analystNotes)
			if as.Note == "Lagkrav med fast datum" {
				as.Urgency = 5
			}
		}
	}
	// The shortcomings that make an investment fail a starting point go to
	// as many different investments, so that a few fail and most pass.
	order := make([]int, len(invs))
	for i := range order {
		order[i] = i
	}
	shuffle(r, order)
	if len(a.Defects) > len(invs) {
		panic("more defects than investments for " + a.Name)
	}
	for k, d := range a.Defects {
		inv := invs[order[k]]
		switch d {
		case noGoal:
			inv.Goal = ""
		case noOwner:
			inv.Owner = ""
		case noBenefitsOwner:
			inv.BenefitsOwner = ""
		case noPlan:
			inv.Plan = false
		case planUnknown:
			inv.PlanUnknown = true
		case legalBlocker:
			inv.Legal = true
		case noSecurity:
			inv.Security = 1
		case noDevFunding:
			inv.FundDev = false
		case noOpsFunding:
			inv.FundOps = false
		case opsFundingUndecided:
			inv.FundOpsUndecided = true
		case investUnknown:
			inv.InvestUnknown = true
		}
		if d == noGoal || d == noPlan || d == planUnknown || d == noBenefitsOwner {
			// the analysts count what is there
			inv.Readiness = 0
			for _, ok := range []bool{inv.Goal != "", inv.Plan && !inv.PlanUnknown, inv.BenefitsOwner != ""} {
				if ok {
					inv.Readiness++
				}
			}
		}
	}
	return invs
}

// defect is a shortcoming that makes an investment fail a starting point of
// the built-in criteria set (G1–G6), or be missing what one reads.
type defect uint8

const (
	noGoal              defect = iota + 1 // G1, exclude
	noBenefitsOwner                       // G2 at 10 mnkr and above, exclude
	noPlan                                // G2
	planUnknown                           // G2 missing: the cell holds a placeholder
	legalBlocker                          // G4, exclude
	noSecurity                            // G4: no security assessment planned
	noOwner                               // G3, flag
	noDevFunding                          // G6, flag
	noOpsFunding                          // G6
	opsFundingUndecided                   // G6 missing: "Ej beslutat"
	investUnknown                         // the investment outlay is not known
)

// describe writes the one-line description some agencies keep.
func describe(inv *investment) string {
	switch inv.Category {
	case "Säkerställa befintlig":
		return "Håller befintlig förmåga i drift och säker"
	case "Förbättra befintlig":
		return "Vidareutvecklar befintligt stöd i verksamheten"
	}
	return "Ny förmåga för verksamheten och dess kunder"
}
