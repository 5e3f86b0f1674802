#!/usr/bin/env bash
# Randomized smoothing CERTIFY, robustj (org.robustj.perf.SmoothingBench, library API) against the reference algorithm
# (perf/reference/smoothing_certify.py, Debian python3-torch) on the same TorchScript model, points, n0, n, alpha,
# batch and threads, alternating the two sides once per seed. Prints samples/s, certified accuracies and the load.
# Usage: perf/smoothing-compare.sh MODEL.pt [POINTS] [SIGMA] [N] [SEEDS] [OUTDIR]
#   defaults: 20 points, sigma 0.25, n 10000 (n0 100, alpha 0.001, batch 1000), seeds "0 1 2", OUTDIR /tmp/smoothing-compare
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model=$1; points=${2:-20}; sigma=${3:-0.25}; n=${4:-10000}; seeds=${5:-"0 1 2"}; out=${6:-/tmp/smoothing-compare}
threads=${THREADS:-2}; radii=${RADII:-0.25,0.5,0.75}; mnist=${MNIST:-$ROOT/data/mnist}
mkdir -p "$out"
[ -f "$ROOT/perf/target/classpath.txt" ] || (cd "$ROOT" && mvn -B -q -DskipTests package -pl perf -am)
export OMP_WAIT_POLICY=PASSIVE THREADS=$threads
CP="$ROOT/perf/target/robustj-perf-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/perf/target/classpath.txt")"
for s in $seeds; do
  java -Xmx4g -Dai.djl.offline=true -Drobustj.root="$ROOT" -cp "$CP" org.robustj.perf.SmoothingBench "$model" "$points" \
    "$sigma" 100 "$n" 0.001 1000 "$s" "$radii" "$out/robustj-seed$s.json" 2>/dev/null | sed "s/^/robustj   seed $s: /"
  /usr/bin/python3 "$ROOT/perf/reference/smoothing_certify.py" --model "$model" --points "$points" --sigma "$sigma" \
    --n0 100 --n "$n" --alpha 0.001 --batch 1000 --seed "$s" --threads "$threads" --mnist "$mnist" --radii "$radii" \
    --out "$out/reference-seed$s.json" | sed "s/^/reference seed $s: /"
done
