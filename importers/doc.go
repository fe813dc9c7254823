// Package importers reads agencies' investment portfolios, Excel workbooks
// (.xlsx, .xlsm) and CSV files, into a [portfolio.Portfolio], guided by the
// field dictionary of a criteria set: which headers name each field, its type
// and its unit.
//
// # Reading
//
// [Read] takes files already in memory and [ReadFiles] reads them from disk
// (at most [MaxFileSize] each, regular files only), in place: no file is
// held whole. Every part of a workbook read is bounded by what it unpacks
// to and by what it builds (docs/limits.md), so that a small hostile file
// cannot exhaust memory or time; [ReadJoined] and [ReadFilesJoined] stop
// when their context is cancelled. The type of a file is told by its content,
// not its name: an Excel workbook (a zip with [Content_Types].xml and xl/
// parts), or CSV (UTF-8 with or without a byte-order mark, or Windows-1252;
// ',' or ';' separated, whichever names more fields). The binary .xlsb,
// .xls, .ods, other zip files and binary data are refused with a message
// that says what to do.
//
// A workbook's sheets are streamed, never loaded whole, so that a sheet of
// 100,000 rows costs little more memory than its values. The sheet read is
// the one whose header row names the most fields (a visible sheet before a
// hidden one; on a tie the first), or the one [Options].Sheet names. Each
// cell's stored value is read, never the text Excel would show: numbers as
// numbers, with a percent number format marking a share
// ([RawCell].Percent); formulas by their saved result, or calculated with
// excelize when a file has none; the 1904 date system where the workbook
// uses it.
//
// Every problem is positioned ("portfel.csv:12:6: "ca 5" is not a number",
// "portfel.xlsx: Investeringar!F12: "ca 5" is not a number", a whole row of
// a sheet as Excel names it: "portfel.xlsx: Investeringar!3:3"), all
// problems of a file are collected (the first [MaxProblems] by position),
// and they come back together as an [ErrorList], which wraps [ErrInput]. If
// any file has a problem, no portfolio is returned. Warnings (a missing
// optional column, an Excel error value) and notes (a skipped sum row) go to
// the portfolio.
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
