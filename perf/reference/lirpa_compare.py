#!/usr/bin/env python3
"""robustj's bounds against auto_LiRPA's and an independent plain-torch IBP, on the same PyTorch model and
points (issue 14). Two steps:

1. auto_LiRPA and plain-torch bounds of the margins z_y − z_j (spec C as in auto_LiRPA's examples) over the L∞
   ball ∩ [0, 1], per method, with seconds per point:

     OMP_WAIT_POLICY=PASSIVE PYTHONPATH=/tmp/hI-lirpa /usr/bin/python3 perf/reference/lirpa_compare.py bounds \
         --state m.onnx.state.pt --data data/mnist --n 100 --eps 0.1 --methods IBP,CROWN,alpha-CROWN --out lirpa.json

   The model is ibp_train_check.py's small CNN (its --out writes m.onnx and m.onnx.state.pt), or any ONNX file
   of that architecture (`--onnx net.onnx`, e.g. `robustj export --model zoo:mnist-cnn-ibp-0.1 --format onnx`:
   the Conv and Gemm/MatMul weights are read in graph order with Debian's python3-onnx). auto_LiRPA is
   the Verified-Intelligence/auto_LiRPA source at its October 2023 release (bc47650, the last that supports
   torch < 2.0, Debian's 1.13), put on PYTHONPATH (`git archive bc47650 auto_LiRPA | tar -x -C /tmp/hI-lirpa`);
   it needs Debian's python3-appdirs, python3-tqdm, python3-yaml and python3-packaging. Threads: 1.

2. The comparison with robustj's run records (`robustj certify --model m.onnx --method M --eps E --n N --out r.json`
   for M in ibp, crown, alpha-crown):

     /usr/bin/python3 perf/reference/lirpa_compare.py compare --lirpa lirpa.json --ibp r-ibp.json \
         --crown r-crown.json [--alpha r-alpha.json]

   prints the largest |robustj IBP − plain IBP| and |robustj IBP − auto_LiRPA IBP| (must be ≤ 1e-4), how many
   margins robustj's CROWN is looser than auto_LiRPA's by more than 1e-4 (must be 0), the mean gain, and the
   verified counts and seconds per point side by side.
"""
import argparse
import copy
import json
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    raw = open(path, "rb").read()
    dims = struct.unpack(">I", raw[:4])[0] & 0xFF
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 4, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(16, 32, 4, stride=2, padding=1), nn.ReLU(),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 100), nn.ReLU(), nn.Linear(100, 10))


def spec(y, k=10):
    eye = torch.eye(k, dtype=torch.float64)
    c = eye[y].unsqueeze(1) - eye.unsqueeze(0)
    keep = ~(y.unsqueeze(1) == torch.arange(k).unsqueeze(0))
    return c[keep].view(len(y), k - 1, k)


def plain_ibp(model, x, c, eps):
    """Interval bound propagation in float64, with C folded into the last linear layer."""
    lo, hi = (x - eps).clamp(0, 1), (x + eps).clamp(0, 1)
    layers = list(model)
    for m in layers[:-1]:
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            mid, rad = (hi + lo) / 2, (hi - lo) / 2
            if isinstance(m, nn.Conv2d):
                mid = F.conv2d(mid, m.weight, m.bias, m.stride, m.padding)
                rad = F.conv2d(rad, m.weight.abs(), None, m.stride, m.padding)
            else:
                mid, rad = F.linear(mid, m.weight, m.bias), F.linear(rad, m.weight.abs())
            lo, hi = mid - rad, mid + rad
        else:
            lo, hi = m(lo), m(hi)
    last = layers[-1]
    w, b = c @ last.weight, c @ last.bias
    mid, rad = ((hi + lo) / 2).unsqueeze(-1), ((hi - lo) / 2).unsqueeze(-1)
    return (w @ mid).squeeze(-1) + b - (w.abs() @ rad).squeeze(-1)


