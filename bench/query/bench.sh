#!/usr/bin/env bash
# The query engine's benchmarks, all in one run (see bench/RESULTS.md): builds scry, makes
# a capture of N events with bench/cmd/genbig, imports it into a store, then times
#   (a) a selective filter: scry over the store vs sysdig -r over the capture,
#   (b) three aggregations: scry vs DuckDB over the store's Parquet files,
#   (c) a query over 1% of the time range vs all of it.
# Run from the repository root:
#   bench/query/bench.sh [N] [WORKDIR]        (default 10000000 events in /tmp/scry-querybench)
set -eu
n=${1:-10000000}
work=${2:-/tmp/scry-querybench}
src=${SRC:-../shared/corpus/raw/bencer-ex0--nginx-v1.scap}
mkdir -p "$work"
go build -o "$work/scry" ./cmd/scry
if [ ! -f "$work/big.scap" ]; then
  go run ./bench/cmd/genbig -n "$n" -o "$work/big.scap" -src "$src"
fi
if [ ! -d "$work/store" ]; then
  "$work/scry" import --store "$work/store" --segment-events 100000 "$work/big.scap"
fi
dir=$("$(dirname "$0")/setup-duckdb.sh")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
go run ./bench/query/cmd/querybench -scry "$work/scry" -store "$work/store" -scap "$work/big.scap" -duckdb "$dir" -runs "${RUNS:-5}"
