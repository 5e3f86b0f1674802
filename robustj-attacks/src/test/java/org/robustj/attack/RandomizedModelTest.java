package org.robustj.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustj.attack.ensemble.AutoEvaluation;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.attack.ensemble.EvaluationResult;
import org.robustj.attack.ensemble.Records;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.EnsembleModel;
import org.robustj.model.GaussianNoiseModel;
import org.robustj.model.ModelCapability;
import org.robustj.model.RandomDraws;
import org.robustj.testkit.DelegatingClassifier;
import org.robustj.testkit.LinearClassifier;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * Randomized and Bayesian models (issue 12 item 4), against ground truth that needs no reference: input noise
 * that hides a zero-robustness linear classifier behind high-variance gradients (24% robust to APGD-CE following
 * one draw per step) is seen through by EOT (1%); the
 * judgement over several draws counts broken a point that one draw in ten breaks; an ensemble of identical
 * members is the member; members that do not fit are refused; draws keyed by point index make a randomized
 * evaluation independent of the batching; the low-entropy attack's points stay below an entropy detector's
 * threshold.
 */
class RandomizedModelTest {
    static NDManager manager;
    static Oracles.LinearProblem problem;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        problem = Oracles.linear(manager, 3, 16, 80, 11);
    }

    @AfterAll
    static void tearDown() {
        problem.close();
        manager.close();
    }

    static Dataset data() {
        return problem.data().data();
    }

    /** A fresh linear model with the problem's weights (scaled logits: a distinct source name). */
    static LinearClassifier linear(double scale) {
        return new LinearClassifier(manager, problem.data().weights(), problem.data().bias(),
                new ai.djl.ndarray.types.Shape(16), scale);
    }

    /** The largest closed-form L∞ distance of any correctly classified point to an error of the linear model. */
    static double largestDistance() {
        double worst = 0;
        Dataset d = data();
        float[] x = d.values(d.allIndices());
        int dim = 16;
        for (int i = 0; i < d.size(); i++) {
            float[] xi = Arrays.copyOfRange(x, i * dim, (i + 1) * dim);
            worst = Math.max(worst, problem.model().minimalDistance(xi, d.label(i), Norm.LINF));
        }
        return worst;
    }

    /**
     * The linear model plus a ripple a·sin(ω·v_c·x) on every logit: tiny in value, but its gradient, a·ω per
     * coordinate, is {@code ratio} times the largest linear weight. Under input noise of σ with ω·σ·‖v‖ ≫ 1 the
     * ripple averages out of the predictions, so the posterior predictive is (nearly) the linear model, whose
     * robustness at 2× the largest minimal distance is zero; each single draw's gradient, though, is dominated by
     * the ripple's random phase.
     */
    static final class Rippled extends DelegatingClassifier {
        private final NDArray v;
        private final double a;
        private final double omega;

        Rippled(Classifier linear, double a, double omega) {
            super(linear);
            this.a = a;
            this.omega = omega;
            float[] s = new float[16 * 3];
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < s.length; i++) s[i] = r.nextBoolean() ? 1f : -1f;
            this.v = manager.create(s, new ai.djl.ndarray.types.Shape(16, 3));
        }

        @Override
        public NDArray logits(NDArray x) {
            NDArray flat = x.reshape(x.getShape().get(0), -1);
            return inner.logits(x).add(flat.matMul(v).mul(omega).sin().mul(a));
        }
    }

    static float maxWeight() {
        float m = 0;
        for (float[] row : problem.data().weights()) for (float w : row) m = Math.max(m, Math.abs(w));
        return m;
    }

    static GaussianNoiseModel hidden() {
        double a = 0.01;
        double omega = 4 * maxWeight() / a;
        return new GaussianNoiseModel(new Rippled(linear(1.0), a, omega), 4.0 / omega, 4, "noise:rippled");
    }

    static EvaluationResult evaluate(Classifier m, List<String> attacks, Map<String, Map<String, Object>> options,
            double eps, int batch, int[] points) {
        EvaluationConfig cfg = new EvaluationConfig(null, attacks, options, Norm.LINF, List.of(eps), 5, batch);
        return new AutoEvaluation(cfg).run(m, data(), points);
    }

    @Test
    void eotSeesThroughNoiseThatHidesAZeroRobustnessClassifier() {
        double eps = 2 * largestDistance();
        try (GaussianNoiseModel m = hidden()) {
            assertTrue(Capabilities.has(m, ModelCapability.RANDOMIZED));
            EvaluationResult eot = evaluate(m, List.of("apgd-ce"),
                    Map.of("apgd-ce", Map.of("steps", 50, "eot_iter", 20)), eps, 500, null);
            assertTrue(eot.clean().accuracy() > 0.9, "clean accuracy " + eot.clean().accuracy());
            assertTrue(eot.robustAccuracy() <= 0.05, "robust accuracy with EOT " + eot.robustAccuracy());
            // the same attack following one draw per step: the noise hides the classifier's weakness
            EvaluationResult one = evaluate(m, List.of("apgd-ce"), Map.of("apgd-ce", Map.of("steps", 50)), eps, 500,
                    null);
            assertTrue(one.robustAccuracy() >= 0.15, "robust accuracy without EOT " + one.robustAccuracy());
        }
    }

    /** A linear model that one of the ten judgement draws of each point turns wrong (its logits negated). */
    static final class OneDrawInTenBreaks extends DelegatingClassifier {
        private final Set<Long> breaking;

        OneDrawInTenBreaks(Classifier linear, Set<Long> breaking) {
            super(linear);
            this.breaking = breaking;
        }

        @Override
        public NDArray logits(NDArray x) {
            return inner.logits(x);
        }

        @Override
        public NDArray logits(NDArray x, long[] draws) {
            float[] sign = new float[draws.length];
            for (int i = 0; i < draws.length; i++) sign[i] = breaking.contains(draws[i]) ? -1f : 1f;
            return inner.logits(x).mul(x.getManager().create(sign, new ai.djl.ndarray.types.Shape(draws.length, 1)));
        }

        @Override
        public Set<ModelCapability> capabilities() {
            Set<ModelCapability> c = super.capabilities();
            c.add(ModelCapability.RANDOMIZED);
            return c;
        }
    }

    @Test
    void theJudgementCountsBrokenAPointThatOneDrawInTenBreaks() {
        long seed = 77;
        int n = 20;
        int[] points = new int[n];
        Arrays.setAll(points, i -> 100 + 3 * i);
        Set<Long> breaking = new HashSet<>();
        for (int p : points) breaking.add(RandomDraws.key(seed, "judgement", p % RandomDraws.JUDGEMENT_DRAWS, p));
        Dataset d = data();
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        try (NDManager m = manager.newSubManager();
                Classifier model = new OneDrawInTenBreaks(linear(1.0), breaking)) {
            NDArray x = d.batch(m, idx);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) y[i] = d.label(i);
            // nine of the ten judgement draws of every point are right: a majority vote would call them robust
            int[] right = new int[n];
            for (int j = 0; j < RandomDraws.JUDGEMENT_DRAWS; j++) {
                long[] keys = new long[n];
                for (int i = 0; i < n; i++) keys[i] = RandomDraws.key(seed, "judgement", j, points[i]);
                int[] pred = Inputs.argmaxChecked(model.logits(x, keys), "m");
                for (int i = 0; i < n; i++) if (pred[i] == y[i]) right[i]++;
            }
            for (int i = 0; i < n; i++) assertEquals(RandomDraws.JUDGEMENT_DRAWS - 1, right[i], "point " + i);
            // an attack too weak to find anything (FGSM, eps 1e-5): every point is still judged broken
            Attack fgsm = AttackRegistry.create("fgsm", Map.of());
            AttackResult r = fgsm.run(model, new LabeledBatch(x, y), new ThreatModel(Norm.LINF, 1e-5, 0, 1),
                    AttackContext.seeded(seed).withPoints(points));
            boolean[] all = new boolean[n];
            Arrays.fill(all, true);
            assertArrayEquals(all, r.success());
            // the same model without the breaking draws: nothing broken, so the judgement above is no accident
            try (Classifier clean = new OneDrawInTenBreaks(linear(1.0), Set.of())) {
                AttackResult c = fgsm.run(clean, new LabeledBatch(x, y), new ThreatModel(Norm.LINF, 1e-5, 0, 1),
                        AttackContext.seeded(seed).withPoints(points));
                assertEquals(0, c.successes());
            }
        }
    }

    @Test
    void anEnsembleOfIdenticalMembersIsTheMember() {
        try (NDManager m = manager.newSubManager();
                EnsembleModel ens = new EnsembleModel(manager, List.of(linear(1.0), linear(1.0), linear(1.0)),
                        "ensemble:a,a,a");
                LinearClassifier one = linear(1.0)) {
            int[] idx = new int[data().size()];
            Arrays.setAll(idx, i -> i);
            NDArray x = data().batch(m, idx);
            float[] pe = ens.logits(x).exp().toFloatArray();
            float[] p1 = one.logits(x).softmax(1).toFloatArray();
            for (int i = 0; i < pe.length; i++) assertEquals(p1[i], pe[i], 1e-6, "probability " + i);
            assertTrue(!Capabilities.has(ens, ModelCapability.RANDOMIZED));
            double eps = 0.6 * largestDistance();
            Map<String, Map<String, Object>> o = Map.of("apgd-ce", Map.of("steps", 20));
            RunRecord re = record(evaluate(ens, List.of("apgd-ce"), o, eps, 500, null), ens);
            RunRecord r1 = record(evaluate(one, List.of("apgd-ce"), o, eps, 500, null), one);
            for (int i = 0; i < re.points().size(); i++) {
                assertEquals(r1.points().get(i).robust(), re.points().get(i).robust(), "point " + i);
            }
            assertTrue(re.points().stream().anyMatch(RunRecord.PointRecord::robust)
                    && re.points().stream().anyMatch(p -> !p.robust()), "a witness with robust and broken points");
        }
    }

    static RunRecord record(EvaluationResult r, Classifier m) {
        return Records.of(r, m, m.source(), data(), Json.tree(Map.of("seed", 5)), true);
    }

    @Test
    void membersThatDoNotFitAreRefusedByName() {
        float[][] w8 = new float[3][8];
        LinearClassifier small = new LinearClassifier(manager, w8, new float[3]);
        LinearClassifier ok = linear(2.0);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new EnsembleModel(manager, List.of(ok, small), "ensemble:a,b"));
        assertTrue(e.getMessage().startsWith("ensemble member linear takes inputs of shape (8)"), e.getMessage());
        assertTrue(e.getMessage().contains("but linear×2.0 takes (16)"), e.getMessage());
        float[][] w2 = new float[2][16];
        LinearClassifier binary = new LinearClassifier(manager, w2, new float[2]);
        InvalidInputException c = assertThrows(InvalidInputException.class,
                () -> new EnsembleModel(manager, List.of(ok, binary), "ensemble:a,b"));
        assertTrue(c.getMessage().contains("with 2 classes"), c.getMessage());
        small.close();
        ok.close();
        binary.close();
    }

    @Test
    void aRandomizedEvaluationDoesNotDependOnTheBatching() {
        double eps = 0.8 * largestDistance();
        Map<String, Map<String, Object>> o = Map.of("apgd-ce", Map.of("steps", 10, "eot_iter", 3),
                "square", Map.of("steps", 30), "low-entropy", Map.of("steps", 10, "eot_iter", 2));
        List<String> attacks = List.of("apgd-ce", "low-entropy", "square");
        try (GaussianNoiseModel m = new GaussianNoiseModel(linear(1.0), 0.02, 3, "noise:0.02:3:linear")) {
            RunRecord whole = record(evaluate(m, attacks, o, eps, 500, null), m);
            assertEquals(whole.points(), record(evaluate(m, attacks, o, eps, 7, null), m).points(), "batch 7");
            int[] a = new int[40];
            Arrays.setAll(a, i -> i);
            int[] b = new int[40];
            Arrays.setAll(b, i -> 40 + i);
            RunRecord merged = Records.merge(record(evaluate(m, attacks, o, eps, 50, a), m),
                    record(evaluate(m, attacks, o, eps, 13, b), m));
            assertEquals(whole.points(), merged.points(), "two partitions");
            // the entropy detector of each attack too: every point keeps its clean and adversarial entropy
            assertTrue(whole.attacks().stream().anyMatch(s -> s.entropy() != null), "no entropy summary");
            assertEquals(whole.attacks().stream().map(RunRecord.AttackSummary::entropy).toList(),
                    merged.attacks().stream().map(RunRecord.AttackSummary::entropy).toList(), "entropy summaries");
            assertTrue(whole.points().stream().anyMatch(p -> p.cleanCorrect() && !p.robust()), "some point broken");
            for (RunRecord.PointRecord p : whole.points()) {
                if (p.cleanCorrect() && !p.robust()) assertNotNull(p.entropy(), "entropy of broken point " + p.index());
            }
        }
    }

    @Test
    void theLowEntropyAttackStaysBelowAnEntropyDetectorsThreshold() {
        double eps = 2 * largestDistance();
        try (NDManager mm = manager.newSubManager();
                GaussianNoiseModel m = new GaussianNoiseModel(linear(1.0), 0.02, 4, "noise:0.02:4:linear")) {
            // the detector: flag inputs whose predictive entropy exceeds the 95th percentile of clean points'
            int[] idx = new int[data().size()];
            Arrays.setAll(idx, i -> i);
            float[] clean = RandomDraws.entropy(m.logits(data().batch(mm, idx))).toFloatArray();
            float[] sorted = clean.clone();
            Arrays.sort(sorted);
            float threshold = sorted[(int) Math.floor(0.95 * (sorted.length - 1))];
            RunRecord r = record(evaluate(m, List.of("low-entropy"), Map.of(), eps, 500, null), m);
            List<Float> h = new ArrayList<>();
            for (RunRecord.PointRecord p : r.points()) {
                if (p.cleanCorrect() && !p.robust()) h.add(p.entropy());
            }
            assertTrue(h.size() >= 0.9 * r.points().stream().filter(RunRecord.PointRecord::cleanCorrect).count(),
                    h.size() + " broken");
            long undetected = h.stream().filter(v -> v < threshold).count();
            assertTrue(undetected >= 0.9 * h.size(), undetected + " of " + h.size() + " below the threshold "
                    + threshold);
        }
    }
}
