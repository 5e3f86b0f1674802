package org.robustj.diagnose;

import java.util.Map;
import java.util.Set;
import org.robustj.model.ModelCapability;

/**
 * One measurement of the geometry behind robustness (neural collapse, NTK, local complexity, sharpness), run
 * on a model and a set of points, clean and, where it needs them, on adversarial inputs. Implementations
 * extend {@link AbstractDiagnostic}, whose final {@code run} checks the model's capabilities and the options
 * before any work; each is registered by one line in {@link Diagnostics}.
 */
public interface Diagnostic {
    /** Registry and CLI name, kebab-case ({@code collapse}). */
    String name();

    /** One line: what it measures (shown by {@code robustj diagnose --list}). */
    String description();

    /** What the model must offer; checked by {@link AbstractDiagnostic#run} with a message naming the remedy. */
    Set<ModelCapability> needs();

    /** Whether it uses {@link DiagnosticRequest#attack()} (adversarial inputs); if not, the attack is ignored. */
    boolean usesAttacks();

    /**
     * Whether it needs an attack configuration (collapse compares clean with adversarial inputs), or measures the
     * adversarial inputs only when one is given (complexity: clean points always, adversarial ones on request).
     */
    default boolean requiresAttack() {
        return usesAttacks();
    }

    /**
     * The {@code --option KEY=VALUE} settings it accepts, key to a one-line description with the default; any
     * other key is refused before any work.
     */
    Map<String, String> options();

    /** Runs the measurement. */
    DiagnosticResult run(DiagnosticRequest request);
}
