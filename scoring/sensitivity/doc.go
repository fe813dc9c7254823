// Package sensitivity tells how far a ranking can be trusted: exact
// weight-stability intervals and one-at-a-time sweeps (Mareschal 1988), a
// tornado of rank ranges, SMAA-2 Monte Carlo acceptabilities (Lahdelma &
// Salminen 2001) under free, ordinal or bounded weights and uncertain field
// values, and exact rank ranges when missing values may be anything.
//
// Exact answers are computed exactly: a score is linear in a weight varied
// with the others rescaled in proportion, so rankings change only where two
// score lines cross, and those points are computed, not searched for on a
// grid. Monte Carlo runs in fixed chunks of samples, each with its own
// random stream seeded from the seed and the chunk's index, and the chunks'
// results are combined in chunk order: the same seed gives the same result,
// bit for bit, whatever the number of processors.
//
// The package works on a [Problem] built from a scoring result; it knows
// nothing of files, formats or the terminal.
package sensitivity
