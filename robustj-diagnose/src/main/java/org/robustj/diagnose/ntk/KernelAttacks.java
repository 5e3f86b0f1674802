package org.robustj.diagnose.ntk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Training-free attacks (DIAGNOSTICS.md §2.1): FGSM and PGD in L∞ against a {@link KernelPredictor} — no
 * network is attacked, only the kernel built from it — on the cross-entropy of softmax(F(x)) at the true labels,
 * without random start, clipped to [0, 1] (the reference notebook's {@code fit}: ε = 8/255, step 0.01, 10
 * iterations on CIFAR). The input gradient is exact ({@link KernelPredictor#lossGradient}).
 */
public final class KernelAttacks {
    private KernelAttacks() {}

    /** One signed-gradient step of size ε. */
    public static NDArray fgsm(KernelPredictor f, NDArray x, int[] labels, double eps) {
        return pgd(f, x, labels, eps, eps, 1);
    }

    /**
     * {@code steps} signed-gradient steps of size {@code step} from the clean point, each projected onto the
     * L∞ ball of radius ε around x and onto [0, 1].
     *
     * @return the adversarial inputs, shaped like x, in x's manager
     */
    public static NDArray pgd(KernelPredictor f, NDArray x, int[] labels, double eps, double step, int steps) {
        if (!(eps >= 0) || !(step > 0) || steps < 1) {
            throw new IllegalArgumentException("need eps ≥ 0, step > 0, steps ≥ 1; got " + eps + ", " + step + ", "
                    + steps);
        }
        NDManager owner = x.getManager();
        NDArray lo = x.sub(eps);
        NDArray hi = x.add(eps);
        NDArray adv = x.duplicate();
        for (int t = 0; t < steps; t++) {
            try (NDManager s = owner.newSubManager()) {
                adv.attach(s); // this iterate and every temporary close with the step
                NDArray g = f.lossGradient(adv, labels, null);
                NDArray next = adv.add(g.sign().mul(step)).minimum(hi).maximum(lo).clip(0, 1);
                next.attach(owner);
                adv = next;
            }
        }
        lo.close();
        hi.close();
        return adv;
    }
}
