#!/usr/bin/env python3
"""Runs the reference universal perturbation of LTS4/universal (python/universal_pert.py and deepfool.py,
imported from a checkout of that repository, not copied here) on a TorchScript model, and judges the result
on held-out MNIST test points as `robustj attack-universal` does (fooling rate = predictions changed).

    git -C /work/.mirror/LTS4+universal/repo archive HEAD python | tar -x -C /tmp/lts4   # any checkout
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 perf/reference/uap_reference.py /tmp/lts4/python model.pt \
        --mnist data/mnist --eps 0.2 --n 1000 --n-train 1000 --max-passes 10 --seed 0

The fitting points are n-train random MNIST training points (numpy seed), the held-out points the first n test
points. The model sees clip(x, 0, 1) (a wrapper inside f and grads), because robustj clips x + v to the box while
the reference, written for ImageNet inputs on the 0-255 scale, never clips. The reference's numpy 1.x aliases
(np.int, np.float) are restored for numpy >= 1.24. Prints one JSON line.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lts4_python", help="the python/ folder of an LTS4/universal checkout")
    ap.add_argument("model", help="TorchScript model, inputs N x 1 x 28 x 28 in [0, 1]")
    ap.add_argument("--mnist", default="data/mnist", help="folder with the MNIST IDX files (train and t10k)")
    ap.add_argument("--eps", type=float, default=0.2)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--n-train", type=int, default=1000)
    ap.add_argument("--max-passes", type=int, default=10)
    ap.add_argument("--delta", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    np.int = int  # the reference uses the numpy 1.x aliases removed in numpy 1.24
    np.float = float
    sys.path.insert(0, a.lts4_python)
    from universal_pert import universal_perturbation  # noqa: E402  (the reference's own code)

    model = torch.jit.load(a.model).eval()

    def logits(x):
        t = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)).clamp(0, 1)
        with torch.no_grad():
            return model(t).numpy()

    def grads(image, classes):
        k = len(classes)
        x = torch.from_numpy(np.repeat(np.ascontiguousarray(image, dtype=np.float32), k, axis=0)).requires_grad_(True)
        z = model(x.clamp(0, 1))
        # np.array copies: the reference passes reversed views, which torch.as_tensor refuses
        z[torch.arange(k), torch.as_tensor(np.array(classes, dtype=np.int64))].sum().backward()
        return x.grad.numpy()[:, None]  # k x 1 x C x H x W, as deepfool.py indexes it

    def fooling(x, v):
        clean = np.argmax(logits(x), axis=1)
        pert = np.argmax(logits(np.clip(x + v, 0, 1)), axis=1)
        return float(np.mean(clean != pert)), clean, pert

    np.random.seed(a.seed)
    train = read_idx(os.path.join(a.mnist, "train-images-idx3-ubyte")).astype(np.float32) / 255.0
    pick = np.random.permutation(train.shape[0])[:a.n_train]
    fit = train[pick].reshape(-1, 1, 28, 28).copy()
    test = read_idx(os.path.join(a.mnist, "t10k-images-idx3-ubyte"))[:a.n].astype(np.float32).reshape(-1, 1, 28, 28) / 255.0
    labels = read_idx(os.path.join(a.mnist, "t10k-labels-idx1-ubyte"))[:a.n]

    t0 = time.time()
    import io
    import contextlib
    with contextlib.redirect_stdout(io.StringIO()):  # the reference prints a line per point
        v = universal_perturbation(fit, logits, grads, delta=a.delta, max_iter_uni=a.max_passes, xi=a.eps,
                                   p=np.inf, num_classes=10, overshoot=0.02, max_iter_df=10)
    seconds = time.time() - t0
    v = np.asarray(v, dtype=np.float32).reshape(1, 1, 28, 28)
    rate, clean, pert = fooling(test, v)
    fit_rate, _, _ = fooling(fit, v)
    print(json.dumps({"model": a.model, "eps": a.eps, "n": a.n, "n_train": a.n_train, "max_passes": a.max_passes,
                      "fooling_rate": rate, "fit_fooling_rate": fit_rate,
                      "clean_accuracy": float(np.mean(clean == labels)),
                      "accuracy_under_v": float(np.mean(pert == labels)),
                      "linf": float(np.max(np.abs(v))), "seconds": seconds, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
