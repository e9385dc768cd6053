#!/usr/bin/env bash
# Foundation benchmark: in one run, time scry's pure decode loop (one core), `scry read`
# and `sysdig -r ... proc.name=none_such` over the same large capture, and print ratios.
#
#   bench/scan.sh [BIG]        BIG defaults to /tmp/big.scap, generated when missing
#   N=5000000 bench/scan.sh    number of events to generate
#   REPEAT=3 bench/scan.sh     runs per contender; the fastest counts (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
BIG=${1:-/tmp/big.scap}
N=${N:-5000000}
REPEAT=${REPEAT:-3}
BIN=${BIN:-bin}
mkdir -p "$BIN"
go build -o "$BIN/scry" ./cmd/scry
go build -o "$BIN/genbig" ./bench/cmd/genbig
go build -o "$BIN/decode" ./bench/cmd/decode
[ -f "$BIG" ] || "$BIN/genbig" -n "$N" -o "$BIG"
cat "$BIG" > /dev/null # page cache: every contender reads from memory

# seconds CMD...: the fastest of REPEAT wall-clock runs of CMD, output discarded
seconds() {
  local t0 t1 best="" i
  for ((i = 0; i < REPEAT; i++)); do
    t0=$(date +%s.%N)
    "$@" > /dev/null 2>&1 || echo "warning: '$*' exited non-zero" >&2
    t1=$(date +%s.%N)
    best=$(python3 -c "t = $t1 - $t0; b = '$best'; print(f'{min(t, float(b)) if b else t:.3f}')")
  done
  echo "$best"
}

events=$("$BIN/decode" "$BIG" | awk '{print $2}')
decode=$(GOMAXPROCS=1 seconds "$BIN/decode" "$BIG")
read=$(seconds "$BIN/scry" read "$BIG")
if command -v sysdig > /dev/null; then
  sysdig=$(seconds sysdig -r "$BIG" proc.name=none_such)
else
  sysdig=""
fi
python3 - "$events" "$decode" "$read" "$sysdig" "$BIG" <<'PY'
import sys
n, dec, rd, sd, big = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
print(f"capture: {big}, {n} events")
print(f"{'contender':48} {'seconds':>8} {'events/s':>12}")
rows = [("scry decode loop (GOMAXPROCS=1)", dec), ("scry read > /dev/null", rd)]
if sd:
    rows.append(("sysdig -r proc.name=none_such", float(sd)))
for name, s in rows:
    print(f"{name:48} {s:8.3f} {n/s:12.0f}")
if sd:
    sd = float(sd)
    print(f"sysdig / decode loop: {sd/dec:.1f}x   sysdig / scry read: {sd/rd:.1f}x")
else:
    print("sysdig is not installed: no ratios")
PY
