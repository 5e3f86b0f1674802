package org.robustj.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.AttackResult;
import org.robustj.attack.LabeledBatch;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * A real model: the standard-trained MNIST CNN made by PyTorch ({@code ../shared/models/cnn_bn_std.pt}) falls
 * to about 0% under APGD-CE at L∞ ε = 0.3 on the first 100 test points, as it does under AutoAttack's own
 * APGD-CE (0.00% on the first 1000). Skipped when the shared models are absent.
 */
class MnistApgdTest {
    static Path model() {
        return Path.of(System.getProperty("robustj.shared", "../shared")).resolve("models").resolve("cnn_bn_std.pt");
    }

    @Test
    void apgdCeBreaksAStandardCnnAtEpsPointThree() {
        Path pt = model();
        assumeTrue(Files.exists(pt), "skipping: " + pt + " absent (set -Drobustj.shared to the shared folder)");
        Dataset test = Datasets.load("mnist", "test").first(100);
        try (NDManager m = NDManager.newBaseManager(); Classifier c = Models.open(m, pt.toString(), test.sampleShape())) {
            NDArray x = test.batch(m, test.allIndices());
            LabeledBatch batch = new LabeledBatch(x, test.labels());
            ThreatModel threat = ThreatModel.of(Norm.LINF, 0.3);
            for (String name : new String[] {"apgd-ce", "apgd-dlr", "apgd-t", "pgd"}) {
                long t0 = System.nanoTime();
                AttackResult r = AttackRegistry.create(name).run(c, batch, threat, AttackContext.seeded(0));
                double robust = 1.0 - r.successes() / (double) test.size();
                System.out.printf("mnist cnn_bn_std linf 0.3, 100 points: %s robust accuracy %.2f, %d model calls,"
                        + " %.0f ms%n", name, robust, r.modelCalls(), (System.nanoTime() - t0) / 1e6);
                assertTrue(robust <= 0.05, name + ": robust accuracy " + robust + " > 0.05 on a standard model");
            }
        }
    }
}
