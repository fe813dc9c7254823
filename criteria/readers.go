package criteria

// markReaders fills each field's ReadBy: the derived fields, starting points
// and criteria that read it, directly or through derived fields. Derived
// fields are in evaluation order, so one pass sees every chain.
func markReaders(set *Set) {
	fields := make(map[string]*Field, len(set.Fields))
	for _, f := range set.Fields {
		fields[f.Name] = f
		f.ReadBy = nil
	}
	// reads gives, for a field or derived field name, the fields behind it.
	reads := make(map[string][]*Field)
	for _, f := range set.Fields {
		reads[f.Name] = []*Field{f}
	}
	for _, dv := range set.Derived {
		var behind []*Field
		for _, in := range dv.Inputs {
			for _, f := range reads[in] {
				if !containsField(behind, f) {
					behind = append(behind, f)
				}
			}
		}
		reads[dv.Name] = behind
		addReader(behind, dv.Name)
	}
	for _, g := range set.StartingPoints {
		var behind []*Field
		for _, in := range g.Inputs {
			behind = append(behind, reads[in]...)
		}
		addReader(behind, g.ID)
	}
	for _, c := range set.Leaves() {
		addReader(reads[c.Field], c.ID)
	}
}

func addReader(fields []*Field, id string) {
	for _, f := range fields {
		if len(f.ReadBy) == 0 || f.ReadBy[len(f.ReadBy)-1] != id {
			f.ReadBy = append(f.ReadBy, id)
		}
	}
}

func containsField(fs []*Field, f *Field) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}
