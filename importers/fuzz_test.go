package importers

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/prio-tool/prio/portfolio"
)

// FuzzParseNumber checks that number parsing never panics and never gives
// NaN, ±Inf or -0, and that every float64 written by strconv ('f', 'e' and
// 'g', shortest form) reads back as itself in both locales.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{
		"0", "-0", "1 234,5", "1\u00a0234,5", "1\u2009234", "1\u202f234,25", "-0,5", "−12", "1.5", "1,5E+03",
		"1.5e3", "2,5e-1", ",5", "+7", "1e400", "1e-400", "1.234.567", "ca 5", "5–10", "1,234.5", "12 34",
		"NaN", "Inf", "-Infinity", "0x10", "1_000", "", "-", "1e", "e5", "1e99999999999999999999",
	} {
		f.Add(s, 1234.5, false)
		f.Add(s, -0.001, true)
	}
	f.Add("", 1e308, false)
	f.Add("", 5e-324, true)
	f.Add("", math.Copysign(0, -1), false)
	f.Fuzz(func(t *testing.T, s string, x float64, en bool) {
		locale := LocaleSV
		if en {
			locale = LocaleEN
		}
		v, err := ParseNumber(s, locale)
		switch {
		case err != nil && err.Error() == "":
			t.Errorf("ParseNumber(%q): empty error", s)
		case err == nil && (math.IsNaN(v) || math.IsInf(v, 0)):
			t.Errorf("ParseNumber(%q) = %v", s, v)
		case err == nil && v == 0 && math.Signbit(v):
			t.Errorf("ParseNumber(%q) = -0", s)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		want := x
		if want == 0 {
			want = 0 // -0 reads as 0
		}
		for _, format := range []byte{'f', 'e', 'g'} {
			text := strconv.FormatFloat(x, format, -1, 64)
			got, err := ParseNumber(text, locale)
			if err != nil || got != want || math.Signbit(got) != math.Signbit(want) {
				t.Errorf("ParseNumber(%q, %s) = %v, %v; want %v", text, locale, got, err, want)
			}
		}
	})
}

// FuzzReadCSV checks that reading any bytes never panics and gives either a
// portfolio of finite values or an ErrorList that wraps ErrInput. It is
// seeded with the corpus in testdata/csv.
func FuzzReadCSV(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "csv", "*"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no corpus: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, false)
		f.Add(data, true)
	}
	set := parseSet(f, fullSet)
	f.Fuzz(func(t *testing.T, data []byte, en bool) {
		opts := Options{}
		if en {
			opts.Locale = LocaleEN
		}
		p, err := Read(set, []Source{{Path: "f.csv", Data: data}}, opts)
		if err != nil {
			var list ErrorList
			if p != nil || !errors.Is(err, ErrInput) || !errors.As(err, &list) || len(list) == 0 || len(list) > MaxProblems+1 {
				t.Fatalf("bad error %T: %v", err, err)
			}
			return
		}
		if len(p.Inputs) != 1 || p.Inputs[0].Rows != len(p.Investments) {
			t.Fatalf("inputs %+v for %d investments", p.Inputs, len(p.Investments))
		}
		seen := make(map[string]bool)
		for n, inv := range p.Investments {
			values := p.Values(n)
			if inv.ID == "" || seen[inv.ID] || len(values) != len(set.Fields) {
				t.Fatalf("investment %+v", inv)
			}
			seen[inv.ID] = true
			for i, v := range values {
				if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) || v.Num == 0 && math.Signbit(v.Num) {
					t.Fatalf("%s %s: number %v", inv.ID, set.Fields[i].Name, v.Num)
				}
				if !v.Present {
					continue
				}
				switch set.Fields[i].Type {
				case portfolio.Scale:
					if v.Num < 1 || v.Num > float64(len(set.Fields[i].Levels)) || v.Text != set.Fields[i].Levels[int(v.Num)-1] {
						t.Fatalf("%s %s: level %v %q", inv.ID, set.Fields[i].Name, v.Num, v.Text)
					}
				case portfolio.Date:
					if v.Date.IsZero() || v.Date.Location() != nil && v.Date.Location().String() != "UTC" {
						t.Fatalf("%s %s: date %v", inv.ID, set.Fields[i].Name, v.Date)
					}
				}
			}
		}
	})
}
