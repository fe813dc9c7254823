package batch

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/reports"
	"github.com/prio-tool/prio/scoring"
)

// The comparison with a previous run reads that run's per-agency score.json
// rather than scoring its inputs again: the point of a comparison is what
// changed in the inputs, and the previous inputs are usually gone or
// overwritten by the time of the next meeting. So the previous run must have
// had json among its formats; an agency without it is listed as not
// compared. Each score.json is checked against the SHA-256 its run.json
// records, so a tampered previous run is refused rather than compared.

// previousRun is the run compared with: its record and, per agency name,
// the scores its score.json holds (nil for an agency without one, or one
// that failed).
type previousRun struct {
	dir    string
	rec    *Record
	scores map[string]*scoring.Result
	// funded are, per agency name, the ids its selection.json funds, in
	// its ranking order; an agency without one is not in the map.
	funded map[string][]string
}

// readPrevious reads the previous run folder dir: its run.json and every
// agency's score.json, each checked against its recorded digest.
func readPrevious(dir string) (*previousRun, error) {
	rec, err := ReadRecord(dir)
	if err != nil {
		return nil, fmt.Errorf("--compare: %w", err) // not a message: the flag's name before the error
	}
	prev := &previousRun{dir: dir, rec: rec, scores: map[string]*scoring.Result{}, funded: map[string][]string{}}
	for _, a := range rec.Agencies {
		if a.Status != StatusOK {
			continue
		}
		for _, o := range a.Outputs {
			score, sel := o.Path == "agencies/"+a.Slug+"/score.json", o.Path == "agencies/"+a.Slug+"/selection.json"
			if !score && !sel {
				continue
			}
			path := filepath.Join(dir, filepath.FromSlash(o.Path))
			data, err := readInput(path)
			if err != nil {
				return nil, fmt.Errorf("--compare: %s: %s", path, inputProblem(err)) // not a message: the flag's name, the file and the reason
			}
			sum := sha256.Sum256(data)
			if hex.EncodeToString(sum[:]) != o.SHA256 {
				return nil, messages.Errorf("--compare: %s: changed since that run (its SHA-256 is not the one its run.json records)", path)
			}
			if sel {
				ids, err := decodeFunded(data)
				if err != nil {
					return nil, fmt.Errorf("--compare: %s: %w", path, err) // not a message: the flag's name, the file and the error
				}
				prev.funded[a.Name] = ids
				continue
			}
			res, err := decodeScores(data)
			if err != nil {
				return nil, fmt.Errorf("--compare: %s: %w", path, err) // not a message: the flag's name, the file and the error
			}
			prev.scores[a.Name] = res
		}
	}
	return prev, nil
}

