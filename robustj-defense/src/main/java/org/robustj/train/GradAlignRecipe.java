package org.robustj.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import org.robustj.attack.Configs;
import org.robustj.attack.loss.Losses;
import org.robustj.errors.InvalidInputException;
import org.robustj.tensor.Gradients;
import org.robustj.threat.Norm;
import org.robustj.tensor.Scalars;

/**
 * GradAlign, Andriushchenko &amp; Flammarion 2020 (arXiv 2007.02617): FGSM training plus the gradient-alignment
 * regulariser Ω = λ·(1 − mean_i cos(∇ₓℓ(xᵢ, yᵢ), ∇ₓℓ(xᵢ + ηᵢ, yᵢ))), η ~ U[−ε, ε]ᵈ, which prevents catastrophic
 * overfitting. As in the reference ({@code train.py} of tml-epfl/understanding-fast-adv-training): the first
 * gradient is the FGSM step's own input gradient, detached; the second, at x + η (not clipped to the box), is
 * differentiable (double backpropagation), so only it carries Ω's weight gradient; examples where either
 * gradient is zero are left out of the mean; ℓ is the batch-mean cross-entropy; everything runs in training
 * mode. Defaults: zero FGSM init (the reference's GradAlign runs), α = 1.25·ε, ε = 8/255 (CIFAR-10), and
 * λ(ε) = exp(ε₂₅₅·ln(10)/8 + ln(0.02)) with ε₂₅₅ = 255·ε, the reference's log-linear rule for L∞ (0.2 at 8/255,
 * 2.0 at 16/255); outside 1/255..16/255, or for L2, give {@code lambda}. Optional ε warm-up
 * ({@code warmup_epochs}, as {@code fgsm-rs}'s; η then uses the current ε too).
 *
 * <p>Double backpropagation: the second gradient comes from {@link Gradients#inputGradientWithGraph}
 * ({@code autograd.grad} with {@code create_graph}) inside the trainer's weight-gradient collector, so the
 * trainer's one backward pass puts Ω's weight gradient into the weights together with the CE gradient.
 */
public final class GradAlignRecipe implements TrainingRecipe {
    /**
     * GradAlign settings.
     *
     * @param lambda regulariser weight; null: the reference's rule λ(ε) (L∞, ε in 1/255..16/255)
     * @param alpha FGSM step as a multiple of ε
     * @param init FGSM start: {@code zero} (reference GradAlign) or {@code random}
     * @param warmupEpochs ε (of the FGSM step and of η) grows linearly from 0 over this many epochs; 0: none
     */
    public record Options(String norm, double eps, Double lambda, double alpha, String init, double warmupEpochs) {
        public Options {
            norm = norm == null ? "linf" : norm;
            Norm n = Norm.parse(norm);
            if (n == Norm.L1) throw new InvalidInputException("gradalign supports linf and l2, not l1");
            if (!(eps > 0 && Double.isFinite(eps))) throw new InvalidInputException("gradalign eps must be > 0, got " + eps);
            if (lambda != null && !(lambda >= 0 && Double.isFinite(lambda))) {
                throw new InvalidInputException("gradalign lambda must be >= 0, got " + lambda);
            }
            if (lambda == null && n != Norm.LINF) {
                throw new InvalidInputException("gradalign: the lambda rule is for linf; give lambda for " + norm);
            }
            if (lambda == null && (eps * 255 < 1 - 1e-9 || eps * 255 > 16 + 1e-9)) {
                throw new InvalidInputException(String.format(java.util.Locale.ROOT, "gradalign: the reference's "
                        + "lambda rule covers eps 1/255..16/255 (got %.4g = %.1f/255); give lambda", eps, eps * 255));
            }
            if (!(alpha > 0 && Double.isFinite(alpha))) {
                throw new InvalidInputException("gradalign alpha must be > 0, got " + alpha);
            }
            init = init == null ? "zero" : init;
            if (!init.equals("random") && !init.equals("zero")) {
                throw new InvalidInputException("gradalign init must be random or zero, got " + init);
            }
            if (!(warmupEpochs >= 0)) throw new InvalidInputException("gradalign warmup_epochs must be >= 0");
        }

        /** The reference's CIFAR-10 GradAlign setting: ε = 8/255, λ from the rule (0.2), zero init, α = 1.25. */
        public static Options defaults() {
            return new Options("linf", 8.0 / 255, null, 1.25, "zero", 0);
        }

        /** λ: the given one, or the reference's rule λ(ε) = exp(255ε·ln(10)/8 + ln(0.02)). */
        public double effectiveLambda() {
            return lambda != null ? lambda : lambdaRule(eps);
        }
    }

