package org.robustj.certify;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.robustj.model.Classifier;

/** Registers the test-only certifiers under {@code test-*} names (idempotent), for runner and CLI tests. */
public final class TestCertifiers {
    private TestCertifiers() {}

    /** Bound-shaped, exact for affine models. */
    public static final String LINEAR = "test-linear";
    /** Smoothing-shaped (radius, one point per call), exact for affine models. */
    public static final String RADIUS = "test-linear-radius";
    /** Certifies every correctly classified point at every ε: a certifier bug to be caught. */
    public static final String WRONG = "test-wrong";
    /** Needs the layer graph and never gets to certify in tests (models without a graph are refused). */
    public static final String GRAPH = "test-graph";

    /** Registers every test certifier. */
    public static void register() {
        Certifiers.registerIfAbsent(LINEAR, () -> new LinearProbeCertifier(LINEAR, LinearProbeCertifier.Mode.BOUNDS, 0));
        Certifiers.registerIfAbsent(RADIUS, () -> new LinearProbeCertifier(RADIUS, LinearProbeCertifier.Mode.RADIUS, 1));
        Certifiers.registerIfAbsent(WRONG, WrongCertifier::new);
        Certifiers.registerIfAbsent(GRAPH, () -> new Certifier() {
            @Override
            public String name() {
                return GRAPH;
            }

            @Override
            public boolean needsGraph() {
                return true;
            }

            @Override
            public List<PointCertificate> certify(Classifier model, NDArray x, int[] labels, int[] indices,
                    CertifyConfig config) {
                throw new AssertionError("a model without a layer graph reached a certifier that needs one");
            }
        });
    }
}
