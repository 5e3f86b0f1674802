#!/usr/bin/env python3
"""Rebuilds a robustj model in PyTorch from ExportNpy's .npy weights and saves it as TorchScript.

  java ... org.robustj.perf.ExportNpy zoo:mnist-cnn /tmp/export-mnist-cnn
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 torchscript_from_npy.py /tmp/export-mnist-cnn /tmp/mnist-cnn.pt

The torch.nn.Sequential mirrors org.robustj.model.Architectures layer by layer (same order, so DJL's
parameter names "NN<Type>_<param>" give the 1-based layer position). Supports small-cnn (optional
batchnorm) and mlp, with optional in-model mean/std normalisation. Before saving, the logits on the
test images ExportNpy wrote (check_inputs.npy: the first test images of the model's dataset, MNIST or
CIFAR-10) must match its check.npy (max abs diff < --tol).
"""
import argparse
import json
import os
import re
import sys

import numpy as np
import torch
import torch.nn as nn


class Normalize(nn.Module):
    def __init__(self, mean, std, channels):
        super().__init__()
        shape = (1, channels, 1, 1) if channels > 1 else (1, 1, 1, 1)
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).reshape(shape))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).reshape(shape))

    def forward(self, x):
        return (x - self.mean) / self.std


def as_list(v, default):
    v = default if v is None else v
    return [float(x) for x in (v if isinstance(v, list) else [v])]


def build(manifest):
    """The layers in robustj's order (Architectures.build)."""
    arch = manifest["architecture"]
    o = manifest.get("architecture_options") or {}
    c, h, w = manifest["input_shape"]
    classes = manifest["num_classes"]
    layers = []
    if "mean" in o or "std" in o:
        mean, std = as_list(o.get("mean"), 0.0), as_list(o.get("std"), 1.0)
        ch = c if max(len(mean), len(std)) > 1 else 1
        mean = mean * ch if len(mean) == 1 else mean
        std = std * ch if len(std) == 1 else std
        layers.append(Normalize(mean, std, ch))
    if arch == "small-cnn":
        bn = o.get("batchnorm") is True
        c1, c2, fc = int(o.get("conv1", 32)), int(o.get("conv2", 64)), int(o.get("fc", 1024))
        k, st = int(o.get("kernel", 5)), int(o.get("stride", 1))
        pad, pool = int(o.get("padding", k // 2)), o.get("pool", True) is not False
        layers.append(nn.Conv2d(c, c1, k, stride=st, padding=pad))
        if bn:
            layers.append(nn.BatchNorm2d(c1))
        layers += [nn.ReLU()] + ([nn.MaxPool2d(2)] if pool else []) + [nn.Conv2d(c1, c2, k, stride=st, padding=pad)]
        if bn:
            layers.append(nn.BatchNorm2d(c2))
        layers += [nn.ReLU()] + ([nn.MaxPool2d(2)] if pool else []) + [nn.Flatten()]
        with torch.no_grad():
            flat = nn.Sequential(*layers)(torch.zeros(1, c, h, w)).shape[1]
        layers += [nn.Linear(flat, fc), nn.ReLU(), nn.Linear(fc, classes)]
    elif arch == "mlp":
        layers.append(nn.Flatten())
        prev = c * h * w
        for units in o.get("hidden", [200, 200]):
            layers += [nn.Linear(prev, int(units)), nn.ReLU()]
            prev = int(units)
        layers.append(nn.Linear(prev, classes))
    else:
        raise SystemExit(f"architecture {arch!r} is not supported (small-cnn, mlp)")
    return nn.Sequential(*layers)


# DJL parameter name -> torch attribute, per layer type
DJL_TO_TORCH = {"weight": "weight", "bias": "bias", "gamma": "weight", "beta": "bias",
                "runningMean": "running_mean", "runningVar": "running_var"}


def load_weights(model, export_dir, manifest):
    assigned = set()
    for p in manifest["parameters"]:
        m = re.fullmatch(r"(\d+)([A-Za-z0-9]+)_(\w+)", p["name"])
        if not m:
            raise SystemExit(f"unexpected DJL parameter name {p['name']!r}")
        pos, djl_type, pname = int(m.group(1)) - 1, m.group(2), m.group(3)
        layer = model[pos]
        want = {"Conv2d": nn.Conv2d, "Linear": nn.Linear, "BatchNorm": nn.BatchNorm2d}.get(djl_type)
        if want is None or not isinstance(layer, want):
            raise SystemExit(f"{p['name']}: layer {pos} is {type(layer).__name__}, expected DJL {djl_type}")
        attr = DJL_TO_TORCH[pname]
        arr = np.load(os.path.join(export_dir, p["file"]))
        if list(arr.shape) != list(p["shape"]):
            raise SystemExit(f"{p['file']}: shape {arr.shape} != manifest {p['shape']}")
        target = getattr(layer, attr)
        if tuple(target.shape) != arr.shape:
            raise SystemExit(f"{p['name']}: shape {arr.shape} != torch {tuple(target.shape)}")
        with torch.no_grad():
            target.copy_(torch.from_numpy(arr))
        assigned.add(f"{pos}.{attr}")
    expected = {k for k in model.state_dict() if not k.endswith("num_batches_tracked")
                and not k.split(".")[-1] in ("mean", "std")}
    missing = expected - assigned
    if missing:
        raise SystemExit(f"no weights for {sorted(missing)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("export_dir", help="directory written by org.robustj.perf.ExportNpy")
    ap.add_argument("out", help="TorchScript file to write (.pt)")
    ap.add_argument("--tol", type=float, default=1e-4, help="max abs logit difference allowed")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)

    with open(os.path.join(a.export_dir, "manifest.json")) as f:
        manifest = json.load(f)
    model = build(manifest)
    load_weights(model, a.export_dir, manifest)
    model.eval()

    check = np.load(os.path.join(a.export_dir, "check.npy"))
    n = check.shape[0]
    inputs = os.path.join(a.export_dir, "check_inputs.npy")
    if not os.path.exists(inputs):
        sys.exit(f"{inputs} is missing: export again with the current ExportNpy")
    x = torch.from_numpy(np.load(inputs).astype(np.float32)).reshape(n, *manifest["input_shape"])
    with torch.no_grad():
        logits = model(x).numpy()
    diff = float(np.max(np.abs(logits - check)))
    labels = manifest.get("check", {}).get("labels")
    agree = labels is not None and list(logits.argmax(1)) == list(labels)
    dataset = manifest.get("check", {}).get("dataset", "mnist")
    print(f"max abs logit diff vs robustj on {n} {dataset} test images: {diff:.3g} "
          f"(predictions {'match labels' if agree else 'vs labels: ' + str(list(logits.argmax(1)))})")
    if not diff < a.tol:
        sys.exit(f"logits differ by {diff} >= {a.tol}: not saving")

    with torch.no_grad():
        traced = torch.jit.trace(model, x[:1])
    traced.save(a.out)
    reloaded = torch.jit.load(a.out)
    with torch.no_grad():
        d2 = float(np.max(np.abs(reloaded(x).numpy() - check)))
    print(f"saved TorchScript {a.out} (reloaded max abs diff {d2:.3g}), torch {torch.__version__}")


if __name__ == "__main__":
    main()
