package reports

// packLabels are the words of the reports people read — the workbook
// ([WriteXLSX]), the meeting pack ([WriteHTML]) and the Markdown memo
// ([WriteMarkdown]) — in one language. Every label of those three formats
// is here, so that a translation is checked in one place. Format strings
// take the arguments their comments name; %[1]s and the like repeat one.
type packLabels struct {
	// Document titles and chapters.
	title, summary, contents, firmnessChapter, ranking, contribChapter string
	gates, stability, about, appendix, backToSummary                   string
	dependHeading, contendersHeading, agencyGroups, warnings           string

	// Sheet names of the workbook (at most 31 characters, no : \ / ? * [ ]).
	sheetOverview, sheetRanking, sheetContributions, sheetGates, sheetSensitivity string
	sheetAcceptability, sheetStability, sheetInputs, sheetAbout                   string

	// Column headers.
	rank, id, name, agency, status, score, scoreUnit, failedGates, missing, source string
	total, criterion, criterionTitle, gate, gateTitle, result, onFail, reason      string
	expression, onMissing, what, field, fieldTitle, unit, cells, weight            string
	topKShare, rankRangeMissing, rankRangeBest, rankRangeWorst, firmness, rankN    string // topKShare: k; rankN: r
	interval90, interval90Low, interval90High, confidence                          string
	rankingFrom, rankingTo, topKFrom, topKTo                                       string // topKFrom, topKTo: k
	swapBelow, swapAbove, overtakes                                                string // overtakes: up, down
	path, sheet, sha256, rows, key, val, sourceRows, shown                         string

	// Statuses and gate outcomes.
	statusRanked, statusFlagged, statusExcluded string
	onFailExclude, onFailFlag                   string
	onMissingPass, onMissingFail                string
	yesWord, noWord, missingWord                string

	// Page one.
	criteriaSet, criteriaStatus, date string
	criteriaLine                      string // title, version, status
	draftBanner, draftShort           string // draftBanner: status
	notAdopted                        string
	statusWords                       map[string]string
	months                            [12]string
	dateFormat                        string // day, month, year
	rankedOf, flaggedOne, flaggedMany string // rankedOf: ranked, total; flagged: n
	excludedOne, excludedMany         string // n
	excludedNone                      string
	topAllFirm                        string                // k
	topCounts                         string                // k, the counts in words
	verdictCounts                     map[verdict][2]string // one, many: n
	missingSome, missingNone          string                // missingSome: n, investment(s), k
	contendersOne, contendersSome     string                // n, investment(s), k
	contendersNone                    string                // k
	investment, investments           string
	noSensitivity                     string
	missingInputsOne, missingInputs   string // n, investment(s)
	missingInputsNone                 string
	noRanked                          string
	topHeading, topCaption            string // k
	topCaptionFirm                    string // k
	verdicts                          map[verdict]string
	thresholds                        string // k, firm, borderline, contender shares
	dependDecisive, dependLacks       string // dependDecisive: what is missing, ranks; dependLacks: what is missing
	dependIntroDecisive               string // k
	dependIntroMissing                string
	contendersIntro                   string // k
	contenderLine                     string // share, k, interval
	truncated                         string // shown, ranked
	truncatedExcluded                 string // shown, excluded
	groupsCaption                     string

	// Captions.
	rankingCaption, contribCaption, gatesCaption, gateResultsCaption string
	firmnessCaption, stabilityCaption, aboutCaption, inputFiles      string
	gateDefsCaption, cellsCaption, fieldsCaption                     string
	noGateResults                                                    string

	// The run.
	criteriaID, criteriaVersion, seed, samples, weightsModel, top, prioVersion string
	free, order, vary                                                          string // vary: percent
	sensitivityRun                                                             string // samples, seed, model, k
	stabilityNote, appendixIntro                                               string

	// Charts: titles, descriptions, axes and legends.
	chartFirmness, chartFirmnessDesc          string // desc: n, k
	chartContrib, chartContribDesc            string // desc: n
	chartStability, chartStabilityDesc        string // desc: k, axis max
	axisScore, axisRank, axisWeight           string
	legendRank, legendInterval, legendTopLine string // legendTopLine: k
	legendCurrent, legendRanking, legendTopK  string // legendTopK: k
	tableOfNumbers, figure, part              string // tableOfNumbers: which table; figure: n; part: i, n
	legendHeading                             string
	andMore                                   string // n
	overviewIntro                             string
}

