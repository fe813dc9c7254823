// Package importers reads agencies' investment portfolios, CSV files now and
// Excel workbooks next, into a [portfolio.Portfolio], guided by the field
// dictionary of a criteria set: which headers name each field, its type and
// its unit.
//
// # Reading
//
// [Read] takes files already in memory and [ReadFiles] reads them from disk
// (at most [MaxFileSize] each). The type of a file is told by its content,
// not its name: CSV (UTF-8 with or without a byte-order mark, or
// Windows-1252; ',' or ';' separated, whichever names more fields), while
// Excel workbooks give [ErrWorkbookNotYet] and .xls, .ods, other zip files
// and binary data are refused with a message that says what to do.
//
// Every problem is positioned ("portfel.csv:12:6: "ca 5" is not a number"),
// all problems of a file are collected (the first [MaxProblems] by position),
// and they come back together as an [ErrorList], which wraps [ErrInput]. If
// any file has a problem, no portfolio is returned. Warnings (a missing
// optional column) and notes (a skipped sum row) go to the portfolio.
//
// # Shared rules
//
// The rules that do not depend on the file format are kept apart so that the
// workbook reader uses them unchanged:
//
//   - [ReadValue] turns a [RawCell] into a typed [portfolio.Value]: missing
//     markers ("-", "saknas", "TBD", …), Swedish and English numbers
//     ([ParseNumber]), unit hints (tkr, mnkr), percentages, scale levels,
//     yes/no words and dates, including Excel date serials.
//   - [DetectHeader] finds the header row among the first [HeaderRows] rows,
//     two-row headers with group labels, unit hints in brackets, and the
//     columns of each field.
//
// Never a panic, a NaN or a silent default: bad input always becomes a
// positioned error.
//
// # What it must not do
//
// The package knows nothing of scoring, gates, derived fields or output
// formats, and writes nothing to the terminal: it reads files and returns
// values with the cells they came from.
package importers
