package scoring

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/prio-tool/prio/criteria"
	"github.com/prio-tool/prio/portfolio"
)

// exprGen writes random expressions of the criteria language over the
// fields of kernelSetHead: numbers x and y, scales s and t (positions
// 1–3), yes/no b, text name and dates d1 and d2. Most forms are ones the
// kernels compile; some (a mixed max, ??, a conditional whose branches
// differ, int()) are left to the VM, so that the two run side by side.
type exprGen struct {
	rng   *rand.Rand
	depth int
}

func (g *exprGen) pick(forms ...func() string) string { return forms[g.rng.IntN(len(forms))]() }

func (g *exprGen) leaf() bool { g.depth++; return g.depth > 12 || g.rng.IntN(3) == 0 }

func (g *exprGen) num() string {
	if g.leaf() {
		return g.pick(
			func() string { return "x" },
			func() string { return "y" },
			func() string {
				return []string{"0", "0.5", "2.5", "1e300", "1e-300", "3", "1000000", "0.1"}[g.rng.IntN(8)]
			},
			func() string { return "(x / y)" },
		)
	}
	return g.pick(
		func() string {
			return "(" + g.num() + " " + []string{"+", "-", "*", "/"}[g.rng.IntN(4)] + " " + g.num() + ")"
		},
		func() string {
			return "(" + g.num() + " " + []string{"+", "-", "*", "/"}[g.rng.IntN(4)] + " " + g.integer() + ")"
		},
		func() string { return "(" + g.integer() + " / " + g.integer() + ")" },
		func() string { return "(" + g.num() + " ** " + g.num() + ")" },
		func() string { return "-" + g.num() },
		func() string { return "abs(" + g.num() + ")" },
		func() string { return "max(" + g.num() + ", " + g.num() + ")" },
		func() string { return "min(" + g.num() + ", " + g.num() + ", " + g.num() + ")" },
		func() string { return "(" + g.boolean() + " ? " + g.num() + " : " + g.num() + ")" },
		func() string { return "(d1 - d2).Hours()" },
		func() string { return "(d2 - d1).Minutes()" },
		func() string { return "max(" + g.integer() + ", " + g.num() + ")" }, // mixed: the VM
		func() string { return "(" + g.num() + " ?? 1.5)" },                  // ??: the VM
	)
}

func (g *exprGen) integer() string {
	if g.leaf() {
		return g.pick(
			func() string { return "s" },
			func() string { return "t" },
			func() string { return []string{"0", "1", "2", "7", "-3", "4611686018427387904"}[g.rng.IntN(6)] },
		)
	}
	return g.pick(
		func() string {
			return "(" + g.integer() + " " + []string{"+", "-", "*", "%"}[g.rng.IntN(4)] + " " + g.integer() + ")"
		},
		func() string { return "-" + g.integer() },
		func() string { return "abs(" + g.integer() + ")" },
		func() string { return "max(" + g.integer() + ", " + g.integer() + ")" },
		func() string { return "min(" + g.integer() + ", " + g.integer() + ")" },
		func() string { return "(" + g.boolean() + " ? " + g.integer() + " : " + g.integer() + ")" },
		func() string {
			return []string{"year(d1)", "month(d2)", "day(d1)", "d2.Month()", "d1.Year()"}[g.rng.IntN(5)]
		},
		func() string { return "int(" + g.num() + ")" }, // int(): the VM
	)
}

func (g *exprGen) text() string {
	if g.leaf() {
		return g.pick(func() string { return "name" }, func() string { return `"b"` }, func() string { return `""` })
	}
	return g.pick(
		func() string { return "(" + g.text() + " + " + g.text() + ")" },
		func() string { return "(" + g.boolean() + " ? " + g.text() + " : " + g.text() + ")" },
		func() string { return "lower(" + g.text() + ")" }, // lower(): the VM
	)
}

