package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/internal/safeio"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/reports"
)

// RecordFormat is the "format" of run.json.
const RecordFormat = "prio.run/1"

// RecordName is the file name of the run record in a run folder.
const RecordName = "run.json"

// Record is run.json: what a batch run read and wrote, with the SHA-256 of
// every file, so that the run can be checked and repeated. Keys are written
// in the order of the fields. Paths of inputs and of the criteria file are
// as the manifest gives them, relative to Base; paths of outputs are
// relative to the run folder, with "/" between folders.
type Record struct {
	Format      string `json:"format"`
	PrioVersion string `json:"prio_version"`
	// Manifest is the manifest's path relative to the run folder's parent
	// (absolute when it is on another volume); null for a run without one
	// (`prio batch --criteria FILE DIR`).
	Manifest *string `json:"manifest"`
	// Base is the folder the paths of the inputs and the criteria file
	// start from (the manifest's folder), relative to the run folder's
	// parent, or absolute.
	Base     string         `json:"base"`
	Criteria CriteriaRecord `json:"criteria"`
	// The sensitivity settings, merged from prio's defaults, the criteria
	// set's and the manifest's. TopAt is where Top was set ("FILE:LINE:COL"
	// of the manifest or the criteria file), or null for prio's default.
	Seed         uint64   `json:"seed"`
	Samples      int      `json:"samples"`
	WeightsModel string   `json:"weights_model"`
	Top          int      `json:"top"`
	TopAt        *string  `json:"top_at"`
	Formats      []string `json:"formats"`
	// Lang is the language of the reports people read.
	Lang string `json:"lang"`
	// Cost is the number field summed as each agency's total cost, or null.
	Cost *string `json:"cost"`
	// Selection is the manifest's selection block as YAML, or null;
	// SelectionAt where it starts in the manifest ("FILE:LINE:COL"), null
	// when the YAML is the block written anew (positions are then in it).
	Selection   *string        `json:"selection"`
	SelectionAt *string        `json:"selection_at"`
	Agencies    []AgencyRecord `json:"agencies"`
	// Summary lists summary.xlsx and summary.html.
	Summary []OutputRecord `json:"summary"`
	// Compare is set when the run was compared with a previous one.
	Compare  *CompareRecord `json:"compare"`
	Started  string         `json:"started"`
	Finished string         `json:"finished"`

	// Comparison is what changed since the previous run, when the run was
	// compared with one; it is written to compare.json, not to run.json.
	Comparison *reports.BatchComparison `json:"-"`
	// Notes are what the run did on the user's behalf around the run
	// folder (a left-over temporary folder removed), in the run's
	// language; not written to run.json.
	Notes []messages.Message `json:"-"`
}

// CriteriaRecord names the criteria set of a run.
type CriteriaRecord struct {
	Path    string `json:"path"`
	ID      string `json:"id"`
	Version string `json:"version"`
	Status  string `json:"status"`
	SHA256  string `json:"sha256"`
}

// Agency statuses in run.json.
const (
	StatusOK     = "ok"
	StatusFailed = "failed"
)

// AgencyRecord is one agency of a run: what was asked (workbook, sheet,
// join, locale), what was read (inputs), what was written (outputs), and
// its warnings, notes and errors.
type AgencyRecord struct {
	Name     string   `json:"name"`
	Slug     string   `json:"slug"`
	Status   string   `json:"status"`
	Workbook string   `json:"workbook"`
	Sheet    *string  `json:"sheet"`
	Join     []string `json:"join"`
	Locale   string   `json:"locale"`
	// Budget is the agency's own budget for the selection, or null.
	Budget *BudgetRecord `json:"budget"`
	// Inputs are the workbook, then the joined files.
	Inputs []InputRecord `json:"inputs"`
	// Top is the k of the agency's sensitivity analysis, at most the number
	// it ranks; null when none ran.
	Top      *int           `json:"top"`
	Outputs  []OutputRecord `json:"outputs"`
	Warnings []string       `json:"warnings"`
	Notes    []string       `json:"notes"`
	Errors   []string       `json:"errors"`
	// Said holds the warnings, notes and errors of a run just made as
	// messages, for the terminal to give in the run's language; run.json
	// keeps them in English only, so a record read back has none.
	Said Said `json:"-"`
}

// Said is what a run told about one agency, in no language.
type Said struct {
	Warnings, Notes, Errors []messages.Message
}

// InputRecord is one file an agency's run read. SHA256 is null when the
// file could not be read; Sheet (null for CSV) and Rows are null when the
// file was not read into a portfolio.
type InputRecord struct {
	Path   string  `json:"path"`
	SHA256 *string `json:"sha256"`
	Sheet  *string `json:"sheet"`
	Rows   *int    `json:"rows"`
}

