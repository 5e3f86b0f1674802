#!/usr/bin/env bash
# Benchmarks (never part of the tests). Usage: perf/run.sh clean|pgd|autoattack MODEL N [reference.json]
# Reference figures come from perf/reference/*.py (PyTorch, same threads, OMP_WAIT_POLICY=PASSIVE).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$ROOT/perf/target/classpath.txt" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
export OMP_WAIT_POLICY=PASSIVE
exec java -Xmx8g -Dai.djl.offline=true -Drobustj.root="$ROOT" \
  -cp "$ROOT/perf/target/robustj-perf-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/perf/target/classpath.txt")" \
  org.robustj.perf.Bench "$@"
