package sensitivity

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/importers"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/scoring"
)

// A parameter read from a field that several investments lack gives one
// warning naming them, not one warning each: a portfolio without the
// column would otherwise bury the other warnings.
func TestUnreadParametersAreGathered(t *testing.T) {
	set, err := criteria.Parse(strings.NewReader(svSet), "sv.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, csv string
		want      []string
	}{
		{"one investment", "A;5;;10;1\nB;3;1;20;1\n",
			[]string{"k.csv:2: A: low of npv's uncertainty (npv_low) is missing; npv is taken as certain"}},
		{"three investments", "A;5;;10;\nB;3;;20;1\nC;4;;30;1\n", []string{
			"low of npv's uncertainty (npv_low) is missing for 3 investments (A, B, C); npv is taken as certain for them",
			"k.csv:2: A: sd of inv's uncertainty (inv_sd) is missing; inv is taken as certain",
		}},
		{"seven investments", "A;5;;10;1\nB;5;;10;1\nC;5;;10;1\nD;5;;10;1\nE;5;;10;1\nF;5;;10;1\nG;5;;10;1\n", []string{
			"low of npv's uncertainty (npv_low) is missing for 7 investments (A, B, C, D, E and 2 more); npv is taken as certain for them",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := importers.Read(set, []importers.Source{{Path: "k.csv", Data: []byte("ID;NNV;NNV låg;Inv;Inv sd\n" + tt.csv)}}, importers.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := scoring.Score(set, p)
			if err != nil {
				t.Fatal(err)
			}
			_, warnings, err := NewUncertainty(set, p, FromResult(res))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, messages.Strings(warnings, messages.English)); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}
