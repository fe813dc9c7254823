// Package criteria holds the model of a versioned criteria set (format
// prio.criteria/1): the field dictionary the importers look for, derived
// fields and starting points (gates) written as expressions, and the weighted
// tree of prioritisation criteria with their value functions.
//
// [Parse] decodes and validates a set from YAML strictly: unknown and
// duplicate keys, wrong types, bad references, cycles among derived fields,
// expressions that do not compile and out-of-range numbers are all reported
// together as an [ErrorList], each with FILE:LINE:COL, sorted by position.
// [Load] reads a file and calls Parse; [Default] returns the set built into the
// binary.
//
// The package knows nothing of files' contents beyond the criteria YAML, of
// scoring or of output formats: it describes what to read and how to value it.
package criteria
