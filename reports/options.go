package reports

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/scoring"
)

// Options control the rendering.
type Options struct {
	Lang    string // "sv" (default when empty) or "en": labels and number format of the table
	Version string // prio's version, written as "prio_version" in JSON
	// Date is the day of the run, which the reports for people (HTML,
	// Markdown, workbook) show on their first page and atop every printed
	// page; the zero time shows none. JSON and CSV never carry it: they
	// have no timestamps. The command sets it, so that a test can fix it.
	Date time.Time
}

// ErrInvalidResult is wrapped by the error a writer returns for a Result it
// cannot render faithfully: slices that are not parallel to Result.Leaves,
// an unknown status, a NaN or an infinite number.
var ErrInvalidResult = errors.New("invalid result") // not a message: a sentinel for errors.Is; its messages say it in the run's language

// ErrUnknownLang is wrapped by the error a writer returns for an
// Options.Lang other than "", "sv" and "en".
var ErrUnknownLang = errors.New("unknown language") // not a message: a sentinel for errors.Is; its messages say it in the run's language

// invalid is the error for a result that cannot be rendered. Such a result
// is a fault in the program that built it, not in a user's files: the
// message says so in the run's language, and the detail, for the
// program's developers, stays English.
func invalid(detail string, args ...any) error {
	return messages.Kind(ErrInvalidResult, "invalid result: %s", fmt.Sprintf(detail, args...))
}

// lang returns the language to render in.
func (o Options) lang() (string, error) {
	switch o.Lang {
	case "", "sv":
		return "sv", nil
	case "en":
		return "en", nil
	}
	return "", messages.Kind(ErrUnknownLang, "unknown language %q (want sv or en)", o.Lang)
}

// checkResult reports whether r can be rendered: every per-criterion slice
// parallel to Leaves, every number finite, every status known. The writers
// call it first so that they never write a partial or invalid document.
func checkResult(r *scoring.Result) error {
	if r == nil {
		return invalid("no result")
	}
	if len(r.Weights) != len(r.Leaves) {
		return invalid("%d weights for %d criteria", len(r.Weights), len(r.Leaves))
	}
	for i, c := range r.Leaves {
		if c == nil {
			return invalid("criterion %d is nil", i+1)
		}
		if !finite(r.Weights[i]) {
			return invalid("weight of %s is %v", c.ID, r.Weights[i])
		}
	}
	for i := range r.Investments {
		a := &r.Investments[i]
		switch a.Status {
		case scoring.Ranked, scoring.Flagged, scoring.Excluded:
		default:
			return invalid("investment %s: unknown status %q", a.ID, a.Status)
		}
		if len(a.Values) != len(r.Leaves) || len(a.Contributions) != len(r.Leaves) {
			return invalid("investment %s: %d values and %d contributions for %d criteria",
				a.ID, len(a.Values), len(a.Contributions), len(r.Leaves))
		}
		if !finite(a.Score) {
			return invalid("investment %s: score is %v", a.ID, a.Score)
		}
		for j, c := range r.Leaves {
			if !finite(a.Values[j]) {
				return invalid("investment %s: value of %s is %v", a.ID, c.ID, a.Values[j])
			}
			if !finite(a.Contributions[j]) {
				return invalid("investment %s: contribution of %s is %v", a.ID, c.ID, a.Contributions[j])
			}
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// source names the cell of an investment's id as FORMATS.md §3 asks: the row
// for CSV ("file.csv:7"), the cell for a workbook ("book.xlsx: Blad!A7"); ""
// for an unset cell.
func source(a *scoring.Assessment) string {
	if a.Source.IsZero() {
		return ""
	}
	return a.Source.RowString()
}
