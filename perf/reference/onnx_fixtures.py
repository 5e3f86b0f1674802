"""Tiny PyTorch nets exercising every operator robustj-onnx imports, exported twice: as ONNX (opset 13,
torch.onnx.export) and as TorchScript (torch.jit.trace), plus their logits on fixed inputs.

Writes robustj-onnx/src/test/resources/onnx/NAME.onnx, NAME.pt and NAME.json ({"input_shape", "input",
"logits", "torch"}); OnnxRoundTripTest checks the importer against both twins. Not part of the tests:
run it by hand (Debian's python3-torch 1.13 works offline; no onnx package needed) when a net changes:

    /usr/bin/python3 perf/reference/onnx_fixtures.py
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "robustj-onnx", "src", "test",
                   "resources", "onnx")


def randomize_bn(bn, g):
    with torch.no_grad():
        bn.weight.copy_(torch.rand(bn.num_features, generator=g) + 0.5)
        bn.bias.copy_(torch.randn(bn.num_features, generator=g) * 0.3)
        bn.running_mean.copy_(torch.randn(bn.num_features, generator=g) * 0.2)
        bn.running_var.copy_(torch.rand(bn.num_features, generator=g) + 0.3)


class Gemm(nn.Module):
    """Flatten + Linear (exported as Gemm transB=1) + ReLU."""
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(16, 8)
        self.fc2 = nn.Linear(8, 5)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


class MatMulAdd(nn.Module):
    """x @ W + b written out (exported as MatMul then Add), reshape(-1, D) (Reshape with a constant shape)."""
    def __init__(self, g):
        super().__init__()
        self.w1 = nn.Parameter(torch.randn(16, 6, generator=g) * 0.3)
        self.b1 = nn.Parameter(torch.randn(6, generator=g) * 0.1)
        self.w2 = nn.Parameter(torch.randn(6, 4, generator=g) * 0.3)

    def forward(self, x):
        h = F.relu(x.reshape(-1, 16) @ self.w1 + self.b1)
        return h @ self.w2


class ConvGroups(nn.Module):
    """Conv with groups, dilation, stride, padding; a non-square kernel; view(N, -1) (Shape/Gather/Reshape)."""
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(2, 4, 3, stride=2, padding=2, dilation=2, groups=2)
        self.c2 = nn.Conv2d(4, 3, (3, 2), stride=(1, 2), padding=(1, 0), bias=False)
        self.fc = nn.Linear(3 * 5 * 2, 4)

    def forward(self, x):
        h = F.relu(self.c2(F.relu(self.c1(x))))
        return self.fc(h.view(h.size(0), -1))


class BatchNorms(nn.Module):
    """BatchNorm2d after a ReLU (so the exporter cannot fold it into the conv) and BatchNorm1d."""
    def __init__(self, g):
        super().__init__()
        self.c = nn.Conv2d(1, 3, 3)
        self.bn2 = nn.BatchNorm2d(3)
        self.fc1 = nn.Linear(3 * 4 * 4, 6)
        self.bn1 = nn.BatchNorm1d(6, eps=1e-3)
        self.fc2 = nn.Linear(6, 3)
        randomize_bn(self.bn2, g)
        randomize_bn(self.bn1, g)

    def forward(self, x):
        h = self.bn2(F.relu(self.c(x)))
        h = self.bn1(F.relu(self.fc1(torch.flatten(h, 1))))
        return self.fc2(h)


class Pools(nn.Module):
    """AveragePool (count_include_pad on and off), MaxPool with padding, GlobalAveragePool."""
    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(3, 4, 3, padding=1)
        self.a1 = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=True)
        self.a2 = nn.AvgPool2d(2, stride=1, padding=1, count_include_pad=False)
        self.m = nn.MaxPool2d(3, stride=2, padding=1)
        self.g = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        h = self.m(self.a2(self.a1(F.relu(self.c(x)))))
        return self.fc(torch.flatten(self.g(h), 1))


class Residual(nn.Module):
    """Residual Add of two tensors."""
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(2, 2, 3, padding=1)
        self.c2 = nn.Conv2d(2, 2, 3, padding=1)
        self.fc = nn.Linear(2 * 6 * 6, 3)

    def forward(self, x):
        h = F.relu(self.c1(x))
        h = F.relu(self.c2(h) + x)
        return self.fc(torch.flatten(h, 1))


class Normalise(nn.Module):
    """Per-channel (x - mean) / std with (1, C, 1, 1) constants, then scalar Sub, Mul, Add and a per-channel Mul."""
    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.4914, 0.4822, 0.4465]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.2471, 0.2435, 0.2616]).view(1, 3, 1, 1))
        self.register_buffer("gain", torch.tensor([1.5, -0.5, 2.0]).view(3, 1, 1))
        self.c = nn.Conv2d(3, 2, 3)
        self.fc = nn.Linear(2 * 3 * 3, 3)

    def forward(self, x):
        h = (x - self.mean) / self.std
        h = (h - 0.25) * 1.7 + 0.1
        h = h * self.gain
        return self.fc(torch.flatten(F.relu(self.c(h)), 1))


class Quantiser(nn.Module):
    """Input quantisers: round(x·255)/255, floor(x·7)/7, clamp (Clip with min/max inputs, and min only)."""
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2 * 4 * 4, 6)
        self.fc2 = nn.Linear(6, 3)

    def forward(self, x):
        q = torch.round(x * 255) / 255
        f = torch.floor(x * 7) / 7
        h = torch.clamp(q + f, 0.1, 1.6)
        h = torch.clamp(self.fc1(torch.flatten(h, 1)), min=-0.2)
        return self.fc2(h)


def nets(g):
    return {
        "gemm": (Gemm(), (1, 4, 4)),
        "matmul_add": (MatMulAdd(g), (1, 4, 4)),
        "conv_groups": (ConvGroups(), (2, 9, 9)),
        "batchnorm": (BatchNorms(g), (1, 6, 6)),
        "pools": (Pools(), (3, 8, 8)),
        "residual": (Residual(), (2, 6, 6)),
        "normalise": (Normalise(), (3, 5, 5)),
        "quantiser": (Quantiser(), (2, 4, 4)),
    }


def main():
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1)
    os.makedirs(OUT, exist_ok=True)
    for name, (net, shape) in nets(g).items():
        net.eval()
        x = torch.rand((3,) + shape, generator=g)
        with torch.no_grad():
            logits = net(x)
        torch.onnx.export(net, x, os.path.join(OUT, name + ".onnx"), opset_version=13,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
        traced = torch.jit.trace(net, x)
        traced.save(os.path.join(OUT, name + ".pt"))
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump({"input_shape": list(x.shape), "input": [float(v) for v in x.flatten()],
                       "logits_shape": list(logits.shape), "logits": [float(v) for v in logits.flatten()],
                       "torch": torch.__version__}, f)
            f.write("\n")
        print(name, tuple(logits.shape), file=sys.stderr)


if __name__ == "__main__":
    main()
