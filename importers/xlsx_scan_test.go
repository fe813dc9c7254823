package importers

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// scanTokens lists the tokens of the scanner, then how it ended: the error,
// and the line for io.EOF.
func scanTokens(r io.Reader) []string {
	z := newXMLScanner(r)
	var out []string
	for {
		if err := z.next(); err != nil {
			if err == io.EOF {
				return append(out, fmt.Sprintf("EOF at line %d", z.line()))
			}
			return append(out, "error "+err.Error())
		}
		switch z.kind {
		case xmlStart:
			s := "start " + string(z.local)
			for _, a := range z.attrs {
				s += fmt.Sprintf(" %s=%q", a.local, a.value)
			}
			out = append(out, s)
		case xmlEnd:
			out = append(out, "end "+string(z.local))
		case xmlText:
			out = append(out, fmt.Sprintf("text %q", z.text))
		default:
			out = append(out, "other")
		}
	}
}

// rawTokens lists encoding/xml's RawToken tokens the same way.
func rawTokens(r io.Reader) []string {
	d := xml.NewDecoder(r)
	var out []string
	for {
		tok, err := d.RawToken()
		if err != nil {
			if err == io.EOF {
				line, _ := d.InputPos()
				return append(out, fmt.Sprintf("EOF at line %d", line))
			}
			return append(out, "error "+err.Error())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s := "start " + t.Name.Local
			for _, a := range t.Attr {
				s += fmt.Sprintf(" %s=%q", a.Name.Local, a.Value)
			}
			out = append(out, s)
		case xml.EndElement:
			out = append(out, "end "+t.Name.Local)
		case xml.CharData:
			out = append(out, fmt.Sprintf("text %q", []byte(t)))
		default:
			out = append(out, "other")
		}
	}
}

// compareScanner checks that the scanner reads data as RawToken does, whole,
// in small pieces and byte by byte, and cut short by a read error.
func compareScanner(t *testing.T, data []byte) {
	t.Helper()
	errRead := errors.New("read failed")
	readers := []struct {
		name string
		r    func() io.Reader
	}{
		{"whole", func() io.Reader { return bytes.NewReader(data) }},
		{"halves", func() io.Reader { return iotest.HalfReader(bytes.NewReader(data)) }},
		{"bytes", func() io.Reader { return iotest.OneByteReader(bytes.NewReader(data)) }},
		{"data and EOF", func() io.Reader { return iotest.DataErrReader(bytes.NewReader(data)) }},
		{"read error", func() io.Reader {
			return io.MultiReader(bytes.NewReader(data[:len(data)*2/3]), iotest.ErrReader(errRead))
		}},
	}
	for _, rd := range readers {
		want, got := rawTokens(rd.r()), scanTokens(rd.r())
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: %q\n scanner: %q\nRawToken: %q", rd.name, data, got, want)
		}
	}
}

