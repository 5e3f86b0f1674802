#!/usr/bin/env python3
"""Forward and forward+input-gradient pass times of a TorchScript classifier (counterpart of `Bench passes`).

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 passes.py MODEL.pt N [--threads T] [--shape C,H,W] [--reps R]

The batch is N seeded uniform [0, 1) images of shape C,H,W (default 1,28,28) with labels i mod 10, the same values
`Bench passes` makes. Prints one JSON line: the median and minimum ms over R timed passes of each kind, the process
CPU ms per pass (all threads; what a shared machine must hand over), and, for a
torch.nn.Sequential model, the multiply-add FLOPs (2 per multiply-add) of its convolutions and linear layers per
forward pass of the batch; forward+input-gradient counts twice that (the input gradient of every such layer costs
as much as its forward; no weight gradients are taken), and gemm_gflops, the median rate of a 1024x1024 float32 matrix
product at T threads, this machine's practical limit.
"""
import argparse
import json
import statistics
import sys
import time

import torch


def fail(msg):
    print("error: " + msg, file=sys.stderr)
    sys.exit(2)


def inputs(n, shape):
    """N images like `Bench passes`: uniform [0, 1) from a fixed linear congruential sequence, labels i mod 10."""
    count = n * shape[0] * shape[1] * shape[2]
    idx = torch.arange(count, dtype=torch.float64)
    x = torch.frac(idx * 0.6180339887498949 + 0.5).to(torch.float32).reshape(n, *shape)
    y = torch.arange(n, dtype=torch.int64) % 10
    return x, y


def forward_flops(model, x):
    """Multiply-add FLOPs of one forward pass of x, or None when the model is not a plain Sequential."""
    if getattr(model, "original_name", None) != "Sequential":
        return None
    total = 0
    h = x
    with torch.no_grad():
        for layer in model.children():
            out = layer(h)
            kind = getattr(layer, "original_name", type(layer).__name__)
            if kind == "Conv2d":
                w = layer.weight  # Cout x Cin/groups x kh x kw
                total += 2 * out.numel() * w.shape[1] * w.shape[2] * w.shape[3]
            elif kind == "Linear":
                total += 2 * out.numel() * layer.weight.shape[1]
            h = out
    return total


def gemm_gflops(size=1024, reps=10):
    """This machine's float32 matrix-product rate at the set thread count (median of reps): the practical limit."""
    a = torch.rand(size, size)
    b = torch.rand(size, size)
    torch.mm(a, b)
    ms = []
    for _ in range(reps):
        t0 = time.perf_counter()
        torch.mm(a, b)
        ms.append(time.perf_counter() - t0)
    return 2 * size ** 3 / statistics.median(ms) / 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("n", type=int)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--shape", default="1,28,28")
    ap.add_argument("--reps", type=int, default=30)
    a = ap.parse_args()
    try:
        shape = [int(s) for s in a.shape.split(",")]
    except ValueError:
        fail(f"--shape must be C,H,W, not {a.shape!r}")
    if len(shape) != 3 or min(shape) < 1:
        fail(f"--shape must be three positive numbers C,H,W, not {a.shape!r}")
    if a.n < 1 or a.threads < 1 or a.reps < 1:
        fail("N, --threads and --reps must be positive")
    torch.set_num_threads(a.threads)
    try:
        model = torch.jit.load(a.model, map_location="cpu").eval()
    except Exception as e:  # noqa: BLE001 - any load failure is the user's input
        fail(f"cannot load TorchScript model {a.model}: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
    for p in model.parameters():
        p.requires_grad_(False)
    x, y = inputs(a.n, shape)
    ce = torch.nn.CrossEntropyLoss(reduction="none")

    def forward():
        with torch.no_grad():
            model(x)

    def both():
        xx = x.clone().requires_grad_(True)
        loss = ce(model(xx), y).sum()
        return torch.autograd.grad(loss, [xx])[0]

    try:
        flops = forward_flops(model, x)
        for _ in range(5):
            forward()
            both()
    except RuntimeError as e:
        fail(f"the model does not take a batch of shape {[a.n] + shape}: {str(e).splitlines()[0]}")
    times, cpu = {}, {}
    for name, f in (("forward", forward), ("forward_backward", both)):
        ms = []
        c0 = time.process_time()
        for _ in range(a.reps):
            t0 = time.perf_counter()
            f()
            ms.append((time.perf_counter() - t0) * 1e3)
        times[name] = ms
        cpu[name] = (time.process_time() - c0) * 1e3 / a.reps
    out = {"side": "torch", "version": torch.__version__, "batch": a.n, "shape": shape, "threads": a.threads,
           "reps": a.reps, "onednn": torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled}
    for name, ms in times.items():
        out[name + "_ms"] = statistics.median(ms)
        out[name + "_min_ms"] = min(ms)
        out[name + "_cpu_ms"] = cpu[name]
    out["forward_flops"] = flops
    out["gemm_gflops"] = gemm_gflops()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
