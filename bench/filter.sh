#!/usr/bin/env bash
# Filter and rules benchmark. In one run, over the same large capture:
#   - for 7 filters, time `scry read BIG FILTER > /dev/null` (as it runs by default: on
#     two cores where BIG is an uncompressed capture, and on one with --frame-ahead=false)
#     against `sysdig -r BIG FILTER > /dev/null` (both print the matching events in their
#     default format) and check that both print the same number of lines;
#   - time `scry hunt --rules falco_rules-0.31.1.yaml BIG` and report events per second.
# Each command runs R times (default 3), scry and sysdig in turn; the best wall-clock time
# and the best CPU time (user + system) are reported, so a busy machine disturbs the
# figures less.
#
#   bench/filter.sh [BIG]            BIG defaults to /tmp/big.scap, generated (genbig -mode repeat) when missing
#   N=5000000 bench/filter.sh        number of events to generate
#   R=5 RULES=path/to/rules.yaml bench/filter.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIG=${1:-/tmp/big.scap}
N=${N:-5000000}
R=${R:-3}
RULES=${RULES:-../shared/rules/falco_rules-0.31.1.yaml}
BIN=${BIN:-bin}
mkdir -p "$BIN"
go build -o "$BIN/scry" ./cmd/scry
[ -f "$BIG" ] || { go build -o "$BIN/genbig" ./bench/cmd/genbig && "$BIN/genbig" -mode repeat -n "$N" -o "$BIG"; }
cat "$BIG" > /dev/null # page cache: both contenders read from memory
SYSDIG=$(command -v sysdig || true)

python3 - "$BIN/scry" "$BIG" "$R" "$RULES" "$SYSDIG" <<'PY'
import os, resource, subprocess, sys, time

scry, big, runs, rules, sysdig = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
filters = [
    "evt.type in (open, openat) and fd.name startswith /etc",  # selective, by event type
    "evt.dir = < and fd.typechar = 4",                          # fd state on every exit
    "not proc.name in (sshd, bash)",                            # reference filter 6: prints nearly all
    "proc.name = rm",                                           # selective, by process, any event type
    "fd.name contains htdocs",                                  # selective, by file, any event type
    "evt.type=execve and evt.dir=<",                            # reference filter 8: no fd state observed
    "evt.type in (clone, fork, vfork, execve) and evt.dir=< and not evt.failed=true",  # reference filter 16
]

def lines(cmd):
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False).stdout
    return out.count(b"\n")

def once(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    w = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return w, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime

def best(*cmds):
    """Runs the commands in turn, runs rounds; the best wall and CPU time of each."""
    walls, cpus = [[] for _ in cmds], [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            w, c = once(cmd)
            walls[i].append(w)
            cpus[i].append(c)
    return [(min(w), min(c)) for w, c in zip(walls, cpus)]

info = subprocess.run([scry, "info", big], stdout=subprocess.PIPE, check=True).stdout.decode()
events = int(next(l.split()[1] for l in info.splitlines() if l.startswith("events:")))
print(f"capture: {big}, {events} events; best of {runs} runs; load average {os.getloadavg()[0]:.1f}")
print()
print("| filter | lines (scry / sysdig) | scry s (cpu s) | scry, one core | sysdig s (cpu s) | scry events/s | speed-up wall (cpu) | one core |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for f in filters:
    n = lines([scry, "read", big, f])
    one = [scry, "read", "--frame-ahead=false", big, f]  # framing on this core too
    if sysdig:
        m = lines([sysdig, "-r", big, f])
        (sw, sc), (ow, oc), (dw, dc) = best([scry, "read", big, f], one, [sysdig, "-r", big, f])
        same = "" if n == m else " DIFFER"
        print(f"| `{f}` | {n} / {m}{same} | {sw:.3f} ({sc:.3f}) | {ow:.3f} ({oc:.3f}) | {dw:.3f} ({dc:.3f}) | {events/sw:,.0f} | "
              f"{dw/sw:.1f}x ({dc/sc:.1f}x) | {dw/ow:.1f}x ({dc/oc:.1f}x) |")
    else:
        (sw, sc), (ow, oc) = best([scry, "read", big, f], one)
        print(f"| `{f}` | {n} / - | {sw:.3f} ({sc:.3f}) | {ow:.3f} ({oc:.3f}) | - | {events/sw:,.0f} | sysdig not installed | |")
print()
print(f"load average at the end: {os.getloadavg()[0]:.1f}")
if os.path.exists(rules):
    alerts = lines([scry, "hunt", "-q", "--rules", rules, big])
    (hw, hc), = best([scry, "hunt", "-q", "--rules", rules, big])
    print()
    print(f"scry hunt --rules {os.path.basename(rules)}: {hw:.3f} s ({hc:.3f} cpu s), "
          f"{events/hw:,.0f} events/s ({events/hc:,.0f} per cpu-s), {alerts} alerts")
PY
