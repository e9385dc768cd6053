#!/usr/bin/env bash
# Sizes and conversion speed of scry's Parquet against scap (raw, gzip, zstd), per event.
#   bench/duckdb/sizes.sh CAPTURE...        (e.g. /tmp/big.scap, or ../shared/corpus/raw/*.scap)
# Prints one line per capture and, with several, their sum. gzip and zstd are scry's own
# scap writers (scry convert IN OUT.scap.gz / .scap.zst); Parquet is scry convert with
# the enriched columns and with --no-enrich. Conversion speed is events per CPU-second
# (user+system) of scry convert under GOMAXPROCS=1.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/scry" "$root/cmd/scry"
cpu() { # cpu CMD...: runs CMD on one core, prints its user+system seconds
  GOMAXPROCS=1 /usr/bin/time -o "$tmp/time" -f '%U %S' "$@" >/dev/null 2>&1
  awk '{print $1+$2}' "$tmp/time"
}
printf '%-36s %10s %8s %8s %8s %8s %8s %12s %12s\n' capture events raw gzip zstd parquet lossless "enrich ev/s" "lossless ev/s"
T=(0 0 0 0 0 0 0 0 0)
for f in "$@"; do
  n=$(basename "$f" .scap)
  "$tmp/scry" convert "$f" "$tmp/r.scap" 2>"$tmp/log"
  ev=$(grep -o '[0-9]* events' "$tmp/log" | head -1 | cut -d' ' -f1)
  "$tmp/scry" convert "$f" "$tmp/g.scap.gz" 2>/dev/null
  "$tmp/scry" convert "$f" "$tmp/z.scap.zst" 2>/dev/null
  rm -f "$tmp/p.parquet" "$tmp/l.parquet"
  ce=$(cpu "$tmp/scry" convert "$f" "$tmp/p.parquet")
  cl=$(cpu "$tmp/scry" convert --no-enrich "$f" "$tmp/l.parquet")
  s=( "$ev" $(stat -c%s "$tmp/r.scap" "$tmp/g.scap.gz" "$tmp/z.scap.zst" "$tmp/p.parquet" "$tmp/l.parquet") "$ce" "$cl" )
  awk -v n="$n" -v e="${s[0]}" -v r="${s[1]}" -v g="${s[2]}" -v z="${s[3]}" -v p="${s[4]}" -v l="${s[5]}" -v ce="$ce" -v cl="$cl" \
    'BEGIN{printf "%-36s %10d %8.2f %8.2f %8.2f %8.2f %8.2f %12.0f %12.0f\n", n, e, r/e, g/e, z/e, p/e, l/e, (ce>0?e/ce:0), (cl>0?e/cl:0)}'
  for i in 0 1 2 3 4 5; do T[$i]=$((T[$i] + s[$i])); done
  T[6]=$(awk -v a="${T[6]}" -v b="$ce" 'BEGIN{print a+b}'); T[7]=$(awk -v a="${T[7]}" -v b="$cl" 'BEGIN{print a+b}')
done
if [ $# -gt 1 ]; then
  awk -v e="${T[0]}" -v r="${T[1]}" -v g="${T[2]}" -v z="${T[3]}" -v p="${T[4]}" -v l="${T[5]}" -v ce="${T[6]}" -v cl="${T[7]}" \
    'BEGIN{printf "%-36s %10d %8.2f %8.2f %8.2f %8.2f %8.2f %12.0f %12.0f\n", "SUM", e, r/e, g/e, z/e, p/e, l/e, (ce>0?e/ce:0), (cl>0?e/cl:0);
           printf "bytes: raw %d gzip %d zstd %d parquet %d parquet-lossless %d\n", r, g, z, p, l}'
fi
