package prio_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestLibraryDoesNotPrintExitOrReadEnvironment holds the promise of the
// package doc (issue 13 item 3): no library package prints, exits or reads
// the environment; the command (cmd/) does that. It scans every non-test
// Go file outside cmd/ and testdata/ for the calls that would.
func TestLibraryDoesNotPrintExitOrReadEnvironment(t *testing.T) {
	forbidden := map[string]map[string]bool{
		"os":  {"Exit": true, "Getenv": true, "LookupEnv": true, "Environ": true, "Stdout": true, "Stderr": true, "Stdin": true, "Setenv": true},
		"fmt": {"Print": true, "Printf": true, "Println": true},
		"log": {"Print": true, "Printf": true, "Println": true, "Fatal": true, "Fatalf": true, "Fatalln": true, "Panic": true, "Panicf": true},
	}
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch path {
			case "cmd", "testdata", ".git", ".ci":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		// The local names of the imports of os, fmt and log.
		local := map[string]string{}
		for _, imp := range f.Imports {
			p := strings.Trim(imp.Path.Value, `"`)
			if _, ok := forbidden[p]; !ok {
				continue
			}
			name := p
			if imp.Name != nil {
				name = imp.Name.Name
			}
			local[name] = p
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			if p, ok := local[id.Name]; ok && forbidden[p][sel.Sel.Name] {
				t.Errorf("%s: %s.%s in a library package: only cmd/ prints, exits or reads the environment", fset.Position(sel.Pos()), p, sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 { // the scan must have seen the library, or it proves nothing
		t.Fatalf("scanned %d files; the walk missed the packages", files)
	}
}
