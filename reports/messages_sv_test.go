package reports

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/scoring"
)

// TestMessagesInSwedish renders results that cannot be rendered, and asks
// for a language the reports have no labels in, with Swedish chosen: the
// errors in full, in Swedish written by hand, still wrapping their
// sentinels. (The detail after "ett fel i prio:" is for prio's developers
// and stays English.)
func TestMessagesInSwedish(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(r *scoring.Result)
		opts   Options
		want   string
		kind   error
	}{
		{"NaN score", func(r *scoring.Result) { r.Investments[0].Score = math.NaN() }, Options{},
			"ogiltigt resultat, ett fel i prio: investment FK-12: score is NaN", ErrInvalidResult},
		{"unknown status", func(r *scoring.Result) { r.Investments[2].Status = "tied" }, Options{},
			`ogiltigt resultat, ett fel i prio: investment SKV-4: unknown status "tied"`, ErrInvalidResult},
		{"weights not parallel", func(r *scoring.Result) { r.Weights = r.Weights[:5] }, Options{Lang: "sv"},
			"ogiltigt resultat, ett fel i prio: 5 weights for 6 criteria", ErrInvalidResult},
		{"unknown language", nil, Options{Lang: "fi"},
			`okänt språk "fi" (välj sv eller en)`, ErrUnknownLang},
	}
	for _, tt := range tests {
		for format, write := range writers {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				r := testResult()
				if tt.change != nil {
					tt.change(r)
				}
				var buf bytes.Buffer
				err := write(&buf, r, tt.opts)
				if err == nil || messages.Localize(err, messages.Swedish) != tt.want {
					t.Errorf("error = %v, want %s", err, tt.want)
				}
				if !errors.Is(err, tt.kind) {
					t.Errorf("error %v does not wrap %v", err, tt.kind)
				}
			})
		}
	}
	// A sensitivity report of a nil analysis.
	var buf bytes.Buffer
	err := WriteSensitivityJSON(&buf, nil, Options{})
	if want := "ogiltigt resultat, ett fel i prio: no result"; err == nil || messages.Localize(err, messages.Swedish) != want {
		t.Errorf("WriteSensitivityJSON(nil) = %v, want %s", err, want)
	}
}
