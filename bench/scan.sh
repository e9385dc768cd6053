#!/usr/bin/env bash
# Foundation benchmark: in one run, time scry's pure decode loop (one core), `scry read`
# and `sysdig -r ... proc.name=none_such` over the same large capture, and print ratios
# of wall-clock time and of CPU time (user + system).
#
#   bench/scan.sh [BIG]        BIG defaults to /tmp/big.scap, generated when missing
#   N=5000000 bench/scan.sh    number of events to generate
#   REPEAT=5 bench/scan.sh     runs per contender; the fastest counts (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
BIG=${1:-/tmp/big.scap}
N=${N:-5000000}
REPEAT=${REPEAT:-5}
BIN=${BIN:-bin}
mkdir -p "$BIN"
go build -o "$BIN/scry" ./cmd/scry
go build -o "$BIN/genbig" ./bench/cmd/genbig
go build -o "$BIN/decode" ./bench/cmd/decode
[ -f "$BIG" ] || "$BIN/genbig" -n "$N" -o "$BIG"
cat "$BIG" > /dev/null # page cache: every contender reads from memory
events=$("$BIN/decode" "$BIG" | awk '{print $2}')
contenders=(
  "scry decode loop (GOMAXPROCS=1)|env GOMAXPROCS=1 $BIN/decode $BIG"
  "scry read > /dev/null|$BIN/scry read $BIG"
)
if command -v sysdig > /dev/null; then
  contenders+=("sysdig -r BIG proc.name=none_such|sysdig -r $BIG proc.name=none_such")
else
  echo "sysdig is not installed: timing scry alone"
fi
python3 - "$events" "$REPEAT" "$BIG" "${contenders[@]}" <<'PY'
import os, resource, shlex, subprocess, sys, time
n, repeat, big = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def run(cmd):
    wall, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        rc = subprocess.call(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if rc != 0:
            print(f"warning: {cmd} exited {rc}")
    return min(wall), min(cpu)
rows = []
for c in sys.argv[4:]:
    name, cmd = c.split("|", 1)
    rows.append((name,) + run(cmd))
print(f"capture: {big}, {n} events, {os.path.getsize(big)} bytes; best of {repeat} runs; load average {os.getloadavg()[0]:.1f}")
print(f"{'contender':36} {'wall s':>8} {'events/s':>12} {'cpu s':>8} {'events/cpu-s':>13}")
for name, w, c in rows:
    print(f"{name:36} {w:8.3f} {n/w:12.0f} {c:8.3f} {n/max(c,1e-9):13.0f}")
if len(rows) == 3:
    (_, dw, dc), (_, rw, rc), (_, sw, sc) = rows
    print(f"sysdig / decode loop: {sw/dw:.1f}x wall, {sc/dc:.1f}x cpu")
    print(f"sysdig / scry read:   {sw/rw:.1f}x wall, {sc/rc:.1f}x cpu")
PY
