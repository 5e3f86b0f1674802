package org.robustj.certify.smoothing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustj.certify.Certifiers;
import org.robustj.certify.CertifyConfig;
import org.robustj.certify.PointCertificate;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Classifier;
import org.robustj.tensor.Engines;
import org.robustj.testkit.LinearClassifier;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;

/** certify and predict on classifiers whose smoothed behaviour is known in closed form. */
class RandomizedSmoothingCertifierTest {
    private static final NormalDistribution PHI = new NormalDistribution(null, 0, 1);
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

    /** Every input gets class {@code c} of {@code k}: zero weights, bias 1 on class c. */
    private static LinearClassifier constant(int k, int d, int c) {
        float[][] w = new float[k][d];
        float[] b = new float[k];
        b[c] = 1;
        return new LinearClassifier(manager, w, b);
    }

    /** Two classes split by the hyperplane x_0 = 1/2: a point with x_0 = 1/2 is a fair coin under noise. */
    private static LinearClassifier halfPlane(int d) {
        float[][] w = new float[2][d];
        w[0][0] = 1;
        w[1][0] = -1;
        return new LinearClassifier(manager, w, new float[] {-0.5f, 0.5f});
    }

    private static NDArray filled(int n, int d, float v) {
        return manager.full(new Shape(n, d), v);
    }

    private static int[] range(int from, int n) {
        return IntStream.range(from, from + n).toArray();
    }

    @Test
    void constantClassifierGetsTheMaximalRadius() {
        try (LinearClassifier m = constant(4, 6, 2); NDArray x = filled(3, 6, 0.3f)) {
            SmoothingConfig c = new SmoothingConfig(0.5, 10, 2000, 0.001, 300, 7);
            double max = 0.5 * PHI.inverseCumulativeProbability(Math.pow(0.001, 1.0 / 2000));
            for (SmoothingCertificate r : smoothing.certify(m, x, new int[] {2, 2, 1}, range(0, 3), c)) {
                assertEquals(2, r.prediction());
                assertEquals(2000, r.candidateCount());
                assertEquals(max, r.radius(), 1e-12);
            }
            for (SmoothedPrediction p : smoothing.predict(m, x, range(0, 3), c)) {
                assertEquals(2, p.prediction());
                assertEquals(0, p.secondCount());
            }
        }
    }

    @Test
    void coinFlipAbstainsWithRadiusExactlyZero() {
        try (LinearClassifier m = halfPlane(3); NDArray x = filled(20, 3, 0.5f)) {
            SmoothingConfig c = new SmoothingConfig(0.25, 100, 2000, 0.001, 500, 3);
            int abstained = 0;
            for (SmoothingCertificate r : smoothing.certify(m, x, new int[20], range(0, 20), c)) {
                assertTrue(r.candidateCount() > 800 && r.candidateCount() < 1200, "count " + r.candidateCount());
                if (r.abstained()) {
                    abstained++;
                    assertEquals(0.0, r.radius());
                    assertEquals(-1, r.toPointCertificate().prediction());
                    assertEquals(0.0, r.toPointCertificate().radius());
                }
            }
            // p_A = 1/2 exactly: a lower bound >= 1/2 happens with probability <= alpha per point
            assertEquals(20, abstained);
            // predict returns a class only if the test rejects p = 1/2 at level alpha
            long answered = smoothing.predict(m, x, range(0, 20), c).stream()
                    .filter(p -> p.prediction() >= 0).count();
            assertEquals(0, answered);
        }
    }

    @Test
    void radiusIsZeroExactlyWhenAbstaining() {
        try (Oracles.LinearProblem p = Oracles.linear(manager, 3, 8, 30, 5)) {
            SmoothingConfig c = new SmoothingConfig(0.1, 50, 200, 0.001, 128, 1);
            NDArray x = p.data().data().batch(manager, range(0, 30));
            int abstained = 0;
            for (SmoothingCertificate r : smoothing.certify(p.model(), x, p.data().data().labels(), range(0, 30), c)) {
                assertEquals(r.abstained(), r.radius() == 0.0, "point " + r.index());
                assertEquals(r.abstained(), r.pALower() < 0.5);
                if (r.abstained()) abstained++;
            }
            assertTrue(abstained > 0 && abstained < 30, "both cases should occur, abstained " + abstained);
        }
    }

