package reports

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// packCases are the packs and languages of the golden files of the
// Markdown memo and of the HTML pack's text.
var packCases = []struct {
	name string
	pack func() *Pack
	lang string
}{
	{"pack-score.sv", scorePack, "sv"},
	{"pack-full.sv", fullPack, "sv"},
	{"pack-full.en", fullPack, "en"},
}

func TestMarkdownGolden(t *testing.T) {
	for _, tt := range packCases {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteMarkdown(&buf, tt.pack(), Options{Lang: tt.lang, Version: "0.1.0"}); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.name+".md.golden", buf.Bytes())
		})
	}
}

func TestMarkdownEscape(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Ny e-tjänst för bidrag", "Ny e-tjänst för bidrag"},
		{"script", hostileScript, `\<script\>alert(1)\</script\>`},
		{"image", hostileImg, `"\>\<img src=x onerror=alert(1)\>`},
		{"formula", hostileFormula, `=HYPERLINK("http://x","y")`},
		{"table cell", "a | b", `a \| b`},
		{"emphasis", "*fet* och _kursiv_", `\*fet\* och \_kursiv\_`},
		{"code and link", "`kod` [länk](x)", "\\`kod\\` \\[länk\\](x)"},
		{"entity", "&lt;", `\&lt;`},
		{"heading and strike", "# ~~x~~", `\# \~\~x\~\~`},
		{"backslash", `a\b`, `a\\b`},
		{"control characters", "a\tb\nc", "a b c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := md(tt.in); got != tt.want {
				t.Errorf("md(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestMarkdownHostile checks that no hostile name reaches the memo
// unescaped: no "<" that is not escaped, and the escaped forms present.
func TestMarkdownHostile(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, fullPack(), Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, raw := range []string{hostileScript, hostileImg, "<b>"} {
		if strings.Contains(out, raw) {
			t.Errorf("the memo holds %q unescaped", raw)
		}
	}
	for _, want := range []string{md(hostileScript), md(hostileImg), md(hostileFormula)} {
		if !strings.Contains(out, want) {
			t.Errorf("the memo lacks %q", want)
		}
	}
	for i := 0; i < len(out); i++ {
		if out[i] == '<' && (i == 0 || out[i-1] != '\\') {
			t.Fatalf("unescaped < at byte %d: %q", i, out[max(0, i-20):min(len(out), i+20)])
		}
	}
}

func TestMarkdownDraftAndNoSensitivity(t *testing.T) {
	p := scorePack()
	p.Score.Criteria.Status = "draft"
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, p, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"> **DRAFT – criteria not adopted.** The criteria set has status draft and has not been adopted.",
		"How firm the places are is shown by the sensitivity analysis",
		// Without an analysis, the ranked investments that lack inputs.
		"These ranked investments lack inputs",
		// Its A1 is missing; without the set, the criterion's title names
		// what it lacks.
		`- **\<script\>alert(1)\</script\>** "\>\<img src=x onerror=alert(1)\> lacks NPV per invested krona.`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the memo lacks %q:\n%s", want, out)
		}
	}
}

// TestPackInvalid checks that the three writers refuse, writing nothing, a
// pack whose parts do not agree.
func TestPackInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *Pack)
		want   string
	}{
		{"no score", func(p *Pack) { p.Score = nil }, "invalid result: no result"},
		{"other leaves", func(p *Pack) { p.Sensitivity.Leaves[2], p.Sensitivity.Stability[2].Leaf = "X9", "X9" },
			"invalid result: sensitivity criterion 3 is X9, not C1"},
		{"other investments", func(p *Pack) { p.Sensitivity.Investments[1].ID = "SKV-3" },
			"invalid result: sensitivity investment 2 is SKV-3, not <script>alert(1)</script>"},
		{"fewer investments", func(p *Pack) {
			s := p.Sensitivity
			s.Investments = s.Investments[:3]
			for i := range s.Investments {
				s.Investments[i].Acceptability = s.Investments[i].Acceptability[:3]
			}
			for k := range s.Tornado {
				s.Tornado[k] = s.Tornado[k][:3]
			}
			s.Investments[1].RankRange.Worst = 3
		}, "invalid result: the sensitivity analysis has 3 investments, the scores rank 4"},
		{"negative top", func(p *Pack) { p.Top = -1 }, "invalid result: top -1"},
	}
	writers := map[string]func(*bytes.Buffer, *Pack) error{
		"md":   func(b *bytes.Buffer, p *Pack) error { return WriteMarkdown(b, p, Options{}) },
		"html": func(b *bytes.Buffer, p *Pack) error { return WriteHTML(b, p, Options{}) },
		"xlsx": func(b *bytes.Buffer, p *Pack) error { return WriteXLSX(b, p, Options{}) },
	}
	for _, tt := range tests {
		for format, write := range writers {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				p := fullPack()
				tt.change(p)
				var buf bytes.Buffer
				err := write(&buf, p)
				if err == nil || err.Error() != tt.want {
					t.Errorf("error = %v, want %s", err, tt.want)
				}
				if !errors.Is(err, ErrInvalidResult) {
					t.Errorf("error %v does not wrap ErrInvalidResult", err)
				}
				if buf.Len() != 0 {
					t.Errorf("wrote %d bytes before failing", buf.Len())
				}
			})
		}
	}
	t.Run("unknown language", func(t *testing.T) {
		for format, write := range map[string]func(*bytes.Buffer) error{
			"md":   func(b *bytes.Buffer) error { return WriteMarkdown(b, fullPack(), Options{Lang: "de"}) },
			"html": func(b *bytes.Buffer) error { return WriteHTML(b, fullPack(), Options{Lang: "de"}) },
			"xlsx": func(b *bytes.Buffer) error { return WriteXLSX(b, fullPack(), Options{Lang: "de"}) },
		} {
			var buf bytes.Buffer
			if err := write(&buf); !errors.Is(err, ErrUnknownLang) || buf.Len() != 0 {
				t.Errorf("%s: error %v, %d bytes written", format, err, buf.Len())
			}
		}
	})
}

// TestPackDeterministic renders each format of each pack twice, the real
// example's included: the bytes must agree.
func TestPackDeterministic(t *testing.T) {
	packs := map[string]func() *Pack{
		"score":   scorePack,
		"full":    fullPack,
		"example": func() *Pack { return mustExamplePack(t) },
	}
	formats := map[string]func(*bytes.Buffer, *Pack) error{
		"md":   func(b *bytes.Buffer, p *Pack) error { return WriteMarkdown(b, p, Options{Version: "0.1.0"}) },
		"html": func(b *bytes.Buffer, p *Pack) error { return WriteHTML(b, p, Options{Version: "0.1.0"}) },
		"xlsx": func(b *bytes.Buffer, p *Pack) error { return WriteXLSX(b, p, Options{Version: "0.1.0"}) },
	}
	for pname, pack := range packs {
		for fname, write := range formats {
			t.Run(pname+"/"+fname, func(t *testing.T) {
				var first, second bytes.Buffer
				if err := write(&first, pack()); err != nil {
					t.Fatal(err)
				}
				if err := write(&second, pack()); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(first.Bytes(), second.Bytes()) {
					if fname == "xlsx" {
						t.Fatalf("two workbooks differ (%d and %d bytes)", first.Len(), second.Len())
					}
					t.Fatalf("two renderings differ:\n%s", cmp.Diff(first.String(), second.String()))
				}
			})
		}
	}
}
