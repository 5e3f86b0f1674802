package org.robustj.benchmark;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.robustj.errors.DataFormatException;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;

/**
 * One leaderboard entry, shaped like RobustBench's {@code model_info/<dataset>/<threat>/<ModelID>.json}
 * (REFERENCES.md 3.5): name, architecture, training recipe, clean and AutoAttack accuracy in percent with
 * two decimals, ε as people write it, the number of points, an optional external (adaptive) result, flags,
 * the command that replays it, and the full {@link RunRecord} the numbers come from.
 *
 * <p>Ranking follows RobustBench: {@link #rankingAccuracy()} is the external result when present, else
 * AutoAttack's. Unlike RobustBench, accuracies are JSON numbers, not strings.
 *
 * @param schema {@link #SCHEMA}
 * @param name the model's id on the leaderboard
 * @param model the model reference that was evaluated ({@code zoo:NAME} or a file)
 * @param modelSha256 SHA-256 of the model's weights
 * @param architecture the architecture, as its card names it
 * @param trainingRecipe how the model was trained ({@code standard}, {@code pgd-at}, ...)
 * @param track the track id
 * @param dataset the data set
 * @param threatModel {@code Linf}, {@code L2} or {@code L1}
 * @param eps ε as a string ({@code 8/255})
 * @param epsValue ε as a number
 * @param nPoints how many points were evaluated
 * @param cleanAcc clean accuracy, percent
 * @param autoattackAcc robust accuracy under the ensemble, percent
 * @param external the best robust accuracy of an external (adaptive) evaluation, percent, or null
 * @param externalNote where the external number comes from
 * @param version the ensemble: the AutoAttack version, or {@code custom}
 * @param attacks the attacks that ran, in order
 * @param flags what makes this entry less comparable than a standard one
 * @param replay the one command that re-runs this entry and compares the numbers
 * @param report file name of the HTML report written beside the entry, or null
 * @param created when the entry was made (ISO-8601)
 * @param run the run record
 * @param certifiedAcc on a certified track, certified accuracy in percent (null elsewhere)
 * @param certifyMethod the certification method of {@code certifiedAcc}
 * @param corruptionsAcc on a corruption track, the mean accuracy over every (corruption, severity), percent (as
 *     RobustBench's {@code corruptions_acc}); null elsewhere, and {@code autoattack_acc} is then absent
 * @param corruptionsMce on a corruption track, the mean corruption error relative to the baseline named in
 *     {@code corruptions}, percent (null when the baseline makes no error)
 * @param corruptions on a corruption track evaluated here, accuracy per corruption and severity and how it was made
 * @param imported for a row imported from RobustBench's {@code model_info} (not evaluated here: no run record), where
 *     it comes from; null for entries robustj evaluated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Entry(
        String schema,
        String name,
        String model,
        String modelSha256,
        String architecture,
        String trainingRecipe,
        String track,
        String dataset,
        String threatModel,
        String eps,
        double epsValue,
        int nPoints,
        double cleanAcc,
        Double autoattackAcc,
        Double external,
        String externalNote,
        String version,
        List<String> attacks,
        Flags flags,
        String replay,
        String report,
        String created,
        RunRecord run,
        Double certifiedAcc,
        String certifyMethod,
        Double corruptionsAcc,
        Double corruptionsMce,
        CorruptionScores corruptions,
        Imported imported) {

    /** An entry without certification (the shape of every entry before certified tracks existed). */
    public Entry(String schema, String name, String model, String modelSha256, String architecture,
            String trainingRecipe, String track, String dataset, String threatModel, String eps, double epsValue,
            int nPoints, double cleanAcc, double autoattackAcc, Double external, String externalNote, String version,
            List<String> attacks, Flags flags, String replay, String report, String created, RunRecord run) {
        this(schema, name, model, modelSha256, architecture, trainingRecipe, track, dataset, threatModel, eps,
                epsValue, nPoints, cleanAcc, autoattackAcc, external, externalNote, version, attacks, flags, replay,
                report, created, run, null, null, null, null, null, null);
    }

    /** An entry with a certification but no corruption results (the shape of entries before corruption tracks). */
    public Entry(String schema, String name, String model, String modelSha256, String architecture,
            String trainingRecipe, String track, String dataset, String threatModel, String eps, double epsValue,
            int nPoints, double cleanAcc, Double autoattackAcc, Double external, String externalNote, String version,
            List<String> attacks, Flags flags, String replay, String report, String created, RunRecord run,
            Double certifiedAcc, String certifyMethod) {
        this(schema, name, model, modelSha256, architecture, trainingRecipe, track, dataset, threatModel, eps,
                epsValue, nPoints, cleanAcc, autoattackAcc, external, externalNote, version, attacks, flags, replay,
                report, created, run, certifiedAcc, certifyMethod, null, null, null, null);
    }

    /**
     * Where an imported row comes from: a RobustBench {@code model_info} JSON, whose numbers robustj did not
     * measure (RobustBench's own evaluation: full test sets, the real CIFAR-10-C).
     *
     * @param origin {@code robustbench}
     * @param file the imported file's name
     * @param sha256 its SHA-256
     * @param link the paper's link
     * @param paper the paper's title (RobustBench's {@code name})
     * @param authors the authors
     * @param venue the venue
     * @param additionalData whether the model was trained with extra data
     * @param forwardPasses forward passes per prediction
     * @param reported the accuracy the paper reports, percent
     * @param footnote RobustBench's footnote
     * @param unreliable RobustBench's flag for an evaluation known to be unreliable
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Imported(String origin, String file, String sha256, String link, String paper, String authors,
            String venue, Boolean additionalData, Integer forwardPasses, Double reported, String footnote,
            Boolean unreliable) {}

    /** Whether this row's numbers were measured by robustj (false for rows imported from RobustBench). */
    @JsonIgnore
    public boolean evaluatedHere() {
        return imported == null;
    }

    /** Schema tag of entry files. */
    public static final String SCHEMA = "robustj-entry-1";

    /**
     * Why an entry may not compare with standard ones.
     *
     * @param customAttacks the ensemble was not the track's AutoAttack version
     * @param fewerPoints fewer points than the track prescribes
     * @param incomplete the run record is not complete
     * @param warnings names of the sanity checks that warned (details in {@code run.warnings})
     * @param subset on a corruption track, only some corruptions or severities were evaluated (null elsewhere)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Flags(boolean customAttacks, boolean fewerPoints, boolean incomplete, List<String> warnings,
            Boolean subset) {
        /** Flags of an attack track. */
        public Flags(boolean customAttacks, boolean fewerPoints, boolean incomplete, List<String> warnings) {
            this(customAttacks, fewerPoints, incomplete, warnings, null);
        }

        /** Short labels for the leaderboard, empty when the entry is standard. */
        @JsonIgnore
        public List<String> labels() {
            List<String> l = new ArrayList<>();
            if (customAttacks) l.add("custom attacks");
            if (Boolean.TRUE.equals(subset)) l.add("subset of corruptions");
            if (fewerPoints) l.add("fewer points");
            if (incomplete) l.add("incomplete");
            for (String w : warnings == null ? List.<String>of() : warnings) l.add("warning: " + w);
            return l;
        }
    }

    /**
     * The number the leaderboard ranks by: on a certified track the certified accuracy (an entry without one
     * ranks as 0: nothing is certified); on a corruption track the mean corruption accuracy (RobustBench ranks by
     * {@code corruptions_acc}); elsewhere the external result if present, else AutoAttack's.
     */
    @JsonIgnore
    public double rankingAccuracy() {
        Track t = Tracks.find(track);
        if (t != null && t.certified()) {
            return certifiedAcc != null ? certifiedAcc : 0;
        }
        if (corruptionsAcc != null) {
            return corruptionsAcc;
        }
        return external != null ? external : autoattackAcc != null ? autoattackAcc : 0;
    }

    /** The entry's file name: {@code <track file name>__<name>.json}. */
    @JsonIgnore
    public String fileName() {
        return baseName(track, name) + ".json";
    }

    /** The base file name (no extension) of an entry of {@code name} on {@code track}. */
    public static String baseName(String track, String name) {
        return Track.safe(track) + "__" + Track.safe(name);
    }

    /**
     * Percent with two decimals, as entries store accuracies: 0.9871 becomes 98.71. Rounded exactly as
     * {@code String.format("%.2f", 100 * fraction)} prints it, so an entry and its run record always show the
     * same number.
     */
    public static double percent(double fraction) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.2f", 100 * fraction));
    }

    /** A copy with another report file name. */
    public Entry withReport(String reportFile) {
        return new Entry(schema, name, model, modelSha256, architecture, trainingRecipe, track, dataset, threatModel,
                eps, epsValue, nPoints, cleanAcc, autoattackAcc, external, externalNote, version, attacks, flags,
                replay, reportFile, created, run, certifiedAcc, certifyMethod, corruptionsAcc, corruptionsMce,
                corruptions, imported);
    }

    /** A copy with a certified accuracy (percent) and the method that certified it. */
    public Entry withCertified(Double percent, String method) {
        return new Entry(schema, name, model, modelSha256, architecture, trainingRecipe, track, dataset, threatModel,
                eps, epsValue, nPoints, cleanAcc, autoattackAcc, external, externalNote, version, attacks, flags,
                replay, report, created, run, percent, method, corruptionsAcc, corruptionsMce, corruptions,
                imported);
    }

    /** A copy with another replay command. */
    public Entry withReplay(String command) {
        return new Entry(schema, name, model, modelSha256, architecture, trainingRecipe, track, dataset, threatModel,
                eps, epsValue, nPoints, cleanAcc, autoattackAcc, external, externalNote, version, attacks, flags,
                command, report, created, run, certifiedAcc, certifyMethod, corruptionsAcc, corruptionsMce,
                corruptions, imported);
    }

    /**
     * Writes this entry into {@code dir} as {@link #fileName()}, with the replay command pointing at that file
     * and, when {@code reportFile} is not null, the name of its report; returns the entry as written.
     */
    public Entry writeInto(Path dir, String reportFile) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName());
        Entry e = withReplay("bin/robustj benchmark --replay " + file).withReport(reportFile);
        e.write(file);
        return e;
    }

    /** Writes the entry as pretty JSON (atomically). */
    public void write(Path file) throws IOException {
        Json.write(file, this);
    }

    /**
     * Reads and checks an entry file; a file that is not an entry throws {@link DataFormatException} with a
     * one-line message naming the file.
     */
    public static Entry read(Path file) {
        Entry e;
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = Json.mapper().readTree(file.toFile());
            e = tree == null || tree.isMissingNode() ? null : Json.mapper().treeToValue(tree, Entry.class);
        } catch (IOException ex) {
            throw new DataFormatException(file + ": not a valid entry file: " + describe(ex));
        }
        if (e == null) {
            throw new DataFormatException(file + ": empty entry file");
        }
        Track known = tree.path("track").isTextual() ? Tracks.find(tree.get("track").asText()) : null;
        String robust = known != null && known.corruption() ? "corruptions_acc" : "autoattack_acc";
        for (String k : List.of("clean_acc", robust)) {
            // a null or missing accuracy would read as 0.00 and be ranked as such
            if (tree.has("schema") && !tree.path(k).isNumber()) {
                throw new DataFormatException(file + ": " + k + " must be a number (percent), got "
                        + (tree.has(k) ? tree.get(k).toString() : "nothing"));
            }
        }
        List<String> missing = new ArrayList<>();
        if (e.schema() == null) missing.add("schema");
        if (e.name() == null || e.name().isBlank()) missing.add("name");
        if (e.track() == null || e.track().isBlank()) missing.add("track");
        if (e.run() == null && e.imported() == null) missing.add("run");
        if (!missing.isEmpty()) {
            throw new DataFormatException(file + ": not a robustj entry (missing " + String.join(", ", missing) + ")");
        }
        if (!SCHEMA.equals(e.schema())) {
            throw new DataFormatException(file + ": unsupported entry schema '" + e.schema() + "' (expected " + SCHEMA
                    + ")");
        }
        if (!percentOrNull(e.cleanAcc()) || !percentOrNull(e.autoattackAcc()) || !percentOrNull(e.corruptionsAcc())
                || (e.corruptionsMce() != null && !(e.corruptionsMce() >= 0 && Double.isFinite(e.corruptionsMce())))
                || (e.external() != null && (e.external() < 0 || e.external() > 100))
                || (e.certifiedAcc() != null && !(e.certifiedAcc() >= 0 && e.certifiedAcc() <= 100))) {
            throw new DataFormatException(file + ": accuracies must be percentages between 0 and 100");
        }
        return e;
    }

    private static boolean percentOrNull(Double v) {
        return v == null || (v >= 0 && v <= 100);
    }

    private static String describe(IOException ex) {
        if (ex instanceof com.fasterxml.jackson.core.JsonProcessingException jp) {
            String where = jp.getLocation() == null ? ""
                    : " (line " + jp.getLocation().getLineNr() + ", column " + jp.getLocation().getColumnNr() + ")";
            String m = firstLine(jp.getOriginalMessage()).replaceAll("\\s*\\(start marker at .*$", "")
                    .replaceAll("\\s*at \\[Source: .*$", "");
            return m + where;
        }
        return firstLine(ex.getMessage());
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        String s = m.strip();
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }
}
