#!/usr/bin/env bash
# Output-format benchmark: in one run, time `scry read BIG -p FMT > /dev/null` and
# `sysdig -r BIG -p FMT > /dev/null` over the same large capture and print the ratio.
#
#   bench/read_format.sh [BIG]            BIG defaults to /tmp/big.scap, generated when missing
#   FMT='%evt.num %proc.name' bench/read_format.sh
#   N=5000000 bench/read_format.sh        number of events to generate
set -euo pipefail
cd "$(dirname "$0")/.."
BIG=${1:-/tmp/big.scap}
N=${N:-5000000}
FMT=${FMT:-%evt.num %evt.outputtime %proc.name %thread.tid %evt.type %fd.name %evt.args}
BIN=${BIN:-bin}
mkdir -p "$BIN"
go build -o "$BIN/scry" ./cmd/scry
[ -f "$BIG" ] || { go build -o "$BIN/genbig" ./bench/cmd/genbig && "$BIN/genbig" -n "$N" -o "$BIG"; }
cat "$BIG" > /dev/null # page cache: both contenders read from memory

# seconds CMD...: wall-clock seconds of CMD, its output discarded
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" > /dev/null 2>&1 || echo "warning: '$*' exited non-zero" >&2
  t1=$(date +%s.%N)
  python3 -c "print(f'{$t1-$t0:.3f}')"
}

lines=$("$BIN/scry" read "$BIG" -p "$FMT" | wc -l)
scry=$(seconds "$BIN/scry" read "$BIG" -p "$FMT")
if command -v sysdig > /dev/null; then
  sysdig=$(seconds sysdig -r "$BIG" -p "$FMT")
else
  sysdig=""
fi
python3 - "$lines" "$scry" "$sysdig" "$BIG" "$FMT" <<'PY'
import sys
n, sc, sd, big, fmt = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
print(f"capture: {big}, {n} lines printed, format: {fmt}")
print(f"{'contender':40} {'seconds':>8} {'lines/s':>12}")
print(f"{'scry read -p FMT > /dev/null':40} {sc:8.3f} {n/sc:12.0f}")
if sd:
    sd = float(sd)
    print(f"{'sysdig -r -p FMT > /dev/null':40} {sd:8.3f} {n/sd:12.0f}")
    print(f"scry is {sd/sc:.1f}x faster than sysdig")
else:
    print("sysdig is not installed: no ratio")
PY
