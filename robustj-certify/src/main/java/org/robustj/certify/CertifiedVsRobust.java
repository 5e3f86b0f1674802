package org.robustj.certify;

import java.util.ArrayList;
import java.util.List;

/**
 * The invariant that ties certificates to attacks: a point certified at ε is one no attack can break at ε,
 * so certified ≤ robust point by point. A violation means a bug in the certifier (when it certifies the
 * model itself) or, for smoothing, a point where the base model and the smoothed classifier differ.
 */
public final class CertifiedVsRobust {
    private CertifiedVsRobust() {}

    /** A point certified at {@code eps} that the attack {@code brokenBy} broke at that ε. */
    public record Violation(int index, double eps, String brokenBy) {}

    /**
     * The points certified but broken by an attack, at each ε of the certification.
     *
     * @param robust per ε of {@code r.config().eps()}, whether each point survived every attack
     * @param brokenBy per ε, the attack that broke each point ({@code "clean"} when misclassified unperturbed)
     */
    public static List<Violation> violations(CertifyResult r, List<boolean[]> robust, List<String[]> brokenBy) {
        List<Violation> out = new ArrayList<>();
        List<Double> eps = r.config().eps();
        if (robust.size() != eps.size() || brokenBy.size() != eps.size()) {
            throw new IllegalArgumentException(robust.size() + " robust flag sets for " + eps.size() + " eps");
        }
        for (int e = 0; e < eps.size(); e++) {
            boolean[] rob = robust.get(e);
            if (rob.length != r.size()) {
                throw new IllegalArgumentException(rob.length + " robust flags for " + r.size() + " points");
            }
            for (int i = 0; i < r.size(); i++) {
                if (r.certified(i, e) && !rob[i]) {
                    out.add(new Violation(r.certificates().get(i).index(), eps.get(e), brokenBy.get(e)[i]));
                }
            }
        }
        return out;
    }
}
