package messages

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/messages.md from the catalogue")

// sectionTitles name the catalogue files in the document, in its order.
var sectionTitles = []struct{ file, title string }{
	{"cli", "The command line"},
	{"yaml", "YAML files (criteria sets, manifests, AHP matrices)"},
	{"criteria", "Criteria sets"},
	{"expressions", "Expressions (derived fields and requirements)"},
	{"importers", "Portfolios: CSV files and workbooks"},
	{"cells", "Cell values"},
	{"scoring", "Scoring"},
	{"sensitivity", "Sensitivity analysis"},
	{"selection", "Selection: what to fund"},
	{"reports", "Reports"},
	{"batch", "Batch runs and verification"},
	{"messages", "Language"},
}

const docIntro = `# prio's messages

<!-- Generated from messages/catalogue/*.yaml by ` + "`go test ./messages -update`" + `; do not edit. -->

Every message prio can give, in English and Swedish, with what causes it and
what to do about it. prio speaks Swedish unless told otherwise: ` + "`--lang en`" + `
on any command, or ` + "`PRIO_LANG=en`" + ` in the environment, switches to English
(` + "`--lang`" + ` wins over ` + "`PRIO_LANG`" + `). The language covers messages and
reports alike. The help text (` + "`prio --help`" + `, ` + "`prio COMMAND --help`" + `: the
commands' and flags' descriptions) stays English.

Some messages end with a text from another program, in English: the
operating system's reason a file could not be written, the YAML or JSON
reader's description of a syntax error, the expression engine's reason an
expression failed. The message around it says, in the run's language, where
and what; the catalogue says so at each.

Messages are shown here as the code writes them, with ` + "`%s`" + `, ` + "`%d`" + ` and
similar marking what is filled in: a file position (` + "`portfolio.csv:7:3`" + `,
` + "`book.xlsx: Blad1!C7`" + `), a name, a value from the file, or a number. A
message about a file always begins with the position it concerns.

Parts of messages that are not shown on their own (words such as a field's
kind) are listed after each section's messages.
`

func renderDoc(entries []Entry) (doc []byte, untitled []string) {
	var b bytes.Buffer
	b.WriteString(docIntro)
	bySection := map[string][]Entry{}
	for _, e := range entries {
		bySection[e.Section] = append(bySection[e.Section], e)
	}
	md := func(s string) string { return "`" + strings.ReplaceAll(s, "`", "'") + "`" }
	for _, s := range sectionTitles {
		list := bySection[s.file]
		delete(bySection, s.file)
		if len(list) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n", s.title) // not a message: document text
		var fragments []Entry
		for _, e := range list {
			if e.Fragment {
				fragments = append(fragments, e)
				continue
			}
			fmt.Fprintf(&b, "\n### %s\n\n- Svenska: %s\n- Cause: %s\n- What to do: %s\n", md(e.En), md(e.Sv), e.Cause, e.Remedy) // not a message: document text
		}
		if len(fragments) > 0 {
			b.WriteString("\nParts of messages:\n\n| English | Svenska |\n|---|---|\n")
			for _, e := range fragments {
				fmt.Fprintf(&b, "| %s | %s |\n", md(e.En), md(e.Sv))
			}
		}
	}
	for file := range bySection {
		untitled = append(untitled, file) // would be left out of the document
	}
	return b.Bytes(), untitled
}

func TestDocumentIsCurrent(t *testing.T) {
	entries, err := Entries()
	if err != nil {
		t.Fatal(err)
	}
	got, untitled := renderDoc(entries)
	for _, file := range untitled {
		t.Errorf("catalogue/%s.yaml has no title in sectionTitles", file)
	}
	path := filepath.Join(repoRoot(t), "docs", "messages.md")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./messages -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/messages.md is not what the catalogue gives: run go test ./messages -update")
	}
}
