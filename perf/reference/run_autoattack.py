#!/usr/bin/env python3
"""Reference AutoAttack run (fra31/auto-attack) on a TorchScript MNIST or CIFAR-10 model.

Run with Debian's python (has torch) and OMP_WAIT_POLICY=PASSIVE, e.g.
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 run_autoattack.py \
      --model /work/shared/models/cnn_bn_std.pt --n 1000 --eps 0.3 --norm Linf \
      --version standard --seed 0 --bs 500 --out result.json
Writes JSON: clean_accuracy, robust_accuracy, per_attack [{name,
robust_accuracy_after, seconds}], robust_flags, seconds_total, threads,
torch_version (plus some extra provenance fields).
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time

import numpy as np


def read_idx(path):
    with open(path, "rb") as f:
        b = f.read()
    if b[0] != 0 or b[1] != 0 or b[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    nd = b[3]
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(b, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def load_mnist_test(mnist_dir, n):
    import torch
    x = read_idx(os.path.join(mnist_dir, "t10k-images-idx3-ubyte"))[:n]
    y = read_idx(os.path.join(mnist_dir, "t10k-labels-idx1-ubyte"))[:n]
    x = torch.from_numpy(x.astype(np.float32) / 255.0).unsqueeze(1)  # N x 1 x 28 x 28
    y = torch.from_numpy(y.astype(np.int64))
    return x, y


def load_cifar10_test(cifar_dir, n):
    import gzip
    import torch
    path = os.path.join(cifar_dir, "test_batch.bin")
    raw = open(path, "rb").read() if os.path.exists(path) else gzip.open(path + ".gz").read()
    a = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3073)[:n]
    x = torch.from_numpy(a[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255.0)  # N x 3 x 32 x 32
    y = torch.from_numpy(a[:, 0].astype(np.int64))
    return x, y


def git_head(path):
    try:
        return subprocess.run(["git", "-C", path, "rev-parse", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except Exception:
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="TorchScript .pt (logits, input N x C x H x W in [0,1])")
    ap.add_argument("--dataset", choices=["mnist", "cifar10"], default="mnist")
    ap.add_argument("--n", type=int, default=1000, help="first N test points")
    ap.add_argument("--eps", type=float, required=True)
    ap.add_argument("--norm", choices=["Linf", "L2", "L1"], default="Linf")
    ap.add_argument("--version", default="standard", choices=["standard", "plus", "rand"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--bs", type=int, default=500)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", required=True)
    ap.add_argument("--aa-path", default="/work/refs/auto-attack", help="checkout of fra31/auto-attack")
    ap.add_argument("--mnist-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "mnist"), help="dir with t10k-*-ubyte IDX files")
    ap.add_argument("--cifar-dir", default="/work/shared/data/cifar10", help="dir with test_batch.bin[.gz]")
    ap.add_argument("--log", default=None, help="AutoAttack log file (default: <out>.log)")
    args = ap.parse_args()

    if os.environ.get("OMP_WAIT_POLICY", "").upper() != "PASSIVE":
        print("WARNING: OMP_WAIT_POLICY=PASSIVE is not set; timings may be distorted", file=sys.stderr)

    import torch
    torch.set_num_threads(args.threads)
    sys.path.insert(0, os.path.abspath(args.aa_path))
    from autoattack import AutoAttack

    if args.dataset == "cifar10":
        x, y = load_cifar10_test(args.cifar_dir, args.n)
    else:
        x, y = load_mnist_test(args.mnist_dir, args.n)
    model = torch.jit.load(args.model, map_location="cpu").eval()

    log_path = args.log or (args.out + ".log")
    if os.path.exists(log_path):
        os.remove(log_path)

    adversary = AutoAttack(model, norm=args.norm, eps=args.eps, version=args.version,
                           seed=args.seed, device="cpu", log_path=log_path)

    # Time-stamp every log line AutoAttack emits (the same Logger object is shared
    # with APGD), so per-attack durations are measured rather than read from the
    # log's 0.1 s-rounded cumulative times.
    events = []
    orig_log = adversary.logger.log

    def stamped_log(msg):
        events.append((time.perf_counter(), time.process_time(), msg))
        orig_log(msg)

    adversary.logger.log = stamped_log

    t0, c0 = time.perf_counter(), time.process_time()
    x_adv, y_adv = adversary.run_standard_evaluation(x, y, bs=args.bs, return_labels=True)
    seconds_total = time.perf_counter() - t0
    cpu_seconds_total = time.process_time() - c0  # all threads' CPU time: what a shared machine must give

    # y_adv holds the clean prediction for robust points and the adversarial
    # prediction for broken points, so robust <=> y_adv == y.
    robust_flags = y_adv.eq(y)
    with torch.no_grad():
        pred_adv = torch.cat([model(x_adv[i:i + args.bs]).argmax(1) for i in range(0, len(x), args.bs)])
        pred_clean = torch.cat([model(x[i:i + args.bs]).argmax(1) for i in range(0, len(x), args.bs)])
    recheck = pred_adv.eq(y)
    clean_accuracy = pred_clean.eq(y).float().mean().item()
    if args.norm == "Linf":
        pert = (x_adv - x).abs().flatten(1).max(1)[0]
    elif args.norm == "L2":
        pert = (x_adv - x).flatten(1).norm(dim=1)
    else:
        pert = (x_adv - x).abs().flatten(1).sum(1)

    # Per-attack robust accuracy from the log lines
    # 'robust accuracy after APGD-CE: 12.30% (total time 4.5 s)'.
    pat = re.compile(r"robust accuracy after (\S+): ([0-9.]+)% \(total time ([0-9.]+) s\)")
    start_attacks = None
    start_cpu = None
    for ts, cs, msg in events:
        if msg.startswith("initial accuracy"):
            start_attacks, start_cpu = ts, cs
    per_attack, prev, prev_cpu = [], start_attacks, start_cpu
    for ts, cs, msg in events:
        m = pat.search(msg)
        if m:
            per_attack.append({
                "name": m.group(1).lower(),
                "robust_accuracy_after": float(m.group(2)) / 100.0,
                "seconds": ts - prev,
                "cpu_seconds": cs - prev_cpu,
                "log_cumulative_seconds": float(m.group(3)),
            })
            prev, prev_cpu = ts, cs
    done = {p["name"] for p in per_attack}
    final = robust_flags.float().mean().item()
    for name in adversary.attacks_to_run:
        if name not in done:  # AutoAttack stops once nothing is robust any more
            per_attack.append({"name": name, "robust_accuracy_after": final, "seconds": 0.0,
                               "skipped": True})

    result = {
        "tool": "fra31/auto-attack",
        "aa_commit": git_head(args.aa_path),
        "model": os.path.abspath(args.model),
        "dataset": args.dataset,
        "n": args.n,
        "norm": args.norm,
        "eps": args.eps,
        "version": args.version,
        "seed": args.seed,
        "bs": args.bs,
        "clean_accuracy": clean_accuracy,
        "robust_accuracy": final,
        "per_attack": per_attack,
        "robust_flags": [bool(v) for v in robust_flags.tolist()],
        "robust_flags_recheck_agree": bool((recheck == robust_flags).all().item()),
        "max_perturbation": pert.max().item(),
        "seconds_total": seconds_total,
        "cpu_seconds_total": cpu_seconds_total,
        "threads": torch.get_num_threads(),
        "torch_version": torch.__version__,
        "python": platform.python_version(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "loadavg_at_end": os.getloadavg(),
        "log_file": os.path.abspath(log_path),
    }
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps({k: v for k, v in result.items() if k != "robust_flags"}, indent=1))


if __name__ == "__main__":
    main()