func (g *exprGen) boolean() string {
	if g.leaf() {
		return g.pick(func() string { return "b" }, func() string { return "true" }, func() string { return "(x > y)" })
	}
	cmp := []string{"==", "!=", "<", "<=", ">", ">="}
	return g.pick(
		func() string { return "(" + g.num() + " " + cmp[g.rng.IntN(6)] + " " + g.num() + ")" },
		func() string { return "(" + g.integer() + " " + cmp[g.rng.IntN(6)] + " " + g.integer() + ")" },
		func() string { return "(" + g.integer() + " " + cmp[g.rng.IntN(6)] + " " + g.num() + ")" },
		func() string { return "(" + g.text() + " " + cmp[g.rng.IntN(6)] + " " + g.text() + ")" },
		func() string { return "(" + g.boolean() + " " + cmp[g.rng.IntN(2)] + " " + g.boolean() + ")" },
		func() string { return "not " + g.boolean() },
		func() string { return "(" + g.boolean() + " and " + g.boolean() + ")" },
		func() string { return "(" + g.boolean() + " or " + g.boolean() + ")" },
		func() string { return "(d1 < d2)" }, // dates compared: the VM
		func() string { return "(" + g.integer() + " in [1, 2])" },
	)
}

const kernelSetHead = `format: prio.criteria/1
id: kernels
version: 1.0.0
status: draft
fields:
  id:   {headers: [ID], type: text}
  name: {headers: [Name], type: text}
  x:    {headers: [X], type: number}
  y:    {headers: [Y], type: number}
  s:    {headers: [S], type: scale, levels: [A, B, C]}
  t:    {headers: [T], type: scale, levels: [A, B, C]}
  b:    {headers: [B], type: yesno}
  d1:   {headers: [D1], type: date}
  d2:   {headers: [D2], type: date}
`

// kernelSet builds a criteria set with random derived fields (numbers, an
// integer, a yes/no, a text) and starting points, each criterion reading a
// derived field; nil when the set does not load (a random expression can
// be one the loader refuses, as a constant overflow).
func kernelSet(rng *rand.Rand) (*criteria.Set, string) {
	g := &exprGen{rng: rng}
	gen := func(f func() string) string { g.depth = 0; return f() }
	var b strings.Builder
	b.WriteString(kernelSetHead)
	b.WriteString("derived:\n")
	fmt.Fprintf(&b, "  n1: %q\n", gen(g.num))
	fmt.Fprintf(&b, "  n2: %q\n", "n1 * 2 + "+gen(g.num))
	fmt.Fprintf(&b, "  i1: %q\n", gen(g.integer))
	fmt.Fprintf(&b, "  q1: %q\n", gen(g.boolean))
	fmt.Fprintf(&b, "  w1: %q\n", gen(g.text))
	b.WriteString("starting_points:\n")
	fmt.Fprintf(&b, "  - {id: G1, require: %q, on_fail: flag}\n", gen(g.boolean))
	fmt.Fprintf(&b, "  - {id: G2, require: %q, on_fail: exclude, on_missing: pass}\n", "q1 or "+gen(g.boolean))
	fmt.Fprintf(&b, "  - {id: G3, require: %q, on_fail: flag}\n", "w1 != name")
	b.WriteString(`criteria:
  - {id: C1, field: n1, value: {linear: [0, 10], extrapolate: true}}
  - {id: C2, field: n2, value: {linear: [-5, 5]}}
  - {id: C3, field: i1, value: {linear: [-3, 3]}, missing: neutral}
  - {id: C4, field: x, value: {linear: [0, 100]}}
`)
	src := b.String()
	set, err := criteria.Parse(strings.NewReader(src), "kernels.yaml")
	if err != nil {
		return nil, src
	}
	return set, src
}

