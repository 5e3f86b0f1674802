#!/usr/bin/env bash
# Queries/s of ONNX Runtime vs libtorch on the same network (an ONNX file and its TorchScript twin), batched as a
# black-box attack queries. Usage: perf/query-compare.sh [MODEL.onnx MODEL.pt] [BATCH] [REPS]  (env THREADS, default 2)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ONNX="${1:-$ROOT/../shared/models/cnn_bn_std.onnx}"
PT="${2:-$ROOT/../shared/models/cnn_bn_std.pt}"
BATCH="${3:-100}"
REPS="${4:-30}"
if [ ! -f "$ROOT/perf/target/classpath.txt" ] || grep -q '/org/robustj/' "$ROOT/perf/target/classpath.txt"; then
  (cd "$ROOT" && mvn -B -q -DskipTests package -pl perf -am)
fi
export OMP_WAIT_POLICY=PASSIVE
exec java -Xmx4g -Dai.djl.offline=true -Drobustj.root="$ROOT" \
  -cp "$ROOT/perf/target/robustj-perf-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/perf/target/classpath.txt")" \
  org.robustj.perf.QueryBench "$ONNX" "$PT" "$BATCH" "$REPS" "${THREADS:-2}"
