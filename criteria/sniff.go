package criteria

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/prio-tool/prio/messages"
)

// ErrPortfolioGiven is wrapped by the error [Parse] gives for a file that is
// not a criteria set but looks like a portfolio: a workbook or a CSV table,
// given where a criteria set was wanted (with -c, say). It wraps
// [ErrInvalid] too.
var ErrPortfolioGiven = fmt.Errorf("a portfolio given as a criteria set: %w", ErrInvalid) // not a message: a sentinel for errors.Is; its message says it in the run's language

// portfolioError is the error for data that failed as a criteria set, when
// the data looks like a portfolio; nil when it does not.
func portfolioError(data []byte, name string) error {
	kind := portfolioKind(data)
	if kind == "" {
		return nil
	}
	return messages.Kind(ErrPortfolioGiven, "%s looks like a portfolio (%s), not a criteria set", name, kind)
}

// portfolioKind says what kind of portfolio data looks like: a workbook (a
// zip file, as .xlsx and .xlsm are, or an old .xls), a CSV table, or ""
// for neither.
func portfolioKind(data []byte) any {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return messages.T("a workbook")
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return messages.T("an old Excel workbook (.xls)")
	case looksLikeCSV(data):
		return messages.T("a CSV table")
	}
	return ""
}

// looksLikeCSV reports whether data begins with two records of the same
// number of fields (two or more), separated by semicolons, commas or tabs,
// and its first line is not YAML: no "key: value", comment, directive or
// document marker.
func looksLikeCSV(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = data[:min(len(data), 64<<10)]
	first, _, _ := bytes.Cut(data, []byte("\n"))
	first = bytes.TrimRight(first, "\r")
	trimmed := bytes.TrimSpace(first)
	if len(trimmed) == 0 || bytes.HasPrefix(trimmed, []byte("#")) || bytes.HasPrefix(trimmed, []byte("%")) ||
		bytes.HasPrefix(trimmed, []byte("---")) || bytes.Contains(first, []byte(": ")) || bytes.HasSuffix(trimmed, []byte(":")) {
		return false
	}
	for _, sep := range []rune{';', ',', '\t'} {
		r := csv.NewReader(bytes.NewReader(data))
		r.Comma, r.FieldsPerRecord, r.LazyQuotes = sep, -1, true
		a, errA := r.Read()
		b, errB := r.Read()
		if errA == nil && errB == nil && len(a) >= 2 && len(a) == len(b) {
			return true
		}
	}
	return false
}