// kernelPortfolio gives n investments with random values, a tenth of them
// missing: numbers small and large, zeros of both signs, scale positions,
// dates around 2026.
func kernelPortfolio(rng *rand.Rand, set *criteria.Set, n int) *portfolio.Portfolio {
	var fields []portfolio.Field
	in := portfolio.Input{Path: "k.csv"}
	for c, f := range set.Fields {
		fields = append(fields, portfolio.Field{Name: f.Name, Kind: f.Type, Levels: f.Levels})
		in.Columns = append(in.Columns, c+1)
	}
	p := portfolio.New(fields)
	p.Inputs = []portfolio.Input{in}
	nums := []float64{0, math.Copysign(0, -1), 1, -1, 2.5, 3, 1e308, -1e308, 1e-308, 7, 0.1, 100, 4.5e15}
	for i := 0; i < n; i++ {
		ix := p.Add(portfolio.Investment{ID: fmt.Sprintf("K-%03d", i), Source: portfolio.Cell{File: "k.csv", Row: i + 2, Col: 1}})
		for c, f := range set.Fields {
			v := portfolio.Value{Present: f.Name == "id" || rng.IntN(10) > 0, Cell: portfolio.Cell{File: "k.csv", Row: i + 2, Col: c + 1}}
			switch f.Type {
			case portfolio.Text:
				v.Text = []string{"", "a", "b", "B", fmt.Sprintf("K-%03d", i)}[rng.IntN(5)]
			case portfolio.Number:
				if rng.IntN(2) == 0 {
					v.Num = nums[rng.IntN(len(nums))]
				} else {
					v.Num = math.Round(rng.NormFloat64()*1000) / 8
				}
			case portfolio.Scale:
				pos := 1 + rng.IntN(len(f.Levels))
				v.Num, v.Text = float64(pos), f.Levels[pos-1]
			case portfolio.YesNo:
				v.Bool = rng.IntN(2) == 0
			case portfolio.Date:
				v.Date = time.Date(2024+rng.IntN(4), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
			}
			p.Set(ix, c, v)
		}
	}
	return p
}

// withoutKernels runs f with every expression left to the VM, as before
// the kernels: the oracle of the differential test.
func withoutKernels(f func()) {
	noKernels = true
	defer func() { noKernels = false }()
	f()
}

// TestKernelsAgreeWithVM is the differential test of the compiled
// expressions: random criteria sets (derived fields of each type and
// starting points from random expressions, with ties, overflows, divisions
// by zero and missing values) scored with the kernels and with expr-lang's
// VM alone must give the same result to the bit: values, gates and their
// reasons, warnings, errors. The Monte Carlo evaluator likewise, with x and
// y replaced by random numbers.
func TestKernelsAgreeWithVM(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 2))
	loaded, compiled, total := 0, 0, 0
	for round := 0; round < 300; round++ {
		set, src := kernelSet(rng)
		if set == nil {
			continue
		}
		loaded++
		p := kernelPortfolio(rng, set, 40)
		s, err := newScorer(set, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, dp := range s.derived {
			total++
			if dp.kernel != nil {
				compiled++
			}
		}
		got, gotErr := Score(set, p)
		var want *Result
		var wantErr error
		withoutKernels(func() { want, wantErr = Score(set, p) })
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("set:\n%s\nerror with kernels:\n%v\nwith the VM:\n%v", src, gotErr, wantErr)
		}
		if gotErr == nil {
			if !reflect.DeepEqual(got.Investments, want.Investments) || !reflect.DeepEqual(got.Warnings, want.Warnings) || !reflect.DeepEqual(got.Repeated, want.Repeated) {
				for i := range got.Investments {
					if !reflect.DeepEqual(got.Investments[i], want.Investments[i]) {
						t.Errorf("investment %d:\nkernels %+v\nVM      %+v", i, got.Investments[i], want.Investments[i])
						break
					}
				}
				t.Fatalf("set:\n%s\nresults differ (warnings %q vs %q)", src, got.Warnings, want.Warnings)
			}
		}
		compareRaw(t, s, p, src)
		compareEvaluators(t, rng, set, p, src)
	}
	if loaded < 150 || compiled < total/2 {
		t.Fatalf("%d of 300 sets loaded, %d of %d derived fields compiled: the generator tests too little", loaded, compiled, total)
	}
	t.Logf("%d sets loaded, %d of %d derived fields compiled", loaded, compiled, total)
}

