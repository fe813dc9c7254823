package importers

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/prio-tool/prio/messages"
)

// gridSource is a cellSource over cells given in A1 notation, on the sheet
// "Blad1" (part 0, the formulas' own) and "Indata" (part 1).
type gridSource struct {
	cells map[cellKey]value
	last  [2][2]int // per part: last row, last column
}

func newGridSource(t testing.TB, cells map[string]value) *gridSource {
	t.Helper()
	g := &gridSource{cells: make(map[cellKey]value)}
	for ref, v := range cells {
		part := 0
		if s, r, ok := strings.Cut(ref, "!"); ok {
			if s != "Indata" {
				t.Fatalf("unknown sheet in %s", ref)
			}
			part, ref = 1, r
		}
		col, row, ok := parseCellRef(ref)
		if !ok {
			t.Fatalf("bad reference %s", ref)
		}
		g.cells[keyOf(part, row, col)] = v
		g.last[part] = [2]int{max(g.last[part][0], row), max(g.last[part][1], col)}
	}
	return g
}

func (g *gridSource) sheetPart(name string) (int, error) {
	switch strings.ToLower(name) {
	case "", "blad1":
		return 0, nil
	case "indata":
		return 1, nil
	}
	return 0, cannotCalculate("it refers to the sheet %s, which the workbook does not have", quote(name))
}

func (g *gridSource) cell(part, row, col int) (value, error) {
	return g.cells[keyOf(part, row, col)], nil
}

func (g *gridSource) clip(r sheetRange) (sheetRange, error) {
	r.r2, r.c2 = min(r.r2, g.last[r.part][0]), min(r.c2, g.last[r.part][1])
	return r, nil
}

func (g *gridSource) name(part, row, col int) string { return columnLetters(col) + itoa(row) }

func itoa(n int) string { return numberText(float64(n)) }

// The cells the formulas of TestEvaluateFormula read. The formula cell is
// I2 (row 2, column 9), for implicit intersection.
var gridCells = map[string]value{
	"A1": number(1.5), "A2": textValue("x"), "A3": boolValue(true),
	// B1, B2 blank.
	"C1": textValue("abc"), "D1": textValue("1 234,5"), "D2": textValue("25 %"),
	"E1": boolValue(true), "F1": errValue("#REF!"),
	"G1": number(1), "G2": number(2), "G3": number(3),
	"H1": number(4), "H2": number(5), "H3": number(6),
	"Indata!B2": number(40), "Indata!B3": number(2),
}

