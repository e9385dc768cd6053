#!/usr/bin/env bash
# Foundation benchmark: in one run, time scry's pure decode loop (one core, and with the
# read-ahead on two), the scan `scry read BIG proc.name=none_such` (every event through
# the state engine and a filter that never matches, nothing printed; with and without
# --read-ahead), `scry read BIG` (prints every event) and `sysdig -r BIG
# proc.name=none_such` over the same large capture, and print ratios of wall-clock time
# and of CPU time (user + system). Contenders run in turn, REPEAT rounds, so a busy
# machine disturbs them alike; the fastest run of each counts.
#
#   bench/scan.sh [BIG]        BIG defaults to /tmp/big.scap, generated (genbig -mode repeat) when missing
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
[ -f "$BIG" ] || "$BIN/genbig" -mode repeat -n "$N" -o "$BIG"
cat "$BIG" > /dev/null # page cache: every contender reads from memory
events=$("$BIN/decode" "$BIG" | awk '{print $2}')
contenders=(
  "scry decode loop (GOMAXPROCS=1)|env GOMAXPROCS=1 $BIN/decode $BIG"
  "scry decode loop, read-ahead|$BIN/decode -ahead $BIG"
  "scry read BIG proc.name=none_such|$BIN/scry read $BIG proc.name=none_such"
  "scry read none_such --read-ahead|$BIN/scry read --read-ahead $BIG proc.name=none_such"
  "scry read BIG > /dev/null|$BIN/scry read $BIG"
)
if command -v sysdig > /dev/null; then
  contenders+=("sysdig -r BIG proc.name=none_such|sysdig -r $BIG proc.name=none_such")
else
  echo "sysdig is not installed: timing scry alone"
fi
python3 - "$events" "$REPEAT" "$BIG" "${contenders[@]}" <<'PY'
import os, resource, shlex, subprocess, sys, time
n, repeat, big = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
contenders = [c.split("|", 1) for c in sys.argv[4:]]
def once(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    rc = subprocess.call(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if rc != 0:
        print(f"warning: {cmd} exited {rc}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
walls = {name: [] for name, _ in contenders}
cpus = {name: [] for name, _ in contenders}
loads = []
for _ in range(repeat):
    loads.append(os.getloadavg()[0])
    for name, cmd in contenders:
        w, c = once(cmd)
        walls[name].append(w)
        cpus[name].append(c)
print(f"capture: {big}, {n} events, {os.path.getsize(big)} bytes; best of {repeat} runs; "
      f"load average {min(loads):.1f}-{max(loads):.1f}")
print(f"{'contender':36} {'wall s':>8} {'events/s':>12} {'cpu s':>8} {'events/cpu-s':>13}")
best = {}
for name, _ in contenders:
    w, c = min(walls[name]), min(cpus[name])
    best[name] = (w, c)
    print(f"{name:36} {w:8.3f} {n/w:12.0f} {c:8.3f} {n/max(c,1e-9):13.0f}")
sd = best.get("sysdig -r BIG proc.name=none_such")
if sd:
    for name in ("scry decode loop (GOMAXPROCS=1)", "scry decode loop, read-ahead",
                 "scry read BIG proc.name=none_such", "scry read none_such --read-ahead"):
        w, c = best[name]
        print(f"sysdig / {name + ':':37} {sd[0]/w:5.1f}x wall, {sd[1]/c:5.1f}x cpu")
PY
