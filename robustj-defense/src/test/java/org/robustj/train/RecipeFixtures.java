package org.robustj.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.robustj.model.BlockClassifier;
import org.robustj.model.ModelCard;

/** Tiny models, step contexts and the trainer's weight pass, for recipe tests. */
final class RecipeFixtures {
    private RecipeFixtures() {}

    /** The trainer's pass: one collector around the loss and its backward. */
    static final TrainingRecipe.WeightPass PASS = loss -> {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            TrainingRecipe.StepLoss o = loss.get();
            gc.backward(o.loss());
            return o;
        }
    };

    /** An MLP with one hidden ReLU layer on flat inputs of {@code dim} values. */
    static BlockClassifier mlp(NDManager m, int dim, int hidden, int classes, long seed) {
        ModelCard card = new ModelCard("tiny", ModelCard.ROBUSTJ_FORMAT, "mlp", Map.of("hidden", List.of(hidden)),
                "synthetic-multiclass", List.of((long) dim), classes, null, null, seed, null, null, null, null, null,
                null, null);
        return BlockClassifier.create(m, card, seed);
    }

    static StepContext ctx(BlockClassifier model, NDManager scope, long seed) {
        return new StepContext(model, TrainConfig.defaults(), 0, 0, 1, 0, new SplittableRandom(seed), scope);
    }

    /** Uniform inputs in [lo, hi]. */
    static NDArray inputs(NDManager m, int n, int dim, double lo, double hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * dim];
        for (int i = 0; i < v.length; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return m.create(v, new ai.djl.ndarray.types.Shape(n, dim));
    }

    static NDArray labels(NDManager m, int n, int classes) {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = i % classes;
        return m.create(y);
    }

    static List<NDArray> weights(BlockClassifier model) {
        List<NDArray> out = new ArrayList<>();
        for (Pair<String, NDArray> p : Optimizer.trainable(model)) out.add(p.getValue());
        return out;
    }

    /** The weights' gradients as Java arrays. */
    static List<float[]> gradients(BlockClassifier model) {
        List<float[]> out = new ArrayList<>();
        for (NDArray w : weights(model)) {
            try (NDArray g = w.getGradient()) {
                out.add(g.toFloatArray());
            }
        }
        return out;
    }

    static void zeroGradients(BlockClassifier model) {
        for (NDArray w : weights(model)) {
            try (NDArray g = w.getGradient()) {
                g.subi(g);
            }
        }
    }

    static List<float[]> values(BlockClassifier model) {
        List<float[]> out = new ArrayList<>();
        for (NDArray w : weights(model)) out.add(w.toFloatArray());
        return out;
    }

    /** w ← w + h·v for every weight (outside any collector). */
    static void shift(BlockClassifier model, List<float[]> v, double h) {
        List<NDArray> w = weights(model);
        for (int i = 0; i < w.size(); i++) {
            float[] d = v.get(i).clone();
            for (int k = 0; k < d.length; k++) d[k] *= (float) h;
            try (NDArray delta = w.get(i).getManager().create(d, w.get(i).getShape())) {
                w.get(i).addi(delta);
            }
        }
    }

    /** Sets the weights to saved values exactly. */
    static void set(BlockClassifier model, List<float[]> saved) {
        List<NDArray> w = weights(model);
        for (int i = 0; i < w.size(); i++) {
            try (NDArray s = w.get(i).getManager().create(saved.get(i), w.get(i).getShape())) {
                w.get(i).subi(w.get(i));
                w.get(i).addi(s);
            }
        }
    }

    static double dot(List<float[]> a, List<float[]> b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int k = 0; k < a.get(i).length; k++) s += (double) a.get(i)[k] * b.get(i)[k];
        }
        return s;
    }

    static List<float[]> randomLike(List<float[]> like, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> out = new ArrayList<>();
        for (float[] a : like) {
            float[] v = new float[a.length];
            for (int k = 0; k < v.length; k++) v[k] = (float) org.robustj.threat.Norm.gaussian(r);
            out.add(v);
        }
        return out;
    }
}
