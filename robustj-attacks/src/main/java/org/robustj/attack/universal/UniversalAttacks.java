package org.robustj.attack.universal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/** The registry of universal-perturbation methods, by name: {@code uap} and {@code gd-uap}. */
public final class UniversalAttacks {
    private static final Map<String, Supplier<UniversalAttack>> METHODS = new LinkedHashMap<>();

    static {
        METHODS.put(UapAttack.NAME, UapAttack::new);
        METHODS.put(GdUapAttack.NAME, GdUapAttack::new);
    }

    private UniversalAttacks() {}

    /** The registered names, in registration order. */
    public static List<String> names() {
        return List.copyOf(METHODS.keySet());
    }

    /** A method with its reference defaults; an unknown name lists the known ones. */
    public static UniversalAttack create(String name) {
        Supplier<UniversalAttack> s = METHODS.get(name);
        if (s == null) throw new UnknownNameException("universal method", name, METHODS.keySet());
        return s.get();
    }

    /** Refuses a threat model whose norm the method cannot project onto, naming the norms it can. */
    static void checkNorm(UniversalAttack a, ThreatModel t) {
        checkNorm(a, t.norm());
    }

    /** Refuses a norm the method cannot project onto, naming the norms it can (before any ε is read). */
    public static void checkNorm(UniversalAttack a, Norm norm) {
        if (!a.norms().contains(norm)) {
            throw new InvalidInputException("attack-universal " + a.name() + " projects onto the "
                    + String.join(", ", a.norms().stream().sorted().map(Norm::id).toList()) + " ball"
                    + (a.norms().size() > 1 ? "s" : "") + ", not " + norm.id()
                    + (a.norms().contains(Norm.L2) ? "" : "; for l2 or l1 use --method uap"));
        }
    }
}
