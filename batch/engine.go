package batch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/internal/safeio"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/reports"
	"github.com/prio-tool/prio/scoring"
	"github.com/prio-tool/prio/scoring/selection"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// engine runs the agencies of a plan and renders their reports and the
// summary, handing every file to emit: Run writes them, Verify compares
// them with the record.
type engine struct {
	plan    *Plan
	lang    string
	version string
	// emit receives each output, its path relative to the run folder with
	// "/" between folders. It may be called from several goroutines.
	emit func(rel string, data []byte) error
	// progress, if set, receives the samples done over the whole run.
	progress func(done int)
	done     atomic.Int64
	// date is the run's day for the reports people read: when it started
	// (run.json's started, so that verify renders the same bytes).
	date time.Time
	// compare says that the runs are compared with a previous run: each
	// agency keeps its investments' standings for it.
	compare bool
}

// agencyRun is what running one agency gives: its record, and for an agency
// that ran, its part of the summary and, for a comparison, its
// investments' standings. It keeps nothing else of the agency (its
// portfolio, scores and analysis are dropped once its reports are
// written), so that a run of 340 agencies takes the memory of the largest
// one, not of all of them.
type agencyRun struct {
	rec AgencyRecord
	// res holds, for a comparison, each investment's id, name, status,
	// rank, score and starting-point outcomes (see standings); nil
	// without one.
	res     *scoring.Result
	summary reports.SummaryAgency
	// found are the ids of the manifest's selection this agency has: an
	// id no agency has is an error of the whole run.
	found []string
	// selected says the agency had a selection; funded are the ids it
	// funds, in ranking order (nil when the selection found no portfolio),
	// for a comparison.
	selected bool
	funded   []string
}

// runAll runs every agency of the plan on jobs workers. Results are stored
// by the agency's index, so the order in which workers finish changes
// nothing. An error is returned only when the run cannot go on: ctx was
// cancelled, or an output could not be emitted.
func (e *engine) runAll(ctx context.Context, jobs int) ([]agencyRun, error) {
	agencies := e.plan.Manifest.Agencies
	runs := make([]agencyRun, len(agencies))
	errs := make([]error, len(agencies))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(max(jobs, 1), len(agencies)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				runs[i], errs[i] = e.runAgency(ctx, agencies[i])
			}
		}()
	}
feed:
	for i := range agencies {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := messages.JoinErrors(errs...); err != nil {
		return nil, err
	}
	return runs, nil
}

// agencyProgress reports one agency's samples into the run's total; only an
// advance counts, as the analysis's chunks may report out of order.
func (e *engine) agencyProgress() (update func(done int), finish func()) {
	var last atomic.Int64
	total := int64(e.plan.Analysis.Samples)
	update = func(done int) {
		for {
			prev := last.Load()
			d := min(int64(done), total)
			if d <= prev {
				return
			}
			if last.CompareAndSwap(prev, d) {
				all := e.done.Add(d - prev)
				if e.progress != nil {
					e.progress(int(all))
				}
				return
			}
		}
	}
	return update, func() { update(int(total)) }
}

