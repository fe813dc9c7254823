package importers

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
)

// CellKind is how a spreadsheet stored a cell, whatever the file format.
type CellKind uint8

// The kinds of raw cell. A CSV reader gives only CellEmpty and CellText; a
// workbook reader gives all of them.
const (
	CellEmpty  CellKind = iota // nothing, or only white space
	CellText                   // text as written
	CellNumber                 // a number stored as a number; Text is its raw form, like "45000.5" or "1.5E-3"
	CellBool                   // a TRUE/FALSE cell; Text is "1" or "0"
	CellError                  // an error value; Text is its code, like "#REF!"
)

// RawCell is one cell as the file holds it, before any field rule applies.
type RawCell struct {
	Kind CellKind
	Text string
	// Percent marks a numeric cell whose number format shows it as a
	// percentage: its number is already a share (0.25 is shown as 25 %),
	// whatever the column's header says. Only a workbook reader sets it.
	Percent bool
}

// Column is what the header says about a column.
type Column struct {
	Header  string        // the header text as found
	Unit    criteria.Unit // unit hint from the header, zero if none
	Percent bool          // the header had a "(%)" hint
}

// Options tell the importers how to read cells and files.
type Options struct {
	// Locale of numbers written as text: "sv" (the default when empty) or
	// "en".
	Locale string
	// Sheet names the workbook sheet to read; CSV files ignore it.
	Sheet string
	// Date1904 is set by a workbook reader for a workbook in Excel's 1904
	// date system; CSV files never use it.
	Date1904 bool
}

// Locales of numbers written as text.
const (
	LocaleSV = "sv"
	LocaleEN = "en"
)

// ReadValue turns a raw cell into the value of field f found in column col.
// It returns the value (Present false when the cell is missing), an optional
// warning such as "#REF! read as missing", or an error message. Neither
// message has a position: the caller adds it. The returned value has no Cell.
//
// The rules are those of the portfolio workbook format (FORMATS.md §1 "Field
// types" and §2): missing markers in any field, Swedish or English numbers,
// unit hints, percentages, scale levels, yes/no words, dates and Excel date
// serials. A present value is never NaN or ±Inf.
func ReadValue(c RawCell, f *criteria.Field, col Column, opts Options) (v portfolio.Value, warning any, err error) {
	switch c.Kind {
	case CellError:
		code := trimSpace(c.Text)
		if code == "" {
			return portfolio.Value{}, messages.M("an error value read as missing"), nil
		}
		return portfolio.Value{}, messages.M("%s read as missing", code), nil
	case CellEmpty:
		return blankValue(f), nil, nil
	case CellBool:
		if f.Type == portfolio.YesNo {
			switch trimSpace(c.Text) {
			case "1":
				return portfolio.Value{Present: true, Bool: true}, nil, nil
			case "0":
				return portfolio.Value{Present: true}, nil, nil
			}
		}
		// Elsewhere a TRUE/FALSE cell is read as the text Excel shows.
		c = RawCell{Kind: CellText, Text: boolText(c.Text)}
	}
	text := trimSpace(c.Text)
	if text == "" {
		return blankValue(f), nil, nil
	}
	if isMissingMarker(text) {
		return portfolio.Value{}, nil, nil
	}
	numeric := c.Kind == CellNumber
	switch f.Type {
	case portfolio.Text:
		if numeric {
			if d, ok := parseRawNumber(text); ok {
				if x, err := d.float(0); err == nil {
					text = strconv.FormatFloat(x, 'f', -1, 64)
				}
			}
		}
		return portfolio.Value{Present: true, Text: text}, nil, nil
	case portfolio.Number:
		return readNumber(c, f, col, opts)
	case portfolio.Percent:
		x, err := readPercent(text, numeric, c.Percent, col, opts)
		if err != nil {
			return portfolio.Value{}, nil, err
		}
		return portfolio.Value{Present: true, Num: x}, nil, nil
	case portfolio.Scale:
		return readScale(text, numeric, f)
	case portfolio.YesNo:
		return readYesNo(text, numeric)
	case portfolio.Date:
		t, err := readDate(text, numeric, opts)
		if err != nil {
			return portfolio.Value{}, nil, err
		}
		return portfolio.Value{Present: true, Date: t}, nil, nil
	}
	return portfolio.Value{}, nil, messages.Errorf("field %s has no type the importers know", f.Name)
}

