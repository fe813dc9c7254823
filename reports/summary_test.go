package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

func share(x float64) *float64 { return &x }

// testSummary is a batch of four agencies, worked by hand:
//   - Alfaverket ranks A1 (0.95), A2 (0.6625, flagged) and A4 (0.525) and
//     excludes one; its cost is 130 over all four;
//   - "<script>…" (a hostile agency name) ranks H1 at 0.6625, tied with A2
//     on the common scale, and its investment's name is a formula;
//   - Bravoverket ranks B1 (0.875) and B2 (0.375), one without a cost;
//   - Cirkelverket failed with two positioned errors, one of them hostile.
//
// The top k is 2. Top-k shares: A2 0.6 and B2 0.3 are in their agency's
// top 2 and below 0.9; A4 (0.2) is outside its top 2; H1 (0.95) is firm.
func testSummary() *BatchSummary {
	return &BatchSummary{
		Criteria: scoring.CriteriaInfo{ID: "liten", Version: "1.0.0", Status: criteria.StatusAdopted, SHA256: "abc",
			Title: criteria.Text{SV: "Liten", EN: "Small"}},
		Gates:   []*criteria.Gate{{ID: "G1", Title: criteria.Text{SV: "Plan finns", EN: "A plan exists"}}},
		Samples: 200, Seed: 7, Weights: criteria.WeightModel{Kind: criteria.WeightsVary, Vary: 0.2}, Top: 2,
		Cost: &SummaryCost{Field: "invest", Unit: "mnkr"},
		Agencies: []SummaryAgency{
			{
				Name: "Alfaverket", Pack: "agencies/alfaverket/sensitivity.html",
				Investments: 4, Ranked: 3, Flagged: 1, Excluded: 1, Cost: 130, Gates: []GateRate{{Passed: 3, Total: 4}}, Top: 2,
				RankedInvestments: []SummaryInvestment{
					{ID: "A1", Name: "Alfa", Rank: 1, Status: scoring.Ranked, Score: 0.95, TopK: share(1)},
					{ID: "A2", Name: "Beta", Rank: 2, Status: scoring.Flagged, Score: 0.6625, TopK: share(0.6)},
					{ID: "A4", Name: "Delta", Rank: 3, Status: scoring.Ranked, Score: 0.525, TopK: share(0.2)},
				},
			},
			{
				Name: hostileScript, Pack: "agencies/script-alert-1-script/sensitivity.html",
				Investments: 1, Ranked: 1, Cost: 5, Gates: []GateRate{{Passed: 1, Total: 1}}, Top: 1,
				RankedInvestments: []SummaryInvestment{
					{ID: "H1", Name: hostileFormula, Rank: 1, Status: scoring.Ranked, Score: 0.6625, TopK: share(0.95)},
				},
			},
			{
				Name: "Bravoverket", Pack: "agencies/bravoverket/sensitivity.html",
				Investments: 2, Ranked: 2, Cost: 50, CostMissing: 1, Gates: []GateRate{{Passed: 2, Total: 2}}, Top: 2,
				RankedInvestments: []SummaryInvestment{
					{ID: "B1", Name: "Bravo", Rank: 1, Status: scoring.Ranked, Score: 0.875, TopK: share(1)},
					{ID: "B2", Name: "Charlie", Rank: 2, Status: scoring.Ranked, Score: 0.375, TopK: share(0.3)},
				},
			},
			{
				Name: "Cirkelverket", Failed: true,
				Errors: []string{`cirkel.csv:2:3: "ca 5" is not a number`, `cirkel.csv:3:1: id ` + hostileImg + ` appears twice`},
			},
		},
	}
}

