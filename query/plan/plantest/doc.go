// Package plantest generates a deterministic synthetic workload for query tests and
// benchmarks: processes that fork, exec, open (some files missing), read, write and
// close, written as a scap capture, its enriched Parquet conversion and a store of
// several segments, together with the generator's own record of every open, from which
// tests compute reference answers without scry.
//
// Generate is safe for concurrent use with distinct folders.
package plantest
