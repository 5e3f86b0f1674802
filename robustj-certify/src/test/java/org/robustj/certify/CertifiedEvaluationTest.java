package org.robustj.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.tensor.Engines;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;

/** The certification runner against closed-form certificates of linear models. */
class CertifiedEvaluationTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        Engines.pytorch();
    }

    private static CertifyConfig config(Norm norm, List<Double> eps, int batch) {
        return new CertifyConfig(norm, eps, 0.25, 100, 1000, 0.001, batch, 7);
    }

    private static LinearProbeCertifier bounds(int perCall) {
        return new LinearProbeCertifier("linear", LinearProbeCertifier.Mode.BOUNDS, perCall);
    }

    @Test
    void certifiedAccuracyEqualsTheShareOfPointsFartherThanEpsFromEveryBoundary() {
        try (NDManager m = NDManager.newBaseManager(); Oracles.LinearProblem p = Oracles.linear(m, 4, 12, 60, 3)) {
            Dataset data = p.data().data();
            for (Norm norm : List.of(Norm.LINF, Norm.L2, Norm.L1)) {
                double[] dist = new double[data.size()];
                for (int i = 0; i < dist.length; i++) {
                    dist[i] = p.model().minimalDistance(data.values(new int[] {i}), data.label(i), norm);
                }
                double[] sorted = dist.clone();
                java.util.Arrays.sort(sorted);
                // radii between the points' distances, so float rounding cannot decide the count
                List<Double> eps = List.of((sorted[9] + sorted[10]) / 2, (sorted[29] + sorted[30]) / 2, 0.0);
                CertifyResult r = new CertifiedEvaluation(bounds(0), config(norm, eps, 16), null, null)
                        .run(p.model(), data);
                assertEquals(data.size(), r.size());
                for (int e = 0; e < eps.size(); e++) {
                    int expected = 0;
                    for (int i = 0; i < dist.length; i++) {
                        if (data.label(i) == r.clean().predictions()[i] && dist[i] > eps.get(e)) expected++;
                    }
                    assertEquals(expected / (double) data.size(), r.certifiedAccuracy(e), 1e-12, norm + " eps " + eps.get(e));
                }
                assertEquals(r.clean().accuracy(), r.certifiedAccuracy(2), 1e-12, "at eps 0 certified = clean accuracy");
                assertTrue(r.certifiedAccuracy(0) > r.certifiedAccuracy(1), "the radii were chosen to separate points");
            }
        }
    }

    @Test
    void resultsDoNotDependOnBatching() {
        try (NDManager m = NDManager.newBaseManager(); Oracles.LinearProblem p = Oracles.linear(m, 3, 8, 23, 5)) {
            Dataset data = p.data().data();
            CertifyConfig one = config(Norm.L2, List.of(0.05, 0.1), 1);
            CertifyConfig seven = config(Norm.L2, List.of(0.05, 0.1), 7);
            CertifyResult a = new CertifiedEvaluation(bounds(0), one, null, null).run(p.model(), data);
            CertifyResult b = new CertifiedEvaluation(bounds(0), seven, null, null).run(p.model(), data);
            for (int i = 0; i < data.size(); i++) {
                assertEquals(i, a.certificates().get(i).index());
                assertEquals(a.certificates().get(i).verified(), b.certificates().get(i).verified(), "point " + i);
                assertEquals(a.certificates().get(i).radius(), b.certificates().get(i).radius(), 1e-6, "point " + i);
            }
        }
    }

    @Test
    void aKilledRunResumesFromItsStateWithoutRedoingPoints() throws Exception {
        Path state = tmp.resolve("state.json");
        try (NDManager m = NDManager.newBaseManager(); Oracles.LinearProblem p = Oracles.linear(m, 3, 8, 20, 9)) {
            Dataset data = p.data().data();
            CertifyConfig cfg = config(Norm.LINF, List.of(0.01, 0.03), 4);
            CertifyResult full = new CertifiedEvaluation(bounds(0), cfg, null, null).run(p.model(), data);
            CertifyListener killer = new CertifyListener() {
                @Override
                public void progress(int done, int certified) {
                    if (done >= 8) throw new IllegalStateException("killed");
                }
            };
            LinearProbeCertifier first = bounds(0);
            assertThrows(IllegalStateException.class,
                    () -> new CertifiedEvaluation(first, cfg, killer, state).run(p.model(), data));
            assertTrue(Files.exists(state));
            LinearProbeCertifier second = bounds(0);
            int[] progressSeen = new int[1];
            CertifyListener counting = new CertifyListener() {
                @Override
                public void started(String method, int points, int done) {
                    progressSeen[0] = done;
                }
            };
            CertifyResult resumed = new CertifiedEvaluation(second, cfg, counting, state).run(p.model(), data);
            assertEquals(8, progressSeen[0], "the resumed run starts from the 8 points done");
            assertEquals(12, second.seen.size(), "resumed run certified again points already done: " + second.seen);
            assertTrue(second.seen.stream().allMatch(i -> i >= 8), second.seen.toString());
            assertEquals(full.certifiedAccuracies(), resumed.certifiedAccuracies());
            for (int i = 0; i < data.size(); i++) {
                assertEquals(full.certificates().get(i).verified(), resumed.certificates().get(i).verified());
            }
            // another configuration is refused on the same state
            CertifyConfig other = config(Norm.LINF, List.of(0.02), 4);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new CertifiedEvaluation(bounds(0), other, null, state).run(p.model(), data));
            assertTrue(e.getMessage().contains("different certification"), e.getMessage());
        }
    }

    @Test
    void everyConfigurationFieldOutOfRangeNamesItsOptionBeforeAnyWork() {
        Object[][] bad = {
            {new CertifyConfig(Norm.L2, List.of(0.5), 0, 100, 1000, 0.001, 10, 0), "--sigma"},
            {new CertifyConfig(Norm.L2, List.of(0.5), Double.NaN, 100, 1000, 0.001, 10, 0), "--sigma"},
            {new CertifyConfig(Norm.L2, List.of(0.5), Double.POSITIVE_INFINITY, 100, 1000, 0.001, 10, 0), "--sigma"},
            {new CertifyConfig(Norm.L2, List.of(0.5), 0.25, 0, 1000, 0.001, 10, 0), "--n0"},
            {new CertifyConfig(Norm.L2, List.of(0.5), 0.25, 100, 0, 0.001, 10, 0), "--samples"},
            {new CertifyConfig(Norm.L2, List.of(0.5), 0.25, 100, 1000, 0, 10, 0), "--alpha"},
            {new CertifyConfig(Norm.L2, List.of(0.5), 0.25, 100, 1000, 1, 10, 0), "--alpha"},
            {new CertifyConfig(Norm.L2, List.of(0.5), 0.25, 100, 1000, Double.NaN, 10, 0), "--alpha"},
            {new CertifyConfig(Norm.L2, List.of(0.5), 0.25, 100, 1000, 0.001, 0, 0), "--batch-size"},
            {new CertifyConfig(Norm.L2, List.of(-0.5), 0.25, 100, 1000, 0.001, 10, 0), "--eps"},
            {new CertifyConfig(Norm.L2, List.of(Double.NaN), 0.25, 100, 1000, 0.001, 10, 0), "--eps"},
            {new CertifyConfig(Norm.LINF, List.of(1.5), 0.25, 100, 1000, 0.001, 10, 0), "--eps"},
            {new CertifyConfig(Norm.LINF, List.of(), 0.25, 100, 1000, 0.001, 10, 0), "--eps"},
        };
        for (Object[] b : bad) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new CertifiedEvaluation(bounds(0), (CertifyConfig) b[0], null, null), b[0].toString());
            assertTrue(e.getMessage().startsWith((String) b[1]), e.getMessage());
        }
    }

    @Test
    void aMethodThatNeedsTheGraphRefusesAnOpaqueModelAndSaysHowToExport() {
        TestCertifiers.register();
        try (NDManager m = NDManager.newBaseManager(); Oracles.LinearProblem p = Oracles.linear(m, 3, 8, 5, 1)) {
            CertifiedEvaluation run = new CertifiedEvaluation(TestCertifiers.GRAPH, config(Norm.LINF, List.of(0.1), 4));
            // a missing declared capability (the layer graph), not bad input
            org.robustj.errors.MissingCapabilityException e = assertThrows(
                    org.robustj.errors.MissingCapabilityException.class, () -> run.run(p.model(), p.data().data()));
            assertTrue(e.getMessage().contains("torch.onnx.export") && e.getMessage().contains("--model net.onnx")
                    && e.getMessage().contains("--method smoothing"), e.getMessage());
        }
    }

    @Test
    void aCertifierThatReturnsTheWrongPointsIsCaught() {
        Certifier shifted = new Certifier() {
            @Override
            public String name() {
                return "shifted";
            }

            @Override
            public boolean needsGraph() {
                return false;
            }

            @Override
            public List<PointCertificate> certify(org.robustj.model.Classifier model, ai.djl.ndarray.NDArray x,
                    int[] labels, int[] indices, CertifyConfig config) {
                List<PointCertificate> out = new java.util.ArrayList<>();
                for (int i = 0; i < labels.length; i++) {
                    out.add(new PointCertificate(indices[i] + 1, labels[i], labels[i], 0, List.of(), List.of(), 0));
                }
                return out;
            }
        };
        try (NDManager m = NDManager.newBaseManager(); Oracles.LinearProblem p = Oracles.linear(m, 3, 8, 5, 1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new CertifiedEvaluation(shifted, config(Norm.L2, List.of(0.1), 4), null, null)
                            .run(p.model(), p.data().data()));
            assertTrue(e.getMessage().contains("point 1") && e.getMessage().contains("point 0"), e.getMessage());
        }
    }

    @Test
    void aPointCertifiedButBrokenByAnAttackIsAViolation() {
        try (NDManager m = NDManager.newBaseManager(); Oracles.LinearProblem p = Oracles.linear(m, 3, 8, 10, 2)) {
            Dataset data = p.data().data();
            CertifyResult r = new CertifiedEvaluation(new WrongCertifier(), config(Norm.LINF, List.of(0.5), 4), null,
                    null).run(p.model(), data);
            boolean[] robust = new boolean[data.size()];
            String[] by = new String[data.size()];
            java.util.Arrays.fill(by, "apgd-ce");
            robust[3] = true;
            List<CertifiedVsRobust.Violation> v = CertifiedVsRobust.violations(r, List.<boolean[]>of(robust), List.<String[]>of(by));
            int certified = (int) Math.round(r.certifiedAccuracy(0) * data.size());
            assertEquals(certified - (r.certified(3, 0) ? 1 : 0), v.size());
            assertTrue(v.stream().noneMatch(x -> x.index() == 3));
            assertTrue(v.stream().allMatch(x -> x.brokenBy().equals("apgd-ce") && x.eps() == 0.5));
        }
    }
}
