#!/usr/bin/env python3
"""Puts a certified model's evaluation records into its card (results.certified, results.autoattack).

Usage: perf/zoo-card.py CARD.json CERTIFIED.json AUTOATTACK.json EPS OUT.json
CERTIFIED.json is written by org.robustj.perf.CertifiedAccuracy, AUTOATTACK.json by `robustj evaluate --out`.
Also checks, point by point, that no verified point was broken by the attacks (certified <= robust) and
records the count (must be 0)."""
import json
import sys

card_path, cert_path, aa_path, eps, out = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
card = json.load(open(card_path))
cert = json.load(open(cert_path))
aa = json.load(open(aa_path))
assert cert["weights_sha256"] == card["weights_sha256"], "certified record is for other weights"
assert aa["model"]["sha256"] == card["weights_sha256"], "AutoAttack record is for other weights"
robust = {p["index"] for p in aa["points"] if p["robust"]}
attacked = {p["index"] for p in aa["points"]}
methods = {}
broken = 0
for name, m in cert["methods"].items():
    at = m["by_eps"][str(eps)]
    bad = [i for i in at["verified_indices"] if i in attacked and i not in robust]
    broken += len(bad)
    on_attacked = len([i for i in at["verified_indices"] if i in attacked]) / len(attacked)
    methods[name] = {"verified_accuracy": at["verified_accuracy"], "verified": at["verified"],
                     "verified_accuracy_on_autoattack_points": on_attacked,
                     "seconds": round(m["seconds"], 1), "verified_but_attacked": len(bad)}
n_cert = int(cert["dataset"].split("first ")[1].split()[0])
best = max(methods, key=lambda k: methods[k]["verified_accuracy"])
card["results"]["certified"] = {
    "source": cert_path.split("/")[-1] + " (perf CertifiedAccuracy MODEL 1000 EPS METHODS OUT)",
    "dataset": cert["dataset"], "norm": "linf", "eps": eps, "method": best,
    "clean_accuracy": cert["clean_accuracy"], "verified_accuracy": methods[best]["verified_accuracy"],
    "methods": methods}
card["results"]["autoattack"] = {
    "source": aa_path.split("/")[-1] + " (bin/robustj evaluate --model <this card> --n %d --eps %g " % (aa["dataset"]["n"], eps)
    + "--version standard)",
    "dataset": "mnist test, first %d points" % aa["dataset"]["n"], "norm": aa["config"]["norm"],
    "eps": aa["epsilons"][0], "version": aa["config"]["version"], "clean_accuracy": aa["clean_accuracy"],
    "robust_accuracy": aa["robust_accuracy"],
    "after_each_attack": [{"name": a["name"], "robust_accuracy_after": a["robust_accuracy_after"],
                           "seconds": round(a["seconds"], 1)} for a in aa["attacks"]],
    "seconds": round(aa["seconds"], 1), "seed": aa["config"]["seed"]}
card["notes"].append(
    "L-inf %g, first %d MNIST test points: clean %.1f%%, AutoAttack (standard) robust %.1f%%, %s-verified %.1f%% "
    "(on the first %d: %s-verified %.1f%%, clean %.1f%%); verified points broken by the attacks: %d"
    % (eps, len(attacked), 100 * aa["clean_accuracy"], 100 * aa["robust_accuracy"], best,
       100 * methods[best]["verified_accuracy_on_autoattack_points"], n_cert, best,
       100 * methods[best]["verified_accuracy"], 100 * cert["clean_accuracy"], broken))
assert broken == 0, "a verified point was broken: unsound bounds"
json.dump(card, open(out, "w"), indent=2)
open(out, "a").write("\n")