// TestSummaryCommonScale: every ranked investment by score, ties (A2 and
// H1, both 0.6625) sharing their place in the agencies' order.
func TestSummaryCommonScale(t *testing.T) {
	s := testSummary()
	type entry struct {
		Pos int
		ID  string
	}
	var got []entry
	for _, e := range commonScale(s) {
		got = append(got, entry{e.Position, e.Inv.ID})
	}
	want := []entry{{1, "A1"}, {2, "B1"}, {3, "A2"}, {3, "H1"}, {5, "A4"}, {6, "B2"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("common scale (-want +got):\n%s", diff)
	}
	var fragile []string
	for _, e := range fragilePlaces(s) {
		fragile = append(fragile, e.Inv.ID)
	}
	// B2 (0.3) before A2 (0.6); A4 is outside its top 2, H1 firm.
	if diff := cmp.Diff([]string{"B2", "A2"}, fragile); diff != "" {
		t.Errorf("fragile places (-want +got):\n%s", diff)
	}
}

func TestSummaryMedian(t *testing.T) {
	s := testSummary()
	for i, want := range []float64{0.6625, 0.6625, (0.875 + 0.375) / 2} { // odd: the middle; even: the mean of the two
		if got, ok := s.Agencies[i].median(); !ok || got != want {
			t.Errorf("%s: median %v, %v; want %v", s.Agencies[i].Name, got, ok, want)
		}
	}
	if _, ok := s.Agencies[3].median(); ok {
		t.Error("a failed agency has a median")
	}
}

func renderSummaryHTML(t *testing.T, s *BatchSummary, lang string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSummaryHTML(&buf, s, Options{Lang: lang, Version: "0.1.0"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSummaryHTML(t *testing.T) {
	data := renderSummaryHTML(t, testSummary(), "sv")
	doc := parseHTML(t, data)
	tables := map[string][][]string{}
	for _, tab := range findAll(doc, elements("table")) {
		var rows [][]string
		for _, tr := range findAll(tab, elements("tr")) {
			var cells []string
			for c := tr.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					cells = append(cells, text(c))
				}
			}
			rows = append(rows, cells)
		}
		tables[attr(tab, "id")] = rows
	}
	want := map[string][][]string{
		"tab-agencies": {
			{"Myndighet", "Körning", "Investeringar", "Rangordnade", "Varav flaggade", "Uteslutna", "Total kostnad (mnkr)", "Utan kostnadsuppgift", "Medianpoäng (0–100)", "Topp k"},
			{"Alfaverket", "klar", "4", "3", "1", "1", "130,0", "0", "66,2", "2"}, // 0.6625 × 100 is exactly 66.25 in float64, which rounds to even,
			{hostileScript, "klar", "1", "1", "0", "0", "5,0", "0", "66,2", "1"},
			{"Bravoverket", "klar", "2", "2", "0", "0", "50,0", "1", "62,5", "2"},
			{"Cirkelverket", "misslyckades", "", "", "", "", "", "", "", ""},
		},
		"tab-fragile": {
			{"Myndighet", "Topp k", "Rang", "ID", "Namn", "Poäng (0–100)", "Andel i topp k"},
			{"Bravoverket", "2", "2", "B2", "Charlie", "37,5", "30,0 %"},
			{"Alfaverket", "2", "2", "A2", "Beta", "66,2", "60,0 %"},
		},
		"tab-gate-rates": {
			{"Myndighet", "G1"},
			{"Alfaverket", "75 % (3 av 4)"},
			{hostileScript, "100 % (1 av 1)"},
			{"Bravoverket", "100 % (2 av 2)"},
		},
		"tab-common": {
			{"Plats", "Myndighet", "Rang i myndigheten", "ID", "Namn", "Status", "Poäng (0–100)", "Andel i topp k"},
			{"1", "Alfaverket", "1", "A1", "Alfa", "rangordnad", "95,0", "100,0 %"},
			{"2", "Bravoverket", "1", "B1", "Bravo", "rangordnad", "87,5", "100,0 %"},
			{"3", "Alfaverket", "2", "A2", "Beta", "flaggad", "66,2", "60,0 %"},
			{"3", hostileScript, "1", "H1", hostileFormula, "rangordnad", "66,2", "95,0 %"},
			{"5", "Alfaverket", "3", "A4", "Delta", "rangordnad", "52,5", "20,0 %"},
			{"6", "Bravoverket", "2", "B2", "Charlie", "rangordnad", "37,5", "30,0 %"},
		},
	}
	for id, rows := range want {
		if diff := cmp.Diff(rows, tables[id]); diff != "" {
			t.Errorf("table %s (-want +got):\n%s", id, diff)
		}
	}
	// The failed agency's errors, as text.
	var items []string
	for _, li := range findAll(doc, elements("li")) {
		items = append(items, text(li))
	}
	wantItems := []string{`cirkel.csv:2:3: "ca 5" is not a number`, `cirkel.csv:3:1: id ` + hostileImg + ` appears twice`}
	if diff := cmp.Diff(wantItems, items); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	// Links to the agencies' packs; the hostile name is text, not markup.
	var links []string
	for _, a := range findAll(doc, elements("a")) {
		links = append(links, attr(a, "href"))
	}
	wantLinks := []string{"agencies/alfaverket/sensitivity.html", "agencies/script-alert-1-script/sensitivity.html", "agencies/bravoverket/sensitivity.html"}
	if diff := cmp.Diff(wantLinks, links); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
	for _, name := range []string{"script", "img"} {
		if n := findAll(doc, elements(name)); len(n) > 0 {
			t.Errorf("%d <%s> elements", len(n), name)
		}
	}
	if bytes.Contains(data, []byte("<script")) {
		t.Error("the page holds <script")
	}
}

// TestSummaryHTMLAccessible: the page's language, one h1, headings in
// order, every table with a caption and scoped header cells.
func TestSummaryHTMLAccessible(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		doc := parseHTML(t, renderSummaryHTML(t, testSummary(), lang))
		if h := findAll(doc, elements("html")); attr(h[0], "lang") != lang {
			t.Errorf("lang = %q, want %s", attr(h[0], "lang"), lang)
		}
		if n := len(findAll(doc, elements("h1"))); n != 1 {
			t.Errorf("%d h1 elements", n)
		}
		level := 0
		for _, h := range findAll(doc, func(n *html.Node) bool {
			return n.Type == html.ElementNode && len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6'
		}) {
			if l := int(h.Data[1] - '0'); l > level+1 {
				t.Errorf("%s: <%s>%s</%s> follows a heading of level %d", lang, h.Data, text(h), h.Data, level)
			} else {
				level = l
			}
		}
		for _, tab := range findAll(doc, elements("table")) {
			if c := findAll(tab, elements("caption")); len(c) != 1 || text(c[0]) == "" {
				t.Errorf("table #%s has no caption", attr(tab, "id"))
			}
			for _, th := range findAll(tab, elements("th")) {
				if s := attr(th, "scope"); s != "col" && s != "row" {
					t.Errorf("table #%s: <th>%s</th> has scope %q", attr(tab, "id"), text(th), s)
				}
			}
		}
		for _, m := range findAll(doc, elements("meta")) {
			if attr(m, "http-equiv") == "Content-Security-Policy" && !strings.HasPrefix(attr(m, "content"), "default-src 'none'") {
				t.Errorf("CSP %q", attr(m, "content"))
			}
		}
	}
}

func TestSummaryXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSummaryXLSX(&buf, testSummary(), Options{Lang: "en", Version: "0.1.0"}); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, buf.Bytes())
	if diff := cmp.Diff([]string{"Agencies", "Common scale", "Uncertain places", "Near the top k", "Starting points", "Errors", "About this run"}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Alfaverket", "ok", "4", "3", "1", "1", "130", "0", "66.25", "2"}, rawRow(t, f, "Agencies", 2)); diff != "" {
		t.Errorf("Alfaverket (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"3", hostileScript, "1", "H1", hostileFormula, "ranked", "66.25", "0.95"}, rawRow(t, f, "Common scale", 5)); diff != "" {
		t.Errorf("H1 (-want +got):\n%s", diff)
	}
	// The formula-like name is a string, never a formula.
	if formula, err := f.GetCellFormula("Common scale", "E5"); err != nil || formula != "" {
		t.Errorf("E5 has formula %q (%v)", formula, err)
	}
	if diff := cmp.Diff([]string{"Bravoverket", "2", "2", "B2", "Charlie", "37.5", "0.3"}, rawRow(t, f, "Uncertain places", 2)); diff != "" {
		t.Errorf("Uncertain places (-want +got):\n%s", diff)
	}
	// A4, third in Alfaverket's top 2, in it in 20 % of the samples: at
	// least the 10 % of a real chance.
	if diff := cmp.Diff([]string{"Alfaverket", "2", "3", "A4", "Delta", "52.5", "0.2"}, rawRow(t, f, "Near the top k", 2)); diff != "" {
		t.Errorf("Near the top k (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Alfaverket", "0.75"}, rawRow(t, f, "Starting points", 2)); diff != "" {
		t.Errorf("Starting points (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Cirkelverket", `cirkel.csv:2:3: "ca 5" is not a number`}, rawRow(t, f, "Errors", 2)); diff != "" {
		t.Errorf("Errors (-want +got):\n%s", diff)
	}
}

