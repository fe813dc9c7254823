// Command gen writes the example agency workbooks in testdata/examples: for
// each of three fictional agencies (Exempelverket, Registerverket,
// Tillsynsverket) the agency's portfolio workbook and the analysts'
// assessment workbook, to be joined by id:
//
//	prio score exempelverket.xlsx --join exempelverket-bedomning.xlsx
//
// The workbooks are as messy as agencies' real ones (see DOMAIN.md, "What
// agency spreadsheets look like"): an instructions sheet and a hidden list
// sheet, title rows, two-row headers with merged group labels, amounts in
// tkr, mnkr and MSEK, numbers typed as text, placeholders, a Summa row,
// blank rows, formulas with cached results, and so on. All data are made up.
//
// The output is byte-identical on every run: the data come from a seeded
// PCG generator, document times are fixed and the zip entries have a fixed
// order and time stamp. CI runs the check:
//
//	go run ./testdata/gen          # write the files into testdata/examples
//	go run ./testdata/gen -check   # compare them with a fresh generation
//	go run ./testdata/gen -o DIR   # write them elsewhere
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

func main() {
	dir := flag.String("o", filepath.Join("testdata", "examples"), "write the workbooks into `DIR`")
	check := flag.Bool("check", false, "compare the workbooks in the directory with a fresh generation instead of writing them; exit 1 if any differs")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./testdata/gen [-check] [-o DIR]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	files, err := build()
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
	if *check {
		stale, err := compare(*dir, files)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen: %v\n", err)
			os.Exit(1)
		}
		for _, s := range stale {
			fmt.Fprintf(os.Stderr, "gen: %s\n", s)
		}
		if len(stale) > 0 {
			fmt.Fprintf(os.Stderr, "gen: %d of %d files are not what go run ./testdata/gen writes; run it and commit the result\n", len(stale), len(files))
			os.Exit(1)
		}
		fmt.Printf("gen: %d files in %s are up to date\n", len(files), *dir)
		return
	}
	if err := write(*dir, files); err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
}

// output is one generated file.
type output struct {
	name string
	data []byte
}

// build generates every workbook in memory.
func build() ([]output, error) {
	var files []output
	for i, a := range agencies {
		agency, assessed := a.build(newRandom(seed, uint64(i+1)))
		for _, f := range []struct {
			name string
			book *book
		}{{a.file + ".xlsx", agency}, {a.file + "-bedomning.xlsx", assessed}} {
			data, err := f.book.bytes()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.name, err)
			}
			files = append(files, output{f.name, data})
		}
	}
	return files, nil
}

// compare names each file in dir that is missing or differs from the
// generated one.
func compare(dir string, files []output) ([]string, error) {
	var stale []string
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		old, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			stale = append(stale, path+": missing")
		case err != nil:
			return nil, err
		case !bytes.Equal(old, f.data):
			stale = append(stale, path+": differs")
		}
	}
	return stale, nil
}

// write writes the files into dir, each through a temporary file renamed
// into place, so that no half-written workbook is left behind.
func write(dir string, files []output) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		tmp, err := os.CreateTemp(dir, ".gen-*.xlsx")
		if err != nil {
			return err
		}
		_, werr := tmp.Write(f.data)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		if err := os.Rename(tmp.Name(), filepath.Join(dir, f.name)); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return nil
}
