package messages

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// checkedDirs are the folders (relative to the repository root, with their
// subfolders) whose messages must all be in the catalogue: "." is the whole
// repository.
var checkedDirs = []string{"."}

// messageFuncs are the functions of this package that take a message, by
// the index of the message argument.
var messageFuncs = map[string]int{"M": 0, "NewError": 0, "KindError": 1, "Sprintf": 0, "Errorf": 0, "New": 0, "T": 0, "Kind": 1}

// plainFuncs make text for people without the catalogue: a call with a
// format holding words is a message that escaped it.
var plainFuncs = map[string]map[string]bool{
	"fmt":    {"Errorf": true, "Sprintf": true, "Fprintf": true, "Printf": true, "Sprint": true, "Sprintln": true, "Fprintln": true, "Println": true, "Fprint": true, "Print": true},
	"errors": {"New": true},
}

// ignoreMarker on the line of a call says it makes no message for people
// (a key, a number, a build defect), with the reason after it.
const ignoreMarker = "not a message"

type sourceFile struct {
	path  string
	fset  *token.FileSet
	file  *ast.File
	lines map[int]string // comments by line
}

// use is one place the code gives a message: its format, or the reason it
// could not be read.
type use struct {
	pos    string
	format string
	fn     string
	bad    string
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found above the messages package: %v", err)
	}
	return root
}

// parseSources parses every non-test Go file of the repository outside
// testdata folders.
func parseSources(t *testing.T, root string) []sourceFile {
	t.Helper()
	var files []sourceFile
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		lines := map[int]string{}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				lines[fset.Position(c.Pos()).Line] += c.Text
			}
		}
		rel, _ := filepath.Rel(root, path)
		files = append(files, sourceFile{filepath.ToSlash(rel), fset, f, lines})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// formatWrappers finds the functions that pass a message on: those with a
// string parameter named format followed by ...any. It maps their names to
// the index of the format argument.
func formatWrappers(files []sourceFile) map[string]int {
	out := map[string]int{}
	for _, sf := range files {
		if sf.file.Name.Name == "messages" {
			continue // its functions are messageFuncs, called as messages.X; as wrappers by bare name they would claim every Errorf, New and T
		}
		for _, decl := range sf.file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Type.Params == nil {
				continue
			}
			i := 0
			for _, field := range fd.Type.Params.List {
				names := max(len(field.Names), 1)
				for _, n := range field.Names {
					if id, ok := field.Type.(*ast.Ident); ok && id.Name == "string" && (n.Name == "format" || n.Name == "text") {
						if _, variadic := fd.Type.Params.List[len(fd.Type.Params.List)-1].Type.(*ast.Ellipsis); variadic || n.Name == "text" {
							out[fd.Name.Name] = i
						}
					}
					i++
				}
				if len(field.Names) == 0 {
					i += names
				}
			}
		}
	}
	return out
}

// constant gives the value of a string literal or a sum of them.
func constant(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := constant(e.X)
		b, ok2 := constant(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return constant(e.X)
	}
	return "", false
}

// hasWords tells a format with text for people from one of verbs and
// punctuation only ("%s: %w", "%d").
func hasWords(format string) bool {
	v, err := verbs(format)
	if err != nil {
		return true
	}
	_ = v
	inVerb := false
	for _, r := range format {
		switch {
		case r == '%':
			inVerb = !inVerb
		case inVerb:
			if strings.ContainsRune("vTtbcdoOqxXUeEfFgGsswp", r) {
				inVerb = false
			}
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127:
			return true
		}
	}
	return false
}

