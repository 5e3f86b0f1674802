package org.robustj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.robustj.attack.ensemble.Records;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.PartialRuns;
import org.robustj.certify.CertifyRecords;
import org.robustj.errors.DataFormatException;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code robustj merge}: joins the partial run records of one evaluation ({@code evaluate --points FROM:TO}) into
 * the record of all their points, which for a partition of the points is exactly the record of one run on all
 * of them ({@link Records#merge}).
 */
@Command(name = "merge", sortOptions = false,
        description = {"Join the partial results of one run into one: run records of evaluate --points FROM:TO or "
                + "certify --points FROM:TO, or partial entries of benchmark --points FROM:TO.",
            "For a partition of the points the result is the record (or entry) of a single run on all of them: the "
                    + "same per-point outcomes and figures (timings add up)."})
public final class MergeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The merged run record ("
            + Outputs.FILE_RULE + ").")
    Path out;

    @Parameters(paramLabel = "PART.json", arity = "2..*", description = "Partial run records (evaluate or certify "
            + "--out) or partial entries (benchmark --out), all of one kind.")
    List<Path> records;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        new Outputs().file("--out", out);
        List<JsonNode> trees = new ArrayList<>();
        for (Path p : records) {
            if (p.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new InvalidInputException("--out " + out + " is also an input record");
            }
            trees.add(readTree(p));
        }
        boolean entries = trees.get(0).has("schema") && trees.get(0).has("run");
        for (int i = 1; i < trees.size(); i++) {
            if ((trees.get(i).has("schema") && trees.get(i).has("run")) != entries) {
                throw new InvalidInputException("cannot merge: " + records.get(0) + " and " + records.get(i)
                        + " are not of one kind (a benchmark entry and a run record)");
            }
        }
        if (entries) {
            return mergeEntries(o);
        }
        List<RunRecord> parts = new ArrayList<>();
        for (Path p : records) parts.add(read(p));
        RunRecord merged;
        try {
            merged = "certify".equals(parts.get(0).kind()) ? CertifyRecords.mergeAll(parts) : Records.mergeAll(parts);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("cannot merge: " + e.getMessage());
        }
        Json.write(out, merged);
        int total = merged.dataset().dataSetSize();
        o.printf("merged %d records: %d of %d points%s%n", parts.size(), merged.dataset().n(), total,
                merged.dataset().n() == total ? "" : " (still partial: " + merged.dataset().selection() + ")");
        if (merged.certification() != null) {
            o.printf("clean accuracy: %.2f%%, certified accuracy: %.2f%%%n", 100 * merged.cleanAccuracy(),
                    100 * merged.certification().certifiedAccuracy().get(0));
        } else {
            o.printf("clean accuracy: %.2f%%, robust accuracy: %.2f%%%n", 100 * merged.cleanAccuracy(),
                    100 * merged.robustAccuracy());
        }
        o.println("run record: " + out);
        o.flush();
        return 0;
    }

    private int mergeEntries(PrintWriter o) throws IOException {
        List<Entry> parts = new ArrayList<>();
        for (Path p : records) parts.add(Entry.read(p));
        Entry merged;
        try {
            merged = PartialRuns.mergeAll(parts);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("cannot merge: " + e.getMessage());
        }
        merged.write(out);
        int total = merged.run().dataset().dataSetSize();
        o.printf("merged %d entries: %d of %d points%s%n", parts.size(), merged.nPoints(), total,
                merged.nPoints() == total ? "" : " (still partial: " + merged.run().dataset().selection() + ")");
        o.printf("clean accuracy: %.2f%%, robust accuracy: %.2f%%%n", merged.cleanAcc(), merged.autoattackAcc());
        o.println("entry: " + out + (merged.nPoints() == total ? " (copy it into an entries folder for the "
                + "leaderboard; robustj report makes its HTML report)" : ""));
        o.flush();
        return 0;
    }

    private static JsonNode readTree(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new DataFormatException("run record not found: " + p);
        }
        try {
            JsonNode tree = Json.mapper().readTree(p.toFile());
            if (tree == null || !tree.isObject()) {
                throw new DataFormatException(p + " is not a run record or entry");
            }
            return tree;
        } catch (IOException e) {
            throw new DataFormatException(p + " is not a valid run record: " + Cli.oneLine(e.getMessage()));
        }
    }

    private static RunRecord read(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new DataFormatException("run record not found: " + p);
        }
        try {
            JsonNode tree = Json.mapper().readTree(p.toFile());
            if (tree == null || !tree.isObject() || !tree.has("schema_version")
                    || !(tree.has("points") || tree.has("certification"))) {
                throw new DataFormatException(p + " is not a run record of evaluate or certify (no schema_version / "
                        + "points)");
            }
            return Json.mapper().treeToValue(tree, RunRecord.class);
        } catch (IOException e) {
            throw new DataFormatException(p + " is not a valid run record: " + Cli.oneLine(e.getMessage()));
        }
    }
}