func TestEvaluateFormula(t *testing.T) {
	// Every expected value is worked out by hand from Excel's documented
	// rules (precedence, coercion, the functions' definitions) and the
	// cells above; date serials from Excel's 1900 date system, in which
	// 2025-03-31 is 45747 (day 1 is 1900-01-01, and Excel counts a
	// 1900-02-29).
	tests := []struct {
		name    string
		formula string
		want    value
	}{
		// Arithmetic and precedence.
		{"precedence", "1+2*3", number(7)},
		{"brackets", "(1+2)*3", number(9)},
		{"subtraction from the left", "2-3-4", number(-5)},
		{"^ from the left, as Excel", "2^3^2", number(64)},
		{"negation before ^, as Excel", "-2^2", number(4)},
		{"division", "10/4", number(2.5)},
		{"division by zero", "1/0", errValue("#DIV/0!")},
		{"percent", "50%", number(0.5)},
		{"negated percent", "-50%", number(-0.5)},
		{"percent twice", "200%%", number(0.02)},
		{"0^0", "0^0", errValue("#NUM!")},
		{"0 to a negative power", "0^-1", errValue("#DIV/0!")},
		{"negative to a fraction", "(-8)^(1/3)", errValue("#NUM!")},
		{"negative to a whole power", "(-2)^3", number(-8)},
		{"overflow", "1E+308*10", errValue("#NUM!")},
		{"an exponent in lower case", "1e+5+1", number(100001)},
		{"a leading plus", "+A1", number(1.5)},
		{"a blank is 0", "A1+B1", number(1.5)},
		{"a blank times", "A1*B1", number(0)},
		{"text that is no number", "C1+1", errValue("#VALUE!")},
		{"text that is a Swedish number", "D1+1", number(1235.5)},
		{"a percentage as text", "D2+1", number(1.25)},
		{"TRUE is 1", "E1+1", number(2)},
		{"an error value passes on", "F1+1", errValue("#REF!")},
		{"the first error passes on", "1/0+F1", errValue("#DIV/0!")},
		{"a number in quotes", `1+"2"`, number(3)},
		{"an error value written", "#N/A", errValue("#N/A")},
		{"another sheet", "Indata!B2/Indata!B3", number(20)},
		{"another sheet, quoted", "'Indata'!B2*2", number(80)},

		// Text.
		{"&", `"a"&"b"`, textValue("ab")},
		{"& a number", `A1&""`, textValue("1.5")},
		{"& 15 digits", `1/3&""`, textValue("0.333333333333333")},
		{"& 1E+15", `10^15&""`, textValue("1E+15")},
		{"& below 1E+15", `10^14&""`, textValue("100000000000000")},
		{"& TRUE", `E1&""`, textValue("TRUE")},
		{"& a blank", `B1&"x"`, textValue("x")},

		// Comparisons.
		{"<", "1<2", boolValue(true)},
		{"= ignores case", `"a"="A"`, boolValue(true)},
		{"text order ignores case", `"b">"A"`, boolValue(true)},
		{"numbers before text", `1<"a"`, boolValue(true)},
		{"text before TRUE/FALSE", `"z"<FALSE`, boolValue(true)},
		{"a blank is 0", "B1=0", boolValue(true)},
		{"a blank is empty text", `B1=""`, boolValue(true)},
		{"15 significant digits", "0.1+0.2=0.3", boolValue(true)},
		{"<>", "1<>1", boolValue(false)},
		{"an error value compared", "F1=1", errValue("#REF!")},

		// Implicit intersection: I2 reads row 2 of a column range.
		{"a column range in the formula's row", "A1:A3", textValue("x")},
		{"a row range in the formula's column", "G1:I1&\"\"", textValue("")},
		{"a range beside the formula", "G1:H1", errValue("#VALUE!")},

		// Functions.
		{"SUM: text and TRUE in a range are passed over", "SUM(A1:A3)", number(1.5)},
		{"SUM: given directly they count", `SUM(1,"2",TRUE)`, number(4)},
		{"SUM of text", `SUM("x")`, errValue("#VALUE!")},
		{"SUM with an error in the range", "SUM(E1:F1)", errValue("#REF!")},
		{"SUM of a column", "SUM(G:G)", number(6)},
		{"SUM over sheets", "SUM(Indata!B1:B9)", number(42)},
		{"AVERAGE", "AVERAGE(G1:H3)", number(3.5)},
		{"AVERAGE of blanks", "AVERAGE(B1:B2)", errValue("#DIV/0!")},
		{"MIN", "MIN(G1:H3,0.5)", number(0.5)},
		{"MAX", "MAX(G1:H3)", number(6)},
		{"MIN of nothing", "MIN(B1:B2)", number(0)},
		{"COUNT", `COUNT(A1:A3,1,"2","x")`, number(3)},
		{"COUNT passes errors over", "COUNT(F1,G1)", number(1)},
		{"COUNTA", "COUNTA(A1:A3,B1)", number(3)},
		{"SUMPRODUCT", "SUMPRODUCT(G1:G3,H1:H3)", number(32)}, // 1·4 + 2·5 + 3·6
		{"SUMPRODUCT of different sizes", "SUMPRODUCT(G1:G3,H1:H2)", errValue("#VALUE!")},
		{"IF", `IF(1>2,"a","b")`, textValue("b")},
		{"IF without else", "IF(FALSE,1)", boolValue(false)},
		{"IF with an empty branch", "IF(TRUE,,1)", number(0)},
		{"IF calculates only its branch", "IF(TRUE,1,RAND())", number(1)},
		{"IF of text", `IF("x",1,2)`, errValue("#VALUE!")},
		{"IFERROR", `IFERROR(1/0,"x")`, textValue("x")},
		{"IFERROR without an error", `IFERROR(5,"x")`, number(5)},
		{"IFNA", "IFNA(NA(),1)", number(1)},
		{"IFNA of another error", "IFNA(1/0,1)", errValue("#DIV/0!")},
		{"AND", "AND(TRUE,1)", boolValue(true)},
		{"AND false", "AND(TRUE,0)", boolValue(false)},
		{"OR", "OR(FALSE,0,G1)", boolValue(true)},
		{"AND of blanks", "AND(B1:B2)", errValue("#VALUE!")},
		{"AND of text", `AND("x")`, errValue("#VALUE!")},
		{"NOT", "NOT(0)", boolValue(true)},
		{"ROUND on decimal digits", "ROUND(2.675,2)", number(2.68)},
		{"ROUND of 1.005", "ROUND(1.005,2)", number(1.01)},
		{"ROUND half away from zero", "ROUND(-2.5,0)", number(-3)},
		{"ROUND carries", "ROUND(999.5,0)", number(1000)},
		{"ROUND to hundreds", "ROUND(1234.5678,-2)", number(1200)},
		{"ROUNDUP", "ROUNDUP(3.2,0)", number(4)},
		{"ROUNDUP away from zero", "ROUNDUP(-3.2,0)", number(-4)},
		{"ROUNDUP a small number", "ROUNDUP(0.001,0)", number(1)},
		{"ROUNDDOWN", "ROUNDDOWN(3.9,0)", number(3)},
		{"ROUNDDOWN toward zero", "ROUNDDOWN(-3.9,0)", number(-3)},
		{"INT", "INT(-2.5)", number(-3)},
		{"MOD takes the divisor's sign", "MOD(7,-3)", number(-2)},
		{"MOD of a negative", "MOD(-7,3)", number(2)},
		{"MOD by zero", "MOD(1,0)", errValue("#DIV/0!")},
		{"ABS", "ABS(-3)", number(3)},
		{"LEN", `LEN("åäö")`, number(3)},
		{"LEN of a number", "LEN(A1)", number(3)},
		{"LEFT", `LEFT("Projekt",4)`, textValue("Proj")},
		{"LEFT of one", `LEFT("ab")`, textValue("a")},
		{"LEFT negative", `LEFT("ab",-1)`, errValue("#VALUE!")},
		{"RIGHT", `RIGHT("Projekt",3)`, textValue("ekt")},
		{"MID", `MID("Projekt",2,3)`, textValue("roj")},
		{"MID beyond the end", `MID("ab",5,2)`, textValue("")},
		{"MID from 0", `MID("ab",0,1)`, errValue("#VALUE!")},
		{"CONCATENATE", `CONCATENATE("a",1,TRUE)`, textValue("a1TRUE")},
		{"CONCAT of a range", "CONCAT(G1:G3)", textValue("123")},
		{"CONCAT as a file writes it", `_xlfn.CONCAT(G1:G2,"x")`, textValue("12x")},
		{"REPT", `REPT("ab",3)`, textValue("ababab")},
		{"REPT of Excel's longest text", `LEN(REPT("x",32767))`, number(32767)},
		{"REPT negative", `REPT("x",-1)`, errValue("#VALUE!")},
		{"TRIM", `TRIM("  a   b  ")`, textValue("a b")},
		{"UPPER", `UPPER("åb")`, textValue("ÅB")},
		{"LOWER", `LOWER("ÅB")`, textValue("åb")},
		{"VALUE", `VALUE("1 234,5")`, number(1234.5)},
		{"VALUE of text", `VALUE("x")`, errValue("#VALUE!")},
		{"DATE", "DATE(2025,3,31)", number(45747)},
		{"DATE carries months", "DATE(2025,13,1)", number(46023)},  // 2026-01-01: 45747 + 276 days
		{"DATE of day 0", "DATE(2025,3,0)", number(45716)},         // 2025-02-28: 45747 − 31
		{"DATE of a two-digit year", "DATE(25,1,1)", number(9133)}, // 1925-01-01: 1 + 25·365 + 6 leap days + Excel's 1900-02-29
		{"DATE before March 1900", "DATE(1900,1,1)", number(1)},
		{"DATE after Excel's 1900-02-29", "DATE(1900,3,1)", number(61)},
		{"DATE before 1900", "DATE(-1,1,1)", errValue("#NUM!")},
		{"YEAR", "YEAR(45747)", number(2025)},
		{"MONTH", "MONTH(45747)", number(3)},
		{"DAY", "DAY(45747)", number(31)},
		{"Excel's 1900-02-29", "DAY(60)", number(29)},
		{"the day before it", "DAY(59)", number(28)},
		{"the day after it", "DAY(61)", number(1)},
		{"serial 0", "DAY(0)", number(0)},
		{"a negative serial", "YEAR(-1)", errValue("#NUM!")},
		{"ISBLANK", "ISBLANK(B1)", boolValue(true)},
		{"ISBLANK of empty text", `ISBLANK("")`, boolValue(false)},
		{"ISNUMBER", "ISNUMBER(A1)", boolValue(true)},
		{"ISTEXT", "ISTEXT(A2)", boolValue(true)},
		{"ISERROR", "ISERROR(F1)", boolValue(true)},
		{"TRUE()", "TRUE()", boolValue(true)},
		{"functions in lower case", "sum(g1:g3)", number(6)},
	}
	src := newGridSource(t, gridCells)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tree, err := parseFormula(formulaSource{text: tc.formula})
			if err != nil {
				t.Fatalf("=%s: %v", tc.formula, err)
			}
			got, err := newEvaluation(src, 0, 2, 9, Options{Locale: LocaleSV}, nil).evaluate(tree)
			if err != nil {
				t.Fatalf("=%s: %v", tc.formula, err)
			}
			if got.kind != tc.want.kind || got.text != tc.want.text || got.num != tc.want.num {
				t.Errorf("=%s: %+v, want %+v", tc.formula, got, tc.want)
			}
		})
	}
}

