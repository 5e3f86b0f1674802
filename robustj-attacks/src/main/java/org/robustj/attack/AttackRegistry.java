package org.robustj.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.robustj.errors.UnknownNameException;

/** All attacks on the class path, by name and alias (found through {@link ServiceLoader}). */
public final class AttackRegistry {
    private static final Map<String, AttackProvider> BY_NAME = new TreeMap<>();
    private static final List<AttackProvider> PROVIDERS = new ArrayList<>();

    static {
        for (AttackProvider p : ServiceLoader.load(AttackProvider.class)) {
            PROVIDERS.add(p);
            BY_NAME.put(p.name(), p);
            for (String a : p.aliases()) {
                BY_NAME.putIfAbsent(a, p);
            }
        }
        PROVIDERS.sort((a, b) -> a.name().compareTo(b.name()));
    }

    private AttackRegistry() {}

    /** Every registered provider, sorted by name. */
    public static List<AttackProvider> providers() {
        return List.copyOf(PROVIDERS);
    }

    /** The provider of a name or alias. */
    public static AttackProvider provider(String name) {
        AttackProvider p = BY_NAME.get(name);
        if (p == null) {
            throw new UnknownNameException("attack", name, BY_NAME.keySet());
        }
        return p;
    }

    /** Builds an attack by name with option overrides. */
    public static Attack create(String name, Map<String, Object> options) {
        return provider(name).create(options == null ? Map.of() : options);
    }

    /** Names of the registered attacks that need no gradients ({@link Capability#GRADIENT_FREE}), sorted. */
    public static List<String> gradientFree() {
        List<String> out = new ArrayList<>();
        for (AttackProvider p : PROVIDERS) {
            if (p.create(Map.of()).capabilities().contains(Capability.GRADIENT_FREE)) out.add(p.name());
        }
        return out;
    }

    /** Builds an attack by name with its reference defaults. */
    public static Attack create(String name) {
        return create(name, Map.of());
    }
}