// blankValue is the value of an empty cell: missing, or "no" for a yes/no
// field with blank: "no".
func blankValue(f *criteria.Field) portfolio.Value {
	if f.Type == portfolio.YesNo && f.BlankNo {
		return portfolio.Value{Present: true, Bool: false}
	}
	return portfolio.Value{}
}

func boolText(s string) string {
	switch trimSpace(s) {
	case "1":
		return "TRUE"
	case "0":
		return "FALSE"
	}
	return s
}

// isSpace is true for the white space found in spreadsheets: ordinary space,
// tab, line breaks, no-break space (U+00A0), thin space (U+2009), narrow
// no-break space (U+202F), figure space (U+2007), zero-width space and a
// stray byte-order mark. It is the set criteria.FoldLabel removes.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\u00a0', '\u2009', '\u202f', '\u2007', '\u200b', '\ufeff':
		return true
	}
	return false
}

// isGroupSpace is true for the spaces that may separate thousands.
func isGroupSpace(r rune) bool {
	switch r {
	case ' ', '\u00a0', '\u2009', '\u202f':
		return true
	}
	return false
}

func trimSpace(s string) string { return strings.TrimFunc(s, isSpace) }

// foldSpaces trims s and turns every run of white space into one space.
func foldSpaces(s string) string {
	s = trimSpace(s)
	simple := true
	for i := 0; i < len(s); i++ {
		if b := s[i]; b >= utf8.RuneSelf || b == '\t' || b == '\n' || b == '\r' || b == ' ' && i+1 < len(s) && s[i+1] == ' ' {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// missingMarkers are the placeholders that mean "no value", compared
// without regard to case after folding runs of white space to one space.
var missingMarkers = []string{"-", "–", "—", "?", "TBD", "n/a", "saknas", "uppgift saknas", "ej beslutat"}

// markerStart marks the ASCII characters a missing marker starts with, in
// either case.
var markerStart = func() (starts [utf8.RuneSelf]bool) {
	for _, m := range missingMarkers {
		if c := m[0]; c < utf8.RuneSelf {
			starts[c] = true
			starts[unicode.ToUpper(rune(c))] = true
			starts[unicode.ToLower(rune(c))] = true
		}
	}
	return starts
}()

// isMissingMarker reports whether the trimmed, non-empty cell text s is a
// placeholder for a missing value.
func isMissingMarker(s string) bool {
	if len(s) > 40 || len(s) == 0 {
		return false
	}
	if c := s[0]; c < utf8.RuneSelf && !markerStart[c] {
		// Most cells, numbers among them: no marker starts with what
		// they start with, nor with a letter that folds to it (only
		// non-ASCII letters fold to ASCII ones: ſ to s, K to k).
		return false
	}
	if strings.ContainsFunc(s, isSpace) {
		// Only "uppgift saknas" and "ej beslutat" have a space inside.
		if c := s[0] | 0x20; c != 'u' && c != 'e' {
			return false
		}
		s = foldSpaces(s)
	}
	for _, m := range missingMarkers {
		if strings.EqualFold(s, m) {
			return true
		}
	}
	return false
}

// quote returns s quoted for a message, shortened when it is long.
func quote(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) > max {
		n := 0
		for i := range s {
			if n == max-1 {
				s = strings.TrimRightFunc(s[:i], isSpace) + "…"
				break
			}
			n++
		}
	}
	return strconv.Quote(s)
}

// decimal is a number read from text, kept as decimal digits so that a power
// of ten (a unit or a percentage) can be applied before rounding to float64.
type decimal struct {
	neg    bool
	digits string // ASCII digits with at most one '.'
	exp    int    // power of ten
}

// sign is "-" for a negative decimal, else "".
func (d decimal) sign() string {
	if d.neg {
		return "-"
	}
	return ""
}

// maxExp bounds the exponents kept: far beyond what float64 holds, so
// ParseFloat still decides overflow and underflow.
const maxExp = 1_000_000

// float returns the float64 nearest to the decimal times 10^shift. It fails
// when the result overflows; it never returns NaN, ±Inf or -0.
func (d decimal) float(shift int) (float64, error) {
	x, err := strconv.ParseFloat(d.sign()+d.digits+"e"+strconv.Itoa(d.exp+shift), 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, errTooLarge
	}
	if x == 0 {
		x = 0 // no -0
	}
	return x, nil
}

var errTooLarge = errors.New("too large") // not a message: callers say which text is too large

// ParseNumber reads a number written as text. Locale "en" reads English
// numbers ("1,234.5", "1 234.5"); any other locale reads Swedish ones
// ("1 234,5", "-0,5", "−12"; a single period with no comma is also a decimal
// point). Spaces, no-break spaces, thin spaces and narrow no-break spaces
// separate thousands in both (groups of exactly three digits after a first
// group of one to three), and an exponent ("1,5E+03", "1.5e3") is accepted.
// Anything else, including "NaN" and "Inf", is an error, and so is a number
// too large for float64. The result is never -0.
func ParseNumber(s string, locale string) (float64, error) {
	text := trimSpace(s)
	d, ok := parseDecimal(text, locale)
	if !ok {
		return 0, messages.Errorf("%s is not a number", quote(text))
	}
	x, err := d.float(0)
	if err != nil {
		return 0, messages.Errorf("%s is too large a number", quote(text))
	}
	return x, nil
}

// parseDecimal parses trimmed number text in the locale's notation.
func parseDecimal(s, locale string) (decimal, bool) {
	var d decimal
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "+"):
		d.neg = s[0] == '-'
		s = s[1:]
	case strings.HasPrefix(s, "−"):
		d.neg = true
		s = s[len("−"):]
	}
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, ok := parseExponent(s[i+1:])
		if !ok {
			return d, false
		}
		d.exp = e
		s = s[:i]
	}
	var dec byte
	var groupComma bool
	if locale == LocaleEN {
		dec = '.'
		groupComma = true
	} else {
		commas, periods := strings.Count(s, ","), strings.Count(s, ".")
		switch {
		case commas > 0 && periods > 0, commas > 1, periods > 1:
			return d, false
		case periods == 1:
			dec = '.'
		default:
			dec = ','
		}
	}
	intPart, frac := s, ""
	hasDec := false
	if i := strings.IndexByte(s, dec); i >= 0 {
		intPart, frac, hasDec = s[:i], s[i+1:], true
		if strings.IndexByte(frac, dec) >= 0 || !allDigits(frac) || frac == "" {
			return d, false
		}
	}
	digits, ok := groupedDigits(intPart, groupComma)
	if !ok || digits == "" && !hasDec {
		return d, false
	}
	if digits == "" {
		digits = "0"
	}
	switch {
	case hasDec && dec == '.' && len(digits) == len(intPart) && intPart != "":
		// The digits are the text as written, as in every number a
		// workbook stores: no new string.
		digits = s
	case hasDec:
		digits += "." + frac
	}
	d.digits = digits
	return d, true
}

