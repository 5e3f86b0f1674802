#!/usr/bin/env python3
"""Golden robust counts of the reference APGD-T (fra31/auto-attack's APGDAttack_targeted, standard settings:
100 iterations, 1 restart, 9 target classes, rho 0.75) on the first N MNIST test points of a TorchScript
model, over several seeds; robustj's ApgdTargetedGoldenTest compares its own count with these. Not part of
the Java build. Regenerate (zoo:mnist-cnn-fgsm-rs rebuilt from its exported weights, see README.md here):

    java -cp "perf/target/robustj-perf-0.1.0-SNAPSHOT.jar:$(cat perf/target/classpath.txt)" -Dai.djl.offline=true \
        -Drobustj.root=$PWD org.robustj.perf.ExportNpy zoo:mnist-cnn-fgsm-rs /tmp/export-fgsm-rs
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 perf/reference/torchscript_from_npy.py /tmp/export-fgsm-rs \
        /tmp/fgsm-rs.pt --mnist data/mnist
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 perf/reference/golden_apgd_t.py --model /tmp/fgsm-rs.pt \
        --n 200 --eps 0.3 --seeds 0,1,2,3,4 --tanh-cap 2 [--attack apgd-ce] [--flags out.json]

Prints one line per seed and a JSON summary (counts, min, mean, max); --flags writes per-point robust flags.
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_autoattack import load_mnist_test, git_head  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--eps", type=float, default=0.3)
    ap.add_argument("--seeds", default="0,1,2,3,4")
    ap.add_argument("--attack", default="apgd-t", choices=["apgd-t", "apgd-ce"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--aa-path", default="/work/refs/auto-attack")
    ap.add_argument("--mnist-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "mnist"))
    ap.add_argument("--flags", default=None)
    ap.add_argument("--tanh-cap", type=float, default=None,
                    help="wrap the model as c*tanh(logits/c), robustj-testkit's MaskedClassifier.saturatedLogits")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    sys.path.insert(0, os.path.abspath(a.aa_path))
    from autoattack.autopgd_base import APGDAttack, APGDAttack_targeted

    x, y = load_mnist_test(a.mnist_dir, a.n)
    model = torch.jit.load(a.model, map_location="cpu").eval()
    if a.tanh_cap is not None:
        inner, cap = model, a.tanh_cap
        model = lambda t: cap * torch.tanh(inner(t) / cap)  # noqa: E731
    counts, flags = [], {}
    for seed in [int(s) for s in a.seeds.split(",")]:
        if a.attack == "apgd-t":
            atk = APGDAttack_targeted(model, n_iter=100, norm="Linf", n_restarts=1, eps=a.eps, seed=seed,
                                      device="cpu", n_target_classes=9)
        else:
            atk = APGDAttack(model, n_iter=100, norm="Linf", n_restarts=1, eps=a.eps, seed=seed, device="cpu",
                             loss="ce")
        adv = atk.perturb(x, y)
        with torch.no_grad():
            robust = model(adv).argmax(1).eq(y)
        counts.append(int(robust.sum()))
        flags[seed] = [bool(v) for v in robust.tolist()]
        print("%s seed %d: %d of %d robust" % (a.attack, seed, counts[-1], a.n), flush=True)
    summary = {"attack": a.attack, "model": os.path.abspath(a.model), "n": a.n, "eps": a.eps, "tanh_cap": a.tanh_cap, "counts": counts,
               "min": min(counts), "mean": sum(counts) / len(counts), "max": max(counts),
               "aa_commit": git_head(a.aa_path), "torch": torch.__version__}
    print(json.dumps(summary))
    if a.flags:
        with open(a.flags, "w") as f:
            json.dump({"summary": summary, "flags": flags}, f)


if __name__ == "__main__":
    main()
