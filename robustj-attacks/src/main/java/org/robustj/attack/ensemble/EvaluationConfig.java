package org.robustj.attack.ensemble;

import java.util.List;
import java.util.Map;
import org.robustj.errors.InvalidInputException;
import org.robustj.threat.Norm;

/**
 * What an ensemble evaluation runs: the AutoAttack version ({@code standard}, {@code plus}, {@code rand}, or
 * robustj's {@code strong}, the default for the Lp norms: see {@link Versions}), the {@code sparse} version for
 * the sparse threat models (l0, patch, frame: Sparse-RS, their default), or
 * a custom attack list (with per-attack option overrides), the norm and one or more ε (the first is the
 * headline one), the root seed and the batch size.
 */
public record EvaluationConfig(String version, List<String> attacks, Map<String, Map<String, Object>> options,
        Norm norm, List<Double> epsilons, long seed, int batchSize, Integer queryBudget) {

    /** Versions with a fixed attack list. */
    public static final List<String> VERSIONS = List.of("standard", "plus", "rand", "strong", "sparse", "blackbox");

    /** The version used when none is given for an Lp norm: standard with extra restarts ({@link Versions}). */
    public static final String DEFAULT_VERSION = "strong";

    /** The version for the sparse threat models (l0, patch, frame): Sparse-RS, the default there. */
    public static final String SPARSE_VERSION = "sparse";

    /** The version used when none is given: {@link #SPARSE_VERSION} for sparse norms, else {@link #DEFAULT_VERSION}. */
    public static String defaultVersion(Norm norm) {
        return norm != null && norm.sparse() ? SPARSE_VERSION : DEFAULT_VERSION;
    }

    /** The version for a query-only model (logits only): gradient-free attacks under a query budget. */
    public static final String BLACKBOX_VERSION = "blackbox";

    /** A configuration without a query budget (the {@code blackbox} version then uses its default). */
    public EvaluationConfig(String version, List<String> attacks, Map<String, Map<String, Object>> options,
            Norm norm, List<Double> epsilons, long seed, int batchSize) {
        this(version, attacks, options, norm, epsilons, seed, batchSize, null);
    }

    /** The version for a randomized model (input noise, MC dropout): AutoAttack's rand, APGD with 20 EOT draws. */
    public static final String RAND_VERSION = "rand";

    /**
     * The version to run on {@code model} when the user names none: {@link #BLACKBOX_VERSION} for a model
     * without input gradients (ONNX Runtime, {@code --query-only}), {@link #RAND_VERSION} for a
     * {@link org.robustj.model.ModelCapability#RANDOMIZED randomized} one (EOT), {@link #DEFAULT_VERSION}
     * otherwise.
     */
    public static String defaultVersion(org.robustj.model.Classifier model) {
        if (!org.robustj.model.Capabilities.has(model, org.robustj.model.ModelCapability.INPUT_GRADIENTS)) {
            return BLACKBOX_VERSION;
        }
        return org.robustj.model.Capabilities.has(model, org.robustj.model.ModelCapability.RANDOMIZED)
                ? RAND_VERSION : DEFAULT_VERSION;
    }

    /** The same configuration running {@code v} (a version name) instead. */
    public EvaluationConfig withVersion(String v) {
        return new EvaluationConfig(v, null, options, norm, epsilons, seed, batchSize, queryBudget);
    }

    public EvaluationConfig {
        if (queryBudget != null && queryBudget < 1) {
            throw new InvalidInputException("the query budget must be at least 1 query per point, got " + queryBudget);
        }
        if (epsilons == null || epsilons.isEmpty()) {
            throw new InvalidInputException("at least one eps is needed");
        }
        if (epsilons.stream().distinct().count() != epsilons.size()) {
            throw new InvalidInputException("eps values must be distinct: " + epsilons);
        }
        epsilons = List.copyOf(epsilons);
        if (batchSize < 1) {
            throw new InvalidInputException("batch size must be >= 1, got " + batchSize);
        }
        boolean custom = attacks != null && !attacks.isEmpty();
        if (custom && version != null && !version.equals("custom")) {
            throw new InvalidInputException("give either --version or --attacks, not both (version " + version + ")");
        }
        if (!custom && version != null && !VERSIONS.contains(version)) {
            throw new org.robustj.errors.UnknownNameException("version", version, VERSIONS);
        }
        version = custom ? "custom" : (version == null ? defaultVersion(norm) : version);
        if (norm != null && !custom && norm.sparse() != version.equals(SPARSE_VERSION)) {
            throw new InvalidInputException(norm.sparse()
                    ? "version " + version + " is AutoAttack's, for linf, l2 and l1; " + norm.id() + " is a sparse threat "
                            + "model: drop --version (it runs version sparse: sparse-rs) or give --attacks sparse-rs"
                    : "version sparse is for the sparse threat models (l0, patch, frame), not " + norm.id());
        }
        attacks = custom ? List.copyOf(attacks) : List.of();
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** The reference configuration: AutoAttack standard, seed 0, batch 500. */
    public static EvaluationConfig standard(Norm norm, double eps) {
        return new EvaluationConfig("standard", null, null, norm, List.of(eps), 0, 500);
    }
}
