package criteria

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"
)

// weightSet writes a criteria set whose tree is given in flow style.
func weightSet(tree string) string {
	return "format: prio.criteria/1\nid: w\nversion: 1.0.0\nstatus: draft\nfields:\n  id: {headers: [ID], type: text}\n  x: {headers: [X], type: number}\ncriteria:\n" + tree
}

// leaf writes a leaf criterion with a weight as text, in flow style.
func leaf(id, weight string) string {
	return fmt.Sprintf("{id: %s, weight: %s, field: x, value: {linear: [0, 1]}}", id, weight)
}

// TestEffectiveWeightsRoundedOnce: effective weights are the exact product
// of the stated decimals over the sibling sums, rounded once. The expected
// values are Go constant expressions, which the compiler evaluates exactly
// and rounds once to float64: 0.6 / 0.8 is exactly 0.75, where float64
// arithmetic (0.6 / (0.1 + 0.1 + 0.6)) gives 0.7499999999999999.
func TestEffectiveWeightsRoundedOnce(t *testing.T) {
	tests := []struct {
		name string
		tree string
		want map[string]float64
	}{
		{"issue 11 item 14: 0.1, 0.1, 0.6",
			"  - " + leaf("A", "0.1") + "\n  - " + leaf("B", "0.1") + "\n  - " + leaf("C", "0.6") + "\n",
			// 0.1 + 0.1 + 0.6 = 0.8; 0.1 / 0.8 = 1/8, 0.6 / 0.8 = 3/4.
			map[string]float64{"A": 0.125, "B": 0.125, "C": 0.75}},
		{"two levels of decimals",
			"  - {id: G, weight: 0.3, criteria: [" + leaf("G1", "0.1") + ", " + leaf("G2", "0.2") + "]}\n" +
				"  - {id: H, weight: 0.7, criteria: [" + leaf("H1", "0.7") + ", " + leaf("H2", "0.3") + "]}\n",
			// G: 0.3 / 1 of the whole; G1 0.1 / 0.3 of G: 0.3 × 1/3 = 0.1.
			// H1: 0.7 × 0.7 = 0.49; H2: 0.7 × 0.3 = 0.21.
			map[string]float64{"G1": 0.1, "G2": 0.2, "H1": 0.49, "H2": 0.21}},
		{"thirds three levels deep",
			"  - {id: G, criteria: [{id: GG, criteria: [" + leaf("L1", "1") + ", " + leaf("L2", "1") + ", " + leaf("L3", "1") + "]}, " + leaf("M", "1") + ", " + leaf("N", "1") + "]}\n" +
				"  - " + leaf("P", "1") + "\n  - " + leaf("Q", "1") + "\n",
			// Each level splits in three: L1 = 1/27, M = 1/9, P = 1/3.
			map[string]float64{"L1": 1.0 / 27, "L2": 1.0 / 27, "L3": 1.0 / 27, "M": 1.0 / 9, "N": 1.0 / 9, "P": 1.0 / 3, "Q": 1.0 / 3}},
		{"whole numbers as in the formats example",
			"  - {id: A, weight: 35, criteria: [" + leaf("A1", "15") + ", " + leaf("A2", "10") + "]}\n" +
				"  - {id: C, weight: 30, criteria: [" + leaf("C1", "10") + ", " + leaf("C2", "5") + "]}\n" +
				"  - {id: D, weight: 15, criteria: [" + leaf("D1", "1") + ", " + leaf("D2", "1") + "]}\n",
			// FORMATS.md §1: 35/80 × 15/25 = 0.2625 and so on.
			map[string]float64{"A1": 35.0 / 80 * 15 / 25, "A2": 35.0 / 80 * 10 / 25, "C1": 30.0 / 80 * 10 / 15,
				"C2": 30.0 / 80 * 5 / 15, "D1": 15.0 / 80 / 2, "D2": 15.0 / 80 / 2}},
		{"ROC weights as prio criteria weights writes them",
			"  - " + leaf("A1", "0.2777777777777778") + "\n  - " + leaf("A2", "0.6111111111111112") + "\n  - " + leaf("A3", "0.1111111111111111") + "\n",
			// The three decimals sum to exactly 1.0000000000000001; each
			// weight is its decimal over that sum.
			map[string]float64{"A1": 0.2777777777777778 / 1.0000000000000001, "A2": 0.6111111111111112 / 1.0000000000000001,
				"A3": 0.1111111111111111 / 1.0000000000000001}},
		{"hexadecimal and octal whole numbers",
			"  - " + leaf("A", "0x3") + "\n  - " + leaf("B", "0o1") + "\n",
			map[string]float64{"A": 0.75, "B": 0.25}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Parse(strings.NewReader(weightSet(tt.tree)), "w.yaml")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			for _, c := range set.Leaves() {
				got[c.ID] = c.EffectiveWeight
			}
			for id, w := range tt.want {
				if got[id] != w {
					t.Errorf("%s: effective weight %v, want %v", id, got[id], w)
				}
			}
		})
	}
}

