package reports

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strconv"

	"github.com/prio-tool/prio/messages"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
	"github.com/prio-tool/prio/scoring"
)

// ResultFormat is the "format" of the JSON document WriteJSON writes.
const ResultFormat = "prio.result/1"

// The JSON document of FORMATS.md §3. Struct field order is key order.
type (
	jsonResult struct {
		Format      string           `json:"format"`
		PrioVersion string           `json:"prio_version"`
		Criteria    jsonCriteria     `json:"criteria"`
		Inputs      []jsonInput      `json:"inputs"`
		Weights     leafNumbers      `json:"weights"`
		Investments []jsonInvestment `json:"investments"`
		Warnings    []string         `json:"warnings"`
	}
	jsonCriteria struct {
		ID      string `json:"id"`
		Version string `json:"version"`
		Status  string `json:"status"`
		SHA256  string `json:"sha256"`
	}
	jsonInput struct {
		Path   string  `json:"path"`
		SHA256 string  `json:"sha256"`
		Sheet  *string `json:"sheet"`
		Rows   int     `json:"rows"`
	}
	jsonInvestment struct {
		ID            string      `json:"id"`
		Name          *string     `json:"name"`
		Agency        *string     `json:"agency"`
		Source        *string     `json:"source"`
		Status        string      `json:"status"`
		Rank          *int        `json:"rank"`
		Score         number      `json:"score"`
		Values        leafNumbers `json:"values"`
		Contributions leafNumbers `json:"contributions"`
		Missing       []string    `json:"missing"`
		Gates         []jsonGate  `json:"gates"`
	}
	jsonGate struct {
		ID     string `json:"id"`
		Passed bool   `json:"passed"`
		Reason string `json:"reason,omitempty"`
	}
)

// number is a float64 written by appendNumber: never -0, never NaN.
type number float64

func (n number) MarshalJSON() ([]byte, error) { return appendNumber(nil, float64(n)) }

// leafNumbers is a JSON object keyed by criterion id, in the order of ids
// (Result.Leaves), which a Go map cannot keep.
type leafNumbers struct {
	ids []string
	xs  []float64
}

func (m leafNumbers) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, id := range m.ids {
		if i > 0 {
			b = append(b, ',')
		}
		k, err := jsonString(id)
		if err != nil {
			return nil, err
		}
		b = append(b, k...)
		b = append(b, ':')
		if b, err = appendNumber(b, m.xs[i]); err != nil {
			return nil, messages.Errorf("%s: %w", id, err)
		}
	}
	return append(b, '}'), nil
}

