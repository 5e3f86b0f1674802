package org.robustj.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.IntStream;
import org.robustj.attack.AbstractAttack;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackProvider;
import org.robustj.attack.Capability;
import org.robustj.attack.Configs;
import org.robustj.attack.Inputs;
import org.robustj.attack.loss.Losses;
import org.robustj.errors.InvalidInputException;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * APGD-T, the targeted APGD of Croce &amp; Hein 2020 (arXiv 2003.01690) as run by AutoAttack: APGD (see
 * {@link ApgdAttack}, same step-size rule, start point and L1 variant) on the targeted DLR loss
 * −(z_y − z_t) / (z_π1 − (z_π3 + z_π4)/2), once for each of the 2nd, 3rd, … most likely classes of the
 * clean logits as target t, each time only on the points not broken yet. Success is misclassification
 * (any class but y), as in AutoAttack. Threat models L∞, L2, L1; needs at least 4 classes.
 *
 * <p>Defaults (fra31/auto-attack autoattack.py, standard version): 100 iterations, 1 restart per target,
 * ρ = 0.75, 9 target classes for L∞/L2 and 5 with the 3ε/2ε/ε schedule for L1. The number of targets is
 * capped at K − 1 for a K-class model, which AutoAttack leaves to the user (its issue #110).
 */
public final class ApgdTargetedAttack extends AbstractAttack {
    /**
     * APGD-T settings; {@code targetClasses} and {@code useLargeReps} may be null for AutoAttack's standard
     * choice of the norm (9 targets, no schedule for L∞/L2; 5 targets with the schedule for L1).
     *
     * @param steps iterations per target and restart (n_iter = 100)
     * @param restarts restarts per target (n_restarts = 1)
     * @param rho oscillation threshold (0.75)
     * @param eotIter gradients averaged per iterate (eot_iter = 1)
     * @param targetClasses how many of the most likely wrong classes to aim at, capped at K − 1
     * @param useLargeReps the L1 ε schedule; L1 only
     */
    public record Config(int steps, int restarts, double rho, int eotIter, Integer targetClasses,
            Boolean useLargeReps) {
        public Config {
            if (steps < 1) throw new InvalidInputException("apgd-t steps must be >= 1, got " + steps);
            if (restarts < 1) throw new InvalidInputException("apgd-t restarts must be >= 1, got " + restarts);
            if (!(rho > 0 && rho <= 1)) throw new InvalidInputException("apgd-t rho must be in (0, 1], got " + rho);
            if (eotIter < 1) throw new InvalidInputException("apgd-t eot_iter must be >= 1, got " + eotIter);
            if (targetClasses != null && targetClasses < 1) {
                throw new InvalidInputException("apgd-t target_classes must be >= 1, got " + targetClasses);
            }
        }

        /** AutoAttack's standard APGD-T: 100 steps, 1 restart, ρ = 0.75, per-norm targets and schedule. */
        public static Config defaults() {
            return new Config(100, 1, 0.75, 1, null, null);
        }

        /** Targets used for a norm on a K-class model: the configured (or standard) count, at most K − 1. */
        public int targetsFor(Norm norm, int classes) {
            int want = targetClasses != null ? targetClasses : norm == Norm.L1 ? 5 : 9;
            return Math.min(want, classes - 1);
        }

        /** Whether the 3ε/2ε/ε schedule is used for a norm. */
        public boolean largeRepsFor(Norm norm) {
            return useLargeReps != null ? useLargeReps : norm == Norm.L1;
        }
    }

    private final Config config;

    public ApgdTargetedAttack(Config config) {
        super("apgd-t", config, EnumSet.of(Capability.STOCHASTIC));
        this.config = config;
    }

    /** The targeted DLR loss needs 4 classes. */
    @Override
    public int minClasses() {
        return 4;
    }

    @Override
    protected NDArray search(Search s) {
        ThreatModel threat = s.threat();
        Norm norm = threat.norm();
        int classes = s.model().numClasses();
        if (classes < 4) {
            throw new InvalidInputException("apgd-t: targeted DLR needs at least 4 classes; this model has "
                    + classes);
        }
        if (Boolean.TRUE.equals(config.useLargeReps) && norm != Norm.L1) {
            throw new InvalidInputException("apgd-t: use_large_reps applies to the l1 norm only, not " + norm.id());
        }
        ApgdAttack.Settings st = new ApgdAttack.Settings(norm, threat.eps(), threat.lower(), threat.upper(),
                config.steps, config.rho, config.eotIter, config.largeRepsFor(norm));
        NDArray x = s.batch().x();
        Shape shape = x.getShape();
        int n = (int) shape.get(0);
        int d = (int) (shape.size() / n);
        float[] xs = x.toFloatArray();
        int[] labels = s.batch().labels();
        int[][] ranking = ranking(s, x);
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) done[i] = ranking[i][0] != labels[i];
        float[] adv = xs.clone();
        int targets = config.targetsFor(norm, classes);
        s.ctx().progress().expect((long) targets * config.restarts * config.steps);
        for (int rank = 2; rank <= targets + 1; rank++) {
            for (int r = 0; r < config.restarts; r++) {
                int[] idx = Rows.where(done, false);
                if (idx.length == 0) break;
                int[] t = new int[idx.length];
                for (int k = 0; k < idx.length; k++) t[k] = ranking[idx[k]][rank - 1];
                try (NDManager m = s.scope().newSubManager()) {
                    NDArray x0 = m.create(Rows.select(xs, d, idx), ApgdAttack.subShape(shape, idx.length));
                    NDArray y = Rows.longs(m, Rows.select(labels, idx));
                    NDArray tt = Rows.longs(m, t);
                    // the loss aims at t, but success is any misclassification (AutoAttack)
                    ApgdAttack.Outcome o = ApgdAttack.run(s, x0, y, y, false, Losses.dlrTargeted(tt), st,
                            s.ctx().rngs(idx, "target/" + rank + "/restart/" + r));
                    boolean[] unbroken = new boolean[idx.length];
                    for (int k = 0; k < idx.length; k++) {
                        unbroken[k] = !o.fooled()[k];
                        done[idx[k]] |= o.fooled()[k];
                    }
                    Rows.scatter(adv, d, idx, o.adversarial(), o.fooled());
                    // unbroken points: the highest-loss point of the latest target (what perturb returns)
                    Rows.scatter(adv, d, idx, o.best(), unbroken);
                }
            }
        }
        return s.scope().create(adv, shape);
    }

    /** Classes of each sample sorted by decreasing clean logit (ties: lower class first). */
    private static int[][] ranking(Search s, NDArray x) {
        float[] z;
        int k = s.model().numClasses();
        try (NDArray logits = s.logits(x)) {
            Inputs.argmaxChecked(logits, s.model().source());
            z = logits.toFloatArray();
        }
        int n = z.length / k;
        int[][] r = new int[n][];
        for (int i = 0; i < n; i++) {
            final int row = i;
            r[i] = IntStream.range(0, k).boxed()
                    .sorted((a, b) -> {
                        int c = Float.compare(z[row * k + b], z[row * k + a]);
                        return c != 0 ? c : Integer.compare(a, b);
                    })
                    .mapToInt(Integer::intValue).toArray();
        }
        return r;
    }

    /** Registers {@code apgd-t}. */
    public static final class Provider implements AttackProvider {
        @Override
        public String name() {
            return "apgd-t";
        }

        @Override
        public String description() {
            return "APGD-T: APGD on the targeted DLR loss over the top wrong classes (Croce & Hein 2020)";
        }

        @Override
        public Config defaults() {
            return Config.defaults();
        }

        @Override
        public Attack create(Map<String, Object> options) {
            return new ApgdTargetedAttack(Configs.merge(name(), defaults(), options));
        }
    }
}
