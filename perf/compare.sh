#!/usr/bin/env bash
# Side-by-side benchmark against the reference Python tools (never part of the tests).
#   perf/compare.sh pgd|autoattack MODEL.pt N [REPS]
#   perf/compare.sh train-pgd-at - N [REPS]      (N MNIST training images; needs `bin/robustj data fetch mnist`)
#   perf/compare.sh flags MODEL.pt N [REPS]      (robust accuracy point by point; EPS, SEED, VERSION=strong|standard,
#                                                 DATASET=mnist|cifar10)
# Runs the reference (perf/reference/*.py, Debian python3-torch, same threads, OMP_WAIT_POLICY=PASSIVE) and robustj
# (perf/run.sh) back to back REPS times (default 1), alternating, and prints each pair's ratio and the mean.
# pgd: PGD-40 images/s, robustj / torchattacks (target >= 1.2). autoattack: standard Linf 0.3 wall time,
# robustj / fra31/auto-attack (target <= 0.7). train-pgd-at: images/s of one epoch of PGD-10 adversarial training
# of the zoo:mnist-cnn-pgd-at architecture (recipes/mnist-cnn-pgd-at.json without its monitor), robustj / a plain
# PyTorch loop (perf/reference/train_mnist_pgd_at.py; target >= 1.0). flags: AutoAttack standard L-inf EPS (default
# 0.3) on the first N test points of DATASET (default mnist; cifar10 reads ../shared/data/cifar10), reference (seed SEED, default 0) and `bin/robustj evaluate --version VERSION`
# (default strong, robustj's default; seed SEED + rep - 1), then perf/reference/confusion.py: both robust accuracies,
# per-attack figures, times, and the per-point confusion (robust here / broken there and the reverse); exit status 1
# when robustj is above the reference by more than 0.3 points or overestimates more than 0.3% of the points.
# The reference runs on glibc's malloc, as its users run it; REF_MALLOC=same runs it on the allocator bin/native-env.sh
# gives robustj (tcmalloc when installed), which speeds torch 1.13 up as much as libtorch (perf/README.md, "Allocator
# on both sides"): quote both ratios.
# Setup of the reference side: perf/reference/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ref_py=(env -u LD_PRELOAD /usr/bin/python3)
case "${REF_MALLOC:-system}" in
  system) ;;
  same) pre=$(. "$ROOT/bin/native-env.sh"; echo "${LD_PRELOAD:-}"); [ -z "$pre" ] || ref_py=(env LD_PRELOAD="$pre" /usr/bin/python3) ;;
  *) echo "error: REF_MALLOC=${REF_MALLOC}: give 'system' (glibc, the default) or 'same' (robustj's allocator)" >&2; exit 2 ;;
esac
echo "reference allocator: ${REF_MALLOC:-system}${pre:+ ($pre)}" >&2
what=${1:?pgd or autoattack}; model=${2:?TorchScript model}; n=${3:?number of points}; reps=${4:-1}
export OMP_WAIT_POLICY=PASSIVE
threads=${THREADS:-2}
out=${OUT_DIR:-$(mktemp -d)}; mkdir -p "$out"   # OUT_DIR keeps both sides' JSON and logs
ratios=()
failed=0
for r in $(seq 1 "$reps"); do
  if [ "$what" = train-pgd-at ]; then
    (cd "$ROOT/perf/reference" && "${ref_py[@]}" train_mnist_pgd_at.py --mnist-dir "$ROOT/data/mnist" --n "$n" \
      --threads "$threads") > "$out/ref.json"
    python3 -c "import json;c=json.load(open('$ROOT/recipes/mnist-cnn-pgd-at.json'));c.pop('monitor',None);json.dump(c,open('$out/recipe.json','w'))"
    "$ROOT/bin/robustj" train --config "$out/recipe.json" --n-train "$n" --epochs 1 --eval-size 0 --threads "$threads" \
      --quiet --checkpoint-minutes 0 --out "$out/model" > "$out/ours.txt"
    ours=$(grep -E '^trained ' "$out/ours.txt" | grep -oE '[0-9.]+ images/s' | cut -d' ' -f1)
    ratio=$(python3 -c "import json;print($ours / json.load(open('$out/ref.json'))['images_per_s'])")
    echo "rep $r: PGD-AT training robustj $ours images/s, PyTorch $(python3 -c "import json;print(round(json.load(open('$out/ref.json'))['images_per_s'],1))") images/s, ratio $ratio"
    ratios+=("$ratio")
    continue
  elif [ "$what" = flags ]; then
    eps=${EPS:-0.3}; seed=${SEED:-0}; version=${VERSION:-strong}; dataset=${DATASET:-mnist}
    [ -f "$out/ref.json" ] || "${ref_py[@]}" "$ROOT/perf/reference/run_autoattack.py" --model "$model" --n "$n" \
      --dataset "$dataset" --cifar-dir "$ROOT/../shared/data/cifar10" \
      --eps "$eps" --norm Linf --seed "$seed" --threads "$threads" --out "$out/ref.json" > "$out/ref.log" 2>&1
    "$ROOT/bin/robustj" evaluate --model "$model" --dataset "$dataset" --n "$n" --eps "$eps" --norm linf --version "$version" \
      --seed $((seed + r - 1)) --threads "$threads" --quiet --out "$out/ours$r.json" > "$out/ours$r.log" 2>&1
    status=0
    python3 "$ROOT/perf/reference/confusion.py" "$out/ref.json" "$out/ours$r.json" || status=$?
    ratio=$(python3 -c "import json;a=json.load(open('$out/ours$r.json'));b=json.load(open('$out/ref.json'));print(a['seconds']/b['seconds_total'])")
    ratios+=("$ratio")
    [ "$status" = 0 ] || failed=1
    continue
  elif [ "$what" = pgd ]; then
    "${ref_py[@]}" "$ROOT/perf/reference/run_torchattacks_pgd.py" --model "$model" --n "$n" --threads "$threads" \
      --out "$out/ref.json" > "$out/ref.log" 2>&1
    "$ROOT/perf/run.sh" pgd "$model" "$n" "$out/ref.json" > "$out/ours.json" 2>&1
    ratio=$(python3 -c "import json,sys;t=open('$out/ours.json').read();d=json.loads(t[t.index('{'):]);print(d['ratio_vs_reference'])")
    echo "rep $r: PGD-40 robustj / torchattacks images/s = $ratio"
  else
    "${ref_py[@]}" "$ROOT/perf/reference/run_autoattack.py" --model "$model" --n "$n" --eps 0.3 --norm Linf \
      --threads "$threads" --out "$out/ref.json" > "$out/ref.log" 2>&1
    "$ROOT/perf/run.sh" autoattack "$model" "$n" "$out/ref.json" > "$out/ours.json" 2>&1
    ratio=$(python3 -c "import json,sys;t=open('$out/ours.json').read();d=json.loads(t[t.index('{'):]);print(d['time_ratio_vs_reference'])")
    echo "rep $r: AutoAttack standard robustj / reference wall time = $ratio"
  fi
  sed -n '/{/,$p' "$out/ours.json"
  ratios+=("$ratio")
done
python3 -c "import sys;v=[float(x) for x in sys.argv[1:]];print('mean ratio over %d reps: %.3f' % (len(v), sum(v)/len(v)))" "${ratios[@]}"
exit "$failed"
