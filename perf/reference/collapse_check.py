#!/usr/bin/env python3
"""Recomputes robustj's neural-collapse numbers in NumPy from the features robustj saves.

    bin/robustj diagnose collapse --model zoo:mnist-cnn --n 1000 --option layers=pool2,fc,relu3,logits \
        --save-features /tmp/feats --out /tmp/collapse.json
    /usr/bin/python3 perf/reference/collapse_check.py --features /tmp/feats --record /tmp/collapse.json

The formulas are restated from Su et al.'s eval.py `neural_collapse` (github.com/JingtongSu/robust_neural_collapse,
d95d2c3) in float64, written independently of robustj: class means from the condition's own features, the
count-weighted global mean, Sw = (1/N) sum (h - mu_y)(h - mu_y)^T, Sb = (1/C) M~ M~^T, NC1 = tr(Sw pinv(Sb)) with
scipy.linalg.pinv of the full d x d matrix (Papyan et al. divide by C), torch.std-style (ddof=1) equinorm,
coherence = sum_{c != c'} |cos + 1/(C-1)| / (C(C-1)), NC3 = ||W^T/||W||_F - M~/||M~||_F||_F^2, NC4 = share of
points whose nearest own centre is not the network's prediction. Added by robustj (no counterpart in eval.py):
distance of the normalised Gram matrix to the simplex ETF's, nearest-clean-centre accuracy, the leap, and the
mean angle between clean and perturbed means centred by their unweighted average. Prints the largest absolute
and relative differences against the record; exits 1 when a relative difference exceeds --rtol.
"""
import argparse
import json
import os
import sys

import numpy as np
import scipy.linalg


def means_of(h, y, c):
    mu = np.zeros((c, h.shape[1]))
    n = np.zeros(c)
    for k in range(c):
        idx = y == k
        n[k] = idx.sum()
        if n[k] > 0:
            mu[k] = h[idx].mean(axis=0)
    g = (mu * n[:, None]).sum(axis=0) / n.sum()
    return mu, n, g


def ncc(h, mu):
    d2 = (h * h).sum(1)[:, None] - 2 * h @ mu.T + (mu * mu).sum(1)[None, :]
    return d2.argmin(1)


def coherence(v):
    c = v.shape[0]
    u = v / np.linalg.norm(v, axis=1, keepdims=True)
    g = u @ u.T + 1.0 / (c - 1)
    np.fill_diagonal(g, 0)
    return np.abs(g).sum() / (c * (c - 1))


def equinorm(v):
    norms = np.linalg.norm(v, axis=1)
    return norms.std(ddof=1) / norms.mean()


def etf_distance(v):
    c = v.shape[0]
    g = v @ v.T
    e = np.eye(c) - np.ones((c, c)) / c
    return np.linalg.norm(g / np.linalg.norm(g) - e / np.linalg.norm(e))


def layer(h, y, net, c, clean_mu):
    mu, n, g = means_of(h, y, c)
    mt = mu - g
    z = h - mu[y]
    sw = z.T @ z / len(y)
    sb = mt.T @ mt / c
    nc1 = np.trace(sw @ scipy.linalg.pinv(sb.astype(np.float32)).astype(np.float64))
    own = ncc(h, mu)
    cc = ncc(h, clean_mu if clean_mu is not None else mu)
    wrong = net != y
    return {
        "nc1": nc1 / c,
        "nc1_unnormalised": nc1,
        "equinorm": equinorm(mt),
        "equiangularity": coherence(mt),
        "etf_distance": etf_distance(mt),
        "nc4": float((own != net).mean()),
        "ncc_accuracy": float((own == y).mean()),
        "clean_centre_accuracy": float((cc == y).mean()),
        "leap": float((cc[wrong] == net[wrong]).mean()) if wrong.any() else float("nan"),
    }, mu, mt


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--features", required=True)
    p.add_argument("--record", required=True)
    p.add_argument("--rtol", type=float, default=1e-3)
    a = p.parse_args()
    index = json.load(open(os.path.join(a.features, "features.json")))
    rec = json.load(open(a.record))
    measures = rec["details"]["collapse"]["measures"]
    c = index["classes"]
    y = np.load(os.path.join(a.features, "labels.npy")).astype(np.int64)
    w = None
    if index.get("classifier_weight"):
        w = np.load(os.path.join(a.features, index["classifier_weight"])).astype(np.float64)
    worst_abs, worst_rel, worst_what = 0.0, 0.0, ""
    rows = []
    for lname in index["layers"]:
        clean_mu = None
        clean_cent = None
        for cond in index["conditions"]:
            key = cond.replace(" ", "_")
            h = np.load(os.path.join(a.features, index["features"][lname][cond])).astype(np.float64)
            net = np.load(os.path.join(a.features, "predictions." + key + ".npy")).astype(np.int64)
            ref, mu, mt = layer(h, y, net, c, clean_mu)
            if clean_mu is None:
                clean_mu = mu
                clean_cent = mu - mu.mean(0)
            else:
                adv_cent = mu - mu.mean(0)
                cos = (clean_cent * adv_cent).sum(1) / (np.linalg.norm(clean_cent, axis=1) * np.linalg.norm(adv_cent, axis=1))
                ref["simplex_angle"] = float(np.degrees(np.arccos(np.clip(cos, -1, 1))).mean())
            if lname == index.get("penultimate") and w is not None:
                ref["nc3"] = np.linalg.norm(w.T / np.linalg.norm(w) - mt.T / np.linalg.norm(mt)) ** 2
            mine = measures[cond][lname]
            got = {
                "nc1": mine["nc1"], "nc1_unnormalised": mine["nc1_unnormalised"], "equinorm": mine["equinorm"],
                "equiangularity": mine["equiangularity"], "etf_distance": mine["etf_distance"], "nc4": mine["nc4"],
                "ncc_accuracy": mine["ncc_accuracy"], "clean_centre_accuracy": mine["clean_centre_accuracy"],
                "leap": mine["leap"],
            }
            if "simplex_angle" in ref:
                s = next(s for s in rec["series"] if s["name"] == "simplex_angle")
                got["simplex_angle"] = s["values"][cond][s["at"].index(lname)]
            if "nc3" in ref:
                got["nc3"] = rec["summary"]["nc3." + key]
            for k, v in ref.items():
                g = got[k]
                if g is None or (isinstance(v, float) and np.isnan(v)):
                    continue
                ab = abs(g - v)
                rel = ab / max(abs(v), 1e-12)
                rows.append((lname, cond, k, v, g, ab, rel))
                if rel > worst_rel and ab > 1e-9:
                    worst_rel, worst_what = rel, "%s %s %s" % (lname, cond, k)
                worst_abs = max(worst_abs, ab)
    for r in rows:
        print("%-10s %-12s %-22s numpy %.8g  robustj %.8g  |diff| %.2e  rel %.2e" % r)
    print("max |diff| %.3e, max relative diff %.3e (%s) over %d numbers" % (worst_abs, worst_rel, worst_what, len(rows)))
    sys.exit(0 if worst_rel <= a.rtol else 1)


if __name__ == "__main__":
    main()
