// Package selection decides what to fund within the budgets: the portfolio
// of investments of the highest value that meets every budget and rule
// (FORMATS.md §5, prio select), proven optimal by an exact solver in pure Go.
//
// The package is the computational core only: it reads no files, prints
// nothing and knows no language; the caller builds a [Problem] from a
// scored portfolio and a selection file and maps the structured results
// (issue codes, rule references, reason codes) to positioned messages.
package selection
