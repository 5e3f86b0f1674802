package org.robustj.diagnose.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.robustj.errors.UnknownNameException;

/**
 * The registry of experiments, what {@code robustj experiment list|run} shows and runs: one registration line
 * per experiment in the static block below. To add an experiment, write one class implementing
 * {@link Experiment} in this package and add one line here.
 */
public final class Experiments {
    private static final Map<String, Supplier<Experiment>> REGISTRY = new LinkedHashMap<>();

    static {
        register("collapse-under-attack", CollapseUnderAttackExperiment::new);
        register("delayed-robustness", DelayedRobustnessExperiment::new);
        register("sharpness-vs-generalization", SharpnessGeneralizationExperiment::new);
        register("ntk-robust-features", NtkLazyRegimeExperiment::new);
        register("catastrophic-overfitting", CatastrophicOverfittingExperiment::new);
    }

    private Experiments() {}

    private static void register(String name, Supplier<Experiment> factory) {
        if (REGISTRY.put(name, factory) != null) {
            throw new IllegalStateException("experiment " + name + " registered twice");
        }
    }

    /** The registered names, in order. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** A new instance of every experiment, in order. */
    public static List<Experiment> all() {
        List<Experiment> l = new ArrayList<>();
        for (Supplier<Experiment> s : REGISTRY.values()) l.add(s.get());
        return l;
    }

    /** The experiment called {@code name}; an unknown name lists the known ones. */
    public static Experiment create(String name) {
        Supplier<Experiment> s = REGISTRY.get(name);
        if (s == null) {
            throw new UnknownNameException("experiment", name, REGISTRY.keySet());
        }
        return s.get();
    }
}
