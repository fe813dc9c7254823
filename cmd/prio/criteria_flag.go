package main

import (
	"errors"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/messages"
)

// loadCriteriaFlag loads the criteria set that -c names. A portfolio given
// there by mistake (prio score -c portfel.csv) is said to be one, with the
// fix: the YAML parser's own complaint about a CSV line would only mislead.
func loadCriteriaFlag(path string) (*criteria.Set, error) {
	set, err := criteria.Load(path)
	if errors.Is(err, criteria.ErrPortfolioGiven) {
		return nil, messages.Errorf("%w: give it as an argument, and the criteria file with -c", err)
	}
	return set, err
}
