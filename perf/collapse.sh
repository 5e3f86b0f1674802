#!/usr/bin/env bash
# Neural collapse on MNIST test features of every layer (org.robustj.perf.CollapseBench), timed against the forward
# passes alone. Usage: perf/collapse.sh [MODEL] [POINTS] [BATCH] [REPEATS]   (defaults zoo:mnist-cnn 10000 500 3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$ROOT/perf/target/classpath.txt" ] || grep -q '/org/robustj/' "$ROOT/perf/target/classpath.txt"; then
  (cd "$ROOT" && mvn -B -q -DskipTests package -pl perf -am)
fi
export OMP_WAIT_POLICY=PASSIVE
exec java -Xmx8g -Dai.djl.offline=true -Drobustj.root="$ROOT" \
  -cp "$ROOT/perf/target/robustj-perf-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/perf/target/classpath.txt")" \
  org.robustj.perf.CollapseBench "$@"
