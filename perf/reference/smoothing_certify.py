#!/usr/bin/env python3
"""Randomized smoothing CERTIFY as locuslab/smoothing's `Smooth.certify` (code/core.py) does it, on a TorchScript
model and the first MNIST test points, for robustj's speed and certified-accuracy comparison (perf/README.md).

Written from the reference's algorithm (not copied): n0 selection samples -> top class; n fresh samples -> its
count n_A; p_A lower bound = one-sided (1 - alpha) Clopper-Pearson = Beta(alpha; n_A, n - n_A + 1) (what
statsmodels' proportion_confint(method="beta", alpha=2*alpha)[0] returns; scipy's beta.ppf here, since statsmodels
is not installed); abstain when it is < 1/2, else radius sigma * Phi^-1(p_A). Each batch repeats x, adds
torch.randn_like(batch) * sigma (no clipping), takes argmax and counts with the same per-element loop. The
reference draws noise on CUDA; here on the CPU. torch.manual_seed(seed) once at the start (certify.py sets none).

Usage: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 smoothing_certify.py --model M.pt --points 20 --sigma 0.25 \
    --n0 100 --n 10000 --alpha 0.001 --batch 1000 --seed 0 --threads 2 --mnist DIR --radii 0.5,1.0 --out ref.json
"""
import argparse
import gzip
import json
import os
import time
from math import ceil

import numpy as np
import torch
from scipy.stats import beta, norm


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def find(d, name):
    for n in (name, name + ".gz"):
        if os.path.exists(os.path.join(d, n)):
            return os.path.join(d, n)
    raise SystemExit("error: %s[.gz] not found in %s" % (name, d))


def sample_counts(model, x, num, sigma, batch_size, num_classes):
    counts = np.zeros(num_classes, dtype=int)
    with torch.no_grad():
        for _ in range(ceil(num / batch_size)):
            b = min(batch_size, num)
            num -= b
            batch = x.repeat((b, 1, 1, 1))
            noisy = batch + torch.randn_like(batch) * sigma
            pred = model(noisy).argmax(1).numpy()
            for c in pred:  # the reference's _count_arr loop
                counts[c] += 1
    return counts


def lower_bound(n_a, n, alpha):
    return 0.0 if n_a == 0 else float(beta.ppf(alpha, n_a, n - n_a + 1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--points", type=int, default=20)
    p.add_argument("--skip", type=int, default=1)
    p.add_argument("--sigma", type=float, required=True)
    p.add_argument("--n0", type=int, default=100)
    p.add_argument("--n", type=int, default=100000)
    p.add_argument("--alpha", type=float, default=0.001)
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--mnist", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "mnist"))
    p.add_argument("--radii", default="0.5,1.0")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    load_before = open("/proc/loadavg").read().strip()
    xs = read_idx(find(a.mnist, "t10k-images-idx3-ubyte")).astype(np.float32) / 255.0
    ys = read_idx(find(a.mnist, "t10k-labels-idx1-ubyte")).astype(int)
    model = torch.jit.load(a.model).eval()
    idx = [i * a.skip for i in range(a.points)]
    with torch.no_grad():
        k = model(torch.from_numpy(xs[:1]).unsqueeze(1)).shape[1]
    sample_counts(model, torch.from_numpy(xs[0]).unsqueeze(0), min(a.n, 2 * a.batch), a.sigma, a.batch, k)  # warm-up
    radii = [float(r) for r in a.radii.split(",")]
    rows = []
    t0 = time.time()
    for i in idx:
        t = time.time()
        x = torch.from_numpy(xs[i]).unsqueeze(0)
        c_hat = int(sample_counts(model, x, a.n0, a.sigma, a.batch, k).argmax())
        n_a = int(sample_counts(model, x, a.n, a.sigma, a.batch, k)[c_hat])
        p_a = lower_bound(n_a, a.n, a.alpha)
        pred, radius = (-1, 0.0) if p_a < 0.5 else (c_hat, a.sigma * float(norm.ppf(p_a)))
        rows.append({"index": i, "label": int(ys[i]), "prediction": pred, "radius": radius,
                     "correct": pred == int(ys[i]), "count": n_a, "seconds": time.time() - t})
    secs = time.time() - t0
    samples = a.points * (a.n0 + a.n)
    cert = {str(r): sum(1 for w in rows if w["correct"] and w["radius"] >= r) / a.points for r in radii}
    out = {"tool": "reference Smooth.certify (perf/reference/smoothing_certify.py), torch " + torch.__version__,
           "model": a.model, "points": rows, "sigma": a.sigma, "n0": a.n0, "n": a.n, "alpha": a.alpha,
           "batch": a.batch, "seed": a.seed, "threads": torch.get_num_threads(),
           "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"), "loadavg_before": load_before,
           "loadavg_after": open("/proc/loadavg").read().strip(), "seconds": secs,
           "samples_per_second": samples / secs,
           "accuracy_smoothed": sum(1 for w in rows if w["correct"]) / a.points,
           "abstained": sum(1 for w in rows if w["prediction"] < 0) / a.points, "certified_accuracy": cert}
    out["points"] = rows
    with open(a.out + ".tmp", "w") as f:
        json.dump(out, f, indent=1)
    os.replace(a.out + ".tmp", a.out)
    print("threads=%d samples/s=%.0f seconds=%.1f smoothed acc=%.3f abstain=%.3f certified=%s load=%s" % (
        torch.get_num_threads(), samples / secs, secs, out["accuracy_smoothed"], out["abstained"], cert, load_before))


if __name__ == "__main__":
    main()
