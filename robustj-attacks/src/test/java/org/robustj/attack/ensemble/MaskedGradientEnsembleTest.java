package org.robustj.attack.ensemble;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustj.data.Dataset;
import org.robustj.eval.RunRecord;
import org.robustj.model.Classifier;
import org.robustj.testkit.MaskedClassifier;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;

/**
 * Gradient masking must not buy robustness under the standard ensemble: a model with logits ×1e4 or with
 * quantised inputs (exactly zero input gradient) may look more robust than the same model unmasked only by
 * the few points Square can legitimately miss, and the quantised one must raise the matching warnings.
 */
class MaskedGradientEnsembleTest {
    static NDManager manager;
    static Oracles.LinearProblem problem;
    static double eps;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        problem = Oracles.linear(manager, 4, 16, 40, 21);
        Dataset d = problem.data().data();
        float[] all = d.values(d.allIndices());
        double[] dist = new double[d.size()];
        for (int i = 0; i < d.size(); i++) {
            dist[i] = problem.model().minimalDistance(Arrays.copyOfRange(all, i * 16, (i + 1) * 16), d.label(i),
                    Norm.LINF);
        }
        Arrays.sort(dist);
        eps = dist[dist.length / 2]; // about half of the points are breakable
    }

    @AfterAll
    static void tearDown() {
        problem.close();
        manager.close();
    }

    private static EvaluationResult standard(Classifier model) {
        EvaluationConfig cfg = new EvaluationConfig("standard", null, null, Norm.LINF, List.of(eps), 0, 64);
        return new AutoEvaluation(cfg).run(model, problem.data().data());
    }

    private static boolean warned(EvaluationResult r, String check) {
        return r.warnings().stream().map(RunRecord.Warning::check).anyMatch(check::equals);
    }

    @Test
    void scaledLogitsDoNotLookMoreRobust() {
        double plain = standard(problem.model()).robustAccuracy();
        Classifier masked = MaskedClassifier.scaledLogits(problem.model(), 1e4);
        double m = standard(masked).robustAccuracy();
        assertTrue(plain <= 0.6, "eps should break about half of the points, robust " + plain);
        assertTrue(m <= plain + 0.05, "logits x1e4 look more robust: " + m + " vs " + plain);
    }

    @Test
    void quantisedInputsDoNotLookMoreRobustAndAreFlagged() {
        double plain = standard(problem.model()).robustAccuracy();
        EvaluationResult r = standard(MaskedClassifier.quantized(problem.model(), 256));
        assertTrue(r.robustAccuracy() <= plain + 0.1,
                "zero-gradient model looks more robust: " + r.robustAccuracy() + " vs " + plain);
        assertTrue(warned(r, "zero-gradient"), "zero-gradient warning missing: " + r.warnings());
        assertTrue(warned(r, "square-beats-gradient"), "square-beats-gradient warning missing: " + r.warnings());
    }
}