func rawRow(t *testing.T, f *excelize.File, sheet string, n int) []string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if n > len(rows) {
		t.Fatalf("%s has %d rows, not %d", sheet, len(rows), n)
	}
	return rows[n-1]
}

// TestSummaryDeterministic: the same summary gives the same bytes.
func TestSummaryDeterministic(t *testing.T) {
	for _, write := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return WriteSummaryXLSX(b, testSummary(), Options{}) },
		func(b *bytes.Buffer) error { return WriteSummaryHTML(b, testSummary(), Options{}) },
	} {
		var a, b bytes.Buffer
		if err := write(&a); err != nil {
			t.Fatal(err)
		}
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Error("two renderings differ")
		}
	}
}

func TestSummaryInvalid(t *testing.T) {
	tests := map[string]func(*BatchSummary){
		"NaN score":         func(s *BatchSummary) { s.Agencies[0].RankedInvestments[1].Score = math.NaN() },
		"counts":            func(s *BatchSummary) { s.Agencies[0].Ranked = 2 },
		"gate rates":        func(s *BatchSummary) { s.Agencies[0].Gates = nil },
		"more passed":       func(s *BatchSummary) { s.Agencies[0].Gates[0].Passed = 5 },
		"status":            func(s *BatchSummary) { s.Agencies[0].RankedInvestments[0].Status = scoring.Excluded },
		"order":             func(s *BatchSummary) { s.Agencies[0].RankedInvestments[2].Score = 0.99 },
		"infinite top-k":    func(s *BatchSummary) { s.Agencies[0].RankedInvestments[0].TopK = share(math.Inf(1)) },
		"cost without name": func(s *BatchSummary) { s.Cost.Field = "" },
	}
	for name, spoil := range tests {
		s := testSummary()
		spoil(s)
		var buf bytes.Buffer
		if err := WriteSummaryHTML(&buf, s, Options{}); err == nil || buf.Len() > 0 {
			t.Errorf("%s: err %v, %d bytes written", name, err, buf.Len())
		}
		if err := WriteSummaryXLSX(&buf, s, Options{}); err == nil || buf.Len() > 0 {
			t.Errorf("%s: xlsx: err %v, %d bytes written", name, err, buf.Len())
		}
	}
}

