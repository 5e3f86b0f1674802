#!/usr/bin/env python3
"""Targeted-DLR loss per iteration of APGD-T's first target for one point, from the logit traces of
run_apgd.py --trace (reference) and AttackFlags -Dtrace (robustj), with the first window's loss increases
counted both ways (against the start loss, and AutoAttack's rule: the first iterate against zero).

    python3 trace_table.py POINT LABEL ref=ref.jsonl rj=rj.jsonl [...]
"""
import json
import sys

ITERS = [0, 1, 5, 10, 21, 22, 23, 30, 41, 42, 57, 58, 70, 80, 87, 93, 99, 100]


def main():
    point, y = int(sys.argv[1]), int(sys.argv[2])
    for spec in sys.argv[3:]:
        side, path = spec.split("=", 1)
        c = [r[0] for r in (json.loads(l) for l in open(path)) if len(r) == 1]
        order = sorted(range(len(c[0])), key=lambda j: -c[0][j])
        t = order[1]
        # reference: perturb's prediction, then per target one ranking pass and 101 loss passes;
        # robustj (AttackFlags): its own prediction, the ranking pass, then 101 loss passes per target
        start = 2
        seg = c[start:start + 101]

        def dlr(r):
            q = sorted(r)
            return -(r[y] - r[t]) / (q[-1] - 0.5 * (q[-3] + q[-4]) + 1e-12)

        loss = [dlr(r) for r in seg]
        vs_start = sum(1 for i in range(1, 23) if loss[i] > loss[i - 1])
        aa_rule = sum(1 for i in range(2, 23) if loss[i] > loss[i - 1]) + (1 if loss[1] > 0 else 0)
        print("point %d %-12s target %d start %.3f best %.3f; window-1 increases: vs start %d, AutoAttack %d"
              % (point, side, t, loss[0], max(loss), vs_start, aa_rule))
        print("   " + " ".join("%d:%.3f" % (i, loss[i]) for i in ITERS))


if __name__ == "__main__":
    main()
