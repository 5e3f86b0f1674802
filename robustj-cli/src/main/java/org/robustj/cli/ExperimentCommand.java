package org.robustj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.robustj.diagnose.experiment.Experiment;
import org.robustj.diagnose.experiment.ExperimentContext;
import org.robustj.diagnose.experiment.ExperimentOutput;
import org.robustj.diagnose.experiment.ExperimentResult;
import org.robustj.diagnose.experiment.Experiments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code robustj experiment list|run}: the small-scale reproductions of the papers' findings ({@link
 * Experiments}); {@code run NAME} writes {@code DIR/NAME.html} (plots, the claim, what this run shows, every
 * number) and {@code DIR/NAME.json}.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Experiments: small-scale reproductions of the papers' findings, each a page with its plots "
                + "and JSON.",
        subcommands = {ExperimentCommand.List.class, ExperimentCommand.Run.class})
public final class ExperimentCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code robustj experiment list}: one line each, name then what it shows. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the experiments.")
    public static final class List implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            for (Experiment e : Experiments.all()) {
                o.printf("%-26s %s%n", e.name(), e.description());
            }
            o.flush();
            return 0;
        }
    }

    /** {@code robustj experiment run NAME [--quick] [--out DIR]}. */
    @Command(name = "run", sortOptions = false, description = "Run an experiment and write its page and JSON.")
    public static final class Run implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Parameters(index = "0", paramLabel = "NAME", description = "The experiment (see robustj experiment list).")
        String name;

        @Option(names = "--quick", description = "The small version (about two minutes; what the tests run).")
        boolean quick;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "experiments",
                description = "Folder for NAME.html, NAME.json and the run's models and logs (" + Outputs.FOLDER_RULE
                        + "; default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--seed", defaultValue = "0", description = "Root seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            Experiment e = Experiments.create(name);
            new Outputs().folder("--out", out);
            common.apply();
            String command = "robustj " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
            o.printf("experiment %s%s: %s%n", name, quick ? " (quick)" : "", e.description());
            o.flush();
            ExperimentResult r;
            try (CliDiagnosticListener listener = new CliDiagnosticListener(o, common.quiet)) {
                ExperimentContext ctx = new ExperimentContext(quick, seed, out.resolve(name + "-work"), listener,
                        Map.of("command", command));
                r = e.run(ctx);
            }
            o.println();
            for (ExperimentResult.Finding f : r.findings()) {
                o.printf("%s %s (%s)%n", f.holds() ? "holds:        " : "does not hold:", f.statement(), f.evidence());
            }
            ExperimentOutput.Written w = ExperimentOutput.write(out, r);
            o.printf("page: %s%nrecord: %s%nexperiment %s: %.1f s%n", w.page(), w.record(), name, r.seconds());
            o.flush();
            return 0;
        }
    }
}
