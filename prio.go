package prio

import (
	"bytes"
	_ "embed"
)

// Version is the version of prio, written into every result.
const Version = "0.1.0"

// The built-in example: a fictional agency's workbook and the analysts'
// assessment of its investments, joined by id (written by testdata/gen).
const (
	ExampleName           = "exempelverket.xlsx"
	ExampleAssessmentName = "exempelverket-bedomning.xlsx"
	ExampleSelectionName  = "exempelverket-urval.yaml"
)

var (
	//go:embed testdata/examples/exempelverket.xlsx
	exampleWorkbook []byte
	//go:embed testdata/examples/exempelverket-bedomning.xlsx
	exampleAssessment []byte
	//go:embed testdata/examples/exempelverket-urval.yaml
	exampleSelection []byte
)

// ExampleWorkbook returns the bytes of the built-in example workbook.
func ExampleWorkbook() []byte { return bytes.Clone(exampleWorkbook) }

// ExampleAssessment returns the bytes of the analysts' assessment joined to
// the built-in example.
func ExampleAssessment() []byte { return bytes.Clone(exampleAssessment) }

// ExampleSelection returns the bytes of the selection file (FORMATS.md §5)
// that `prio select` uses for the built-in example.
func ExampleSelection() []byte { return bytes.Clone(exampleSelection) }
