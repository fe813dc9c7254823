package criteria

import "github.com/prio-tool/prio/internal/strictyaml"

// Positions and problems of criteria files, as the strict YAML decoder
// reports them.
type (
	// Pos is a position in a criteria file. Line and Col count from 1.
	Pos = strictyaml.Pos
	// Error is one problem in a criteria file, at a position.
	Error = strictyaml.Error
	// ErrorList is every problem found in a criteria file. Its Error
	// method gives one line per problem, sorted by position.
	ErrorList = strictyaml.ErrorList
)

// ErrInvalid is wrapped by every ErrorList, so that callers can tell bad
// criteria from I/O failures with errors.Is.
var ErrInvalid = strictyaml.ErrInvalid
