package reports

import (
	"bytes"
	"io"
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

	// Written as the rows are made (formatted a chunk at a time, see
	// formatChunks): checkResult has refused what could fail half-way.
	cw := newCSVRows(w)
	for _, h := range header {
		cw.text(h)
	}
	cw.end()
	if err := cw.flush(); err != nil {
		return err
	}
	return formatChunks(w, len(r.Investments), func(b *bytes.Buffer, from, to int) error {
		cw := &csvRows{w: chunkWriter(b), first: true}
		defer chunkWriters.Put(cw.w)
		for i := from; i < to; i++ {
			a := &r.Investments[i]
			if a.Status != scoring.Excluded {
				cw.integer(a.Rank)
			} else {
				cw.text("")
			}
			cw.text(csvText(a.ID))
			cw.text(csvText(a.Name))
			cw.text(csvText(a.Agency))
			cw.cellRow(a.Source) // csvText(source(a)), written without making it
			cw.text(csvText(string(a.Status)))
			cw.number(a.Score)
			for _, xs := range [][]float64{a.Values, a.Contributions} {
				for _, x := range xs {
					cw.number(x)
				}
			}
			cw.text(csvText(strings.Join(a.Missing, " ")))
			cw.text(csvText(strings.Join(a.FailedGates(), " ")))
			cw.end()
			if cw.err != nil {
				return cw.err
			}
		}
		return cw.flush()
	})
}

// csvText guards a text cell against formula injection (CWE-1236): text that
// a spreadsheet would read as a formula gets a leading apostrophe.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