// halvingTree writes a tree depth groups deep in which every group holds a
// leaf and a group of equal weight, and the last group two leaves, X and Y:
// the group at depth d weighs 2⁻⁽ᵈ⁻¹⁾, X and Y 2⁻ᵈᵉᵖᵗʰ.
func halvingTree(depth int) string {
	var b strings.Builder
	b.WriteString("  - ")
	for d := 1; d < depth; d++ {
		fmt.Fprintf(&b, "{id: G%d, criteria: [%s, ", d, leaf(fmt.Sprintf("L%d", d), "1"))
	}
	fmt.Fprintf(&b, "{id: G%d, criteria: [%s, %s]}", depth, leaf("X", "1"), leaf("Y", "1"))
	b.WriteString(strings.Repeat("]}", depth-1))
	b.WriteString("\n")
	return b.String()
}

// TestEffectiveWeightBounds: the effective weight of a leaf with a nonzero
// stated weight must be a normal float64 (at least 2⁻¹⁰²²), and a nonzero
// stated weight must lie in [1e-15, 1e15]; each is refused with its
// position (issue 12, item 16). Today's alternative was every score 0 and
// every investment tied at rank 1, with exit status 0.
func TestEffectiveWeightBounds(t *testing.T) {
	tests := []struct {
		name, tree string
		want       string // the whole error; empty when accepted
	}{
		{"a sum that overflowed float64", "  - " + leaf("A", "1e308") + "\n  - " + leaf("B", "1e308") + "\n",
			"w.yaml:9:21: criterion A: weight 1e308 is outside [1e-15, 1e15]; weights are relative among siblings, so scale them together\n" +
				"w.yaml:10:21: criterion B: weight 1e308 is outside [1e-15, 1e15]; weights are relative among siblings, so scale them together"},
		{"the largest weight", "  - " + leaf("A", "1e15") + "\n  - " + leaf("B", "1") + "\n", ""},
		{"beyond the largest", "  - " + leaf("A", "1.5e15") + "\n  - " + leaf("B", "1") + "\n",
			"w.yaml:9:21: criterion A: weight 1.5e15 is outside [1e-15, 1e15]; weights are relative among siblings, so scale them together"},
		{"the smallest weight", "  - " + leaf("A", "1e-15") + "\n  - " + leaf("B", "1") + "\n", ""},
		{"below the smallest", "  - " + leaf("A", "9e-16") + "\n  - " + leaf("B", "1") + "\n",
			"w.yaml:9:21: criterion A: weight 9e-16 is outside [1e-15, 1e15]; weights are relative among siblings, so scale them together"},
		{"a weight that reads as 0", "  - " + leaf("A", "1e-400") + "\n  - " + leaf("B", "1") + "\n",
			"w.yaml:9:21: criterion A: weight 1e-400 is outside [1e-15, 1e15]; weights are relative among siblings, so scale them together"},
		// 2⁻¹⁰²² is the smallest normal float64: accepted. One level deeper
		// both leaves of the last group weigh 2⁻¹⁰²³: refused, at their
		// weights.
		{"2^-1022 deep", halvingTree(1022), ""},
		{"2^-1023 deep", halvingTree(1023),
			fmt.Sprintf("w.yaml:9:%d: criterion X: effective weight 1.11e-308 is too small to compute with (below 2.2e-308): the weights on its path are too far apart\n", strings.Index(halvingTree(1023), "{id: X, weight: ")+1+len("{id: X, weight: ")) +
				fmt.Sprintf("w.yaml:9:%d: criterion Y: effective weight 1.11e-308 is too small to compute with (below 2.2e-308): the weights on its path are too far apart", strings.Index(halvingTree(1023), "{id: Y, weight: ")+1+len("{id: Y, weight: "))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Parse(strings.NewReader(weightSet(tt.tree)), "w.yaml")
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range set.Leaves() {
					if c.EffectiveWeight < 0x1p-1022 {
						t.Errorf("%s: effective weight %v", c.ID, c.EffectiveWeight)
					}
				}
				return
			}
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
		})
	}
	set, err := Parse(strings.NewReader(weightSet(halvingTree(1022))), "w.yaml")
	if err != nil {
		t.Fatal(err)
	}
	leaves := set.Leaves()
	if x := leaves[len(leaves)-2]; x.ID != "X" || x.EffectiveWeight != 0x1p-1022 {
		t.Errorf("%s weighs %v, want 2^-1022", x.ID, x.EffectiveWeight)
	}
}

