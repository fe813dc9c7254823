package criteria

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Value-function forms.
const (
	FormLinear    = "linear"
	FormPiecewise = "piecewise"
	FormSteps     = "steps"
	FormLevels    = "levels"
)

// ValueFunc maps a field's value to [0, 1].
type ValueFunc struct {
	Form string
	// Points: linear [[a, 0], [b, 1]]; piecewise and steps as written, x
	// strictly increasing (two steps at one x are refused when read: the
	// first would hold for no value).
	Points [][2]float64
	// Levels: one value per level of a scale, or [no, yes] for yesno.
	Levels []float64
	// Extrapolate lets a linear function leave [0, 1].
	Extrapolate bool

	levelsNode *yaml.Node
}

// Numeric reports whether the function reads a number (linear, piecewise,
// steps) rather than a level.
func (v *ValueFunc) Numeric() bool { return v.Form != FormLevels }

// Apply values a number with a linear, piecewise or steps function.
func (v *ValueFunc) Apply(x float64) float64 {
	p := v.Points
	switch v.Form {
	case FormLinear:
		a, b := p[0][0], p[1][0]
		y := (x - a) / (b - a)
		if v.Extrapolate {
			return y
		}
		return clamp01(y)
	case FormPiecewise:
		if x <= p[0][0] {
			return p[0][1]
		}
		for i := 1; i < len(p); i++ {
			if x <= p[i][0] {
				x0, y0, x1, y1 := p[i-1][0], p[i-1][1], p[i][0], p[i][1]
				if x == x1 {
					return y1
				}
				return y0 + (x-x0)*(y1-y0)/(x1-x0)
			}
		}
		return p[len(p)-1][1]
	case FormSteps:
		// v1 below x1; v_i for x_i <= x < x_i+1; v_n from x_n up.
		y := p[0][1]
		for _, pt := range p {
			if x >= pt[0] {
				y = pt[1]
			}
		}
		return y
	}
	panic("criteria: Apply on a " + v.Form + " value function")
}

// Level values the level at 1-based position pos (for yesno: 1 no, 2 yes).
func (v *ValueFunc) Level(pos int) float64 { return v.Levels[pos-1] }

func clamp01(y float64) float64 {
	if y < 0 {
		return 0
	}
	if y > 1 {
		return 1
	}
	return y
}

// String describes the function in the criteria file's own notation, for
// `prio criteria show`.
func (v *ValueFunc) String() string {
	var b strings.Builder
	b.WriteString(v.Form)
	b.WriteString(": ")
	switch v.Form {
	case FormLinear:
		fmt.Fprintf(&b, "[%s, %s]", num(v.Points[0][0]), num(v.Points[1][0]))
	case FormPiecewise, FormSteps:
		b.WriteString("[")
		for i, p := range v.Points {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "[%s, %s]", num(p[0]), num(p[1]))
		}
		b.WriteString("]")
	case FormLevels:
		b.WriteString("[")
		for i, l := range v.Levels {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(num(l))
		}
		b.WriteString("]")
	}
	if v.Extrapolate {
		b.WriteString(", extrapolate")
	}
	return b.String()
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
