package batch

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/internal/strictyaml"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring/sensitivity"
)

// Plan is a manifest made ready to run: its criteria set loaded and its
// sensitivity settings merged.
type Plan struct {
	Manifest *Manifest
	Set      *criteria.Set
	// Analysis holds the sensitivity settings: prio's defaults
	// (sensitivity.DefaultOptions), overridden by the criteria set's
	// sensitivity block, overridden by the manifest's. An agency that ranks
	// fewer investments than Analysis.Top is analysed with its own count.
	Analysis sensitivity.Options
	// TopAt is where Analysis.Top was set, "FILE:LINE:COL" in the manifest
	// (named by its base name, as its paths start from its folder) or the
	// criteria file (named as the manifest names it); empty for prio's
	// default. A clamped top from a file is a warning naming that place.
	TopAt string
	// Cost is the number field summed as each agency's total cost: the
	// manifest's cost, else the set's field "invest" when it is a number
	// field, else empty.
	Cost string
}

// NewPlan loads the criteria set the manifest names and merges the
// sensitivity settings. Problems in the criteria file come back as an
// ErrorList positioned in that file; a cost that names no number field is
// an error at its place in the manifest.
func NewPlan(m *Manifest) (*Plan, error) {
	set, err := loadCriteria(m)
	if err != nil {
		return nil, err
	}
	pl := &Plan{Manifest: m, Set: set, Analysis: sensitivity.DefaultOptions}
	a := &pl.Analysis
	for _, s := range []*criteria.Sensitivity{set.Sensitivity, m.Sensitivity} {
		if s == nil {
			continue
		}
		if s.Samples != 0 {
			a.Samples = s.Samples
		}
		if s.SeedSet {
			a.Seed = s.Seed
		}
		if s.Weights.Kind != "" {
			a.Weights = s.Weights
		}
		if s.Top != 0 {
			a.Top, pl.TopAt = s.Top, s.TopPos.String()
		}
	}
	if m.Sensitivity != nil && m.Sensitivity.Top != 0 {
		p := m.Sensitivity.TopPos
		p.File = filepath.Base(p.File)
		pl.TopAt = p.String()
	}
	if m.Selection != nil {
		if err := m.Selection.Check(set); err != nil {
			return nil, err
		}
	}
	if m.Cost != "" {
		if f := set.Field(m.Cost); f == nil || f.Type != portfolio.Number {
			var errs ErrorList
			errs.Add(m.CostPos, "cost: the criteria set %s has no number field %q", set.ID, m.Cost)
			return nil, errs.Err()
		}
		pl.Cost = m.Cost
	} else if f := set.Field("invest"); f != nil && f.Type == portfolio.Number {
		pl.Cost = f.Name
	}
	return pl, nil
}

// loadCriteria reads the manifest's criteria file. The set is parsed under
// the name the manifest gives it, so that positions written into the
// reports do not depend on where prio was run from; the positions of its
// problems name the file as it can be opened from here.
func loadCriteria(m *Manifest) (*criteria.Set, error) {
	path := m.Path(m.Criteria)
	f, err := fileerr.Open(path)
	switch {
	case err == nil:
	case m.CriteriaPos.Line == 0: // a run's record, which has no manifest
		return nil, err
	case errors.Is(err, fs.ErrNotExist):
		return nil, messages.Kind(err, "%s: the criteria file %s does not exist", m.CriteriaPos, m.Criteria)
	default:
		return nil, fmt.Errorf("%s: %w", m.CriteriaPos, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, criteria.MaxFileSize+1))
	if err != nil {
		return nil, fileerr.Describe(path, err)
	}
	set, err := criteria.Parse(bytes.NewReader(data), filepath.ToSlash(m.Criteria))
	var list strictyaml.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			e.Pos.File = path
		}
		return nil, list
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return set, nil
}

