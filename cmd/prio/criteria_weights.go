package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/messages"
	"github.com/prio-tool/prio/reports"
)

type criteriaWeightsOptions struct {
	node               string
	method             string
	order              string
	points             string
	matrix             string
	acceptInconsistent bool
	output             string
	// now gives today's date for the new version's change entry; tests
	// set it.
	now func() time.Time
}

var weightMethods = []string{"roc", "rank-sum", "reciprocal", "swing", "ahp"}

func newCriteriaWeightsCmd() *cobra.Command {
	opts := &criteriaWeightsOptions{}
	cmd := &cobra.Command{
		Use:   "weights FILE --method M -o NEW.yaml",
		Short: "Set the weights of one group's criteria by ROC, rank-sum, reciprocal, swing or AHP",
		Long: `Set the stated weights of the children of one node of the criteria tree
(--node ID; the top level when not given) by an elicitation method, and write
the whole set to a new file (never in place) as its next version: comments and
key order are kept, and only these change:

  - the weights, written with as few significant digits as keep every
    criterion's effective weight within 0.05 percentage points of the one the
    exact weights give (docs/formats.md);
  - the version, whose minor number goes up (1.1.0 becomes 1.2.0), and the
    status, which becomes draft: the new weights are a proposal;
  - the set's date, when it has one, becomes today's, and an entry for the
    new version (today's date, status draft, a note naming the method) comes
    first in changes.

A set in consultation or retired is refused: a new draft version follows an
adopted version or a draft.

Methods:
  roc, rank-sum, reciprocal  surrogate weights from a rank order (Barron & Barrett
                             1996); --order C2,C1,C3, most important first
  swing                      --points C1=100,C2=60,C3=30
  ahp                        --matrix M.yaml, a pairwise comparison file:
                             {criteria: [C1, C2, C3], matrix: [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]]}
                             principal eigenvector; refused when the consistency
                             ratio is above 0.10 unless --accept-inconsistent`,
		Example: `  prio criteria weights kriterier.yaml --node A --method roc --order A1,A3,A2 -o utkast.yaml
  prio criteria weights kriterier.yaml --method ahp --matrix parvis.yaml -o utkast.yaml`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCriteriaWeights(cmd.Context(), opts, args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.node, "node", "", "the `ID` of the group whose children get weights (default: the top level)")
	f.StringVar(&opts.method, "method", "", "roc, rank-sum, reciprocal, swing or ahp")
	f.StringVar(&opts.order, "order", "", "the children, most important first: C2,C1,C3")
	f.StringVar(&opts.points, "points", "", "swing points: C1=100,C2=60")
	f.StringVar(&opts.matrix, "matrix", "", "pairwise comparison `FILE` for ahp")
	f.BoolVar(&opts.acceptInconsistent, "accept-inconsistent", false, "accept an AHP matrix whose consistency ratio is above 0.10")
	f.StringVarP(&opts.output, "output", "o", "", "the new criteria `FILE` to write")
	_ = cmd.RegisterFlagCompletionFunc("method", cobra.FixedCompletions(weightMethods, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runCriteriaWeights(_ context.Context, opts *criteriaWeightsOptions, file string, stdout, stderr io.Writer) error {
	if !slices.Contains(weightMethods, opts.method) {
		return usagef("--method must be roc, rank-sum, reciprocal, swing or ahp, not %q", opts.method)
	}
	if opts.output == "" {
		return usagef("-o NEW.yaml is required: the weights are written to a new file, never in place")
	}
	if _, err := newOutput(opts.output, "", []string{"yaml"}, stderr, file, opts.matrix); err != nil {
		return err
	}
	data, err := readCriteriaFile(file)
	if err != nil {
		return err
	}
	set, err := criteria.Parse(bytes.NewReader(data), file)
	if err != nil {
		return err
	}
	children, err := childIDs(set, opts.node)
	if err != nil {
		return err
	}
	var ids []string
	var weights []float64
	var ahp *criteria.AHPResult
	switch opts.method {
	case "roc", "rank-sum", "reciprocal":
		if opts.order == "" {
			return usagef("--method %s needs --order, the criteria most important first", opts.method)
		}
		ids = splitList(opts.order)
		weights = map[string]func(int) []float64{
			"roc": criteria.RankOrderCentroid, "rank-sum": criteria.RankSum, "reciprocal": criteria.RankReciprocal,
		}[opts.method](len(ids))
	case "swing":
		if opts.points == "" {
			return usagef("--method swing needs --points, such as C1=100,C2=60")
		}
		var points []float64
		for _, item := range splitList(opts.points) {
			id, p, ok := strings.Cut(item, "=")
			x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if !ok || err != nil {
				return usagef("--points: %q is not ID=POINTS", item)
			}
			ids, points = append(ids, strings.TrimSpace(id)), append(points, x)
		}
		if weights, err = criteria.Swing(points); err != nil {
			return usagef("--points: %v", err)
		}
	case "ahp":
		if opts.matrix == "" {
			return usagef("--method ahp needs --matrix FILE")
		}
		f, err := fileerr.Open(opts.matrix)
		if err != nil {
			return err
		}
		defer f.Close()
		var m [][]float64
		if ids, m, err = criteria.ParseAHPMatrix(f, opts.matrix); err != nil {
			return err
		}
		if ahp, err = criteria.AHP(m); err != nil {
			return messages.Errorf("%s: %w", opts.matrix, err)
		}
		weights = ahp.Weights
	}
	if err := sameIDs(children, ids, opts.node); err != nil {
		return err
	}
	byID := make(map[string]float64, len(ids))
	for i, id := range ids {
		byID[id] = weights[i]
	}
	readable, digits, err := criteria.ReadableWeights(data, file, opts.node, byID)
	if err != nil {
		return err
	}
	// Shares of the weights as written, which are what the new file says.
	total := 0.0
	for _, id := range ids {
		total += readable[id]
	}
	var buf bytes.Buffer
	for _, id := range ids {
		fmt.Fprintf(&buf, "%s\t%s\t%s %%\n", id, strconv.FormatFloat(readable[id], 'f', -1, 64), reports.FormatNumber(readable[id]/total*100, 2, lang(stderr)))
	}
	if ahp != nil {
		fmt.Fprintf(&buf, "λmax\t%s\nCI\t%s\nCR\t%s\t%s\n", // not a message: the names of AHP's statistics
			strconv.FormatFloat(ahp.Lambda, 'g', -1, 64), strconv.FormatFloat(ahp.CI, 'g', -1, 64),
			strconv.FormatFloat(ahp.CR, 'g', -1, 64), messages.M("(random index: %s)", criteria.RandomIndexName).In(langOf(stderr)))
		if ahp.CR > 0.10 && !opts.acceptInconsistent {
			stdout.Write(buf.Bytes())
			return messages.Errorf("%s: the consistency ratio is %s, above 0.10: revise the comparisons, or give --accept-inconsistent", opts.matrix, reports.FormatNumber(ahp.CR, 3, lang(stderr)))
		}
	}
	out, err := criteria.SetWeights(data, file, opts.node, readable)
	if err != nil {
		return err
	}
	now := time.Now
	if opts.now != nil {
		now = opts.now
	}
	if out, err = criteria.NewDraftVersion(out, file, now().Format(time.DateOnly), weightsNote(opts.node, opts.method).In(langOf(stderr))); err != nil {
		return err
	}
	if err := writeOutput(opts.output, out, stdout, []string{file, opts.matrix}); err != nil {
		return err
	}
	if _, err = stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	version, _ := criteria.NextMinor(set.Version) // NewDraftVersion checked it
	notef(stderr, "wrote %s: %s %s, status draft; the weights have %d significant digits, which keep every effective weight within 0.05 percentage points of the exact one", opts.output, set.ID, version, digits)
	return nil
}

// weightsNote is the note of the change entry for weights set by method
// under node ("" for the top level); the file gets it in the run's
// language, as the rest of a change log is written by people.
func weightsNote(node, method string) messages.Message {
	name := map[string]string{"roc": "ROC", "rank-sum": "rank-sum", "reciprocal": "reciprocal", "swing": "swing", "ahp": "AHP"}[method] // not a message: the methods' names
	if node == "" {
		return messages.M("Top-level weights set by the method %s (prio criteria weights).", name)
	}
	return messages.M("Weights under %s set by the method %s (prio criteria weights).", node, name)
}

// childIDs lists the ids of the children of node, or of the top level.
func childIDs(set *criteria.Set, node string) ([]string, error) {
	list := set.Criteria
	if node != "" {
		var find func([]*criteria.Criterion) *criteria.Criterion
		find = func(cs []*criteria.Criterion) *criteria.Criterion {
			for _, c := range cs {
				if c.ID == node {
					return c
				}
				if f := find(c.Children); f != nil {
					return f
				}
			}
			return nil
		}
		c := find(set.Criteria)
		if c == nil {
			return nil, usagef("--node: %s has no criterion %q", set.File, node)
		}
		if c.IsLeaf() {
			return nil, usagef("--node: %s is a leaf; weights are set on the children of a group", node)
		}
		list = c.Children
	}
	ids := make([]string, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	return ids, nil
}

func sameIDs(children, given []string, node string) error {
	a, b := slices.Clone(children), slices.Clone(given)
	slices.Sort(a)
	slices.Sort(b)
	if slices.Equal(a, b) {
		return nil
	}
	var where any = messages.T("the top level")
	if node != "" {
		where = node
	}
	return usagef("the criteria under %s are %s; the method was given %s", where, strings.Join(children, ", "), strings.Join(given, ", "))
}

func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