// compareRaw runs each compiled expression and the VM on the same values
// and compares their results as Go values, floats to the bit (a −0 where
// the VM gives 0 shows here, though fromExpr makes both 0): a kernel that
// gives up (an integer overflow) must meet an error of the VM, and only
// then.
func compareRaw(t *testing.T, s *scorer, p *portfolio.Portfolio, src string) {
	t.Helper()
	ev := newEvaluation(s)
	check := func(k *kernel, prog func() (any, error), what string, i int) {
		ev.bail = false
		var got any
		switch k.t {
		case kFloat:
			got = k.f(ev)
		case kInt:
			got = k.i(ev)
		case kBool:
			got = k.b(ev)
		case kText:
			got = k.s(ev)
		case kTime:
			got = k.m(ev)
		case kDuration:
			got = k.d(ev)
		}
		want, err := prog()
		same := reflect.TypeOf(got) == reflect.TypeOf(want) && reflect.DeepEqual(got, want)
		if f, ok := got.(float64); ok && reflect.TypeOf(want) == floatType {
			w := want.(float64)
			same = math.Float64bits(f) == math.Float64bits(w) || (math.IsNaN(f) && math.IsNaN(w))
		}
		if (err != nil) != ev.bail || (err == nil && !same) {
			t.Fatalf("set:\n%s\ninvestment %d, %s: kernel %#v (gave up %v), VM %#v (%v)", src, i, what, got, ev.bail, want, err)
		}
	}
	for i := range p.Investments {
		ev.load(p, i)
		for _, dp := range s.derived {
			if dp.kernel != nil && ev.allPresent(dp.inputs) {
				check(dp.kernel, func() (any, error) { return ev.run(dp.d.Program, dp.inputs) }, dp.d.Name, i)
			}
			ev.deriveOne(dp, nil)
		}
		for _, gp := range s.gates {
			if gp.kernel != nil && ev.allPresent(gp.inputs) {
				check(gp.kernel, func() (any, error) { return ev.run(gp.g.Program, gp.inputs) }, gp.g.ID, i)
			}
		}
	}
}

// compareEvaluators checks the Monte Carlo evaluator with and without the
// kernels, x and y replaced.
func compareEvaluators(t *testing.T, rng *rand.Rand, set *criteria.Set, p *portfolio.Portfolio, src string) {
	t.Helper()
	fields := []int{p.FieldIndex("x"), p.FieldIndex("y")}
	withK, err := NewEvaluator(set, p)
	if err != nil {
		t.Fatal(err)
	}
	var withVM *Evaluator
	withoutKernels(func() { withVM, err = NewEvaluator(set, p) })
	if err != nil {
		t.Fatal(err)
	}
	m := len(set.Leaves())
	for i := range p.Investments {
		a, b := withK.Investment(i, fields), withVM.Investment(i, fields)
		for range 5 {
			replace := []FieldValue{{Field: fields[0], Num: math.Round(rng.NormFloat64()*100) / 4}, {Field: fields[1], Num: []float64{0, 1, 3.5, -2}[rng.IntN(4)]}}
			da, db := make([]float64, m), make([]float64, m)
			var ea, eb error
			ea = a.LeafValues(replace, da)
			withoutKernels(func() { eb = b.LeafValues(replace, db) })
			if fmt.Sprint(ea) != fmt.Sprint(eb) || !reflect.DeepEqual(bits(da), bits(db)) {
				t.Fatalf("set:\n%s\ninvestment %d, %v: kernels %v %v, VM %v %v", src, i, replace, da, ea, db, eb)
			}
		}
	}
}

func bits(xs []float64) []uint64 {
	out := make([]uint64, len(xs))
	for i, x := range xs {
		out[i] = math.Float64bits(x)
	}
	return out
}

