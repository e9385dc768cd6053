#!/usr/bin/env bash
# Runs the query engine's ten group-by queries with scry and with DuckDB (npm
# @duckdb/node-api, installed on first use into a cache folder) over the same Parquet
# data, and checks the answers are identical. Run from the repository root:
#   bench/query/duckdb-compare.sh FILE.parquet|STORE_DIR
set -eu
src=${1:?usage: duckdb-compare.sh FILE.parquet|STORE_DIR}
dir=$("$(dirname "$0")/setup-duckdb.sh")
go run ./bench/query/cmd/duckcompare -duckdb "$dir" "$src"