var packWords = map[string]packLabels{
	"sv": {
		title: "Prioriteringsunderlag", summary: "Sammanfattning", contents: "Innehåll",
		firmnessChapter: "Hur säkra är platserna?", ranking: "Rangordning", contribChapter: "Vad poängen består av",
		gates: "Utgångspunkter", stability: "Vikternas stabilitet", about: "Om körningen",
		appendix: "Bilaga: villkor, källceller och fält", backToSummary: "Till sammanställningen för alla myndigheter",
		dependHeading: "Placeringar som beror på saknade uppgifter", contendersHeading: "Nära topp %s",
		agencyGroups: "Per myndighet", warnings: "Varningar",

		sheetOverview: "Översikt", sheetRanking: "Rangordning", sheetContributions: "Bidrag", sheetGates: "Utgångspunkter",
		sheetSensitivity: "Känslighet", sheetAcceptability: "Rangacceptans", sheetStability: "Stabilitet",
		sheetInputs: "Indata", sheetAbout: "Om körningen",

		rank: "Rang", id: "ID", name: "Namn", agency: "Myndighet", status: "Status",
		score: "Poäng", scoreUnit: "Poäng (0–100)", failedGates: "Ej uppfyllda utgångspunkter",
		missing: "Saknade uppgifter", source: "Källcell",
		total: "Summa", criterion: "Kriterium", criterionTitle: "Kriterienamn",
		gate: "Utgångspunkt", gateTitle: "Beskrivning", result: "Resultat", onFail: "Om ej uppfylld", reason: "Skäl",
		expression: "Villkor", onMissing: "Om uppgift saknas", what: "Vad den gör",
		field: "Fält", fieldTitle: "Fältnamn", unit: "Enhet", cells: "Källceller", weight: "Vikt",
		topKShare: "I topp %s", rankRangeMissing: "Rangintervall vid saknade värden",
		rankRangeBest: "Bästa rang vid saknade värden", rankRangeWorst: "Sämsta rang vid saknade värden",
		firmness: "Hur säker", rankN: "Rang %d",
		interval90: "Plats i 90\u00a0% av stickproven", interval90Low: "Plats i 90\u00a0% av stickproven, från",
		interval90High: "Plats i 90\u00a0% av stickproven, till", confidence: "Konfidens",
		rankingFrom: "Rangordningen oförändrad från", rankingTo: "Rangordningen oförändrad till",
		topKFrom: "Topp %s oförändrad från", topKTo: "Topp %s oförändrad till",
		swapBelow: "Byte vid undre gränsen", swapAbove: "Byte vid övre gränsen", overtakes: "%s går om %s",
		path: "Fil", sheet: "Blad", sha256: "SHA-256", rows: "Rader", key: "Uppgift", val: "Värde",
		sourceRows: "Källrader", shown: "Visade här",

		statusRanked: "rangordnad", statusFlagged: "flaggad", statusExcluded: "utesluten",
		onFailExclude: "utesluts", onFailFlag: "flaggas",
		onMissingPass: "räknas som uppfylld", onMissingFail: "räknas som ej uppfylld",
		yesWord: "Ja", noWord: "Nej", missingWord: "saknas",

		criteriaSet: "Kriterier", criteriaStatus: "Status", date: "Datum",
		criteriaLine: "Kriterier: %s, version %s (%s)",
		draftBanner: "Kriterieuppsättningen har status %s och är inte antagen. " +
			"Rangordningen är ett arbetsmaterial, inte ett underlag för beslut.",
		draftShort: "UTKAST – ej antagna kriterier", notAdopted: "Ej antagna kriterier",
		statusWords: map[string]string{
			"draft": "utkast", "consultation": "på remiss", "adopted": "antagen", "retired": "upphävd",
		},
		months: [12]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
			"september", "oktober", "november", "december"},
		dateFormat: "%d %s %d",
		rankedOf:   "%s av %s investeringar är rangordnade", flaggedOne: " (%s av dem flaggad)", flaggedMany: " (%s av dem flaggade)",
		excludedOne: ", %s utesluten av utgångspunkterna.", excludedMany: ", %s uteslutna av utgångspunkterna.",
		excludedNone: ", ingen utesluten.",
		topAllFirm:   "Topp %s: alla platser är fasta.",
		topCounts:    "Topp %s: %s.",
		verdictCounts: map[verdict][2]string{
			verdictFirm: {"%s fast plats", "%s fasta platser"}, verdictBorderline: {"%s gränsfall", "%s gränsfall"},
			verdictUncertain: {"%s osäker", "%s osäkra"},
			verdictMissing:   {"%s som beror på saknade uppgifter", "%s som beror på saknade uppgifter"},
		},
		missingSome:    "%s %s kan hamna i eller utanför topp %s beroende på uppgifter som saknas",
		missingNone:    "ingen placering i eller kring topp %s beror på uppgifter som saknas",
		contendersOne:  "%s %s utanför topp %s har en verklig chans att komma in",
		contendersSome: "%s %s utanför topp %s har en verklig chans att komma in",
		contendersNone: "ingen utanför topp %s har en verklig chans att komma in",
		investment:     "investering", investments: "investeringar",
		noSensitivity:     "Hur säkra platserna är visar känslighetsanalysen (prio sensitivity), som inte ingår här.",
		missingInputsOne:  "%s rangordnad %s saknar uppgifter; dess placering kan bero på dem.",
		missingInputs:     "%s rangordnade %s saknar uppgifter; deras placering kan bero på dem.",
		missingInputsNone: "Inga rangordnade investeringar saknar uppgifter.",
		noRanked:          "Ingen investering är rangordnad.",
		topHeading:        "Topp %s", topCaption: "De %s högst rangordnade",
		topCaptionFirm: "De %s högst rangordnade och hur säkra deras platser är",
		verdicts: map[verdict]string{
			verdictFirm: "fast", verdictBorderline: "gränsfall", verdictUncertain: "osäker",
			verdictMissing: "beror på saknade uppgifter", verdictContender: "kan ta sig in", verdictOutside: "utanför",
		},
		thresholds: "Så läses bedömningen: fast – i topp %[1]s i minst %[2]s av stickproven; gränsfall – i minst %[3]s; " +
			"osäker – i färre; kan ta sig in – rangordnad utanför topp %[1]s men där i minst %[4]s av stickproven. " +
			"Beror på saknade uppgifter – om investeringen hamnar i topp %[1]s avgörs av värden som saknas " +
			"(bästa och sämsta fallet skiljer sig); det går före stickproven, där saknade värden ligger fast. " +
			"Plats i 90\u00a0%% av stickproven: de mittersta 90\u00a0%% av de platser investeringen fick.",
		dependDecisive:      "saknar %s; med uppgifterna kan den hamna på plats %s.",
		dependLacks:         "saknar %s.",
		dependIntroDecisive: "Om de här investeringarna hamnar i topp %s avgörs av uppgifter som saknas:",
		dependIntroMissing:  "De här rangordnade investeringarna saknar uppgifter; deras placering kan bero på dem:",
		contendersIntro:     "Rangordnade utanför topp %s men med en verklig chans att komma in:",
		contenderLine:       "i topp %[2]s i %[1]s av stickproven (plats %[3]s i 90\u00a0%% av dem).",
		truncated:           "Här visas de %s högst rangordnade av %s. Hela rangordningen finns i arbetsboken och i JSON-filen.",
		truncatedExcluded:   "Här visas %s av %s uteslutna investeringar; alla finns i arbetsboken och i JSON-filen.",
		groupsCaption:       "Antal investeringar per myndighet",

		rankingCaption:     "Alla investeringar i rangordning, de uteslutna sist",
		contribCaption:     "Bidrag per kriterium (poäng av 100)",
		gatesCaption:       "Utgångspunkterna och hur många som inte uppfyller dem",
		gateResultsCaption: "Investeringar som inte uppfyller en utgångspunkt",
		firmnessCaption:    "Varje rangordnad investering: bedömning och platser i stickproven",
		stabilityCaption:   "Intervall för varje vikt där rangordningen och topp k är oförändrade",
		aboutCaption:       "Kriterier och inställningar", inputFiles: "Indatafiler",
		gateDefsCaption: "Utgångspunkternas villkor", cellsCaption: "Källceller för de saknade uppgifterna",
		fieldsCaption: "Fälten i kriterieuppsättningen",
		noGateResults: "Alla investeringar uppfyller alla utgångspunkter.",

		criteriaID: "Kriterieuppsättning", criteriaVersion: "Version", seed: "Slumpfrö", samples: "Stickprov",
		weightsModel: "Viktmodell", top: "Topp k", prioVersion: "prio-version",
		free: "fria vikter", order: "vikter i de angivnas ordning", vary: "varje vikt inom ±%s av den angivna",
		sensitivityRun: "%s stickprov, slumpfrö %s, %s, topp %s.",
		stabilityNote:  "De andra vikterna skalas om i proportion när en vikt ändras.",
		appendixIntro:  "För den som vill följa siffrorna till källan: utgångspunkternas villkor som de står i kriterieuppsättningen, cellerna där uppgifter saknas och fältens namn.",

		chartFirmness: "Hur säkra platserna är",
		chartFirmnessDesc: "En rad per rangordnad investering i rangordning (%s st.): punkten är investeringens rang, " +
			"strecket de platser den fick i de mittersta 90\u00a0%% av stickproven och den lodräta linjen gränsen för topp %s.",
		chartContrib:     "Poäng per investering, uppdelad på kriterier",
		chartContribDesc: "Liggande staplar, en per rangordnad investering i rangordning (%s st.); varje stapel är uppdelad i kriteriernas bidrag till poängen, i kriterieordning från vänster, med en färg per kriteriegrupp och ljusare toner för kriterierna inom gruppen.",
		chartStability:   "Vikternas stabilitetsintervall",
		chartStabilityDesc: "En rad per kriterium: det ljusa fältet är intervallet där topp %s är oförändrad, " +
			"det mörka där hela rangordningen är oförändrad och romben kriteriets nuvarande vikt; axeln går till %s.",
		axisScore: "Poäng (0–100)", axisRank: "Rang", axisWeight: "Vikt (%)",
		legendRank: "rang", legendInterval: "plats i 90\u00a0% av stickproven", legendTopLine: "gräns för topp %s",
		legendCurrent: "nuvarande vikt", legendRanking: "rangordningen oförändrad", legendTopK: "topp %s oförändrad",
		tableOfNumbers: "Siffrorna finns i tabellen %s.", figure: "Figur %d", part: "del %d av %d",
		legendHeading: "Kriterier",
		andMore:       "och %s till",
		overviewIntro: "Samma sammanfattning som första sidan i HTML-underlaget. Detaljerna finns på de följande bladen.",
	},
	"en": {
		title: "Prioritisation report", summary: "Summary", contents: "Contents",
		firmnessChapter: "How firm are the places?", ranking: "Ranking", contribChapter: "What the scores are made of",
		gates: "Starting points", stability: "Stability of the weights", about: "About this run",
		appendix: "Appendix: conditions, source cells and fields", backToSummary: "Back to the summary of all agencies",
		dependHeading: "Places that depend on missing data", contendersHeading: "Near the top %s",
		agencyGroups: "By agency", warnings: "Warnings",

		sheetOverview: "Overview", sheetRanking: "Ranking", sheetContributions: "Contributions", sheetGates: "Starting points",
		sheetSensitivity: "Sensitivity", sheetAcceptability: "Rank acceptability", sheetStability: "Stability",
		sheetInputs: "Inputs", sheetAbout: "About this run",

		rank: "Rank", id: "ID", name: "Name", agency: "Agency", status: "Status",
		score: "Score", scoreUnit: "Score (0–100)", failedGates: "Starting points not met",
		missing: "Missing inputs", source: "Source cell",
		total: "Total", criterion: "Criterion", criterionTitle: "Criterion name",
		gate: "Starting point", gateTitle: "Description", result: "Result", onFail: "If not met", reason: "Reason",
		expression: "Condition", onMissing: "If an input is missing", what: "What it does",
		field: "Field", fieldTitle: "Field name", unit: "Unit", cells: "Source cells", weight: "Weight",
		topKShare: "In the top %s", rankRangeMissing: "Rank range with missing values",
		rankRangeBest: "Best rank with missing values", rankRangeWorst: "Worst rank with missing values",
		firmness: "How firm", rankN: "Rank %d",
		interval90: "Place in 90\u00a0% of samples", interval90Low: "Place in 90\u00a0% of samples, from",
		interval90High: "Place in 90\u00a0% of samples, to", confidence: "Confidence",
		rankingFrom: "Ranking unchanged from", rankingTo: "Ranking unchanged to",
		topKFrom: "Top %s unchanged from", topKTo: "Top %s unchanged to",
		swapBelow: "Swap at the lower bound", swapAbove: "Swap at the upper bound", overtakes: "%s overtakes %s",
		path: "File", sheet: "Sheet", sha256: "SHA-256", rows: "Rows", key: "Item", val: "Value",
		sourceRows: "Source rows", shown: "Shown here",

		statusRanked: "ranked", statusFlagged: "flagged", statusExcluded: "excluded",
		onFailExclude: "excluded", onFailFlag: "flagged",
		onMissingPass: "counts as met", onMissingFail: "counts as not met",
		yesWord: "Yes", noWord: "No", missingWord: "missing",

		criteriaSet: "Criteria", criteriaStatus: "Status", date: "Date",
		criteriaLine: "Criteria: %s, version %s (%s)",
		draftBanner: "The criteria set has status %s and has not been adopted. " +
			"The ranking is working material, not a basis for decisions.",
		draftShort: "DRAFT – criteria not adopted", notAdopted: "Criteria not adopted",
		statusWords: map[string]string{
			"draft": "draft", "consultation": "in consultation", "adopted": "adopted", "retired": "retired",
		},
		months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August",
			"September", "October", "November", "December"},
		dateFormat: "%d %s %d",
		rankedOf:   "%s of %s investments are ranked", flaggedOne: " (%s of them flagged)", flaggedMany: " (%s of them flagged)",
		excludedOne: ", %s excluded by the starting points.", excludedMany: ", %s excluded by the starting points.",
		excludedNone: ", none excluded.",
		topAllFirm:   "Top %s: every place is firm.",
		topCounts:    "Top %s: %s.",
		verdictCounts: map[verdict][2]string{
			verdictFirm: {"%s firm place", "%s firm places"}, verdictBorderline: {"%s borderline", "%s borderline"},
			verdictUncertain: {"%s uncertain", "%s uncertain"},
			verdictMissing:   {"%s that depends on missing data", "%s that depend on missing data"},
		},
		missingSome:    "%s %s may be in or out of the top %s depending on inputs that are missing",
		missingNone:    "no place in or near the top %s depends on inputs that are missing",
		contendersOne:  "%s %s outside the top %s stands a real chance of entering it",
		contendersSome: "%s %s outside the top %s stand a real chance of entering it",
		contendersNone: "nobody outside the top %s stands a real chance of entering it",
		investment:     "investment", investments: "investments",
		noSensitivity:     "How firm the places are is shown by the sensitivity analysis (prio sensitivity), which is not part of this report.",
		missingInputsOne:  "%s ranked %s lacks inputs; its place may depend on them.",
		missingInputs:     "%s ranked %s lack inputs; their place may depend on them.",
		missingInputsNone: "No ranked investment lacks an input.",
		noRanked:          "No investment is ranked.",
		topHeading:        "Top %s", topCaption: "The %s highest ranked",
		topCaptionFirm: "The %s highest ranked and how firm their places are",
		verdicts: map[verdict]string{
			verdictFirm: "firm", verdictBorderline: "borderline", verdictUncertain: "uncertain",
			verdictMissing: "depends on missing data", verdictContender: "may enter", verdictOutside: "outside",
		},
		thresholds: "How to read the verdicts: firm – in the top %[1]s in at least %[2]s of the samples; borderline – in at least %[3]s; " +
			"uncertain – in fewer; may enter – ranked outside the top %[1]s but in it in at least %[4]s of the samples. " +
			"Depends on missing data – whether the investment is in the top %[1]s is decided by values that are missing " +
			"(its best and worst case differ); this comes before the samples, which keep missing values fixed. " +
			"Place in 90\u00a0%% of samples: the middle 90\u00a0%% of the places the investment took.",
		dependDecisive:      "lacks %s; with the inputs it could take place %s.",
		dependLacks:         "lacks %s.",
		dependIntroDecisive: "Whether these investments are in the top %s is decided by inputs that are missing:",
		dependIntroMissing:  "These ranked investments lack inputs; their place may depend on them:",
		contendersIntro:     "Ranked outside the top %s but with a real chance of entering it:",
		contenderLine:       "in the top %[2]s in %[1]s of the samples (place %[3]s in 90\u00a0%% of them).",
		truncated:           "Shown here: the %s highest ranked of %s. The whole ranking is in the workbook and the JSON file.",
		truncatedExcluded:   "Shown here: %s of %s excluded investments; all of them are in the workbook and the JSON file.",
		groupsCaption:       "Investments by agency",

		rankingCaption:     "Every investment in rank order, the excluded ones last",
		contribCaption:     "Contributions by criterion (points of 100)",
		gatesCaption:       "The starting points and how many fail them",
		gateResultsCaption: "Investments that fail a starting point",
		firmnessCaption:    "Every ranked investment: verdict and places in the samples",
		stabilityCaption:   "Intervals of each weight in which the ranking and the top k stay unchanged",
		aboutCaption:       "Criteria and settings", inputFiles: "Input files",
		gateDefsCaption: "The starting points' conditions", cellsCaption: "Source cells of the missing inputs",
		fieldsCaption: "The criteria set's fields",
		noGateResults: "Every investment meets every starting point.",

		criteriaID: "Criteria set", criteriaVersion: "Version", seed: "Seed", samples: "Samples",
		weightsModel: "Weight model", top: "Top k", prioVersion: "prio version",
		free: "free weights", order: "weights in the stated order", vary: "each weight within ±%s of the stated one",
		sensitivityRun: "%s samples, seed %s, %s, top %s.",
		stabilityNote:  "The other weights are rescaled in proportion when one weight changes.",
		appendixIntro:  "For those who want to follow the numbers to their source: the starting points' conditions as the criteria set states them, the cells where inputs are missing and the fields' names.",

		chartFirmness: "How firm the places are",
		chartFirmnessDesc: "One row per ranked investment in rank order (%s): the dot is its rank, " +
			"the bar the places it took in the middle 90\u00a0%% of the samples and the vertical line the edge of the top %s.",
		chartContrib:     "Score by investment, split by criterion",
		chartContribDesc: "Horizontal bars, one per ranked investment in rank order (%s); each bar is split into the criteria's contributions to the score, in criteria order from the left, one colour per group of criteria and lighter shades for the criteria within it.",
		chartStability:   "Stability intervals of the weights",
		chartStabilityDesc: "One row per criterion: the light band is the interval in which the top %s stays unchanged, " +
			"the dark band the one in which the whole ranking does and the diamond the criterion's current weight; the axis runs to %s.",
		axisScore: "Score (0–100)", axisRank: "Rank", axisWeight: "Weight (%)",
		legendRank: "rank", legendInterval: "place in 90\u00a0% of samples", legendTopLine: "edge of the top %s",
		legendCurrent: "current weight", legendRanking: "ranking unchanged", legendTopK: "top %s unchanged",
		tableOfNumbers: "The numbers are in the table %s.", figure: "Figure %d", part: "part %d of %d",
		legendHeading: "Criteria",
		andMore:       "and %s more",
		overviewIntro: "The same summary as the first page of the HTML report. The details are on the sheets that follow.",
	},
}