// parseExponent reads the digits after an "e": an optional sign and at least
// one ASCII digit.
func parseExponent(s string) (int, bool) {
	neg := false
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "+"):
		neg = s[0] == '-'
		s = s[1:]
	case strings.HasPrefix(s, "−"):
		neg = true
		s = s[len("−"):]
	}
	if s == "" || !allDigits(s) {
		return 0, false
	}
	e := 0
	for i := 0; i < len(s); i++ {
		e = e*10 + int(s[i]-'0')
		if e > maxExp {
			e = maxExp
			break
		}
	}
	if neg {
		e = -e
	}
	return e, true
}

// groupedDigits returns the digits of an integer part that may separate
// thousands with spaces or, when comma is true, with commas (one kind only).
func groupedDigits(s string, comma bool) (string, bool) {
	if allDigits(s) {
		return s, true
	}
	var b strings.Builder
	group := 0   // digits in the current group
	groups := 0  // groups before the current one
	var sep rune // the separator in use: ',' or ' ' for any space
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			group++
			continue
		case isGroupSpace(r):
			r = ' '
		case r == ',' && comma:
		default:
			return "", false
		}
		if sep != 0 && r != sep {
			return "", false
		}
		sep = r
		if groups == 0 && (group < 1 || group > 3) || groups > 0 && group != 3 {
			return "", false
		}
		groups++
		group = 0
	}
	if groups > 0 && group != 3 {
		return "", false
	}
	return b.String(), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseRawNumber reads the number text of a numeric cell, as a workbook
