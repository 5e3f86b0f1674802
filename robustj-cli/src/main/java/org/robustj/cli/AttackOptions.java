package org.robustj.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustj.threat.Norm;
import picocli.CommandLine.Option;

/**
 * The attack options that {@code evaluate} and {@code diagnose} share (a picocli mixin): the threat model
 * ({@code --norm}, {@code --eps}), the AutoAttack version or a custom attack list, per-attack overrides, and
 * {@code --help-attack}. Each command turns them into an {@code EvaluationConfig} with its own default attacks.
 */
public final class AttackOptions {
    @Option(names = "--norm", defaultValue = "linf", description = "Threat model: linf, l2 or l1 (default: ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--eps", paramLabel = "E[,E2...]", split = ",",
            description = "Perturbation budget(s); the first is the headline one. Default: 0.3 (mnist), 0.1 "
                    + "(fashion-mnist), 8/255 (cifar10) for linf; 2.0 / 1.5 / 0.5 for l2; 10 / 10 / 12 for l1.")
    List<String> eps;

    @Option(names = "--version", paramLabel = "V", description = "AutoAttack version: standard, plus "
            + "or rand (the reference's recipes), or strong: standard with 2 restarts of apgd-t and square on the "
            + "points still robust (evaluate's default unless --attacks is given; diagnose uses pgd by default).")
    String version;

    @Option(names = "--attacks", paramLabel = "a,b,...", split = ",",
            description = "Custom attack list instead of a version (e.g. apgd-ce,square), or 'none' (evaluate: "
                    + "clean only).")
    List<String> attacks;

    @Option(names = "--attack-option", paramLabel = "ATTACK.KEY=VALUE",
            description = "Override an attack setting, e.g. apgd-ce.steps=50 (repeatable); one vocabulary for all "
                    + "attacks (docs/attack-options.md), listed per attack by --help-attack.")
    List<String> attackOptions;

    @Option(names = "--help-attack", paramLabel = "NAME",
            description = "List an attack's options (name, default, allowed values, aliases) and exit.")
    String helpAttack;

    /** Whether {@code --attacks none} was given. */
    boolean none() {
        return attacks != null && attacks.size() == 1 && attacks.get(0).equals("none");
    }

    /** The norm. */
    Norm parsedNorm() {
        return Norm.parse(norm);
    }

    /** The ε list: as given, else the data set's usual one for the norm. */
    List<Double> epsilons(String dataset, Norm nrm) {
        if (eps == null || eps.isEmpty()) {
            return List.of(EvaluateCommand.defaultEps(dataset, nrm));
        }
        List<Double> out = new ArrayList<>();
        for (String e : eps) out.add(EvaluateCommand.parseEps(e));
        return out;
    }

    /** The per-attack overrides. */
    Map<String, Map<String, Object>> overrides() {
        return EvaluateCommand.parseOptions(attackOptions);
    }
}
