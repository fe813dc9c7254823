// Package prio holds what the prio command builds in besides its code: the
// version and the example portfolio that `prio score` scores when given no
// files. The work itself is done by the packages criteria, importers,
// scoring and reports; see README.md.
package prio

import _ "embed"

// Version is the version of prio, written into every result.
const Version = "0.1.0"

// ExampleName is the file name the built-in example portfolio is reported under.
const ExampleName = "exempelverket.csv"

//go:embed testdata/examples/exempelverket.csv
var exampleCSV []byte

// Example returns the bytes of the built-in example portfolio: a fictional
// agency's investments, written for the built-in criteria set.
func Example() []byte {
	out := make([]byte, len(exampleCSV))
	copy(out, exampleCSV)
	return out
}
