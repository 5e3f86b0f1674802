package org.robustj.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustj.attack.check.SanityChecks;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.data.Dataset;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.eval.RunRecord;
import org.robustj.model.Classifier;
import org.robustj.testkit.Oracles;
import org.robustj.testkit.QueryOnlyClassifier;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * A model that answers logits only: every gradient attack refuses it with one line naming the alternative,
 * the gradient-free Square attack runs on it exactly as on the white-box twin, and the zero-gradient sanity
 * check says it was skipped.
 */
class QueryOnlyModelTest {
    @Test
    void gradientAttacksRefuseAQueryOnlyModelAndSquareStillRuns() {
        try (NDManager m = NDManager.newBaseManager();
                Oracles.LinearProblem p = Oracles.linear(m, 3, 8, 12, 1)) {
            Classifier q = new QueryOnlyClassifier(p.model());
            Dataset d = p.data().data();
            int[] idx = new int[d.size()];
            for (int i = 0; i < idx.length; i++) idx[i] = i;
            NDArray x = d.batch(m, idx);
            LabeledBatch batch = new LabeledBatch(x, d.labels());
            ThreatModel threat = ThreatModel.of(Norm.LINF, 0.3);
            for (String name : List.of("fgsm", "pgd", "apgd-ce", "apgd-t", "fab-t")) {
                MissingCapabilityException e = assertThrows(MissingCapabilityException.class,
                        () -> AttackRegistry.create(name).run(q, batch, threat, AttackContext.seeded(1)), name);
                assertEquals("attack " + name + " needs input gradients, but linear-query-only is query-only (it "
                        + "answers logits, nothing else); open it as a white-box model (a TorchScript .pt, an ONNX "
                        + "file or a robustj model), or use a gradient-free attack (--attacks square)",
                        e.getMessage());
            }
            Attack square = AttackRegistry.create("square", Map.of("queries", 100));
            AttackResult onQuery = square.run(q, batch, threat, AttackContext.seeded(1));
            AttackResult onWhiteBox = square.run(p.model(), batch, threat, AttackContext.seeded(1));
            assertArrayEquals(onWhiteBox.success(), onQuery.success());
            assertArrayEquals(onWhiteBox.adversarial().toFloatArray(), onQuery.adversarial().toFloatArray(), 0f);
        }
    }

    @Test
    void theZeroGradientCheckIsSkippedWithANote() {
        try (NDManager m = NDManager.newBaseManager();
                Oracles.LinearProblem p = Oracles.linear(m, 4, 16, 20, 3)) {
            EvaluationConfig cfg = new EvaluationConfig(null, List.of("square"), null, Norm.L2, List.of(0.1), 7, 20);
            List<RunRecord.Warning> w = SanityChecks.before(new QueryOnlyClassifier(p.model()), p.data().data(), cfg);
            assertEquals(1, w.size(), w.toString());
            assertEquals("zero-gradient", w.get(0).check());
            assertTrue(w.get(0).message().startsWith("skipped: "), w.get(0).message());
            assertTrue(SanityChecks.before(p.model(), p.data().data(), cfg).isEmpty());
        }
    }
}