// runAgency reads, scores, analyses and renders one agency. Problems with
// its files or data make it a failed agency, recorded with its positioned
// errors; the error returned is for what stops the whole run.
func (e *engine) runAgency(ctx context.Context, a Agency) (agencyRun, error) {
	update, finish := e.agencyProgress()
	defer finish()
	pl := e.plan
	rec := AgencyRecord{
		Name: a.Name, Slug: a.Slug, Status: StatusOK,
		Workbook: a.Workbook, Sheet: nullIfEmpty(a.Sheet), Join: nonNilStrings(a.Join), Locale: a.Locale, Budget: budgetRecord(a),
		Inputs: []InputRecord{}, Outputs: []OutputRecord{}, Warnings: []string{}, Notes: []string{}, Errors: []string{},
	}
	// The warnings, notes and errors are kept as messages: run.json records
	// them in English, the same whatever the language of the run; the
	// reports give them in the run's language.
	var warns, notes []messages.Message
	failed := func(errs []messages.Message) (agencyRun, error) {
		rec.Status, rec.Errors = StatusFailed, messages.Strings(errs, messages.English)
		rec.Warnings, rec.Notes = messages.Strings(warns, messages.English), messages.Strings(notes, messages.English)
		rec.Said = Said{Warnings: warns, Notes: notes, Errors: errs}
		return agencyRun{rec: rec, summary: reports.SummaryAgency{Name: a.Name, Failed: true, Errors: messages.Strings(errs, messages.Lang(e.lang))}}, nil
	}
	if err := ctx.Err(); err != nil {
		return agencyRun{}, err
	}

	// The files, read once: the importers name them as the manifest does,
	// and their digests are those of the bytes read.
	var sources []importers.Source
	var problems []messages.Message
	for _, path := range append([]string{a.Workbook}, a.Join...) {
		in := InputRecord{Path: path}
		data, err := readInput(pl.Manifest.Path(path))
		if err != nil {
			problems = append(problems, messages.M("%s: %s", path, inputProblem(err)))
		} else {
			sum := sha256.Sum256(data)
			in.SHA256 = ptr(hex.EncodeToString(sum[:]))
		}
		rec.Inputs = append(rec.Inputs, in)
		sources = append(sources, importers.Source{Path: path, Data: data})
	}
	if len(problems) > 0 {
		return failed(problems)
	}
	p, err := importers.ReadJoined(ctx, pl.Set, sources[:1], sources[1:], importers.Options{Locale: a.Locale, Sheet: a.Sheet})
	if err != nil {
		return failed(errorMessages(err))
	}
	for _, in := range p.Inputs {
		for i := range rec.Inputs {
			if r := &rec.Inputs[i]; r.Path == in.Path && r.Rows == nil {
				r.Sheet, r.Rows = nullIfEmpty(in.Sheet), ptr(in.Rows)
				break
			}
		}
	}
	res, err := scoring.Score(pl.Set, p)
	if err != nil {
		return failed(errorMessages(err))
	}
	notes = append(notes, res.Notes...)
	warnings := slices.Clone(res.Warnings)

	// The analysis, with the top clamped to the number ranked.
	n := rankedCount(res)
	so := pl.Analysis
	so.Progress = update
	if n > 0 && so.Top > n {
		if pl.TopAt != "" {
			warnings = append(warnings, messages.M("%s: sensitivity: top %d is more than the %d investments ranked; using top %d", pl.TopAt, so.Top, n, n))
		} else {
			notes = append(notes, messages.M("top %d (the default) is more than the %d investments ranked; using top %d", so.Top, n, n))
		}
		so.Top = n
	}
	var sens *sensitivity.Result
	if n > 0 {
		sens, err = sensitivity.Analyse(ctx, pl.Set, p, res, so)
		if err == nil {
			err = ctx.Err()
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return agencyRun{}, err
		}
		if err != nil {
			return failed(errorMessages(err))
		}
		sens.Warnings = append(warnings, sens.Warnings...)
		warns = append(warns, sens.Warnings...)
		rec.Top = ptr(so.Top)
	} else {
		warns = append(append(warns, warnings...), messages.T("no investment is ranked: there is no sensitivity analysis to report"))
	}

	// The selection, when the manifest has one: the shared rules with the
	// agency's budget; ids of other agencies are left out of its rules.
	var sel *reports.Selection
	var found, funded []string
	if asel := pl.agencySelection(a); asel != nil {
		ids := make(map[string]bool, len(res.Investments))
		for i := range res.Investments {
			ids[res.Investments[i].ID] = true
		}
		for _, r := range pl.Manifest.selectionIDs() {
			if ids[r.ID] && !slices.Contains(found, r.ID) {
				found = append(found, r.ID)
			}
		}
		st, err := selection.Build(selection.Source{Set: pl.Set, Portfolio: p, Result: res, Selection: asel,
			Skip: func(id string) bool { return !ids[id] }})
		if err != nil {
			return failed(errorMessages(err))
		}
		o := selection.Options{Gap: asel.Gap, NodeLimit: asel.NodeLimit, TimeLimit: asel.TimeLimit}
		outcome, err := selection.Run(ctx, st, o, selectionAsk(pl, st))
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return agencyRun{}, err
		}
		if err != nil {
			return failed(errorMessages(err))
		}
		warns = append(warns, st.Warnings...)
		sel = &reports.Selection{Score: res, Outcome: outcome, ScoreValue: asel.ValueProgram == nil}
		if f := pl.Set.Field(asel.Cost); f != nil {
			sel.Unit = f.Unit.Name
		}
		if sol := outcome.Solution; sol.HasPortfolio {
			funded = []string{}
			for _, i := range st.Problem.RankingOrder() {
				if sol.Selected[i] {
					funded = append(funded, st.Problem.Items[i].ID)
				}
			}
		}
	}

	// The reports.
	ro := reports.Options{Lang: e.lang, Version: e.version, Date: e.date}
	top := so.Top
	if n == 0 {
		top = 0
	}
	const back = "../../summary.html" // from agencies/SLUG/
	// The two packs make once what their reports share: the workbooks'
	// largest sheets, the contributions charts.
	shared := reports.NewReportCache()
	scorePack := &reports.Pack{Score: res, Set: pl.Set, Portfolio: p, Top: top, Agency: a.Name, SummaryHref: back, Selection: sel, Shared: shared}
	fullPack := &reports.Pack{Score: res, Sensitivity: sens, Set: pl.Set, Portfolio: p, Agency: a.Name, SummaryHref: back, Selection: sel, Shared: shared}
	for _, format := range pl.Manifest.Formats {
		for _, kind := range []string{"score", "sensitivity", "selection"} {
			if kind == "sensitivity" && sens == nil || kind == "selection" && sel == nil {
				continue
			}
			var buf bytes.Buffer
			switch {
			case kind == "selection":
				switch format {
				case "json":
					err = reports.WriteSelectionJSON(&buf, sel, ro)
				case "csv":
					err = reports.WriteSelectionCSV(&buf, sel, ro)
				case "md":
					err = reports.WriteSelectionMarkdown(&buf, sel, ro)
				}
			case format == "json" && kind == "score":
				err = reports.WriteJSON(&buf, res, ro)
			case format == "json":
				err = reports.WriteSensitivityJSON(&buf, sens, ro)
			case format == "csv" && kind == "score":
				err = reports.WriteCSV(&buf, res, ro)
			case format == "csv":
				err = reports.WriteSensitivityCSV(&buf, sens, ro)
			default:
				pack := scorePack
				if kind == "sensitivity" {
					pack = fullPack
				}
				switch format {
				case "xlsx":
					err = reports.WriteXLSX(&buf, pack, ro)
				case "html":
					err = reports.WriteHTML(&buf, pack, ro)
				case "md":
					err = reports.WriteMarkdown(&buf, pack, ro)
				}
			}
			if err != nil {
				return agencyRun{}, messages.Errorf("agency %s: %s.%s: %w", a.Name, kind, format, err)
			}
			if buf.Len() == 0 {
				continue
			}
			out, err := e.output("agencies/"+a.Slug+"/"+kind+"."+format, buf.Bytes())
			if err != nil {
				return agencyRun{}, err
			}
			rec.Outputs = append(rec.Outputs, out)
			if err := ctx.Err(); err != nil {
				return agencyRun{}, err
			}
		}
	}
	rec.Warnings, rec.Notes = messages.Strings(warns, messages.English), messages.Strings(notes, messages.English)
	rec.Said = Said{Warnings: warns, Notes: notes}
	run := agencyRun{rec: rec, summary: e.summaryAgency(a, p, res, sens), found: found, selected: sel != nil, funded: funded}
	if e.compare {
		run.res = standings(res)
	}
	if sel != nil {
		run.summary.Selection = reports.NewSummarySelection(sel)
	}
	return run, nil
}

