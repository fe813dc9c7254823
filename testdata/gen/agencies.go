package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// column is one column of an agency's data sheet: its header (a group label
// above it, or none: then the header cell spans both header rows) and how an
// investment's facts become the cell.
type column struct {
	group  string
	header string
	width  float64
	list   string // a range on the list sheet for a dropdown, or ""
	sum    string // the number style of the Summa row's SUM, or "" for none
	value  func(inv *investment) cell
}

// messer makes cells messy the way people do, deterministically.
type messer struct {
	r  *random
	ph int
}

// placeholders are what agencies type for "not known"; prio reads each as
// missing. They are handed out in turn so that every one of them occurs.
var placeholders = []string{"-", "?", "TBD", "saknas", "Ej beslutat", "uppgift saknas"}

func (m *messer) placeholder() cell {
	s := placeholders[m.ph%len(placeholders)]
	m.ph++
	return text(s)
}

// groupDigits writes a whole number with sep between groups of three digits.
func groupDigits(n int64, sep string) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	return b.String()
}

// swedish writes x as a Swedish spreadsheet user types it, or as Excel
// copies it: the given decimals after a decimal comma, sep (a no-break
// space or a space) between thousands, and the minus sign U+2212 or a
// hyphen.
func swedish(x float64, decimals int, sep, minus string) string {
	neg := x < 0
	x = math.Abs(x)
	p := math.Pow(10, float64(decimals))
	scaled := int64(math.Round(x * p))
	whole, frac := scaled/int64(p), scaled%int64(p)
	s := groupDigits(whole, sep)
	if decimals > 0 {
		s += "," + fmt.Sprintf("%0*d", decimals, frac)
	}
	if neg && scaled != 0 {
		s = minus + s
	}
	return s
}

// amount is a number cell rounded to the given decimals, or now and then
// the same number typed as text.
func (m *messer) amount(x float64, decimals int, style string, pText float64) cell {
	x = round(x, decimals)
	if m.r.chance(pText) {
		minus := "−"
		if m.r.chance(0.4) {
			minus = "-"
		}
		sep := "\u00a0"
		if m.r.chance(0.3) {
			sep = " "
		}
		c := text(swedish(x, decimals, sep, minus))
		if m.r.chance(0.5) {
			c = c.with("textfmt") // the cell was formatted as text first
		}
		return c
	}
	return num(x).with(style)
}

// risk writes a level, with the odd case and stray spaces of typed text.
func (m *messer) risk(level int, pOdd float64) cell {
	s := riskLevels[level-1]
	if m.r.chance(pOdd) {
		switch m.r.intn(5) {
		case 0:
			s = strings.ToLower(s)
		case 1:
			s = strings.ToUpper(s)
		case 2:
			s = " " + strings.ToLower(s)
		case 3:
			s += " "
		default:
			s = " " + s + " "
		}
	}
	return text(s)
}

// yesNo writes a yes/no answer in one of the agencies' styles.
type yesNoStyle uint8

const (
	yesNoPlain yesNoStyle = iota // Ja/Nej, now and then J, X, ja, nej
	yesNoBool                    // Ja/Nej mixed with TRUE/FALSE cells
	yesNoCross                   // X for yes, Nej for no
)

func (m *messer) yesNo(b bool, style yesNoStyle) cell {
	switch style {
	case yesNoBool:
		if m.r.chance(0.3) {
			return boolean(b)
		}
	case yesNoCross:
		if b {
			if m.r.chance(0.7) {
				return text("X")
			}
			return text("Ja")
		}
		if m.r.chance(0.3) {
			return text("nej")
		}
		return text("Nej")
	}
	if m.r.chance(0.12) {
		if b {
			return text(pick(m.r, []string{"J", "X", "ja"}))
		}
		return text(pick(m.r, []string{"nej", "N"}))
	}
	if b {
		return text("Ja")
	}
	return text("Nej")
}

// dateStyle is how an agency writes its dates.
type dateStyle uint8

const (
	datesExcel   dateStyle = iota // Excel date cells, now and then ISO text
	datesText                     // typed text: 2026-03-31, 2026-03, Q3 2027
	datesQuarter                  // Excel date cells, end dates often as kv3 2027
)

