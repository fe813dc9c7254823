package selection

// dynamicProgramme is filled in below.
func (e *engine) dynamicProgramme(root []int8) ([]int8, bool) { return nil, false }
