package selection

import "context"

// findConflict finds an irreducible conflicting set of an infeasible
// problem by the deletion filter: each rule and budget in rule order is
// dropped for good if the problem stays infeasible without it, else kept.
// What is kept at the end is infeasible, and dropping any one of it makes
// the rest feasible. minimal is false when a check was stopped by a limit
// (its rule is then kept, so the set is still infeasible, perhaps not
// irreducible).
func findConflict(ctx context.Context, p *Problem, o Options) (set []RuleRef, minimal bool, err error) {
	rules := p.rules()
	active := make(ruleSet, len(rules))
	for _, r := range rules {
		active[r] = true
	}
	minimal = true
	for _, r := range rules {
		active[r] = false
		feasible, known, err := isFeasible(ctx, p, active, o)
		if err != nil {
			return nil, false, err
		}
		if !known {
			minimal = false
		}
		if feasible || !known {
			active[r] = true
		}
	}
	for _, r := range rules {
		if active[r] {
			set = append(set, r)
		}
	}
	return set, minimal, nil
}

// isFeasible reports whether some portfolio meets the active rules; known
// is false when a limit stopped the search first.
func isFeasible(ctx context.Context, p *Problem, active ruleSet, o Options) (feasible, known bool, err error) {
	md := compile(p, compileOptions{rules: active})
	if md.contradiction {
		return false, true, nil
	}
	pr := md.prog
	root := append([]int8(nil), pr.fixed...)
	var trail []int32
	sr := newSearcher(pr)
	if !sr.prop.run(root, &trail) {
		return false, true, nil
	}
	lim := newLimits(ctx, o)
	res := sr.search(&searchConfig{mode: modeAtLeast, thr: negInf, root: root}, lim)
	if lim.err != nil {
		return false, false, lim.err
	}
	switch res.status {
	case bbFound:
		return true, true, nil
	case bbComplete:
		return false, true, nil
	}
	return false, false, nil
}
