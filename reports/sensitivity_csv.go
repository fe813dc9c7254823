package reports

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/prio-tool/prio/scoring/sensitivity"
)

// WriteSensitivityCSV writes the rank acceptability matrix of r as CSV for
// programs: a header row and one row per investment in rank order,
// comma-separated, UTF-8 without a BOM, "\n" line ends. The columns are
// rank, id, name, score, top_k, confidence, rank_range_best,
// rank_range_worst, then rank_1 … rank_n, the share of samples in which the
// investment had that rank (n the number of investments ranked), or, when
// the analysis lists ranks 1..K only (past 1,000 ranked investments),
// rank_1 … rank_K and rest, the share beyond rank K. Numbers
// are written as in the JSON, with a decimal point, whatever o.Lang is;
// confidence is empty where the JSON has null. Text cells are guarded
// against formulas as in [WriteCSV].
func WriteSensitivityCSV(w io.Writer, r *sensitivity.Result, o Options) error {
	if _, err := o.lang(); err != nil {
		return err
	}
	if err := checkSensitivity(r); err != nil {
		return err
	}
	header := []string{"rank", "id", "name", "score", "top_k", "confidence", "rank_range_best", "rank_range_worst"}
	ranks, rest := acceptabilityRanks(r)
	for k := range ranks {
		header = append(header, "rank_"+strconv.Itoa(k+1))
	}
	if rest {
		header = append(header, "rest") // not a message: a column name for programs
	}

	// Written as the rows are made (csv.Writer buffers): the check above has
	// refused what could fail half-way.
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, 0, len(header))
	for i := range r.Investments {
		inv := &r.Investments[i]
		row = append(row[:0], strconv.Itoa(inv.Rank), csvText(inv.ID), csvText(inv.Name))
		for _, x := range []float64{inv.Score, inv.TopK} {
			s, err := formatNumber(x)
			if err != nil {
				return err
			}
			row = append(row, s)
		}
		confidence := ""
		if inv.Confidence != nil {
			var err error
			if confidence, err = formatNumber(*inv.Confidence); err != nil {
				return err
			}
		}
		row = append(row, confidence, strconv.Itoa(inv.RankRange.Best), strconv.Itoa(inv.RankRange.Worst))
		shares := inv.Acceptability
		if inv.AcceptabilityRest != nil {
			shares = append(shares[:len(shares):len(shares)], *inv.AcceptabilityRest)
		}
		for _, x := range shares {
			s, err := formatNumber(x)
			if err != nil {
				return err
			}
			row = append(row, s)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
