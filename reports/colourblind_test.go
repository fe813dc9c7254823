package reports

import (
	"image/color"
	"math"
	"testing"

	"github.com/prio-tool/prio/criteria"
)

// machadoDeuteranopia is the matrix that simulates deuteranopia (severity
// 1.0) on linear RGB, from Machado, Oliveira and Fernandes, "A
// Physiologically-based Model for Simulation of Color Vision Deficiency",
// IEEE TVCG 15(6), 2009, table of severity 1.0.
var machadoDeuteranopia = [3][3]float64{
	{0.367322, 0.860646, -0.227968},
	{0.280085, 0.672501, 0.047413},
	{-0.011820, 0.042940, 0.968881},
}

// deuteranopeLab is how a reader with deuteranopia sees c, in CIELAB (D65):
// sRGB linearised (IEC 61966-2-1), the Machado matrix, then XYZ and Lab
// by the CIE formulas.
func deuteranopeLab(c color.RGBA) [3]float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	rgb := [3]float64{lin(c.R), lin(c.G), lin(c.B)}
	var s [3]float64
	for i := range s {
		for j := range rgb {
			s[i] += machadoDeuteranopia[i][j] * rgb[j]
		}
		s[i] = math.Min(1, math.Max(0, s[i]))
	}
	x := 0.4124*s[0] + 0.3576*s[1] + 0.1805*s[2]
	y := 0.2126*s[0] + 0.7152*s[1] + 0.0722*s[2]
	z := 0.0193*s[0] + 0.1192*s[1] + 0.9505*s[2]
	f := func(t float64) float64 {
		const d = 6.0 / 29
		if t > d*d*d {
			return math.Cbrt(t)
		}
		return t/(3*d*d) + 4.0/29
	}
	fx, fy, fz := f(x/0.95047), f(y/1.0), f(z/1.08883)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// deltaE is the CIE76 colour difference.
func deltaE(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

// TestChartsColourBlind checks the contributions chart's colours as a
// reader with deuteranopia, the commonest strong colour-vision deficiency,
// sees them (Machado et al. 2009), for the built-in set's tree (four
// groups of 3, 3, 4 and 2 criteria). A CIE76 ΔE of 2.3 is a just
// noticeable difference (Sharma, Digital Color Imaging Handbook, 2003);
// the bounds ask for differences seen at a glance: 15 between the groups'
// hues, 10 between any two criteria of different groups, 8 between
// neighbouring criteria of one group.
func TestChartsColourBlind(t *testing.T) {
	for i := range 4 {
		for j := i + 1; j < 4; j++ {
			if d := deltaE(deuteranopeLab(groupHues[i]), deuteranopeLab(groupHues[j])); d < 15 {
				t.Errorf("group hues %d and %d: ΔE %.1f for deuteranopia, want at least 15", i, j, d)
			}
		}
	}
	set := criteria.Default()
	var leaves []*criteria.Criterion
	var walk func([]*criteria.Criterion)
	walk = func(cs []*criteria.Criterion) {
		for _, c := range cs {
			if c.IsLeaf() {
				leaves = append(leaves, c)
			}
			walk(c.Children)
		}
	}
	walk(set.Criteria)
	colours := leafColours(leaves, set)
	group, within, _ := leafGroups(leaves, set)
	if len(leaves) != 12 || group[11] != 3 {
		t.Fatalf("the built-in set has %d leaves in %d groups: the test's premise is gone", len(leaves), group[len(group)-1]+1)
	}
	for i := range leaves {
		for j := i + 1; j < len(leaves); j++ {
			d := deltaE(deuteranopeLab(colours[i]), deuteranopeLab(colours[j]))
			switch {
			case group[i] != group[j] && d < 10:
				t.Errorf("%s and %s (other groups): ΔE %.1f for deuteranopia, want at least 10", leaves[i].ID, leaves[j].ID, d)
			case group[i] == group[j] && within[j] == within[i]+1 && d < 8:
				t.Errorf("%s and %s (neighbours in a group): ΔE %.1f for deuteranopia, want at least 8", leaves[i].ID, leaves[j].ID, d)
			}
		}
	}
	// The lighter shades of a group grow lighter, which a greyscale print
	// keeps too.
	for i := 1; i < len(leaves); i++ {
		if group[i] == group[i-1] && deuteranopeLab(colours[i])[0] <= deuteranopeLab(colours[i-1])[0] {
			t.Errorf("%s is not lighter than %s", leaves[i].ID, leaves[i-1].ID)
		}
	}
	// A hand-worked point of the simulation: white stays white (L 100).
	if w := deuteranopeLab(color.RGBA{255, 255, 255, 255}); math.Abs(w[0]-100) > 0.1 || math.Abs(w[1]) > 0.5 || math.Abs(w[2]) > 0.5 {
		t.Errorf("white as a deuteranope sees it: %v, want (100, 0, 0)", w)
	}
}