// A batch's selections show in each agency's pack with the frontier (unless
// a budget of 0 holds costs) and,
// when the value is linear in the weights, the funding probability: over
// the run's weight samples (model and seed) but at most
// selectionMaxSamples of them, each solved exactly, which a batch of many
// agencies can afford where the sensitivity analysis's 10,000 it could
// not. The losses (two exact solves per investment) are left to prio
// select --losses.
const (
	selectionFrontier   = 11
	selectionMaxSamples = 200
)

// selectionAsk is what a batch computes beyond an agency's optimum.
func selectionAsk(pl *Plan, st *selection.Setup) selection.Ask {
	var ask selection.Ask
	// A budget of 0 that investments cost something in has no scale at
	// which everything fits: no frontier then.
	if _, err := selection.MaxScale(st.Problem); err == nil {
		ask.Frontier = selectionFrontier
	}
	if st.Linear() && pl.Analysis.Samples > 0 {
		ask.Samples = min(pl.Analysis.Samples, selectionMaxSamples)
		ask.Weights, ask.Seed = pl.Analysis.Weights, pl.Analysis.Seed
	}
	return ask
}

// standings keeps of a result what a comparison reads (scoring.
// CompareResults as compareRuns uses it), the same as the previous run's
// score.json gives it: each investment's id, name, status, rank and score,
// and its starting points' ids and outcomes.
func standings(res *scoring.Result) *scoring.Result {
	out := &scoring.Result{Investments: make([]scoring.Assessment, len(res.Investments))}
	gates := make([]scoring.GateResult, 0, len(res.Investments)*len(res.Gates))
	for i := range res.Investments {
		a := &res.Investments[i]
		start := len(gates)
		for _, g := range a.Gates {
			gates = append(gates, scoring.GateResult{ID: g.ID, Passed: g.Passed})
		}
		out.Investments[i] = scoring.Assessment{ID: a.ID, Name: a.Name, Status: a.Status, Rank: a.Rank, Score: a.Score, Gates: gates[start:len(gates):len(gates)]}
	}
	return out
}

