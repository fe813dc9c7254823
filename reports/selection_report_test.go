package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/scoring"
	"github.com/prio-tool/prio/scoring/selection"
)

// The S4 vector of REFERENCE-VECTORS.md ("Selection"), as
// cmd/prio/testdata/script/select.txtar has it: eight investments (value v,
// cost in 2026, cost in 2027) A (21, 5, 2), B (46, 4, 0), C (28, 2, 2),
// D (18, 3, 0), E (34, 3, 1), F (29, 2, 1), G (48, 2, 4), H (13, 6, 3), and X
// (99, 1, 1), which fails the starting point G1; budgets 2026 = 14 and
// 2027 = 8. The criterion maps v linearly from [0, 50] to [0, 1], so the
// score is v / 50 and a value of v is 2v points. By score: G 1, B 2, E 3,
// F 4, C 5, A 6, D 7, H 8; X is excluded.
const s4Criteria = `format: prio.criteria/1
id: s4
version: 1.0.0
status: adopted
fields:
  id:    {headers: [ID], type: text, required: true}
  name:  {headers: [Namn], type: text}
  v:     {headers: [Värde], type: number}
  ok:    {headers: [Godkänd], type: yesno}
  costs: {headers: [Kostnader], type: number, sum_columns: true, unit: mnkr}
derived:
  total: costs
starting_points:
  - {id: G1, require: ok, on_fail: exclude}
criteria:
  - {id: V, field: v, value: {linear: [0, 50]}}
`

const s4Portfolio = `ID;Namn;Värde;Godkänd;Kostnader;
;;;;2026;2027
A;Alfa;21;Ja;5;2
B;Beta;46;Ja;4;0
C;Gamma;28;Ja;2;2
D;Delta;18;Ja;3;0
E;Epsilon;34;Ja;3;1
F;Zeta;29;Ja;2;1
G;Eta;48;Ja;2;4
H;Theta;13;Ja;6;3
X;Chi;99;Nej;1;1
`

// s2Selection adds to the budgets "B requires A" and "C and D exclusive":
// by exhaustive enumeration (REFERENCE-VECTORS.md) the optimum is
// {A, B, E, G}, v = 149 (298 points), using 14 of 14 in 2026 and 7 of 8 in
// 2027.
const s2Selection = `format: prio.selection/1
value: score
years:
  cost: costs
  budgets: {"2026": 14, "2027": 8}
requires: [[B, A]]
exclusive: [[C, D]]
`

