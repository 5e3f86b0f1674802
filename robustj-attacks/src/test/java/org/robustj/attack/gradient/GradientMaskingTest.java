package org.robustj.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.AttackResult;
import org.robustj.attack.LabeledBatch;
import org.robustj.data.Dataset;
import org.robustj.model.Classifier;
import org.robustj.testkit.MaskedClassifier;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * Logits multiplied by 10⁴ keep every decision but saturate the softmax, so cross-entropy gradients vanish
 * in float32. DLR is invariant to scaling the logits: APGD-DLR must break on the masked model every point it
 * breaks on the plain one, while cross-entropy PGD loses most of them.
 */
class GradientMaskingTest {

    @Test
    void apgdDlrSeesThroughScaledLogitsWhereCrossEntropyPgdDoesNot() {
        try (NDManager m = NDManager.newBaseManager()) {
            Oracles.LinearProblem p = Oracles.linear(m, 4, 12, 24, 7);
            Classifier masked = MaskedClassifier.scaledLogits(p.model(), 1e4);
            Dataset d = p.data().data();
            // ε = the median L∞ distance to the boundary: about half the points can be broken
            double[] dist = new double[d.size()];
            for (int i = 0; i < d.size(); i++) {
                dist[i] = p.model().minimalDistance(d.values(new int[] {i}), d.label(i), Norm.LINF);
            }
            double eps = Arrays.stream(dist).sorted().toArray()[d.size() / 2];
            ThreatModel threat = ThreatModel.of(Norm.LINF, eps);
            NDArray x = d.batch(m, d.allIndices());
            LabeledBatch batch = new LabeledBatch(x, d.labels());
            AttackResult plainDlr = AttackRegistry.create("apgd-dlr").run(p.model(), batch, threat, AttackContext.seeded(1));
            AttackResult maskedDlr = AttackRegistry.create("apgd-dlr").run(masked, batch, threat, AttackContext.seeded(1));
            AttackResult plainPgd = AttackRegistry.create("pgd").run(p.model(), batch, threat, AttackContext.seeded(1));
            AttackResult maskedPgd = AttackRegistry.create("pgd").run(masked, batch, threat, AttackContext.seeded(1));
            System.out.printf("masking (linf eps %.4f, %d points): apgd-dlr %d plain / %d masked; pgd-ce %d plain / %d"
                    + " masked%n", eps, d.size(), plainDlr.successes(), maskedDlr.successes(), plainPgd.successes(),
                    maskedPgd.successes());
            assertTrue(plainDlr.successes() >= d.size() / 4, "too few points breakable: " + plainDlr.successes());
            for (int i = 0; i < d.size(); i++) {
                assertTrue(!plainDlr.success()[i] || maskedDlr.success()[i], "apgd-dlr lost point " + i + " to masking");
            }
            assertTrue(maskedPgd.successes() < maskedDlr.successes(),
                    "cross-entropy PGD was expected to suffer from the masking: " + maskedPgd.successes() + " vs "
                            + maskedDlr.successes());
            p.close();
        }
    }
}
