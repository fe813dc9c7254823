// Package batch runs every agency of a recommendation meeting in one go: a
// manifest (FORMATS.md §4) names the criteria set, the sensitivity settings,
// the formats and, for each agency, its workbook and the analysts' files
// joined to it; [Run] scores and analyses every agency on a bounded pool of
// workers and writes one folder that holds, per agency, its score and
// sensitivity reports, a cross-agency summary and run.json, the record of
// what was read and written with the SHA-256 of every file.
//
// # Reading a manifest
//
// [ParseManifest] decodes a manifest from a reader and [LoadManifest] from a
// file, strictly: unknown and duplicate keys, missing required keys, wrong
// types and bad values are all reported together, each as FILE:LINE:COL, in
// the same way as criteria sets are read. Paths in a manifest are relative to
// its folder. [Slug] gives each agency's folder name.
//
// # Running
//
// [NewPlan] loads the criteria set a manifest names and merges the
// sensitivity settings (prio's defaults, then the criteria set's, then the
// manifest's). [Run] executes a plan. Agencies are independent: a workbook
// that cannot be read, or an agency that cannot be scored, is recorded with
// its positioned errors and the others go on. Results are stored by the
// agency's index, never in the order workers finish, and every random
// stream is seeded from the recorded seed, so the files written do not
// depend on the number of workers: the same manifest, inputs and seed give
// the same bytes, apart from the start and end times in run.json.
//
// Nothing is half-written: the folder is built beside its target under a
// temporary name and renamed into place when complete. An existing target is
// refused unless [Options].Force is set, and even then only when it is a
// previous run (it holds run.json) or empty.
//
// # Checking a run
//
// [Verify] re-checks a run folder: the SHA-256 of every output listed in
// run.json, the recorded inputs (which must not have changed), and a re-run
// of every agency from those inputs with the recorded settings, rendered in
// memory and compared byte for byte. run.json records an agency's errors,
// warnings and notes in English, the same whatever the language of the
// run; the reports people read give them in the run's language
// ([Options].Lang), which run.json records for the re-run.
//
// With [Options].Compare, a run reads a previous run and says what changed
// since: agencies and investments added or removed, rank and score
// movements, starting-point outcomes, the criteria set's version.
//
// # What it must not do
//
// The package writes only the run folder it is asked to write and reads
// only the files a manifest or run.json names. It does not print, does not
// exit, and knows no flags: cmd/prio turns its records and errors into
// messages and exit codes. Scoring, analysis and rendering are the scoring,
// sensitivity and reports packages' work; batch only orchestrates them.
package batch
