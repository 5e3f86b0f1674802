#!/usr/bin/env bash
# The compare.sh pairs without and with a fixed synthetic background load (benchmarks only, never part of the tests).
#   perf/load-compare.sh autoattack|pgd MODEL.pt N [REPS]
# Each of REPS rounds (default 3) runs `perf/compare.sh WHAT MODEL N 1` twice: as the machine is ("idle"), then
# inside perf/load.sh -s (LOOPS busy loops, default 2, each in a session of its own at nice 15, ended with the pair
# and after at most BOUND seconds, default 3600). It prints each round's ratio robustj/reference (wall time for
# autoattack, images/s reference/robustj for pgd, so lower is better for both) without and with the load, each
# side's slowdown (loaded / unloaded wall time), the CPU-time ratio where both sides report one (autoattack), and
# the load average at the start of each leg; then min / median / max of every figure over the rounds. For autoattack
# it also prints the cores each side received (its CPU seconds / its wall seconds) in each leg: under fair-share
# scheduling a side's slowdown is (cores idle / cores loaded) x (CPU seconds loaded / CPU seconds idle), so these
# say whether a side slowed because it got fewer cores or because it did more work. KEEP=DIR keeps every leg's
# output there (DIR/roundR-idle.txt, DIR/roundR-loaded.txt).
# The unloaded leg is only idle if nothing else runs: read its load average before quoting it as idle.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { echo "error: $1 (usage: perf/load-compare.sh autoattack|pgd MODEL.pt N [REPS])" >&2; exit 2; }
[ $# -ge 3 ] && [ $# -le 4 ] || usage "expected 3 or 4 arguments, got $#"
what=$1; model=$2; n=$3; reps=${4:-3}
case "$what" in autoattack|pgd) ;; *) usage "unknown benchmark '$what'" ;; esac
[ -f "$model" ] || usage "model file not found: $model"
[[ "$n" =~ ^[1-9][0-9]*$ ]] || usage "N must be a positive whole number, not '$n'"
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || usage "REPS must be a positive whole number, not '$reps'"
loops=${LOOPS:-2}; bound=${BOUND:-3600}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
rows=()
for r in $(seq 1 "$reps"); do
  for leg in idle loaded; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if [ "$leg" = idle ]; then
      "$ROOT/perf/compare.sh" "$what" "$model" "$n" 1 > "$out/$leg.txt" 2>&1
    else
      "$ROOT/perf/load.sh" -s -k "$loops" -t "$bound" -- "$ROOT/perf/compare.sh" "$what" "$model" "$n" 1 \
        > "$out/$leg.txt" 2>&1
    fi
    echo "$load" > "$out/$leg.load"
    if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP"; cp "$out/$leg.txt" "$KEEP/round$r-$leg.txt"; fi
  done
  row=$(python3 - "$what" "$out" <<'PY'
import json, sys
what, out = sys.argv[1], sys.argv[2]
def figures(leg):
    t = open(f"{out}/{leg}.txt").read()
    d = json.loads(t[t.index("{"):t.index("\n}") + 2])
    load = float(open(f"{out}/{leg}.load").read())
    nan = float("nan")
    if what == "autoattack":
        if d.get("reference_cpu_seconds"):
            ours, ref = d["cpu_seconds"], d["reference_cpu_seconds"]
            return d["seconds"], d["reference_seconds"], ours / ref, load, ours / d["seconds"], ref / d["reference_seconds"]
        return d["seconds"], d["reference_seconds"], nan, load, nan, nan
    # pgd: time per image is 1 / images per second
    return 1 / d["pgd40_images_per_s"], 1 / d["reference_images_per_s"], nan, load, nan, nan
oi, ri, ci, li, qi, fi = figures("idle")
ol, rl, cl, ll, ql, fl = figures("loaded")
print(" ".join("%.4g" % v for v in (oi / ri, ol / rl, ol / oi, rl / ri, ci, cl, li, ll, qi, ql, fi, fl)))
PY
) || { echo "error: round $r did not produce both figures; its output:" >&2; cat "$out/idle.txt" "$out/loaded.txt" >&2; exit 1; }
  rows+=("$row")
  read -r a b c d e f g h i j k l <<< "$row"
  cpu=""; [ "$e" = nan ] || cpu="; cpu ratio idle $e, loaded $f; cores robustj idle $i, loaded $j, reference idle $k, loaded $l"
  echo "round $r: ratio idle $a, loaded $b; slowdown robustj ${c}x, reference ${d}x$cpu; load average at start idle $g, loaded $h"
done
python3 - "${rows[@]}" <<'PY'
import statistics, sys
rows = [[float(v) for v in r.split()] for r in sys.argv[1:]]
names = ["ratio idle", "ratio loaded", "slowdown robustj", "slowdown reference", "cpu ratio idle", "cpu ratio loaded",
         "load average idle", "load average loaded", "cores robustj idle", "cores robustj loaded",
         "cores reference idle", "cores reference loaded"]
print("over %d rounds (min / median / max):" % len(rows))
for i, name in enumerate(names):
    col = [r[i] for r in rows if r[i] == r[i]]  # NaN: the side reports no CPU time (pgd)
    if col:
        print("  %-20s %.3f / %.3f / %.3f" % (name, min(col), statistics.median(col), max(col)))
PY