    @Test
    void sameSeedSameResultAndBatchingDoesNotMatter() {
        try (Oracles.LinearProblem p = Oracles.linear(manager, 3, 10, 12, 11)) {
            Dataset data = p.data().data();
            int[] all = range(0, 12);
            NDArray x = data.batch(manager, all);
            SmoothingConfig c = new SmoothingConfig(0.3, 37, 700, 0.01, 1000, 42);
            List<SmoothingCertificate> ref = smoothing.certify(p.model(), x, data.labels(), all, c);
            assertResultsEqual(ref, smoothing.certify(p.model(), x, data.labels(), all, c));
            for (int b : new int[] {2, 7, 64}) {
                assertResultsEqual(ref, smoothing.certify(p.model(), x, data.labels(), all, c.withBatchSize(b)));
            }
            // the same points certified one at a time, in reverse order, keep their results
            List<SmoothingCertificate> single = new ArrayList<>();
            for (int i = 11; i >= 0; i--) {
                int[] one = {i};
                single.add(0, smoothing.certify(p.model(), data.batch(manager, one), new int[] {data.label(i)}, one,
                        c.withBatchSize(11)).get(0));
            }
            assertResultsEqual(ref, single);
            List<SmoothedPrediction> pr = smoothing.predict(p.model(), x, all, c);
            assertEquals(pr, smoothing.predict(p.model(), x, all, c.withBatchSize(5)));
            // another seed draws other noise
            List<SmoothingCertificate> other = smoothing.certify(p.model(), x, data.labels(), all, c.withSeed(43));
            assertNotEquals(ref.stream().map(SmoothingCertificate::candidateCount).toList(),
                    other.stream().map(SmoothingCertificate::candidateCount).toList());
        }
    }

    @Test
    void workerThreadsDoNotChangeTheCounts() throws Exception {
        // 2.5 chunks: on the worker pool (chunks in parallel) and on a thread that runs them in turn
        try (Oracles.LinearProblem p = Oracles.linear(manager, 3, 10, 2, 13)) {
            Dataset data = p.data().data();
            NDArray x = data.batch(manager, range(0, 2));
            SmoothingConfig c = new SmoothingConfig(0.4, 100, NoiseSampler.CHUNK * 5 / 2, 0.001, 4000, 9);
            List<SmoothingCertificate> parallel = smoothing.certify(p.model(), x, data.labels(), range(0, 2), c);
            List<List<SmoothingCertificate>> inTurn = new ArrayList<>();
            Thread t = new Thread(() -> {
                Engines.initWorkerThread(1);
                inTurn.add(smoothing.certify(p.model(), x, data.labels(), range(0, 2), c.withBatchSize(999)));
            }, NoiseSampler.WORKER_NAME);
            t.start();
            t.join();
            assertResultsEqual(parallel, inTurn.get(0));
        }
    }