// Workbook file extensions a folder run takes as agencies' workbooks.
var workbookExts = []string{".xlsx", ".xlsm", ".csv"}

// FolderManifest is the manifest of `prio batch --criteria FILE DIR -o OUT`:
// one agency per workbook (.xlsx, .xlsm or .csv, in any case) in dir, named
// after the file without its extension, in the order of the file names;
// hidden files and Excel's lock files ("~$…") are left out. Two workbooks
// that give one name (Skatteverket.csv and Skatteverket.xlsx, or names
// that differ only in case) are an error naming both, as two agencies of
// one name are in a manifest. Paths are
// relative to the current folder; the formats are DefaultFormats and the
// sensitivity settings the criteria set's.
func FolderManifest(criteriaPath, dir, output string) (*Manifest, error) {
	if fi, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, messages.Kind(err, "%s: the folder does not exist", dir)
	} else if err != nil {
		return nil, fileerr.Describe(dir, err)
	} else if !fi.IsDir() {
		return nil, messages.Errorf("%s: not a folder; with --criteria, name a folder of workbooks", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fileerr.Describe(dir, err)
	}
	m := &Manifest{Dir: ".", Criteria: filepath.ToSlash(criteriaPath), Output: output, Formats: DefaultFormats}
	var names []string
	var dups []error
	first := map[string]string{} // the folded name → the workbook that gave it first
	for _, e := range entries {
		name := e.Name()
		ext := strings.ToLower(filepath.Ext(name))
		if e.IsDir() || !slices.Contains(workbookExts, ext) || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
			continue
		}
		agency := strings.TrimSuffix(name, filepath.Ext(name))
		workbook := filepath.ToSlash(filepath.Join(dir, name))
		// Names that differ only in case or in how an å is encoded (a
		// Mac writes file names decomposed) are one agency too.
		key := strings.ToLower(norm.NFC.String(agency))
		if other, dup := first[key]; dup {
			dups = append(dups, messages.Errorf("%s: duplicate agency name %q (also the name of %s): a folder run takes one workbook per agency; remove or rename one", workbook, agency, other))
			continue
		}
		first[key] = workbook
		names = append(names, agency)
		m.Agencies = append(m.Agencies, Agency{Name: agency, Workbook: workbook, Locale: "sv"})
	}
	if len(dups) > 0 {
		return nil, messages.JoinErrors(dups...)
	}
	if len(m.Agencies) == 0 {
		return nil, messages.Errorf("%s: no workbooks (.xlsx, .xlsm or .csv) in the folder", dir)
	}
	for i, s := range Slugs(names) {
		m.Agencies[i].Slug = s
	}
	return m, nil
}

// TotalSamples is the Monte Carlo samples of the whole run, for a progress
// bar: each agency's are counted as done when it finishes, whether it was
// analysed or not.
func (pl *Plan) TotalSamples() int {
	return len(pl.Manifest.Agencies) * pl.Analysis.Samples
}

// agencySelection is the manifest's selection with the agency's own
// budget, or nil when the manifest has none.
func (pl *Plan) agencySelection(a Agency) *criteria.Selection {
	shared := pl.Manifest.Selection
	if shared == nil {
		return nil
	}
	sel := *shared
	switch {
	case a.BudgetSet:
		sel.Budget, sel.BudgetPos = a.Budget, a.BudgetPos
	case a.Years != nil:
		sel.Years = a.Years
	}
	return &sel
}

// selectionIDs lists every id the manifest's selection names, with its
// place: each must be an investment of some agency.
func (m *Manifest) selectionIDs() []criteria.IDRef {
	sel := m.Selection
	if sel == nil {
		return nil
	}
	out := append(slices.Clone(sel.Must), sel.MustNot...)
	for _, r := range sel.Requires {
		out = append(out, r[0], r[1])
	}
	for _, g := range append(slices.Clone(sel.Together), sel.Exclusive...) {
		out = append(out, g...)
	}
	return out
}
