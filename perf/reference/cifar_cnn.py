#!/usr/bin/env python3
"""Saves a CIFAR-10 CNN as TorchScript for pass timings (`perf/passes.sh`): the architecture of the bundled
zoo:cifar10-cnn-pgd-at (small-cnn: conv 3->32 and 32->64, 4x4 stride 2 padding 1, ReLU, fc 4096->256->10) with
seeded random weights; timings do not depend on the weights.

  /usr/bin/python3 cifar_cnn.py OUT.pt
"""
import sys

import torch
import torch.nn as nn


def main():
    if len(sys.argv) != 2:
        print("error: usage: cifar_cnn.py OUT.pt", file=sys.stderr)
        sys.exit(2)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(3, 32, 4, stride=2, padding=1), nn.ReLU(),
                          nn.Conv2d(32, 64, 4, stride=2, padding=1), nn.ReLU(), nn.Flatten(),
                          nn.Linear(64 * 8 * 8, 256), nn.ReLU(), nn.Linear(256, 10)).eval()
    torch.jit.script(model).save(sys.argv[1])
    print(f"saved TorchScript {sys.argv[1]} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
