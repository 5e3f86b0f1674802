#!/usr/bin/env python3
"""Reference Sparse-RS run (fra31/sparse-rs, rs_attacks.RSAttack) on a TorchScript MNIST model.

Run with Debian's python (has torch 1.13) and OMP_WAIT_POLICY=PASSIVE, e.g.
  git clone /work/.mirror/fra31+sparse-rs/repo /work/refs/sparse-rs      # or github.com/fra31/sparse-rs (21d8759)
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 run_sparse_rs.py --model /work/shared/models/cnn_bn_std.pt \
      --n 200 --norm L0 --k 4 --queries 1000 --seed 0 --out ref.json
Untargeted, margin loss, the reference's RSAttack with resc_schedule=True (its default and eval.py's), one
restart, all N points in one batch (as eval.py does), on the CPU with --threads threads.

One change to the reference, applied by subclassing and needed on grey-scale images only: the single-channel
updates of patches and frames draw the channel with random_int(0, 3), i.e. among three channels whatever the
image has; on a 1-channel MNIST image two draws in three index a channel that does not exist (IndexError).
Here the draw is among the image's channels (the same as the reference on RGB images).

Writes JSON: clean_accuracy, robust_accuracy, robust_flags, queries per point (0 where not broken), mean and
median queries over the broken points, seconds (wall time of perturb), threads, torch and reference versions.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np


def read_idx(path):
    with open(path, "rb") as f:
        b = f.read()
    nd = b[3]
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(b, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def git_head(path):
    try:
        return subprocess.run(["git", "-C", path, "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except Exception:
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--norm", choices=["L0", "patches", "frames"], default="L0")
    ap.add_argument("--k", type=int, required=True, help="pixels (L0), patch pixels (patches), frame width (frames)")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--alpha-init", type=float, default=None,
                    help="default: the README value (L0 0.3, patches 0.4, frames 0.5)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rs-path", default="/work/refs/sparse-rs")
    ap.add_argument("--mnist-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "mnist"))
    args = ap.parse_args()
    if os.environ.get("OMP_WAIT_POLICY", "").upper() != "PASSIVE":
        print("WARNING: OMP_WAIT_POLICY=PASSIVE is not set; timings may be distorted", file=sys.stderr)

    import torch
    torch.set_num_threads(args.threads)
    sys.path.insert(0, os.path.abspath(args.rs_path))
    from rs_attacks import RSAttack

    class GreyRSAttack(RSAttack):
        """RSAttack whose single-channel draws stay within the image's channels (see the module doc)."""
        channels = 3

        def random_int(self, low=0, high=1, shape=[1]):
            if low == 0 and high == 3:
                high = self.channels
            return super().random_int(low, high, shape)

    x = read_idx(os.path.join(args.mnist_dir, "t10k-images-idx3-ubyte"))[:args.n]
    y = read_idx(os.path.join(args.mnist_dir, "t10k-labels-idx1-ubyte"))[:args.n]
    x = torch.from_numpy(x.astype(np.float32) / 255.0).unsqueeze(1)
    y = torch.from_numpy(y.astype(np.int64))
    model = torch.jit.load(args.model, map_location="cpu").eval()

    def predict(t):
        with torch.no_grad():
            return model(t)

    alpha = args.alpha_init if args.alpha_init is not None else {"L0": 0.3, "patches": 0.4, "frames": 0.5}[args.norm]
    with torch.no_grad():
        clean = predict(x).argmax(1) == y
    attack = GreyRSAttack(predict, norm=args.norm, eps=args.k, n_queries=args.queries, p_init=alpha, n_restarts=1,
                          seed=args.seed, verbose=False, targeted=False, loss="margin", resc_schedule=True,
                          device=torch.device("cpu"))
    attack.channels = x.shape[1]
    t0 = time.time()
    with torch.no_grad():
        qr, adv = attack.perturb(x, y)
    secs = time.time() - t0
    with torch.no_grad():
        robust = (predict(adv).argmax(1) == y) & clean
    changed = ((adv - x).abs() > 0).any(1).view(x.shape[0], -1).sum(1)
    broken = clean & ~robust
    q = qr[broken].numpy()
    out = {
        "norm": args.norm, "k": args.k, "queries_budget": args.queries, "alpha_init": alpha, "seed": args.seed,
        "n": args.n, "clean_accuracy": clean.float().mean().item(), "robust_accuracy": robust.float().mean().item(),
        "robust_flags": robust.tolist(), "queries": qr.int().tolist(),
        "mean_queries": float(q.mean()) if q.size else None, "median_queries": float(np.median(q)) if q.size else None,
        "max_pixels_changed": int(changed.max().item()), "seconds": secs, "threads": args.threads,
        "torch_version": torch.__version__, "sparse_rs_commit": git_head(args.rs_path), "model": args.model,
    }
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    print(f"reference sparse-rs {args.norm} k={args.k} seed {args.seed}: clean {100 * out['clean_accuracy']:.2f}%, "
          f"robust {100 * out['robust_accuracy']:.2f}%, queries mean {out['mean_queries']} median "
          f"{out['median_queries']}, {secs:.1f} s")


if __name__ == "__main__":
    main()