func TestEvaluateDate1904(t *testing.T) {
	// In the 1904 date system 2025-03-31 is 45747 − 1462 = 44285 (1462
	// days from 1900-01-00 to 1904-01-01, Excel's 1900-02-29 counted).
	src := newGridSource(t, nil)
	for formula, want := range map[string]float64{"DATE(2025,3,31)": 44285, "YEAR(44285)": 2025, "DAY(0)": 1, "MONTH(0)": 1} {
		tree, err := parseFormula(formulaSource{text: formula})
		if err != nil {
			t.Fatal(err)
		}
		got, err := newEvaluation(src, 0, 1, 1, Options{Date1904: true}, nil).evaluate(tree)
		if err != nil || got.kind != vNumber || got.num != want {
			t.Errorf("=%s: %+v, %v; want %v", formula, got, err, want)
		}
	}
}

func TestFormulaCannotBeCalculated(t *testing.T) {
	// A cell at XFD1048576 makes the sheet's extent Excel's whole: a sum
	// over it takes 17 billion steps.
	src := newGridSource(t, map[string]value{"A1": number(1), "XFD1048576": number(1)})
	deep := strings.Repeat("(", 65) + "1" + strings.Repeat(")", 65)
	tests := []struct {
		name, formula, want string
	}{
		{"RAND", "RAND()", "it uses RAND, which Excel calculates anew each time, so its result is not fixed"},
		{"RANDBETWEEN", "RANDBETWEEN(1,6)", "it uses RANDBETWEEN, which Excel calculates anew each time, so its result is not fixed"},
		{"TODAY", "TODAY()-A1", "it uses TODAY, which Excel calculates anew each time, so its result is not fixed"},
		{"NOW", "NOW()", "it uses NOW, which Excel calculates anew each time, so its result is not fixed"},
		{"INDIRECT", `INDIRECT("A1")`, "it uses INDIRECT, which Excel calculates anew each time, so its result is not fixed"},
		{"OFFSET", "OFFSET(A1,1,0)", "it uses OFFSET, which Excel calculates anew each time, so its result is not fixed"},
		{"an unknown function", "FOOBAR(1)", "it uses the function FOOBAR, which prio does not calculate"},
		{"SUMIF", `SUMIF(A1:A3,">1")`, "it uses the function SUMIF, which prio does not calculate"},
		{"a text bomb", `LEN(REPT(REPT("x",32767),200000))`, "it builds a text longer than 32767 characters, Excel's limit"},
		{"one more than Excel's longest text", `REPT("x",32768)`, "it builds a text longer than 32767 characters, Excel's limit"},
		{"& beyond Excel's longest text", `"x"&REPT("x",32767)`, "it builds a text longer than 32767 characters, Excel's limit"},
		{"CONCATENATE beyond it", `CONCATENATE(REPT("x",20000),REPT("x",20000))`, "it builds a text longer than 32767 characters, Excel's limit"},
		{"texts of 1 MiB in all", `LEN(REPT("x",32767))` + strings.Repeat(`+LEN(REPT("x",32767))`, 32), "it builds more than 1048576 characters of text in all"}, // 33 × 32,767 = 1,081,311
		{"steps", "SUM(A1:XFD1048576)", "it takes more than 2000000 calculation steps"},
		{"a defined name", "Budget*2", `it uses the name "Budget": prio does not read the workbook's defined names`},
		{"an array constant", "SUM({1,2})", "it uses an array constant {…}, which prio does not calculate"},
		{"an intersection", "SUM(A1:A2 A1)", "it uses the intersection or union of ranges, which prio does not calculate"},
		{"a union", "SUM((A1,A2))", "it uses the intersection or union of ranges, which prio does not calculate"},
		{"another workbook", "[1]Blad1!A1", "it refers to another workbook, which prio does not read"},
		{"a range of sheets", "SUM(Blad1:Blad3!A1)", `it refers to a range of sheets ("Blad1:Blad3"), which prio does not calculate`},
		{"a table reference", "SUM(Tabell1[Kostnad])", `it uses a table reference ("Tabell1[Kostnad]"), which prio does not calculate`},
		{"a range ended by a function", "SUM(A1:INDEX(A1:A3,2))", `it builds a range with a function ("A1:INDEX"), which prio does not calculate`},
		{"too few arguments", "ROUND(1)", "it gives the function ROUND 1 arguments, which Excel does not accept"},
		{"too many arguments", "NOT(1,2)", "it gives the function NOT 2 arguments, which Excel does not accept"},
		{"SUMPRODUCT of an expression", "SUMPRODUCT((A1:A3>1)*A1:A3)", "it gives SUMPRODUCT a value that is not a range, which prio does not calculate"},
		{"a bracket not closed", "SUM(1", "it cannot be read as a formula: it ends too early"},
		{"an operator at the end", "1+", "it cannot be read as a formula: it ends too early"},
		{"a bracket too many", "SUM(1))", `it cannot be read as a formula: ")" is out of place`},
		{"an unknown sheet", "Saknas!A1+1", `it refers to the sheet "Saknas", which the workbook does not have`},
		{"nested 65 deep", deep, "it nests more than 64 levels deep, Excel's limit"},
		{"longer than Excel's formulas", "1" + strings.Repeat("+1", 4096), "it is longer than 8192 characters, Excel's limit for a formula"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tree, err := parseFormula(formulaSource{text: tc.formula})
			if err == nil {
				var v value
				v, err = newEvaluation(src, 0, 2, 9, Options{}, nil).evaluate(tree)
				if err == nil {
					t.Fatalf("=%s: %+v, want the error %q", clipFormula(tc.formula), v, tc.want)
				}
			}
			var fe *formulaError
			if !errors.As(err, &fe) || messages.Of(fe.why).String() != tc.want {
				t.Errorf("=%s: %v\nwant %s", clipFormula(tc.formula), err, tc.want)
			}
		})
	}
}

