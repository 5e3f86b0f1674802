package org.robustj.certify.smoothing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustj.data.Dataset;
import org.robustj.model.Classifier;
import org.robustj.tensor.Engines;
import org.robustj.tensor.Gradients;
import org.robustj.testkit.Oracles;

/**
 * An L2 attack on the smoothed classifier itself (PGD with expectation over the noise, as SmoothAdv, Salman et
 * al. 2019, arXiv 1906.04584) inside the certified radius does not change the smoothed prediction beyond the α
 * rate; at twice the base model's distance to its boundary it does, so the attack is strong enough for the first
 * check to mean something.
 */
class SmoothAdvAttackTest {
    private static NDManager manager;
    private final RandomizedSmoothingCertifier smoothing = new RandomizedSmoothingCertifier();

    @BeforeAll
    static void engine() {
        Engines.pytorch();
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void attackInsideTheCertifiedRadiusDoesNotChangeTheSmoothedClass() {
        int n = 60;
        int d = 16;
        double sigma = 0.12;
        double alpha = 0.001;
        try (Oracles.LinearProblem p = Oracles.linear(manager, 3, d, n, 31)) {
            Dataset data = p.data().data();
            int[] all = IntStream.range(0, n).toArray();
            float[] xs = data.values(all);
            NDArray x = data.batch(manager, all);
            SmoothingConfig c = new SmoothingConfig(sigma, 100, 5000, alpha, 1000, 0);
            List<SmoothingCertificate> certs = smoothing.certify(p.model(), x, data.labels(), all, c);
            List<Integer> certified = new ArrayList<>();
            for (SmoothingCertificate r : certs) if (!r.abstained()) certified.add(r.index());
            assertTrue(certified.size() > n / 2, "most points certified: " + certified.size());
            int[] idx = certified.stream().mapToInt(Integer::intValue).toArray();
            float[] x0 = new float[idx.length * d];
            int[] cls = new int[idx.length];
            double[] r = new double[idx.length];
            double[] twiceBase = new double[idx.length];
            for (int i = 0; i < idx.length; i++) {
                System.arraycopy(xs, idx[i] * d, x0, i * d, d);
                cls[i] = certs.get(idx[i]).prediction();
                r[i] = certs.get(idx[i]).radius();
                twiceBase[i] = 2 * p.model().minimalDistance(java.util.Arrays.copyOfRange(x0, i * d, (i + 1) * d),
                        data.label(idx[i]), org.robustj.threat.Norm.L2);
            }
            SmoothingConfig check = new SmoothingConfig(sigma, 100, 5000, alpha, 1000, 99);
            int inside = changed(p.model(), x0, cls, scale(r, 0.95), d, check);
            // each changed prediction is a certificate failing, probability <= alpha each (plus predict's own alpha)
            assertTrue(inside <= 1, inside + " of " + idx.length + " smoothed predictions changed inside the radius");
            // past the base model's boundary (twice its distance to it) the smoothed class changes
            int outside = changed(p.model(), x0, cls, twiceBase, d, check);
            assertTrue(outside >= idx.length * 3 / 4, "the attack is weak: at twice the base model's distance to its"
                    + " boundary it changed only " + outside + " of " + idx.length);
        }
    }

    private static double[] scale(double[] r, double f) {
        double[] out = new double[r.length];
        for (int i = 0; i < r.length; i++) out[i] = r[i] * f;
        return out;
    }

    /** Attacks each point within its radius, then counts points whose smoothed prediction is another class. */
    private int changed(Classifier model, float[] x0, int[] cls, double[] eps, int d, SmoothingConfig check) {
        float[] adv = smoothAdv(model, x0, cls, eps, d, 20, 16, new SplittableRandom(5));
        int[] idx = IntStream.range(0, cls.length).toArray();
        List<SmoothedPrediction> pr = smoothing.predict(model, manager.create(adv, new Shape(cls.length, d)), idx,
                check);
        int changed = 0;
        for (int i = 0; i < cls.length; i++) {
            if (pr.get(i).prediction() >= 0 && pr.get(i).prediction() != cls[i]) changed++;
        }
        return changed;
    }

    /**
     * PGD on −log of the noise-averaged softmax of the class (SmoothAdv's loss), m noise draws per step, L2 steps of
     * 2ε/steps, projected onto the ε-ball and [0, 1] after each step.
     */
    static float[] smoothAdv(Classifier model, float[] x0, int[] cls, double[] eps, int d, int steps, int m,
            SplittableRandom rng) {
        int n = cls.length;
        int k = model.numClasses();
        float[] adv = x0.clone();
        float[] onehot = new float[n * m * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) onehot[(i * m + j) * k + cls[i]] = 1;
        }
        double sigma = 0.12;
        for (int s = 0; s < steps; s++) {
            float[] noise = new float[n * m * d];
            for (int q = 0; q < noise.length; q++) noise[q] = (float) (sigma * rng.nextGaussian());
            float[] g;
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(adv, new Shape(n, d));
                NDArray delta = scope.create(noise, new Shape(n * m, d));
                NDArray hot = scope.create(onehot, new Shape(n * m, k));
                try (Gradients.ValueAndGradient vg = Gradients.of(x, leaf -> {
                    NDArray probs = model.logits(leaf.repeat(0, m).add(delta)).softmax(1);
                    NDArray mean = probs.mul(hot).sum(new int[] {1}).reshape(n, m).mean(new int[] {1});
                    return new NDList(mean.add(1e-12f).log().neg());
                })) {
                    g = vg.gradient().toFloatArray();
                }
            }
            for (int i = 0; i < n; i++) {
                double gn = 0;
                for (int j = 0; j < d; j++) gn += (double) g[i * d + j] * g[i * d + j];
                gn = Math.max(Math.sqrt(gn), 1e-12);
                double step = 2 * eps[i] / steps;
                double dn = 0;
                for (int j = 0; j < d; j++) {
                    int o = i * d + j;
                    adv[o] = (float) (adv[o] + step * g[o] / gn);
                    double dv = adv[o] - x0[o];
                    dn += dv * dv;
                }
                dn = Math.sqrt(dn);
                double f = dn > eps[i] ? eps[i] / dn * (1 - 1e-6) : 1;
                for (int j = 0; j < d; j++) {
                    int o = i * d + j;
                    float v = (float) (x0[o] + (adv[o] - x0[o]) * f);
                    adv[o] = Math.min(1f, Math.max(0f, v));
                }
            }
        }
        return adv;
    }
}
