package org.robustj.diagnose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.robustj.errors.UnknownNameException;

/**
 * The registry of diagnostics, what {@code robustj diagnose NAME} runs: one registration line per diagnostic
 * in the static block below, in the order {@code robustj diagnose --list} shows them. To add a diagnostic,
 * write a class extending {@link AbstractDiagnostic} in its package and add one line here.
 */
public final class Diagnostics {
    private static final Map<String, Supplier<Diagnostic>> REGISTRY = new LinkedHashMap<>();

    static {
        register("collapse", org.robustj.diagnose.collapse.CollapseDiagnostic::new);
        register("complexity", org.robustj.diagnose.regions.ComplexityDiagnostic::new);
        register("sharpness", org.robustj.diagnose.sharpness.SharpnessDiagnostic::new);
        register("ntk", org.robustj.diagnose.ntk.NtkDiagnostic::new);
    }

    private Diagnostics() {}

    private static void register(String name, Supplier<Diagnostic> factory) {
        if (REGISTRY.put(name, factory) != null) {
            throw new IllegalStateException("diagnostic " + name + " registered twice");
        }
    }

    /** The registered names, in order. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** A new instance of every diagnostic, in order. */
    public static List<Diagnostic> all() {
        List<Diagnostic> l = new ArrayList<>();
        for (Supplier<Diagnostic> s : REGISTRY.values()) l.add(s.get());
        return l;
    }

    /** The diagnostic called {@code name}; an unknown name lists the known ones. */
    public static Diagnostic create(String name) {
        Supplier<Diagnostic> s = REGISTRY.get(name);
        if (s == null) {
            throw new UnknownNameException("diagnostic", name, REGISTRY.keySet());
        }
        return s.get();
    }
}