func TestSharedFormulaShift(t *testing.T) {
	// Excel's shared formulas: the other cells of the range take the first
	// cell's formula with its relative references moved by their offset.
	tests := []struct {
		text   string
		dr, dc int
		want   string
	}{
		{"D5*3", 1, 0, "=D6*3"},
		{"$D$5+D5", 1, 1, "=$D$5+E6"},
		{"D$5+$D5", 2, 3, "=G$5+$D7"},
		{"SUM(A:A)", 0, 1, "=SUM(B:B)"},
		{"SUM($2:3)", 4, 0, "=SUM($2:7)"},
		{"'Blad 2'!A1&\"x\"", 2, 0, "='Blad 2'!A3&\"x\""},
		{"A2", -2, 0, "=#REF!"},
	}
	for _, tc := range tests {
		if got := shownFormula(formulaSource{text: tc.text, dr: tc.dr, dc: tc.dc}); got != tc.want {
			t.Errorf("%s moved (%d, %d): %s, want %s", tc.text, tc.dr, tc.dc, got, tc.want)
		}
	}
	// A reference moved off the sheet is #REF!, as in Excel.
	tree, err := parseFormula(formulaSource{text: "A2+1", dr: -2})
	if err != nil {
		t.Fatal(err)
	}
	v, err := newEvaluation(newGridSource(t, nil), 0, 1, 1, Options{}, nil).evaluate(tree)
	if err != nil || v.kind != vError || v.text != "#REF!" {
		t.Errorf("A2+1 moved up 2: %+v, %v; want #REF!", v, err)
	}
}

