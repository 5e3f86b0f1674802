"""Per-example parameter Jacobians with a plain PyTorch loop, the reference for perf/jacobians.sh.

For each example: one forward pass of that example, then one torch.autograd.grad per logit (retain_graph),
the K gradients flattened into a K x P row block. Same network as robustj's JacobianBench: an MLP
784-HIDDEN-10 (robustj's `mlp` architecture) or robustj's small-cnn with fc=FC, float32, eval mode.
Prints one JSON line: {"impl": "pytorch-loop", "jacobians_per_s": ..., ...}.

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 perf/reference/jacobian_loop.py --arch mlp --hidden 256 --n 200 --threads 2
"""
import argparse, json, time
import torch
from torch import nn


def build(arch, hidden, fc):
    if arch == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, 10))
    return nn.Sequential(nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(64 * 7 * 7, fc), nn.ReLU(), nn.Linear(fc, 10))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", default="mlp", choices=["mlp", "small-cnn"])
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--fc", type=int, default=64)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = build(a.arch, a.hidden, a.fc).eval()
    params = [p for p in net.parameters()]
    x = torch.rand(a.n, 1, 28, 28)
    def jac(i):
        out = net(x[i:i + 1])[0]
        rows = []
        for c in range(out.shape[0]):
            g = torch.autograd.grad(out[c], params, retain_graph=c + 1 < out.shape[0])
            rows.append(torch.cat([t.reshape(-1) for t in g]))
        return torch.stack(rows)
    for i in range(min(10, a.n)):  # warm-up
        jac(i)
    p = sum(t.numel() for t in params)
    t0 = time.perf_counter()
    out = torch.empty(a.n, 10, p)  # the Jacobians are kept, as robustj keeps them (an NTK needs them all)
    for i in range(a.n):
        out[i] = jac(i)
    dt = time.perf_counter() - t0
    total = float(out.sum())
    print(json.dumps({"impl": "pytorch-loop", "torch": torch.__version__, "arch": a.arch, "hidden": a.hidden,
                      "fc": a.fc, "params": p, "n": a.n, "threads": a.threads, "seconds": dt,
                      "jacobians_per_s": a.n / dt, "checksum": total}))


if __name__ == "__main__":
    main()
