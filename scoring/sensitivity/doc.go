// Package sensitivity tells how far a ranking can be trusted: exact
// weight-stability intervals and one-at-a-time sweeps (Mareschal 1988), a
// tornado of rank ranges, SMAA-2 Monte Carlo acceptabilities (Lahdelma &
// Salminen 2001) under free, ordinal or bounded weights and uncertain field
// values, and exact rank ranges when missing values may be anything.
//
// Exact answers are computed exactly: a score is linear in a weight varied
// with the others rescaled in proportion, so rankings change only where two
// score lines cross, and those points are computed, not searched for on a
// grid. The lines are sorted once and kept in order as the weight moves,
// neighbours swapped where they cross (a kinetic sweep, kinetic.go), so an
// analysis of one leaf costs n log n plus log n per crossing it passes; the
// top-k interval follows only the envelopes at the border of the top k, and
// the missing-data ranges are found by sorting and counting. Where two
// lines cross, and whether two scores tie, is decided by the ranking's own
// tie rule (scores within 1e-12 tie), so the analyses agree with the
// ranking they analyse. The leaves are analysed in parallel, each into its
// own slot.
//
// Monte Carlo runs in fixed chunks of samples, each with its own random
// stream seeded from the seed and the chunk's index, and the chunks'
// results are combined in chunk order: the same seed gives the same result,
// bit for bit, whatever the number of processors.
//
// The package works on a [Problem] built from a scoring result; it knows
// nothing of files, formats or the terminal.
package sensitivity
