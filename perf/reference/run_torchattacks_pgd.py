#!/usr/bin/env python3
"""Reference PGD throughput with torchattacks (Harry24k/adversarial-attacks-pytorch).

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 run_torchattacks_pgd.py \
      --model /work/shared/models/cnn_bn_std.pt --n 1000 [--out pgd.json]
Defaults: PGD-40, Linf eps 0.3, alpha 0.01, random start, batch 500, 2 threads.
Prints JSON {images_per_s, seconds, robust_accuracy, threads, ...}.
"""
import argparse
import json
import os
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


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--eps", type=float, default=0.3)
    ap.add_argument("--alpha", type=float, default=0.01)
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--no-random-start", action="store_true")
    ap.add_argument("--bs", type=int, default=500)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--warmup", type=int, default=1, help="untimed warm-up batches")
    ap.add_argument("--ta-path", default="/work/refs/torchattacks",
                    help="checkout of Harry24k/adversarial-attacks-pytorch")
    ap.add_argument("--mnist-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "mnist"))
    ap.add_argument("--out", default=None, help="also write the JSON here")
    args = ap.parse_args()

    if os.environ.get("OMP_WAIT_POLICY", "").upper() != "PASSIVE":
        print("WARNING: OMP_WAIT_POLICY=PASSIVE is not set; timings may be distorted", file=sys.stderr)

    import torch
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    sys.path.insert(0, os.path.abspath(args.ta_path))
    import torchattacks

    x = read_idx(os.path.join(args.mnist_dir, "t10k-images-idx3-ubyte"))[:args.n]
    y = read_idx(os.path.join(args.mnist_dir, "t10k-labels-idx1-ubyte"))[:args.n]
    x = torch.from_numpy(x.astype(np.float32) / 255.0).unsqueeze(1)
    y = torch.from_numpy(y.astype(np.int64))
    model = torch.jit.load(args.model, map_location="cpu").eval()

    atk = torchattacks.PGD(model, eps=args.eps, alpha=args.alpha, steps=args.steps,
                           random_start=not args.no_random_start)

    for _ in range(args.warmup):
        atk(x[:args.bs], y[:args.bs])

    robust = []
    t0 = time.perf_counter()
    for i in range(0, args.n, args.bs):
        adv = atk(x[i:i + args.bs], y[i:i + args.bs])
        with torch.no_grad():
            robust.append(model(adv).argmax(1).eq(y[i:i + args.bs]))
    seconds = time.perf_counter() - t0
    robust = torch.cat(robust)
    with torch.no_grad():
        clean = model(x).argmax(1).eq(y).float().mean().item()

    result = {
        "images_per_s": args.n / seconds,
        "seconds": seconds,
        "robust_accuracy": robust.float().mean().item(),
        "clean_accuracy": clean,
        "threads": torch.get_num_threads(),
        "n": args.n, "bs": args.bs, "eps": args.eps, "alpha": args.alpha, "steps": args.steps,
        "random_start": not args.no_random_start, "seed": args.seed,
        "model": os.path.abspath(args.model),
        "torchattacks_version": torchattacks.__version__,
        "torch_version": torch.__version__,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "loadavg_at_end": os.getloadavg(),
    }
    s = json.dumps(result, indent=1)
    print(s)
    if args.out:
        with open(args.out, "w") as f:
            f.write(s + "\n")


if __name__ == "__main__":
    main()
