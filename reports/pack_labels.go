package reports

// packLabels are the words of the reports people read — the workbook
// ([WriteXLSX]), the meeting pack ([WriteHTML]) and the Markdown memo
// ([WriteMarkdown]) — in one language. Every label of those three formats
// is here, so that a translation is checked in one place. Format strings
// take the arguments their comments name.
type packLabels struct {
	// Document titles and sections.
	title, summary, ranking, gates, sensitivity, inputs, about string
	contributions, stability, acceptability                    string

	// Sheet names of the workbook (at most 31 characters, no : \ / ? * [ ]).
	sheetRanking, sheetContributions, sheetGates, sheetSensitivity, sheetInputs, sheetAbout string

	// Column headers.
	rank, id, name, agency, status, score, scoreUnit, failedGates, missing, source string
	total, criterion, criterionTitle, gate, gateTitle, result, onFail, reason      string
	field, valueRead, unit, criterionValue, cells, weight                          string
	topK, first, rankRange, rankRangeBest, rankRangeWorst, firmness, rankN         string // topK, rankN: k / r
	rankingFrom, rankingTo, topKFrom, topKTo                                       string
	swapBelow, swapAbove, overtakes                                                string // overtakes: up, down
	confidence, path, sheet, sha256, rows, key, val                                string

	// Statuses and gate outcomes.
	statusRanked, statusFlagged, statusExcluded           string
	passed, failed, passedMissing, onFailExclude, onFail2 string // onFail2: flag
	yes                                                   string

	// Summary sentences.
	criteriaSet, criteriaStatus                        string
	draftBanner, draftShort, notAdopted                string
	statusWords                                        map[string]string
	topHeading                                         string // k
	firm, borderline, weak                             string // k; share; best–worst
	noSensitivity                                      string // k
	dependHeading, dependDecisive, dependMissing, none string // dependDecisive: k
	noRanked                                           string

	// The run.
	criteriaID, criteriaVersion, seed, samples, weightsModel, top, prioVersion, warnings string
	free, order, vary                                                                    string // vary: percent

	// Charts: titles, descriptions and axes.
	chartScores, chartContrib, chartContribDesc                  string // desc: n
	chartHeat, chartHeatDesc, chartStability, chartStabilityDesc string // heatDesc: n; stabilityDesc: k
	axisScore, axisRank, axisWeight, legendCurrent               string
	legendRanking, legendTopK, tableOfNumbers, figure            string // tableOfNumbers: which table; figure: n
	matrixDetails                                                string
	noGateResults, failedCount, gateResults, inputFiles          string
	sensitivityRun                                               string // samples, seed, model, k
	sampledRanks, rankingUnchanged, topKUnchanged                string // topKUnchanged: k
	rankNote                                                     string
	andMore, row, rowsPl, decisiveTable                          string // andMore: n; decisiveTable: k
	yesWord, noWord                                              string
	topCaption, topCaptionFirm, inPoints                         string // k
	stabilityNote                                                string
}