// jsonString escapes s as encoding/json does, without escaping <, > and &.
func jsonString(s string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// nullIfEmpty gives JSON null for "".
func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// WriteJSON writes r as the prio.result/1 document of FORMATS.md §3: keys in
// the contract's order, two-space indentation, a trailing newline, numbers
// at full precision. The document is written as it is walked, not built in
// memory. It writes nothing and returns an error wrapping
// [ErrInvalidResult] when r cannot be rendered.
func WriteJSON(w io.Writer, r *scoring.Result, o Options) error {
	if _, err := o.lang(); err != nil {
		return err
	}
	if err := checkResult(r); err != nil {
		return err
	}
	ids := leafIDs(r)
	j := newJSONWriter(w)
	j.beginObject()
	j.key("format")
	j.str(ResultFormat)
	j.key("prio_version")
	j.str(o.Version)
	j.key("criteria")
	j.criteria(r.Criteria)
	j.key("inputs")
	j.inputs(r.Inputs)
	j.key("weights")
	j.leafObject(ids, r.Weights)
	j.key("investments")
	j.beginArray()
	// The investments are formatted a chunk at a time (formatChunks), each
	// by a writer that starts where this one is: inside the array, empty
	// only before the first.
	if err := j.w.Flush(); err != nil {
		return err
	}
	err := formatChunks(j.w, len(r.Investments), func(b *bytes.Buffer, from, to int) error {
		cj := &jsonWriter{w: chunkWriter(b), open: slices.Clone(j.open)}
		defer chunkWriters.Put(cj.w)
		cj.open[len(cj.open)-1] = from == 0
		for i := from; i < to; i++ {
			cj.investment(&r.Investments[i], ids, r.Gates)
		}
		if err := cj.w.Flush(); err != nil && cj.err == nil {
			cj.err = err
		}
		return cj.err
	})
	if err != nil {
		return err
	}
	if len(r.Investments) > 0 {
		j.open[len(j.open)-1] = false
	}
	j.endArray()
	j.key("warnings")
	j.strings(messages.Strings(r.Warnings, messages.English))
	j.endObject()
	return j.finish()
}

// investment writes one investment of the result's array.
func (j *jsonWriter) investment(a *scoring.Assessment, ids []string, gates []*criteria.Gate) {
	j.beginObject()
	j.key("id")
	j.str(a.ID)
	j.key("name")
	j.strOrNull(a.Name)
	j.key("agency")
	j.strOrNull(a.Agency)
	j.key("source")
	j.cellRow(a.Source) // source(a), written without making it
	j.key("status")
	j.str(string(a.Status))
	j.key("rank")
	if a.Status == scoring.Excluded {
		j.null()
	} else {
		j.integer(a.Rank)
	}
	j.key("score")
	j.num(a.Score)
	j.key("values")
	j.leafObject(ids, a.Values)
	j.key("contributions")
	j.leafObject(ids, a.Contributions)
	j.key("missing")
	j.strings(a.Missing)
	j.key("gates")
	j.beginArray()
	for _, g := range a.Gates {
		j.beginObject()
		j.key("id")
		j.str(g.ID)
		j.key("passed")
		j.boolean(g.Passed)
		if g.Reason != "" {
			j.key("reason")
			j.str(g.Reason)
		}
		j.gateFacts(g, gates)
		j.endObject()
	}
	j.endArray()
	j.endObject()
}

// gateFacts writes what a gate's reason says as data (FORMATS.md §3, gate
// entries, amended): the fields it could not read, or the expression and
// the values it read.
func (j *jsonWriter) gateFacts(g scoring.GateResult, gates []*criteria.Gate) {
	if len(g.Missing) > 0 {
		j.key("missing")
		j.strings(g.Missing)
		return
	}
	if len(g.Values) == 0 && (g.Passed || !g.Evaluated) {
		return
	}
	for _, def := range gates {
		if def.ID == g.ID {
			j.key("expression")
			j.str(def.Require)
			break
		}
	}
	j.key("values")
	j.beginObject()
	for _, v := range g.Values {
		j.key(v.Field)
		j.gateValue(v)
	}
	j.endObject()
}

// gateValue writes a value a gate read as data: a number as a number, yes
// or no as true or false, a scale by its level label, a date as
// YYYY-MM-DD, text as it is.
func (j *jsonWriter) gateValue(v scoring.GateValue) {
	switch v.Kind {
	case portfolio.Number, portfolio.Percent:
		j.num(v.Value.Num)
	case portfolio.YesNo:
		j.boolean(v.Value.Bool)
	case portfolio.Scale:
		if v.Value.Text != "" {
			j.str(v.Value.Text)
		} else {
			j.str(strconv.Itoa(int(v.Value.Num)))
		}
	case portfolio.Date:
		j.str(v.Value.Date.Format("2006-01-02"))
	default:
		j.str(v.Value.Text)
	}
}

// leafIDs are the ids of r's leaves, in tree order.
func leafIDs(r *scoring.Result) []string {
	ids := make([]string, len(r.Leaves))
	for i, c := range r.Leaves {
		ids[i] = c.ID
	}
	return ids
}

// criteria writes the "criteria" block every result document starts with.
func (j *jsonWriter) criteria(c scoring.CriteriaInfo) {
	j.beginObject()
	j.key("id")
	j.str(c.ID)
	j.key("version")
	j.str(c.Version)
	j.key("status")
	j.str(c.Status)
	j.key("sha256")
	j.str(c.SHA256)
	j.endObject()
}

// inputs writes the "inputs" list: the paths as given, sheet null for CSV.
func (j *jsonWriter) inputs(inputs []portfolio.Input) {
	j.beginArray()
	for _, in := range inputs {
		j.beginObject()
		j.key("path")
		j.str(in.Path)
		j.key("sha256")
		j.str(in.SHA256)
		j.key("sheet")
		j.strOrNull(in.Sheet)
		j.key("rows")
		j.integer(in.Rows)
		j.endObject()
	}
	j.endArray()
}

// newJSONCriteria is the "criteria" block every result document starts with.
func newJSONCriteria(c scoring.CriteriaInfo) jsonCriteria {
	return jsonCriteria{ID: c.ID, Version: c.Version, Status: c.Status, SHA256: c.SHA256}
}

// newJSONInputs is the "inputs" list: the paths as given, sheet null for CSV.
func newJSONInputs(inputs []portfolio.Input) []jsonInput {
	out := make([]jsonInput, 0, len(inputs))
	for _, in := range inputs {
		out = append(out, jsonInput{
			Path:   in.Path,
			SHA256: in.SHA256,
			Sheet:  nullIfEmpty(in.Sheet),
			Rows:   in.Rows,
		})
	}
	return out
}

// writeJSONDocument encodes doc with two-space indentation, <, > and &
// unescaped and a trailing newline, and writes it in one call: an error
// while encoding (a NaN, say) writes nothing.
func writeJSONDocument(w io.Writer, doc any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return invalid("%v", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
