package criteria

import (
	"github.com/prio-tool/prio/messages"
	"gopkg.in/yaml.v3"

	"github.com/prio-tool/prio/internal/strictyaml"
)

// decoder reads a criteria file: the strict YAML decoder and the readers of
// what criteria sets have of their own.
type decoder struct {
	*strictyaml.Decoder
}

func newDecoder(file string) *decoder {
	return &decoder{&strictyaml.Decoder{File: file}}
}

// bilingual reads a title or description: {sv: …, en: …}, or plain text for
// both languages.
func (d *decoder) bilingual(n *yaml.Node, what any) Text {
	n = strictyaml.Resolve(n)
	if n.Kind == yaml.ScalarNode {
		s, _ := d.Text(n, what)
		return Text{SV: s, EN: s}
	}
	m, ok := d.Mapping(n, what, "sv", "en")
	if !ok {
		return Text{}
	}
	var t Text
	if v, ok := m["sv"]; ok {
		t.SV, _ = d.Text(v, sub(what, "sv"))
	}
	if v, ok := m["en"]; ok {
		t.EN, _ = d.Text(v, sub(what, "en"))
	}
	if t.SV == "" && t.EN == "" {
		d.Errorf(n, "%s must give sv or en text", what)
	}
	return t
}

// sub names a key under a thing a message is about: "field invest: unit".
func sub(what any, key string) messages.Message { return messages.M("%s: %s", what, key) }
