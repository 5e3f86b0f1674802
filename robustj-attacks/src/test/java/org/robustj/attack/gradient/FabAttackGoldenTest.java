package org.robustj.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
 * FAB-T's per-point minimal norms on a standard MNIST CNN agree with the reference implementation.
 * Golden values: fra31/auto-attack a392200, {@code FABAttack_PT(norm, n_restarts=1, n_iter=100, eps, seed=0,
 * targeted=True, n_target_classes=9).perturb(x, y)} on PyTorch 1.13, ||adv − x|| for the points it broke
 * (0 for the one misclassified clean point), MNIST test points 0..N−1 as bytes/255, model
 * {@code ../shared/models/cnn_bn_std.pt}. Both sides are deterministic (one run per target, no restart);
 * float rounding in two PyTorch versions leaves most points within 0.1%, but FAB's path is chaotic: a
 * borderline step can send one point elsewhere (L1 point 13 moved from 7.60 to 8.44 when a change of batch
 * composition altered gradients by one ulp, while the same code on 100 points gave bit-identical norms). So all
 * but two points must be within 1%, every point within 15%, and the sum of the norms (is FAB-T weaker
 * overall?) within 2% of the reference's.
 */
class FabAttackGoldenTest {
    static final double[] LINF_03 = {0.0989, 0.0841, 0.0716, 0.1135, 0.0798, 0.0722, 0.0399, 0.0499, 0.0775, 0.0802,
        0.0976, 0.1159, 0.0650, 0.1418, 0.0238, 0.0640, 0.0678, 0.0947, 0.0000, 0.0998};
    static final double[] L2_2 = {1.3624, 1.1448, 0.9157, 1.3924, 0.9903, 0.9253, 0.5619, 0.6288, 1.1222, 0.9940,
        1.3142, 1.5474, 0.8870, 1.7668, 0.2879, 0.8320, 0.7927, 1.3092, 0.0000, 1.0827};
    static final double[] L1_10 = {7.5589, 8.4480, 4.1858, 6.7750, 4.6150, 3.4506, 4.0203, 3.2982, 9.6884, 4.8532,
        6.0723, 8.9460, 5.7856, 7.6026, 1.2920, 3.0648, 3.8454, 6.2598, 0.0000, 5.1340};

    @ParameterizedTest
    @EnumSource(value = Norm.class, names = {"LINF", "L2", "L1"})
    void minimalNormsMatchAutoAttack(Norm norm) {
        Path pt = Path.of(System.getProperty("robustj.shared", "../shared")).resolve("models/cnn_bn_std.pt");
        assumeTrue(Files.exists(pt), "skipping: " + pt + " absent (set -Drobustj.shared to the shared folder)");
        double[] golden = norm == Norm.LINF ? LINF_03 : norm == Norm.L2 ? L2_2 : L1_10;
        double eps = norm == Norm.LINF ? 0.3 : norm == Norm.L2 ? 2.0 : 10.0;
        Dataset test = Datasets.load("mnist", "test").first(golden.length);
        try (NDManager m = NDManager.newBaseManager();
                Classifier c = Models.open(m, pt.toString(), test.sampleShape())) {
            NDArray x = test.batch(m, test.allIndices());
            AttackResult r = AttackRegistry.create("fab-t").run(c, new LabeledBatch(x, test.labels()),
                    ThreatModel.of(norm, eps), AttackContext.seeded(0));
            double worst = 0;
            int close = 0;
            double mineSum = 0;
            double goldenSum = 0;
            for (int i = 0; i < golden.length; i++) {
                float mine = r.minimalNorms()[i];
                worst = Math.max(worst, Math.abs(mine - golden[i]) / Math.max(golden[i], 1e-3));
                assertEquals(golden[i], mine, 0.15 * golden[i] + 2e-4, norm + " point " + i);
                mineSum += mine;
                goldenSum += golden[i];
                if (Math.abs(mine - golden[i]) <= 0.01 * golden[i] + 2e-4) close++;
            }
            System.out.printf("[fab-t golden] %s eps %s: %d of %d points within 1%% of auto-attack, largest"
                    + " difference %.2f%%%n", norm, eps, close, golden.length, 100 * worst);
            assertTrue(mineSum <= 1.02 * goldenSum, "sum of minimal norms " + mineSum + " vs " + goldenSum);
            assertTrue(close >= golden.length - 2, "only " + close + " points within 1% of auto-attack");
            assertTrue(r.successes() == golden.length, "every point broken within eps");
        }
    }
}
