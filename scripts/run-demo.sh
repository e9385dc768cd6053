#!/usr/bin/env bash
# Demonstrates scry on this machine: as root with eBPF available it records the host for
# a few seconds while a small workload runs, then summarises the recording and prints
# some of its events. Where live capture is unavailable (not root, no BPF or BTF) it
# shows a corpus capture instead.
set -euo pipefail
BIN=${1:-bin/scry}
SECONDS_TO_RECORD=${SCRY_DEMO_SECONDS:-3}

show() {
  local cap=$1 filter=${2:-}
  "$BIN" info "$cap"
  echo
  if [ -n "$filter" ]; then
    "$BIN" read -r "$cap" -n 20 "$filter" 2>/dev/null || "$BIN" read -r "$cap" -n 20
  else
    "$BIN" read -r "$cap" -n 20
  fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cap="$tmp/demo.scap"
if "$BIN" record -w "$cap" -M "$SECONDS_TO_RECORD" --stats 2>"$tmp/record.log" & then
  rec=$!
  sleep 1
  # A small workload to find in the recording.
  for i in 1 2 3; do cat /etc/hostname >/dev/null; /bin/sh -c 'exec /bin/echo scry-demo' >/dev/null; done
  if wait "$rec" && [ -s "$cap" ]; then
    echo "== recorded this host for ${SECONDS_TO_RECORD}s: $(tail -1 "$tmp/record.log")"
    echo
    show "$cap" "proc.name=cat or proc.name=echo"
    exit 0
  fi
  echo "live capture unavailable here: $(tail -1 "$tmp/record.log")" >&2
fi

for c in ../shared/corpus/raw/falco--cat_write.scap; do
  if [ -f "$c" ]; then
    echo "== showing a corpus capture instead"
    show "$c"
    exit 0
  fi
done
echo "no capture to show: run as root on a kernel with eBPF and BTF to record one" >&2
