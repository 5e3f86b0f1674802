"""PyTorch reference for perf/train-throughput.sh: the same small CNN (conv5x5 32 - pool - conv5x5 64 - pool -
fc 256 - fc 10), Adam 1e-3, batch 128, one epoch on the first N MNIST training images, then clean inference on
the 10,000 test images; prints images/s. Run with OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 (Debian's torch).

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 perf/reference/train_mnist_cnn.py --mnist-dir data/mnist --n 6000
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
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
    raise SystemExit("missing %s in %s" % (name, d))


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5, padding=2)
        self.conv2 = nn.Conv2d(32, 64, 5, padding=2)
        self.fc = nn.Linear(7 * 7 * 64, 256)
        self.logits = nn.Linear(256, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.logits(F.relu(self.fc(x.flatten(1))))


def setup():
    """Parses --mnist-dir, --n, --threads; sets threads and seed; returns (args, first n training images
    N x 28 x 28 in [0, 1], their labels)."""
    p = argparse.ArgumentParser()
    p.add_argument("--mnist-dir", default="data/mnist")
    p.add_argument("--n", type=int, default=6000)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    xtr = torch.tensor(idx(find(a.mnist_dir, "train-images-idx3-ubyte"))[: a.n], dtype=torch.float32) / 255
    ytr = torch.tensor(idx(find(a.mnist_dir, "train-labels-idx1-ubyte"))[: a.n], dtype=torch.int64)
    return a, xtr, ytr


def main():
    a, xtr, ytr = setup()
    xte = torch.tensor(idx(find(a.mnist_dir, "t10k-images-idx3-ubyte")), dtype=torch.float32) / 255
    xtr, xte = xtr.unsqueeze(1), xte.unsqueeze(1)
    model = Cnn()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    order = torch.randperm(a.n)
    t0 = time.time()
    model.train()
    for s in range(0, a.n, 128):
        b = order[s:s + 128]
        loss = F.cross_entropy(model(xtr[b]), ytr[b])
        opt.zero_grad()
        loss.backward()
        opt.step()
    train = a.n / (time.time() - t0)
    model.eval()
    t0 = time.time()
    with torch.no_grad():
        for s in range(0, len(xte), 500):
            model(xte[s:s + 500])
    infer = len(xte) / (time.time() - t0)
    print("pytorch %s threads %d n_train %d: train %.0f images/s, inference %.0f images/s"
          % (torch.__version__, a.threads, a.n, train, infer))


if __name__ == "__main__":
    main()
