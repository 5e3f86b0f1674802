#!/usr/bin/env bash
# Per-example parameter Jacobians per second: robustj (ParameterGradients) against a plain PyTorch loop
# (perf/reference/jacobian_loop.py: one forward per example, one autograd.grad per logit) on the same network
# and threads. Not part of `mvn test`. Usage: perf/jacobians.sh [ARCH] [WIDTH] [N] [THREADS]
#   perf/jacobians.sh mlp 256 200 2        # robustj's mlp 784-256-10
#   perf/jacobians.sh small-cnn 64 50 2    # robustj's small-cnn with fc=64
# Prints both JSON lines and the ratio robustj / PyTorch, with the 1-minute load average (the machine is shared).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARCH="${1:-mlp}"; WIDTH="${2:-256}"; N="${3:-200}"; T="${4:-2}"
if [ ! -f "$ROOT/perf/target/classpath.txt" ] || grep -q '/org/robustj/' "$ROOT/perf/target/classpath.txt"; then
  (cd "$ROOT" && mvn -B -q -DskipTests package -pl perf -am)
fi
export OMP_WAIT_POLICY=PASSIVE
if [ "$ARCH" = mlp ]; then PYARGS=(--arch mlp --hidden "$WIDTH"); else PYARGS=(--arch small-cnn --fc "$WIDTH"); fi
ref=$(/usr/bin/python3 "$ROOT/perf/reference/jacobian_loop.py" "${PYARGS[@]}" --n "$N" --threads "$T")
load1=$(cut -d' ' -f1 /proc/loadavg)
rj=$(java -Xmx4g -Dai.djl.offline=true \
  -cp "$ROOT/perf/target/robustj-perf-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/perf/target/classpath.txt")" \
  org.robustj.perf.JacobianBench "$ARCH" "$WIDTH" "$N" "$T")
load2=$(cut -d' ' -f1 /proc/loadavg)
echo "$ref"
echo "$rj"
python3 - "$ref" "$rj" "$load1" "$load2" <<'PY'
import json, sys
r, j = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"ratio robustj/pytorch = {j['jacobians_per_s'] / r['jacobians_per_s']:.2f} "
      f"({j['jacobians_per_s']:.1f} vs {r['jacobians_per_s']:.1f} Jacobians/s, P = {j['params']}, "
      f"load {sys.argv[3]} / {sys.argv[4]})")
PY
