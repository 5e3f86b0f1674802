package org.robustj.attack.gradient;

import ai.djl.ndarray.NDArray;
import java.util.EnumSet;
import java.util.Map;
import org.robustj.attack.AbstractAttack;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackProvider;
import org.robustj.attack.Capability;
import org.robustj.attack.Configs;
import org.robustj.attack.loss.Loss;
import org.robustj.attack.loss.Losses;
import org.robustj.tensor.Gradients;

/**
 * Fast Gradient (Sign) Method, Goodfellow et al. 2015 (arXiv 1412.6572): one step of size ε along the
 * steepest-ascent direction of the loss (sign of the gradient for L∞, normalised gradient for L2/L1).
 * Threat models: L∞, L2, L1. Shapes: any N×…. Defaults: cross-entropy loss, no random start.
 */
public final class FgsmAttack extends AbstractAttack {
    /** FGSM settings. */
    public record Config(String loss) {
        public Config {
            Losses.byName(loss);
        }

        /** Cross-entropy, as in the paper. */
        public static Config defaults() {
            return new Config("ce");
        }
    }

    private final Config config;

    public FgsmAttack(Config config) {
        super("fgsm", config, EnumSet.of(Capability.TARGETED));
        this.config = config;
    }

    @Override
    protected NDArray search(Search s) {
        NDArray x = s.batch().x();
        boolean targeted = s.ctx().targeted();
        NDArray y = targeted ? s.scope().create(toLong(s.ctx().targets())) : s.batch().labelArray(s.scope());
        Loss base = Losses.byName(config.loss);
        // targeted: descend the loss towards the target class
        Loss loss = targeted ? (z, t) -> base.apply(z, t).neg() : base;
        try (Gradients.ValueAndGradient g = s.lossAndGradient(x, y, loss)) {
            NDArray step = s.threat().norm().normalizeGradient(g.gradient()).mul(s.threat().eps());
            return x.add(step);
        }
    }

    static long[] toLong(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i];
        return r;
    }

    /** Registers {@code fgsm}. */
    public static final class Provider implements AttackProvider {
        @Override
        public String name() {
            return "fgsm";
        }

        @Override
        public String description() {
            return "FGSM: one gradient-sign step of size eps (Goodfellow et al. 2015)";
        }

        @Override
        public Config defaults() {
            return Config.defaults();
        }

        @Override
        public Attack create(Map<String, Object> options) {
            return new FgsmAttack(Configs.merge(name(), defaults(), options));
        }
    }

}
