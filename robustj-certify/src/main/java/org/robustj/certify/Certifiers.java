package org.robustj.certify;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.robustj.errors.UnknownNameException;

/** Every certification method by name: the one registration point for a new {@link Certifier}. */
public final class Certifiers {
    private static final Map<String, Supplier<Certifier>> BY_NAME = new TreeMap<>();

    static {
        // one line per method, e.g. BY_NAME.put("smoothing", SmoothingCertifier::new);
        // smoothing lives in org.robustj.certify.smoothing; ibp, crown, crown-ibp in org.robustj.certify.bounds
        BY_NAME.put("smoothing", org.robustj.certify.smoothing.RandomizedSmoothingCertifier::new);
        BY_NAME.put("ibp", org.robustj.certify.bounds.IbpCertifier::new);
        BY_NAME.put("crown", org.robustj.certify.bounds.CrownCertifier::new);
        BY_NAME.put("crown-ibp", org.robustj.certify.bounds.CrownIbpCertifier::new);
    }

    private Certifiers() {}

    /** The names of the registered methods, sorted. */
    public static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(BY_NAME.keySet());
    }

    /** A new certifier by name; an unknown name is an error listing the known ones. */
    public static Certifier create(String name) {
        Supplier<Certifier> s = BY_NAME.get(name);
        if (s == null) throw new UnknownNameException("certification method", name, BY_NAME.keySet());
        return s.get();
    }
}