def from_onnx(path):
    """small_cnn() with the weights of an ONNX file of that architecture (Conv, Conv, Gemm/MatMul+Add, ×2)."""
    import onnx
    from onnx import numpy_helper
    g = onnx.load(path).graph
    init = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    params = []
    for node in g.node:
        ins = [init[i] for i in node.input if i in init]
        if node.op_type == "Conv":
            params.append((ins[0], ins[1]))
        elif node.op_type == "Gemm":
            trans_b = next((at.i for at in node.attribute if at.name == "transB"), 0)
            params.append((ins[0] if trans_b else ins[0].T, ins[1]))
        elif node.op_type == "MatMul" and ins:
            params.append([ins[0].T, None])
        elif node.op_type == "Add" and ins and params and params[-1][1] is None:
            params[-1][1] = ins[0]
    model = small_cnn()
    layers = [m for m in model if isinstance(m, (nn.Conv2d, nn.Linear))]
    if len(params) != len(layers):
        raise SystemExit(f"error: {path} has {len(params)} weight layers, small_cnn() has {len(layers)}")
    with torch.no_grad():
        for m, (w, b) in zip(layers, params):
            m.weight.copy_(torch.from_numpy(np.ascontiguousarray(w)).reshape(m.weight.shape))
            m.bias.copy_(torch.from_numpy(np.ascontiguousarray(b)).reshape(m.bias.shape))
    return model


def bounds(a):
    torch.set_num_threads(1)
    if a.onnx:
        model = from_onnx(a.onnx)
    else:
        model = small_cnn()
        model.load_state_dict(torch.load(a.state))
    model = model.double().eval()
    x = torch.from_numpy(idx(f"{a.data}/t10k-images-idx3-ubyte")[:a.n].astype(np.float64) / 255.0).unsqueeze(1)
    y = torch.from_numpy(idx(f"{a.data}/t10k-labels-idx1-ubyte")[:a.n].astype(np.int64))
    c = spec(y)
    out = {"model": a.onnx or a.state, "n": a.n, "eps": a.eps, "labels": y.tolist(),
           "prediction": model(x).argmax(1).tolist(), "methods": {}}
    t0 = time.time()
    with torch.no_grad():
        out["methods"]["plain-IBP"] = {"lower": plain_ibp(model, x, c, a.eps).tolist(),
                                       "seconds_per_point": (time.time() - t0) / a.n}
    try:
        from auto_LiRPA import BoundedModule, BoundedTensor
        from auto_LiRPA.perturbations import PerturbationLpNorm
    except Exception as e:  # say precisely what failed
        out["auto_LiRPA_error"] = f"{type(e).__name__}: {e}"
        print("auto_LiRPA did not import:", out["auto_LiRPA_error"], file=sys.stderr)
        json.dump(out, open(a.out, "w"))
        return
    # built once (tracing the model is not part of the bound's cost)
    net = BoundedModule(model, x[:a.batch], device="cpu", bound_opts={"conv_mode": "patches"})
    net32 = None
    for method in a.methods.split(","):
        lowers = []
        t0 = time.time()
        for i in range(0, a.n, a.batch):
            xb, cb = x[i:i + a.batch], c[i:i + a.batch]
            ptb = PerturbationLpNorm(norm=np.inf, eps=a.eps, x_L=(xb - a.eps).clamp(0, 1),
                                     x_U=(xb + a.eps).clamp(0, 1))
            bx = BoundedTensor(xb, ptb)
            if method == "IBP":
                lb, _ = net.compute_bounds(x=(bx,), C=cb, method="IBP")
            elif method == "CROWN":
                lb, _ = net.compute_bounds(x=(bx,), C=cb, method="backward", bound_upper=False)
            elif method == "alpha-CROWN":
                # float32: auto_LiRPA 0.4.0's keep-best update fails in float64 ("Index put requires the source
                # and destination dtypes match"); rounding ~1e-5 is far below the gaps compared
                if net32 is None:
                    net32 = BoundedModule(copy.deepcopy(model).float(), x[:a.batch].float(), device="cpu",
                                          bound_opts={"conv_mode": "patches", "optimize_bound_args": {
                                              "iteration": 20, "lr_alpha": 0.5}})
                xf = xb.float()
                bf = BoundedTensor(xf, PerturbationLpNorm(norm=np.inf, eps=a.eps, x_L=(xf - a.eps).clamp(0, 1),
                                                          x_U=(xf + a.eps).clamp(0, 1)))
                lb, _ = net32.compute_bounds(x=(bf,), C=cb.float(), method="CROWN-Optimized", bound_upper=False)
            else:
                raise SystemExit(f"error: unknown method {method}")
            lowers += lb.detach().tolist()
        out["methods"][method] = {"lower": lowers, "seconds_per_point": (time.time() - t0) / a.n,
                                  "batch": a.batch}
        print(f"{method}: {(time.time() - t0) / a.n:.4f} s/point", flush=True)
        json.dump(out, open(a.out, "w"))
    json.dump(out, open(a.out, "w"))


