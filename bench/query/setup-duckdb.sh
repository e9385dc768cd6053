#!/usr/bin/env bash
# Installs DuckDB's node client (npm @duckdb/node-api) into a cache folder outside the
# repository, copies duck.mjs there and prints the folder. Needs node and npm.
set -eu
dir=${SCRY_DUCKDB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/scry/duckdb}
version=${SCRY_DUCKDB_VERSION:-1.5.6-r.1}
if [ ! -d "$dir/node_modules/@duckdb/node-api" ]; then
  mkdir -p "$dir"
  (cd "$dir" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --silent "@duckdb/node-api@$version" >/dev/null)
fi
cp "$(dirname "$0")/duck.mjs" "$dir/scry-query-duck.mjs"
echo "$dir"
