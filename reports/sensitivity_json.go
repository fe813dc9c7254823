package reports

import (
	"io"

	"github.com/prio-tool/prio/messages"

	"github.com/prio-tool/prio/scoring/sensitivity"
)

// SensitivityFormat is the "format" of the JSON document
// WriteSensitivityJSON writes.
const SensitivityFormat = "prio.sensitivity/1"

// WriteSensitivityJSON writes r as the prio.sensitivity/1 document of
// FORMATS.md §3: keys in the contract's order (investments, and maps keyed
// by investment, in rank order; maps keyed by criterion in tree order),
// two-space indentation, a trailing newline, numbers at full precision
// written as WriteJSON writes them. "pairwise" and "sweeps" are present
// only when r holds them; "acceptability_rest" follows "acceptability"
// when that lists ranks 1..K only (past 1,000 ranked investments). In addition to the contract's keys the document
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
	j := newJSONWriter(w)
	j.beginObject()
	j.key("format")
	j.str(SensitivityFormat)
	j.key("prio_version")
	j.str(o.Version)
	j.key("criteria")
	j.criteria(r.Criteria)
	j.key("inputs")
	j.inputs(r.Inputs)
	j.key("seed")
	j.uinteger(r.Seed)
	j.key("samples")
	j.integer(r.Samples)
	j.key("weights_model")
	j.str(sensitivity.ModelName(r.Weights))
	j.key("top")
	j.integer(r.Top)
	j.key("investments")
	j.beginArray()
	for i := range r.Investments {
		inv := &r.Investments[i]
		j.beginObject()
		j.key("id")
		j.str(inv.ID)
		j.key("rank")
		j.integer(inv.Rank)
		j.key("score")
		j.num(inv.Score)
		j.key("acceptability")
		j.beginArray()
		for _, x := range inv.Acceptability {
			j.num(x)
		}
		j.endArray()
		if inv.AcceptabilityRest != nil {
			j.key("acceptability_rest")
			j.num(*inv.AcceptabilityRest)
		}
		j.key("top_k")
		j.num(inv.TopK)
		j.key("central_weights")
		if inv.CentralWeights != nil {
			j.leafObject(r.Leaves, inv.CentralWeights)
		} else {
			j.null()
		}
		j.key("confidence")
		if inv.Confidence != nil {
			j.num(*inv.Confidence)
		} else {
			j.null()
		}
		j.key("rank_range")
		j.intPair(inv.RankRange.Best, inv.RankRange.Worst)
		j.endObject()
	}
	j.endArray()
	j.key("stability")
	j.beginArray()
	for _, s := range r.Stability {
		j.beginObject()
		j.key("id")
		j.str(s.Leaf)
		j.key("weight")
		j.num(s.Weight)
		j.key("ranking")
		j.numPair(s.Ranking[0], s.Ranking[1])
		j.key("top_k")
		j.numPair(s.TopK[0], s.TopK[1])
		j.key("below")
		j.swap(s.Below)
		j.key("above")
		j.swap(s.Above)
		j.endObject()
	}
	j.endArray()
	j.key("tornado")
	j.beginArray()
	for k, row := range r.Tornado {
		j.beginObject()
		j.key("id")
		j.str(r.Leaves[k])
		j.key("ranks")
		j.beginObject()
		for i, rr := range row {
			j.key(ids[i])
			j.intPair(rr.Best, rr.Worst)
		}
		j.endObject()
		j.endObject()
	}
	j.endArray()
	j.key("missing_decisive")
	j.beginArray()
	for _, d := range r.MissingDecisive {
		j.beginObject()
		j.key("id")
		j.str(d.ID)
		j.key("cells")
		j.strings(d.Cells)
		j.endObject()
	}
	j.endArray()
	if r.Pairwise != nil {
		j.key("pairwise")
		j.beginObject()
		for a, row := range r.Pairwise {
			j.key(ids[a])
			j.leafObject(ids, row)
		}
		j.endObject()
	}
	if r.Sweeps != nil {
		j.key("sweeps")
		j.beginObject()
		for k, pieces := range r.Sweeps {
			j.key(r.Leaves[k])
			j.beginArray()
			for _, p := range pieces {
				j.beginObject()
				j.key("from")
				j.num(p.From)
				j.key("to")
				j.num(p.To)
				j.key("order")
				j.strings(p.Order)
				j.endObject()
			}
			j.endArray()
		}
		j.endObject()
	}
	j.key("warnings")
	j.strings(messages.Strings(r.Warnings, messages.English))
	j.endObject()
	return j.finish()
}

// intPair writes [a, b] as encoding/json indents a two-element array.
func (j *jsonWriter) intPair(a, b int) {
	j.beginArray()
	j.integer(a)
	j.integer(b)
	j.endArray()
}

func (j *jsonWriter) numPair(a, b float64) {
	j.beginArray()
	j.num(a)
	j.num(b)
	j.endArray()
}

// swap writes the pair that swaps at a stability bound, or null.
func (j *jsonWriter) swap(s *sensitivity.Swap) {
	if s == nil {
		j.null()
		return
	}
	j.beginObject()
	j.key("at")
	j.num(s.At)
	j.key("up")
	j.str(s.Up)
	j.key("down")
	j.str(s.Down)
	j.endObject()
}
