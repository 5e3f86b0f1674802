package org.robustj.benchmark.robustbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.Track;
import org.robustj.benchmark.Tracks;
import org.robustj.errors.DataFormatException;
import org.robustj.errors.InvalidInputException;
import org.robustj.io.Json;
import org.robustj.provenance.Hashes;

/**
 * Converts between robustj entries and RobustBench {@code model_info} JSON files.
 *
 * <p><b>Export</b> ({@link #export}): the entry's clean and robust accuracy (AutoAttack's, or on a corruption track
 * the mean corruption accuracy as {@code corruptions_acc}) as RobustBench strings, its architecture and ε, the
 * paper fields given by the caller, and a footnote saying robustj measured it, on how many points, on which track.
 * robustj's mCE is relative to its track's baseline, not to RobustBench's AlexNet, so it goes into the footnote,
 * never into {@code corruptions_mce}. The file goes to {@code <dir>/<dataset>/<Linf|L2|corruptions>/<ModelID>.json},
 * RobustBench's layout.
 *
 * <p><b>Import</b> ({@link #read}): a file's threat model comes from its folder name (as in RobustBench) or from the
 * caller; with its {@code dataset} and {@code eps} it must name exactly one robustj track, and its accuracies must be
 * percentages, else the file is refused with one line saying why. The row keeps RobustBench's numbers, is marked as
 * not evaluated here and carries no run record.
 */
public final class RobustBenchInfo {
    /** RobustBench's threat models (model_zoo/enums.py), the folder names of model_info. */
    public static final List<String> THREAT_MODELS = List.of("Linf", "L2", "corruptions");

    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private RobustBenchInfo() {}

    /**
     * The paper fields of an export, which a robustj entry does not know (null: RobustBench's empty values).
     *
     * @param modelId the file name without {@code .json} (null: the entry's name)
     * @param link the paper's link
     * @param paper the paper's title (RobustBench's {@code name})
     * @param authors the authors
     * @param venue the venue
     * @param additionalData whether extra training data was used
     */
    public record Paper(String modelId, String link, String paper, String authors, String venue,
            Boolean additionalData) {
        /** No paper fields. */
        public static Paper none() {
            return new Paper(null, null, null, null, null, null);
        }
    }

    /** RobustBench's spelling of an accuracy: percent with two decimals, as a string. */
    static String pct(double percent) {
        return String.format(Locale.ROOT, "%.2f", percent);
    }

    /** The {@code model_info} JSON of {@code e}. */
    public static ObjectNode toModelInfo(Entry e, Paper p) {
        Track t = Tracks.find(e.track());
        String threat = t != null ? t.threatModel() : e.threatModel();
        if (!THREAT_MODELS.contains(threat)) {
            throw new InvalidInputException("entry " + e.name() + " is on track " + e.track() + " (" + threat
                    + "), a threat model RobustBench has no leaderboard for; it has " + String.join(", ", THREAT_MODELS));
        }
        boolean corr = "corruptions".equals(threat);
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("link", p.link() != null ? p.link() : "");
        o.put("name", p.paper() != null ? p.paper() : e.name());
        o.put("authors", p.authors() != null ? p.authors() : "");
        o.put("additional_data", p.additionalData() != null && p.additionalData());
        o.put("number_forward_passes", e.imported() != null && e.imported().forwardPasses() != null
                ? e.imported().forwardPasses() : 1);
        o.put("dataset", e.dataset());
        o.put("venue", p.venue() != null ? p.venue() : "N/A");
        o.put("architecture", e.architecture());
        if (!corr) {
            o.put("eps", e.eps());
        }
        o.put("clean_acc", pct(e.cleanAcc()));
        double robust = corr ? e.corruptionsAcc() : e.autoattackAcc();
        o.put("reported", pct(e.imported() != null && e.imported().reported() != null ? e.imported().reported()
                : robust));
        if (corr) {
            o.put("corruptions_acc", pct(robust));
        } else {
            o.put("autoattack_acc", pct(robust));
        }
        o.put("footnote", footnote(e));
        if (e.external() != null) {
            o.put("external", pct(e.external()));
        }
        return o;
    }

    private static String footnote(Entry e) {
        if (e.imported() != null) {
            return e.imported().footnote() != null ? e.imported().footnote() : "";
        }
        StringBuilder b = new StringBuilder("Evaluated by robustj on the first ").append(e.nPoints())
                .append(" test points (track ").append(e.track());
        if (e.corruptions() != null) {
            b.append(", corruptions generated by robustj, not the released CIFAR-10-C");
            if (e.corruptionsMce() != null) {
                b.append("; mCE ").append(pct(e.corruptionsMce())).append("% relative to ")
                        .append(e.corruptions().baseline()).append(", not AlexNet");
            }
        } else {
            b.append(", ").append(e.version()).append(": ").append(String.join(", ", e.attacks()));
        }
        b.append(").");
        if (e.flags() != null && !e.flags().labels().isEmpty()) {
            b.append(" Flags: ").append(String.join(", ", e.flags().labels())).append('.');
        }
        return b.toString();
    }

