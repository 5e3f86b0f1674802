package org.robustj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.robustj.benchmark.Entry;
import org.robustj.errors.DataFormatException;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code robustj report}: the HTML report of a JSON run record (from {@code evaluate --out}) or of a
 * leaderboard entry. A run record does not keep input images, so the gallery appears only in reports
 * written during the run ({@code evaluate --report}, {@code benchmark}).
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the self-contained HTML report of a run record or leaderboard entry.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", paramLabel = "RUN.json", required = true,
            description = "A run record (evaluate --out) or a leaderboard entry.")
    Path run;

    @Option(names = "--out", paramLabel = "FILE.html", required = true, description = "The report to write ("
            + Outputs.FILE_RULE + ").")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        if (!Files.isRegularFile(run)) {
            throw new DataFormatException("run record not found: " + run);
        }
        new Outputs().file("--out", out);
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(run.toFile());
        } catch (IOException e) {
            throw new DataFormatException(run + " is not valid JSON: " + Cli.oneLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new DataFormatException(run + " is not a run record");
        }
        if (tree.has("schema") && tree.has("run")) {
            Entry e = Entry.read(run);
            RunReport.write(out, e.run(), null, e);
        } else {
            if (!tree.has("clean_accuracy") || !tree.has("schema_version")) {
                throw new DataFormatException(run + " is not a run record (no schema_version / clean_accuracy)");
            }
            RunRecord r;
            try {
                r = Json.mapper().treeToValue(tree, RunRecord.class);
            } catch (IOException e) {
                throw new DataFormatException(run + " is not a valid run record: " + Cli.oneLine(e.getMessage()));
            }
            RunReport.write(out, r, null, null);
        }
        o.println("report: " + out);
        o.flush();
        return 0;
    }
}
