#!/usr/bin/env bash
# The query engine's benchmarks, all in one run (see bench/RESULTS.md): builds scry, makes
# a capture of N events with bench/cmd/genbig (a host whose activity changes over a day,
# built from the corpus captures), imports it into a store, then times
#   (a) a selective filter: scry over the store vs sysdig -r over the capture,
#   (b) three aggregations: scry vs DuckDB over the store's Parquet files,
#   (c) three queries over 1% of the time range vs all of it (one answered by replay),
#       with the fixed cost of a query (and of an earlier build: BASELINE=path/to/scry),
# each comparison as alternating runs of separate processes (RUNS rounds).
# Run from the repository root:
#   bench/query/bench.sh [N] [WORKDIR]        (default 10000000 events in /tmp/scry-querybench)
# FILTER sets the selective filter of (a) (default: proc.name = cat, a program that runs
# three times in the day); SKIP_DUCKDB=1 leaves (b) out.
set -eu
n=${1:-10000000}
work=${2:-/tmp/scry-querybench}
mkdir -p "$work"
CGO_ENABLED=${CGO_ENABLED:-0} go build -o "$work/scry" ./cmd/scry  # static, as make build
go build -o "$work/querybench" ./bench/query/cmd/querybench
if [ ! -f "$work/big.scap" ]; then
  go run ./bench/cmd/genbig -n "$n" -o "$work/big.scap"
fi
if [ ! -d "$work/store" ]; then
  "$work/scry" import --store "$work/store" --segment-events 100000 "$work/big.scap"
fi
# The first query after an import builds the store's catalog (footers and column
# summaries of every segment): do it before timing anything.
"$work/scry" query -o csv "SELECT count(*) FROM $work/store" >/dev/null
duck=""
if [ -z "${SKIP_DUCKDB:-}" ]; then
  duck=$("$(dirname "$0")/setup-duckdb.sh")
fi
"$work/querybench" -scry "$work/scry" -store "$work/store" -scap "$work/big.scap" -duckdb "$duck" \
  -runs "${RUNS:-10}" -filter "${FILTER:-proc.name = cat}" -baseline "${BASELINE:-}"
