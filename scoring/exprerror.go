package scoring

import (
	"cmp"
	"errors"
	"slices"

	"github.com/expr-lang/expr/file"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
)

// ExprError is an expression of the criteria set (a derived field or a
// starting point) that failed to run: a type error, a conversion, a panic
// inside the expression engine. Missing inputs and results that are not
// finite numbers are not errors: they make a value missing. A failing
// expression is a defect of the criteria set, not missing data, so scoring
// stops with one ExprError per expression, naming the first investment it
// failed for and how many others.
type ExprError struct {
	Pos  criteria.Pos // where the expression starts in the criteria file
	What any          // "derived field X" or "starting point G1", a message
	Expr string
	// Investment and Row name the first investment it failed for; Inputs
	// the values it read, with their cells.
	Investment string
	Row        any
	Inputs     any
	Err        any // what went wrong, in the expression engine's words
	Others     int // how many other investments it failed for
}

func (e *ExprError) Error() string { return e.Localize(messages.English) }

// Localize gives the error in language l.
func (e *ExprError) Localize(l messages.Lang) string {
	return e.Pos.String() + ": " + e.message().In(l)
}

func (e *ExprError) message() messages.Message {
	if e.Others == 0 {
		return messages.M("%s = %s could not be computed for %s (%s; %s): %s; an expression that fails is a defect of the criteria set, not missing data: correct the expression",
			e.What, e.Expr, e.Investment, e.Row, e.Inputs, e.Err)
	}
	return messages.M("%s = %s could not be computed for %s (%s; %s): %s; it failed the same way for %d more; an expression that fails is a defect of the criteria set, not missing data: correct the expression",
		e.What, e.Expr, e.Investment, e.Row, e.Inputs, e.Err, e.Others)
}

// exprFailures collects the failures of expressions, one entry per
// expression in the order they first failed.
type exprFailures struct {
	list []*ExprError
	byAt map[criteria.Pos]*ExprError
}

func (f *exprFailures) add(e *ExprError) {
	if f.byAt == nil {
		f.byAt = make(map[criteria.Pos]*ExprError)
	}
	if first, ok := f.byAt[e.Pos]; ok {
		first.Others++
		return
	}
	f.byAt[e.Pos] = e
	f.list = append(f.list, e)
}

// errors gives the failures as scoring errors at the expressions'
// positions, in file order.
func (f *exprFailures) errors() ErrorList {
	slices.SortStableFunc(f.list, func(a, b *ExprError) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	out := make(ErrorList, 0, len(f.list))
	for _, e := range f.list {
		out = append(out, &Error{Pos: e.Pos.String(), Msg: e.message()})
	}
	return out
}

// exprMessage is the expression engine's account of a failure, without the
// excerpt of the source it adds (the message names the expression).
func exprMessage(err error) string {
	var fe *file.Error
	if errors.As(err, &fe) {
		return fe.Message
	}
	return err.Error()
}

// describeCells lists the values an expression read with the cells they
// came from: "start = 2025-03-31 at p.csv:2:3".
func (ev *evaluation) describeCells(ixs []int) any {
	parts := make([]any, len(ixs))
	for i, ix := range ixs {
		sl := ev.s.slots[ix]
		v := ev.values[ix]
		parts[i] = sl.name + " = " + formatValue(v, sl.kind)
		if sl.field >= 0 && !v.Cell.IsZero() {
			parts[i] = messages.M("%s at %s", parts[i], v.Cell.String())
		}
	}
	return messages.Join(parts, ", ")
}