// TestKernelCases: single expressions whose results are worked out by hand
// from expr-lang's rules (vm/runtime, builtin) and Go's arithmetic, each
// run compiled and on the VM. The fields are those of kernelSetHead.
func TestKernelCases(t *testing.T) {
	negZero := math.Copysign(0, -1)
	d := func(s string) time.Time { v, _ := time.Parse("2006-01-02", s); return v }
	for _, tc := range []struct {
		name, expr string
		x, y       float64
		s, t       int
		text       string
		want       any // nil: the VM fails and the kernel gives up
	}{
		{"min keeps the first of equal zeros", "min(x, y)", 0, negZero, 1, 1, "", 0.0},
		{"max keeps the first of equal zeros", "max(x, y)", negZero, 0, 1, 1, "", negZero},
		{"abs of −0 is −0", "abs(x)", negZero, 0, 1, 1, "", negZero},
		{"int and float add as floats", "s + x", 0.5, 0, 2, 1, "", 2.5},
		{"ints divide as floats", "s / t", 0, 0, 1, 3, "", 1.0 / 3},
		{"a float divided by 0", "x / y", 1, 0, 1, 1, "", math.Inf(1)},
		{"** of ints is a float", "s ** t", 0, 0, 2, 3, "", 8.0},
		{"ints multiply as ints", "s * t", 0, 0, 2, 3, "", 6},
		{"an int overflow", "s * 4611686018427387904", 0, 0, 2, 1, "", nil},
		{"% by zero", "s % (t - 1)", 0, 0, 2, 1, "", nil},
		{"int compared with float", "s < x", 2.5, 0, 2, 1, "", true},
		{"texts by bytes", `name < "b"`, 0, 0, 1, 1, "B", true},
		{"hours between dates", "(d1 - d2).Hours()", 0, 0, 1, 1, "", 24.0},
		{"a date's month", "d2.Month() + 1", 0, 0, 1, 1, "", 2},
		{"a conditional", "b ? x : y", 1, 2, 1, 1, "", 1.0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := kernelSetHead + fmt.Sprintf("derived:\n  v: %q\ncriteria:\n  - {id: C, field: x, value: {linear: [0, 1]}}\n", tc.expr)
			set, err := criteria.Parse(strings.NewReader(src), "case.yaml")
			if err != nil {
				t.Fatal(err)
			}
			var fields []portfolio.Field
			for _, f := range set.Fields {
				fields = append(fields, portfolio.Field{Name: f.Name, Kind: f.Type, Levels: f.Levels})
			}
			p := portfolio.New(fields)
			ix := p.Add(portfolio.Investment{ID: "A"})
			vals := map[string]portfolio.Value{
				"id": {Text: "A"}, "name": {Text: tc.text}, "x": {Num: tc.x}, "y": {Num: tc.y},
				"s": {Num: float64(tc.s)}, "t": {Num: float64(tc.t)}, "b": {Bool: true},
				"d1": {Date: d("2026-01-02")}, "d2": {Date: d("2026-01-01")},
			}
			for f, field := range p.Fields {
				v := vals[field.Name]
				v.Present = true
				p.Set(ix, f, v)
			}
			s, err := newScorer(set, p)
			if err != nil {
				t.Fatal(err)
			}
			dp := s.derived[0]
			if dp.kernel == nil {
				t.Fatalf("%s is not compiled", tc.expr)
			}
			ev := newEvaluation(s)
			ev.load(p, 0)
			ev.bail = false
			var got any
			switch dp.kernel.t {
			case kFloat:
				got = dp.kernel.f(ev)
			case kInt:
				got = dp.kernel.i(ev)
			case kBool:
				got = dp.kernel.b(ev)
			}
			vmOut, vmErr := ev.run(dp.d.Program, dp.inputs)
			if tc.want == nil {
				if !ev.bail || vmErr == nil {
					t.Errorf("kernel gave up %v, VM error %v; want both", ev.bail, vmErr)
				}
				return
			}
			for who, out := range map[string]any{"kernel": got, "VM": vmOut} {
				if reflect.TypeOf(out) != reflect.TypeOf(tc.want) || fmt.Sprintf("%v %v", out, math.Signbit(toF(out))) != fmt.Sprintf("%v %v", tc.want, math.Signbit(toF(tc.want))) {
					t.Errorf("%s: %#v, want %#v", who, out, tc.want)
				}
			}
		})
	}
}

func toF(x any) float64 {
	f, _ := toFloat(x)
	return f
}
