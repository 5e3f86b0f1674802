package org.robustj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.robustbench.RobustBenchInfo;
import org.robustj.errors.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code robustj robustbench export|import}: a robustj entry as a RobustBench {@code model_info} JSON, and
 * RobustBench {@code model_info} files as leaderboard rows marked as not evaluated here.
 */
@Command(name = "robustbench", description = {"RobustBench interoperability: export an entry as a model_info JSON, "
        + "import model_info JSON files as external leaderboard rows (not evaluated here)."},
        subcommands = {RobustBenchCommand.Export.class, RobustBenchCommand.Import.class,
            picocli.CommandLine.HelpCommand.class})
public final class RobustBenchCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code robustbench export}. */
    @Command(name = "export", description = "Write a robustj entry as RobustBench's model_info/<dataset>/<threat>/"
            + "<ModelID>.json.")
    static final class Export implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--entry", required = true, paramLabel = "ENTRY.json", description = "The robustj entry.")
        Path entry;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model_info folder to write "
                + "into (the file goes to DIR/<dataset>/<Linf|L2|corruptions>/<ModelID>.json).")
        Path out;

        @Option(names = "--id", paramLabel = "ModelID", description = "The model id (file name; default: the "
                + "entry's name), e.g. Wong2020Fast.")
        String id;

        @Option(names = "--link", description = "The paper's link.")
        String link;

        @Option(names = "--paper", description = "The paper's title (RobustBench's 'name'; default: the entry's name).")
        String paper;

        @Option(names = "--authors", description = "The authors.")
        String authors;

        @Option(names = "--venue", description = "The venue (default: N/A).")
        String venue;

        @Option(names = "--additional-data", description = "The model was trained with additional data.")
        boolean additionalData;

        @Override
        public Integer call() throws Exception {
            Entry e = Entry.read(entry);
            new Outputs().folder("--out", out);
            Path file = RobustBenchInfo.export(e, new RobustBenchInfo.Paper(id, link, paper, authors, venue,
                    additionalData), out);
            PrintWriter o = spec.commandLine().getOut();
            o.println("model_info: " + file);
            o.flush();
            return 0;
        }
    }

    /** {@code robustbench import}. */
    @Command(name = "import", description = {"Add RobustBench model_info JSON files to an entries folder as external "
            + "rows, marked as not evaluated here (RobustBench's numbers: full test sets, the released CIFAR-10-C).",
        "Every file is checked first; when one does not fit, nothing is written."})
    static final class Import implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--entries", required = true, paramLabel = "DIR", description = "The entries folder.")
        Path entries;

        @Option(names = "--threat-model", paramLabel = "T", description = "Linf, L2 or corruptions (default: the "
                + "name of each file's folder, as in RobustBench's model_info/<dataset>/<threat>/).")
        String threatModel;

        @Parameters(arity = "1..*", paramLabel = "MODEL_INFO.json", description = "RobustBench model_info files.")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            if (threatModel != null && !RobustBenchInfo.THREAT_MODELS.contains(threatModel)) {
                throw new InvalidInputException("unknown threat model '" + threatModel + "'; known: "
                        + String.join(", ", RobustBenchInfo.THREAT_MODELS));
            }
            new Outputs().folder("--entries", entries);
            List<Path> written = RobustBenchInfo.importInto(files, threatModel, entries);
            PrintWriter o = spec.commandLine().getOut();
            for (Path p : written) o.println("imported (not evaluated here): " + p);
            o.flush();
            return 0;
        }
    }
}
