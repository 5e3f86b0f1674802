package org.robustj.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code robustj zoo}: the bundled models, addressed anywhere as {@code zoo:NAME}. */
@Command(name = "zoo", mixinStandardHelpOptions = true, description = "Bundled models (use as --model zoo:NAME).",
        subcommands = {ZooCommand.List.class})
public final class ZooCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code robustj zoo list}: one line per bundled model, from its card. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the bundled models.")
    public static final class List implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            java.util.List<String> names = Models.zooNames();
            if (names.isEmpty()) {
                o.println("no bundled models");
            }
            for (String name : names) {
                ModelCard c = Models.zooCard(name);
                String recipe = c.recipe() != null && c.recipe().has("recipe") ? c.recipe().get("recipe").asText()
                        : "standard";
                o.printf("zoo:%-22s %-16s %-8s %-10s clean %s%n", name, c.architecture(), c.dataset(), recipe,
                        c.cleanAccuracy() == null ? "n/a" : String.format("%.2f%% (%s)", 100 * c.cleanAccuracy(),
                                c.cleanAccuracyOn()));
            }
            o.flush();
            return 0;
        }
    }
}