// stores it: ASCII digits, an optional minus sign, a period and an exponent.
func parseRawNumber(s string) (decimal, bool) {
	if s == "" || strings.ContainsAny(s, ", \u00a0\u2009\u202f−") {
		return decimal{}, false
	}
	return parseDecimal(s, LocaleEN)
}

// unitShift returns the power of ten that converts a value in the column's
// unit to the field's: +3 from tkr to kr, -3 from tkr to mnkr, 0 when either
// has no unit. The units of criteria.Units are all powers of ten, so the
// conversion is a shift of the decimal point, applied before rounding: 102100
// tkr is the float64 nearest to 102.1 mnkr.
func unitShift(field, hint criteria.Unit) int {
	if field.Factor <= 0 || hint.Factor <= 0 {
		return 0
	}
	return int(math.Round(math.Log10(hint.Factor) - math.Log10(field.Factor)))
}

// numberCell reads a cell of a number field as a decimal and the power of ten
// its unit hint adds. ok is false when the cell is missing.
func numberCell(c RawCell, f *criteria.Field, col Column, opts Options) (d decimal, shift int, ok bool, warning any, err error) {
	switch c.Kind {
	case CellError:
		_, warning, _ = ReadValue(c, f, col, opts)
		return d, 0, false, warning, nil
	case CellBool:
		c = RawCell{Kind: CellText, Text: boolText(c.Text)}
	}
	text := trimSpace(c.Text)
	if c.Kind == CellEmpty || text == "" || isMissingMarker(text) {
		return d, 0, false, nil, nil
	}
	if c.Kind == CellNumber {
		d, ok = parseRawNumber(text)
	} else {
		if strings.HasSuffix(text, "%") {
			return d, 0, false, nil, messages.Errorf("%s is a percentage, not a number", quote(text))
		}
		d, ok = parseDecimal(text, opts.Locale)
	}
	if !ok {
		return d, 0, false, nil, messages.Errorf("%s is not a number", quote(text))
	}
	return d, unitShift(f.Unit, col.Unit), true, nil, nil
}

// readNumber reads the value of a number field.
func readNumber(c RawCell, f *criteria.Field, col Column, opts Options) (portfolio.Value, any, error) {
	d, shift, ok, warning, err := numberCell(c, f, col, opts)
	if err != nil || !ok {
		return portfolio.Value{}, warning, err
	}
	x, err := d.float(shift)
	if err != nil {
		return portfolio.Value{}, nil, messages.Errorf("%s is too large a number", quote(trimSpace(c.Text)))
	}
	return portfolio.Value{Present: true, Num: x}, nil, nil
}

// readPercent reads the value of a percent field as a share: "25 %" is 0.25;
// a plain number is a share, or percentage points under a "(%)" header. A
// numeric cell with a percent number format (percentFormat) holds a share
// even under a "(%)" header: Excel shows 0.25 as 25 %.
func readPercent(text string, numeric, percentFormat bool, col Column, opts Options) (float64, error) {
	var d decimal
	var ok bool
	shift := 0
	switch {
	case numeric:
		d, ok = parseRawNumber(text)
		if col.Percent && !percentFormat {
			shift = -2
		}
	case strings.HasSuffix(text, "%"):
		d, ok = parseDecimal(trimSpace(strings.TrimSuffix(text, "%")), opts.Locale)
		shift = -2
	default:
		d, ok = parseDecimal(text, opts.Locale)
		if col.Percent {
			shift = -2
		}
	}
	if !ok {
		return 0, messages.Errorf("%s is not a percentage", quote(text))
	}
	x, err := d.float(shift)
	if err != nil {
		return 0, messages.Errorf("%s is too large a number", quote(text))
	}
	return x, nil
}

