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
	sheetFairness, sheetContenders                                                  string
	agency, investments, rankedCol, flaggedCol, excludedCol, cost, costMissing      string // cost: unit
	costNone, median, topKCol, report, runStatus, ok, failed, problem, place        string
	rankInAgency, topKShare, passRate, bestRank, failedCount                        string // passRate: passed, total
	counts                                                                          string // agencies, ok, failed, investments, ranked
	agencyWord, agenciesWord                                                        string

	// Captions (never the same words as the heading above them) and the
	// comparability of the agencies.
	agenciesCaption, fragileCaption, gateRatesCaption, commonCaption string
	contendersHeading, contendersIntro, contendersNone               string // contendersIntro: share
	contendersCaption                                                string
	fairness, fairnessIntro, fairnessNone                            string
	missingForAll                                                    string // agency, criteria
	absentColumn                                                     string // agency, field, file
	otherVersion                                                     string // agency, its set, the summary's
	policyWorst, policyNeutral                                       string

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
		sheetGates: "Utgångspunkter", sheetErrors: "Fel", sheetFairness: "Jämförbarhet", sheetContenders: "Nära topp k",
		agency: "Myndighet", investments: "Investeringar", rankedCol: "Rangordnade", flaggedCol: "Varav flaggade",
		excludedCol: "Uteslutna", cost: "Total kostnad (%s)", costMissing: "Utan kostnadsuppgift", costNone: "Total kostnad",
		median: "Medianpoäng (0–100)", topKCol: "Topp\u00a0k", report: "Rapport", runStatus: "Körning",
		ok: "klar", failed: "misslyckades", problem: "Fel", place: "Plats",
		rankInAgency: "Rang i myndigheten", topKShare: "Andel i topp k", passRate: "%s av %s",
		bestRank: "Bästa rang", failedCount: "Ej uppfylld av",
		counts:     "%s %s: %s klara, %s misslyckades. %s investeringar, varav %s rangordnade.",
		agencyWord: "myndighet", agenciesWord: "myndigheter",
		agenciesCaption:   "Per myndighet: investeringar, kostnad och medianpoäng",
		fragileCaption:    "Platser i topp k som inte är fasta, de osäkraste först",
		gateRatesCaption:  "Andel per myndighet och utgångspunkt",
		commonCaption:     "Plats bland alla myndigheters rangordnade investeringar",
		contendersHeading: "Nära topp k", contendersCaption: "Investeringar utanför sin myndighets topp k med en verklig chans att komma in",
		contendersIntro: "Investeringar rangordnade utanför sin myndighets topp k som hamnar där i minst %s av stickproven, de mest sannolika först.",
		contendersNone:  "Ingen investering utanför sin myndighets topp k har en verklig chans att komma in.",
		fairness:        "Var jämförelsen mellan myndigheterna haltar",
		fairnessIntro:   "Läs den gemensamma skalan med det här i minnet:",
		fairnessNone:    "Alla myndigheter har värden för alla kriterier och är bedömda med samma version av kriterierna.",
		missingForAll:   "%s: ingen av myndighetens rangordnade investeringar har ett värde för %s; de får det värde kriteriet ger saknade uppgifter, och myndighetens poäng kan inte jämföras rakt av med andras.",
		absentColumn:    "%s: kolumnen för %s saknas i %s och räknas som saknad för alla investeringar där.",
		otherVersion:    "%s är bedömd med %s, inte %s som sammanställningen.",
		policyWorst:     "sämsta värde, 0 av 100", policyNeutral: "neutralt värde, 50 av 100",

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
		sheetGates: "Starting points", sheetErrors: "Errors", sheetFairness: "Comparability", sheetContenders: "Near the top k",
		agency: "Agency", investments: "Investments", rankedCol: "Ranked", flaggedCol: "Of which flagged",
		excludedCol: "Excluded", cost: "Total cost (%s)", costMissing: "Without a cost", costNone: "Total cost",
		median: "Median score (0–100)", topKCol: "Top\u00a0k", report: "Report", runStatus: "Run",
		ok: "ok", failed: "failed", problem: "Error", place: "Place",
		rankInAgency: "Rank in agency", topKShare: "Share in top k", passRate: "%s of %s",
		bestRank: "Best rank", failedCount: "Not met by",
		counts:     "%s %s: %s ok, %s failed. %s investments, of which %s ranked.",
		agencyWord: "agency", agenciesWord: "agencies",
		agenciesCaption:   "By agency: investments, cost and median score",
		fragileCaption:    "Top-k places that are not firm, the least firm first",
		gateRatesCaption:  "Share by agency and starting point",
		commonCaption:     "Place among every agency's ranked investments",
		contendersHeading: "Near the top k", contendersCaption: "Investments outside their agency's top k with a real chance of entering it",
		contendersIntro: "Investments ranked outside their agency's top k that are in it in at least %s of the samples, the likeliest first.",
		contendersNone:  "No investment outside its agency's top k stands a real chance of entering it.",
		fairness:        "Where the comparison between agencies limps",
		fairnessIntro:   "Read the common scale with this in mind:",
		fairnessNone:    "Every agency has values for every criterion and was scored with the same version of the criteria.",
		missingForAll:   "%s: none of the agency's ranked investments has a value for %s; they take the value the criterion gives missing inputs, and the agency's scores cannot be compared one to one with others'.",
		absentColumn:    "%s: the column for %s is absent from %s and counts as missing for every investment there.",
		otherVersion:    "%s was scored with %s, not %s as the summary.",
		policyWorst:     "worst value, 0 of 100", policyNeutral: "neutral value, 50 of 100",

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
