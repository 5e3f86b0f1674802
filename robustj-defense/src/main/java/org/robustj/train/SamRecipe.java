package org.robustj.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustj.attack.Configs;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.BlockClassifier;
import org.robustj.tensor.Scalars;

/**
 * Sharpness-aware minimisation: SAM, Foret et al. 2021 (arXiv 2010.01412), and its scale-invariant variant
 * ASAM, Kwon et al. 2021 (arXiv 2102.11600). Each step takes the cross-entropy gradient g at the weights w, moves
 * to the worst-case neighbour w + e within radius ρ, takes the gradient there, restores w and lets the optimiser
 * apply that second gradient:
 * <ul>
 *   <li>SAM: e = ρ·g/‖g‖₂ (‖·‖₂ over all trainable weights), so ‖e‖₂ = ρ;
 *   <li>ASAM: e = ρ·T²g/‖Tg‖₂ with T = diag(|w| + η) on weight tensors (names ending in {@code weight} or
 *       {@code gamma}) and T = 1 on biases, as in the reference (SamsungLabs/ASAM, {@code asam.py}), so
 *       ‖T⁻¹e‖₂ = ρ.
 * </ul>
 * m-sharpness (Foret et al. §4.1): with {@code m} &gt; 0 smaller than the batch, the batch is cut into
 * sub-batches of m examples, each gets its own e from its own gradient, and the step's gradient is the
 * size-weighted mean of the sub-batches' second gradients. Both passes run in training mode (BatchNorm running
 * statistics are updated by both, as in the common PyTorch implementations). The weights are restored exactly
 * (copied back, not subtracted), so checkpoints and resumed runs stay bit-identical.
 *
 * <p>Defaults: SAM ρ = 0.05 (Foret et al., CIFAR); ASAM ρ = 0.5 and η = 0.01 (Kwon et al., CIFAR-10); m = 0
 * (the whole batch).
 */
public final class SamRecipe implements TrainingRecipe {
    /**
     * SAM settings.
     *
     * @param rho neighbourhood radius
     * @param adaptive ASAM's scale-invariant neighbourhood
     * @param eta ASAM's offset in T = |w| + η
     * @param m sub-batch size for m-sharpness; 0: the whole batch
     */
    public record Options(double rho, boolean adaptive, double eta, int m) {
        public Options {
            if (!(rho > 0 && Double.isFinite(rho))) throw new InvalidInputException("sam rho must be > 0, got " + rho);
            if (!(eta >= 0 && Double.isFinite(eta))) throw new InvalidInputException("sam eta must be >= 0, got " + eta);
            if (m < 0) throw new InvalidInputException("sam m must be >= 0 (0: whole batch), got " + m);
        }

        /** Foret et al.'s ρ = 0.05 on the whole batch. */
        public static Options sam() {
            return new Options(0.05, false, 0.01, 0);
        }

        /** Kwon et al.'s ρ = 0.5, η = 0.01. */
        public static Options asam() {
            return new Options(0.5, true, 0.01, 0);
        }
    }

    private final Options options;
    private final String name;

    SamRecipe(String name, Options options) {
        this.name = name;
        this.options = options;
    }

    @Override
    public String name() {
        return name;
    }

    /** Whether ASAM scales a parameter by |w| + η (weights) or leaves it alone (biases). */
    static boolean scaled(String parameterName) {
        return parameterName.endsWith("weight") || parameterName.endsWith("gamma");
    }