// readScale matches a level label, or else a position written as an integer.
func readScale(text string, numeric bool, f *criteria.Field) (portfolio.Value, any, error) {
	label := text
	if numeric {
		// A numeric cell 3 is the label "3" when the levels are "1".."5".
		if d, ok := parseRawNumber(text); ok {
			if x, err := d.float(0); err == nil {
				label = strconv.FormatFloat(x, 'f', -1, 64)
			}
		}
	}
	for i, l := range f.Levels {
		if strings.EqualFold(label, l) {
			return portfolio.Value{Present: true, Num: float64(i + 1), Text: l}, nil, nil
		}
	}
	folded := criteria.FoldLabel(label)
	for i, l := range f.Levels {
		if criteria.FoldLabel(l) == folded {
			return portfolio.Value{Present: true, Num: float64(i + 1), Text: l}, nil, nil
		}
	}
	if allDigits(label) && len(label) <= 6 {
		n, _ := strconv.Atoi(label)
		if n >= 1 && n <= len(f.Levels) {
			return portfolio.Value{Present: true, Num: float64(n), Text: f.Levels[n-1]}, nil, nil
		}
	}
	return portfolio.Value{}, nil, messages.Errorf("%s is not a level of %s (%s)", quote(text), f.Name, strings.Join(f.Levels, ", "))
}

var (
	yesWords = map[string]bool{"ja": true, "yes": true, "j": true, "y": true, "x": true, "1": true, "sant": true, "sann": true, "true": true}
	noWords  = map[string]bool{"nej": true, "no": true, "n": true, "0": true, "falskt": true, "falsk": true, "false": true}
)

