// Package scoring applies a criteria set to a portfolio: it computes derived
// fields, checks the starting points (gates), values every leaf criterion,
// aggregates the weighted score and ranks the investments, keeping with each
// number what it was computed from.
//
// The result is a plain data structure ([Result]) that the reports render.
// The package knows nothing of files or output formats.
package scoring
