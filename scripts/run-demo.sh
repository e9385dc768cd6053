#!/usr/bin/env bash
# Demonstrates scry on this machine. As root with eBPF available it records the host for a
# few seconds into the store (SCRY_STORE, default: scry's default store, /var/lib/scry for
# root) while a small workload runs, lists the store and runs a group-by query over what
# was just recorded. Where live capture is unavailable (not root, no BPF or BTF) it imports
# a corpus capture, or else a synthetic one scry writes itself, into a temporary store and
# shows the same.
set -euo pipefail
BIN=${1:-bin/scry}
SECONDS_TO_RECORD=${SCRY_DEMO_SECONDS:-3}
store=${SCRY_STORE:-}
corpus=${SCRY_DEMO_CORPUS:-../shared/corpus}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# show STORE SINCE FILTER: the store's segments, what the processes did since SINCE
# (seconds) and the opens that match FILTER.
show() {
  local dir=$1 since=$2 filter=$3
  echo "== scry store ls ${dir:-(default store)}"
  "$BIN" store ls ${dir:+"$dir"}
  echo
  local q="SELECT proc.name, count(*) AS events, count(distinct fd.name) AS files SINCE $since GROUP BY proc.name ORDER BY events DESC LIMIT 10"
  echo "== scry query \"$q\""
  "$BIN" query ${dir:+--store "$dir"} "$q"
  echo
  q="SELECT proc.name, fd.name, count(*) AS opens WHERE evt.type in (open, openat) and evt.dir=< and $filter SINCE $since GROUP BY proc.name, fd.name ORDER BY opens DESC LIMIT 5"
  echo "== scry query \"$q\""
  "$BIN" query ${dir:+--store "$dir"} "$q"
}

since=$(date +%s)
"$BIN" record ${store:+--store "$store"} -M "$SECONDS_TO_RECORD" 2>"$tmp/record.log" &
rec=$!
# A small workload to find in the recording, once the recorder has attached the probe and
# scanned /proc: it then takes the store's lock (about a second, more on a busy machine).
dir=${store:-$([ "$(id -u)" = 0 ] && echo /var/lib/scry || echo "${XDG_DATA_HOME:-$HOME/.local/share}/scry")}
for _ in $(seq 50); do
  [ "$(stat -c %Y "$dir/.journal/lock" 2>/dev/null || echo 0)" -ge "$since" ] && break
  kill -0 "$rec" 2>/dev/null || break
  sleep 0.1
done
for _ in 1 2 3; do cat /etc/hostname >/dev/null; /bin/sh -c 'exec /bin/echo scry-demo' >/dev/null; done
if wait "$rec"; then
  echo "== recorded this host for ${SECONDS_TO_RECORD}s: $(tail -1 "$tmp/record.log")"
  echo
  show "$store" "$since" "fd.name=/etc/hostname"
  exit 0
fi
echo "live capture unavailable here: $(tail -1 "$tmp/record.log")" >&2

demo=$tmp/store
cap=""
for c in "$corpus/raw/bencer-ex4--example4-1.scap" "$corpus/raw/libs-sinsp--sample.scap"; do
  if [ -f "$c" ]; then
    cap=$c
    echo "== importing a corpus capture, $c, into a temporary store instead"
    break
  fi
done
if [ -z "$cap" ]; then
  cap=$tmp/demo.scap
  go run ./drivers/testinput/cmd/democapture -o "$cap"
  echo "== importing a synthetic capture into a temporary store instead"
fi
"$BIN" import --store "$demo" "$cap"
echo
show "$demo" 0 "fd.name startswith /etc and not fd.name contains ld.so"