// output hands a file to emit and records its digest.
func (e *engine) output(rel string, data []byte) (OutputRecord, error) {
	if err := e.emit(rel, data); err != nil {
		return OutputRecord{}, err
	}
	sum := sha256.Sum256(data)
	return OutputRecord{Path: rel, SHA256: hex.EncodeToString(sum[:])}, nil
}

// summaryAgency is an agency's part of the summary.
func (e *engine) summaryAgency(a Agency, p *portfolio.Portfolio, res *scoring.Result, sens *sensitivity.Result) reports.SummaryAgency {
	s := reports.SummaryAgency{Name: a.Name, Investments: len(res.Investments)}
	s.SetCoverage(res, e.plan.Set)
	if slices.Contains(e.plan.Manifest.Formats, "html") {
		s.Pack = "agencies/" + a.Slug + "/score.html"
		if sens != nil {
			s.Pack = "agencies/" + a.Slug + "/sensitivity.html"
		}
	}
	topK := map[string]float64{}
	if sens != nil {
		s.Top = sens.Top
		for _, inv := range sens.Investments {
			topK[inv.ID] = inv.TopK
		}
	}
	for i := range res.Investments {
		inv := &res.Investments[i]
		switch inv.Status {
		case scoring.Excluded:
			s.Excluded++
			continue
		case scoring.Flagged:
			s.Flagged++
		}
		s.Ranked++
		si := reports.SummaryInvestment{ID: inv.ID, Name: inv.Name, Rank: inv.Rank, Status: inv.Status, Score: inv.Score}
		if x, ok := topK[inv.ID]; ok {
			si.TopK = ptr(x)
		}
		s.RankedInvestments = append(s.RankedInvestments, si)
	}
	s.Gates = make([]reports.GateRate, len(res.Gates))
	for i := range res.Investments {
		for gi, g := range res.Investments[i].Gates {
			if gi < len(s.Gates) {
				s.Gates[gi].Total++
				if g.Passed {
					s.Gates[gi].Passed++
				}
			}
		}
	}
	if f := p.FieldIndex(e.plan.Cost); f >= 0 {
		for i := range p.Investments {
			if v := p.Value(i, f); v.Present {
				s.Cost += v.Num
			} else {
				s.CostMissing++
			}
		}
	}
	return s
}

