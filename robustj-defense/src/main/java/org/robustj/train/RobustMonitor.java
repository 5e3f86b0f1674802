package org.robustj.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.SplittableRandom;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.AttackResult;
import org.robustj.attack.LabeledBatch;
import org.robustj.attack.loss.Losses;
import org.robustj.data.Dataset;
import org.robustj.model.Classifier;
import org.robustj.provenance.Seeds;
import org.robustj.tensor.Gradients;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/** Measures what a {@link Monitor} asks for: PGD accuracy on fixed subsets and the gradient alignment. */
final class RobustMonitor {
    private final Monitor monitor;
    private final ThreatModel threat;
    private final Attack pgd;
    private final Dataset trainSubset;
    private final Dataset testSubset;
    private final long seed;

    RobustMonitor(Monitor monitor, double eps, Dataset train, Dataset test, long seed) {
        this.monitor = monitor;
        this.threat = new ThreatModel(Norm.parse(monitor.norm()), eps, 0, 1);
        this.pgd = AttackRegistry.create("pgd", Map.of("steps", monitor.pgdSteps(), "rel_step_size",
                monitor.relStepSize(), "restarts", 1, "random_start", true, "early_stop", true));
        this.trainSubset = train.first(Math.min(monitor.trainPoints(), train.size()));
        this.testSubset = monitor.testPoints() == 0 ? null : test.first(Math.min(monitor.testPoints(), test.size()));
        this.seed = seed;
    }

    Monitor monitor() {
        return monitor;
    }

    double eps() {
        return threat.eps();
    }

    /** PGD accuracy on the fixed training subset (seeded by the step, so a resumed run measures the same). */
    double trainPgdAccuracy(Classifier model, long step) {
        return pgdAccuracy(model, trainSubset, Seeds.derive(seed, "monitor/train/" + step));
    }

    /** PGD accuracy on the test subset, or null when {@code test_points} is 0. */
    Double testPgdAccuracy(Classifier model, long step) {
        return testSubset == null ? null : pgdAccuracy(model, testSubset, Seeds.derive(seed, "monitor/test/" + step));
    }

    private double pgdAccuracy(Classifier model, Dataset data, long s) {
        int robust = 0;
        int batchNo = 0;
        for (int[] idx : Dataset.batches(data.allIndices(), 256)) {
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray x = data.batch(scope, idx);
                int[] y = new int[idx.length];
                for (int k = 0; k < idx.length; k++) y[k] = data.label(idx[k]);
                AttackResult r = pgd.run(model, new LabeledBatch(x, y), threat,
                        AttackContext.seeded(Seeds.derive(s, "batch/" + batchNo++)));
                // a clean error counts as not robust: success flags only cover correctly classified points
                int[] pred = org.robustj.attack.Inputs.argmaxChecked(model.logits(r.adversarial()), model.source());
                for (int k = 0; k < idx.length; k++) if (pred[k] == y[k]) robust++;
            }
        }
        return robust / (double) data.size();
    }

    /**
     * Mean over the training subset of cos(∇ₓCE(x), ∇ₓCE(x+η)), η ~ U[−ε, ε]ᵈ (GradAlign's alignment; points
     * with a zero gradient are left out, as in the reference).
     */
    double gradientAlignment(Classifier model, long step) {
        SplittableRandom rng = Seeds.rng(seed, "monitor/align/" + step);
        double sum = 0;
        int count = 0;
        for (int[] idx : Dataset.batches(trainSubset.allIndices(), 256)) {
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray x = trainSubset.batch(scope, idx);
                NDArray y = trainSubset.batchLabels(scope, idx);
                float[] eta = Norm.LINF.randomInBall(x.getShape(), threat.eps(), rng);
                NDArray xe = x.add(scope.create(eta, x.getShape())).clip(0, 1);
                float[] c = cosines(model, x, xe, y);
                for (float v : c) {
                    if (Float.isFinite(v)) {
                        sum += v;
                        count++;
                    }
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Per-sample cosine between the cross-entropy input gradients at two inputs (NaN for a zero gradient). */
    static float[] cosines(Classifier model, NDArray a, NDArray b, NDArray y) {
        int n = (int) a.getShape().get(0);
        float[] ga;
        float[] gb;
        try (Gradients.ValueAndGradient g1 = Gradients.of(a, x -> new NDList(Losses.ce(model.logits(x), y)))) {
            ga = g1.gradient().toFloatArray();
        }
        try (Gradients.ValueAndGradient g2 = Gradients.of(b, x -> new NDList(Losses.ce(model.logits(x), y)))) {
            gb = g2.gradient().toFloatArray();
        }
        int d = ga.length / n;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int j = i * d; j < (i + 1) * d; j++) {
                dot += (double) ga[j] * gb[j];
                na += (double) ga[j] * ga[j];
                nb += (double) gb[j] * gb[j];
            }
            out[i] = na == 0 || nb == 0 ? Float.NaN : (float) (dot / Math.sqrt(na * nb));
        }
        return out;
    }
}
