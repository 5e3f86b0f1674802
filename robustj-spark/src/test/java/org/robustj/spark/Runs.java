package org.robustj.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.robustj.cli.Cli;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import picocli.CommandLine;

/** Helpers of the Spark tests: the CLI in this JVM, records to compare, the shared test model. */
final class Runs {
    private Runs() {}

    /** The shared MLP (TorchScript) made by PyTorch, or null when ../shared is not there. */
    static Path sharedModel() {
        String shared = System.getProperty("robustj.shared", "../shared");
        Path p = Path.of(shared, "models", "mlp_std.pt").toAbsolutePath().normalize();
        return Files.isRegularFile(p) ? p : null;
    }

    /** The result of one CLI run: exit code, stdout, stderr. */
    record Run(int code, String out, String err) {}

    static Run cli(List<String> args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute(args.toArray(new String[0]));
        return new Run(code, o.toString(), e.toString());
    }

    static RunRecord record(Path file) throws java.io.IOException {
        return Json.mapper().readValue(file.toFile(), RunRecord.class);
    }

    /** A record as JSON without what differs between equal runs: timings, provenance, the command and cluster. */
    static JsonNode comparable(RunRecord r) {
        ObjectNode t = (ObjectNode) Json.tree(r);
        t.remove(List.of("seconds", "provenance"));
        ((ObjectNode) t.get("config")).remove(List.of("command", "cluster"));
        if (t.get("attacks") instanceof ArrayNode a) {
            for (JsonNode s : a) ((ObjectNode) s).remove("seconds");
        }
        if (t.get("certification") instanceof ObjectNode c) {
            c.remove("seconds");
            for (JsonNode p : c.get("points")) ((ObjectNode) p).remove("seconds");
        }
        return t;
    }
}
