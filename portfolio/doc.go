// Package portfolio holds the domain types shared by the importers and the
// scoring: an investment, its typed field values and the cell each value came
// from.
//
// It must not read files or know about criteria, scoring or output formats: the
// importers fill a [Portfolio], the scoring reads it.
package portfolio
