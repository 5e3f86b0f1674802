package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.robustj.train.RecipeFixtures.PASS;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.attack.loss.Losses;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.BlockClassifier;
import org.robustj.threat.Norm;

/**
 * GradAlign: the regulariser equals λ(1 − mean cos) of the two input gradients, and its weight gradient (double
 * backprop through weight aliases) matches central finite differences on a tiny MLP.
 */
class GradAlignRecipeTest {
    static final int N = 8;
    static final int DIM = 6;
    static final double EPS = 0.1;
    static final double LAMBDA = 0.7;

    @Test
    void lambdaRuleMatchesTheReference() {
        assertEquals(0.2, GradAlignRecipe.lambdaRule(8.0 / 255), 1e-9);
        assertEquals(2.0, GradAlignRecipe.lambdaRule(16.0 / 255), 1e-9);
        assertEquals(0.0632, GradAlignRecipe.lambdaRule(4.0 / 255), 1e-4);
        assertEquals(0.2, GradAlignRecipe.Options.defaults().effectiveLambda(), 1e-9);
        assertThrows(InvalidInputException.class, () -> RecipeRegistry.provider("gradalign").create(Map.of("eps", 0.3)),
                "the rule does not extend to MNIST's 0.3");
        RecipeRegistry.provider("gradalign").create(Map.of("eps", 0.3, "lambda", 1.0));
    }

    private static TrainingRecipe recipe() {
        return RecipeRegistry.provider("gradalign").create(Map.of("eps", EPS, "lambda", LAMBDA));
    }

    /** The loss's value, evaluated inside a collector (as the trainer does), with η from seed 2. */
    private static double value(TrainingRecipe r, BlockClassifier model, NDManager m, TrainingRecipe.Batch b) {
        try (NDManager scope = m.newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                return r.loss(RecipeFixtures.ctx(model, scope, 2), b).loss().getFloat();
            }
        }
    }

    private static double ceOfInput(BlockClassifier model, TrainingRecipe.Batch b) {
        return Losses.ce(model.forward(b.input(), true), b.labels()).mean().getFloat();
    }

    @Test
    void regulariserIsLambdaTimesOneMinusMeanCosine() {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = RecipeFixtures.mlp(m, DIM, 5, 3, 11)) {
            NDArray x = RecipeFixtures.inputs(m, N, DIM, 0.2, 0.8, 1);
            NDArray y = RecipeFixtures.labels(m, N, 3);
            TrainingRecipe r = recipe();
            TrainingRecipe.Batch b = r.prepare(RecipeFixtures.ctx(model, m, 1), x, y);
            double total = value(r, model, m, b);
            double omega = total - ceOfInput(model, b);
            float[] eta = Norm.LINF.randomInBall(x.getShape(), EPS, new SplittableRandom(2));
            float[] cos = RobustMonitor.cosines(model, x, x.add(m.create(eta, x.getShape())), y);
            double mean = 0;
            for (float c : cos) mean += c / cos.length;
            assertTrue(omega > 1e-3, "the regulariser is not trivially zero: " + omega);
            assertEquals(LAMBDA * (1 - mean), omega, 1e-5);
        }
    }

    @Test
    void weightGradientMatchesCentralFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = RecipeFixtures.mlp(m, DIM, 5, 3, 11)) {
            NDArray x = RecipeFixtures.inputs(m, N, DIM, 0.2, 0.8, 1);
            NDArray y = RecipeFixtures.labels(m, N, 3);
            TrainingRecipe r = recipe();
            TrainingRecipe.Batch b = r.prepare(RecipeFixtures.ctx(model, m, 1), x, y);

            model.setWeightGradients(true);
            List<float[]> before = RecipeFixtures.values(model);
            try (NDManager scope = m.newSubManager()) {
                r.gradients(RecipeFixtures.ctx(model, scope, 2), b, PASS);
            }
            List<float[]> full = RecipeFixtures.gradients(model);
            RecipeFixtures.zeroGradients(model);
            // the CE part alone, by the standard recipe on the same (FGSM) inputs
            try (NDManager scope = m.newSubManager()) {
                new StandardRecipe().gradients(RecipeFixtures.ctx(model, scope, 2), b, PASS);
            }
            List<float[]> ce = RecipeFixtures.gradients(model);
            RecipeFixtures.zeroGradients(model);
            model.setWeightGradients(false);
            for (int i = 0; i < before.size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(before.get(i),
                        RecipeFixtures.values(model).get(i), "weights unchanged");
            }

            double h = 1e-3;
            double omegaNorm = 0;
            for (int dir = 0; dir < 4; dir++) {
                List<float[]> v = RecipeFixtures.randomLike(before, 100 + dir);
                RecipeFixtures.shift(model, v, h);
                double plus = value(r, model, m, b);
                double plusCe = ceOfInput(model, b);
                RecipeFixtures.set(model, before);
                RecipeFixtures.shift(model, v, -h);
                double minus = value(r, model, m, b);
                double minusCe = ceOfInput(model, b);
                RecipeFixtures.set(model, before);
                double fdTotal = (plus - minus) / (2 * h);
                double fdOmega = ((plus - plusCe) - (minus - minusCe)) / (2 * h);
                double anTotal = RecipeFixtures.dot(full, v);
                double anOmega = anTotal - RecipeFixtures.dot(ce, v);
                omegaNorm += Math.abs(anOmega);
                assertEquals(fdTotal, anTotal, 0.02 * Math.abs(fdTotal) + 2e-3, "total, direction " + dir);
                assertEquals(fdOmega, anOmega, 0.02 * Math.abs(fdOmega) + 2e-3, "regulariser, direction " + dir);
            }
            assertTrue(omegaNorm > 0.05, "the regulariser's weight gradient is not negligible: " + omegaNorm);
        }
    }

    @Test
    void penaltyIsScaleInvariantAndDropsZeroGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g1 = RecipeFixtures.inputs(m, 4, 5, -1, 1, 7);
            NDArray g2 = RecipeFixtures.inputs(m, 4, 5, -1, 1, 8);
            float[] a = g1.toFloatArray();
            float[] b = g2.toFloatArray();
            double mean = 0;
            for (int i = 0; i < 3; i++) { // row 3 of g2 is zeroed below: dropped
                double dot = 0, na = 0, nb = 0;
                for (int j = 0; j < 5; j++) {
                    dot += a[i * 5 + j] * b[i * 5 + j];
                    na += a[i * 5 + j] * a[i * 5 + j];
                    nb += b[i * 5 + j] * b[i * 5 + j];
                }
                mean += dot / Math.sqrt(na * nb) / 3;
            }
            float[] mask = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
            NDArray g2z = g2.mul(m.create(mask, g2.getShape()));
            assertEquals(1 - mean, GradAlignRecipe.alignmentPenalty(g1, g2z).getFloat(), 1e-6);
            // gradients of a saturated model (1e-30): same value, no NaN
            float tiny = GradAlignRecipe.alignmentPenalty(g1.mul(1e-30f), g2z.mul(1e-25f)).getFloat();
            assertEquals(1 - mean, tiny, 1e-6);
            assertEquals(0f, GradAlignRecipe.alignmentPenalty(g1, g2.mul(0)).getFloat(), "no usable example");
        }
    }
}
