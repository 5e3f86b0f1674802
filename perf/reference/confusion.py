#!/usr/bin/env python3
"""Per-point robust-accuracy confusion between a reference AutoAttack run (run_autoattack.py JSON, its
robust_flags) and a robustj run record (bin/robustj evaluate --out, its points[].robust): how many points
are robust on both sides, broken on both, robust here but broken by the reference (robustj overestimates:
must stay <= 0.3% of the points) and the reverse; plus both robust accuracies, per-attack figures and times.

    python3 confusion.py REFERENCE.json ROBUSTJ_RUN.json [--max-over 0.003] [--max-gap 0.003]

Exit status 1 when robustj's robust accuracy is above the reference's by more than --max-gap or more than
--max-over of the points are robust here but broken there.
"""
import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reference")
    ap.add_argument("robustj")
    ap.add_argument("--max-over", type=float, default=0.003)
    ap.add_argument("--max-gap", type=float, default=0.003)
    a = ap.parse_args()
    ref = json.load(open(a.reference))
    ours = json.load(open(a.robustj))
    rf = ref["robust_flags"]
    of = [bool(p.get("robust")) for p in sorted(ours["points"], key=lambda p: p["index"])]
    if len(rf) != len(of):
        sys.exit("different numbers of points: reference %d, robustj %d" % (len(rf), len(of)))
    n = len(rf)
    both = sum(1 for r, o in zip(rf, of) if r and o)
    neither = sum(1 for r, o in zip(rf, of) if not r and not o)
    over = [i for i, (r, o) in enumerate(zip(rf, of)) if o and not r]
    under = [i for i, (r, o) in enumerate(zip(rf, of)) if r and not o]
    ra, oa = sum(rf) / n, sum(of) / n
    version = ours.get("config", {}).get("version")
    print("points: %d   reference %s seed %s   robustj version %s seed %s" % (
        n, ref.get("version"), ref.get("seed"), version, ours.get("config", {}).get("seed")))
    print("clean accuracy:  reference %.2f%%  robustj %.2f%%" % (100 * ref["clean_accuracy"],
                                                             100 * ours["clean_accuracy"]))
    print("robust accuracy: reference %.2f%%  robustj %.2f%%  (robustj - reference %+.2f points)" % (
        100 * ra, 100 * oa, 100 * (oa - ra)))
    print("seconds:         reference %.1f  robustj %.1f  (ratio %.3f)" % (
        ref["seconds_total"], ours["seconds"], ours["seconds"] / max(ref["seconds_total"], 1e-9)))
    print("per attack (robust accuracy after, seconds):")
    for p in ref.get("per_attack", []):
        print("  reference %-8s %6.2f%%  %7.1f s" % (p["name"], 100 * p["robust_accuracy_after"], p["seconds"]))
    for p in ours.get("attacks", []):
        acc = p.get("robust_accuracy_after", p.get("robust_accuracy"))
        print("  robustj   %-8s %6.2f%%  %7.1f s" % (p["name"], 100 * acc, p.get("seconds", 0.0)))
    print("confusion (rows robustj, columns reference):")
    print("                      ref robust   ref broken")
    print("  robustj robust      %10d   %10d   <- robust here, broken by the reference: %.2f%% of points" % (
        both, len(over), 100 * len(over) / n))
    print("  robustj broken      %10d   %10d" % (len(under), neither))
    if over:
        print("robust here, broken by the reference: %s" % over)
    if under:
        print("broken here, robust for the reference: %s" % under)
    bad = oa - ra > a.max_gap + 1e-12 or len(over) > a.max_over * n + 1e-9
    print("verdict: %s (robust accuracy gap <= %.2f points and overestimated points <= %.2f%%)" % (
        "FAIL" if bad else "ok", 100 * a.max_gap, 100 * a.max_over))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
