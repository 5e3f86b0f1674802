#!/usr/bin/env bash
# A fixed synthetic background load around one command (benchmarks only, never part of the tests).
#   perf/load.sh [-k LOOPS] [-n NICE] [-t SECONDS] [-s] -- COMMAND [ARG ...]
# Starts LOOPS busy shell loops (default 2, one per core of a 2-core machine) at nice NICE (default 15), runs
# COMMAND in the foreground, then stops the loops and exits with COMMAND's status. Each loop also ends by itself
# after SECONDS (default 3600), so a killed benchmark never leaves load behind. -s starts each loop in a session of
# its own (setsid): with the kernel's autogroup scheduling on (/proc/sys/kernel/sched_autogroup_enabled = 1),
# nice then only ranks a loop against its own session, so it takes a full fair share as another user's job does;
# without -s the loops share COMMAND's session and nice 15 leaves them ~3% each.
set -euo pipefail
loops=2; niceness=15; bound=3600; own_session=0
usage() { echo "error: $1 (usage: perf/load.sh [-k LOOPS] [-n NICE] [-t SECONDS] [-s] -- COMMAND [ARG ...])" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    -k) [ $# -ge 2 ] || usage "-k needs a value"; loops=$2; shift 2 ;;
    -n) [ $# -ge 2 ] || usage "-n needs a value"; niceness=$2; shift 2 ;;
    -t) [ $# -ge 2 ] || usage "-t needs a value"; bound=$2; shift 2 ;;
    -s) own_session=1; shift ;;
    --) shift; break ;;
    *) usage "unknown option '$1'" ;;
  esac
done
[[ "$loops" =~ ^[0-9]+$ ]] && [ "$loops" -le 64 ] || usage "LOOPS must be a whole number 0..64, not '$loops'"
[[ "$niceness" =~ ^[0-9]+$ ]] && [ "$niceness" -le 19 ] || usage "NICE must be 0..19, not '$niceness'"
[[ "$bound" =~ ^[0-9]+$ ]] && [ "$bound" -ge 1 ] || usage "SECONDS must be a positive whole number, not '$bound'"
[ $# -ge 1 ] || usage "no COMMAND after --"

pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT
trap 'exit 130' INT TERM
for _ in $(seq 1 "$loops"); do
  if [ "$own_session" = 1 ]; then
    setsid timeout "$bound" nice -n "$niceness" sh -c 'while :; do :; done' &
  else
    timeout "$bound" nice -n "$niceness" sh -c 'while :; do :; done' &
  fi
  pids+=("$!")
done
status=0
"$@" || status=$?
exit "$status"
