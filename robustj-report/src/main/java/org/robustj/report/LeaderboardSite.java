package org.robustj.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.Leaderboard;
import org.robustj.benchmark.Track;
import org.robustj.benchmark.Tracks;

/**
 * Builds the static leaderboard site: {@code index.html} with one sortable table per track (ranked as
 * RobustBench ranks: external result if present, else AutoAttack; the table sorts by any column when its
 * header is clicked) and {@code reports/<entry>.html}, one report per entry. A report written beside the
 * entry by {@code robustj benchmark} (with its image gallery) is copied; otherwise one is made from the run
 * record in the entry. Files that are not valid entries are listed on the page and returned as problems;
 * the rest of the site is built regardless.
 */
public final class LeaderboardSite {
    private LeaderboardSite() {}

    /**
     * What was written.
     *
     * @param index the page
     * @param reports the report of every entry
     * @param problems the entry files that were skipped
     */
    public record Built(Path index, List<Path> reports, List<Leaderboard.Problem> problems) {}

    /** Writes the site into {@code out}. */
    public static Built build(Leaderboard lb, Path out) throws IOException {
        Path reports = out.resolve("reports");
        Files.createDirectories(reports);
        List<Path> written = new ArrayList<>();
        for (List<Leaderboard.Row> rows : lb.tracks().values()) {
            for (Leaderboard.Row row : rows) {
                if (!row.entry().evaluatedHere()) {
                    continue; // imported from RobustBench: no run here, no report
                }
                Path target = reports.resolve(reportName(row.entry()));
                Path existing = row.file() == null || row.entry().report() == null ? null
                        : row.file().resolveSibling(row.entry().report());
                if (existing != null && Files.isRegularFile(existing)) {
                    Files.copy(existing, target, StandardCopyOption.REPLACE_EXISTING);
                } else if (row.entry().corruptions() != null) {
                    CorruptionReport.write(target, row.entry(), null);
                } else {
                    RunReport.write(target, row.entry().run(), null, row.entry());
                }
                written.add(target);
            }
        }
        Path index = out.resolve("index.html");
        Files.write(index, html(lb).getBytes(StandardCharsets.UTF_8));
        return new Built(index, written, lb.problems());
    }

    /** The report file name of an entry inside {@code reports/}. */
    public static String reportName(Entry e) {
        return Entry.baseName(e.track(), e.name()) + ".html";
    }

