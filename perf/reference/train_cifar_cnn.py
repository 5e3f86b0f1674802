#!/usr/bin/env python3
"""Trains a CIFAR-10 CNN in PyTorch (standard, or FGSM + random start adversarial training) and saves it as
TorchScript, for the point-by-point fidelity check of robustj's AutoAttack against the reference on CIFAR-10
models robustj has never seen (issue 16; perf/compare.sh flags with DATASET=cifar10). Run with Debian's python and
OMP_WAIT_POLICY=PASSIVE:

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 train_cifar_cnn.py --out /tmp/cifar-std.pt --epochs 4
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 train_cifar_cnn.py --out /tmp/cifar-fgsmrs.pt --fgsm-rs 0.0313725 --epochs 6

Architecture: that of the bundled zoo:cifar10-cnn-pgd-at (conv 3->32 and 32->64, 4x4 stride 2 padding 1, ReLU,
fc 4096->256->10), inputs N x 3 x 32 x 32 in [0,1] (no normalisation layer). Adam 1e-3, batch 128, random crop
(pad 4) and horizontal flip. FGSM-RS (Wong et al. 2020): delta ~ U(-eps, eps), one signed-gradient step of
alpha = 1.25 eps, clipped to the ball and the box. Data: the official binary batches (data_batch_*.bin[.gz]).
"""
import argparse
import gzip
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_batches(paths):
    xs, ys = [], []
    for p in paths:
        raw = gzip.open(p).read() if p.endswith(".gz") else open(p, "rb").read()
        a = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3073)
        ys.append(a[:, 0].astype(np.int64))
        xs.append(a[:, 1:].reshape(-1, 3, 32, 32))
    return torch.from_numpy(np.concatenate(xs).astype(np.float32) / 255.0), torch.from_numpy(np.concatenate(ys))


def find(d, stem):
    for ext in ("", ".gz"):
        if os.path.exists(os.path.join(d, stem + ext)):
            return os.path.join(d, stem + ext)
    raise SystemExit(f"error: {stem} not found in {d}")


def augment(xb, gen):
    n = xb.shape[0]
    padded = F.pad(xb, (4, 4, 4, 4))
    out = torch.empty_like(xb)
    offs = torch.randint(0, 9, (n, 2), generator=gen)
    flips = torch.rand(n, generator=gen) < 0.5
    for i in range(n):
        img = padded[i, :, offs[i, 0]:offs[i, 0] + 32, offs[i, 1]:offs[i, 1] + 32]
        out[i] = img.flip(2) if flips[i] else img
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", default="/work/shared/data/cifar10")
    p.add_argument("--out", required=True)
    p.add_argument("--fgsm-rs", type=float, default=None, metavar="EPS", help="FGSM-RS adversarial training at EPS")
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--n-train", type=int, default=50000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    x, y = read_batches([find(a.data_dir, f"data_batch_{i}.bin") for i in range(1, 6)])
    x, y = x[:a.n_train], y[:a.n_train]
    xt, yt = read_batches([find(a.data_dir, "test_batch.bin")])
    xt, yt = xt[:1000], yt[:1000]
    model = nn.Sequential(nn.Conv2d(3, 32, 4, stride=2, padding=1), nn.ReLU(),
                          nn.Conv2d(32, 64, 4, stride=2, padding=1), nn.ReLU(), nn.Flatten(),
                          nn.Linear(64 * 8 * 8, 256), nn.ReLU(), nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for ep in range(a.epochs):
        perm = torch.randperm(len(x), generator=gen)
        model.train()
        for i in range(0, len(x), 128):
            b = perm[i:i + 128]
            xb, yb = augment(x[b], gen), y[b]
            if a.fgsm_rs is not None:
                eps = a.fgsm_rs
                delta = ((torch.rand(xb.shape, generator=gen) * 2 - 1) * eps).requires_grad_(True)
                g, = torch.autograd.grad(F.cross_entropy(model((xb + delta).clamp(0, 1)), yb), [delta])
                delta = (delta + 1.25 * eps * g.sign()).clamp(-eps, eps).detach()
                xb = (xb + delta).clamp(0, 1)
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            acc = (model(xt).argmax(1) == yt).float().mean().item()
        print(f"epoch {ep + 1}: loss {loss.item():.3f}, clean accuracy on the first 1000 test points {acc:.3f}", flush=True)
    torch.jit.script(model.eval()).save(a.out)
    print(f"saved TorchScript {a.out} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
