package org.robustj.certify.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.robustj.certify.Certifier;
import org.robustj.certify.Certifiers;
import org.robustj.certify.CertifyConfig;
import org.robustj.certify.PointCertificate;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.model.graph.LayerGraph;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/** The bound certifiers: registry, monotone in ε, never verifying a misclassified point, clear errors. */
class BoundCertifierTest {
    static {
        Engines.pytorch();
    }

    private static final List<Double> EPS = List.of(0.05, 0.0, 0.2, 0.01, 0.1);

    private static CertifyConfig config(Norm norm, List<Double> eps) {
        return new CertifyConfig(norm, eps, 0.25, 100, 1000, 0.001, 4, 0);
    }

    @Test
    void registryHasTheBoundMethods() {
        assertTrue(Certifiers.names().containsAll(Set.of("ibp", "crown", "crown-ibp", "alpha-crown")));
        for (String name : List.of("ibp", "crown", "crown-ibp", "alpha-crown")) {
            Certifier c = Certifiers.create(name);
            assertEquals(name, c.name());
            assertTrue(c.needsGraph());
        }
    }

    @Property(tries = 12, seed = "31")
    void verifiedAtEpsImpliesVerifiedAtEverySmallerEps(@ForAll @IntRange(min = 0, max = 100000) int seed,
            @ForAll @IntRange(min = 0, max = 3) int which) {
        SplittableRandom r = new SplittableRandom(seed);
        Norm norm = Norm.values()[r.nextInt(3)];
        String method = List.of("ibp", "crown", "crown-ibp", "alpha-crown").get(which);
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TestGraphs.mlp(m, r, 5, 10, 10, 3);
            NDArray x = TestGraphs.uniform(m, r, 0, 1, new Shape(6, 5));
            int[] labels = argmax(g.forward(x).toFloatArray(), 6, 3);
            labels[0] = (labels[0] + 1) % 3;
            List<PointCertificate> certs = Certifiers.create(method).certify(new GraphClassifier(g, m, 3, true), x,
                    labels, new int[] {10, 11, 12, 13, 14, 15}, config(norm, EPS));
            assertEquals(6, certs.size());
            for (PointCertificate pc : certs) {
                for (int a = 0; a < EPS.size(); a++) {
                    for (int b = 0; b < EPS.size(); b++) {
                        if (EPS.get(b) < EPS.get(a) && pc.verified().get(a)) {
                            assertTrue(pc.verified().get(b), method + ": verified at " + EPS.get(a) + " not "
                                    + EPS.get(b));
                        }
                        if (EPS.get(b) < EPS.get(a)) {
                            for (int j = 0; j < 3; j++) {
                                assertTrue(pc.marginLowerBounds().get(b)[j] >= pc.marginLowerBounds().get(a)[j]);
                            }
                        }
                    }
                }
                double radius = 0;
                for (int e = 0; e < EPS.size(); e++) if (pc.verified().get(e)) radius = Math.max(radius, EPS.get(e));
                assertEquals(radius, pc.radius());
                assertEquals(0.0, pc.marginLowerBounds().get(0)[pc.label()]);
            }
            assertEquals(10, certs.get(0).index());
        }
    }

    @Test
    void misclassifiedPointIsNeverVerified() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom r = new SplittableRandom(5);
            LayerGraph g = TestGraphs.mlp(m, r, 4, 3);
            NDArray x = TestGraphs.uniform(m, r, 0, 1, new Shape(8, 4));
            int[] pred = argmax(g.forward(x).toFloatArray(), 8, 3);
            int[] wrong = new int[8];
            for (int i = 0; i < 8; i++) wrong[i] = (pred[i] + 1 + i % 2) % 3;
            for (String method : List.of("ibp", "crown", "crown-ibp", "alpha-crown")) {
                List<PointCertificate> certs = Certifiers.create(method).certify(new GraphClassifier(g, m, 3, true),
                        x, wrong, new int[8], config(Norm.LINF, List.of(0.0, 0.01)));
                for (int i = 0; i < 8; i++) {
                    assertEquals(pred[i], certs.get(i).prediction(), "prediction is the clean argmax");
                    assertFalse(certs.get(i).verified().contains(true), method + " verified a misclassified point");
                    assertEquals(0.0, certs.get(i).radius());
                }
                // the same points with their own predictions as labels are verified at ε = 0 (margins are exact)
                List<PointCertificate> right = Certifiers.create(method).certify(
                        new GraphClassifier(g, m, 3, true), x, pred, new int[8], config(Norm.LINF, List.of(0.0)));
                for (PointCertificate pc : right) assertTrue(pc.verified().get(0), method + " at ε = 0");
            }
        }
    }

    @Test
    void alphaCrownIsNeverLooserThanCrown() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom r = new SplittableRandom(9);
            LayerGraph g = TestGraphs.mlp(m, r, 5, 12, 12, 3);
            NDArray x = TestGraphs.uniform(m, r, 0, 1, new Shape(10, 5));
            int[] labels = argmax(g.forward(x).toFloatArray(), 10, 3);
            GraphClassifier model = new GraphClassifier(g, m, 3, true);
            CertifyConfig cfg = config(Norm.LINF, List.of(0.05, 0.15));
            List<PointCertificate> crown = Certifiers.create("crown").certify(model, x, labels, new int[10], cfg);
            List<PointCertificate> alpha = Certifiers.create("alpha-crown").certify(model, x, labels, new int[10],
                    cfg);
            for (int i = 0; i < 10; i++) {
                for (int e = 0; e < 2; e++) {
                    for (int j = 0; j < 3; j++) {
                        assertTrue(alpha.get(i).marginLowerBounds().get(e)[j]
                                >= crown.get(i).marginLowerBounds().get(e)[j] - 1e-9, "point " + i + " class " + j);
                    }
                    if (crown.get(i).verified().get(e)) assertTrue(alpha.get(i).verified().get(e));
                }
            }
        }
    }

    @Test
    void crownBasedCertifiersAreNeverLooserThanIbp() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom r = new SplittableRandom(8);
            LayerGraph g = TestGraphs.mlp(m, r, 5, 12, 12, 3);
            NDArray x = TestGraphs.uniform(m, r, 0, 1, new Shape(10, 5));
            int[] labels = argmax(g.forward(x).toFloatArray(), 10, 3);
            GraphClassifier model = new GraphClassifier(g, m, 3, true);
            CertifyConfig cfg = config(Norm.LINF, List.of(0.1));
            List<PointCertificate> ibp = Certifiers.create("ibp").certify(model, x, labels, new int[10], cfg);
            for (String method : List.of("crown", "crown-ibp", "alpha-crown")) {
                List<PointCertificate> other = Certifiers.create(method).certify(model, x, labels, new int[10], cfg);
                for (int i = 0; i < 10; i++) {
                    for (int j = 0; j < 3; j++) {
                        assertTrue(other.get(i).marginLowerBounds().get(0)[j]
                                >= ibp.get(i).marginLowerBounds().get(0)[j]);
                    }
                }
            }
        }
    }

    @Test
    void opaqueModelIsAnErrorThatSuggestsOnnx() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TestGraphs.mlp(m, new SplittableRandom(1), 4, 3);
            NDArray x = m.zeros(new Shape(1, 4));
            MissingCapabilityException e = assertThrows(MissingCapabilityException.class, () -> Certifiers
                    .create("crown").certify(new GraphClassifier(g, m, 3, false), x, new int[] {0}, new int[1],
                            config(Norm.LINF, List.of(0.1))));
            assertTrue(e.getMessage().startsWith("bound propagation needs a readable layer graph")
                    && e.getMessage().contains("torch.onnx.export") && e.getMessage().contains("--method smoothing"),
                    e.getMessage());
        }
    }

    @Test
    void crownMeetingMaxPoolIsAnErrorThatSuggestsIbp() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TestGraphs.everyOperator(m, new SplittableRandom(2), true, false, false, 3);
            NDArray x = TestGraphs.uniform(m, new SplittableRandom(3), 0, 1, new Shape(2).addAll(TestGraphs.IMAGE));
            GraphClassifier model = new GraphClassifier(g, m, 3, true);
            for (String method : List.of("crown", "crown-ibp")) {
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> Certifiers.create(method)
                        .certify(model, x, new int[] {0, 1}, new int[2], config(Norm.LINF, List.of(0.1))));
                assertTrue(e.getMessage().contains("MaxPool") && e.getMessage().contains("node pool")
                        && e.getMessage().contains("--method ibp"), e.getMessage());
            }
            assertEquals(2, Certifiers.create("ibp").certify(model, x, new int[] {0, 1}, new int[2],
                    config(Norm.LINF, List.of(0.1))).size());
        }
    }

    @Test
    void negativeEpsIsAnError() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TestGraphs.mlp(m, new SplittableRandom(1), 4, 3);
            assertThrows(InvalidInputException.class, () -> Certifiers.create("ibp").certify(
                    new GraphClassifier(g, m, 3, true), m.zeros(new Shape(1, 4)), new int[] {0}, new int[1],
                    config(Norm.LINF, List.of(-0.1))));
        }
    }

    static int[] argmax(float[] z, int n, int k) {
        int[] r = new int[n];
        for (int p = 0; p < n; p++) {
            for (int j = 1; j < k; j++) if (z[p * k + j] > z[p * k + r[p]]) r[p] = j;
        }
        return r;
    }
}
