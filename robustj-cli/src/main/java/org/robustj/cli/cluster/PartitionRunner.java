package org.robustj.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.robustj.cli.Cli;
import org.robustj.io.Json;
import org.robustj.provenance.Hashes;
import picocli.CommandLine;

/**
 * Runs one partition on an executor: the command's own partial run ({@code COMMAND ARGS --points FROM:TO}, one
 * libtorch thread, no progress bars) in this JVM, on the executor's copy of the model after checking its
 * SHA-256, and returns the {@link PartResult} as JSON, in which the copy's path reads as the driver's model
 * reference again. The same code runs every partition of every backend, so a cluster run is a merge of
 * exactly the partial runs a user could make by hand.
 */
public final class PartitionRunner {
    /** A task's first attempt fails when the spec asks (tests of the engine's retries). */
    public static final String FAIL_FIRST = "robustj.cluster.failFirstAttempt";

    /** Where attempts are logged for tests (a file path; none when unset). */
    public static final String TASK_LOG = "robustj.cluster.taskLog";

    private PartitionRunner() {}

    /**
     * Runs {@code spec} and returns its result as JSON.
     *
     * @param localModel the executor's copy of the shipped model (null when nothing was shipped)
     * @param attempt the engine's attempt number of this task (0 for the first)
     * @throws PartitionFailedException when the command fails (its {@code error:} line) or the model copy is not
     *     the driver's file
     */
    public static String run(PartitionSpec spec, Path localModel, int attempt) {
        log(spec, attempt);
        if (spec.failFirstAttempt() && attempt == 0) {
            throw new PartitionFailedException("test hook: the first attempt of partition " + spec.index()
                    + " fails on purpose (" + FAIL_FIRST + ")");
        }
        List<String> args = new ArrayList<>();
        args.add(spec.command());
        args.addAll(spec.args());
        if (spec.modelRef() != null) {
            checkCopy(spec, localModel);
            replaceModel(args, spec.modelRef(), localModel.toString());
        }
        // an engine's task thread is new to libtorch: one intra-op thread and gradients off, as on the main thread
        org.robustj.tensor.Engines.initWorkerThread(1);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("robustj-partition-" + spec.index() + "-");
            Path out = dir.resolve("part.json");
            args.addAll(List.of("--points", spec.range(), "--out", out.toString()));
            StringWriter so = new StringWriter();
            StringWriter se = new StringWriter();
            CommandLine cl = Cli.commandLine();
            cl.setOut(new PrintWriter(so, true));
            cl.setErr(new PrintWriter(se, true));
            PartSink.begin();
            int code;
            PartResult result;
            try {
                code = cl.execute(args.toArray(new String[0]));
            } finally {
                result = PartSink.end();
            }
            if (code != 0 || result == null) {
                throw new PartitionFailedException("partition " + spec.index() + " (points " + spec.range() + "): "
                        + errorLine(se.toString(), code));
            }
            JsonNode tree = Json.tree(result);
            if (spec.modelRef() != null) {
                tree = replaceText(tree, localModel.toString(), spec.modelRef());
            }
            return Json.mapper().writeValueAsString(tree);
        } catch (IOException e) {
            throw new PartitionFailedException("partition " + spec.index() + ": " + e.getMessage());
        } finally {
            deleteTree(dir);
        }
    }

    private static void checkCopy(PartitionSpec spec, Path localModel) {
        if (localModel == null || !Files.isRegularFile(localModel)) {
            throw new PartitionFailedException("the executor has no copy of the model " + spec.modelRef()
                    + " (shipped as " + spec.modelFile() + ")");
        }
        String sha;
        try {
            sha = Hashes.sha256(localModel);
        } catch (IOException e) {
            throw new PartitionFailedException("the executor cannot read its copy of the model " + spec.modelRef()
                    + ": " + e.getMessage());
        }
        if (!sha.equals(spec.modelSha256())) {
            throw new PartitionFailedException("the executor's copy of the model " + spec.modelRef() + " has SHA-256 "
                    + sha + ", the driver's file " + spec.modelSha256());
        }
    }

    /** Replaces the value of {@code --model} (either {@code --model X} or {@code --model=X}). */
    static void replaceModel(List<String> args, String ref, String local) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--model") && i + 1 < args.size() && args.get(i + 1).equals(ref)) {
                args.set(i + 1, local);
                return;
            }
            if (args.get(i).equals("--model=" + ref)) {
                args.set(i, "--model=" + local);
                return;
            }
        }
        throw new PartitionFailedException("no --model " + ref + " among the partition's arguments");
    }

    /** A copy of {@code node} with every occurrence of {@code from} in a text value replaced by {@code to}. */
    static JsonNode replaceText(JsonNode node, String from, String to) {
        if (node.isTextual()) {
            return node.asText().contains(from) ? TextNode.valueOf(node.asText().replace(from, to)) : node;
        }
        if (node instanceof ObjectNode o) {
            ObjectNode c = o.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                c.set(f.getKey(), replaceText(f.getValue(), from, to));
            }
            return c;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode c = a.arrayNode();
            for (JsonNode v : a) c.add(replaceText(v, from, to));
            return c;
        }
        return node;
    }

    private static String errorLine(String err, int code) {
        for (String line : err.split("\n")) {
            if (line.startsWith("error: ")) {
                return line.substring("error: ".length()).strip();
            }
        }
        return "the command exited with code " + code + (err.isBlank() ? "" : ": " + err.strip());
    }

    private static void log(PartitionSpec spec, int attempt) {
        if (spec.taskLog() == null) {
            return;
        }
        try {
            Files.writeString(Path.of(spec.taskLog()), "partition " + spec.index() + " attempt " + attempt + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new PartitionFailedException("cannot write the task log " + spec.taskLog() + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) return;
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
