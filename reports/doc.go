// Package reports renders a [scoring.Result] for people and for programs:
// [WriteTable] an aligned plain-text table for a terminal, in Swedish or
// English; [WriteJSON] the prio.result/1 document of FORMATS.md §3; and
// [WriteCSV] one row per investment with every value and contribution.
// [FormatNumber] formats a number the way prio's Swedish and English text
// output does.
//
// The reports people read are made from a [Pack], a scoring result with,
// when one was run, its sensitivity analysis: [WriteXLSX] an Excel workbook
// for analysts (an overview, ranking, contributions, starting points,
// sensitivity, inputs and the run, with tables, conditional formats and
// charts, every sheet ready to print), [WriteHTML] one self-contained,
// printable and accessible HTML file for a recommendation meeting, with SVG
// charts drawn by gonum/plot, and [WriteMarkdown] its summary and ranking
// for memos. All three tell one story, worked out once (newStory): the
// three-line summary and one verdict per ranked investment from one rule
// (packFirmness), failed starting points in sentences (gateTexter). Their
// labels, in Swedish and English, are in pack_labels.go. The batch summary
// ([WriteSummaryHTML], [WriteSummaryXLSX]) and the criteria diff
// ([WriteDiffHTML] and the rest) follow the same rules.
//
// Output rules:
//   - JSON and CSV numbers are the shortest decimal form that reads back to
//     the same float64, as encoding/json writes them, whatever the language;
//     never "-0", never rounded. A NaN or an infinity is an error, never
//     output.
//   - Maps keyed by criterion follow the criteria tree order (Result.Leaves);
//     investments follow Result.Investments. The same Result always gives
//     byte-identical output.
//   - Swedish text uses a decimal comma, a no-break space (U+00A0) between
//     thousands and an ASCII "-" minus.
//   - Each writer builds its whole output before writing it to the
//     [io.Writer] in one call, so a Result it rejects writes nothing.
//   - Text from the inputs is data, never markup or formulas: escaped by
//     html/template in HTML, backslash-escaped in Markdown, string cells in
//     the workbook. The reports for people show the day of the run that
//     Options.Date gives, and no other time: the same pack and options give
//     the same bytes. JSON and CSV carry no date.
//
// The package only renders: it does no scoring, ranking or reading of
// files, never writes to the terminal or to any writer but the one it is
// given, and never exits; cmd/prio owns the terminal and the exit codes.
package reports
