package importers

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
)

// Every expected value in this file is worked out by hand from the rule it
// tests; the comments show the arithmetic where there is any.

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		locale  string
		want    float64
		wantErr string
	}{
		// Swedish, the default.
		{name: "zero", in: "0", want: 0},
		{name: "minus zero is zero", in: "-0", want: 0},
		{name: "integer", in: "42", want: 42},
		{name: "trimmed", in: " \t42\u00a0 ", want: 42},
		{name: "plus sign", in: "+7", want: 7},
		{name: "space thousands", in: "102 100", want: 102100},
		{name: "space thousands decimal comma", in: "1 234,5", want: 1234.5},
		{name: "no-break space thousands", in: "1\u00a0234,5", want: 1234.5},
		{name: "thin space thousands", in: "1\u2009234\u2009567,25", want: 1234567.25},
		{name: "narrow no-break space thousands", in: "1\u202f234", want: 1234},
		{name: "decimal comma", in: "2,5", want: 2.5},
		{name: "hyphen minus", in: "-0,5", want: -0.5},
		{name: "minus sign", in: "−12", want: -12},
		{name: "single period is a decimal point", in: "1.5", want: 1.5},
		{name: "single period, three decimals", in: "1.234", want: 1.234},
		{name: "space thousands with period", in: "1 234.5", want: 1234.5},
		{name: "no integer part", in: ",5", want: 0.5},
		{name: "exponent with comma", in: "1,5E+03", want: 1500},  // 1.5 × 10³
		{name: "exponent with period", in: "1.5e3", want: 1500},   // 1.5 × 10³
		{name: "negative exponent", in: "2,5e-1", want: 0.25},     // 2.5 × 10⁻¹
		{name: "minus sign in exponent", in: "25e−2", want: 0.25}, // 25 × 10⁻²
		{name: "underflow is zero", in: "1e-400", want: 0},        // below the smallest float64
		{name: "many digits", in: "123456789012345678901234567890", want: 1.2345678901234568e29},
		{name: "period thousands", in: "1.234.567", wantErr: `"1.234.567" is not a number`},
		{name: "words", in: "ca 5", wantErr: `"ca 5" is not a number`},
		{name: "range", in: "5–10", wantErr: `"5–10" is not a number`},
		{name: "unit", in: "5 mnkr", wantErr: `"5 mnkr" is not a number`},
		{name: "English in Swedish", in: "1,234.5", wantErr: `"1,234.5" is not a number`},
		{name: "bad groups", in: "12 34", wantErr: `"12 34" is not a number`},
		{name: "short last group", in: "1 23", wantErr: `"1 23" is not a number`},
		{name: "long first group", in: "1234 567", wantErr: `"1234 567" is not a number`},
		{name: "two commas", in: "1,2,3", wantErr: `"1,2,3" is not a number`},
		{name: "trailing comma", in: "1,", wantErr: `"1," is not a number`},
		{name: "space after sign", in: "- 5", wantErr: `"- 5" is not a number`},
		{name: "trailing minus", in: "5-", wantErr: `"5-" is not a number`},
		{name: "space in decimals", in: "1 234,5 6", wantErr: `"1 234,5 6" is not a number`},
		{name: "NaN", in: "NaN", wantErr: `"NaN" is not a number`},
		{name: "Inf", in: "Inf", wantErr: `"Inf" is not a number`},
		{name: "Infinity", in: "-Infinity", wantErr: `"-Infinity" is not a number`},
		{name: "hexadecimal", in: "0x10", wantErr: `"0x10" is not a number`},
		{name: "underscores", in: "1_000", wantErr: `"1_000" is not a number`},
		{name: "empty exponent", in: "1e", wantErr: `"1e" is not a number`},
		{name: "exponent only", in: "e5", wantErr: `"e5" is not a number`},
		{name: "empty", in: "", wantErr: `"" is not a number`},
		{name: "sign only", in: "-", wantErr: `"-" is not a number`},
		{name: "overflow", in: "1e400", wantErr: `"1e400" is too large a number`},
		{name: "negative overflow", in: "-2e308", wantErr: `"-2e308" is too large a number`},

		// English.
		{name: "en comma thousands", in: "1,234.5", locale: "en", want: 1234.5},
		{name: "en space thousands", in: "1 234.5", locale: "en", want: 1234.5},
		{name: "en millions", in: "1,234,567", locale: "en", want: 1234567},
		{name: "en plain", in: "-0.5", locale: "en", want: -0.5},
		{name: "en exponent", in: "1.5e3", locale: "en", want: 1500},
		{name: "en decimal comma", in: "2,5", locale: "en", wantErr: `"2,5" is not a number`},
		{name: "en exponent with comma", in: "1,5E+03", locale: "en", wantErr: `"1,5E+03" is not a number`},
		{name: "en mixed separators", in: "1,234 567", locale: "en", wantErr: `"1,234 567" is not a number`},
		{name: "en two periods", in: "1.234.5", locale: "en", wantErr: `"1.234.5" is not a number`},
		{name: "en Swedish", in: "1 234,5", locale: "en", wantErr: `"1 234,5" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseNumber(tt.in, tt.locale)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("ParseNumber(%q) = %v, %v; want error %s", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseNumber(%q): %v", tt.in, err)
			}
			if got != tt.want || math.Signbit(got) != math.Signbit(tt.want) {
				t.Errorf("ParseNumber(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// Fields for the ReadValue cases.
var (
	textField    = &criteria.Field{Name: "agency", Type: portfolio.Text}
	numberField  = &criteria.Field{Name: "invest", Type: portfolio.Number, Unit: criteria.Units["mnkr"]}
	plainNumber  = &criteria.Field{Name: "count", Type: portfolio.Number}
	krField      = &criteria.Field{Name: "kr", Type: portfolio.Number, Unit: criteria.Units["kr"]}
	tkrField     = &criteria.Field{Name: "tkr", Type: portfolio.Number, Unit: criteria.Units["tkr"]}
	percentField = &criteria.Field{Name: "share", Type: portfolio.Percent}
	riskField    = &criteria.Field{Name: "risk_time", Type: portfolio.Scale, Levels: []string{"Låg", "Medel", "Hög"}}
	fiveField    = &criteria.Field{Name: "effects", Type: portfolio.Scale, Levels: []string{"1", "2", "3", "4", "5"}}
	reverseField = &criteria.Field{Name: "reverse", Type: portfolio.Scale, Levels: []string{"3", "2", "1"}}
	yesNoField   = &criteria.Field{Name: "plan", Type: portfolio.YesNo}
	blankNoField = &criteria.Field{Name: "reused", Type: portfolio.YesNo, BlankNo: true}
	dateField    = &criteria.Field{Name: "start", Type: portfolio.Date}
)

func text(s string) RawCell { return RawCell{Kind: CellText, Text: s} }
func num(s string) RawCell  { return RawCell{Kind: CellNumber, Text: s} }

func present(x float64) portfolio.Value { return portfolio.Value{Present: true, Num: x} }
func presentText(s string) portfolio.Value {
	return portfolio.Value{Present: true, Text: s}
}
func level(n float64, label string) portfolio.Value {
	return portfolio.Value{Present: true, Num: n, Text: label}
}
func yes(b bool) portfolio.Value { return portfolio.Value{Present: true, Bool: b} }
func day(y int, m time.Month, d int) portfolio.Value {
	return portfolio.Value{Present: true, Date: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

var missing = portfolio.Value{}

func TestReadValue(t *testing.T) {
	tkr := Column{Header: "Investeringsutgift (tkr)", Unit: criteria.Units["tkr"]}
	mnkr := Column{Header: "Investeringsutgift (MSEK)", Unit: criteria.Units["msek"]}
	kr := Column{Header: "Belopp (kr)", Unit: criteria.Units["kr"]}
	pct := Column{Header: "Avvikelse (%)", Percent: true}
	tests := []struct {
		name    string
		cell    RawCell
		field   *criteria.Field
		col     Column
		opts    Options
		want    portfolio.Value
		warning string
		wantErr string
	}{
		// Missing markers, in any field type.
		{name: "empty cell", cell: RawCell{}, field: numberField, want: missing},
		{name: "blank text", cell: text(" \u00a0\t"), field: textField, want: missing},
		{name: "hyphen", cell: text("-"), field: numberField, want: missing},
		{name: "en dash", cell: text("–"), field: numberField, want: missing},
		{name: "em dash", cell: text("—"), field: dateField, want: missing},
		{name: "question mark", cell: text("?"), field: riskField, want: missing},
		{name: "TBD", cell: text("TBD"), field: percentField, want: missing},
		{name: "tbd lower case", cell: text("tbd"), field: numberField, want: missing},
		{name: "n/a", cell: text("N/A"), field: yesNoField, want: missing},
		{name: "saknas in a text field", cell: text("Saknas"), field: textField, want: missing},
		{name: "uppgift saknas with odd spaces", cell: text(" Uppgift\u00a0\u2009 saknas "), field: textField, want: missing},
		{name: "ej beslutat", cell: text("EJ  BESLUTAT"), field: dateField, want: missing},
		{name: "tabbed hyphen", cell: text("\t-\t"), field: textField, want: missing},
		{name: "zero is zero", cell: text("0"), field: numberField, want: present(0)},
		{name: "zero text", cell: text("0"), field: textField, want: presentText("0")},

		// Excel error values.
		{name: "#REF!", cell: RawCell{Kind: CellError, Text: "#REF!"}, field: numberField, want: missing, warning: "#REF! read as missing"},
		{name: "#DIV/0! in text", cell: RawCell{Kind: CellError, Text: "#DIV/0!"}, field: textField, want: missing, warning: "#DIV/0! read as missing"},
		{name: "#N/A in yesno with blank no", cell: RawCell{Kind: CellError, Text: "#N/A"}, field: blankNoField, want: missing, warning: "#N/A read as missing"},

		// Text.
		{name: "text trimmed", cell: text(" \u202fFörsäkringskassan\u00a0\n"), field: textField, want: presentText("Försäkringskassan")},
		{name: "text inner spaces kept", cell: text("Ny  e-tjänst"), field: textField, want: presentText("Ny  e-tjänst")},
		{name: "numeric cell in text", cell: num("12"), field: textField, want: presentText("12")},
		{name: "numeric cell 12.0 in text", cell: num("12.0"), field: textField, want: presentText("12")},
		{name: "numeric fraction in text", cell: num("45000.5"), field: textField, want: presentText("45000.5")},
		{name: "numeric exponent in text", cell: num("1.5E-3"), field: textField, want: presentText("0.0015")},
		{name: "bool cell in text", cell: RawCell{Kind: CellBool, Text: "1"}, field: textField, want: presentText("TRUE")},

		// Numbers.
		{name: "Swedish number", cell: text("1 234,5"), field: plainNumber, want: present(1234.5)},
		{name: "English number", cell: text("1,234.5"), field: plainNumber, opts: Options{Locale: "en"}, want: present(1234.5)},
		{name: "English locale refuses decimal comma", cell: text("2,5"), field: plainNumber, opts: Options{Locale: "en"}, wantErr: `"2,5" is not a number`},
		{name: "not a number", cell: text("ca 5"), field: numberField, wantErr: `"ca 5" is not a number`},
		{name: "percentage in a number field", cell: text("25 %"), field: numberField, wantErr: `"25 %" is a percentage, not a number`},
		{name: "percentage without space", cell: text("25%"), field: plainNumber, wantErr: `"25%" is a percentage, not a number`},
		{name: "NaN text", cell: text("NaN"), field: plainNumber, wantErr: `"NaN" is not a number`},
		{name: "overflow", cell: text("1e400"), field: plainNumber, wantErr: `"1e400" is too large a number`},
		{name: "numeric cell", cell: num("45000.5"), field: plainNumber, want: present(45000.5)},
		{name: "numeric minus zero", cell: num("-0"), field: plainNumber, want: present(0)},
		{name: "numeric cell text is not Swedish", cell: num("1,5"), field: plainNumber, wantErr: `"1,5" is not a number`},
		{name: "bool cell in number", cell: RawCell{Kind: CellBool, Text: "1"}, field: plainNumber, wantErr: `"TRUE" is not a number`},
		{name: "long text is shortened", cell: text("Beloppet redovisas i bilaga 3 till ansökan, se avsnitt 4.2 och 4.3"), field: plainNumber,
			// The first 59 characters, then "…" (the space before it dropped).
			wantErr: `"Beloppet redovisas i bilaga 3 till ansökan, se avsnitt 4.2…" is not a number`},

		// Units: value × hint / field unit, as a shift of the decimal point.
		{name: "tkr to mnkr", cell: text("102 100"), field: numberField, col: tkr, want: present(102.1)},                // 102100 / 1000
		{name: "tkr to mnkr with decimals", cell: text("2 500,5"), field: numberField, col: tkr, want: present(2.5005)}, // 2500.5 / 1000
		{name: "small tkr to mnkr", cell: text("0,1"), field: numberField, col: tkr, want: present(0.0001)},             // 0.1 / 1000
		{name: "numeric tkr to mnkr", cell: num("45000.5"), field: numberField, col: tkr, want: present(45.0005)},       // 45000.5 / 1000
		{name: "MSEK is mnkr", cell: text("7,5"), field: numberField, col: mnkr, want: present(7.5)},
		{name: "mnkr to kr", cell: text("1,5"), field: krField, col: mnkr, want: present(1500000)}, // 1.5 × 10⁶
		{name: "mnkr to tkr", cell: text("0,25"), field: tkrField, col: mnkr, want: present(250)},  // 0.25 × 1000
		{name: "kr to tkr", cell: text("1 500"), field: tkrField, col: kr, want: present(1.5)},     // 1500 / 1000
		{name: "no hint, no conversion", cell: text("102 100"), field: numberField, want: present(102100)},
		{name: "no field unit, no conversion", cell: text("5"), field: plainNumber, col: tkr, want: present(5)},
		{name: "conversion overflow", cell: text("1e306"), field: krField, col: mnkr, wantErr: `"1e306" is too large a number`}, // 10^312
		{name: "percent hint ignored by number field", cell: text("15,31"), field: plainNumber, col: pct, want: present(15.31)},

		// Percentages, as shares.
		{name: "percent with space", cell: text("25 %"), field: percentField, want: present(0.25)},
		{name: "percent without space", cell: text("25%"), field: percentField, want: present(0.25)},
		{name: "percent with no-break space", cell: text("25\u00a0%"), field: percentField, want: present(0.25)},
		{name: "percent with decimals", cell: text("90,16 %"), field: percentField, want: present(0.9016)},
		{name: "negative percent", cell: text("-55,16 %"), field: percentField, want: present(-0.5516)},
		{name: "zero percent", cell: text("0 %"), field: percentField, want: present(0)},
		{name: "percent sign under a (%) header", cell: text("25 %"), field: percentField, col: pct, want: present(0.25)},
		{name: "plain share", cell: text("0,25"), field: percentField, want: present(0.25)},
		{name: "plain share above one", cell: text("1,5"), field: percentField, want: present(1.5)},
		{name: "percentage points under (%)", cell: text("15,31"), field: percentField, col: pct, want: present(0.1531)}, // 15.31 / 100
		{name: "numeric share", cell: num("0.25"), field: percentField, want: present(0.25)},
		{name: "numeric points under (%)", cell: num("15.31"), field: percentField, col: pct, want: present(0.1531)}, // 15.31 / 100
		// A workbook cell in a percent format holds a share, whatever the header says.
		{name: "percent-formatted share", cell: RawCell{Kind: CellNumber, Text: "0.25", Percent: true}, field: percentField, want: present(0.25)},
		{name: "percent-formatted share under (%)", cell: RawCell{Kind: CellNumber, Text: "0.25", Percent: true}, field: percentField, col: pct, want: present(0.25)},
		{name: "percent-formatted 150 % under (%)", cell: RawCell{Kind: CellNumber, Text: "1.5", Percent: true}, field: percentField, col: pct, want: present(1.5)},
		{name: "percent-formatted number in a number field", cell: RawCell{Kind: CellNumber, Text: "0.25", Percent: true}, field: plainNumber, want: present(0.25)},
		{name: "English percent", cell: text("12.5 %"), field: percentField, opts: Options{Locale: "en"}, want: present(0.125)},
		{name: "not a percentage", cell: text("hälften"), field: percentField, wantErr: `"hälften" is not a percentage`},
		{name: "percent sign alone", cell: text("%"), field: percentField, wantErr: `"%" is not a percentage`},
		{name: "words before percent sign", cell: text("ca 25 %"), field: percentField, wantErr: `"ca 25 %" is not a percentage`},

		// Scales.
		{name: "level label", cell: text("Medel"), field: riskField, want: level(2, "Medel")},
		{name: "level odd case and spaces", cell: text(" hÖG "), field: riskField, want: level(3, "Hög")},
		{name: "level with inner spaces", cell: text("M e\u00a0del"), field: riskField, want: level(2, "Medel")},
		{name: "level position", cell: text("1"), field: riskField, want: level(1, "Låg")},
		{name: "numeric level position", cell: num("3"), field: riskField, want: level(3, "Hög")},
		{name: "numeric level position 3.0", cell: num("3.0"), field: riskField, want: level(3, "Hög")},
		{name: "numeric label", cell: num("4"), field: fiveField, want: level(4, "4")},
		{name: "labels win over positions", cell: text("1"), field: reverseField, want: level(3, "1")}, // "1" is the third label
		{name: "position out of range", cell: text("4"), field: riskField, wantErr: `"4" is not a level of risk_time (Låg, Medel, Hög)`},
		{name: "position zero", cell: text("0"), field: riskField, wantErr: `"0" is not a level of risk_time (Låg, Medel, Hög)`},
		{name: "position not an integer", cell: text("2,0"), field: riskField, wantErr: `"2,0" is not a level of risk_time (Låg, Medel, Hög)`},
		{name: "numeric fraction", cell: num("2.5"), field: riskField, wantErr: `"2.5" is not a level of risk_time (Låg, Medel, Hög)`},
		{name: "unknown level", cell: text("Mycket hög"), field: riskField, wantErr: `"Mycket hög" is not a level of risk_time (Låg, Medel, Hög)`},

		// Yes and no.
		{name: "Ja", cell: text("Ja"), field: yesNoField, want: yes(true)},
		{name: "nej", cell: text("nej"), field: yesNoField, want: yes(false)},
		{name: "YES", cell: text("YES"), field: yesNoField, want: yes(true)},
		{name: "No", cell: text("No"), field: yesNoField, want: yes(false)},
		{name: "J", cell: text("J"), field: yesNoField, want: yes(true)},
		{name: "n", cell: text("n"), field: yesNoField, want: yes(false)},
		{name: "Y", cell: text("Y"), field: yesNoField, want: yes(true)},
		{name: "N", cell: text("N"), field: yesNoField, want: yes(false)},
		{name: "X", cell: text("X"), field: yesNoField, want: yes(true)},
		{name: "x", cell: text(" x "), field: yesNoField, want: yes(true)},
		{name: "1 text", cell: text("1"), field: yesNoField, want: yes(true)},
		{name: "0 text", cell: text("0"), field: yesNoField, want: yes(false)},
		{name: "Sant", cell: text("Sant"), field: yesNoField, want: yes(true)},
		{name: "FALSKT", cell: text("FALSKT"), field: yesNoField, want: yes(false)},
		{name: "TRUE", cell: text("TRUE"), field: yesNoField, want: yes(true)},
		{name: "false", cell: text("false"), field: yesNoField, want: yes(false)},
		{name: "Sann", cell: text("Sann"), field: yesNoField, want: yes(true)},
		{name: "Falsk", cell: text("Falsk"), field: yesNoField, want: yes(false)},
		{name: "bool cell true", cell: RawCell{Kind: CellBool, Text: "1"}, field: yesNoField, want: yes(true)},
		{name: "bool cell false", cell: RawCell{Kind: CellBool, Text: "0"}, field: yesNoField, want: yes(false)},
		{name: "numeric 1", cell: num("1"), field: yesNoField, want: yes(true)},
		{name: "numeric 0", cell: num("0"), field: yesNoField, want: yes(false)},
		{name: "numeric 2", cell: num("2"), field: yesNoField, wantErr: `"2" is not yes or no (use Ja or Nej)`},
		{name: "maybe", cell: text("kanske"), field: yesNoField, wantErr: `"kanske" is not yes or no (use Ja or Nej)`},
		{name: "empty is missing", cell: RawCell{}, field: yesNoField, want: missing},
		{name: "empty is no with blank no", cell: RawCell{}, field: blankNoField, want: yes(false)},
		{name: "white space is no with blank no", cell: text("  "), field: blankNoField, want: yes(false)},
		{name: "placeholder stays missing with blank no", cell: text("-"), field: blankNoField, want: missing},
		{name: "saknas stays missing with blank no", cell: text("saknas"), field: blankNoField, want: missing},

		// Dates.
		{name: "ISO date", cell: text("2025-03-31"), field: dateField, want: day(2025, 3, 31)},
		{name: "leap day", cell: text("2024-02-29"), field: dateField, want: day(2024, 2, 29)},
		{name: "month", cell: text("2025-03"), field: dateField, want: day(2025, 3, 1)},
		{name: "quarter", cell: text("Q3 2025"), field: dateField, want: day(2025, 7, 1)},
		{name: "quarter lower case", cell: text("q3 2025"), field: dateField, want: day(2025, 7, 1)},
		{name: "kvartal", cell: text("kv3 2025"), field: dateField, want: day(2025, 7, 1)},
		{name: "kvartal with space", cell: text("Kv 3 2025"), field: dateField, want: day(2025, 7, 1)},
		{name: "fourth quarter", cell: text("KV4 2024"), field: dateField, want: day(2024, 10, 1)},
		{name: "first quarter", cell: text("Q1 2026"), field: dateField, want: day(2026, 1, 1)},
		{name: "date with midnight", cell: text("2025-03-31 00:00:00"), field: dateField, want: day(2025, 3, 31)},
		{name: "date with T and time", cell: text("2025-03-31T12:30:00"), field: dateField, want: day(2025, 3, 31)},
		{name: "date with short time", cell: text("2025-03-31 08:15"), field: dateField, want: day(2025, 3, 31)},
		{name: "slashes", cell: text("31/3/2025"), field: dateField, wantErr: `"31/3/2025" is not a date (use 2025-03-31, 2025-03 or Q3 2025)`},
		{name: "single-digit month", cell: text("2025-3-31"), field: dateField, wantErr: `"2025-3-31" is not a date (use 2025-03-31, 2025-03 or Q3 2025)`},
		{name: "fifth quarter", cell: text("Q5 2025"), field: dateField, wantErr: `"Q5 2025" is not a date (use 2025-03-31, 2025-03 or Q3 2025)`},
		{name: "bad time", cell: text("2025-03-31 25:00"), field: dateField, wantErr: `"2025-03-31 25:00" is not a date (use 2025-03-31, 2025-03 or Q3 2025)`},
		{name: "30 February", cell: text("2025-02-30"), field: dateField, wantErr: `"2025-02-30" is not a day in the calendar`},
		{name: "29 February 2025", cell: text("2025-02-29"), field: dateField, wantErr: `"2025-02-29" is not a day in the calendar`},
		{name: "month 13", cell: text("2025-13"), field: dateField, wantErr: `"2025-13" is not a day in the calendar`},
		{name: "month 0", cell: text("2025-00-10"), field: dateField, wantErr: `"2025-00-10" is not a day in the calendar`},
		{name: "year 0", cell: text("0000-01-01"), field: dateField, wantErr: `"0000-01-01" is not a date between 1900 and 9999`},
		{name: "year 1", cell: text("0001-01"), field: dateField, wantErr: `"0001-01" is not a date between 1900 and 9999`},
		{name: "before 1900", cell: text("1899-12-31"), field: dateField, wantErr: `"1899-12-31" is not a date between 1900 and 9999`},
		{name: "quarter before 1900", cell: text("Q4 1899"), field: dateField, wantErr: `"Q4 1899" is not a date between 1900 and 9999`},
		{name: "first day of 1900", cell: text("1900-01-01"), field: dateField, want: day(1900, 1, 1)},
		{name: "last day of 9999", cell: text("9999-12-31"), field: dateField, want: day(9999, 12, 31)},

		// Excel serials. 2024-01-01 is serial 45292 (published in Excel's
		// documentation of DATEVALUE); 2024 has 366 days, so 2025-01-01 is
		// 45658, and 2025-03-31 is day 90 of 2025: 45658 + 89 = 45747.
		{name: "serial", cell: num("45747"), field: dateField, want: day(2025, 3, 31)},
		{name: "serial with time of day", cell: num("45747.75"), field: dateField, want: day(2025, 3, 31)},
		{name: "serial 1", cell: num("1"), field: dateField, want: day(1900, 1, 1)},
		{name: "serial 59", cell: num("59"), field: dateField, want: day(1900, 2, 28)},
		{name: "serial 61", cell: num("61"), field: dateField, want: day(1900, 3, 1)},
		{name: "last serial", cell: num("2958465"), field: dateField, want: day(9999, 12, 31)},
		{name: "serial 60", cell: num("60"), field: dateField, wantErr: `"60" is not a date: it is Excel's 1900-02-29, a day that did not exist`},
		{name: "serial 0", cell: num("0"), field: dateField, wantErr: `"0" is not a date: Excel date serials run from 1 to 2958465`},
		{name: "negative serial", cell: num("-1"), field: dateField, wantErr: `"-1" is not a date: Excel date serials run from 1 to 2958465`},
		{name: "serial too large", cell: num("2958466"), field: dateField, wantErr: `"2958466" is not a date: Excel date serials run from 1 to 2958465`},
		// The 1904 system counts from 1904-01-01, which is serial 1462 in the
		// 1900 system: 45747 − 1462 = 44285.
		{name: "1904 serial", cell: num("44285"), field: dateField, opts: Options{Date1904: true}, want: day(2025, 3, 31)},
		{name: "1904 serial 0", cell: num("0"), field: dateField, opts: Options{Date1904: true}, want: day(1904, 1, 1)},
		{name: "1904 negative", cell: num("-1"), field: dateField, opts: Options{Date1904: true}, wantErr: `"-1" is not a date: Excel date serials (1904 system) run from 0 to 2957003`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warning, err := ReadValue(tt.cell, tt.field, tt.col, tt.opts)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("ReadValue(%+v) = %+v, %v; want error %s", tt.cell, got, err, tt.wantErr)
				}
				if got.Present {
					t.Errorf("a value with an error is present: %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadValue(%+v): %v", tt.cell, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ReadValue(%+v) (-want +got):\n%s", tt.cell, diff)
			}
			if math.Signbit(got.Num) {
				if got.Num == 0 {
					t.Errorf("ReadValue(%+v) gave -0", tt.cell)
				}
			}
			gotWarning := ""
			if warning != nil {
				gotWarning = messages.Of(warning).String()
			}
			if gotWarning != tt.warning {
				t.Errorf("warning = %q, want %q", gotWarning, tt.warning)
			}
		})
	}
}