func (m *messer) date(t time.Time, style dateStyle, isEnd bool) cell {
	quarter := fmt.Sprintf("%d", (int(t.Month())-1)/3+1)
	switch style {
	case datesText:
		switch {
		case isEnd && m.r.chance(0.35):
			return text("Q" + quarter + " " + strconv.Itoa(t.Year()))
		case m.r.chance(0.3):
			return text(t.Format("2006-01"))
		}
		return text(t.Format("2006-01-02"))
	case datesQuarter:
		if isEnd && m.r.chance(0.4) {
			if m.r.chance(0.6) {
				return text("kv" + quarter + " " + strconv.Itoa(t.Year()))
			}
			return text("Q" + quarter + " " + strconv.Itoa(t.Year()))
		}
		return date(t)
	}
	switch {
	case m.r.chance(0.1):
		return text(t.Format("2006-01-02"))
	case m.r.chance(0.06):
		return text(t.Format("2006-01"))
	}
	return date(t)
}

// orNothing returns the text, or for an empty one a blank or a placeholder.
func (m *messer) orNothing(s string) cell {
	if s != "" {
		return text(s)
	}
	if m.r.chance(0.5) {
		return cell{}
	}
	return m.placeholder()
}

// dataSheet lays out an agency's investments: title rows, a two-row header,
// blocks of investments with a blank row between them, and a Summa row.
func dataSheet(name string, titles []string, cols []column, blocks [][]*investment) *sheet {
	sh := &sheet{name: name}
	row := 1
	for i, t := range titles {
		st := "note"
		if i == 0 {
			st = "title"
		}
		sh.set(row, 1, text(t).with(st))
		row++
	}
	row++ // a blank row under the titles
	head := row
	for c := 0; c < len(cols); c++ {
		col := cols[c]
		sh.widths = append(sh.widths, col.width)
		if col.group == "" {
			sh.set(head, c+1, text(col.header).with("header"))
			sh.set(head+1, c+1, cell{style: "header"})
			sh.merges = append(sh.merges, merge{ref(head, c+1), ref(head+1, c+1)})
			continue
		}
		if c == 0 || cols[c-1].group != col.group {
			last := c
			for last+1 < len(cols) && cols[last+1].group == col.group {
				last++
			}
			sh.set(head, c+1, text(col.group).with("header"))
			for k := c + 1; k <= last; k++ {
				sh.set(head, k+1, cell{style: "header"})
			}
			sh.merges = append(sh.merges, merge{ref(head, c+1), ref(head, last+1)})
		}
		if year, err := strconv.Atoi(col.header); err == nil {
			sh.set(head+1, c+1, num(float64(year)).with("header")) // years typed as numbers
		} else {
			sh.set(head+1, c+1, text(col.header).with("header"))
		}
	}
	first := head + 2
	row = first
	for b, block := range blocks {
		if b > 0 {
			row++ // a blank separator row
		}
		for _, inv := range block {
			for c, col := range cols {
				if cl := col.value(inv); cl.kind != cEmpty || cl.style != "" {
					sh.set(row, c+1, cl)
				}
			}
			row++
		}
	}
	last := row - 1
	row++ // a blank row above the sum
	for c, col := range cols {
		switch {
		case col.header == "Projektnamn":
			sh.set(row, c+1, text("Summa").with("bold"))
		case col.sum != "":
			formula := fmt.Sprintf("SUM(%s%d:%s%d)", colName(c+1), first, colName(c+1), last)
			sh.set(row, c+1, cell{kind: cFormula, formula: formula, num: sh.sumRange(c+1, first, last), style: col.sum})
		}
	}
	for c, col := range cols {
		if col.list != "" {
			sh.validations = append(sh.validations, validation{
				sqref: fmt.Sprintf("%s%d:%s%d", colName(c+1), first, colName(c+1), last),
				list:  col.list,
			})
		}
	}
	sh.freezeRow, sh.freezeCol = first, 3
	return sh
}

// listSheet is the hidden sheet that the dropdowns read.
func listSheet() *sheet {
	sh := &sheet{name: "Listor", hidden: true, widths: []float64{12, 10, 18, 22}}
	lists := [][]string{
		append([]string{"Risknivå"}, riskLevels...),
		{"Svar", "Ja", "Nej"},
		append([]string{"Säkerhetsanalys"}, securityLevels...),
		append([]string{"Kategorier"}, categories...),
	}
	for c, list := range lists {
		for r, s := range list {
			cl := text(s)
			if r == 0 {
				cl = cl.with("bold")
			}
			sh.set(r+1, c+1, cl)
		}
	}
	return sh
}

const (
	listRisk     = "Listor!$A$2:$A$4"
	listYesNo    = "Listor!$B$2:$B$3"
	listSecurity = "Listor!$C$2:$C$4"
	listCategory = "Listor!$D$2:$D$4"
)