    /** Writes the export of {@code e} under {@code dir} in RobustBench's layout; returns the file. */
    public static Path export(Entry e, Paper p, Path dir) throws IOException {
        ObjectNode o = toModelInfo(e, p);
        String id = p.modelId() != null ? p.modelId() : Track.safe(e.name());
        if (!MODEL_ID.matcher(id).matches()) {
            throw new InvalidInputException("model id '" + id + "' is not a file name RobustBench uses (letters, "
                    + "digits, . _ -)");
        }
        Track t = Tracks.find(e.track());
        Path file = dir.resolve(e.dataset()).resolve(t != null ? t.threatModel() : e.threatModel()).resolve(id + ".json");
        Files.createDirectories(file.getParent());
        Json.write(file, o);
        return file;
    }

    /**
     * Reads a {@code model_info} file as a leaderboard row.
     *
     * @param file the JSON file; its model id is the file name
     * @param threatModel {@code Linf}, {@code L2} or {@code corruptions}; null: the name of the file's folder
     * @return an entry marked as imported (not evaluated here), without run record
     * @throws DataFormatException with one line naming the file when it does not fit
     */
    public static Entry read(Path file, String threatModel) {
        String where = file.toString();
        JsonNode o;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
            o = Json.mapper().readTree(bytes);
        } catch (IOException ex) {
            throw new DataFormatException(where + ": not a readable JSON file: " + firstLine(ex.getMessage()));
        }
        if (o == null || !o.isObject()) {
            throw new DataFormatException(where + ": not a RobustBench model_info object");
        }
        if (o.has("schema") && o.path("schema").asText().startsWith("robustj-entry")) {
            throw new DataFormatException(where + ": a robustj entry, not a RobustBench model_info file (put it in "
                    + "the entries folder as it is)");
        }
        String id = file.getFileName().toString().replaceFirst("\\.json$", "");
        if (!MODEL_ID.matcher(id).matches()) {
            throw new DataFormatException(where + ": '" + id + "' is not a RobustBench model id");
        }
        String threat = threatModel;
        if (threat == null) {
            Path parent = file.toAbsolutePath().getParent();
            String folder = parent == null ? "" : parent.getFileName().toString();
            if (!THREAT_MODELS.contains(folder)) {
                throw new DataFormatException(where + ": the threat model is not given and the folder '" + folder
                        + "' is not one of RobustBench's (" + String.join(", ", THREAT_MODELS)
                        + "); pass --threat-model");
            }
            threat = folder;
        } else if (!THREAT_MODELS.contains(threat)) {
            throw new InvalidInputException("unknown threat model '" + threat + "'; known: "
                    + String.join(", ", THREAT_MODELS));
        }
        boolean corr = threat.equals("corruptions");
        List<String> missing = new ArrayList<>();
        for (String k : corr ? List.of("dataset", "clean_acc", "corruptions_acc")
                : List.of("dataset", "eps", "clean_acc", "autoattack_acc")) {
            if (!o.hasNonNull(k)) missing.add(k);
        }
        if (!missing.isEmpty()) {
            String other = corr ? "autoattack_acc" : "corruptions_acc";
            throw new DataFormatException(where + ": missing " + String.join(", ", missing) + " for threat model "
                    + threat + (o.has(other) ? " (it has " + other + ": a file of another threat model?)" : ""));
        }
        String dataset = o.get("dataset").asText();
        double clean = percent(o, "clean_acc", where);
        double robust = percent(o, corr ? "corruptions_acc" : "autoattack_acc", where);
        Double external = o.hasNonNull("external") ? percent(o, "external", where) : null;
        Double reported = null;
        if (o.hasNonNull("reported") && !o.get("reported").asText().isBlank()) {
            try {
                reported = percent(o, "reported", where);
            } catch (DataFormatException ignored) {
                reported = null; // RobustBench writes "-" or "N/A" where a paper reports nothing
            }
        }
        Double mce = corr && o.hasNonNull("corruptions_mce") ? percentOrAbove(o, "corruptions_mce", where) : null;
        Track track = matchTrack(dataset, threat, corr ? null : o.get("eps").asText(), where);
        String eps = corr ? null : o.get("eps").asText();
        Entry.Imported imp = new Entry.Imported("robustbench", file.getFileName().toString(), Hashes.sha256(bytes),
                text(o, "link"), text(o, "name"), text(o, "authors"), text(o, "venue"),
                o.path("additional_data").isBoolean() ? o.get("additional_data").asBoolean() : null,
                o.path("number_forward_passes").canConvertToInt() && o.path("number_forward_passes").isNumber()
                        ? o.get("number_forward_passes").asInt() : null,
                reported, text(o, "footnote"), o.path("unreliable").isBoolean() ? o.get("unreliable").asBoolean() : null);
        String arch = text(o, "architecture");
        int points = "imagenet".equals(dataset) ? 5000 : 10000;
        return new Entry(Entry.SCHEMA, id, "robustbench:" + id, null, arch == null ? "unknown" : arch, "unknown",
                track.id(), dataset, track.threatModel(), eps, corr ? 0 : track.eps(), points, clean,
                corr ? null : robust, external, external == null ? null : "RobustBench external evaluation",
                corr ? "corruptions" : "standard", List.of(), new Entry.Flags(false, false, false, List.of()), null,
                null, Instant.now().toString(), null, null, null, corr ? robust : null, mce, null, imp);
    }

    /** The file an imported row is written to: {@code <track>__robustbench-<ModelID>.json} (never a robustj entry's). */
    public static String importedFileName(Entry e) {
        return Entry.baseName(e.track(), "robustbench-" + e.name()) + ".json";
    }

    /**
     * Reads every file first and writes the rows into {@code entries} only when all of them fit, so a refused file
     * leaves nothing behind; returns the files written.
     */
    public static List<Path> importInto(List<Path> files, String threatModel, Path entries) throws IOException {
        List<Entry> rows = new ArrayList<>();
        for (Path f : files) rows.add(read(f, threatModel));
        Files.createDirectories(entries);
        List<Path> written = new ArrayList<>();
        for (Entry e : rows) {
            Path out = entries.resolve(importedFileName(e));
            e.write(out);
            written.add(out);
        }
        return written;
    }

    /** The robustj track of a RobustBench (dataset, threat model, ε); none or an unknown dataset throws. */
    static Track matchTrack(String dataset, String threat, String eps, String where) {
        List<Track> same = Tracks.all().stream().filter(t -> t.dataset().equals(dataset)).toList();
        if (same.isEmpty()) {
            throw new DataFormatException(where + ": dataset '" + dataset + "' has no robustj track; data sets with "
                    + "tracks: " + String.join(", ", Tracks.all().stream().map(Track::dataset).distinct().toList()));
        }
        for (Track t : same) {
            if (!t.threatModel().equals(threat)) continue;
            if (t.corruption()) return t;
            Double v = parseEps(eps);
            if (v != null && Math.abs(v - t.eps()) < 1e-6 * Math.max(1, t.eps())) return t;
        }
        List<String> offered = same.stream().filter(t -> THREAT_MODELS.contains(t.threatModel()))
                .map(t -> t.threatModel() + (t.corruption() ? "" : " eps " + t.epsLabel())).toList();
        throw new DataFormatException(where + ": no robustj track for " + dataset + " " + threat
                + (eps == null ? "" : " eps " + eps) + "; " + dataset + " tracks: " + String.join(", ", offered));
    }

    /** ε as RobustBench writes it ({@code 8/255}, {@code 0.5}, {@code 0.031}), or null when it is not a number. */
    static Double parseEps(String s) {
        if (s == null) return null;
        try {
            int slash = s.indexOf('/');
            if (slash > 0) {
                return Double.parseDouble(s.substring(0, slash).strip()) / Double.parseDouble(s.substring(slash + 1).strip());
            }
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double percent(JsonNode o, String k, String where) {
        double v = number(o, k, where);
        if (!(v >= 0 && v <= 100)) {
            throw new DataFormatException(where + ": " + k + " must be a percentage between 0 and 100, got "
                    + o.get(k));
        }
        return v;
    }

    private static double percentOrAbove(JsonNode o, String k, String where) {
        double v = number(o, k, where);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new DataFormatException(where + ": " + k + " must be a non-negative percentage, got " + o.get(k));
        }
        return v;
    }

    private static double number(JsonNode o, String k, String where) {
        JsonNode n = o.get(k);
        try {
            return n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText().strip());
        } catch (NumberFormatException e) {
            throw new DataFormatException(where + ": " + k + " must be a percentage (a number, as RobustBench writes "
                    + "it: \"43.21\"), got " + n);
        }
    }

    private static String text(JsonNode o, String k) {
        return o.hasNonNull(k) ? o.get(k).asText() : null;
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
