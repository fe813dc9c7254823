package reports

// summaryLabels are the words of the cross-agency summary ([WriteSummaryXLSX],
// [WriteSummaryHTML]) and of the comparison with a previous run
// ([WriteComparisonMarkdown], [ComparisonSentences]) in one language; the
// words they share with the agencies' reports are in packWords. Format
// strings take the arguments their comments name.
type summaryLabels struct {
	title, agencies, failedHeading, failedIntro, fragile, fragileIntro, fragileNone string // fragileIntro: share
	gateRates, gateRatesNote, common, commonNote                                    string
	sheetAgencies, sheetCommon, sheetFragile, sheetGates, sheetErrors               string
	agency, investments, rankedCol, flaggedCol, excludedCol, cost, costMissing      string // cost: unit
	costNone, median, topKCol, report, runStatus, ok, failed, problem, place        string
	rankInAgency, topKShare, passRate                                               string // passRate: passed, total
	counts                                                                          string // agencies, ok, failed, investments, ranked
	agencyWord, agenciesWord                                                        string

	// The comparison with a previous run.
	compareTitle, comparedWith, noChanges, criteriaChanged, criteriaSame string // comparedWith: folder; criteriaChanged: old, new; criteriaSame: set
	fileChanged                                                          string
	agencyAdded, agencyRemoved, notCompared                              string // notCompared: agency, reason
	failedNow, failedBefore, noJSON                                      string
	invAdded, invRemoved, invMoved, gateChanged                          string // see their use in summary_compare.go
	rankWord, excludedWord, scoreWord, passedWord, failedWord, noGate    string
}

var summaryWords = map[string]summaryLabels{
	"sv": {
		title: "Sammanställning för alla myndigheter", agencies: "Myndigheter",
		failedHeading: "Myndigheter som inte kunde köras",
		failedIntro:   "Deras underlag har fel; inga rapporter är skrivna för dem. Felen, med fil och cell:",
		fragile:       "Osäkra platser i topp k",
		fragileIntro:  "Investeringar bland sin myndighets topp k som hamnar där i färre än %s av stickproven, de osäkraste först.",
		fragileNone:   "Inga: varje plats i en myndighets topp k är fast.",
		gateRates:     "Andel som uppfyller utgångspunkterna",
		gateRatesNote: "Per myndighet och utgångspunkt: andelen investeringar som uppfyller den.",
		common:        "Alla rangordnade investeringar på en gemensam skala",
		commonNote:    "Alla myndigheter är bedömda med samma kriterier, så deras poäng är jämförbara; platsen är rangen bland alla myndigheters rangordnade investeringar.",
		sheetAgencies: "Myndigheter", sheetCommon: "Gemensam skala", sheetFragile: "Osäkra platser",
		sheetGates: "Utgångspunkter", sheetErrors: "Fel",
		agency: "Myndighet", investments: "Investeringar", rankedCol: "Rangordnade", flaggedCol: "Varav flaggade",
		excludedCol: "Uteslutna", cost: "Total kostnad (%s)", costMissing: "Utan kostnadsuppgift", costNone: "Total kostnad",
		median: "Medianpoäng (0–100)", topKCol: "Topp k", report: "Rapport", runStatus: "Körning",
		ok: "klar", failed: "misslyckades", problem: "Fel", place: "Plats",
		rankInAgency: "Rang i myndigheten", topKShare: "Andel i topp k", passRate: "%s av %s",
		counts:     "%s %s: %s klara, %s misslyckades. %s investeringar, varav %s rangordnade.",
		agencyWord: "myndighet", agenciesWord: "myndigheter",

		compareTitle: "Ändringar sedan förra körningen", comparedWith: "Jämfört med körningen i %s.",
		noChanges:       "Inga ändringar sedan förra körningen.",
		criteriaChanged: "Kriterieuppsättningen har ändrats: %s → %s.",
		criteriaSame:    "Samma kriterieuppsättning: %s.",
		fileChanged:     "samma version men ändrad fil",
		agencyAdded:     "Ny myndighet: %s.", agencyRemoved: "Myndighet som inte längre är med: %s.",
		notCompared: "%s: inte jämförd, %s.", failedNow: "körningen misslyckades nu", failedBefore: "körningen misslyckades förra gången",
		noJSON:   "förra körningen har ingen score.json",
		invAdded: "%s: ny investering %s (%s).", invRemoved: "%s: investeringen %s är borttagen (var %s).",
		invMoved: "%s: %s %s.", gateChanged: "%s: %s, utgångspunkt %s: %s → %s.",
		rankWord: "rang", excludedWord: "utesluten", scoreWord: "poäng", passedWord: "uppfylld", failedWord: "ej uppfylld", noGate: "finns inte",
	},
	"en": {
		title: "Summary across agencies", agencies: "Agencies",
		failedHeading: "Agencies that could not be run",
		failedIntro:   "Their files have errors; no reports were written for them. The errors, with file and cell:",
		fragile:       "Uncertain top-k places",
		fragileIntro:  "Investments in their agency's top k that stay there in fewer than %s of the samples, the least firm first.",
		fragileNone:   "None: every place in an agency's top k is firm.",
		gateRates:     "Share passing the starting points",
		gateRatesNote: "Per agency and starting point: the share of investments that pass it.",
		common:        "Every ranked investment on a common scale",
		commonNote:    "Every agency was scored with the same criteria, so their scores can be compared; the place is the rank among all agencies' ranked investments.",
		sheetAgencies: "Agencies", sheetCommon: "Common scale", sheetFragile: "Uncertain places",
		sheetGates: "Starting points", sheetErrors: "Errors",
		agency: "Agency", investments: "Investments", rankedCol: "Ranked", flaggedCol: "Of which flagged",
		excludedCol: "Excluded", cost: "Total cost (%s)", costMissing: "Without a cost", costNone: "Total cost",
		median: "Median score (0–100)", topKCol: "Top k", report: "Report", runStatus: "Run",
		ok: "ok", failed: "failed", problem: "Error", place: "Place",
		rankInAgency: "Rank in agency", topKShare: "Share in top k", passRate: "%s of %s",
		counts:     "%s %s: %s ok, %s failed. %s investments, of which %s ranked.",
		agencyWord: "agency", agenciesWord: "agencies",

		compareTitle: "Changes since the last run", comparedWith: "Compared with the run in %s.",
		noChanges:       "No changes since the last run.",
		criteriaChanged: "The criteria set changed: %s → %s.",
		criteriaSame:    "The same criteria set: %s.",
		fileChanged:     "the same version but a changed file",
		agencyAdded:     "New agency: %s.", agencyRemoved: "Agency no longer included: %s.",
		notCompared: "%s: not compared, %s.", failedNow: "its run failed this time", failedBefore: "its run failed last time",
		noJSON:   "the last run has no score.json",
		invAdded: "%s: new investment %s (%s).", invRemoved: "%s: investment %s removed (was %s).",
		invMoved: "%s: %s %s.", gateChanged: "%s: %s, starting point %s: %s → %s.",
		rankWord: "rank", excludedWord: "excluded", scoreWord: "score", passedWord: "passed", failedWord: "failed", noGate: "absent",
	},
}
