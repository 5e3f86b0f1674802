#!/usr/bin/env python3
"""The reference APGD-T or APGD-CE alone (fra31/auto-attack, standard settings) on chosen MNIST test points,
with per-point robust flags and, with --trace FILE, the logits of every model call (one JSON array of rows
per line) -- the twin of robustj's `org.robustj.perf.AttackFlags` (-Dtrace=FILE). Attack one point
(--idx a JSON list with one index) to get its per-iteration trace; trace_table.py prints both sides' traces.

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 run_apgd.py --model M.pt --idx points.json --seed 0 --out flags.json
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_autoattack import load_mnist_test  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--n", type=int, default=1000, help="first N test points (when --idx is not given)")
    ap.add_argument("--idx", default=None, help="JSON list of test-point indices")
    ap.add_argument("--attack", default="apgd-t", choices=["apgd-t", "apgd-ce"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--eps", type=float, default=0.3)
    ap.add_argument("--trace", default=None)
    ap.add_argument("--out", required=True)
    ap.add_argument("--aa-path", default="/work/refs/auto-attack")
    ap.add_argument("--mnist-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "mnist"))
    a = ap.parse_args()
    torch.set_num_threads(2)
    sys.path.insert(0, os.path.abspath(a.aa_path))
    from autoattack.autopgd_base import APGDAttack, APGDAttack_targeted
    x, y = load_mnist_test(a.mnist_dir, 10000 if a.idx else a.n)
    idx = json.load(open(a.idx)) if a.idx else list(range(a.n))
    x, y = x[idx], y[idx]
    inner = torch.jit.load(a.model, map_location="cpu").eval()
    calls = []

    def model(t):
        z = inner(t)
        if a.trace:
            calls.append(z.detach().tolist())
        return z

    if a.attack == "apgd-t":
        atk = APGDAttack_targeted(model, n_restarts=1, n_iter=100, eps=a.eps, seed=a.seed, device="cpu",
                                  n_target_classes=9)
    else:
        atk = APGDAttack(model, n_restarts=1, n_iter=100, eps=a.eps, seed=a.seed, device="cpu", loss="ce")
    t0, c0 = time.perf_counter(), time.process_time()
    adv = atk.perturb(x, y)
    seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    with torch.no_grad():
        flags = inner(adv).argmax(1).eq(y).tolist()
    json.dump({"attack": a.attack, "seed": a.seed, "n": len(flags), "robust": sum(flags), "flags": flags,
               "seconds": seconds, "cpu_seconds": cpu_seconds},
              open(a.out, "w"))
    if a.trace:
        with open(a.trace, "w") as f:
            for c in calls:
                f.write(json.dumps(c) + "\n")
    print(a.attack, "seed", a.seed, "robust", sum(flags), "/", len(flags), "seconds %.2f cpu %.2f" % (seconds, cpu_seconds))


if __name__ == "__main__":
    main()