func TestRoundDecimal(t *testing.T) {
	// By hand, on decimal digits: the float64 nearest to each x is taken
	// to 15 significant digits first.
	tests := []struct {
		x, digits float64
		mode      roundMode
		want      float64
	}{
		{0.125, 2, roundHalfAway, 0.13},
		{-0.125, 2, roundHalfAway, -0.13},
		{0.3000000000000000444, 1, roundHalfAway, 0.3},
		{99.99, 1, roundHalfAway, 100},
		{5, -1, roundHalfAway, 10},
		{4.9, -1, roundHalfAway, 0},
		{4.9, -1, roundAway, 10},
		{1e300, 2, roundHalfAway, 1e300},
		{123.456, 2.9, roundToward, 123.45}, // digits truncated to 2
		{1.5, 400, roundHalfAway, 1.5},
		{1.5, -400, roundHalfAway, 0},
	}
	for _, tc := range tests {
		if got := roundDecimal(tc.x, tc.digits, tc.mode); got != tc.want && !(math.IsNaN(got) && math.IsNaN(tc.want)) {
			t.Errorf("round(%v, %v, %d) = %v, want %v", tc.x, tc.digits, tc.mode, got, tc.want)
		}
	}
}

// FuzzFormula checks that reading and calculating any formula text never
// panics and ends within its bounds, with a value or a reason; and that a
// number it gives is finite.
func FuzzFormula(f *testing.F) {
	for _, s := range []string{
		"1+2*3", "-2^2", `IF(A1>0,"a""b",)`, "SUM(A1:B3,Indata!B2)", "'Indata'!B2*2%", "1e+5", "{1,2}", "A1:INDEX(B1:B2,1)",
		"Sheet1!#REF!", "_xlfn.CONCAT(A1:A3)", "SUM(", "1+", "SUM(A1))", "(A1,B1)", "A1 B1", "ROUND(2.675,2)",
		"DATE(2025,13,0)", `REPT("x",32767)&"y"`, "MID(A2,2,3)", "SUMPRODUCT(G1:G3,H1:H3)", "$A$1:B$2", "1:1", "A:A",
		"AND(B1:B2)", "--A1", "+-+1", "#N/A", "TRUE()", "LEN(TEXT(1))", "A1%%", "2^3^2^-1",
	} {
		f.Add(s, 0, 0)
		f.Add(s, 3, -2)
	}
	cells := newGridSource(f, gridCells)
	f.Fuzz(func(t *testing.T, text string, dr, dc int) {
		if dr < -maxRows || dr > maxRows || dc < -maxCols || dc > maxCols {
			return
		}
		src := formulaSource{text: text, dr: dr, dc: dc}
		_ = shownFormula(src)
		tree, err := parseFormula(src)
		if err != nil {
			var fe *formulaError
			if !errors.As(err, &fe) || messages.Of(fe.why).String() == "" {
				t.Fatalf("=%s: %v", text, err)
			}
			return
		}
		v, err := newEvaluation(cells, 0, 2, 9, Options{}, nil).evaluate(tree)
		if err == nil && v.kind == vNumber && (math.IsNaN(v.num) || math.IsInf(v.num, 0)) {
			t.Fatalf("=%s: %v", text, v.num)
		}
	})
}
