#!/usr/bin/env bash
# Spark backend figures (issue 13): parallel efficiency of --spark local[2] against one process, the per-task
# overhead (Spark start-up, model shipping and opening, per partition), and the per-point cost that the cluster
# estimate in perf/README.md is made from. Usage: perf/spark.sh [MODEL] [N] [DATASET]
# (default: zoo:cifar10-cnn-pgd-at, 40 points, cifar10; env ATTACKS (default apgd-ce), PARTS (default 20)).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODEL="${1:-zoo:cifar10-cnn-pgd-at}"
N="${2:-40}"
DATASET="${3:-cifar10}"
ATTACKS="${ATTACKS:-apgd-ce}"
PARTS="${PARTS:-20}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
export OMP_WAIT_POLICY=PASSIVE
common=(evaluate --model "$MODEL" --dataset "$DATASET" --n "$N" --attacks "$ATTACKS" --quiet)

secs() { # wall seconds of a command, its stdout to $OUT/last.out
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$OUT/last.out" 2>"$OUT/last.err" || { cat "$OUT/last.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

"$ROOT/bin/robustj" evaluate --n 2 --attacks none --quiet >/dev/null   # build once, outside the timings
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
t1=$(secs "$ROOT/bin/robustj" "${common[@]}" --threads 1 --out "$OUT/one-thread.json")
echo "one process, 1 libtorch thread:       ${t1} s"
t2=$(secs "$ROOT/bin/robustj" "${common[@]}" --threads 2 --out "$OUT/two-threads.json")
echo "one process, 2 libtorch threads:      ${t2} s"
ts=$(secs "$ROOT/bin/robustj" "${common[@]}" --spark 'local[2]' --partitions 2 --out "$OUT/spark-2.json")
echo "--spark local[2], 2 partitions:       ${ts} s"
tk=$(secs "$ROOT/bin/robustj" "${common[@]}" --spark 'local[2]' --partitions "$PARTS" --out "$OUT/spark-k.json")
echo "--spark local[2], $PARTS partitions:      ${tk} s"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$OUT" <<'PY'
import json, sys
d = sys.argv[1]
recs = {k: json.load(open(f"{d}/{k}.json")) for k in ["one-thread", "two-threads", "spark-2", "spark-k"]}
pts = [[(p["index"], p["robust"], p.get("broken_by"), p.get("adversarial_label")) for p in r["points"]] for r in recs.values()]
print("same points in all four records:", all(p == pts[0] for p in pts))
PY
python3 - "$t1" "$t2" "$ts" "$tk" "$PARTS" "$N" <<'PY'
import sys
t1, t2, ts, tk = map(float, sys.argv[1:5]); parts = int(sys.argv[5]); n = int(sys.argv[6])
print(f"parallel efficiency of local[2] against one 1-thread process: {t1 / (2 * ts):.2f} (target >= 0.8)")
print(f"local[2] against one 2-thread process: {t2 / ts:.2f}x")
print(f"per-task overhead: {(tk - ts) * 2 / (parts - 2):.2f} s per partition (2 task slots)")
print(f"per-point cost, one libtorch thread: {t1 / n:.2f} s (includes the process start-up)")
PY
