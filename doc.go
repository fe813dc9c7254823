// Package prio scores and prioritises public agencies' digital
// investments: it applies a versioned criteria set to an agency's
// portfolio and gives ranked, explained assessments, sensitivity analyses
// and what to fund within a budget. The prio command (cmd/prio) is one
// user of the packages below; a service of an agency's own can call them
// the same way. This package holds what the command builds in besides its
// code: the [Version] and the example portfolio that `prio score` scores
// when given no files.
//
// # The way in
//
// Each step is a package; the runnable examples of this package (Example,
// Example_sensitivity, Example_render, Example_errors) go through them:
//
//  1. Load a criteria set: criteria.Load(path), criteria.Parse(r, name)
//     for YAML from an io.Reader, or criteria.Default() for the built-in
//     one.
//  2. Read a portfolio: importers.ReadFiles(set, paths, opts) for
//     workbooks and CSV files on disk, importers.ReadFilesJoined(ctx, …)
//     to join an assessment by id, or importers.SourceFrom(name, r) and
//     importers.Read(set, sources, opts) for files from an io.Reader.
//  3. Score: scoring.Score(set, portfolio) gives a scoring.Result, every
//     score explained by criterion, starting point and source cell.
//  4. Analyse: sensitivity.Analyse(ctx, set, portfolio, result, opts) (in
//     scoring/sensitivity) for how firm the ranking is; selection (in
//     scoring/selection) for what to fund within the budget frames.
//  5. Render: the Write functions of package reports, for people (table,
//     Markdown, HTML, xlsx) in the language of reports.Options.Lang, and
//     for programs (JSON, CSV) in the same bytes in every language.
//
// # Language
//
// Results and errors hold their messages in no language
// (messages.Message: a catalogue entry and its arguments) and give them in
// the one asked for: messages.Localize(err, messages.Swedish), a Message's
// In(lang), the renderers' Options.Lang. Nothing is set for the process,
// so two goroutines may render in two languages at once. Error() is
// English.
//
// # Errors
//
// Problems are typed and carry their positions: criteria.ErrorList
// (FILE:LINE:COL), importers.ErrorList (the file, sheet and cell of each
// problem), scoring.ExprError (an expression that failed at run time, with
// the investments and cells it read). Use errors.As to get them; every
// problem of an input is reported, not only the first.
//
// # Stability
//
// The file formats (the criteria YAML, the JSON and CSV results, run.json,
// the batch manifest and the selection file) are contracts, documented in
// docs/formats.md, and change only with their format version. Of the Go
// API, the entry points above, the result types they return
// (criteria.Set, portfolio.Portfolio, scoring.Result and Assessment,
// sensitivity.Result, reports.Options) and the error types are meant to
// stay; other exported names serve the prio command and may change between
// versions while prio is 0.x. No package prints, exits or reads the
// environment: the command does that; anything that may take long takes a
// context.Context.
package prio
