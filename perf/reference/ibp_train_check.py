#!/usr/bin/env python3
"""The check of robustj's certified-training recipe (issue 14): trains the same small MNIST CNN with the same
IBP recipe in plain PyTorch (no robustj, no auto_LiRPA), then reports clean accuracy and IBP-verified accuracy on
the first test points. If this reaches the targets and robustj with the same recipe does not, robustj has a bug;
if neither does, the recipe is at fault. Run with Debian's python:

    OMP_WAIT_POLICY=PASSIVE nice -n 10 /usr/bin/python3 perf/reference/ibp_train_check.py \
        --data data/mnist --eps 0.2 --warmup 1 --ramp 5 --epochs 8 --test-eps 0.1 [--ibp-init] [--out m.onnx]

The recipe is robustj's `ibp` (IbpRecipe / CertifiedSchedule): loss κ·CE(z, y) + (1 − κ)·CE([0, −lb], 0), with lb
the IBP lower bounds of the margins z_y − z_j over the L∞ ball ∩ [0, 1]; ε = 0 for `--warmup` epochs, then ε and
κ move linearly (per step, after step+1 steps) to the train ε and κ_end over `--ramp` epochs. Adam, lr cosine to 0
over all the epochs (robustj's `cosine` schedule, per step), batch 128, no augmentation, data in a fixed
per-epoch permutation from the seed. Architecture: robustj's small-cnn {conv1 16, conv2 32, fc 100, kernel 4,
stride 2, padding 1, pool false}: conv 1→16 4×4/2 pad 1, ReLU, conv 16→32 4×4/2 pad 1, ReLU, flatten, fc 1568→100,
ReLU, fc 100→10. `--ibp-init` uses Shi et al. 2021's initialisation (N(0, 2π/fan_in²) for every weight but the
last layer's, biases 0). `--out` exports the trained model as ONNX (for robustj certify and the auto_LiRPA
comparison, lirpa_compare.py).
"""
import argparse
import math
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    raw = open(path, "rb").read()
    magic, = struct.unpack(">I", raw[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def mnist(d, split):
    stem = "train" if split == "train" else "t10k"
    x = idx(os.path.join(d, f"{stem}-images-idx3-ubyte")).astype(np.float32) / 255.0
    y = idx(os.path.join(d, f"{stem}-labels-idx1-ubyte")).astype(np.int64)
    return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)


def small_cnn(c1=16, c2=32, fc=100):
    return nn.Sequential(
        nn.Conv2d(1, c1, 4, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(c1, c2, 4, stride=2, padding=1), nn.ReLU(),
        nn.Flatten(), nn.Linear(c2 * 7 * 7, fc), nn.ReLU(), nn.Linear(fc, 10))


def ibp_init(model):
    layers = [m for m in model if isinstance(m, (nn.Conv2d, nn.Linear))]
    for m in layers[:-1]:
        fan_in, _ = nn.init._calculate_fan_in_and_fan_out(m.weight)
        nn.init.normal_(m.weight, 0.0, math.sqrt(2 * math.pi) / fan_in)
        nn.init.zeros_(m.bias)


def ibp(model, lo, hi):
    """Interval bounds of every layer's output; the last affine layer is folded with the margin spec later."""
    for m in model:
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            mid, rad = (hi + lo) / 2, (hi - lo) / 2
            if isinstance(m, nn.Conv2d):
                mid = F.conv2d(mid, m.weight, m.bias, m.stride, m.padding)
                rad = F.conv2d(rad, m.weight.abs(), None, m.stride, m.padding)
            else:
                mid = F.linear(mid, m.weight, m.bias)
                rad = F.linear(rad, m.weight.abs())
            lo, hi = mid - rad, mid + rad
        else:
            lo, hi = m(lo), m(hi)
    return lo, hi


def margin_lower(model, x, y, eps):
    """IBP lower bounds of z_y − z_j (j ≠ y), the spec folded into the last layer as auto_LiRPA does (C·W)."""
    lo, hi = (x - eps).clamp(0, 1), (x + eps).clamp(0, 1)
    body = model[:-1]
    last = model[-1]
    lo, hi = ibp(body, lo, hi)
    k = last.weight.shape[0]
    eye = torch.eye(k)
    c = eye[y].unsqueeze(1) - eye.unsqueeze(0)  # N×K×K: row j is e_y − e_j
    keep = ~(y.unsqueeze(1) == torch.arange(k).unsqueeze(0))
    c = c[keep].view(len(y), k - 1, k)
    w = c @ last.weight  # N×(K−1)×H
    b = c @ last.bias
    mid, rad = (hi + lo) / 2, (hi - lo) / 2
    return (w @ mid.unsqueeze(-1)).squeeze(-1) + b - (w.abs() @ rad.unsqueeze(-1)).squeeze(-1)


def evaluate(model, x, y, eps):
    model.eval()
    with torch.no_grad():
        clean = model(x).argmax(1) == y
        verified = (margin_lower(model, x, y, eps) > 0).all(1) & clean
    return clean.float().mean().item(), verified.float().mean().item()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="data/mnist")
    p.add_argument("--eps", type=float, default=0.2, help="train eps")
    p.add_argument("--test-eps", type=float, default=0.1)
    p.add_argument("--warmup", type=float, default=1.0, help="epochs at eps 0")
    p.add_argument("--ramp", type=float, default=5.0, help="epochs of the linear eps and kappa ramp")
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--kappa-start", type=float, default=1.0)
    p.add_argument("--kappa-end", type=float, default=0.5)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--n-train", type=int, default=60000)
    p.add_argument("--n-test", type=int, default=1000)
    p.add_argument("--ibp-init", action="store_true")
    p.add_argument("--width", default="16,32,100", help="small-cnn conv1,conv2,fc")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", default=None, help="ONNX file for the trained model")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr, ytr = mnist(a.data, "train")
    xtr, ytr = xtr[:a.n_train], ytr[:a.n_train]
    xte, yte = mnist(a.data, "test")
    xte, yte = xte[:a.n_test], yte[:a.n_test]
    model = small_cnn(*[int(v) for v in a.width.split(",")])
    if a.ibp_init:
        ibp_init(model)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    per_epoch = (len(xtr) + a.batch - 1) // a.batch
    total = per_epoch * a.epochs
    step = 0
    t0 = time.time()
    for epoch in range(a.epochs):
        model.train()
        perm = torch.randperm(len(xtr))
        for i in range(per_epoch):
            idx_ = perm[i * a.batch:(i + 1) * a.batch]
            x, y = xtr[idx_], ytr[idx_]
            done = (step + 1) / per_epoch
            prog = 0.0 if done <= a.warmup else (1.0 if a.ramp == 0 else min(1.0, (done - a.warmup) / a.ramp))
            eps = a.eps * prog
            kappa = a.kappa_start + (a.kappa_end - a.kappa_start) * prog
            for g in opt.param_groups:
                g["lr"] = a.lr * 0.5 * (1 + math.cos(math.pi * step / total))
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            if eps > 0 and kappa < 1:
                lb = margin_lower(model, x, y, eps)
                robust = F.cross_entropy(torch.cat([torch.zeros(len(y), 1), -lb], 1),
                                         torch.zeros(len(y), dtype=torch.long))
                loss = kappa * loss + (1 - kappa) * robust
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
        clean, ver = evaluate(model, xte, yte, a.test_eps)
        print(f"epoch {epoch + 1}/{a.epochs}: eps {eps:.4f} kappa {kappa:.3f} loss {loss.item():.4f} "
              f"clean {100 * clean:.1f}% IBP-verified@{a.test_eps} {100 * ver:.1f}% "
              f"({time.time() - t0:.0f} s)", flush=True)
    for n in (200, a.n_test):
        clean, ver = evaluate(model, xte[:n], yte[:n], a.test_eps)
        print(f"first {n} test points: clean {100 * clean:.1f}%, IBP-verified at {a.test_eps}: {100 * ver:.1f}%")
    if a.out:
        model.eval()
        torch.onnx.export(model, xte[:1], a.out, input_names=["x"], output_names=["logits"],
                          dynamic_axes={"x": {0: "n"}, "logits": {0: "n"}}, opset_version=13)
        torch.save(model.state_dict(), a.out + ".state.pt")
        print("wrote", a.out)


if __name__ == "__main__":
    main()
