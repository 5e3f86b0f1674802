package org.robustj.certify;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.robustj.errors.UnknownNameException;

/** Every certification method by name: the one registration point for a new {@link Certifier}. */
public final class Certifiers {
    private static final Map<String, Supplier<Certifier>> BY_NAME = new TreeMap<>();

    static {
        // one line per method, e.g. BY_NAME.put("smoothing", SmoothingCertifier::new);
        // smoothing lives in org.robustj.certify.smoothing; ibp, crown, crown-ibp, alpha-crown in org.robustj.certify.bounds
        BY_NAME.put("smoothing", org.robustj.certify.smoothing.RandomizedSmoothingCertifier::new);
        BY_NAME.put("ibp", org.robustj.certify.bounds.IbpCertifier::new);
        BY_NAME.put("crown", org.robustj.certify.bounds.CrownCertifier::new);
        BY_NAME.put("crown-ibp", org.robustj.certify.bounds.CrownIbpCertifier::new);
        BY_NAME.put("alpha-crown", org.robustj.certify.bounds.AlphaCrownCertifier::new);
    }

    private Certifiers() {}

    /** The names of the registered methods, sorted. */
    public static synchronized Set<String> names() {
        return Collections.unmodifiableSet(new java.util.TreeSet<>(BY_NAME.keySet()));
    }

    /** A new certifier by name; an unknown name is an error listing the known ones. */
    public static synchronized Certifier create(String name) {
        Supplier<Certifier> s = BY_NAME.get(name);
        if (s == null) throw new UnknownNameException("certification method", name, BY_NAME.keySet());
        return s.get();
    }

    /**
     * Registers a method at run time, for tests (a closed-form certifier of a linear model, a deliberately
     * wrong one) and for plug-ins; a name already registered is refused, so a built-in method cannot be
     * replaced by accident. Built-in methods are listed in the static block instead.
     *
     * @throws IllegalArgumentException when the name is taken
     */
    public static synchronized void register(String name, Supplier<Certifier> factory) {
        if (BY_NAME.containsKey(name)) {
            throw new IllegalArgumentException("certification method " + name + " is already registered");
        }
        BY_NAME.put(name, factory);
    }

    /** Registers a method unless one of that name exists (idempotent, for tests run in one JVM). */
    public static synchronized void registerIfAbsent(String name, Supplier<Certifier> factory) {
        BY_NAME.putIfAbsent(name, factory);
    }
}