var scannerCases = []string{
	``,
	`<a/>`,
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="r"><sheetData>` +
		`<row r="1" spans="1:3"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Projekt &amp; år</t></is></c>` +
		`<c r="C1"><f>SUM(A1:B1)</f><v>3.5E-2</v></c></row></sheetData></worksheet>`,
	"<x:c x:r='A1'\n\tt = \"str\" ><x:v>a&lt;b&gt;c&quot;d&apos;e&#229;&#xE5;&#x1F600;</x:v></x:c>",
	"<t>line\r\nnext\rlast\r</t><t a=\"x\r\ny\">\n</t>",
	"<t>\r&amp;\n</t>",
	"<t>&#xD800;&#0;</t>",
	"<t>&#xFFFE;</t>",
	"<t>&#x110000;</t>",
	"<t>&#65</t>",
	"<t>&#X41;</t>",
	"<t>&#x;</t>",
	"<t>&nbsp;</t>",
	"<t>&amp</t>",
	"<t>& amp;</t>",
	"<t>a]]>b</t>",
	"<t a=\"]]>\">a]]&gt;b ]] > ]</t>",
	"<t>\x01</t>",
	"<t>\xff</t>",
	"<t a=\"\xe5\">\u00e5\u00e4\u00f6</t>",
	"<t><![CDATA[a<b]]></t><!-- c --><!DOCTYPE x [<!ENTITY e \"v\">]><?pi x?>",
	"<t>a</t >< /t>",
	"<t a=b/>",
	"<t a/>",
	"<t a=\"1\"b=\"2\"/>",
	"<t a=\"1\" / >",
	"<t a=\"x<y\"/>",
	"<1t/>",
	"<a:b:c/>",
	"<a:/>",
	"<:a/>",
	"<a:1b x:1y=\"2\"/>",
	"<\u00e5/><a\u00e5 b\u00e5=\"1\"/></a\u00e5>",
	"<t.x-y_z/></t.x-y_z>",
	"</t",
	"<t a=\"1",
	"<t",
	"<",
	"text at the end",
	"<a>\n\n<b>\n",
	"<?xml version=\"1.1\"?><a/>",
	"<?xml version=\"1.0\" encoding=\"windows-1252\"?><a/>",
	"<a>\n<b c='1'\n/>\n<!-- \n -- --></a>",
}

func TestXMLScannerMatchesEncodingXML(t *testing.T) {
	for _, c := range scannerCases {
		compareScanner(t, []byte(c))
	}
	// Tokens longer than the scanner's buffer, and than what it reads
	// itself.
	long := strings.Repeat("åäö &amp; x", scanBufSize/8)
	compareScanner(t, []byte("<a><t v=\""+long+"\">"+long+"</t>"+strings.Repeat("<c r=\"A1\"><v>1</v></c>\n", 10000)+"</a>"))
	huge := strings.Repeat("x", maxScanToken+10)
	compareScanner(t, []byte("<a><t>"+huge+"</t><t>&#65;</t></a>"))
}

func FuzzXMLScanner(f *testing.F) {
	for _, c := range scannerCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareScanner(t, data)
	})
}

// TestXMLScannerLongText: a text longer than maxScanToken comes in pieces
// that join to the text as XML reads it, whatever falls at a piece's edge (a
// character reference, a character of several bytes, "\r\n", "]]"), and
// the scanner holds a piece and a buffer, not the text.
func TestXMLScannerLongText(t *testing.T) {
	edges := []struct{ raw, read string }{
		{"&amp;", "&"}, {"&#xE5;", "å"}, {"å", "å"}, {"😀", "😀"}, {"\r\n", "\n"}, {"]]", "]]"}, {"x", "x"},
	}
	for _, edge := range edges {
		// The cut looks at the last 16 bytes before maxScanToken.
		for shift := -8; shift <= 1; shift++ {
			doc := "<t>" + strings.Repeat("a", maxScanToken+shift) + edge.raw + strings.Repeat("b", 3*maxScanToken) + "</t>"
			want := strings.Repeat("a", maxScanToken+shift) + edge.read + strings.Repeat("b", 3*maxScanToken)
			z := newXMLScanner(strings.NewReader(doc))
			var tokens []string
			var text []byte
			pieces := 0
			for {
				err := z.next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%q at %d: %v", edge.raw, shift, err)
				}
				if cap(z.buf) > 4*maxScanToken {
					t.Fatalf("%q at %d: the buffer grew to %d bytes", edge.raw, shift, cap(z.buf))
				}
				switch z.kind {
				case xmlText:
					text = append(text, z.text...)
					pieces++
				case xmlStart:
					tokens = append(tokens, "start "+string(z.local))
				case xmlEnd:
					tokens = append(tokens, "end "+string(z.local))
				}
			}
			if string(text) != want || pieces < 2 || strings.Join(tokens, ",") != "start t,end t" {
				t.Errorf("%q at %d: %d pieces, text right %v, tokens %v", edge.raw, shift, pieces, string(text) == want, tokens)
			}
		}
	}
}

// A comment or CDATA longer than maxSlowToken, which encoding/xml would hold
// whole, is refused.
func TestXMLScannerTokenTooLong(t *testing.T) {
	for _, doc := range []string{
		"<a>\n<!--" + strings.Repeat("c", maxSlowToken) + "--></a>",
		"<a>\n<![CDATA[" + strings.Repeat("c", maxSlowToken) + "]]></a>",
	} {
		toks := scanTokens(strings.NewReader(doc))
		if last := toks[len(toks)-1]; last != "error line 2: a tag, comment or text longer than 2 MiB, more than a workbook holds" {
			t.Errorf("%.20q…: ends with %q", doc, last)
		}
	}
}
