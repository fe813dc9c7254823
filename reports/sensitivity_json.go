package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/prio-tool/prio/scoring/sensitivity"
)

// SensitivityFormat is the "format" of the JSON document
// WriteSensitivityJSON writes.
const SensitivityFormat = "prio.sensitivity/1"

// The prio.sensitivity/1 document of FORMATS.md §3. Struct field order is
// key order; the optional matrices are left out when nil.
type (
	jsonSensitivity struct {
		Format          string                    `json:"format"`
		PrioVersion     string                    `json:"prio_version"`
		Criteria        jsonCriteria              `json:"criteria"`
		Inputs          []jsonInput               `json:"inputs"`
		Seed            uint64                    `json:"seed"`
		Samples         int                       `json:"samples"`
		WeightsModel    string                    `json:"weights_model"`
		Top             int                       `json:"top"`
		Investments     []jsonSensitivityInv      `json:"investments"`
		Stability       []jsonStability           `json:"stability"`
		Tornado         []jsonTornado             `json:"tornado"`
		MissingDecisive []jsonDecisive            `json:"missing_decisive"`
		Pairwise        *object[leafNumbers]      `json:"pairwise,omitempty"`
		Sweeps          *object[[]jsonSweepPiece] `json:"sweeps,omitempty"`
		Warnings        []string                  `json:"warnings"`
	}
	jsonSensitivityInv struct {
		ID             string       `json:"id"`
		Rank           int          `json:"rank"`
		Score          number       `json:"score"`
		Acceptability  []number     `json:"acceptability"`
		TopK           number       `json:"top_k"`
		CentralWeights *leafNumbers `json:"central_weights"`
		Confidence     *number      `json:"confidence"`
		RankRange      [2]int       `json:"rank_range"`
	}
	jsonStability struct {
		ID      string    `json:"id"`
		Weight  number    `json:"weight"`
		Ranking [2]number `json:"ranking"`
		TopK    [2]number `json:"top_k"`
		Below   *jsonSwap `json:"below"`
		Above   *jsonSwap `json:"above"`
	}
	jsonSwap struct {
		At   number `json:"at"`
		Up   string `json:"up"`
		Down string `json:"down"`
	}
	jsonTornado struct {
		ID    string         `json:"id"`
		Ranks object[[2]int] `json:"ranks"`
	}
	jsonDecisive struct {
		ID    string   `json:"id"`
		Cells []string `json:"cells"`
	}
	jsonSweepPiece struct {
		From  number   `json:"from"`
		To    number   `json:"to"`
		Order []string `json:"order"`
	}
)

// object is a JSON object whose keys keep the order given (criteria-tree
// or rank order), which a Go map cannot; values[i] belongs to keys[i].
type object[T any] struct {
	keys   []string
	values []T
}

func (o object[T]) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, key := range o.keys {
		if i > 0 {
			b = append(b, ',')
		}
		k, err := jsonString(key)
		if err != nil {
			return nil, err
		}
		var v bytes.Buffer
		enc := json.NewEncoder(&v) // json.Marshal would escape <, > and & in ids
		enc.SetEscapeHTML(false)
		if err := enc.Encode(o.values[i]); err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		b = append(append(append(b, k...), ':'), bytes.TrimSuffix(v.Bytes(), []byte("\n"))...)
	}
	return append(b, '}'), nil
}

// numbers converts xs for the JSON document.
func numbers(xs []float64) []number {
	out := make([]number, len(xs))
	for i, x := range xs {
		out[i] = number(x)
	}
	return out
}

