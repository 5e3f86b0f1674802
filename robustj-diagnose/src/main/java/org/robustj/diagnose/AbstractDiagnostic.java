package org.robustj.diagnose;

import java.util.Map;
import java.util.Set;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Capabilities;
import org.robustj.model.ModelCapability;

/**
 * Base of every diagnostic: the book-keeping lives in the final {@link #run} (capabilities, known options, an
 * attack configuration where adversarial inputs are needed), the leaf class contains only the measurement.
 */
public abstract class AbstractDiagnostic implements Diagnostic {
    private final String name;
    private final String description;
    private final Set<ModelCapability> needs;
    private final AttackUse attacks;
    private final Map<String, String> options;

    /** Whether a diagnostic attacks: never, on request (an attack configuration is optional), or always. */
    public enum AttackUse {
        /** It never attacks; an attack configuration is refused by the CLI. */
        NONE,
        /** It measures adversarial inputs besides the clean ones when an attack configuration is given. */
        OPTIONAL,
        /** It compares clean with adversarial inputs, so it needs an attack configuration. */
        REQUIRED
    }

    /** A diagnostic that attacks always ({@code usesAttacks}) or never. */
    protected AbstractDiagnostic(String name, String description, Set<ModelCapability> needs, boolean usesAttacks,
            Map<String, String> options) {
        this(name, description, needs, usesAttacks ? AttackUse.REQUIRED : AttackUse.NONE, options);
    }

    protected AbstractDiagnostic(String name, String description, Set<ModelCapability> needs, AttackUse attacks,
            Map<String, String> options) {
        this.name = name;
        this.description = description;
        this.needs = Set.copyOf(needs);
        this.attacks = attacks;
        this.options = Map.copyOf(options);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Set<ModelCapability> needs() {
        return needs;
    }

    @Override
    public final boolean usesAttacks() {
        return attacks != AttackUse.NONE;
    }

    @Override
    public final boolean requiresAttack() {
        return attacks == AttackUse.REQUIRED;
    }

    @Override
    public final Map<String, String> options() {
        return options;
    }

    /**
     * Checks what can be checked without running (options, capabilities, attack configuration), so a caller
     * can refuse bad input before loading data or attacking.
     */
    public final void check(DiagnosticRequest request) {
        request.options().checkKnown("diagnose " + name, options.keySet());
        for (ModelCapability c : needs) {
            Capabilities.require(request.model(), c, "diagnose " + name, alternative(c));
        }
        if (requiresAttack() && request.attack() == null) {
            throw new InvalidInputException("diagnose " + name + " needs an attack configuration for its adversarial "
                    + "inputs (--attacks, --norm, --eps)");
        }
        validate(request);
    }

    @Override
    public final DiagnosticResult run(DiagnosticRequest request) {
        check(request);
        return measure(request);
    }

    /** Diagnostic-specific validation of the request (option values, layer names); default: none. */
    protected void validate(DiagnosticRequest request) {}

    /**
     * What works without capability {@code c}, for the error message; default: the registered diagnostics that
     * do not need it.
     */
    protected String alternative(ModelCapability c) {
        java.util.List<String> without = new java.util.ArrayList<>();
        for (Diagnostic d : Diagnostics.all()) {
            if (!d.needs().contains(c)) without.add(d.name());
        }
        return without.isEmpty() ? null : "run a diagnostic that does not need it (" + String.join(", ", without) + ")";
    }

    /** The measurement itself, on a request already checked. */
    protected abstract DiagnosticResult measure(DiagnosticRequest request);
}