    /** The index page. */
    public static String html(Leaderboard lb) {
        StringBuilder b = new StringBuilder(32 * 1024);
        b.append(Html.head("robustj leaderboard"));
        b.append("<body>\n<main class=\"wide\">\n<header class=\"page\">\n<div class=\"kicker\">robustj</div>\n"
                + "<h1>Robustness leaderboard</h1>\n<p class=\"sub\">")
                .append(lb.size()).append(lb.size() == 1 ? " entry" : " entries").append(" on ")
                .append(lb.tracks().size()).append(lb.tracks().size() == 1 ? " track" : " tracks")
                .append(". Ranked as RobustBench ranks: by the external (adaptive) robust accuracy when an entry has "
                        + "one, else by AutoAttack's. Click a column header to sort.</p>\n</header>\n");
        if (!lb.problems().isEmpty()) {
            b.append("<div class=\"notice\" id=\"problems\"><strong>")
                    .append(lb.problems().size()).append(lb.problems().size() == 1 ? " file was" : " files were")
                    .append(" skipped</strong> (not valid entries):<ul>\n");
            for (Leaderboard.Problem p : lb.problems()) {
                String msg = p.message();
                String prefix = p.file() + ": ";
                if (msg.startsWith(prefix)) {
                    msg = msg.substring(prefix.length());
                }
                b.append("<li><code>").append(Html.esc(p.file().getFileName())).append("</code>: ")
                        .append(Html.esc(msg)).append("</li>\n");
            }
            b.append("</ul></div>\n");
        }
        for (Map.Entry<String, List<Leaderboard.Row>> t : lb.tracks().entrySet()) {
            track(b, t.getKey(), t.getValue());
        }
        List<String> empty = new ArrayList<>();
        for (Track t : Tracks.all()) {
            if (!lb.tracks().containsKey(t.id())) empty.add(t.id());
        }
        if (!empty.isEmpty()) {
            b.append("<section class=\"card\" id=\"empty-tracks\"><h2>Tracks without entries</h2>\n<p class=\"sub\">");
            for (String id : empty) b.append("<span class=\"badge\">").append(Html.esc(id)).append("</span> ");
            b.append("</p>\n<p class=\"note\">Add one with <code>bin/robustj benchmark --model M --track TRACK "
                    + "--entries DIR</code>, then rebuild this site with <code>bin/robustj leaderboard --entries DIR "
                    + "--out SITE</code>.</p></section>\n");
        }
        b.append("<footer>Built by robustj on ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(". Each model name links to the report of the run its numbers come from; each entry stores "
                        + "the command that replays it.</footer>\n</main>\n<script>\n").append(Resources.text("sort.js"))
                .append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void track(StringBuilder b, String id, List<Leaderboard.Row> rows) {
        Track t = Tracks.find(id);
        if (t != null && t.corruption()) {
            corruptionTrack(b, t, rows);
            return;
        }
        b.append("<section class=\"card track\" id=\"track-").append(Html.esc(Track.safe(id))).append("\">\n<h2>")
                .append(Html.esc(t != null ? t.title() : id)).append(" <span class=\"badge\">").append(Html.esc(id))
                .append("</span></h2>\n<p class=\"sub\">");
        if (t != null) {
            b.append(Html.esc(t.dataset())).append(" ").append(Html.esc(t.split())).append(" set, ")
                    .append(Html.esc(t.threatModel().replace("inf", "∞"))).append(" ε = ")
                    .append(Html.esc(t.epsLabel())).append(", AutoAttack ").append(Html.esc(t.version()))
                    .append(" (apgd-ce, apgd-t, fab-t, square). ").append(t.certified()
                            ? "Certified track: every point is also certified (" + Html.esc(t.certify()) + " unless the "
                                    + "entry says otherwise); ranked by certified accuracy, which no attack can lower. "
                            : "").append(pointsNote(t, rows));
        } else {
            b.append("A track this version of robustj does not know.");
        }
        // the certified column: on certified tracks, and on others when an entry was certified too
        boolean withCertified = (t != null && t.certified())
                || rows.stream().anyMatch(row -> row.entry().certifiedAcc() != null);
        b.append("</p>\n<div class=\"table-wrap\"><table class=\"sortable leaderboard\" data-track=\"")
                .append(Html.esc(id)).append("\">\n<thead><tr>")
                .append(th("rank", "#", "n", "asc"))
                .append(th("model", "model", null, "asc"))
                .append(th("architecture", "architecture", null, "asc"))
                .append(th("training", "training", null, "asc"))
                .append(th("clean", "clean %", "n", "desc"))
                .append(th("autoattack", "AutoAttack %", "n", "desc"))
                .append(th("external", "external %", "n", "desc"))
                .append(withCertified ? th("certified", "certified %", "n", "desc") : "")
                .append(th("points", "points", "n", "desc"))
                .append(th("flags", "flags", null, "asc"))
                .append("</tr></thead>\n<tbody>\n");
        for (Leaderboard.Row row : rows) {
            Entry e = row.entry();
            String report = "reports/" + reportName(e);
            b.append("<tr").append(row.rank() == 1 ? " class=\"top\"" : "").append(" data-entry=\"")
                    .append(Html.esc(e.name())).append("\">")
                    .append("<td class=\"n rank\" data-sort=\"").append(row.rank() == 0 ? 9999 : row.rank())
                    .append("\">").append(row.rank() == 0 ? "–" : Integer.toString(row.rank())).append("</td>")
                    .append(modelCell(e, report))
                    .append("<td class=\"arch\" title=\"").append(Html.esc(e.architecture())).append("\">")
                    .append(Html.esc(e.architecture())).append("</td>")
                    .append("<td>").append(Html.esc(e.trainingRecipe())).append("</td>")
                    .append(e.evaluatedHere() ? numCell("run.clean_accuracy", "pct", e.cleanAcc(), false)
                            : numCell("clean_acc", "pct100", e.cleanAcc(), false))
                    .append(numCell(e.evaluatedHere() ? "run.robust_accuracy" : "autoattack_acc",
                            e.evaluatedHere() ? "pct" : "pct100", e.autoattackAcc() == null ? 0 : e.autoattackAcc(),
                            e.external() == null && (t == null || !t.certified())))
                    .append(e.external() == null ? "<td class=\"n\" data-sort=\"-1\">–</td>"
                            : numCell("external", "pct100", e.external(), t == null || !t.certified()))
                    .append(!withCertified ? "" : e.certifiedAcc() == null ? "<td class=\"n\" data-sort=\"-1\">–</td>"
                            : certifiedCell(e, t != null && t.certified()))
                    .append("<td class=\"n\" data-sort=\"").append(e.nPoints())
                    .append("\" data-field=\"").append(e.evaluatedHere() ? "run.dataset.n" : "n_points")
                    .append("\" data-format=\"int\">").append(e.nPoints()).append("</td>")
                    .append("<td class=\"flags\">");
            List<String> labels = e.flags() == null ? List.of() : e.flags().labels();
            String version = versionLabel(e, t);
            if (version != null) {
                // not a flag: rand is the strong version for a randomized model, but the reader must see it ran
                b.append("<span class=\"badge version\" title=\"AutoAttack version that ran on this model "
                        + "specification\">").append(Html.esc(version)).append("</span>");
            }
            if (labels.isEmpty() && version == null) {
                b.append("<span class=\"badge ok\">").append(e.evaluatedHere() ? "standard" : "external")
                        .append("</span>");
            }
            for (String l : labels) {
                b.append("<span class=\"badge warn\">").append(Html.esc(l)).append("</span>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n").append(importedNote(rows)).append("</section>\n");
    }

    /**
     * The badge of an entry evaluated here with another AutoAttack version than its track's (not a custom
     * list): {@code rand} for a randomized model, with its specification, e.g. "version rand (EOT):
     * noise:0.25:8:zoo:mnist-cnn"; null otherwise.
     */
    static String versionLabel(Entry e, Track t) {
        if (!e.evaluatedHere() || t == null || e.version() == null || e.version().equals(t.version())
                || "custom".equals(e.version())) {
            return null;
        }
        return "version " + e.version() + ("rand".equals(e.version()) ? " (EOT)" : "") + ": " + e.model();
    }

    /** The model's name linking to its report, or for a row imported from RobustBench to its paper, marked. */
    private static String modelCell(Entry e, String report) {
        if (e.evaluatedHere()) {
            return "<td class=\"model\"><a href=\"" + Html.esc(report) + "\">" + Html.esc(e.name()) + "</a></td>";
        }
        String link = e.imported().link();
        String name = link != null && link.startsWith("http") ? "<a href=\"" + Html.esc(link) + "\">"
                + Html.esc(e.name()) + "</a>" : Html.esc(e.name());
        return "<td class=\"model\">" + name + " <span class=\"badge external\" title=\"imported from RobustBench "
                + "model_info (" + Html.esc(e.imported().file()) + "); its numbers were not measured by robustj\">"
                + "RobustBench, not evaluated here</span></td>";
    }

    /** A note under a table that holds imported rows. */
    private static String importedNote(List<Leaderboard.Row> rows) {
        long n = rows.stream().filter(r -> !r.entry().evaluatedHere()).count();
        if (n == 0) {
            return "";
        }
        return "<p class=\"note\" id=\"imported-note\">" + n + (n == 1 ? " row was" : " rows were") + " imported from "
                + "RobustBench's model_info (<code>robustj robustbench import</code>): RobustBench's own numbers (full "
                + "test sets; for corruptions, the released CIFAR-10-C), not evaluated here, so they take no rank.</p>\n";
    }

    /** A common-corruptions track: clean, mean corruption accuracy (the ranking), mCE and its baseline. */
    private static void corruptionTrack(StringBuilder b, Track t, List<Leaderboard.Row> rows) {
        b.append("<section class=\"card track\" id=\"track-").append(Html.esc(Track.safe(t.id()))).append("\">\n<h2>")
                .append(Html.esc(t.title())).append(" <span class=\"badge\">").append(Html.esc(t.id()))
                .append("</span></h2>\n<p class=\"sub\">").append(Html.esc(t.dataset())).append(" ")
                .append(Html.esc(t.split())).append(" set, common corruptions generated by robustj (seeded, cached), "
                        + "5 severities each; ranked by the mean accuracy over every corruption and severity, as "
                        + "RobustBench ranks its corruption leaderboards. mCE is relative to the baseline named in "
                        + "its column (the track's: ").append(Html.esc(t.baseline())).append("). ")
                .append(pointsNote(t, rows))
                .append("</p>\n<div class=\"table-wrap\"><table class=\"sortable leaderboard\" data-track=\"")
                .append(Html.esc(t.id())).append("\">\n<thead><tr>")
                .append(th("rank", "#", "n", "asc"))
                .append(th("model", "model", null, "asc"))
                .append(th("architecture", "architecture", null, "asc"))
                .append(th("training", "training", null, "asc"))
                .append(th("clean", "clean %", "n", "desc"))
                .append(th("corruptions", "corruptions %", "n", "desc"))
                .append(th("mce", "mCE %", "n", "asc"))
                .append(th("baseline", "mCE baseline", null, "asc"))
                .append(th("points", "points", "n", "desc"))
                .append(th("flags", "flags", null, "asc"))
                .append("</tr></thead>\n<tbody>\n");
        for (Leaderboard.Row row : rows) {
            Entry e = row.entry();
            b.append("<tr").append(row.rank() == 1 ? " class=\"top\"" : "").append(" data-entry=\"")
                    .append(Html.esc(e.name())).append("\">")
                    .append("<td class=\"n rank\" data-sort=\"").append(row.rank() == 0 ? 9999 : row.rank())
                    .append("\">").append(row.rank() == 0 ? "–" : Integer.toString(row.rank())).append("</td>")
                    .append(modelCell(e, "reports/" + reportName(e)))
                    .append("<td class=\"arch\">").append(Html.esc(e.architecture())).append("</td>")
                    .append("<td>").append(Html.esc(e.trainingRecipe())).append("</td>")
                    .append(numCell("clean_acc", "pct100", e.cleanAcc(), false))
                    .append(e.corruptionsAcc() == null ? "<td class=\"n\" data-sort=\"-1\">–</td>"
                            : numCell("corruptions_acc", "pct100", e.corruptionsAcc(), true))
                    .append(e.corruptionsMce() == null ? "<td class=\"n\" data-sort=\"99999\">–</td>"
                            : numCell("corruptions_mce", "pct100", e.corruptionsMce(), false))
                    .append("<td>").append(e.corruptions() != null ? "<code>" + Html.esc(e.corruptions().baseline())
                            + "</code>" : e.corruptionsMce() != null ? "AlexNet (RobustBench)" : "–").append("</td>")
                    .append("<td class=\"n\" data-sort=\"").append(e.nPoints())
                    .append("\" data-field=\"n_points\" data-format=\"int\">").append(e.nPoints()).append("</td>")
                    .append("<td class=\"flags\">");
            List<String> labels = e.flags() == null ? List.of() : e.flags().labels();
            if (labels.isEmpty()) {
                b.append("<span class=\"badge ok\">").append(e.evaluatedHere() ? "standard" : "external").append("</span>");
            }
            for (String l : labels) b.append("<span class=\"badge warn\">").append(Html.esc(l)).append("</span>");
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n").append(importedNote(rows)).append("</section>\n");
    }

    /**
     * What the track asks for and what its entries used: "first 1000 points" alone misleads when the entries
     * ran on 100 (their rows are flagged "fewer points").
     */
    static String pointsNote(Track t, List<Leaderboard.Row> rows) {
        java.util.TreeSet<Integer> used = new java.util.TreeSet<>();
        for (Leaderboard.Row r : rows) used.add(r.entry().nPoints());
        String asked = "The track uses the first " + t.points() + " test points";
        if (used.isEmpty() || used.equals(java.util.Set.of(t.points()))) {
            return asked + "; every entry here used all of them.";
        }
        List<String> counts = new ArrayList<>();
        for (int n : used) counts.add(Integer.toString(n));
        String list = counts.size() == 1 ? counts.get(0)
                : String.join(", ", counts.subList(0, counts.size() - 1)) + " or " + counts.get(counts.size() - 1);
        return asked + "; entries here used " + list + " (column points; fewer than " + t.points()
                + " is flagged).";
    }

    private static String th(String key, String label, String cls, String first) {
        return "<th class=\"sortable" + (cls == null ? "" : " " + cls) + "\" data-key=\"" + key + "\" data-first=\""
                + first + "\" title=\"sort by " + Html.esc(label) + "\">" + Html.esc(label) + "</th>";
    }

    /** The certified accuracy with the method that certified it (the number alone carries the data-field). */
    private static String certifiedCell(Entry e, boolean strong) {
        String v = Fmt.pct100(e.certifiedAcc());
        return "<td class=\"n" + (strong ? " strong" : "") + "\" data-sort=\"" + v + "\"><span data-field=\"certified_acc\" "
                + "data-format=\"pct100\">" + v + "</span> <small>" + Html.esc(e.certifyMethod()) + "</small></td>";
    }

    private static String numCell(String field, String format, double percent, boolean strong) {
        String v = Fmt.pct100(percent);
        return "<td class=\"n" + (strong ? " strong" : "") + "\" data-sort=\"" + v + "\" data-field=\"" + field
                + "\" data-format=\"" + format + "\">" + v + "</td>";
    }
}
