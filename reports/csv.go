package reports

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/prio-tool/prio/scoring"
)

// WriteCSV writes r as CSV for programs: a header row and one row per
// investment in the order of r.Investments, comma-separated, UTF-8 without
// a BOM, "\n" line ends. The columns are rank, id, name, agency, source,
// status, score, value_<ID> for each leaf, contribution_<ID> for each leaf,
// missing and failed_gates (ids separated by a space). Numbers are written
// as in the JSON, with a decimal point, whatever o.Lang is; rank is empty
// for excluded investments. A text cell starting with =, +, -, @, a tab or a
// carriage return gets a leading apostrophe so that a spreadsheet does not
// run it as a formula; numbers never do.
func WriteCSV(w io.Writer, r *scoring.Result, o Options) error {
	if _, err := o.lang(); err != nil {
		return err
	}
	if err := checkResult(r); err != nil {
		return err
	}
	header := []string{"rank", "id", "name", "agency", "source", "status", "score"}
	for _, c := range r.Leaves {
		header = append(header, "value_"+c.ID)
	}
	for _, c := range r.Leaves {
		header = append(header, "contribution_"+c.ID)
	}
	header = append(header, "missing", "failed_gates")
	for i, h := range header {
		header[i] = csvText(h)
	}

	// Written as the rows are made (csv.Writer buffers): checkResult has
	// refused what could fail half-way.
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, 0, len(header))
	for i := range r.Investments {
		a := &r.Investments[i]
		rank := ""
		if a.Status != scoring.Excluded {
			rank = strconv.Itoa(a.Rank)
		}
		row = append(row[:0], rank, csvText(a.ID), csvText(a.Name), csvText(a.Agency),
			csvText(source(a)), csvText(string(a.Status)))
		score, err := formatNumber(a.Score)
		if err != nil {
			return err
		}
		row = append(row, score)
		for _, xs := range [][]float64{a.Values, a.Contributions} {
			for _, x := range xs {
				s, err := formatNumber(x)
				if err != nil {
					return err
				}
				row = append(row, s)
			}
		}
		row = append(row, csvText(strings.Join(a.Missing, " ")), csvText(strings.Join(a.FailedGates(), " ")))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvText guards a text cell against formula injection (CWE-1236): text that
// a spreadsheet would read as a formula gets a leading apostrophe.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