// OutputRecord is one file a run wrote.
type OutputRecord struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// CompareRecord is the comparison with a previous run: that run's folder
// relative to this run folder's parent (or absolute), and the files
// written.
type CompareRecord struct {
	Previous string         `json:"previous"`
	Outputs  []OutputRecord `json:"outputs"`
}

// Failed counts the agencies that failed.
func (r *Record) Failed() int {
	n := 0
	for _, a := range r.Agencies {
		if a.Status == StatusFailed {
			n++
		}
	}
	return n
}

// Outputs lists every output of the run, agencies' first, then the
// summary's and the comparison's.
func (r *Record) Outputs() []OutputRecord {
	var out []OutputRecord
	for _, a := range r.Agencies {
		out = append(out, a.Outputs...)
	}
	out = append(out, r.Summary...)
	if r.Compare != nil {
		out = append(out, r.Compare.Outputs...)
	}
	return out
}

// encode writes the record as JSON with two-space indentation and a final
// newline, <, > and & as they are.
func (r *Record) encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ErrNotRun is wrapped by the error of ReadRecord for a folder that is not
// a batch run: no run.json, or one that is not prio.run/1.
var ErrNotRun = errors.New("not a prio batch run") // not a message: a sentinel for errors.Is; its messages say it in the run's language

// maxRecordSize bounds run.json: a run of a hundred agencies records a few
// hundred kilobytes.
const maxRecordSize = 64 << 20

// ReadRecord reads the run.json of the run folder dir, strictly: unknown
// keys and another format are errors.
func ReadRecord(dir string) (*Record, error) {
	path := filepath.Join(dir, RecordName)
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, messages.Kind(ErrNotRun, "%s: not a prio batch run: it has no %s", dir, RecordName)
	case err != nil:
		return nil, fileerr.Describe(path, err)
	case fi.Mode()&os.ModeSymlink != 0:
		// A run writes its record; a link makes the folder vouch for a
		// file kept anywhere.
		return nil, messages.Kind(ErrNotRun, "%s: not a prio batch run: a symbolic link, not the file a run writes", path)
	}
	f, err := fileerr.Open(path) // a folder, a named pipe or a device is not a record, and is not waited on
	switch {
	case errors.Is(err, syscall.EISDIR), errors.Is(err, safeio.ErrNotRegular):
		return nil, messages.Kind(ErrNotRun, "%s: not a prio batch run: %s", path, fileerr.Reason(err))
	case err != nil:
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxRecordSize+1))
	if err != nil {
		return nil, fileerr.Describe(path, err)
	}
	if len(data) > maxRecordSize {
		return nil, messages.Kind(ErrNotRun, "%s: larger than %d MiB; not a prio batch run", path, maxRecordSize>>20)
	}
	var head struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, messages.Kind(ErrNotRun, "%s: not a prio batch run: %v", path, err)
	}
	if head.Format != RecordFormat {
		return nil, messages.Kind(ErrNotRun, "%s: not a prio batch run: format %q, not %s", path, head.Format, RecordFormat)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Record
	if err := dec.Decode(&r); err != nil {
		return nil, messages.Errorf("%s: %w", path, err)
	}
	if err := r.check(); err != nil {
		return nil, messages.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// check refuses a record whose output paths would leave the run folder or
// whose settings cannot be run again.
func (r *Record) check() error {
	for _, o := range r.Outputs() {
		if !filepath.IsLocal(filepath.FromSlash(o.Path)) {
			return messages.Errorf("output path %q is not inside the run folder", o.Path)
		}
	}
	if _, err := parseWeightModel(r.WeightsModel); err != nil {
		return err
	}
	if r.Samples < 1 || r.Samples > criteria.MaxSamples || r.Top < 1 {
		return messages.Errorf("samples %d or top %d out of range", r.Samples, r.Top)
	}
	if _, err := messages.ParseLang(r.Lang); err != nil {
		return messages.Errorf("unknown language %q (want sv or en)", r.Lang)
	}
	return nil
}

// parseWeightModel reads a weight model as run.json and the sensitivity
// JSON write it: free, order or vary:R.
func parseWeightModel(s string) (criteria.WeightModel, error) {
	switch s {
	case criteria.WeightsFree, criteria.WeightsOrder:
		return criteria.WeightModel{Kind: s}, nil
	}
	if rs, ok := strings.CutPrefix(s, criteria.WeightsVary+":"); ok {
		if r, err := strconv.ParseFloat(rs, 64); err == nil && r >= 0 && r <= 1 {
			return criteria.WeightModel{Kind: criteria.WeightsVary, Vary: r}, nil
		}
	}
	return criteria.WeightModel{}, messages.Errorf("unknown weight model %q", s)
}

func ptr[T any](v T) *T { return &v }

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
