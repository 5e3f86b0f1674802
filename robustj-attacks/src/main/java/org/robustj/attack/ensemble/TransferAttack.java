package org.robustj.attack.ensemble;

import ai.djl.ndarray.NDArray;
import java.util.EnumSet;
import org.robustj.attack.AbstractAttack;
import org.robustj.attack.Attack;
import org.robustj.attack.Capability;
import org.robustj.io.Json;
import org.robustj.model.Classifier;

/**
 * A transfer attack (Papernot et al. 2016, arXiv 1605.07277; the usual black-box baseline): a white-box attack
 * run on a <em>surrogate</em> model, its examples judged on the target. The target is only queried to judge
 * the final candidates, never differentiated, so the attack is gradient-free towards the target and runs on
 * query-only models; its search spends no target queries. Named {@code transfer-NAME} after the inner attack;
 * the ensemble adds it for {@code --surrogate} ({@link AutoEvaluation#withSurrogate}).
 *
 * <p>The candidates are the inner attack's highest-loss points on the surrogate ({@link Attack#perturb}),
 * successful there or not, projected into the ε-ball ∩ box: a point the surrogate resists can still fool the
 * target.
 */
public final class TransferAttack extends AbstractAttack {
    /** Prefix of a transfer attack's name. */
    public static final String PREFIX = "transfer-";

    /** What is recorded: the surrogate (as named and its SHA-256), the inner attack and its settings. */
    public record Config(String surrogate, String surrogateSha256, String attack,
            com.fasterxml.jackson.databind.JsonNode attackConfig) {}

    private final Attack inner;
    private final Classifier surrogate;

    /** {@code inner} (a white-box attack) run on {@code surrogate}. */
    public TransferAttack(Attack inner, Classifier surrogate) {
        super(PREFIX + inner.name(), new Config(surrogate.source(), surrogate.sha256(), inner.name(),
                Json.tree(inner.config())), EnumSet.of(Capability.GRADIENT_FREE, Capability.STOCHASTIC));
        this.inner = inner;
        this.surrogate = surrogate;
    }

    /** The search differentiates the surrogate, so it must not run with oneDNN's forward-only kernels on. */
    @Override
    protected boolean searchesForwardOnly() {
        return false;
    }

    @Override
    public int minClasses() {
        return inner.minClasses();
    }

    @Override
    protected NDArray search(Search s) {
        // no query of the target: per-point search queries stay zero, the verification is counted by run()
        return inner.perturb(surrogate, s.batch(), s.threat(), s.ctx());
    }
}
