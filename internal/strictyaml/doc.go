// Package strictyaml decodes YAML files written by people strictly and with
// positions: it walks yaml.v3 nodes, reports unknown and duplicate keys,
// wrong types and bad values at their line and column, and collects every
// problem of a file instead of stopping at the first. The criteria sets and
// the batch manifests are read with it.
//
// It knows nothing of what the files mean: callers decide which keys exist
// and what their values may be.
package strictyaml
