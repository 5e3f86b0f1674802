#!/usr/bin/env python3
"""Forward and forward+input-gradient pass times of a TorchScript MNIST model (counterpart of `Bench passes`).

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 passes.py MODEL.pt N [--threads T]
"""
import argparse
import json
import os
import time

import numpy as np
import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("n", type=int)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--mnist-dir", default="/tmp/mn/package/data")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    with open(os.path.join(a.mnist_dir, "t10k-images-idx3-ubyte"), "rb") as f:
        x = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 1, 28, 28)[:a.n]
    with open(os.path.join(a.mnist_dir, "t10k-labels-idx1-ubyte"), "rb") as f:
        y = torch.from_numpy(np.frombuffer(f.read(), dtype=np.uint8, offset=8)[:a.n].astype(np.int64))
    x = torch.from_numpy(x.astype(np.float32) / 255.0)
    model = torch.jit.load(a.model, map_location="cpu").eval()
    for p in model.parameters():
        p.requires_grad_(os.environ.get("WGRAD") == "1")
    ce = torch.nn.CrossEntropyLoss(reduction="none")

    def both():
        xx = x.clone().requires_grad_(True)
        loss = ce(model(xx), y).sum()
        return torch.autograd.grad(loss, [xx])[0]

    with torch.no_grad():
        for _ in range(5):
            model(x)
    for _ in range(5):
        both()
    reps = 30
    t0 = time.perf_counter()
    with torch.no_grad():
        for _ in range(reps):
            model(x)
    fwd = (time.perf_counter() - t0) * 1e3 / reps
    t0 = time.perf_counter()
    for _ in range(reps):
        both()
    fb = (time.perf_counter() - t0) * 1e3 / reps
    print(json.dumps({"batch": a.n, "threads": a.threads, "forward_ms": fwd, "forward_backward_ms": fb,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
