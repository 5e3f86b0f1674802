package org.robustj.attack;

import java.util.Set;
import org.robustj.model.Classifier;
import org.robustj.threat.ThreatModel;

/**
 * Searches, within a threat model, for inputs that a classifier gets wrong. Implementations extend
 * {@link AbstractAttack}, which validates inputs, projects every returned point into the ε-ball ∩ box,
 * judges success on fresh logits and keeps the clean input wherever the attack failed.
 */
public interface Attack {
    /** Registry name, kebab-case ({@code apgd-ce}, {@code square}). */
    String name();

    /** The immutable configuration record (serialised into run records). */
    Object config();

    /** What the attack can do. */
    Set<Capability> capabilities();

    /**
     * The threat models the attack supports (declared, never probed): the Lp norms for gradient attacks,
     * the sparse threat models for Sparse-RS. {@link #run} refuses any other with an error naming the
     * attacks that do support it.
     */
    default Set<org.robustj.threat.Norm> norms() {
        return org.robustj.threat.Norm.LP;
    }

    /**
     * The fewest classes a model must have for the attack to run untargeted (DLR losses need 3, targeted
     * DLR 4), so an ensemble can tell before any work which attacks apply to a model.
     */
    default int minClasses() {
        return 2;
    }

    /** Attacks one batch. */
    AttackResult run(Classifier model, LabeledBatch batch, ThreatModel threat, AttackContext ctx);

    /**
     * The attack's candidate points projected into ε-ball ∩ box, without replacing failed points by the clean
     * input: what adversarial training trains on (the highest-loss point found, successful or not). The
     * array belongs to the batch's manager.
     */
    ai.djl.ndarray.NDArray perturb(Classifier model, LabeledBatch batch, ThreatModel threat, AttackContext ctx);
}
