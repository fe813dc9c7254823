package portfolio

// Parts are the columns of a sum_columns field one by one, as well as
// their sum (FORMATS.md §5, annual costs): the label of each column (its
// sub-header without a unit hint, "2026") and each investment's value in
// it. A selection with annual budgets reads them year by year.
type Parts struct {
	// Labels in the order the files first give them.
	Labels []string
	index  map[string]int
	// values[l] holds each investment's value in column Labels[l], 0 where
	// its row has no such column or a blank cell there.
	values [][]float64
	// missing marks the investments whose parts are missing: a missing
	// marker or an error value in a column, or every column blank.
	missing []bool
}

// SetParts records investment i's values of sum_columns field f, one per
// label; missing says the row's parts are missing (see Parts).
func (p *Portfolio) SetParts(i, f int, labels []string, values []float64, missing bool) {
	if p.parts == nil {
		p.parts = make(map[int]*Parts)
	}
	pt := p.parts[f]
	if pt == nil {
		pt = &Parts{index: make(map[string]int)}
		p.parts[f] = pt
	}
	for len(pt.missing) <= i {
		pt.missing = append(pt.missing, true)
	}
	pt.missing[i] = missing
	for k, label := range labels {
		l, ok := pt.index[label]
		if !ok {
			l = len(pt.Labels)
			pt.index[label] = l
			pt.Labels = append(pt.Labels, label)
			pt.values = append(pt.values, nil)
		}
		col := pt.values[l]
		for len(col) <= i {
			col = append(col, 0)
		}
		col[i] += values[k] // two columns of one label in one row add up
		pt.values[l] = col
	}
}

// Parts gives the parts of field f, or nil when it has none (not a
// sum_columns field, or no file gave it columns).
func (p *Portfolio) Parts(f int) *Parts { return p.parts[f] }

// Value gives investment i's value in the column labelled label: 0 when
// its row has no such column or a blank cell; ok is false when the label
// is unknown or the investment's parts are missing.
func (pt *Parts) Value(i int, label string) (x float64, ok bool) {
	l, known := pt.index[label]
	if !known || pt.Missing(i) {
		return 0, false
	}
	if col := pt.values[l]; i < len(col) {
		return col[i], true
	}
	return 0, true
}

// Missing reports whether investment i's parts are missing.
func (pt *Parts) Missing(i int) bool { return i >= len(pt.missing) || pt.missing[i] }