// s4Selection scores the S4 portfolio (with name as the name of A, when
// given) and solves sel with the losses and a frontier of points (0: none).
func s4Selection(t testing.TB, sel string, frontier int, nameA string) *Selection {
	t.Helper()
	set, err := criteria.Parse(strings.NewReader(s4Criteria), "s4.yaml")
	if err != nil {
		t.Fatal(err)
	}
	csv := s4Portfolio
	if nameA != "" {
		csv = strings.Replace(csv, "A;Alfa;", "A;"+nameA+";", 1)
	}
	p, err := importers.ReadJoined(context.Background(), set, []importers.Source{{Path: "s4.csv", Data: []byte(csv)}}, nil, importers.Options{Locale: "sv"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := scoring.Score(set, p)
	if err != nil {
		t.Fatal(err)
	}
	sl, err := criteria.ParseSelection(strings.NewReader(sel), "urval.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := sl.Check(set); err != nil {
		t.Fatal(err)
	}
	st, err := selection.Build(selection.Source{Set: set, Portfolio: p, Result: res, Selection: sl})
	if err != nil {
		t.Fatal(err)
	}
	out, err := selection.Run(context.Background(), st, selection.Options{}, selection.Ask{Losses: true, Frontier: frontier})
	if err != nil {
		t.Fatal(err)
	}
	return &Selection{Score: res, Outcome: out, Path: "urval.yaml", SHA256: "abc", ScoreValue: sl.ValueProgram == nil, Unit: "mnkr"}
}

// TestSelectionSentences checks the story of the S2 selection, every
// number worked out by hand from the vector: funded {A, B, E, G} worth
// 2 × 149 = 298 points; the ranking line takes G, skips B (A not yet
// taken), takes E, F and C, then finds no room for A and D excluded by C:
// {G, E, F, C}, 2 × 139 = 278 points, 20 less. D (3, 0) does not fit
// 2026 (0 left) but fits 2027; forcing it in leaves (11, 8) without C, the
// best being A, B and G: 133, a loss of 16 (32 points). F (2, 1) likewise
// binds 2026 only; with F forced in, A, B and G fit beside it: 144, a loss
// of 5 (10 points). C (2, 2) and H (6, 3) do not fit either year.
func TestSelectionSentences(t *testing.T) {
	s := s4Selection(t, s2Selection, 0, "")
	tests := []struct {
		lang  string
		lines []string
		notes map[string]string // id: sentence
	}{
		{"sv", []string{
			"4 investeringar finansieras inom budgetramarna, med ett sammanlagt värde av 298,0 poäng.",
			"Att finansiera nedåt i rangordningen tills pengarna tar slut ger 278,0 poäng, alltså 20,0 poäng mindre (4 finansieras då).",
		}, map[string]string{
			"D": "D (rang 7) ryms inte i det som är kvar av budgeten 2026; att ta med den kostar 32,00 poäng av portföljens värde.",
			"F": "F (rang 4) ryms inte i det som är kvar av budgeten 2026; att ta med den kostar 10,00 poäng av portföljens värde.",
			"C": "C (rang 5) ryms inte i det som är kvar av budgetarna för 2026 och 2027",
			"X": "X är utesluten av en utgångspunkt (G1).",
		}},
		{"en", []string{
			"4 investments are funded within the budget frames, worth 298.0 points together.",
			"Funding down the ranking until the money runs out gives 278.0 points, that is 20.0 points less (it funds 4).",
		}, map[string]string{
			"D": "D (rank 7) does not fit in what is left of the budget for 2026; taking it in costs 32.00 points of the portfolio's value.",
			"H": "H (rank 8) does not fit in what is left of the budgets for 2026 and 2027",
			"X": "X is excluded by a starting point (G1).",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			ss := newSelectionStory(s, tt.lang)
			if !slices.Equal(ss.Lines, tt.lines) {
				t.Errorf("lines:\n%q\nwant\n%q", ss.Lines, tt.lines)
			}
			var funded []string
			for _, it := range ss.Funded {
				funded = append(funded, it.ID)
			}
			if want := []string{"G", "B", "E", "A"}; !slices.Equal(funded, want) {
				t.Errorf("funded %v, want %v (in rank order)", funded, want)
			}
			got := map[string]string{}
			for _, it := range ss.NotFunded {
				got[it.ID] = it.Sentence
			}
			for id, want := range tt.notes {
				if !strings.HasPrefix(got[id], want) {
					t.Errorf("%s: %q, want it to start %q", id, got[id], want)
				}
			}
			if len(ss.Budgets) != 2 || ss.Budgets[0].UsedText != map[string]string{"sv": "14,0", "en": "14.0"}[tt.lang] ||
				ss.Budgets[1].LeftText != map[string]string{"sv": "1,0", "en": "1.0"}[tt.lang] {
				t.Errorf("budgets %+v, want 14 used in 2026 and 1 left in 2027", ss.Budgets)
			}
		})
	}
}

// TestSelectionPooledSentence: one pooled budget of 22 on the two years
// together (FORMATS.md §5, --budget), with B requiring A: the sentence
// names no year. By hand (totals A 7, B 4, C 4, D 3, E 4, F 3, G 6, H 9;
// checked by enumerating the 256 subsets): the optimum within 22 is
// {A, B, C, E, F}, which uses all 22, worth 158 (316 points) — one more
// than {C, D, E, F, G}, 157 — and H (9) does not fit the nothing left.
func TestSelectionPooledSentence(t *testing.T) {
	s := s4Selection(t, "format: prio.selection/1\ncost: total\nbudget: 22\nrequires: [[B, A]]\n", 0, "")
	ss := newSelectionStory(s, "sv")
	if ss.Budgets[0].Name != "Totalt" || ss.Budgets[0].UsedText != "22,0" {
		t.Errorf("budget %+v, want Totalt with 22 used", ss.Budgets[0])
	}
	for _, it := range ss.NotFunded {
		if it.ID == "H" && !strings.HasPrefix(it.Sentence, "H (rang 8) ryms inte i det som är kvar av budgeten;") {
			t.Errorf("H: %q", it.Sentence)
		}
	}
	if got := selectionFrontLine(s, "sv"); got != "5 investeringar finansieras inom budgetramarna, med ett sammanlagt värde av 316,0 poäng; urvalet är bevisat optimalt." {
		t.Errorf("front line %q", got)
	}
}

// TestSelectionMarkdown checks the document's structure in both languages
// and that a hostile name stays text.
func TestSelectionMarkdown(t *testing.T) {
	s := s4Selection(t, s2Selection, 3, "<b>a|b</b>")
	for _, tt := range []struct {
		lang     string
		headings []string
	}{
		{"sv", []string{"# Urval inom budgetramarna", "## Budget per år", "## Finansieras (4)", "## Finansieras inte (5)", "## Effektiv front"}},
		{"en", []string{"# Selection within the budget frames", "## Budget per year", "## Funded (4)", "## Not funded (5)", "## Efficient frontier"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteSelectionMarkdown(&b, s, Options{Lang: tt.lang, Date: runDay}); err != nil {
				t.Fatal(err)
			}
			doc := b.String()
			var headings []string
			for _, line := range strings.Split(doc, "\n") {
				if strings.HasPrefix(line, "#") {
					headings = append(headings, line)
				}
			}
			if !slices.Equal(headings, tt.headings) {
				t.Errorf("headings %q, want %q", headings, tt.headings)
			}
			if strings.Contains(doc, "```") {
				t.Error("a code block: the document should be Markdown, not the table")
			}
			if !strings.Contains(doc, `\<b\>a\|b\</b\>`) {
				t.Errorf("the hostile name is not escaped:\n%s", doc)
			}
			// The funded table: a header, a rule and four rows (G, B, E,
			// A), with the columns value, 2026, 2027, sum and loss.
			rows := regexp.MustCompile(`(?m)^\| [0-9] \| [A-H] \|`).FindAllString(doc, -1)
			if len(rows) != 4 {
				t.Errorf("%d funded rows, want 4", len(rows))
			}
			// The frontier: 0, Λ/2, Λ and 1 (Λ = 27/14, the larger of
			// 2026's 27/14 and 2027's 13/8): at Λ every eligible investment
			// fits but C and D exclude each other: all but D (the lesser),
			// 237 − 18 = 219, 438 points.
			if !strings.Contains(doc, map[string]string{"sv": "| 438,0 |", "en": "| 438.0 |"}[tt.lang]) {
				t.Errorf("the frontier lacks 438 points at Λ:\n%s", doc)
			}
		})
	}
}

// TestSelectionInPack checks the selection chapter of the HTML pack: its
// place (first after the first page, first in the contents), the line on
// the first page, both charts with their legends and tables, and the
// tables' rows, from the S2 numbers worked out by hand.
func TestSelectionInPack(t *testing.T) {
	s := s4Selection(t, s2Selection, 3, "")
	p := &Pack{Score: s.Score, Selection: s}
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			doc := parseHTML(t, renderHTML(t, p, lang))
			sections := findAll(doc, elements("section"))
			if len(sections) < 2 || attr(sections[1], "aria-labelledby") != "selection" {
				t.Fatalf("the second section is not the selection")
			}
			sec := sections[1]
			toc := findAll(doc, func(n *html.Node) bool {
				return n.Type == html.ElementNode && n.Data == "a" && attr(n, "href") == "#selection"
			})
			if len(toc) != 1 {
				t.Errorf("%d links to the selection in the contents", len(toc))
			}
			front := text(sections[0])
			if want := map[string]string{"sv": "4 investeringar finansieras inom budgetramarna, med ett sammanlagt värde av 298,0 poäng; urvalet är bevisat optimalt.",
				"en": "4 investments are funded within the budget frames, worth 298.0 points together; the selection is proven optimal."}[lang]; !strings.Contains(front, want) {
				t.Errorf("the first page lacks %q", want)
			}
			for _, id := range []string{"fig-selection-budgets", "fig-selection-frontier"} {
				if len(findAll(sec, func(n *html.Node) bool { return n.Data == "svg" && attr(n, "id") == id })) != 1 {
					t.Errorf("no chart %s", id)
				}
			}
			table := func(id string) [][]string {
				var rows [][]string
				for _, tb := range findAll(sec, func(n *html.Node) bool { return n.Data == "table" && attr(n, "id") == id }) {
					for _, tr := range findAll(tb, elements("tr"))[1:] {
						var cells []string
						for c := tr.FirstChild; c != nil; c = c.NextSibling {
							if c.Type == html.ElementNode {
								cells = append(cells, text(c))
							}
						}
						rows = append(rows, cells)
					}
				}
				return rows
			}
			budgets := table("tab-selection-budgets")
			want := map[string][][]string{
				"sv": {{"2026", "14,0", "14,0", "0,0", "100 %"}, {"2027", "8,0", "7,0", "1,0", "88 %"}},
				"en": {{"2026", "14.0", "14.0", "0.0", "100 %"}, {"2027", "8.0", "7.0", "1.0", "88 %"}},
			}[lang]
			if !slices.EqualFunc(budgets, want, slices.Equal) {
				t.Errorf("budgets %q, want %q", budgets, want)
			}
			var funded, notFunded []string
			for _, r := range table("tab-selection-funded") {
				funded = append(funded, r[1])
			}
			for _, r := range table("tab-selection-not-funded") {
				notFunded = append(notFunded, r[1])
			}
			if !slices.Equal(funded, []string{"G", "B", "E", "A"}) || !slices.Equal(notFunded, []string{"F", "C", "D", "H", "X"}) {
				t.Errorf("funded %v, not funded %v", funded, notFunded)
			}
			if r := table("tab-selection-not-funded")[2]; !strings.HasPrefix(r[3], map[string]string{
				"sv": "Ryms inte i det som är kvar av budgeten 2026; att ta med den kostar 32,00 poäng",
				"en": "Does not fit in what is left of the budget for 2026; taking it in costs 32.00 points"}[lang]) {
				t.Errorf("D's reason %q", r[3])
			}
			if n := len(table("tab-selection-frontier")); n != 4 {
				t.Errorf("%d frontier rows, want 4 (0, Λ/2, Λ and the budget given)", n)
			}
			// The memo has the same section under the pack's headings.
			var memo bytes.Buffer
			if err := WriteMarkdown(&memo, p, Options{Lang: lang}); err != nil {
				t.Fatal(err)
			}
			for _, h := range map[string][]string{"sv": {"\n## Urval inom budgetramarna\n", "\n### Finansieras (4)\n", "\n### Finansieras inte (5)\n"},
				"en": {"\n## Selection within the budget frames\n", "\n### Funded (4)\n", "\n### Not funded (5)\n"}}[lang] {
				if !strings.Contains(memo.String(), h) {
					t.Errorf("the memo lacks %q", h)
				}
			}
		})
	}
}