// TestDeepTreeOfDecimals: rational arithmetic stays fast 4,900 groups deep
// when no factor cancels: every group splits 0.999 : 0.001 between a group
// and a leaf, so the exact products grow by about 20 bits a level. The leaf
// at depth 1 weighs 0.001 exactly.
func TestDeepTreeOfDecimals(t *testing.T) {
	var b strings.Builder
	b.WriteString("  - ")
	const depth = 4900
	for d := 1; d < depth; d++ {
		fmt.Fprintf(&b, "{id: G%d, weight: 0.999, criteria: [%s, ", d, leaf(fmt.Sprintf("L%d", d), "0.001"))
	}
	fmt.Fprintf(&b, "{id: G%d, criteria: [%s]}", depth, leaf("X", "1"))
	b.WriteString(strings.Repeat("]}", depth-1))
	b.WriteString("\n")
	start := time.Now()
	set, err := Parse(strings.NewReader(weightSet(b.String())), "deep.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("parsed and weighed in %v", time.Since(start))
	leaves := set.Leaves()
	if leaves[0].EffectiveWeight != 0.001 {
		t.Errorf("L1 weighs %v, want 0.001", leaves[0].EffectiveWeight)
	}
	// L2 = 0.999 × 0.001 = 0.000999, rounded once.
	if leaves[1].EffectiveWeight != 0.000999 {
		t.Errorf("L2 weighs %v, want 0.000999", leaves[1].EffectiveWeight)
	}
	total := 0.0
	for _, c := range leaves {
		total += c.EffectiveWeight
	}
	if math.Abs(total-1) > 1e-12 {
		t.Errorf("weights sum to %v", total)
	}
}

// TestWeightHalfwayBetweenFloats: shares (2²⁷+1)/2²⁸ and (2²⁶+1)/2²⁷
// multiply to (2⁵³+2²⁷+2²⁶+1)/2⁵⁵, exactly halfway between two float64s;
// rounding once goes to the even one, as the Go constant expression does.
// The bounds hold it exactly (it needs 54 bits); widened so that they
// straddle the halfway point, the exact product decides.
func TestWeightHalfwayBetweenFloats(t *testing.T) {
	tree := "  - {id: G, weight: 134217729, criteria: [" + leaf("A", "67108865") + ", " + leaf("B", "67108863") + "]}\n" +
		"  - {id: H, weight: 134217727, criteria: [" + leaf("C", "1") + "]}\n"
	set, err := Parse(strings.NewReader(weightSet(tree)), "w.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const want = 134217729.0 / 268435456 * (67108865.0 / 134217728)
	if got := set.Leaves()[0].EffectiveWeight; got != want {
		t.Errorf("A weighs %v, want %v", got, want)
	}

	p := topWeight().times(big.NewRat(134217729, 268435456)).times(big.NewRat(67108865, 134217728))
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -60)
	p.lo = new(big.Float).Sub(p.lo, new(big.Float).Mul(p.lo, eps))
	p.hi = new(big.Float).Add(p.hi, new(big.Float).Mul(p.hi, eps))
	lo, _ := p.lo.Float64()
	hi, _ := p.hi.Float64()
	if lo == hi {
		t.Fatal("the widened bounds do not straddle")
	}
	if got, tiny := p.nearest(); got != want || tiny {
		t.Errorf("from the exact product: %v (tiny %v), want %v", got, tiny, want)
	}
}
