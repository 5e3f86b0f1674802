#!/usr/bin/env bash
# Training and clean-inference throughput of robustj's small CNN on MNIST (images/s), per thread count.
# Not part of `mvn test`. Usage: perf/train-throughput.sh [N_TRAIN] [THREAD_COUNTS...]
#   perf/train-throughput.sh 6000 1 2
# Trains recipes/mnist-cnn.json for one epoch on the first N_TRAIN MNIST training images (needs
# `bin/robustj data fetch mnist`), then evaluates the result on the 10,000 MNIST test images.
# The machine's load matters: the script prints the 1-minute load average next to each figure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-6000}"
shift || true
THREADS=("${@:-2}")
[ ${#THREADS[@]} -gt 0 ] || THREADS=(2)
OUT="$(mktemp -d /tmp/robustj-perf.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
"$ROOT/bin/robustj" --version >/dev/null   # build first, outside the timings
printf '%-8s %-8s %-22s %-22s %s\n' threads n_train "train images/s" "inference images/s" "load(1m)"
for T in "${THREADS[@]}"; do
  "$ROOT/bin/robustj" train --config "$ROOT/recipes/mnist-cnn.json" --n-train "$N" --epochs 1 --eval-size 0 \
      --threads "$T" --quiet --out "$OUT/cnn-$T" > "$OUT/train-$T.txt"
  train=$(grep -E '^trained ' "$OUT/train-$T.txt" | grep -oE '[0-9.]+ images/s' | cut -d' ' -f1)
  "$ROOT/bin/robustj" evaluate --model "$OUT/cnn-$T.json" --dataset mnist --attacks none --threads "$T" --quiet \
      > "$OUT/eval-$T.txt"
  infer=$(grep -oE '[0-9.]+ images/s' "$OUT/eval-$T.txt" | tail -1 | cut -d' ' -f1)
  printf '%-8s %-8s %-22s %-22s %s\n' "$T" "$N" "$train" "$infer" "$(cut -d' ' -f1 /proc/loadavg)"
done