    /** The reference's log-linear interpolation of λ in ε (L∞, ε in [0, 1] units). */
    public static double lambdaRule(double eps) {
        return Math.exp(eps * 255 * Math.log(10) / 8 + Math.log(0.02));
    }

    private final Options options;
    private final double lambda;

    GradAlignRecipe(Options options) {
        this.options = options;
        this.lambda = options.effectiveLambda();
    }

    @Override
    public String name() {
        return "gradalign";
    }

    private double epsAt(StepContext ctx) {
        return PgdAtRecipe.warmedUp(options.eps(), options.warmupEpochs(), ctx);
    }

    @Override
    public Batch prepare(StepContext ctx, NDArray x, NDArray y) {
        FgsmRsRecipe.Step s = FgsmRsRecipe.fgsm(ctx, x, y, Norm.parse(options.norm()), epsAt(ctx),
                options.alpha(), options.init().equals("random"), true);
        return new Batch(x, y, s.adversarial(), s.gradient());
    }

    /** CE of the FGSM points plus Ω; the first random numbers drawn from {@code ctx.rng()} are η. */
    @Override
    public StepLoss loss(StepContext ctx, Batch batch) {
        NDArray logits = ctx.model().forward(batch.input(), true);
        NDArray ce = Losses.ce(logits, batch.labels()).mean();
        if (lambda == 0) {
            return new StepLoss(ce, logits);
        }
        NDArray x = batch.clean();
        Norm norm = Norm.parse(options.norm());
        float[] eta = norm.randomInBall(x.getShape(), epsAt(ctx), ctx.rng());
        NDArray xe = x.add(x.getManager().create(eta, x.getShape()));
        xe.setRequiresGradient(true);
        NDArray l2 = Losses.ce(ctx.model().forward(xe, true), batch.labels()).mean();
        NDArray g2 = Gradients.inputGradientWithGraph(xe, l2);
        xe.setRequiresGradient(false); // Ω's gradient with respect to x + η is not needed
        NDArray omega = Scalars.mul(alignmentPenalty(batch.aux(), g2), lambda);
        return new StepLoss(ce.add(omega), logits);
    }

    /**
     * 1 − mean over examples with two non-zero gradients of cos(g1ᵢ, g2ᵢ) (0 when there are none);
     * differentiable in {@code g2}. Each gradient is first divided by its largest |entry| (held constant: the
     * cosine is scale-invariant, so its value and its gradient are unchanged), so the squared norms neither
     * underflow nor overflow when a saturated model has gradients near 1e-30.
     */
    static NDArray alignmentPenalty(NDArray g1, NDArray g2) {
        long n = g1.getShape().get(0);
        NDArray a = g1.reshape(n, -1);
        NDArray b = g2.reshape(n, -1);
        NDArray sa = a.abs().max(new int[] {1}, true).stopGradient();
        NDArray sb = b.abs().max(new int[] {1}, true).stopGradient();
        NDArray keep = sa.gt(0).logicalAnd(sb.gt(0)).reshape(n);
        NDArray one = sa.onesLike();
        a = a.div(NDArrays.where(sa.gt(0), sa, one));
        b = b.div(NDArrays.where(sb.gt(0), sb, one));
        // max-scaled: every kept row has a squared norm in [1, d]; dropped rows use 1, so no 0/0 enters the graph
        NDArray ones = one.reshape(n);
        NDArray na = NDArrays.where(keep, a.square().sum(new int[] {1}), ones);
        NDArray nb = NDArrays.where(keep, b.square().sum(new int[] {1}), ones);
        NDArray mask = keep.toType(DataType.FLOAT32, false);
        NDArray cos = a.mul(b).sum(new int[] {1}).div(na.sqrt().mul(nb.sqrt())).mul(mask);
        NDArray count = Scalars.maximum(mask.sum(), 1);
        return ones.get(0).sub(cos.sum().div(count)).mul(keep.any().toType(DataType.FLOAT32, false));
    }

    /** Registers {@code gradalign}. */
    public static final class Provider implements RecipeProvider {
        @Override
        public String name() {
            return "gradalign";
        }

        @Override
        public String description() {
            return "GradAlign (Andriushchenko & Flammarion 2020): FGSM training + lambda (1 - cos of input "
                    + "gradients at x and x + eta), double backprop";
        }

        @Override
        public Map<String, Object> defaults() {
            return RecipeProvider.optionsMap(Options.defaults());
        }

        @Override
        public TrainingRecipe create(Map<String, Object> options) {
            return new GradAlignRecipe(Configs.options("recipe " + name(), Options.defaults(), options));
        }
    }
}
