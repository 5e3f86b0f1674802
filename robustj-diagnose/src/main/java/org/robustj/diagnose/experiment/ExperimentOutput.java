package org.robustj.diagnose.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.robustj.diagnose.report.ExperimentPage;
import org.robustj.io.Json;

/** Writes an experiment's page and record into a folder: {@code NAME.html} and {@code NAME.json}, atomically. */
public final class ExperimentOutput {
    private ExperimentOutput() {}

    /** The files written. */
    public record Written(Path page, Path record) {}

    /** Writes {@code r} into {@code dir} (created when missing). */
    public static Written write(Path dir, ExperimentResult r) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(r.experiment() + ".json");
        Path html = dir.resolve(r.experiment() + ".html");
        Json.write(json, r);
        ExperimentPage.write(html, r);
        return new Written(html, json);
    }
}