func testComparison() *BatchComparison {
	return &BatchComparison{
		Previous:      "../möte-2017-10",
		Old:           scoring.CriteriaInfo{ID: "liten", Version: "1.0.0", Status: "adopted", SHA256: "a"},
		New:           scoring.CriteriaInfo{ID: "liten", Version: "1.1.0", Status: "adopted", SHA256: "b"},
		AgenciesAdded: []string{"Nyverket"}, AgenciesRemoved: []string{"Gamlaverket"},
		Agencies: []AgencyComparison{
			{Name: "Bravoverket",
				Changes: []InvestmentChange{
					{ID: "B2", Name: "Charlie", Old: scoring.Standing{Status: scoring.Ranked, Rank: 2, Score: 0.375}, New: scoring.Standing{Status: scoring.Ranked, Rank: 1, Score: 0.75}},
					{ID: "B3", Name: "Delta", New: scoring.Standing{Status: scoring.Flagged, Rank: 2, Score: 0.7375}},
					{ID: "B4", Name: "Echo", Old: scoring.Standing{Status: scoring.Ranked, Rank: 3, Score: 0.5}, New: scoring.Standing{Status: scoring.Excluded, Score: 0.5}},
					{ID: "B1", Name: hostileScript, Old: scoring.Standing{Status: scoring.Ranked, Rank: 1, Score: 0.875}},
				},
				GateChanges: []scoring.GateChange{{ID: "B4", Gate: "G1", Old: "passed", New: "failed"}}},
			{Name: "Cirkelverket", NotCompared: NotComparedFailedBefore},
		},
	}
}

