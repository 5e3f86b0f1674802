package org.robustj.model;

import ai.djl.ndarray.NDArray;
import org.robustj.provenance.Seeds;

/**
 * The keys of a randomized model's draws and the posterior predictive they average into, written once for every
 * {@link ModelCapability#RANDOMIZED} model ({@link GaussianNoiseModel}, {@link EnsembleModel} with a random member).
 *
 * <p>A key is one {@code long} per row: the row's draws (noise samples) come from a generator seeded with it and
 * nothing else, so a row's answer does not depend on the batch it is in. Attacks key a draw by (seed, point
 * index, how many draws of that point came before); {@link #ofContent} keys a draw by the row's own values, which
 * is what a randomized model's plain {@link Classifier#logits(NDArray)} uses: deterministic, batch-invariant, but
 * the same for every call on the same input, so attacks never rely on it.
 *
 * <p>The prediction of a randomized model is the posterior predictive p̄ = (1/k) Σ_s softmax(z_s) over its k
 * samples; its logits are log p̄, computed stably as logsumexp_s(log_softmax(z_s)) − log k (the mean of the
 * probabilities, not of the log-probabilities: Feng et al. 2024, arXiv 2404.19640).
 */
public final class RandomDraws {
    /**
     * Draws the final judgement of an attack on a randomized model repeats: a point counts as broken when any one
     * of them misclassifies it, so that a lucky draw does not count as robustness (a majority vote would call a
     * point robust that one draw in ten breaks).
     */
    public static final int JUDGEMENT_DRAWS = 10;

    private RandomDraws() {}

    /** One key per row of {@code x} from the row's values (float bits): equal rows get equal keys. */
    public static long[] ofContent(NDArray x) {
        int n = (int) x.getShape().get(0);
        long[] keys = new long[n];
        if (n == 0) {
            return keys;
        }
        float[] v = x.stopGradient().toFloatArray();
        int d = v.length / n;
        for (int i = 0; i < n; i++) {
            long h = 0x5DEECE66DL;
            for (int j = 0; j < d; j++) h = h * 0x100000001B3L + Float.floatToIntBits(v[i * d + j]);
            keys[i] = Seeds.derive(h, 0L);
        }
        return keys;
    }

    /** The key of draw {@code draw} of stream {@code stream} of point {@code point} under {@code seed}. */
    public static long key(long seed, String stream, long draw, int point) {
        return Seeds.derive(Seeds.derive(Seeds.derive(seed, stream), draw), point);
    }

    /** The keys {@code draws} derived for member or sample {@code index} (a nested model's own keys). */
    public static long[] derive(long[] draws, long index) {
        long[] out = new long[draws.length];
        for (int i = 0; i < draws.length; i++) out[i] = Seeds.derive(draws[i], index);
        return out;
    }

    /**
     * The posterior predictive's logits log p̄ (N×K) from the sampled logits {@code z} (N·k×K, the k samples of
     * row i in rows i·k .. i·k+k−1): logsumexp over the samples of log_softmax, minus log k.
     */
    public static NDArray predictive(NDArray z, int n, int k) {
        long classes = z.getShape().get(1);
        NDArray lsm = z.logSoftmax(1).reshape(n, k, classes);
        if (k == 1) {
            return lsm.reshape(n, classes);
        }
        NDArray m = lsm.max(new int[] {1}, true).stopGradient();
        return lsm.sub(m).exp().sum(new int[] {1}).log().add(m.reshape(n, classes)).sub(Math.log(k));
    }

    /** Predictive entropy H[p̄] = −Σ p̄ log p̄ per row of logits {@code z} (N×K), in nats. */
    public static NDArray entropy(NDArray z) {
        NDArray lp = z.logSoftmax(1);
        return lp.exp().mul(lp).sum(new int[] {1}).neg();
    }
}
