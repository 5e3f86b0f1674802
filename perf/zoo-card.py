#!/usr/bin/env python3
"""Puts a certified model's evaluation records into its card (results.certified, results.autoattack).

Usage: perf/zoo-card.py CARD.json AUTOATTACK.json EPS OUT.json CERTIFY.json [CERTIFY2.json ...]
AUTOATTACK.json is written by `robustj evaluate --out`, each CERTIFY.json by `robustj certify --method M --eps EPS
--out` (one bound method per record; the best verified accuracy is the card's headline). Also checks, point by
point, that no verified point was broken by the attacks (certified <= robust) and records the count (must be 0)."""
import json
import sys

card_path, aa_path, eps, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
cert_paths = sys.argv[5:]
if not cert_paths:
    sys.exit("error: give at least one robustj certify record")
card = json.load(open(card_path))
aa = json.load(open(aa_path))
assert aa["model"]["sha256"] == card["weights_sha256"], "AutoAttack record is for other weights"
robust = {p["index"] for p in aa["points"] if p["robust"]}
attacked = {p["index"] for p in aa["points"]}
methods = {}
sources = []
broken = 0
clean = None
n_cert = None
for path in cert_paths:
    rec = json.load(open(path))
    assert rec["model"]["sha256"] == card["weights_sha256"], path + " is for other weights"
    c = rec["certification"]
    k = [float(e) for e in c["config"]["eps"]].index(eps)
    verified = [p["index"] for p in c["points"] if p["verified"][k]]
    bad = [i for i in verified if i in attacked and i not in robust]
    broken += len(bad)
    n = len(c["points"])
    assert n_cert in (None, n), "certify records on different point counts"
    n_cert, clean = n, c["prediction_accuracy"]
    methods[c["method"]] = {"verified_accuracy": len(verified) / n, "verified": len(verified),
                            "verified_accuracy_on_autoattack_points":
                                len([i for i in verified if i in attacked]) / len(attacked),
                            "seconds": round(c["seconds"], 1), "verified_but_attacked": len(bad)}
    sources.append(path.split("/")[-1] + " (" + rec["config"]["command"] + ")")
best = max(methods, key=lambda k: methods[k]["verified_accuracy"])
card["results"]["certified"] = {
    "source": "; ".join(sources),
    "dataset": "mnist test, first %d points" % n_cert, "norm": "linf", "eps": eps, "method": best,
    "clean_accuracy": clean, "verified_accuracy": methods[best]["verified_accuracy"], "methods": methods}
card["results"]["autoattack"] = {
    "source": aa_path.split("/")[-1] + " (" + aa["config"].get("command", "robustj evaluate") + ")",
    "dataset": "mnist test, first %d points" % aa["dataset"]["n"], "norm": aa["config"]["norm"],
    "eps": aa["epsilons"][0], "version": aa["config"]["version"], "clean_accuracy": aa["clean_accuracy"],
    "robust_accuracy": aa["robust_accuracy"],
    "after_each_attack": [{"name": a["name"], "robust_accuracy_after": a["robust_accuracy_after"],
                           "seconds": round(a["seconds"], 1)} for a in aa["attacks"]],
    "seconds": round(aa["seconds"], 1), "seed": aa["config"]["seed"]}
card.setdefault("notes", []).append(
    "L-inf %g, first %d MNIST test points: clean %.1f%%, AutoAttack (%s) robust %.1f%%, %s-verified %.1f%% "
    "(on the first %d: %s-verified %.1f%%, clean %.1f%%); verified points broken by the attacks: %d"
    % (eps, len(attacked), 100 * aa["clean_accuracy"], aa["config"]["version"], 100 * aa["robust_accuracy"], best,
       100 * methods[best]["verified_accuracy_on_autoattack_points"], n_cert, best,
       100 * methods[best]["verified_accuracy"], 100 * clean, broken))
assert broken == 0, "a verified point was broken: unsound bounds"
json.dump(card, open(out, "w"), indent=2)
open(out, "a").write("\n")