// WriteSensitivityJSON writes r as the prio.sensitivity/1 document of
// FORMATS.md §3: keys in the contract's order (investments, and maps keyed
// by investment, in rank order; maps keyed by criterion in tree order),
// two-space indentation, a trailing newline, numbers at full precision
// written as WriteJSON writes them. "pairwise" and "sweeps" are present
// only when r holds them. In addition to the contract's keys the document
// ends with "warnings", r.Warnings as a list ([] when none), as the score
// document does. The same r always gives the same bytes. It writes nothing
// and returns an error wrapping [ErrInvalidResult] when r cannot be
// rendered.
func WriteSensitivityJSON(w io.Writer, r *sensitivity.Result, o Options) error {
	if _, err := o.lang(); err != nil {
		return err
	}
	if err := checkSensitivity(r); err != nil {
		return err
	}
	ids := make([]string, len(r.Investments))
	for i := range r.Investments {
		ids[i] = r.Investments[i].ID
	}
	doc := jsonSensitivity{
		Format:          SensitivityFormat,
		PrioVersion:     o.Version,
		Criteria:        newJSONCriteria(r.Criteria),
		Inputs:          newJSONInputs(r.Inputs),
		Seed:            r.Seed,
		Samples:         r.Samples,
		WeightsModel:    sensitivity.ModelName(r.Weights),
		Top:             r.Top,
		Investments:     make([]jsonSensitivityInv, 0, len(r.Investments)),
		Stability:       make([]jsonStability, 0, len(r.Stability)),
		Tornado:         make([]jsonTornado, 0, len(r.Tornado)),
		MissingDecisive: make([]jsonDecisive, 0, len(r.MissingDecisive)),
		Warnings:        append([]string{}, r.Warnings...),
	}
	for i := range r.Investments {
		inv := &r.Investments[i]
		ji := jsonSensitivityInv{
			ID:            inv.ID,
			Rank:          inv.Rank,
			Score:         number(inv.Score),
			Acceptability: numbers(inv.Acceptability),
			TopK:          number(inv.TopK),
			RankRange:     [2]int{inv.RankRange.Best, inv.RankRange.Worst},
		}
		if inv.CentralWeights != nil {
			ji.CentralWeights = &leafNumbers{r.Leaves, inv.CentralWeights}
		}
		if inv.Confidence != nil {
			c := number(*inv.Confidence)
			ji.Confidence = &c
		}
		doc.Investments = append(doc.Investments, ji)
	}
	swap := func(s *sensitivity.Swap) *jsonSwap {
		if s == nil {
			return nil
		}
		return &jsonSwap{At: number(s.At), Up: s.Up, Down: s.Down}
	}
	for _, s := range r.Stability {
		doc.Stability = append(doc.Stability, jsonStability{
			ID:      s.Leaf,
			Weight:  number(s.Weight),
			Ranking: [2]number{number(s.Ranking[0]), number(s.Ranking[1])},
			TopK:    [2]number{number(s.TopK[0]), number(s.TopK[1])},
			Below:   swap(s.Below),
			Above:   swap(s.Above),
		})
	}
	for k, row := range r.Tornado {
		ranks := object[[2]int]{keys: ids, values: make([][2]int, len(row))}
		for i, rr := range row {
			ranks.values[i] = [2]int{rr.Best, rr.Worst}
		}
		doc.Tornado = append(doc.Tornado, jsonTornado{ID: r.Leaves[k], Ranks: ranks})
	}
	for _, d := range r.MissingDecisive {
		doc.MissingDecisive = append(doc.MissingDecisive, jsonDecisive{ID: d.ID, Cells: append([]string{}, d.Cells...)})
	}
	if r.Pairwise != nil {
		pw := object[leafNumbers]{keys: ids, values: make([]leafNumbers, len(r.Pairwise))}
		for a, row := range r.Pairwise {
			pw.values[a] = leafNumbers{ids, row}
		}
		doc.Pairwise = &pw
	}
	if r.Sweeps != nil {
		sw := object[[]jsonSweepPiece]{keys: r.Leaves, values: make([][]jsonSweepPiece, len(r.Sweeps))}
		for k, pieces := range r.Sweeps {
			out := make([]jsonSweepPiece, 0, len(pieces))
			for _, p := range pieces {
				out = append(out, jsonSweepPiece{From: number(p.From), To: number(p.To), Order: append([]string{}, p.Order...)})
			}
			sw.values[k] = out
		}
		doc.Sweeps = &sw
	}
	return writeJSONDocument(w, doc)
}