func TestComparisonSentences(t *testing.T) {
	want := map[string][]string{
		"sv": {
			"Kriterieuppsättningen har ändrats: liten 1.0.0 (antagen) → liten 1.1.0 (antagen).",
			"Ny myndighet: Nyverket.",
			"Myndighet som inte längre är med: Gamlaverket.",
			"Bravoverket: ny investering B3 Delta (rang 2 (flaggad), poäng 73,8).",
			"Bravoverket: investeringen B1 " + hostileScript + " är borttagen (var rang 1, poäng 87,5).",
			"Bravoverket: B2 Charlie rang 2 → 1, poäng 37,5 → 75,0 (+37,5).",
			"Bravoverket: B4 Echo rangordnad → utesluten.",
			"Bravoverket: B4, utgångspunkt G1: uppfylld → ej uppfylld.",
			"Cirkelverket: inte jämförd, körningen misslyckades förra gången.",
		},
		"en": {
			"The criteria set changed: liten 1.0.0 (adopted) → liten 1.1.0 (adopted).",
			"New agency: Nyverket.",
			"Agency no longer included: Gamlaverket.",
			"Bravoverket: new investment B3 Delta (rank 2 (flagged), score 73.8).",
			"Bravoverket: investment B1 " + hostileScript + " removed (was rank 1, score 87.5).",
			"Bravoverket: B2 Charlie rank 2 → 1, score 37.5 → 75.0 (+37.5).",
			"Bravoverket: B4 Echo ranked → excluded.",
			"Bravoverket: B4, starting point G1: passed → failed.",
			"Cirkelverket: not compared, its run failed last time.",
		},
	}
	for lang, w := range want {
		if diff := cmp.Diff(w, ComparisonSentences(testComparison(), lang)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", lang, diff)
		}
	}
	// Nothing changed: one sentence. A score that moves by less than one
	// decimal gets as many decimals as show the move.
	c := &BatchComparison{Old: scoring.CriteriaInfo{ID: "x"}, New: scoring.CriteriaInfo{ID: "x"}, Agencies: []AgencyComparison{{Name: "A"}}}
	if diff := cmp.Diff([]string{"No changes since the last run."}, ComparisonSentences(c, "en")); diff != "" {
		t.Errorf("no changes (-want +got):\n%s", diff)
	}
	if got, want := movementText(scoring.Standing{Status: scoring.Ranked, Rank: 1, Score: 0.5}, scoring.Standing{Status: scoring.Ranked, Rank: 1, Score: 0.5001}, "en"),
		"score 50.00 → 50.01 (+0.01)"; got != want {
		t.Errorf("small move %q, want %q", got, want)
	}
}

func TestComparisonJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteComparisonJSON(&buf, testComparison(), Options{Version: "0.1.0"}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Format   string
		Previous string
		Criteria struct{ Changed bool }
		Agencies []struct {
			Name     string
			Compared bool
			Reason   *string
			Added    []struct{ ID, Status string }
			Removed  []struct{ ID string }
			Moved    []struct {
				ID     string
				Change float64
			}
			GateChanges []struct{ ID, Gate, Old, New string } `json:"gate_changes"`
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	b := doc.Agencies[0]
	if doc.Format != ComparisonFormat || doc.Previous != "../möte-2017-10" || !doc.Criteria.Changed ||
		len(b.Added) != 1 || b.Added[0].ID != "B3" || b.Added[0].Status != "flagged" ||
		len(b.Removed) != 1 || b.Removed[0].ID != "B1" ||
		len(b.Moved) != 2 || b.Moved[0].ID != "B2" || b.Moved[0].Change != 0.375 || b.Moved[1].ID != "B4" ||
		len(b.GateChanges) != 1 || b.GateChanges[0].New != "failed" {
		t.Errorf("Bravoverket: %+v", b)
	}
	if c := doc.Agencies[1]; c.Compared || c.Reason == nil || *c.Reason != "failed_before" {
		t.Errorf("Cirkelverket: %+v", c)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"name": "`+hostileScript+`"`)) {
		t.Error("the hostile name is not kept as it is in JSON")
	}
}

func TestComparisonMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteComparisonMarkdown(&buf, testComparison(), Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	if lines[0] != "# Changes since the last run" || lines[2] != "Compared with the run in ../möte-2017-10." {
		t.Errorf("head %q", lines[:3])
	}
	if !slices.Contains(lines, `- Bravoverket: investment B1 \<script\>alert(1)\</script\> removed (was rank 1, score 87.5).`) {
		t.Errorf("the hostile name is not escaped:\n%s", buf.String())
	}
}

// TestSummaryFairness checks issue 15 item 7: the summary says, before the
// common ranking, where comparing agencies on one scale is not fair — a
// criterion missing for all of an agency's ranked investments (with its
// missing policy), a column accepted as absent, another criteria version
// — and lists the investments just outside an agency's top k with a real
// chance of entering it.
func TestSummaryFairness(t *testing.T) {
	s := testSummary()
	// Alfaverket's result: A2 missing for both ranked investments, A1 for
	// one only; the column of the field behind A2 accepted as absent.
	leaf := func(id, sv, missing string) *criteria.Criterion {
		return &criteria.Criterion{ID: id, Title: criteria.Text{SV: sv}, Missing: missing}
	}
	res := &scoring.Result{
		Leaves: []*criteria.Criterion{leaf("A1", "Nytta", criteria.MissingWorst), leaf("A2", "Angelägenhet", criteria.MissingNeutral)},
		Inputs: []portfolio.Input{{Path: "alfa.xlsx"}},
		Absent: []portfolio.AbsentColumn{{Field: "urgency", Input: 0, ReadBy: []string{"A2"}, Investments: 2}},
		Investments: []scoring.Assessment{
			{ID: "A1", Status: scoring.Ranked, Missing: []string{"A1", "A2"}},
			{ID: "A2", Status: scoring.Flagged, Missing: []string{"A2"}},
			{ID: "A3", Status: scoring.Excluded, Missing: []string{"A1"}},
		},
	}
	set := &criteria.Set{Fields: []*criteria.Field{{Name: "urgency", Title: criteria.Text{SV: "Angelägenhet"}}}}
	s.Agencies[0].SetCoverage(res, set)
	if len(s.Agencies[0].MissingForAll) != 1 || s.Agencies[0].MissingForAll[0].ID != "A2" {
		t.Fatalf("missing for all: %+v, want A2 only (A1 has a value for one ranked investment)", s.Agencies[0].MissingForAll)
	}
	s.Agencies[2].Criteria = &scoring.CriteriaInfo{ID: "liten", Version: "0.9.0", Status: criteria.StatusConsultation}
	want := []string{
		"Alfaverket: ingen av myndighetens rangordnade investeringar har ett värde för A2 Angelägenhet (neutralt värde, 50 av 100); de får det värde kriteriet ger saknade uppgifter, och myndighetens poäng kan inte jämföras rakt av med andras.",
		"Alfaverket: kolumnen för angelägenhet saknas i alfa.xlsx och räknas som saknad för alla investeringar där.",
		"Bravoverket är bedömd med liten 0.9.0 (på remiss), inte liten 1.0.0 (antagen) som sammanställningen.",
	}
	if diff := cmp.Diff(want, fairnessSentences(s, "sv")); diff != "" {
		t.Errorf("fairness (-want +got):\n%s", diff)
	}
	page := outline(parseHTML(t, renderSummaryHTML(t, s, "sv")))
	fair := strings.Index(page, "h2: Var jämförelsen mellan myndigheterna haltar")
	common := strings.Index(page, "h2: Alla rangordnade investeringar på en gemensam skala")
	if fair < 0 || common < 0 || fair > common || !strings.Contains(page[fair:common], want[0]) {
		t.Errorf("the page does not say where the comparison limps before the common scale:\n%s", page)
	}
	// Near the top k: A4, third in Alfaverket's top 2, in it in 20 % of
	// the samples; B2 and A2 are in their top 2 already.
	near := page[strings.Index(page, "h2: Nära topp k"):]
	if !strings.Contains(near, "| Alfaverket | 2 | 3 | [A4] | Delta | 52,5 | 20,0 %") {
		t.Errorf("near the top k:\n%s", near)
	}
	// Every caption says something its heading does not.
	doc := parseHTML(t, renderSummaryHTML(t, s, "en"))
	var heading string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "h1", "h2", "h3":
				heading = text(n)
			case "caption":
				if text(n) == heading {
					t.Errorf("caption %q repeats its heading", heading)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}