// TestSelectionPackChecks: a selection made from other scores than the
// pack's is refused, whatever the format.
func TestSelectionPackChecks(t *testing.T) {
	s := s4Selection(t, s2Selection, 0, "")
	other := s4Selection(t, s2Selection, 0, "")
	p := &Pack{Score: other.Score, Selection: s}
	for name, write := range map[string]func(io.Writer, *Pack, Options) error{"html": WriteHTML, "xlsx": WriteXLSX, "md": WriteMarkdown} {
		if err := write(io.Discard, p, Options{}); err == nil || !strings.Contains(err.Error(), "other scores") {
			t.Errorf("%s: %v, want the selection refused", name, err)
		}
	}
}

// TestSelectionWorkbook checks the funding sheet: second, after the
// overview; the budgets under their year columns; the funded and the not
// funded with their reasons; the frontier's table and a scatter chart.
func TestSelectionWorkbook(t *testing.T) {
	s := s4Selection(t, s2Selection, 3, "")
	p := &Pack{Score: s.Score, Selection: s}
	for _, tt := range []struct{ lang, sheet, used, reasonD string }{
		{"sv", "Finansiering", "Använt", "Ryms inte i det som är kvar av budgeten 2026; att ta med den kostar 32,00 poäng av portföljens värde."},
		{"en", "Funding", "Used", "Does not fit in what is left of the budget for 2026; taking it in costs 32.00 points of the portfolio's value."},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			data := renderXLSX(t, p, tt.lang)
			f := openXLSX(t, data)
			if sheets := f.GetSheetList(); len(sheets) < 2 || sheets[1] != tt.sheet {
				t.Fatalf("sheets %v, want %s second", sheets, tt.sheet)
			}
			rows, err := f.GetRows(tt.sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			find := func(col int, text string) []string {
				for _, r := range rows {
					if len(r) > col && r[col] == text {
						return r
					}
				}
				t.Fatalf("no row with %q in column %d", text, col+1)
				return nil
			}
			// Used: 14 in 2026 (column E), 7 in 2027 (F), 21 together (G).
			if u := find(2, tt.used); len(u) < 7 || u[4] != "14" || u[5] != "7" || u[6] != "21" {
				t.Errorf("used row %q", u)
			}
			// D: rank 7, its reason across the middle columns.
			if d := find(1, "D"); d[0] != "7" || d[3] != tt.reasonD {
				t.Errorf("D's row %q", d)
			}
			// G: rank 1, value 96 points, costs 2 and 4, sum 6.
			if g := find(1, "G"); g[0] != "1" || g[3] != "96" || g[4] != "2" || g[5] != "4" || g[6] != "6" {
				t.Errorf("G's row %q", g)
			}
			charts := 0
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			for _, zf := range zr.File {
				if strings.HasPrefix(zf.Name, "xl/charts/chart") {
					rc, _ := zf.Open()
					b, _ := io.ReadAll(rc)
					rc.Close()
					if bytes.Contains(b, []byte("scatterChart>")) {
						charts++
					}
				}
			}
			if charts != 1 {
				t.Errorf("%d scatter charts, want the frontier's", charts)
			}
		})
	}
}

