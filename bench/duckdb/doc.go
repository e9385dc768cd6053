// Package duckdb holds the scripts that run DuckDB over scry's Parquet output (setup.sh
// installs DuckDB's node client into a cache folder, queries.mjs runs statements,
// compare.sh times group-by queries) and a test that DuckDB reads every file scry writes
// with the counts scry computes itself. It has no Go API.
package duckdb