// readYesNo reads Ja/Nej and its many spellings.
func readYesNo(text string, numeric bool) (portfolio.Value, any, error) {
	if numeric {
		if d, ok := parseRawNumber(text); ok {
			if x, err := d.float(0); err == nil && (x == 0 || x == 1) {
				return portfolio.Value{Present: true, Bool: x == 1}, nil, nil
			}
		}
	} else if len(text) <= 16 {
		// ASCII text, nearly every cell, is lower-cased on the stack: not
		// a string for each of a column's cells.
		var buf [16]byte
		w, ascii := buf[:len(text)], true
		for i := 0; i < len(text) && ascii; i++ {
			c := text[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			w[i], ascii = c, c < utf8.RuneSelf
		}
		if !ascii {
			w = []byte(strings.ToLower(text))
		}
		switch {
		case yesWords[string(w)]:
			return portfolio.Value{Present: true, Bool: true}, nil, nil
		case noWords[string(w)]:
			return portfolio.Value{Present: true}, nil, nil
		}
	}
	return portfolio.Value{}, nil, messages.Errorf("%s is not yes or no (use Ja or Nej)", quote(text))
}

// Excel's date serials: day 1 is 1900-01-01 and the last day it shows is
// 9999-12-31 (serial 2958465 in the 1900 system, 2957003 in the 1904 one).
const (
	maxSerial1900 = 2958465
	maxSerial1904 = 2957003
)

// readDate reads an Excel date serial (numeric cells) or a date written as
// text.
func readDate(text string, numeric bool, opts Options) (time.Time, error) {
	if numeric {
		return readSerialDate(text, opts.Date1904)
	}
	if t, ok, valid := parseDateText(text); ok {
		switch {
		case !valid:
			return time.Time{}, messages.Errorf("%s is not a day in the calendar", quote(text))
		case t.Year() < 1900:
			// Excel's dates start in 1900; an earlier year is a typing error.
			return time.Time{}, messages.Errorf("%s is not a date between 1900 and 9999", quote(text))
		}
		return t, nil
	}
	return time.Time{}, messages.Errorf("%s is not a date (use 2025-03-31, 2025-03 or Q3 2025)", quote(text))
}

func readSerialDate(text string, date1904 bool) (time.Time, error) {
	d, ok := parseRawNumber(text)
	if !ok {
		return time.Time{}, messages.Errorf("%s is not a date (use 2025-03-31, 2025-03 or Q3 2025)", quote(text))
	}
	x, err := d.float(0)
	if err != nil {
		x = math.MaxFloat64
	}
	day := math.Floor(x) // the fraction is the time of day
	if date1904 {
		if day < 0 || day > maxSerial1904 {
			return time.Time{}, messages.Errorf("%s is not a date: Excel date serials (1904 system) run from 0 to %d", quote(text), maxSerial1904)
		}
		return time.Date(1904, 1, 1+int(day), 0, 0, 0, 0, time.UTC), nil
	}
	switch {
	case day < 1 || day > maxSerial1900:
		return time.Time{}, messages.Errorf("%s is not a date: Excel date serials run from 1 to %d", quote(text), maxSerial1900)
	case day == 60:
		// Excel counts 1900 as a leap year, after Lotus 1-2-3.
		return time.Time{}, messages.Errorf("%s is not a date: it is Excel's 1900-02-29, a day that did not exist", quote(text))
	case day > 60:
		return time.Date(1899, 12, 30+int(day), 0, 0, 0, 0, time.UTC), nil
	default:
		return time.Date(1899, 12, 31+int(day), 0, 0, 0, 0, time.UTC), nil
	}
}

// parseDateText reads "2025-03-31" (with an optional time, which is dropped),
// "2025-03" and "Q3 2025" / "kv3 2025". ok reports whether the text has one
// of these forms; valid whether it names a real day.
func parseDateText(text string) (t time.Time, ok, valid bool) {
	s := strings.ToLower(foldSpaces(text))
	if len(s) > 40 {
		return time.Time{}, false, false
	}
	if y, q, ok := parseQuarter(s); ok {
		return time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC), true, true
	}
	// yyyy-mm or yyyy-mm-dd, then an optional time.
	if len(s) < 7 || !allDigits(s[0:4]) || s[4] != '-' || !allDigits(s[5:7]) {
		return time.Time{}, false, false
	}
	y, _ := strconv.Atoi(s[0:4])
	m, _ := strconv.Atoi(s[5:7])
	d := 1
	rest := s[7:]
	if rest != "" {
		if len(rest) < 3 || rest[0] != '-' || !allDigits(rest[1:3]) {
			return time.Time{}, false, false
		}
		d, _ = strconv.Atoi(rest[1:3])
		rest = rest[3:]
		if rest != "" {
			if rest[0] != ' ' && rest[0] != 't' || !validClock(rest[1:]) {
				return time.Time{}, false, false
			}
		}
	}
	t = time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	valid = t.Year() == y && int(t.Month()) == m && t.Day() == d
	return t, true, valid
}

// validClock reports whether s is a time of day: hh:mm, hh:mm:ss or
// hh:mm:ss.fff.
func validClock(s string) bool {
	if len(s) < 5 || !allDigits(s[0:2]) || s[2] != ':' || !allDigits(s[3:5]) {
		return false
	}
	h, _ := strconv.Atoi(s[0:2])
	m, _ := strconv.Atoi(s[3:5])
	if h > 23 || m > 59 {
		return false
	}
	s = s[5:]
	if s == "" {
		return true
	}
	if len(s) < 3 || s[0] != ':' || !allDigits(s[1:3]) {
		return false
	}
	if sec, _ := strconv.Atoi(s[1:3]); sec > 59 {
		return false
	}
	s = s[3:]
	if s == "" {
		return true
	}
	return len(s) > 1 && s[0] == '.' && allDigits(s[1:])
}

// parseQuarter reads "q3 2025", "kv3 2025" or "kv 3 2025" (lower case, spaces
// folded).
func parseQuarter(s string) (year, quarter int, ok bool) {
	switch {
	case strings.HasPrefix(s, "kv"):
		s = s[2:]
	case strings.HasPrefix(s, "q"):
		s = s[1:]
	default:
		return 0, 0, false
	}
	s = strings.TrimPrefix(s, " ")
	if len(s) != 6 || s[0] < '1' || s[0] > '4' || s[1] != ' ' || !allDigits(s[2:]) {
		return 0, 0, false
	}
	year, _ = strconv.Atoi(s[2:])
	return year, int(s[0] - '0'), true
}
