#!/usr/bin/env bash
# Times DuckDB's group-by queries over scry's Parquet output: a converted capture or a
# whole store (hive-partitioned). Usage:
#   bench/duckdb/compare.sh FILE.parquet|STORE_DIR
# Prints, per query, DuckDB's wall time and its first rows.
set -eu
src=${1:?usage: compare.sh FILE.parquet|STORE_DIR}
dir=$("$(dirname "$0")/setup.sh")
if [ -d "$src" ]; then
  from="read_parquet('$src/**/*.parquet', hive_partitioning = true)"
else
  from="'$src'"
fi
queries=(
  "SELECT count(*) AS events FROM $from"
  "SELECT evt_type, count(*) AS n FROM $from GROUP BY 1 ORDER BY 2 DESC LIMIT 5"
  "SELECT proc_name, count(*) AS n FROM $from GROUP BY 1 ORDER BY 2 DESC LIMIT 5"
  "SELECT fd_name, count(*) AS n FROM $from WHERE fd_name IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 5"
  "SELECT proc_name, fd_name, count(*) AS n FROM $from WHERE evt_type = 'open' AND evt_dir = '<' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5"
  "SELECT user_name, container_id, count(*) AS n FROM $from GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5"
)
json=$(printf '%s\n' "${queries[@]}" | python3 -c 'import json,sys; print(json.dumps([l.rstrip("\n") for l in sys.stdin if l.strip()]))')
echo "$json" | node "$dir/queries.mjs" | python3 -c '
import json, sys
qs = json.loads(sys.argv[1])
for q, r in zip(qs, json.load(sys.stdin)):
    print("%8.1f ms  %s" % (r.get("ms", -1), q))
    for row in r.get("rows", [])[:5]:
        print("            ", row)
    if "error" in r:
        print("            error:", r["error"])
' "$json"
