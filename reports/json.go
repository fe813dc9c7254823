package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

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
			return nil, fmt.Errorf("%s: %w", id, err)
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
// at full precision. It writes nothing and returns an error wrapping
// [ErrInvalidResult] when r cannot be rendered.
func WriteJSON(w io.Writer, r *scoring.Result, o Options) error {
	if _, err := o.lang(); err != nil {
		return err
	}
	if err := checkResult(r); err != nil {
		return err
	}
	ids := make([]string, len(r.Leaves))
	for i, c := range r.Leaves {
		ids[i] = c.ID
	}
	doc := jsonResult{
		Format:      ResultFormat,
		PrioVersion: o.Version,
		Criteria:    newJSONCriteria(r.Criteria),
		Inputs:      newJSONInputs(r.Inputs),
		Weights:     leafNumbers{ids, r.Weights},
		Investments: make([]jsonInvestment, 0, len(r.Investments)),
		Warnings:    append([]string{}, r.Warnings...),
	}
	for i := range r.Investments {
		a := &r.Investments[i]
		inv := jsonInvestment{
			ID:            a.ID,
			Name:          nullIfEmpty(a.Name),
			Agency:        nullIfEmpty(a.Agency),
			Source:        nullIfEmpty(source(a)),
			Status:        string(a.Status),
			Score:         number(a.Score),
			Values:        leafNumbers{ids, a.Values},
			Contributions: leafNumbers{ids, a.Contributions},
			Missing:       append([]string{}, a.Missing...),
			Gates:         make([]jsonGate, 0, len(a.Gates)),
		}
		if a.Status != scoring.Excluded {
			rank := a.Rank
			inv.Rank = &rank
		}
		for _, g := range a.Gates {
			inv.Gates = append(inv.Gates, jsonGate{ID: g.ID, Passed: g.Passed, Reason: g.Reason})
		}
		doc.Investments = append(doc.Investments, inv)
	}
	return writeJSONDocument(w, doc)
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
