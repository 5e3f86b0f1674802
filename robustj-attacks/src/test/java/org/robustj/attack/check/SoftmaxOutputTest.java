package org.robustj.attack.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.eval.CleanEvaluation;
import org.robustj.eval.RunRecord;
import org.robustj.model.Classifier;
import org.robustj.testkit.DelegatingClassifier;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;

/** A model with a final softmax: flagged by the one probability test, calibrated from its own probabilities. */
class SoftmaxOutputTest {

    /** A classifier whose outputs are the softmax of another's logits. */
    private static final class Softmaxed extends DelegatingClassifier {
        Softmaxed(Classifier inner) {
            super(inner);
        }

        @Override
        public NDArray logits(NDArray x) {
            return inner.logits(x).softmax(1);
        }

        @Override
        public List<String> layers() {
            return List.of("logits");
        }

        @Override
        public Map<String, NDArray> activations(NDArray x, List<String> names) {
            return Map.of("logits", logits(x));
        }

        @Override
        public String source() {
            return "softmax(" + inner.source() + ")";
        }

        @Override
        public void close() {} // the pool owns the wrapped model
    }

    private static List<String> checks(List<RunRecord.Warning> w) {
        return w.stream().map(RunRecord.Warning::check).toList();
    }

    @Test
    void calibrationComesFromTheModelsOwnProbabilities() {
        try (NDManager m = NDManager.newBaseManager(); Oracles.LinearProblem p = Oracles.linear(m, 4, 16, 200, 3)) {
            Classifier probs = new Softmaxed(p.model());
            CleanEvaluation.Result logits = CleanEvaluation.run(p.model(), p.data().data(), 64, null);
            CleanEvaluation.Result soft = CleanEvaluation.run(probs, p.data().data(), 64, null);
            assertFalse(logits.probabilities());
            assertTrue(soft.probabilities());
            assertArrayEquals(logits.predictions(), soft.predictions());
            // softmax of the logits and the model's own probabilities are the same numbers
            assertEquals(logits.ece(), soft.ece(), 1e-5);
            assertArrayEquals(logits.confidence(), soft.confidence(), 1e-5f);
            assertEquals(List.of(), checks(SanityChecks.clean(p.model(), logits)));
            assertEquals(List.of("softmax-output"), checks(SanityChecks.clean(probs, soft)));
            EvaluationConfig cfg = new EvaluationConfig(null, List.of("fgsm"), null, Norm.L2, List.of(0.1), 0, 64);
            assertEquals(1, checks(SanityChecks.before(probs, p.data().data(), cfg)).stream()
                    .filter("softmax-output"::equals).count());
            assertFalse(checks(SanityChecks.before(p.model(), p.data().data(), cfg)).contains("softmax-output"));
        }
    }

    @Test
    void probabilityTestNeedsEveryRow() {
        assertTrue(CleanEvaluation.probabilities(new float[] {0.25f, 0.75f, 1f, 0f}, 2, 2));
        assertFalse(CleanEvaluation.probabilities(new float[] {0.25f, 0.75f, 1.5f, -0.5f}, 2, 2));
        assertFalse(CleanEvaluation.probabilities(new float[] {0.25f, 0.70f}, 2, 1));
    }
}