// decodeFunded reads the ids a prio.selection/1 document funds, in its
// order (the ranking's); none for a selection without a portfolio.
func decodeFunded(data []byte) ([]string, error) {
	var doc struct {
		Format   string `json:"format"`
		Selected []struct {
			ID string `json:"id"`
		} `json:"selected"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Format != reports.SelectionFormat {
		return nil, messages.Errorf("format %q, not %s", doc.Format, reports.SelectionFormat)
	}
	ids := []string{}
	for _, s := range doc.Selected {
		ids = append(ids, s.ID)
	}
	return ids, nil
}

// decodeScores reads what a comparison needs of a prio.result/1 document:
// each investment's id, name, status, rank, score and gate outcomes.
func decodeScores(data []byte) (*scoring.Result, error) {
	var doc struct {
		Format      string `json:"format"`
		Investments []struct {
			ID     string  `json:"id"`
			Name   *string `json:"name"`
			Status string  `json:"status"`
			Rank   *int    `json:"rank"`
			Score  float64 `json:"score"`
			Gates  []struct {
				ID     string `json:"id"`
				Passed bool   `json:"passed"`
			} `json:"gates"`
		} `json:"investments"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Format != reports.ResultFormat {
		return nil, messages.Errorf("format %q, not %s", doc.Format, reports.ResultFormat)
	}
	res := &scoring.Result{}
	for _, inv := range doc.Investments {
		a := scoring.Assessment{ID: inv.ID, Status: scoring.Status(inv.Status), Score: inv.Score}
		switch a.Status {
		case scoring.Ranked, scoring.Flagged, scoring.Excluded:
		default:
			return nil, messages.Errorf("investment %s: unknown status %q", inv.ID, inv.Status)
		}
		if inv.Name != nil {
			a.Name = *inv.Name
		}
		if inv.Rank != nil {
			a.Rank = *inv.Rank
		}
		for _, g := range inv.Gates {
			a.Gates = append(a.Gates, scoring.GateResult{ID: g.ID, Passed: g.Passed})
		}
		res.Investments = append(res.Investments, a)
	}
	return res, nil
}

// compareRuns says what changed between the previous run and this one:
// the criteria set, agencies added and removed (by name), and per agency of
// both runs the investments added, removed or moved in status, rank or
// score, and the starting-point outcomes that changed.
// previous names the previous run's folder in the comparison.
func compareRuns(prev *previousRun, previous string, rec *Record, runs []agencyRun) *reports.BatchComparison {
	c := &reports.BatchComparison{
		Previous: previous,
		Old:      criteriaInfo(prev.rec.Criteria),
		New:      criteriaInfo(rec.Criteria),
	}
	before := map[string]AgencyRecord{}
	for _, a := range prev.rec.Agencies {
		before[a.Name] = a
	}
	now := map[string]bool{}
	for i, r := range runs {
		name := r.rec.Name
		now[name] = true
		old, ok := before[name]
		if !ok {
			c.AgenciesAdded = append(c.AgenciesAdded, name)
			continue
		}
		ac := reports.AgencyComparison{Name: name}
		switch {
		case r.rec.Status != StatusOK:
			ac.NotCompared = reports.NotComparedFailed
		case old.Status != StatusOK:
			ac.NotCompared = reports.NotComparedFailedBefore
		case prev.scores[name] == nil:
			ac.NotCompared = reports.NotComparedNoJSON
		default:
			im := scoring.CompareResults(prev.scores[name], runs[i].res, rec.Top)
			for _, ii := range im.Investments {
				if changed(ii.Old, ii.New) {
					ac.Changes = append(ac.Changes, reports.InvestmentChange{ID: ii.ID, Name: ii.Name, Old: ii.Old, New: ii.New})
				}
			}
			ac.GateChanges = im.GateChanges
			ac.Funding = compareFunding(prev, name, &runs[i])
		}
		c.Agencies = append(c.Agencies, ac)
	}
	for _, a := range prev.rec.Agencies {
		if !now[a.Name] {
			c.AgenciesRemoved = append(c.AgenciesRemoved, a.Name)
		}
	}
	return c
}

// compareFunding says what moved in or out of an agency's funded set, or
// why the selections cannot be compared; nil when neither run had a
// selection.
func compareFunding(prev *previousRun, name string, now *agencyRun) *reports.FundingComparison {
	before, hadFile := prev.funded[name]
	hadSelection := prev.rec.Selection != nil
	switch {
	case !hadSelection && !now.selected:
		return nil
	case !hadSelection:
		return &reports.FundingComparison{NotCompared: reports.NotComparedNoSelectionBefore}
	case !now.selected:
		return &reports.FundingComparison{NotCompared: reports.NotComparedNoSelectionNow}
	case !hadFile:
		return &reports.FundingComparison{NotCompared: reports.NotComparedNoSelectionJSON}
	}
	names := map[string]string{}
	if old := prev.scores[name]; old != nil {
		for _, a := range old.Investments {
			names[a.ID] = a.Name
		}
	}
	for _, a := range now.res.Investments {
		names[a.ID] = a.Name
	}
	set := func(ids []string) map[string]bool {
		m := make(map[string]bool, len(ids))
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	was, is := set(before), set(now.funded)
	f := &reports.FundingComparison{}
	for _, id := range now.funded {
		if !was[id] {
			f.In = append(f.In, reports.FundedInvestment{ID: id, Name: names[id]})
		}
	}
	for _, id := range before {
		if !is[id] {
			f.Out = append(f.Out, reports.FundedInvestment{ID: id, Name: names[id]})
		}
	}
	return f
}

// changed reports whether an investment was added, removed, or moved in
// status, rank or score (by more than the tie tolerance).
func changed(old, new scoring.Standing) bool {
	if old.Status != new.Status || old.Rank != new.Rank {
		return true
	}
	d := new.Score - old.Score
	return d > scoring.TieTolerance || -d > scoring.TieTolerance
}

func criteriaInfo(c CriteriaRecord) scoring.CriteriaInfo {
	return scoring.CriteriaInfo{ID: c.ID, Version: c.Version, Status: c.Status, SHA256: c.SHA256}
}

// comparisonOutputs renders and emits compare.json and compare.md.
func (e *engine) comparisonOutputs(c *reports.BatchComparison, ro reports.Options) ([]OutputRecord, error) {
	var out []OutputRecord
	for _, f := range []struct {
		name  string
		write func(io.Writer, *reports.BatchComparison, reports.Options) error
	}{{"compare.json", reports.WriteComparisonJSON}, {"compare.md", reports.WriteComparisonMarkdown}} {
		var buf bytes.Buffer
		if err := f.write(&buf, c, ro); err != nil {
			return nil, messages.Errorf("%s: %w", f.name, err)
		}
		o, err := e.output(f.name, buf.Bytes())
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}
