#!/usr/bin/env bash
# Per-pass figures (benchmarks only): forward and forward+input-gradient ms of robustj (`Bench passes`) and torch 1.13
# (perf/reference/passes.py) on the same TorchScript models and batch, run back to back, with the FLOPs of a pass
# and the achieved GFLOP/s beside this machine's float32 matrix-product rate at the same thread count.
#   perf/passes.sh [N] [MODEL.pt[:C,H,W] ...]
# N: batch (default 100). Models default to ../shared/models/cnn_bn_std.pt, the zoo:mnist-cnn-pgd-at strided CNN as
# TorchScript (perf/reference/torchscript_from_npy.py) and a CIFAR-10 CNN of zoo:cifar10-cnn-pgd-at's architecture
# (perf/reference/cifar_cnn.py), both made in a scratch directory on first use. THREADS (default 2), REPS (30).
# ms are medians over REPS passes (min in brackets), cpu the process CPU ms per pass (all threads), GF/s from the min;
# on a busy machine quote the min and the cpu figures, and the load average printed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export OMP_WAIT_POLICY=PASSIVE
n=${1:-100}
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "error: N must be a positive whole number, not '$n'" >&2; exit 2; }
shift || true
threads=${THREADS:-2}; reps=${REPS:-30}
[[ "$threads" =~ ^[1-9][0-9]*$ && "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "error: THREADS and REPS must be positive whole numbers" >&2; exit 2; }
scratch=${PASSES_DIR:-/tmp/robustj-passes}
mkdir -p "$scratch"
models=("$@")
if [ ${#models[@]} -eq 0 ]; then
  if [ ! -f "$scratch/mnist-cnn-pgd-at.pt" ]; then
    java -Dai.djl.offline=true -Drobustj.root="$ROOT" \
      -cp "$ROOT/perf/target/robustj-perf-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/perf/target/classpath.txt")" \
      org.robustj.perf.ExportNpy zoo:mnist-cnn-pgd-at "$scratch/export-mnist-cnn-pgd-at" >/dev/null
    /usr/bin/python3 "$ROOT/perf/reference/torchscript_from_npy.py" "$scratch/export-mnist-cnn-pgd-at" \
      "$scratch/mnist-cnn-pgd-at.pt" >/dev/null
  fi
  [ -f "$scratch/cifar10-cnn.pt" ] || /usr/bin/python3 "$ROOT/perf/reference/cifar_cnn.py" "$scratch/cifar10-cnn.pt" >/dev/null
  models=("$ROOT/../shared/models/cnn_bn_std.pt" "$scratch/mnist-cnn-pgd-at.pt" "$scratch/cifar10-cnn.pt:3,32,32")
fi
[ -f "$ROOT/perf/target/classpath.txt" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
for spec in "${models[@]}"; do
  [ -f "${spec%%:*}" ] || { echo "error: model file not found: ${spec%%:*}" >&2; exit 2; }
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); batch $n, $threads threads, $reps reps"
printf '%-20s %-19s %15s %15s %7s %7s %9s %8s %8s %8s\n' model side "fwd ms (min)" "f+g ms (min)" fwd_cpu f+g_cpu MFLOP/fwd fwd_GF/s f+g_GF/s gemm_GF/s
for spec in "${models[@]}"; do
  model=${spec%%:*}; shape=1,28,28
  [ "$spec" = "$model" ] || shape=${spec#*:}
  [ -f "$model" ] || { echo "error: model file not found: $model" >&2; exit 2; }
  [[ "$shape" =~ ^[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*$ ]] || { echo "error: shape must be C,H,W, not '$shape'" >&2; exit 2; }
  ref=$(/usr/bin/python3 "$ROOT/perf/reference/passes.py" "$model" "$n" --threads "$threads" --shape "$shape" \
    --reps "$reps") || exit 1  # passes.py has printed its error: line
  if ! ours=$(THREADS=$threads SHAPE=$shape REPS=$reps "$ROOT/perf/run.sh" passes "$model" "$n" 2>"$scratch/err.txt" \
      | sed -n '/^{/,$p') || [ -z "$ours" ]; then
    echo "error: robustj's passes on $model failed: $(grep -m1 -E 'error|Exception' "$scratch/err.txt" || echo 'no output')" >&2
    exit 1
  fi
  python3 - "$(basename "$model")" "$ref" "$ours" <<'PY'
import json, sys
name, ref, ours = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
flops = ref["forward_flops"]
for d in (ours, ref):
    label = "%s %s%s" % (d["side"], d["version"], "" if not d["onednn"] else " oneDNN")
    f, fb = d["forward_min_ms"], d["forward_backward_min_ms"]
    gf = "%8.1f %8.1f" % (flops / f / 1e6, 2 * flops / fb / 1e6) if flops else "%8s %8s" % ("-", "-")
    print("%-20s %-19s %6.2f (%6.2f) %6.2f (%6.2f) %7.2f %7.2f %9s %s %8.1f" % (name[:20], label[:19], d["forward_ms"], f,
          d["forward_backward_ms"], fb, d["forward_cpu_ms"], d["forward_backward_cpu_ms"],
          "%.1f" % (flops / 1e6) if flops else "-", gf, ref["gemm_gflops"]))
PY
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