// summary is the cross-agency summary of the runs.
func (e *engine) summary(runs []agencyRun) *reports.BatchSummary {
	pl := e.plan
	set := pl.Set
	s := &reports.BatchSummary{
		Criteria: scoring.CriteriaInfo{ID: set.ID, Version: set.Version, Status: set.Status, SHA256: set.SHA256, Title: set.Title},
		Gates:    set.StartingPoints,
		Samples:  pl.Analysis.Samples, Seed: pl.Analysis.Seed, Weights: pl.Analysis.Weights, Top: pl.Analysis.Top,
	}
	if f := set.Field(pl.Cost); f != nil {
		s.Cost = &reports.SummaryCost{Field: f.Name, Title: f.Title, Unit: f.Unit.Name}
	}
	for _, r := range runs {
		s.Agencies = append(s.Agencies, r.summary)
	}
	return s
}

// summaryOutputs renders and emits summary.xlsx and summary.html.
func (e *engine) summaryOutputs(runs []agencyRun) ([]OutputRecord, error) {
	s := e.summary(runs)
	ro := reports.Options{Lang: e.lang, Version: e.version, Date: e.date}
	var out []OutputRecord
	for _, f := range []struct {
		name  string
		write func(io.Writer, *reports.BatchSummary, reports.Options) error
	}{{"summary.xlsx", reports.WriteSummaryXLSX}, {"summary.html", reports.WriteSummaryHTML}} {
		var buf bytes.Buffer
		if err := f.write(&buf, s, ro); err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		o, err := e.output(f.name, buf.Bytes())
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// rankedCount is the number of investments an analysis ranks: the ranked
// and the flagged ones.
func rankedCount(res *scoring.Result) int {
	n := 0
	for i := range res.Investments {
		if res.Investments[i].Status != scoring.Excluded {
			n++
		}
	}
	return n
}

// readInput reads an input file whole, refusing folders, named pipes,
// devices and sockets, and files larger than importers.MaxFileSize. Its errors are the operating system's, or
// errIsFolder or errTooLarge: inputProblem says what they mean.
func readInput(path string) ([]byte, error) {
	f, err := safeio.OpenRegular(path) // a named pipe or device is refused, not waited on
	if errors.Is(err, syscall.EISDIR) {
		return nil, errIsFolder
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, importers.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > importers.MaxFileSize {
		return nil, errTooLarge
	}
	return data, nil
}

var (
	errIsFolder = errors.New("a folder")  // not a message: inputProblem says it
	errTooLarge = errors.New("too large") // not a message: inputProblem says it
)

// inputProblem says what went wrong reading an input file, without its
// name, which the caller puts first.
func inputProblem(err error) any {
	switch {
	case errors.Is(err, errIsFolder):
		return messages.T("a folder, not a workbook or CSV file")
	case errors.Is(err, errTooLarge):
		return messages.M("larger than %d MiB, the limit for one input file", importers.MaxFileSize>>20)
	}
	return fileerr.Reason(err)
}

// errorMessages splits an error list into its problems, one a line, each
// given in the language it is asked for.
func errorMessages(err error) []messages.Message {
	n := strings.Count(err.Error(), "\n") + 1
	out := make([]messages.Message, n)
	for i := range out {
		out[i] = messages.Of(errorLine{err, i})
	}
	return out
}

// errorLine is line i of an error's text, in any language.
type errorLine struct {
	err error
	i   int
}

func (l errorLine) Localize(lang messages.Lang) string {
	lines := strings.Split(messages.Localize(l.err, lang), "\n")
	if l.i < len(lines) {
		return lines[l.i]
	}
	return ""
}

func nonNilStrings(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return slices.Clone(xs)
}

// unknownSelectionIDs reports the ids of the manifest's selection that no
// agency that ran has: each agency leaves out the ids of other agencies,
// so a typo would otherwise be left out by all of them.
func unknownSelectionIDs(m *Manifest, runs []agencyRun) error {
	found := make(map[string]bool)
	for _, r := range runs {
		if r.rec.Status != StatusOK {
			return nil // its ids are not known; its own errors say why
		}
		for _, id := range r.found {
			found[id] = true
		}
	}
	var errs ErrorList
	for _, r := range m.selectionIDs() {
		if !found[r.ID] {
			errs.Add(r.Pos, "%s is not an investment of any agency of the manifest", r.ID)
		}
	}
	return errs.Err()
}
