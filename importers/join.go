package importers

import (
	"strconv"
	"strings"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
)

// absentColumn is an optional field without a column in a file, held back
// until the joined files are read: one of them may supply it.
type absentColumn struct {
	field int
	cell  portfolio.Cell
	near  []string // the headers of the sheet closest to the field's
}

// readJoins reads the joined files and adds their values to the state's
// portfolio by id, marking in supplied the fields a joined file has a
// column for. It returns the problems of the joined files: read errors, ids
// not in the portfolio, values that differ from the portfolio's.
func (st *readState) readJoins(joins []input, supplied []bool) (ErrorList, error) {
	p := st.p
	// Only the id is required of a joined file.
	fields := make([]*criteria.Field, len(st.fields))
	for i, f := range st.fields {
		c := *f
		c.Required = false
		fields[i] = &c
	}
	opts := st.opts
	opts.Sheet = ""
	var mainFiles []string
	for _, in := range p.Inputs {
		mainFiles = append(mainFiles, in.Path)
	}
	var errs ErrorList
	for _, in := range joins {
		jp := portfolio.New(p.Fields)
		jst := newReadState(st.ctx, jp, fields, opts)
		jst.joining = true
		fr, err := jst.readInput(in)
		if err != nil {
			return nil, err
		}
		if fileErrs := fr.errs.list; len(fileErrs) == 0 {
			columns := jp.Inputs[0].Columns
			for f := range columns {
				if columns[f] > 0 && f != st.idIdx {
					supplied[f] = true
				}
			}
			for j := range jp.Investments {
				st.joinInvestment(fr, jp, j, columns, mainFiles)
			}
			in := jp.Inputs[0]
			p.Inputs = append(p.Inputs, in)
		}
		errs = append(errs, fr.errs.finish()...)
		p.Warnings = append(p.Warnings, texts(fr.warns.finish())...)
		p.Notes = append(p.Notes, texts(fr.notes.finish())...)
	}
	return errs, nil
}

// joinInvestment adds joined investment j's values to the portfolio's
// investment of the same id.
func (st *readState) joinInvestment(fr *fileReader, jp *portfolio.Portfolio, j int, columns []int, mainFiles []string) {
	p := st.p
	inv := jp.Investments[j]
	target, ok := st.ids[idKey(inv.ID)]
	if !ok {
		fr.errs.addf(inv.Source, "id %s is not in the portfolio (%s)", quote(inv.ID), strings.Join(mainFiles, ", "))
		return
	}
	i := int(target)
	for f, field := range p.Fields {
		if f == st.idIdx || columns[f] == 0 {
			continue
		}
		jv, pv := jp.Value(j, f), p.Value(i, f)
		if !jv.Present {
			if !pv.Present && pv.Cell.IsZero() {
				// Missing either way, but now with a cell where it was
				// looked for.
				p.Set(i, f, jv)
			}
			continue
		}
		if pv.Present {
			if !sameValue(pv, jv, field.Kind) {
				fr.errs.addf(jv.Cell, "%s of %s is %s here but %s at %s",
					field.Name, quote(inv.ID), valueText(jv, field.Kind), valueText(pv, field.Kind), pv.Cell)
			}
			continue
		}
		p.Set(i, f, jv)
	}
}

func sameValue(a, b portfolio.Value, k portfolio.Kind) bool {
	switch k {
	case portfolio.Text:
		return a.Text == b.Text
	case portfolio.YesNo:
		return a.Bool == b.Bool
	case portfolio.Date:
		return a.Date.Equal(b.Date)
	}
	return a.Num == b.Num
}

// valueText shows a value in a message.
func valueText(v portfolio.Value, k portfolio.Kind) string {
	switch k {
	case portfolio.Text:
		return quote(v.Text)
	case portfolio.YesNo:
		if v.Bool {
			return "Ja"
		}
		return "Nej"
	case portfolio.Date:
		return v.Date.Format("2006-01-02")
	case portfolio.Scale:
		return quote(v.Text)
	}
	return strconv.FormatFloat(v.Num, 'g', -1, 64)
}
