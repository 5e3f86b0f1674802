#!/usr/bin/env python3
"""Wraps a TorchScript classifier as the gradient-masked variants used in fidelity checks (issue 16).

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 wrap_model.py MODEL.pt OUT.pt --quantise 16
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 wrap_model.py MODEL.pt OUT.pt --logit-scale 100

--quantise L rounds the input to L levels in [0, 1] (round(x·(L−1))/(L−1)) before the model: torch.round has a
zero gradient, so every gradient attack sees none and only the black-box parts of the ensemble can work.
--logit-scale S multiplies the logits by S: the softmax saturates and cross-entropy gradients vanish on
confidently classified points, while DLR-type losses are scale-invariant. Neither changes a prediction on
clean MNIST beyond the quantisation itself.
"""
import argparse
import sys

import torch


class Quantised(torch.nn.Module):
    def __init__(self, inner, levels):
        super().__init__()
        self.inner = inner
        self.steps = float(levels - 1)

    def forward(self, x):
        return self.inner(torch.round(x * self.steps) / self.steps)


class Scaled(torch.nn.Module):
    def __init__(self, inner, scale):
        super().__init__()
        self.inner = inner
        self.scale = float(scale)

    def forward(self, x):
        return self.inner(x) * self.scale


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("out")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--quantise", type=int, metavar="LEVELS")
    g.add_argument("--logit-scale", type=float, metavar="S")
    a = ap.parse_args()
    if a.quantise is not None and a.quantise < 2:
        sys.exit("error: --quantise needs at least 2 levels")
    if a.logit_scale is not None and not a.logit_scale > 0:
        sys.exit("error: --logit-scale must be positive")
    inner = torch.jit.load(a.model).eval()
    m = Quantised(inner, a.quantise) if a.quantise is not None else Scaled(inner, a.logit_scale)
    m.eval()
    s = torch.jit.script(m)
    s.save(a.out)
    print(f"saved {a.out}")


if __name__ == "__main__":
    main()