// instructionSheet is the first sheet: a few lines for whoever fills in the
// workbook.
func instructionSheet(lines []string) *sheet {
	sh := &sheet{name: "Instruktioner", widths: []float64{110}}
	for i, s := range lines {
		st := "wrap"
		if i == 0 {
			st = "title"
		}
		sh.set(i+1, 1, text(s).with(st))
	}
	return sh
}

// assessmentColumns are the analysts' columns of the criteria set, in the
// order of the assessment workbooks.
var assessmentColumns = []struct {
	header string
	get    func(a *assessment) int
	scale  bool // 1–5
}{
	{"Effekter för medborgare och företag", func(a *assessment) int { return a.Effects }, true},
	{"Nyttoberedskap (0–3)", func(a *assessment) int { return a.Readiness }, false},
	{"Förankring i uppdrag och strategi", func(a *assessment) int { return a.Mandate }, true},
	{"Myndighetsöverskridande nytta", func(a *assessment) int { return a.Shared }, true},
	{"Angelägenhet", func(a *assessment) int { return a.Urgency }, true},
	{"Styrning och beställarförmåga", func(a *assessment) int { return a.Governance }, true},
	{"Arkitektur, säkerhet och juridik", func(a *assessment) int { return a.Architecture }, true},
}

// assessmentBook is the analysts' workbook for an agency: one sheet, a title
// row, one header row, the investments by id. Investments not yet assessed
// are left out; now and then a cell is left blank.
func assessmentBook(m *messer, agency, modified string, invs []*investment) *book {
	sh := &sheet{name: "Bedömning"}
	sh.set(1, 1, text(agency+" – analytikernas bedömning (fiktiva uppgifter)").with("title"))
	sh.set(2, 1, text("Skala 1–5 om inget annat anges; Nyttoberedskap 0–3 (effektmål, nyttorealiseringsplan, nyttoansvarig). Tom cell: inte bedömt än.").with("note"))
	head := 4
	sh.set(head, 1, text("Projekt-ID").with("header"))
	sh.widths = []float64{16}
	for i, ac := range assessmentColumns {
		sh.set(head, i+2, text(ac.header).with("header"))
		sh.widths = append(sh.widths, 16)
	}
	comment := len(assessmentColumns) + 2
	sh.set(head, comment, text("Kommentar").with("header"))
	sh.widths = append(sh.widths, 48)

	sorted := append([]*investment(nil), invs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	row := head + 1
	for _, inv := range sorted {
		if !inv.Assessed {
			continue
		}
		sh.set(row, 1, text(inv.ID))
		for i, ac := range assessmentColumns {
			v := ac.get(&inv.assessment)
			switch {
			case m.r.chance(0.02):
				// not judged yet: left blank
			case m.r.chance(0.04):
				sh.set(row, i+2, text(strconv.Itoa(v))) // typed as text
			default:
				sh.set(row, i+2, num(float64(v)))
			}
		}
		if inv.Note != "" {
			sh.set(row, comment, text(inv.Note))
		}
		row++
	}
	sh.scaleRange = fmt.Sprintf("B%d:B%d D%d:H%d", head+1, row-1, head+1, row-1)
	sh.freezeRow, sh.freezeCol = head+1, 2
	return &book{sheets: []*sheet{sh}, title: agency + ": bedömning (fiktiva uppgifter)", modified: modified}
}

// blocksBy splits investments into blocks by a key, in the order of keys,
// each block ordered by start date and name.
func blocksBy(invs []*investment, keys []string, key func(*investment) string) [][]*investment {
	var blocks [][]*investment
	for _, k := range keys {
		var block []*investment
		for _, inv := range invs {
			if key(inv) == k {
				block = append(block, inv)
			}
		}
		sort.SliceStable(block, func(i, j int) bool {
			if !block[i].Start.Equal(block[j].Start) {
				return block[i].Start.Before(block[j].Start)
			}
			return block[i].Name < block[j].Name
		})
		if len(block) > 0 {
			blocks = append(blocks, block)
		}
	}
	return blocks
}

// assignIDs numbers the investments in sheet order.
func assignIDs(blocks [][]*investment, id func(year, n int) string) {
	n := 0
	for _, block := range blocks {
		for _, inv := range block {
			n++
			inv.ID = id(inv.Start.Year(), n)
		}
	}
}

// skipAssessments marks a few investments as not yet assessed: the latest
// to start.
func skipAssessments(invs []*investment, n int) {
	sorted := append([]*investment(nil), invs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start.After(sorted[j].Start) })
	for _, inv := range sorted[:n] {
		inv.Assessed = false
	}
}