    /**
     * The perturbation e for gradients {@code g} of {@code w}: ρ·g/‖g‖ (SAM) or ρ·T²g/‖Tg‖ (ASAM, T = |w| + η on
     * the tensors flagged in {@code scaled}); zero when the gradient is zero. New arrays in {@code scope}.
     */
    static List<NDArray> perturbation(List<NDArray> w, List<NDArray> g, List<Boolean> scaled, Options o,
            NDManager scope) {
        List<NDArray> tg = new ArrayList<>();
        List<NDArray> t = new ArrayList<>();
        double sq = 0;
        for (int i = 0; i < w.size(); i++) {
            NDArray ti = o.adaptive() && scaled.get(i) ? w.get(i).abs().add((float) o.eta()) : null;
            if (ti != null) ti.attach(scope);
            NDArray v = ti == null ? g.get(i).duplicate() : g.get(i).mul(ti);
            v.attach(scope);
            t.add(ti);
            tg.add(v);
            sq += v.square().sum().getFloat();
        }
        double norm = Math.sqrt(sq);
        List<NDArray> e = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            NDArray v = norm == 0 ? tg.get(i).zerosLike() : tg.get(i).mul((float) (o.rho() / norm));
            if (t.get(i) != null) v = v.mul(t.get(i));
            v.attach(scope);
            e.add(v);
        }
        return e;
    }

    @Override
    public StepLoss gradients(StepContext ctx, Batch batch, WeightPass pass) {
        BlockClassifier model = ctx.model();
        NDManager scope = ctx.scope();
        List<Pair<String, NDArray>> named = Optimizer.trainable(model);
        List<NDArray> w = new ArrayList<>();
        List<Boolean> flags = new ArrayList<>();
        List<NDArray> saved = new ArrayList<>();
        for (Pair<String, NDArray> p : named) {
            w.add(p.getValue());
            flags.add(scaled(p.getKey()));
            NDArray copy = p.getValue().duplicate();
            copy.attach(scope);
            saved.add(copy);
        }
        long n = batch.input().getShape().get(0);
        int m = options.m() == 0 || options.m() >= n ? (int) n : options.m();
        List<NDArray> sum = null;
        List<NDArray> lossParts = new ArrayList<>();
        List<NDArray> logitParts = new ArrayList<>();
        for (long start = 0; start < n; start += m) {
            long end = Math.min(n, start + m);
            Batch sub = m == n ? batch : slice(batch, start, end);
            // pass 1 at w: the gradient that picks the neighbour
            StepLoss first = pass.run(() -> loss(ctx, sub));
            lossParts.add(Scalars.mul(first.loss(), (end - start) / (double) n));
            logitParts.add(first.logits());
            List<NDArray> e;
            try (NDManager it = scope.newSubManager()) {
                List<NDArray> g = gradientsOf(w, it);
                e = perturbation(w, g, flags, options, it);
                zero(w);
                for (int i = 0; i < w.size(); i++) w.get(i).addi(e.get(i));
            }
            // pass 2 at w + e: the gradient the optimiser applies
            pass.run(() -> loss(ctx, sub));
            List<NDArray> g2 = gradientsOf(w, scope);
            if (m != n) {
                for (NDArray a : g2) a.muli((float) ((end - start) / (double) n));
            }
            if (sum == null) {
                sum = g2;
            } else {
                for (int i = 0; i < w.size(); i++) sum.get(i).addi(g2.get(i));
            }
            zero(w);
            for (int i = 0; i < w.size(); i++) restore(w.get(i), saved.get(i));
        }
        for (int i = 0; i < w.size(); i++) {
            try (NDArray gw = w.get(i).getGradient()) {
                gw.addi(sum.get(i));
            }
        }
        NDArray loss = lossParts.get(0);
        for (int i = 1; i < lossParts.size(); i++) loss = loss.add(lossParts.get(i));
        NDArray logits = logitParts.size() == 1 ? logitParts.get(0) : ai.djl.ndarray.NDArrays.concat(
                new ai.djl.ndarray.NDList(logitParts.toArray(new NDArray[0])), 0);
        return new StepLoss(loss, logits);
    }

    private static Batch slice(Batch b, long start, long end) {
        return new Batch(b.clean().get(start + ":" + end), b.labels().get(start + ":" + end),
                b.input().get(start + ":" + end), b.aux() == null ? null : b.aux().get(start + ":" + end));
    }

    /** Copies of the weights' gradients, in {@code scope}. */
    private static List<NDArray> gradientsOf(List<NDArray> w, NDManager scope) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray a : w) {
            try (NDArray g = a.getGradient()) {
                NDArray c = g.duplicate();
                c.attach(scope);
                out.add(c);
            }
        }
        return out;
    }

    private static void zero(List<NDArray> w) {
        for (NDArray a : w) {
            try (NDArray g = a.getGradient()) {
                g.subi(g);
            }
        }
    }

    /** w ← saved exactly: (w − w) + saved. */
    private static void restore(NDArray w, NDArray saved) {
        w.subi(w);
        w.addi(saved);
    }

    /** Registers {@code sam}. */
    public static final class Provider implements RecipeProvider {
        @Override
        public String name() {
            return "sam";
        }

        @Override
        public String description() {
            return "SAM (Foret et al. 2021): gradient at the worst weights within L2 radius rho; m-sharpness";
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> defaults() {
            return org.robustj.io.Json.mapper().convertValue(Options.sam(), Map.class);
        }

        @Override
        public TrainingRecipe create(Map<String, Object> options) {
            return new SamRecipe("sam", Configs.options("recipe " + name(), Options.sam(), options));
        }
    }

    /** Registers {@code asam}. */
    public static final class AdaptiveProvider implements RecipeProvider {
        @Override
        public String name() {
            return "asam";
        }

        @Override
        public String description() {
            return "ASAM (Kwon et al. 2021): SAM with the scale-invariant neighbourhood T = |w| + eta";
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> defaults() {
            return org.robustj.io.Json.mapper().convertValue(Options.asam(), Map.class);
        }

        @Override
        public TrainingRecipe create(Map<String, Object> options) {
            Options o = Configs.options("recipe " + name(), Options.asam(), options);
            if (!o.adaptive()) {
                throw new InvalidInputException("asam is adaptive; use recipe sam for adaptive: false");
            }
            return new SamRecipe("asam", o);
        }
    }
}
