package org.robustj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.robustj.benchmark.LocalZoo;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code robustj zoo}: the bundled models and the user's local zoo (folder {@code zoo-local} beside the
 * project, or {@code $ROBUSTJ_ZOO}), all addressed anywhere as {@code zoo:NAME}.
 */
@Command(name = "zoo", mixinStandardHelpOptions = true,
        description = "Bundled and local models (use as --model zoo:NAME).",
        subcommands = {ZooCommand.List.class, ZooCommand.Add.class})
public final class ZooCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code robustj zoo list}: one line per model, bundled then local, from its card. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the bundled and local models.")
    public static final class List implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            java.util.List<String> names = Models.zooNames();
            LocalZoo local = LocalZoo.defaultZoo();
            java.util.List<String> mine = local.names();
            if (names.isEmpty() && mine.isEmpty()) {
                o.println("no models; add one with: robustj zoo add --model FILE --name NAME --dataset D");
            }
            for (String name : names) {
                line(o, name, Models.zooCard(name), "bundled");
            }
            for (String name : mine) {
                line(o, name, local.card(name), "local");
            }
            o.flush();
            return 0;
        }

        private static void line(PrintWriter o, String name, ModelCard c, String where) {
            String arch = c.architecture() == null ? "?" : c.architecture();
            if (arch.length() > 24) arch = arch.substring(0, 23) + "…";
            o.printf("zoo:%-22s %-24s %-14s %-10s %-8s clean %s%n", name, arch, c.dataset(), LocalZoo.recipeOf(c),
                    where, c.cleanAccuracy() == null ? "n/a" : String.format("%.2f%% (%s)", 100 * c.cleanAccuracy(),
                            c.cleanAccuracyOn()));
        }
    }

    /** {@code robustj zoo add}: copies a model with its card into the local zoo. */
    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Add a model (TorchScript .pt, ONNX .onnx or robustj .json/.params) to the local zoo, after checking "
                    + "that it opens and fits its data set.",
                "Then use it anywhere as --model zoo:NAME; it is listed by 'robustj zoo list'."})
    public static final class Add implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", paramLabel = "PATH", required = true,
                description = "TorchScript .pt file, ONNX .onnx file or robustj .json card (with its .params).")
        Path model;

        @Option(names = "--name", paramLabel = "NAME", required = true, description = "Name in the zoo.")
        String name;

        @Option(names = "--dataset", paramLabel = "D",
                description = "Data set the model reads (needed for TorchScript: mnist, fashion-mnist, cifar10, ...).")
        String dataset;

        @Option(names = "--architecture", description = "Architecture shown in lists and leaderboards (TorchScript).")
        String architecture;

        @Option(names = "--recipe", description = "Training recipe, e.g. standard or pgd-at (TorchScript).")
        String recipe;

        @Option(names = "--description", description = "A note kept in the card.")
        String description;

        @Option(names = "--force", description = "Replace a local model of the same name.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            LocalZoo zoo = LocalZoo.defaultZoo();
            ModelCard c = zoo.add(model, new LocalZoo.Addition(name, dataset, architecture, recipe, description),
                    force);
            o.printf("added zoo:%s (%s, %s, %d classes) to %s%n", c.name(), c.architecture(), c.dataset(),
                    c.numClasses(), zoo.dir());
            o.flush();
            return 0;
        }
    }
}
