#!/usr/bin/env bash
# Output-format benchmark: in one run, time `scry read BIG -p FMT > /dev/null` (with and
# without --read-ahead) and `sysdig -r BIG -p FMT > /dev/null` over the same
# large capture, best of R rounds (contenders in turn), and print wall-clock and CPU-time
# (user + system) ratios. Both print the same lines; the script checks their count.
#
#   bench/read_format.sh [BIG]            BIG defaults to /tmp/big.scap, generated (genbig -mode repeat)
#                                         when missing
#   FMT='%evt.num %proc.name' bench/read_format.sh
#   N=5000000 bench/read_format.sh        number of events to generate
#   R=3 bench/read_format.sh              rounds (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
BIG=${1:-/tmp/big.scap}
N=${N:-5000000}
R=${R:-3}
FMT=${FMT:-%evt.num %evt.outputtime %proc.name %thread.tid %evt.type %fd.name %evt.args}
BIN=${BIN:-bin}
mkdir -p "$BIN"
go build -o "$BIN/scry" ./cmd/scry
[ -f "$BIG" ] || { go build -o "$BIN/genbig" ./bench/cmd/genbig && "$BIN/genbig" -mode repeat -n "$N" -o "$BIG"; }
cat "$BIG" > /dev/null # page cache: both contenders read from memory
SYSDIG=$(command -v sysdig || true)

python3 - "$BIN/scry" "$BIG" "$R" "$FMT" "$SYSDIG" <<'PY'
import os, resource, subprocess, sys, time
scry, big, rounds, fmt, sysdig = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
contenders = [
    ("scry read -p FMT", [scry, "read", big, "-p", fmt], {}),
    ("scry read -p FMT --read-ahead", [scry, "read", "--read-ahead", big, "-p", fmt], {}),
]
if sysdig:
    contenders.append(("sysdig -r -p FMT", [sysdig, "-r", big, "-p", fmt], {}))

def lines(cmd, env):
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, **env}).stdout
    return out.count(b"\n")

def once(cmd, env):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **env})
    w = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return w, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime

counts = {name: lines(cmd, env) for name, cmd, env in contenders}
walls = {name: [] for name, _, _ in contenders}
cpus = {name: [] for name, _, _ in contenders}
loads = []
for _ in range(rounds):
    loads.append(os.getloadavg()[0])
    for name, cmd, env in contenders:
        w, c = once(cmd, env)
        walls[name].append(w)
        cpus[name].append(c)
n = counts["scry read -p FMT"]
print(f"capture: {big}, format: {fmt}")
print(f"best of {rounds} rounds; load average {min(loads):.1f}-{max(loads):.1f}")
print(f"{'contender':31} {'lines':>9} {'wall s':>8} {'lines/s':>10} {'cpu s':>7} {'lines/cpu-s':>12}")
for name, _, _ in contenders:
    w, c = min(walls[name]), min(cpus[name])
    print(f"{name:31} {counts[name]:9d} {w:8.3f} {n/w:10.0f} {c:7.3f} {n/c:12.0f}")
if sysdig:
    sw, sc = min(walls["sysdig -r -p FMT"]), min(cpus["sysdig -r -p FMT"])
    for name in ("scry read -p FMT", "scry read -p FMT --read-ahead"):
        print(f"sysdig / {name + ':':31} {sw/min(walls[name]):5.1f}x wall, {sc/min(cpus[name]):5.1f}x cpu")
    if counts["sysdig -r -p FMT"] != n:
        print("line counts DIFFER")
PY