def robustj_lower(path):
    """Per point (by index), robustj's margin lower bounds in auto_LiRPA's order (j ≠ y increasing)."""
    rec = json.load(open(path))
    res = {}
    for p in rec["certification"]["points"]:
        lbs = p["margin_lower_bounds"][0]
        res[p["index"]] = ([v for j, v in enumerate(lbs) if j != p["label"]], p["verified"][0], p)
    return rec, res


def compare(a):
    ref = json.load(open(a.lirpa))
    plain = np.array(ref["methods"]["plain-IBP"]["lower"])
    n = len(plain)
    summary = {"n": n, "eps": ref["eps"]}
    verified = lambda lb: int(sum(1 for i in range(n) if ref["prediction"][i] == ref["labels"][i] and min(lb[i]) > 0))
    for name, path, theirs in (("ibp", a.ibp, "IBP"), ("crown", a.crown, "CROWN"), ("alpha-crown", a.alpha,
                                                                                    "alpha-CROWN")):
        if not path:
            continue
        rec, rj = robustj_lower(path)
        ours = np.array([rj[i][0] for i in range(n)])
        row = {"robustj_verified": int(sum(rj[i][1] for i in range(n))),
               "robustj_seconds_per_point": float(np.mean([rj[i][2]["seconds"] for i in range(n)]))}
        if name == "ibp":
            row["max_abs_diff_plain_ibp"] = float(np.abs(ours - plain).max())
            row["plain_ibp_verified"] = verified(plain)
        if theirs in ref["methods"]:
            lb = np.array(ref["methods"][theirs]["lower"])
            row["auto_lirpa_verified"] = verified(lb)
            row["auto_lirpa_seconds_per_point"] = ref["methods"][theirs]["seconds_per_point"]
            if name == "ibp":
                row["max_abs_diff_auto_lirpa_ibp"] = float(np.abs(ours - lb).max())
            else:
                row["margins_looser_than_auto_lirpa_by_1e-4"] = int((ours < lb - 1e-4).sum())
                row["mean_gain_over_auto_lirpa"] = float((ours - lb).mean())
                row["largest_loss_vs_auto_lirpa"] = float((lb - ours).max())
        summary[name] = row
    if "auto_LiRPA_error" in ref:
        summary["auto_LiRPA_error"] = ref["auto_LiRPA_error"]
    print(json.dumps(summary, indent=1))
    if a.out:
        json.dump(summary, open(a.out, "w"), indent=1)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("bounds")
    b.add_argument("--state")
    b.add_argument("--onnx")
    b.add_argument("--data", default="data/mnist")
    b.add_argument("--n", type=int, default=100)
    b.add_argument("--eps", type=float, default=0.1)
    b.add_argument("--batch", type=int, default=1)
    b.add_argument("--methods", default="IBP,CROWN")
    b.add_argument("--out", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--lirpa", required=True)
    c.add_argument("--ibp", required=True)
    c.add_argument("--crown")
    c.add_argument("--alpha")
    c.add_argument("--out")
    a = p.parse_args()
    bounds(a) if a.cmd == "bounds" else compare(a)


if __name__ == "__main__":
    main()