// messageUses finds every message given in the checked folders.
func messageUses(t *testing.T, files []sourceFile, wrappers map[string]int) []use {
	t.Helper()
	var uses []use
	for _, sf := range files {
		if !slices.ContainsFunc(checkedDirs, func(d string) bool { return d == "." || sf.path == d || strings.HasPrefix(sf.path, d+"/") }) {
			continue
		}
		inMessages := sf.file.Name.Name == "messages"
		ast.Inspect(sf.file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			p := sf.fset.Position(call.Pos())
			pos := sf.path + ":" + strconv.Itoa(p.Line)
			if strings.Contains(sf.lines[p.Line], ignoreMarker) {
				return true
			}
			var pkg, name string
			switch fun := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fun.Sel.Name
				if id, ok := fun.X.(*ast.Ident); ok {
					pkg = id.Name
				}
			case *ast.Ident:
				name = fun.Name
				if inMessages {
					pkg = "messages"
				}
			default:
				return true
			}
			index, isMessage := 0, false
			switch {
			case pkg == "messages":
				index, isMessage = messageFuncs[name]
			case plainFuncs[pkg][name]:
				if strings.HasPrefix(name, "F") {
					index = 1
				}
			default:
				index, isMessage = wrappers[name]
			}
			if !isMessage && !plainFuncs[pkg][name] || index >= len(call.Args) {
				return true
			}
			arg := call.Args[index]
			format, isConst := constant(arg)
			switch {
			case !isMessage && plainFuncs[pkg][name]:
				if isConst && hasWords(format) {
					uses = append(uses, use{pos: pos, fn: pkg + "." + name, bad: "gives text for people outside the catalogue: use messages." + strings.TrimPrefix(name, "F") + " (or mark the line \"" + ignoreMarker + ": why\")"})
				}
			case isConst:
				uses = append(uses, use{pos: pos, fn: name, format: format})
			default:
				if id, ok := arg.(*ast.Ident); ok && (id.Name == "format" || id.Name == "text") {
					return true // passes its own message parameter on
				}
				uses = append(uses, use{pos: pos, fn: name, bad: "gives a message that is not a constant, so it cannot be checked against the catalogue"})
			}
			return true
		})
	}
	return uses
}

func TestEveryMessageIsCatalogued(t *testing.T) {
	root := repoRoot(t)
	files := parseSources(t, root)
	uses := messageUses(t, files, formatWrappers(files))
	if len(uses) == 0 {
		t.Fatal("no messages found in the checked folders: the scan is broken")
	}
	for _, u := range uses {
		if u.bad != "" {
			t.Errorf("%s: %s %s", u.pos, u.fn, u.bad)
			continue
		}
		e, ok := Lookup(u.format)
		switch {
		case !ok:
			t.Errorf("%s: %s: message %q is not in the catalogue", u.pos, u.fn, u.format)
		case e.Sv == "":
			t.Errorf("%s: message %q has no Swedish text", u.pos, u.format)
		}
	}
}

func TestCatalogueIsSound(t *testing.T) {
	entries, err := Entries()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, e := range entries {
		where := e.Section + ": " + strconv.Quote(e.En)
		if first, dup := seen[e.En]; dup {
			t.Errorf("%s: given twice (first in %s)", where, first)
		}
		seen[e.En] = e.Section
		if e.En == "" || e.Sv == "" {
			t.Errorf("%s: needs both en and sv", where)
			continue
		}
		if !e.Fragment && (e.Cause == "" || e.Remedy == "") {
			t.Errorf("%s: a message needs a cause and a remedy (or fragment: true)", where)
		}
		ve, err1 := verbs(e.En)
		vs, err2 := verbs(e.Sv)
		if err1 != nil || err2 != nil {
			t.Errorf("%s: bad format: %v %v", where, err1, err2)
			continue
		}
		for arg, v := range ve {
			if vs[arg] != v {
				t.Errorf("%s: argument %d is %%%s in English but %%%s in Swedish %q", where, arg, v, vs[arg], e.Sv)
			}
		}
		for arg, v := range vs {
			if _, ok := ve[arg]; !ok {
				t.Errorf("%s: Swedish uses argument %d (%%%s) that English does not", where, arg, v)
			}
		}
	}
}

// Every catalogued message is used somewhere, so the catalogue and the
// document describe what prio really says.
func TestCatalogueHasNoUnusedEntries(t *testing.T) {
	files := parseSources(t, repoRoot(t))
	used := map[string]bool{}
	for _, sf := range files {
		ast.Inspect(sf.file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					used[s] = true
				}
			}
			if b, ok := n.(*ast.BinaryExpr); ok {
				if s, ok := constant(b); ok {
					used[s] = true
				}
			}
			return true
		})
	}
	entries, _ := Entries()
	for _, e := range entries {
		if !used[e.En] {
			t.Errorf("%s: %q is not used by the code; remove it", e.Section, e.En)
		}
	}
}
