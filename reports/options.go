package reports

import (
	"errors"
	"fmt"
	"math"

	"github.com/prio-tool/prio/scoring"
)

// Options control the rendering.
type Options struct {
	Lang    string // "sv" (default when empty) or "en": labels and number format of the table
	Version string // prio's version, written as "prio_version" in JSON
}

// ErrInvalidResult is wrapped by the error a writer returns for a Result it
// cannot render faithfully: slices that are not parallel to Result.Leaves,
// an unknown status, a NaN or an infinite number.
var ErrInvalidResult = errors.New("invalid result")

// ErrUnknownLang is wrapped by the error a writer returns for an
// Options.Lang other than "", "sv" and "en".
var ErrUnknownLang = errors.New("unknown language")

// lang returns the language to render in.
func (o Options) lang() (string, error) {
	switch o.Lang {
	case "", "sv":
		return "sv", nil
	case "en":
		return "en", nil
	}
	return "", fmt.Errorf("%w %q (want sv or en)", ErrUnknownLang, o.Lang)
}

// checkResult reports whether r can be rendered: every per-criterion slice
// parallel to Leaves, every number finite, every status known. The writers
// call it first so that they never write a partial or invalid document.
func checkResult(r *scoring.Result) error {
	if r == nil {
		return fmt.Errorf("%w: no result", ErrInvalidResult)
	}
	if len(r.Weights) != len(r.Leaves) {
		return fmt.Errorf("%w: %d weights for %d criteria", ErrInvalidResult, len(r.Weights), len(r.Leaves))
	}
	for i, c := range r.Leaves {
		if c == nil {
			return fmt.Errorf("%w: criterion %d is nil", ErrInvalidResult, i+1)
		}
		if !finite(r.Weights[i]) {
			return fmt.Errorf("%w: weight of %s is %v", ErrInvalidResult, c.ID, r.Weights[i])
		}
	}
	for i := range r.Investments {
		a := &r.Investments[i]
		switch a.Status {
		case scoring.Ranked, scoring.Flagged, scoring.Excluded:
		default:
			return fmt.Errorf("%w: investment %s: unknown status %q", ErrInvalidResult, a.ID, a.Status)
		}
		if len(a.Values) != len(r.Leaves) || len(a.Contributions) != len(r.Leaves) {
			return fmt.Errorf("%w: investment %s: %d values and %d contributions for %d criteria",
				ErrInvalidResult, a.ID, len(a.Values), len(a.Contributions), len(r.Leaves))
		}
		if !finite(a.Score) {
			return fmt.Errorf("%w: investment %s: score is %v", ErrInvalidResult, a.ID, a.Score)
		}
		for j, c := range r.Leaves {
			if !finite(a.Values[j]) {
				return fmt.Errorf("%w: investment %s: value of %s is %v", ErrInvalidResult, a.ID, c.ID, a.Values[j])
			}
			if !finite(a.Contributions[j]) {
				return fmt.Errorf("%w: investment %s: contribution of %s is %v", ErrInvalidResult, a.ID, c.ID, a.Contributions[j])
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