    private static void assertResultsEqual(List<SmoothingCertificate> a, List<SmoothingCertificate> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            SmoothingCertificate x = a.get(i);
            SmoothingCertificate y = b.get(i);
            assertEquals(x.index(), y.index());
            assertEquals(x.prediction(), y.prediction());
            assertEquals(x.candidate(), y.candidate());
            assertEquals(x.candidateCount(), y.candidateCount(), "point " + x.index());
            assertEquals(Double.doubleToLongBits(x.radius()), Double.doubleToLongBits(y.radius()));
        }
    }

    @Test
    void certifiedRadiusNeverExceedsTheTrueRadiusOfALinearModel() {
        // two classes: P(f(x + δ) = y) = Φ(m / (σ‖w_y − w_j‖)) exactly, so the smoothed classifier's true radius
        // is σ·Φ⁻¹(p_A) = m / ‖w_y − w_j‖, the base model's own L2 distance to the boundary
        int n = 200;
        double sigma = 0.12;
        double alpha = 0.01;
        try (Oracles.LinearProblem p = Oracles.linear(manager, 2, 16, n, 21)) {
            Dataset data = p.data().data();
            int[] all = range(0, n);
            float[] xs = data.values(all);
            NDArray x = data.batch(manager, all);
            SmoothingConfig c = new SmoothingConfig(sigma, 100, 4000, alpha, 1000, 0);
            List<SmoothingCertificate> rs = smoothing.certify(p.model(), x, data.labels(), all, c);
            int above = 0;
            double ratio = 0;
            for (SmoothingCertificate r : rs) {
                float[] xi = java.util.Arrays.copyOfRange(xs, r.index() * 16, (r.index() + 1) * 16);
                double truth = p.model().minimalDistance(xi, r.label(), Norm.L2);
                double pTrue = PHI.cumulativeProbability(truth / sigma);
                assertEquals(truth, sigma * PHI.inverseCumulativeProbability(pTrue), 1e-9);
                if (!r.abstained()) {
                    assertEquals(r.label(), r.prediction(), "p_A > 1/2 for the true class, point " + r.index());
                    if (r.radius() > truth) above++;
                    ratio += r.radius() / truth;
                }
            }
            // each trial fails with probability <= alpha (0.01): P(Binomial(200, 0.01) > 6) < 0.001
            assertTrue(above <= 6, above + " of " + n + " certified radii above the true one");
            // and the certificate is not vacuous: with n = 4000 it gets close to the truth
            assertTrue(ratio / n > 0.8, "mean certified/true radius " + ratio / n);
        }
    }

    @Test
    void certifierInterfaceAndRegistryAgree() {
        try (LinearClassifier m = constant(3, 4, 1); NDArray x = filled(2, 4, 0.5f)) {
            CertifyConfig cc = new CertifyConfig(Norm.L2, List.of(0.5), 0.25, 10, 1000, 0.001, 500, 0);
            List<PointCertificate> pcs = Certifiers.create("smoothing").certify(m, x, new int[] {1, 0},
                    new int[] {4, 9}, cc);
            assertEquals(2, pcs.size());
            assertEquals(4, pcs.get(0).index());
            assertTrue(pcs.get(0).certifiedAt(0.5));
            assertTrue(!pcs.get(1).certifiedAt(0.0), "wrong class is never certified");
            assertTrue(pcs.get(0).marginLowerBounds().isEmpty());
            assertEquals("smoothing", Certifiers.create("smoothing").name());
        }
    }

    @Test
    void badSettingsAndInputsAreOneLineErrors() {
        assertThrows(InvalidInputException.class, () -> new SmoothingConfig(0, 100, 1000, 0.001, 100, 0));
        assertThrows(InvalidInputException.class, () -> new SmoothingConfig(Double.NaN, 100, 1000, 0.001, 100, 0));
        assertThrows(InvalidInputException.class, () -> new SmoothingConfig(0.25, 0, 1000, 0.001, 100, 0));
        assertThrows(InvalidInputException.class, () -> new SmoothingConfig(0.25, 100, 0, 0.001, 100, 0));
        assertThrows(InvalidInputException.class, () -> new SmoothingConfig(0.25, 100, 1000, 1.0, 100, 0));
        assertThrows(InvalidInputException.class, () -> new SmoothingConfig(0.25, 100, 1000, 0.0, 100, 0));
        assertThrows(InvalidInputException.class, () -> new SmoothingConfig(0.25, 100, 1000, 0.001, 0, 0));
        try (LinearClassifier m = constant(3, 4, 1); NDArray wrongShape = filled(2, 5, 0.5f);
                NDArray outside = filled(2, 4, 1.5f)) {
            SmoothingConfig c = SmoothingConfig.defaults(0.25).withN(10);
            assertThrows(InvalidInputException.class,
                    () -> smoothing.certify(m, wrongShape, new int[2], range(0, 2), c));
            assertThrows(InvalidInputException.class, () -> smoothing.certify(m, outside, new int[2], range(0, 2), c));
            CertifyConfig linf = new CertifyConfig(Norm.LINF, List.of(0.1), 0.25, 10, 10, 0.001, 10, 0);
            assertThrows(InvalidInputException.class,
                    () -> smoothing.certify((Classifier) m, filled(2, 4, 0.5f), new int[2], range(0, 2), linf));
        }
    }
}
