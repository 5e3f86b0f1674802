package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.robustj.train.RecipeFixtures.PASS;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustj.model.BlockClassifier;

/**
 * SAM / ASAM: ‖e‖₂ = ρ (SAM) and ‖T⁻¹e‖₂ = ρ (ASAM); a step leaves the weights as they were and the gradient
 * at w + e(w) in their gradients, per sub-batch with m-sharpness.
 */
class SamRecipeTest {
    static final int N = 12;
    static final int DIM = 7;

    private static double norm(List<float[]> v) {
        return Math.sqrt(RecipeFixtures.dot(v, v));
    }

    @Test
    void perturbationNormIsRho() {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = RecipeFixtures.mlp(m, DIM, 5, 3, 1)) {
            List<NDArray> w = RecipeFixtures.weights(model);
            List<float[]> gv = RecipeFixtures.randomLike(RecipeFixtures.values(model), 4);
            List<NDArray> g = new ArrayList<>();
            List<Boolean> scaled = new ArrayList<>();
            for (int i = 0; i < w.size(); i++) {
                g.add(m.create(gv.get(i), w.get(i).getShape()));
                scaled.add(SamRecipe.scaled(Optimizer.trainable(model).get(i).getKey()));
            }
            assertEquals(List.of(true, false, true, false), scaled, "weights scaled, biases not");

            SamRecipe.Options sam = new SamRecipe.Options(0.05, false, 0.01, 0);
            List<float[]> e = floats(SamRecipe.perturbation(w, g, scaled, sam, m));
            assertEquals(0.05, norm(e), 1e-6);
            // along the gradient
            assertEquals(norm(e) * norm(gv), RecipeFixtures.dot(e, gv), 1e-5 * norm(gv));

            SamRecipe.Options asam = new SamRecipe.Options(0.5, true, 0.01, 0);
            List<float[]> ea = floats(SamRecipe.perturbation(w, g, scaled, asam, m));
            List<float[]> wv = RecipeFixtures.values(model);
            List<float[]> scaledBack = new ArrayList<>();
            for (int i = 0; i < ea.size(); i++) {
                float[] v = ea.get(i).clone();
                for (int k = 0; k < v.length; k++) {
                    if (scaled.get(i)) v[k] /= Math.abs(wv.get(i)[k]) + 0.01f;
                }
                scaledBack.add(v);
            }
            assertEquals(0.5, norm(scaledBack), 1e-5, "the adaptive norm of e is rho");
            assertTrue(Math.abs(norm(ea) - 0.5) > 1e-3, "ASAM's plain norm differs from rho");

            for (NDArray a : g) a.muli(0);
            for (float[] v : floats(SamRecipe.perturbation(w, g, scaled, sam, m))) {
                for (float f : v) assertEquals(0f, f, "zero gradient, no perturbation");
            }
        }
    }

    private static List<float[]> floats(List<NDArray> l) {
        List<float[]> out = new ArrayList<>();
        for (NDArray a : l) out.add(a.toFloatArray());
        return out;
    }

    /** The mean-CE gradient of rows [from, to) of the batch at the current weights. */
    private static List<float[]> gradient(BlockClassifier model, NDManager m, TrainingRecipe.Batch b, int from,
            int to) {
        try (NDManager scope = m.newSubManager()) {
            TrainingRecipe.Batch sub = new TrainingRecipe.Batch(b.clean().get(from + ":" + to),
                    b.labels().get(from + ":" + to), b.input().get(from + ":" + to));
            new StandardRecipe().gradients(RecipeFixtures.ctx(model, scope, 0), sub, PASS);
        }
        List<float[]> g = RecipeFixtures.gradients(model);
        RecipeFixtures.zeroGradients(model);
        return g;
    }

    /** Gradient at w + ρ g/‖g‖ for rows [from, to), by hand. */
    private static List<float[]> samGradient(BlockClassifier model, NDManager m, TrainingRecipe.Batch b, int from,
            int to, double rho) {
        List<float[]> w0 = RecipeFixtures.values(model);
        List<float[]> g = gradient(model, m, b, from, to);
        RecipeFixtures.shift(model, g, rho / norm(g));
        List<float[]> out = gradient(model, m, b, from, to);
        RecipeFixtures.set(model, w0);
        return out;
    }

    @Test
    void stepAppliesTheGradientAtThePerturbedWeightsAndRestoresThem() {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = RecipeFixtures.mlp(m, DIM, 5, 3, 1)) {
            NDArray x = RecipeFixtures.inputs(m, N, DIM, 0, 1, 2);
            NDArray y = RecipeFixtures.labels(m, N, 3);
            TrainingRecipe.Batch b = new TrainingRecipe.Batch(x, y, x);
            model.setWeightGradients(true);
            for (int mSize : new int[] {0, N / 2}) {
                TrainingRecipe r = RecipeRegistry.provider("sam").create(Map.of("rho", 0.5, "m", mSize));
                List<float[]> w0 = RecipeFixtures.values(model);
                try (NDManager scope = m.newSubManager()) {
                    r.gradients(RecipeFixtures.ctx(model, scope, 0), b, PASS);
                }
                List<float[]> got = RecipeFixtures.gradients(model);
                RecipeFixtures.zeroGradients(model);
                List<float[]> w1 = RecipeFixtures.values(model);
                for (int i = 0; i < w0.size(); i++) assertArrayEquals(w0.get(i), w1.get(i), "weights restored exactly");

                List<float[]> expected;
                if (mSize == 0) {
                    expected = samGradient(model, m, b, 0, N, 0.5);
                } else {
                    List<float[]> a = samGradient(model, m, b, 0, N / 2, 0.5);
                    List<float[]> c = samGradient(model, m, b, N / 2, N, 0.5);
                    expected = new ArrayList<>();
                    for (int i = 0; i < a.size(); i++) {
                        float[] v = new float[a.get(i).length];
                        for (int k = 0; k < v.length; k++) v[k] = 0.5f * (a.get(i)[k] + c.get(i)[k]);
                        expected.add(v);
                    }
                }
                List<float[]> plain = gradient(model, m, b, 0, N);
                for (int i = 0; i < got.size(); i++) assertArrayEquals(expected.get(i), got.get(i), 1e-5f, "m = " + mSize);
                double diff = 0;
                for (int i = 0; i < got.size(); i++) {
                    for (int k = 0; k < got.get(i).length; k++) diff += Math.abs(got.get(i)[k] - plain.get(i)[k]);
                }
                assertTrue(diff > 1e-3, "the SAM gradient differs from the plain one: " + diff);
            }
        }
    }
}
