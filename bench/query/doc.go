// Package querybench holds the query engine's comparisons and benchmarks: ten group-by
// queries that scry and DuckDB answer over the same Parquet data (GroupBys, the test in
// this package and duckdb-compare.sh), and the timing scripts behind the query section
// of bench/RESULTS.md (bench.sh).
//
// Everything here is read-only data and pure functions, safe for concurrent use.
package querybench
