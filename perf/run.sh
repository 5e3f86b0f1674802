#!/usr/bin/env bash
# Benchmarks (never part of the tests). Usage: perf/run.sh clean|pgd|autoattack MODEL N [reference.json]
# Reference figures come from perf/reference/*.py (PyTorch, same threads, OMP_WAIT_POLICY=PASSIVE).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# this checkout's module jars, never robustj jars from the local Maven repository (shared by every checkout on the
# machine, whatever branch last installed there): a classpath written by a build without -am is rebuilt
if [ ! -f "$ROOT/perf/target/classpath.txt" ] || grep -q '/org/robustj/' "$ROOT/perf/target/classpath.txt"; then
  (cd "$ROOT" && mvn -B -q -DskipTests package -pl perf -am)
fi
. "$ROOT/bin/native-env.sh"   # OMP_WAIT_POLICY and the allocator, as bin/robustj runs
exec java -Xmx8g ${BENCH_JAVA_OPTS:-} -Dai.djl.offline=true -Drobustj.root="$ROOT" \
  -cp "$ROOT/perf/target/robustj-perf-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/perf/target/classpath.txt")" \
  org.robustj.perf.Bench "$@"
