package reports

import (
	"fmt"
	"strings"

	"github.com/prio-tool/prio/scoring"
)

// missingWords say in each language that a starting point could not be
// checked for missing input. The result's Reason keeps the canonical
// "missing: F1, F2" of FORMATS.md §1 for programs; people read this.
var missingWords = map[string]string{
	"sv": "saknas: %s",
	"en": "missing: %s",
}

// gateReason is a gate's reason for people in lang.
func gateReason(g scoring.GateResult, lang string) string {
	if len(g.Missing) > 0 {
		return fmt.Sprintf(missingWords[lang], strings.Join(g.Missing, ", "))
	}
	return g.Reason
}