// TestSelectionInfeasibleReports: the infeasible variant of S4 (2026 = 5
// and H a must, which costs 6 in 2026): every report says so and lists the
// conflict, budget 2026 and must H at their places in the file, and shows
// no lists and no budget chart.
func TestSelectionInfeasibleReports(t *testing.T) {
	s := s4Selection(t, "format: prio.selection/1\nvalue: score\nyears:\n  cost: costs\n  budgets: {\"2026\": 5, \"2027\": 8}\nmust: [H]\n", 0, "")
	if s.Outcome.Solution.Status != selection.StatusInfeasible {
		t.Fatalf("status %v", s.Outcome.Solution.Status)
	}
	conflict := []string{"budget 2026 (urval.yaml:5:21)", "must H (urval.yaml:6:8)"}
	p := &Pack{Score: s.Score, Selection: s}
	doc := parseHTML(t, renderHTML(t, p, "en"))
	var sec *html.Node
	for _, n := range findAll(doc, elements("section")) {
		if attr(n, "aria-labelledby") == "selection" {
			sec = n
		}
	}
	if sec == nil {
		t.Fatal("no selection chapter")
	}
	var items []string
	for _, li := range findAll(sec, elements("li")) {
		items = append(items, text(li))
	}
	if !slices.Equal(items, conflict) {
		t.Errorf("conflict %q, want %q", items, conflict)
	}
	body := text(sec)
	for _, absent := range []string{"Funded (", "Not funded (", "Budget per year: used and left"} {
		if strings.Contains(body, absent) {
			t.Errorf("the chapter shows %q", absent)
		}
	}
	if !strings.Contains(body, "No selection meets every rule and budget.") {
		t.Errorf("the chapter does not say it is infeasible: %s", body)
	}
	var md bytes.Buffer
	if err := WriteSelectionMarkdown(&md, s, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range conflict {
		if !strings.Contains(md.String(), "- "+c+"\n") {
			t.Errorf("the Markdown lacks %q:\n%s", c, md.String())
		}
	}
	f := openXLSX(t, renderXLSX(t, p, "en"))
	rows, err := f.GetRows("Funding")
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, r := range rows {
		cells = append(cells, strings.Join(r, "|"))
	}
	all := strings.Join(cells, "\n")
	for _, c := range conflict {
		if !strings.Contains(all, c) {
			t.Errorf("the funding sheet lacks %q:\n%s", c, all)
		}
	}
}
