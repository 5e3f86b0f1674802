package org.robustj.cli;

import java.io.PrintWriter;
import org.robustj.attack.AttackOptions;
import org.robustj.attack.AttackProvider;
import org.robustj.attack.AttackRegistry;

/**
 * {@code evaluate --help-attack NAME}: an attack's options in the shared vocabulary, each with its default,
 * allowed values and the reference names accepted as aliases, so that users need not read the source to
 * know what {@code --attack-option NAME.KEY=VALUE} accepts.
 */
final class AttackHelp {
    private AttackHelp() {}

    /** Prints the options of {@code name} (an attack name or alias). */
    static void print(PrintWriter o, String name) {
        AttackProvider p = AttackRegistry.provider(name);
        o.printf("%s: %s%n", p.name(), p.description());
        if (!p.aliases().isEmpty()) {
            o.println("aliases: " + String.join(", ", p.aliases()));
        }
        o.printf("options (--attack-option %s.KEY=VALUE; all attacks: docs/attack-options.md):%n", p.name());
        o.printf("  %-18s %-10s %-22s %s%n", "option", "default", "values", "meaning");
        for (AttackOptions.Listed l : AttackOptions.list(p.defaults())) {
            o.printf("  %-18s %-10s %-22s %s%s%n", l.name(), l.defaultValue(), l.range(), l.description(),
                    l.aliases().isEmpty() ? "" : " (aliases: " + String.join(", ", l.aliases()) + ")");
        }
        o.println("'auto' defaults follow the reference per norm (e.g. apgd restarts: 1, or 5 for l1).");
        o.flush();
    }
}
