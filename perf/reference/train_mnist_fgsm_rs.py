#!/usr/bin/env python3
"""Trains a small MNIST CNN with FGSM + random start (Wong et al. 2020, "fast is better than free") at a
large eps, the recipe that tends to overfit catastrophically and mask gradients, and saves it as TorchScript.
Used to check robustj's AutoAttack against the reference on a gradient-masked model made by PyTorch
(perf/compare.sh autoattack-flags). Run with Debian's python and OMP_WAIT_POLICY=PASSIVE:

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 train_mnist_fgsm_rs.py --out /tmp/fgsm-rs.pt --epochs 3

Architecture: conv3x3 16 - relu - conv3x3 32 (stride 2) - relu - fc 100 - relu - fc 10; inputs N x 1 x 28 x 28
in [0,1]. FGSM-RS: delta ~ U(-eps, eps), one signed-gradient step of alpha = 1.25 eps, clip to the ball and
box, SGD on the loss at the perturbed point (Adam 1e-3, batch 128).
"""
import argparse
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    with open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


class Cnn(nn.Module):
    def __init__(self, width=16):
        super().__init__()
        self.c1 = nn.Conv2d(1, width, 3, padding=1)
        self.c2 = nn.Conv2d(width, 2 * width, 3, stride=2, padding=1)
        self.f1 = nn.Linear(2 * width * 14 * 14, 100)
        self.f2 = nn.Linear(100, 10)

    def forward(self, x):
        x = F.relu(self.c1(x))
        x = F.relu(self.c2(x))
        x = F.relu(self.f1(x.flatten(1)))
        return self.f2(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mnist-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "mnist"))
    p.add_argument("--out", required=True)
    p.add_argument("--eps", type=float, default=0.3)
    p.add_argument("--alpha", type=float, default=None, help="FGSM step (default 1.25 eps)")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--n-train", type=int, default=60000)
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x = torch.from_numpy(idx(os.path.join(a.mnist_dir, "train-images-idx3-ubyte"))[:a.n_train].astype(np.float32) / 255.0).unsqueeze(1)
    y = torch.from_numpy(idx(os.path.join(a.mnist_dir, "train-labels-idx1-ubyte"))[:a.n_train].astype(np.int64))
    xt = torch.from_numpy(idx(os.path.join(a.mnist_dir, "t10k-images-idx3-ubyte"))[:1000].astype(np.float32) / 255.0).unsqueeze(1)
    yt = torch.from_numpy(idx(os.path.join(a.mnist_dir, "t10k-labels-idx1-ubyte"))[:1000].astype(np.int64))
    eps = a.eps
    alpha = a.alpha if a.alpha is not None else 1.25 * eps
    model = Cnn(a.width)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for ep in range(a.epochs):
        perm = torch.randperm(len(x))
        model.train()
        for i in range(0, len(x), 128):
            b = perm[i:i + 128]
            xb, yb = x[b], y[b]
            delta = (torch.rand_like(xb) * 2 - 1) * eps
            delta.requires_grad_(True)
            loss = F.cross_entropy(model((xb + delta).clamp(0, 1)), yb)
            g, = torch.autograd.grad(loss, [delta])
            delta = (delta + alpha * g.sign()).clamp(-eps, eps).detach()
            xa = (xb + delta).clamp(0, 1)
            loss = F.cross_entropy(model(xa), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            clean = (model(xt).argmax(1) == yt).float().mean().item()
        xf = xt.clone().requires_grad_(True)
        g, = torch.autograd.grad(F.cross_entropy(model(xf), yt), [xf])
        with torch.no_grad():
            fgsm = (model((xt + eps * g.sign()).clamp(0, 1)).argmax(1) == yt).float().mean().item()
        print("epoch %d: loss %.4f clean %.4f fgsm %.4f (first 1000 test points)" % (ep + 1, loss.item(), clean, fgsm), flush=True)
    model.eval()
    traced = torch.jit.trace(model, xt[:2])
    traced.save(a.out)
    print("saved", a.out)


if __name__ == "__main__":
    main()