var packWords = map[string]packLabels{
	"sv": {
		title: "Prioriteringsunderlag", summary: "Sammanfattning", ranking: "Rangordning",
		gates: "Utgångspunkter", sensitivity: "Känslighet", inputs: "Indata", about: "Om körningen",
		contributions: "Bidrag per kriterium", stability: "Vikternas stabilitet", acceptability: "Rangacceptans",

		sheetRanking: "Rangordning", sheetContributions: "Bidrag", sheetGates: "Utgångspunkter",
		sheetSensitivity: "Känslighet", sheetInputs: "Indata", sheetAbout: "Om körningen",

		rank: "Rang", id: "ID", name: "Namn", agency: "Myndighet", status: "Status",
		score: "Poäng", scoreUnit: "Poäng (0–100)", failedGates: "Ej uppfyllda utgångspunkter",
		missing: "Saknade uppgifter", source: "Källcell",
		total: "Summa", criterion: "Kriterium", criterionTitle: "Kriterienamn",
		gate: "Utgångspunkt", gateTitle: "Beskrivning", result: "Resultat", onFail: "Om ej uppfylld", reason: "Skäl",
		field: "Fält", valueRead: "Inläst värde", unit: "Enhet", criterionValue: "Kriterievärde (0–100)",
		cells: "Källceller", weight: "Vikt",
		topK: "Topp %s", first: "Rang 1", rankRange: "Rangintervall vid saknade värden",
		rankRangeBest: "Bästa rang vid saknade värden", rankRangeWorst: "Sämsta rang vid saknade värden",
		firmness: "Hur säker", rankN: "Rang %d",
		rankingFrom: "Rangordningen oförändrad från", rankingTo: "Rangordningen oförändrad till",
		topKFrom: "Topp k oförändrad från", topKTo: "Topp k oförändrad till",
		swapBelow: "Byte vid undre gränsen", swapAbove: "Byte vid övre gränsen", overtakes: "%s går om %s",
		confidence: "Konfidens", path: "Fil", sheet: "Blad", sha256: "SHA-256", rows: "Rader",
		key: "Uppgift", val: "Värde",

		statusRanked: "rangordnad", statusFlagged: "flaggad", statusExcluded: "utesluten",
		passed: "uppfylld", failed: "ej uppfylld", passedMissing: "uppfylld (uppgift saknas)",
		onFailExclude: "utesluts", onFail2: "flaggas", yes: "ja",

		criteriaSet: "Kriterier", criteriaStatus: "Status",
		draftBanner: "Kriterieuppsättningen har status %s och är inte antagen. " +
			"Rangordningen är ett arbetsmaterial, inte ett underlag för beslut.",
		draftShort: "UTKAST – ej antagna kriterier", notAdopted: "Ej antagna kriterier",
		statusWords: map[string]string{
			"draft": "utkast", "consultation": "på remiss", "adopted": "antagen", "retired": "upphävd",
		},
		topHeading:    "Topp %s",
		firm:          "fast i topp %s (%s av stickproven, rangspann i stickproven %s)",
		borderline:    "gränsfall (%s av stickproven i topp %s, rangspann i stickproven %s)",
		weak:          "osäker (%s av stickproven i topp %s, rangspann i stickproven %s)",
		noSensitivity: "Hur säkra platserna är visar känslighetsanalysen (prio sensitivity), som inte ingår här.",
		dependHeading: "Placeringar som beror på saknade uppgifter",
		dependDecisive: "Saknade värden avgör om de här investeringarna hamnar bland topp %s " +
			"(bästa och sämsta fallet skiljer sig):",
		dependMissing: "De här rangordnade investeringarna saknar uppgifter; deras placering kan bero på dem " +
			"(känslighetsanalysen visar vilka som avgör):",
		none:     "Inga.",
		noRanked: "Ingen investering är rangordnad.",

		criteriaID: "Kriterieuppsättning", criteriaVersion: "Version", seed: "Slumpfrö", samples: "Stickprov",
		weightsModel: "Viktmodell", top: "Topp k", prioVersion: "prio-version", warnings: "Varningar",
		free: "fria vikter", order: "vikter i de angivnas ordning", vary: "varje vikt inom ±%s av den angivna",

		chartScores:      "Poäng per investering",
		chartContrib:     "Poäng per investering, uppdelad på kriterier",
		chartContribDesc: "Liggande staplar, en per rangordnad investering i rangordning (%s st.); varje stapel är uppdelad i kriteriernas bidrag till poängen, i kriterieordning från vänster.",
		chartHeat:        "Rangacceptans",
		chartHeatDesc:    "Värmekarta: en rad per investering (%s st.) och en kolumn per rang; ju mörkare ruta, desto större andel av stickproven gav investeringen den rangen.",
		chartStability:   "Vikternas stabilitetsintervall",
		chartStabilityDesc: "En rad per kriterium: det ljusa fältet är intervallet där topp %s är oförändrad, " +
			"det mörka där hela rangordningen är oförändrad, och romben kriteriets nuvarande vikt.",
		axisScore: "Poäng (0–100)", axisRank: "Rang", axisWeight: "Vikt (%)", legendCurrent: "nuvarande vikt",
		legendRanking: "rangordningen oförändrad", legendTopK: "topp %s oförändrad",
		tableOfNumbers: "Siffrorna finns i tabellen %s.", figure: "Figur %d",
		matrixDetails: "Hela matrisen: andel av stickproven per rang",
		stabilityNote: "De andra vikterna skalas om i proportion när en vikt ändras.",
		rankNote: "Rangspann i stickproven: bästa och sämsta rang som investeringen fick i något stickprov. " +
			"Rangintervall vid saknade värden: bästa och sämsta rang när varje saknat värde " +
			"(investeringens egna och de andras) kan vara vad som helst från 0 till 1.",
		noGateResults: "Alla investeringar uppfyller alla utgångspunkter.",
		failedCount:   "Ej uppfylld av", gateResults: "Investeringar som inte uppfyller en utgångspunkt",
		inputFiles:     "Indatafiler",
		sensitivityRun: "%s stickprov, slumpfrö %s, %s, topp %s.",
		sampledRanks:   "Rangspann i stickproven", rankingUnchanged: "Rangordningen oförändrad", topKUnchanged: "Topp %s oförändrad",
		andMore: "och %s till", row: "rad", rowsPl: "rader", decisiveTable: "Saknade värden som avgör topp %s",
		yesWord: "Ja", noWord: "Nej",
		topCaption: "De %s högst rangordnade", topCaptionFirm: "De %s högst rangordnade och hur säkra deras platser är", inPoints: "(poäng av 100)",
	},
	"en": {
		title: "Prioritisation report", summary: "Summary", ranking: "Ranking",
		gates: "Starting points", sensitivity: "Sensitivity", inputs: "Inputs", about: "About this run",
		contributions: "Contributions by criterion", stability: "Stability of the weights", acceptability: "Rank acceptability",

		sheetRanking: "Ranking", sheetContributions: "Contributions", sheetGates: "Gates",
		sheetSensitivity: "Sensitivity", sheetInputs: "Inputs", sheetAbout: "About this run",

		rank: "Rank", id: "ID", name: "Name", agency: "Agency", status: "Status",
		score: "Score", scoreUnit: "Score (0–100)", failedGates: "Failed gates",
		missing: "Missing inputs", source: "Source cell",
		total: "Total", criterion: "Criterion", criterionTitle: "Criterion name",
		gate: "Gate", gateTitle: "Description", result: "Result", onFail: "On fail", reason: "Reason",
		field: "Field", valueRead: "Value read", unit: "Unit", criterionValue: "Criterion value (0–100)",
		cells: "Source cells", weight: "Weight",
		topK: "Top %s", first: "Rank 1", rankRange: "Rank range with missing values",
		rankRangeBest: "Best rank with missing values", rankRangeWorst: "Worst rank with missing values",
		firmness: "How firm", rankN: "Rank %d",
		rankingFrom: "Ranking unchanged from", rankingTo: "Ranking unchanged to",
		topKFrom: "Top k unchanged from", topKTo: "Top k unchanged to",
		swapBelow: "Swap at the lower bound", swapAbove: "Swap at the upper bound", overtakes: "%s overtakes %s",
		confidence: "Confidence", path: "File", sheet: "Sheet", sha256: "SHA-256", rows: "Rows",
		key: "Item", val: "Value",

		statusRanked: "ranked", statusFlagged: "flagged", statusExcluded: "excluded",
		passed: "passed", failed: "failed", passedMissing: "passed (input missing)",
		onFailExclude: "excluded", onFail2: "flagged", yes: "yes",

		criteriaSet: "Criteria", criteriaStatus: "Status",
		draftBanner: "The criteria set has status %s and has not been adopted. " +
			"The ranking is working material, not a basis for decisions.",
		draftShort: "DRAFT – criteria not adopted", notAdopted: "Criteria not adopted",
		statusWords: map[string]string{
			"draft": "draft", "consultation": "in consultation", "adopted": "adopted", "retired": "retired",
		},
		topHeading:    "Top %s",
		firm:          "firm in the top %s (%s of samples, rank spread in the samples %s)",
		borderline:    "borderline (%s of samples in the top %s, rank spread in the samples %s)",
		weak:          "uncertain (%s of samples in the top %s, rank spread in the samples %s)",
		noSensitivity: "How firm the places are is shown by the sensitivity analysis (prio sensitivity), which is not part of this report.",
		dependHeading: "Places that depend on missing data",
		dependDecisive: "Missing values decide whether these investments are in the top %s " +
			"(the best and the worst case differ):",
		dependMissing: "These ranked investments lack inputs; their place may depend on them " +
			"(the sensitivity analysis shows which are decisive):",
		none:     "None.",
		noRanked: "No investment is ranked.",

		criteriaID: "Criteria set", criteriaVersion: "Version", seed: "Seed", samples: "Samples",
		weightsModel: "Weight model", top: "Top k", prioVersion: "prio version", warnings: "Warnings",
		free: "free weights", order: "weights in the stated order", vary: "each weight within ±%s of the stated one",

		chartScores:      "Score by investment",
		chartContrib:     "Score by investment, split by criterion",
		chartContribDesc: "Horizontal bars, one per ranked investment in rank order (%s); each bar is split into the criteria's contributions to the score, in criteria order from the left.",
		chartHeat:        "Rank acceptability",
		chartHeatDesc:    "Heat map: one row per investment (%s) and one column per rank; the darker the cell, the larger the share of samples that gave the investment that rank.",
		chartStability:   "Stability intervals of the weights",
		chartStabilityDesc: "One row per criterion: the light band is the interval in which the top %s stays unchanged, " +
			"the dark band the one in which the whole ranking does, and the diamond the criterion's current weight.",
		axisScore: "Score (0–100)", axisRank: "Rank", axisWeight: "Weight (%)", legendCurrent: "current weight",
		legendRanking: "ranking unchanged", legendTopK: "top %s unchanged",
		tableOfNumbers: "The numbers are in the table %s.", figure: "Figure %d",
		matrixDetails: "The whole matrix: share of samples by rank",
		stabilityNote: "The other weights are rescaled in proportion when one weight changes.",
		rankNote: "Rank spread in the samples: the best and the worst rank the investment took in any sample. " +
			"Rank range with missing values: the best and the worst rank when every missing value " +
			"(the investment's own and the others') may be anything from 0 to 1.",
		noGateResults: "Every investment passes every starting point.",
		failedCount:   "Failed by", gateResults: "Investments that fail a starting point",
		inputFiles:     "Input files",
		sensitivityRun: "%s samples, seed %s, %s, top %s.",
		sampledRanks:   "Rank spread in the samples", rankingUnchanged: "Ranking unchanged", topKUnchanged: "Top %s unchanged",
		andMore: "and %s more", row: "row", rowsPl: "rows", decisiveTable: "Missing values that decide the top %s",
		yesWord: "Yes", noWord: "No",
		topCaption: "The %s highest ranked", topCaptionFirm: "The %s highest ranked and how firm their places are", inPoints: "(points of 100)",
	},
}
