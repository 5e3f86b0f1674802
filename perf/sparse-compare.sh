#!/usr/bin/env bash
# Sparse-RS fidelity and speed: robustj's sparse-rs and the reference fra31/sparse-rs (perf/reference/run_sparse_rs.py)
# on the same TorchScript MNIST model, points, threat model and query budget, alternating per seed.
# Usage: perf/sparse-compare.sh MODEL.pt N NORM K QUERIES [SEEDS]
#   NORM: l0 | patch | frame (K: pixels | patch pixels, a square number | frame width); SEEDS default "0 1 2".
# Prints per seed: robust accuracy, mean / median queries over broken points, attack seconds of both sides, the
# load average, then the mean and spread (min..max) of both sides and the wall-time ratio robustj / reference.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODEL="$1"; N="$2"; NORM="$3"; K="$4"; Q="$5"; SEEDS="${6:-0 1 2}"
export OMP_WAIT_POLICY=PASSIVE
OUT="${OUT:-/tmp/sparse-compare}"; mkdir -p "$OUT"
case "$NORM" in l0) REF=L0 ;; patch) REF=patches ;; frame) REF=frames ;; *) echo "error: NORM must be l0, patch or frame" >&2; exit 2 ;; esac
"$ROOT/bin/robustj" --help >/dev/null   # build first, outside the timings
for s in $SEEDS; do
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/python3 "$ROOT/perf/reference/run_sparse_rs.py" --model "$MODEL" --n "$N" --norm "$REF" --k "$K" \
      --queries "$Q" --seed "$s" --out "$OUT/ref-$NORM-$K-$s.json" >/dev/null
  "$ROOT/bin/robustj" evaluate --model "$MODEL" --n "$N" --norm "$NORM" --eps "$K" --attacks sparse-rs \
      --attack-option "sparse-rs.queries=$Q" --seed "$s" --quiet --out "$OUT/rj-$NORM-$K-$s.json" >/dev/null
  echo "$s $load"
done | /usr/bin/python3 -c '
import json, sys
out, norm, k = sys.argv[1], sys.argv[2], sys.argv[3]
rows = []
print("seed  load   ref robust%  rj robust%   ref q mean/med   rj q mean/med   ref s    rj s")
for line in sys.stdin:
    s, load = line.split()
    ref = json.load(open(f"{out}/ref-{norm}-{k}-{s}.json"))
    rj = json.load(open(f"{out}/rj-{norm}-{k}-{s}.json"))
    a = rj["attacks"][0]
    row = (100 * ref["robust_accuracy"], 100 * rj["robust_accuracy"], ref["mean_queries"] or 0, ref["median_queries"] or 0,
           a.get("mean_queries") or 0, a.get("median_queries") or 0, ref["seconds"], a["seconds"])
    rows.append(row)
    print(f"{s:>4} {load:>5} {row[0]:11.2f} {row[1]:11.2f} {row[2]:8.1f}/{row[3]:<7.1f} {row[4]:8.1f}/{row[5]:<7.1f} {row[6]:7.1f} {row[7]:7.1f}")
def col(i): return [r[i] for r in rows]
def m(v): return sum(v) / len(v)
print(f"reference robust {m(col(0)):.2f}% ({min(col(0)):.2f}..{max(col(0)):.2f}), mean queries {m(col(2)):.1f}, {m(col(6)):.1f} s")
print(f"robustj   robust {m(col(1)):.2f}% ({min(col(1)):.2f}..{max(col(1)):.2f}), mean queries {m(col(4)):.1f}, {m(col(7)):.1f} s")
print(f"wall-time ratio robustj / reference: {m(col(7)) / m(col(6)):.2f}")
' "$OUT" "$NORM" "$K"
