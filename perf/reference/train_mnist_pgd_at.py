"""PyTorch reference for `perf/compare.sh train-pgd-at`: one epoch of PGD adversarial training (Madry) of the
bundled zoo:mnist-cnn-pgd-at architecture (conv 4x4 stride 2 32 - conv 4x4 stride 2 64 - fc 1024 - fc 10, ReLU),
PGD-10 with step eps/4 from a uniform random start, eps 0.3, Adam 1e-3, batch 128, on the first N MNIST training
images; prints training images/s as JSON. Run with OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 (Debian's torch).
"""
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from train_mnist_cnn import setup


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 4, stride=2, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 4, stride=2, padding=1)
        self.fc = nn.Linear(7 * 7 * 64, 1024)
        self.logits = nn.Linear(1024, 10)

    def forward(self, x):
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        return self.logits(F.relu(self.fc(x.flatten(1))))


def pgd(model, x, y, eps, steps, alpha):
    delta = torch.empty_like(x).uniform_(-eps, eps)
    delta = (x + delta).clamp(0, 1) - x
    for _ in range(steps):
        delta.requires_grad_(True)
        loss = F.cross_entropy(model(x + delta), y)
        g, = torch.autograd.grad(loss, [delta])
        delta = (delta.detach() + alpha * g.sign()).clamp(-eps, eps)
        delta = (x + delta).clamp(0, 1) - x
    return (x + delta).detach()


def main():
    a, xtr, ytr = setup()
    xtr = xtr.unsqueeze(1)
    model = Cnn()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    order = torch.randperm(a.n)
    t0 = time.time()
    for s in range(0, a.n, 128):
        b = order[s:s + 128]
        x, y = xtr[b], ytr[b]
        for q in model.parameters():
            q.requires_grad_(False)
        xa = pgd(model, x, y, 0.3, 10, 0.075)
        for q in model.parameters():
            q.requires_grad_(True)
        loss = F.cross_entropy(model(xa), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    secs = time.time() - t0
    print(json.dumps({"images_per_s": a.n / secs, "seconds": secs, "n": a.n, "threads": a.threads,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
