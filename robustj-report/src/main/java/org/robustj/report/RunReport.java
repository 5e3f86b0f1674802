package org.robustj.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.Gallery;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;

/**
 * The HTML report of one run, as a single self-contained file (inline CSS, charts as SVG data URIs, images
 * as PNG data URIs; a content security policy forbids any network access). Sections: summary, robust
 * accuracy after each attack, for randomized models the uncertainty detection of each attack (predictive entropy
 * and an entropy detector's AUROC), robust accuracy against ε, perturbation norms, gallery of clean /
 * adversarial / amplified-difference images, per-class clean and robust accuracy with the true × adversarial
 * label heat map, warnings with their explanations,
 * every point, provenance.
 *
 * <p>Every number printed from the run record sits in an element carrying {@code data-field} (its JSON path
 * in the record, for example {@code attacks[1].robust_accuracy_after}) and {@code data-format} (see
 * {@link Fmt}), so a test can check the page against the record.
 */
public final class RunReport {
    private RunReport() {}

    /** Writes the report of {@code r} (gallery and entry may be null) to {@code file}. */
    public static void write(Path file, RunRecord r, Gallery gallery, Entry entry) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        java.nio.file.Files.write(file, html(r, gallery, entry).getBytes(StandardCharsets.UTF_8));
    }

    /** The report as HTML. */
    public static String html(RunRecord r, Gallery gallery, Entry entry) {
        StringBuilder b = new StringBuilder(64 * 1024);
        String modelName = entry != null ? entry.name()
                : r.model() != null && r.model().name() != null ? r.model().name() : "model";
        String norm = normOf(r);
        b.append(Html.head("robustj report: " + modelName));
        b.append("<body>\n<main>\n");
        header(b, r, entry, modelName, norm);
        summary(b, r, entry, norm);
        certification(b, r);
        attacks(b, r);
        entropyDetection(b, r);
        accuracyVsEps(b, r, norm);
        norms(b, r, norm);
        gallery(b, r, gallery, norm);
        perClass(b, r, gallery);
        warnings(b, r);
        points(b, r, gallery, norm);
        provenance(b, r, entry);
        b.append("<footer>Made by robustj ").append(Html.esc(r.provenance() == null ? "" : r.provenance().robustjVersion()))
                .append(". This file is self-contained: no network access.</footer>\n");
        b.append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    /** The norm of the run as a label: {@code L∞}, {@code L2}, {@code L1}. */
    static String normOf(RunRecord r) {
        String id = r.config() != null ? r.config().path("norm").asText("") : "";
        return normLabel(id);
    }

    /** A norm id ({@code linf}) as a label ({@code L∞}). */
    static String normLabel(String id) {
        return switch (id) {
            case "linf" -> "L∞";
            case "l2" -> "L2";
            case "l1" -> "L1";
            case "l0" -> "L0 (pixels)";
            case "patch" -> "patch (side)";
            case "frame" -> "frame (width)";
            default -> id.isEmpty() ? "norm" : id;
        };
    }

    static String num(String tag, String cls, String field, String format, String text) {
        return "<" + tag + (cls == null ? "" : " class=\"" + cls + "\"") + " data-field=\"" + field
                + "\" data-format=\"" + format + "\">" + Html.esc(text) + "</" + tag + ">";
    }

    private static void header(StringBuilder b, RunRecord r, Entry e, String modelName, String norm) {
        b.append("<header class=\"page\">\n<div class=\"kicker\">robustj robustness report</div>\n");
        b.append("<h1>").append(Html.esc(modelName)).append("</h1>\n<p class=\"sub\">");
        List<String> parts = new ArrayList<>();
        if (e != null) {
            parts.add("track <strong>" + Html.esc(e.track()) + "</strong>");
        }
        if (r.model() != null) {
            parts.add("model <code>" + Html.esc(r.model().source()) + "</code>"
                    + (r.model().architecture() != null ? " (" + Html.esc(r.model().architecture()) + ")" : ""));
        }
        if (r.dataset() != null) {
            parts.add(Html.esc(r.dataset().name()) + " " + Html.esc(r.dataset().split()) + ", "
                    + Html.esc(r.dataset().selection()) + " points");
        }
        if (r.epsilons() != null && !r.epsilons().isEmpty()) {
            String version = r.config() != null ? r.config().path("version").asText("") : "";
            String attacks = version.equals("custom") && r.config().path("attacks").isArray()
                    ? "attacks " + join(r.config().get("attacks"))
                    : version.equals("sparse") ? "Sparse-RS (version sparse)" : "AutoAttack " + version;
            parts.add(Html.esc(norm) + " threat model, " + Html.esc(attacks));
        } else if (r.certification() == null) {
            parts.add("clean evaluation only");
        }
        if (r.certification() != null) {
            parts.add("certified by <strong>" + Html.esc(r.certification().method()) + "</strong> ("
                    + Html.esc(normLabel(r.certification().norm())) + ")");
        }
        b.append(String.join(" · ", parts)).append("</p>\n");
        if (!r.complete()) {
            b.append("<p><span class=\"badge warn\">incomplete run</span></p>\n");
        }
        b.append("</header>\n");
    }

    private static String join(JsonNode arr) {
        List<String> l = new ArrayList<>();
        for (JsonNode a : arr) l.add(a.asText());
        return String.join(", ", l);
    }

    private static void summary(StringBuilder b, RunRecord r, Entry e, String norm) {
        b.append("<div class=\"metrics\">\n");
        metric(b, "Clean accuracy", num("span", null, "clean_accuracy", "pct", Fmt.pct(r.cleanAccuracy())) + "<small>%</small>",
                false);
        if (r.robustAccuracy() != null) {
            metric(b, "Robust accuracy", num("span", null, "robust_accuracy", "pct", Fmt.pct(r.robustAccuracy()))
                    + "<small>%</small>", true);
            metric(b, Html.esc(norm) + " ε", num("span", null, "epsilons[0]", "eps", Fmt.eps(r.epsilons().get(0)))
                    + (e != null && !e.eps().equals(Fmt.eps(e.epsValue())) ? " <small>(" + Html.esc(e.eps()) + ")</small>"
                            : ""), false);
        }
        if (r.certification() != null && !r.certification().radii().isEmpty()) {
            RunRecord.Certification c = r.certification();
            metric(b, "Certified accuracy <small>(" + Html.esc(c.method()) + ", ε = " + Html.esc(Fmt.eps(c.radii().get(0)))
                    + ")</small>", num("span", null, "certification.certified_accuracy[0]", "pct",
                            Fmt.pct(c.certifiedAccuracy().get(0))) + "<small>%</small>", r.robustAccuracy() == null);
        }
        if (e != null && e.external() != null) {
            metric(b, "External (adaptive)", num("span", null, "external", "pct100", Fmt.pct100(e.external()))
                    + "<small>%</small>", false);
        }
        metric(b, "Points", num("span", null, "dataset.n", "int", Fmt.integer(r.dataset().n())), false);
        metric(b, "Run time", num("span", null, "seconds", "sec", Fmt.seconds(r.seconds())) + "<small> s</small>",
                false);
        b.append("</div>\n");
    }

    static void metric(StringBuilder b, String label, String valueHtml, boolean accent) {
        b.append("<div class=\"metric").append(accent ? " accent" : "").append("\"><div class=\"label\">")
                .append(label).append("</div><div class=\"value\">").append(valueHtml).append("</div></div>\n");
    }

    /**
     * The certification: certified accuracy against the radius (chart and table, with robust accuracy at the
     * same ε when attacks ran too), the method's settings and, for smoothing, the abstain rate.
     */
    private static void certification(StringBuilder b, RunRecord r) {
        RunRecord.Certification c = r.certification();
        if (c == null || c.radii().isEmpty()) {
            return;
        }
        String norm = normLabel(c.norm());
        b.append("<section class=\"card\" id=\"certified\">\n<h2>Certified accuracy</h2>\n<p class=\"sub\">")
                .append(c.certifiesModel()
                        ? "A point is certified at ε when " + Html.esc(c.method()) + " proves that no perturbation of "
                                + Html.esc(norm) + " norm at most ε inside [0, 1] changes the model's prediction: a lower "
                                + "bound on robust accuracy that no attack can break."
                        : "A point is certified at radius r when the smoothed classifier predicts it correctly and its "
                                + "certified " + Html.esc(norm) + " radius is at least r (Cohen et al. 2019); the "
                                + "certificate holds with probability at least 1 − α and is about the smoothed "
                                + "classifier, not the base model.")
                .append("</p>\n<div class=\"chart-row\"><img class=\"chart\" alt=\"Chart: certified accuracy "
                        + "against the radius\" src=\"").append(Charts.dataUri(Charts.certifiedVsRadius(r, norm)))
                .append("\">\n<div class=\"table-wrap\"><table id=\"certified-table\"><thead><tr><th class=\"n\">ε</th>"
                        + "<th class=\"n\">certified&nbsp;%</th>");
        boolean robust = r.epsilons() != null && r.robustAccuracyByEps() != null
                && r.epsilons().equals(c.radii());
        if (robust) {
            b.append("<th class=\"n\">robust&nbsp;%</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (int i = 0; i < c.radii().size(); i++) {
            b.append("<tr>").append(num("td", "n", "certification.radii[" + i + "]", "eps", Fmt.eps(c.radii().get(i))))
                    .append(num("td", "n strong", "certification.certified_accuracy[" + i + "]", "pct",
                            Fmt.pct(c.certifiedAccuracy().get(i))));
            if (robust) {
                b.append(num("td", "n", "robust_accuracy_by_eps[" + i + "]", "pct", Fmt.pct(r.robustAccuracyByEps().get(i))));
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n<p class=\"sub\">method <code>").append(Html.esc(c.method())).append("</code>");
        JsonNode cfg = c.config();
        if (!c.certifiesModel() && cfg != null) {
            for (String k : new String[] {"sigma", "n0", "samples", "alpha"}) {
                if (cfg.has(k)) b.append(", ").append(k).append(" ").append(Html.esc(cfg.get(k).asText()));
            }
        }
        if (c.abstainRate() != null) {
            b.append("; abstained on ").append(num("span", null, "certification.abstain_rate", "pct",
                    Fmt.pct(c.abstainRate()))).append("% of the points, smoothed-classifier accuracy ")
                    .append(num("span", null, "certification.prediction_accuracy", "pct",
                            Fmt.pct(c.predictionAccuracy()))).append("%");
        }
        b.append("; ").append(num("span", null, "certification.seconds", "sec", Fmt.seconds(c.seconds())))
                .append(" s</p>\n</div></div>\n</section>\n");
    }

    private static void attacks(StringBuilder b, RunRecord r) {
        if (r.attacks() == null || r.attacks().isEmpty()) {
            return;
        }
        // query-based attacks report queries per broken point (mean and median, as their papers do)
        boolean queries = r.attacks().stream().anyMatch(s -> s.meanQueries() != null);
        b.append("<section class=\"card\" id=\"attacks\">\n<h2>Robust accuracy after each attack</h2>\n")
                .append("<p class=\"sub\">Each attack runs only on the points still robust; a point is robust only "
                        + "if every attack failed on it, so the accuracy can only go down.</p>\n");
        b.append("<div class=\"chart-row stacked\"><img class=\"chart\" alt=\"Bar chart: robust accuracy after each attack\" "
                + "src=\"").append(Charts.dataUri(Charts.attacks(r))).append("\">\n<div class=\"table-wrap\">");
        b.append("<table id=\"attack-table\"><thead><tr><th>attack</th><th class=\"n\">ε</th>"
                + "<th class=\"n\">robust&nbsp;%</th><th class=\"n\">broken</th><th class=\"n\">time&nbsp;s</th>"
                + "<th class=\"n\">model calls</th>" + (queries ? "<th class=\"n\">queries mean / median</th>" : "")
                + "</tr></thead><tbody>\n");
        for (int i = 0; i < r.attacks().size(); i++) {
            RunRecord.AttackSummary s = r.attacks().get(i);
            String p = "attacks[" + i + "].";
            b.append("<tr><td>").append(Html.esc(s.name())).append("</td>")
                    .append(num("td", "n", p + "eps", "eps", Fmt.eps(s.eps())))
                    .append(num("td", "n strong", p + "robust_accuracy_after", "pct", Fmt.pct(s.robustAccuracyAfter())))
                    .append(num("td", "n", p + "broken", "int", Fmt.integer(s.broken())))
                    .append(num("td", "n", p + "seconds", "sec", Fmt.seconds(s.seconds())))
                    .append(num("td", "n", p + "model_calls", "int", Fmt.integer(s.modelCalls())))
                    .append(!queries ? "" : "<td class=\"n\">" + (s.meanQueries() == null ? "–"
                            : String.format(java.util.Locale.ROOT, "%.1f / %.1f", s.meanQueries(), s.medianQueries()))
                            + "</td>")
                    .append("</tr>\n");
        }
        b.append("</tbody></table></div></div>\n</section>\n");
    }

    /**
     * For runs that recorded predictive entropy (randomized models, the {@code low-entropy} attack): per attack,
     * the mean entropy of the clean points against that of the points it broke, the AUROC of a detector that
     * flags high entropy ({@link org.robustj.eval.EntropyDetection}) and a sentence on what that AUROC means.
     * Absent when no attack summary carries entropy statistics (deterministic models, merged records).
     */
    private static void entropyDetection(StringBuilder b, RunRecord r) {
        if (r.attacks() == null || r.attacks().stream().noneMatch(s -> s.entropy() != null)) {
            return;
        }
        b.append("<section class=\"card\" id=\"entropy\">\n<h2>Uncertainty detection</h2>\n<p class=\"sub\">A "
                + "detector that flags inputs of high predictive entropy H[p̄] (nats) would reject an attack whose "
                + "adversarial inputs are more uncertain than clean ones. AUROC: the chance that a random adversarial "
                + "input of the attack has higher entropy than a random correctly classified clean input (1: "
                + "caught at some threshold, ½: indistinguishable, below ½: more confident than clean). Reading: "
                + "caught from 0.9, partly caught above 0.6, evaded otherwise.</p>\n");
        b.append("<div class=\"table-wrap\"><table id=\"entropy-table\"><thead><tr><th>attack</th>"
                + "<th class=\"n\">ε</th><th class=\"n\">broken</th><th class=\"n\">clean H mean</th>"
                + "<th class=\"n\">adversarial H mean</th><th class=\"n\">adversarial H median</th>"
                + "<th class=\"n\">AUROC</th><th>what it means</th></tr></thead><tbody>\n");
        for (int i = 0; i < r.attacks().size(); i++) {
            RunRecord.AttackSummary s = r.attacks().get(i);
            String p = "attacks[" + i + "].";
            String q = p + "entropy.";
            b.append("<tr data-attack=\"").append(Html.esc(s.name())).append("\"><td>").append(Html.esc(s.name()))
                    .append("</td>").append(num("td", "n", p + "eps", "eps", Fmt.eps(s.eps())));
            org.robustj.eval.EntropyDetection.Summary e = s.entropy();
            if (e == null) {
                b.append(num("td", "n", p + "broken", "int", Fmt.integer(s.broken())))
                        .append("<td class=\"n\">–</td><td class=\"n\">–</td><td class=\"n\">–</td>"
                                + "<td class=\"n\">–</td><td class=\"note\">")
                        .append(s.broken() == 0 ? "It broke no point: nothing to detect."
                                : "No entropy was recorded for the points it broke.")
                        .append("</td></tr>\n");
                continue;
            }
            b.append(num("td", "n", q + "broken", "int", Fmt.integer(e.broken())))
                    .append(num("td", "n", q + "clean_mean", "num3", Fmt.num3(e.cleanMean())))
                    .append(num("td", "n", q + "mean", "num3", Fmt.num3(e.mean())))
                    .append(num("td", "n", q + "median", "num3", Fmt.num3(e.median())))
                    .append(num("td", "n strong", q + "auroc", "num3", Fmt.num3(e.auroc())))
                    .append("<td class=\"verdict\">").append(Html.esc(entropyVerdict(e.auroc()))).append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n</section>\n");
    }

    /** What an entropy detector's AUROC against an attack means, in one sentence (bands as the section states). */
    static String entropyVerdict(double auroc) {
        if (auroc >= 0.9) {
            return "An entropy detector would catch this attack: its adversarial inputs are more uncertain than clean "
                    + "ones.";
        }
        if (auroc > 0.6) {
            return "An entropy detector would catch part of this attack, at the price of false alarms on clean inputs.";
        }
        if (auroc >= 0.5) {
            return "This attack evades an entropy detector: its adversarial inputs are about as certain as clean ones.";
        }
        return "This attack evades an entropy detector: its adversarial inputs are more confident than clean ones.";
    }

    private static void accuracyVsEps(StringBuilder b, RunRecord r, String norm) {
        if (r.epsilons() == null || r.epsilons().isEmpty()) {
            return;
        }
        boolean minimal = Charts.hasMinimalNorms(r);
        b.append("<section class=\"card\" id=\"eps\">\n<h2>Robust accuracy against ε</h2>\n<p class=\"sub\">")
                .append(minimal
                        ? "Steps: a point counts as broken at ε′ once its smallest known adversarial perturbation "
                                + "(the minimal norm found by FAB, else the norm of the adversarial input found) is at "
                                + "most ε′, an upper bound on the true robust accuracy; drawn up to the largest "
                                + "evaluated ε, never beyond. Dots: the evaluated ε."
                        : "Dots only: robust accuracy at the evaluated ε, and clean accuracy at ε = 0. Nothing is "
                                + "drawn between or beyond them: no attack of this run reports per-point minimal "
                                + "norms, so robust accuracy there is not known.")
                .append("</p>\n<div class=\"chart-row\"><img class=\"chart\" alt=\"Chart: robust accuracy "
                        + "against epsilon\" src=\"").append(Charts.dataUri(Charts.accuracyVsEps(r, norm)))
                .append("\">\n<div class=\"table-wrap\"><table id=\"eps-table\"><thead><tr><th class=\"n\">ε</th>"
                        + "<th class=\"n\">robust&nbsp;%</th></tr></thead><tbody>\n");
        for (int i = 0; i < r.epsilons().size(); i++) {
            b.append("<tr>").append(num("td", "n", "epsilons[" + i + "]", "eps", Fmt.eps(r.epsilons().get(i))));
            if (r.robustAccuracyByEps() != null && i < r.robustAccuracyByEps().size()) {
                b.append(num("td", "n strong", "robust_accuracy_by_eps[" + i + "]", "pct",
                        Fmt.pct(r.robustAccuracyByEps().get(i))));
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div></div>\n</section>\n");
    }

    private static void norms(StringBuilder b, RunRecord r, String norm) {
        if (r.epsilons() == null || r.epsilons().isEmpty()) {
            return;
        }
        b.append("<section class=\"card\" id=\"norms\">\n<h2>Perturbation norms</h2>\n<p class=\"sub\">")
                .append(Html.esc(norm)).append(" norms of the adversarial inputs found at the headline ε, one per "
                        + "point an attack broke (points the model already got wrong are left out).</p>\n");
        CategoryChart h = Charts.normHistogram(r, norm);
        if (h == null) {
            b.append("<p class=\"empty\">No attack broke a point, so there is no perturbation to show.</p>\n");
        } else {
            b.append("<img class=\"chart\" alt=\"Histogram of perturbation norms\" src=\"")
                    .append(Charts.dataUri(h)).append("\">\n");
        }
        b.append("</section>\n");
    }

    private static void gallery(StringBuilder b, RunRecord r, Gallery g, String norm) {
        if (r.epsilons() == null || r.epsilons().isEmpty()) {
            return;
        }
        b.append("<section class=\"card\" id=\"gallery\">\n<h2>Adversarial examples</h2>\n");
        if (g == null) {
            b.append("<p class=\"empty\">The run record does not keep the input images. Images appear in reports "
                    + "written by <code>robustj evaluate --report</code> or <code>robustj benchmark</code>.</p>\n"
                    + "</section>\n");
            return;
        }
        if (g.examples().isEmpty()) {
            b.append("<p class=\"empty\">No attack broke a point, so there is no adversarial example to show.</p>\n"
                    + "</section>\n");
            return;
        }
        b.append("<p class=\"sub\">The first ").append(g.examples().size()).append(" points broken by an attack at "
                + "the headline ε: clean input, adversarial input, and their difference amplified to full contrast "
                + "(grey = unchanged).</p>\n<div class=\"gallery\">\n");
        for (Gallery.Example x : g.examples()) {
            String p = "points[" + x.index() + "].";
            double amp = Images.amplification(x.clean(), x.adversarial());
            b.append("<div class=\"example\" data-index=\"").append(x.index()).append("\">\n<div class=\"imgs\">")
                    .append("<figure><img alt=\"clean\" src=\"").append(Images.png(x.clean(), g.shape()))
                    .append("\"><figcaption>clean</figcaption></figure>")
                    .append("<figure><img alt=\"adversarial\" src=\"").append(Images.png(x.adversarial(), g.shape()))
                    .append("\"><figcaption>adversarial</figcaption></figure>")
                    .append("<figure><img alt=\"difference\" src=\"")
                    .append(Images.difference(x.clean(), x.adversarial(), g.shape()))
                    .append("\"><figcaption>difference ×<span data-derived=\"amplification\">")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", amp)).append("</span></figcaption></figure>")
                    .append("</div>\n<div class=\"facts\">point ")
                    .append(num("span", null, p + "index", "int", Integer.toString(x.index())))
                    .append(" · true ").append(label(g, x.label(), p + "label", null))
                    .append("<br>clean → ").append(label(g, x.cleanPrediction(), null, "pred-good"))
                    .append(" · adversarial → ").append(label(g, x.adversarialPrediction(), p + "adversarial_label",
                            "pred-bad"))
                    .append("<br>broken by ").append(Html.esc(x.brokenBy())).append(", ‖δ‖ = ")
                    .append(num("span", null, p + "perturbation_norm", "norm", Fmt.norm(x.norm())))
                    .append("</div>\n</div>\n");
        }
        b.append("</div>\n");
        if (g.brokenByAttacks() > g.examples().size()) {
            b.append("<p class=\"note\">").append(g.brokenByAttacks() - g.examples().size())
                    .append(" more broken points are listed in the table of all points below.</p>\n");
        }
        b.append("</section>\n");
    }

    /** A class as its name; the label number (from the record when {@code field} is set) follows unless it is the name. */
    private static String label(Gallery g, int label, String field, String cls) {
        String name = g.className(label);
        String c = cls == null ? "strong" : cls;
        if (name.equals(Integer.toString(label))) {
            return field == null ? "<span class=\"" + c + "\">" + Html.esc(name) + "</span>"
                    : num("span", c, field, "int", name);
        }
        return "<span class=\"" + c + "\">" + Html.esc(name) + "</span>"
                + (field == null ? "" : " (" + num("span", null, field, "int", Integer.toString(label)) + ")");
    }

    private static void perClass(StringBuilder b, RunRecord r, Gallery g) {
        List<Double> pc = r.perClassAccuracy();
        if (pc == null || pc.isEmpty()) {
            return;
        }
        LabelStats st = LabelStats.of(r, pc.size());
        b.append("<section class=\"card\" id=\"per-class\">\n<h2>")
                .append(st == null ? "Clean accuracy per class" : "Clean and robust accuracy per class")
                .append("</h2>\n<div class=\"table-wrap\"><table><thead><tr><th>class</th>");
        for (int c = 0; c < pc.size(); c++) {
            b.append("<th class=\"n\">").append(Html.esc(className(g, c))).append("</th>");
        }
        b.append("</tr></thead><tbody><tr><td>clean accuracy %</td>");
        for (int c = 0; c < pc.size(); c++) {
            Double v = pc.get(c);
            b.append(v == null ? "<td class=\"n\">–</td>"
                    : num("td", "n", "per_class_accuracy[" + c + "]", "pct", Fmt.pct(v)));
        }
        b.append("</tr>\n");
        if (st != null) {
            // derived from the points (not a field of the record): data-derived says how
            b.append("<tr id=\"per-class-robust\"><td>robust accuracy % (ε = ").append(Html.esc(Fmt.eps(r.epsilons()
                    .get(0)))).append(")</td>");
            for (int c = 0; c < pc.size(); c++) {
                b.append(st.total[c] == 0 ? "<td class=\"n\">–</td>"
                        : "<td class=\"n strong\" data-derived=\"robust/label=" + c + "\">"
                                + Fmt.pct(st.robust[c] / (double) st.total[c]) + "</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n<p class=\"note\">Expected calibration error (15 bins): ")
                .append(num("span", null, "ece", "num4", String.format(java.util.Locale.ROOT, "%.4f", r.ece())))
                .append("</p>\n");
        if (st != null) {
            labelMatrix(b, st, g, r);
        }
        b.append("</section>\n");
    }

    private static String className(Gallery g, int c) {
        return g != null ? g.className(c) : Integer.toString(c);
    }

    /**
     * Where adversarial labels land: a heat map of true label (rows) × label after the attacks (columns) over
     * all points; a robust point keeps its label (the diagonal), a broken one lands on its adversarial label, a
     * point misclassified clean on its clean prediction, so a row's diagonal share is the class's robust
     * accuracy. Cell shade is the share of the row.
     */
    private static void labelMatrix(StringBuilder b, LabelStats st, Gallery g, RunRecord r) {
        int k = st.matrix.length;
        b.append("<h3>Where adversarial labels land</h3>\n<p class=\"sub\">Rows: true label; columns: the label "
                + "after the attacks at ε = ").append(Html.esc(Fmt.eps(r.epsilons().get(0))))
                .append(", all points: a robust point stays on the diagonal, a broken one lands on its adversarial "
                        + "label, one misclassified clean on its clean prediction; shade: share of the row.</p>\n");
        b.append("<div class=\"table-wrap\"><table class=\"heatmap\" "
                + "id=\"label-matrix\"><thead><tr><th>true \\ after</th>");
        for (int c = 0; c < k; c++) {
            b.append("<th class=\"n\">").append(Html.esc(className(g, c))).append("</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (int t = 0; t < k; t++) {
            int rowSum = 0;
            for (int a = 0; a < k; a++) rowSum += st.matrix[t][a];
            b.append("<tr><th>").append(Html.esc(className(g, t))).append("</th>");
            for (int a = 0; a < k; a++) {
                int v = st.matrix[t][a];
                double share = rowSum == 0 ? 0 : v / (double) rowSum;
                // diagonal (robust) in green, off-diagonal (broken) in red; alpha = share of the row
                String rgb = t == a ? "22,163,74" : "220,38,38";
                b.append("<td class=\"n").append(t == a ? " diag" : "").append("\" data-count=\"").append(v)
                        .append("\" style=\"background: rgba(").append(rgb).append(',')
                        .append(String.format(java.util.Locale.ROOT, "%.2f", v == 0 ? 0 : 0.12 + 0.78 * share))
                        .append(")").append(share > 0.6 ? "; color: #fff" : "").append("\">")
                        .append(v == 0 ? "" : Integer.toString(v)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n");
    }

    /** Per-class robust counts and the true × adversarial label matrix, from a run's points at the headline ε. */
    static final class LabelStats {
        final int[] total;
        final int[] robust;
        final int[][] matrix;

        private LabelStats(int k) {
            total = new int[k];
            robust = new int[k];
            matrix = new int[k][k];
        }

        /** The statistics, or null when the run has no points or no attack results. */
        static LabelStats of(RunRecord r, int k) {
            if (r.points() == null || r.points().isEmpty() || r.epsilons() == null || r.epsilons().isEmpty()) {
                return null;
            }
            LabelStats s = new LabelStats(k);
            for (RunRecord.PointRecord p : r.points()) {
                int y = p.label();
                if (y < 0 || y >= k) continue;
                s.total[y]++;
                if (p.robust()) s.robust[y]++;
                // a point misclassified clean carries its clean prediction as adversarial label
                int after = p.robust() ? y : p.adversarialLabel() == null ? -1 : p.adversarialLabel();
                if (after >= 0 && after < k) s.matrix[y][after]++;
            }
            return s;
        }
    }

    private static void warnings(StringBuilder b, RunRecord r) {
        b.append("<section class=\"card\" id=\"warnings\">\n<h2>Warnings</h2>\n");
        if (r.warnings() == null || r.warnings().isEmpty()) {
            b.append("<p><span class=\"badge ok\">no warnings</span> The sanity checks of the evaluation (randomness,"
                    + " softmax output, zero gradients, number of classes, Square beating the gradient attacks) found "
                    + "nothing.</p>\n</section>\n");
            return;
        }
        b.append("<p class=\"sub\">A warning means the robust accuracy above may be <strong>overestimated</strong>."
                + "</p>\n");
        for (RunRecord.Warning w : r.warnings()) {
            String explain = FlagDocs.html(w.check());
            b.append("<div class=\"warning\" data-check=\"").append(Html.esc(w.check())).append("\">\n<h3>")
                    .append(Html.esc(w.check())).append("</h3>\n<p>").append(Html.esc(w.message())).append("</p>\n");
            if (explain != null) {
                b.append("<div class=\"explain\">").append(explain).append("</div>\n");
            }
            b.append("<p class=\"note\">Explained in <code>").append(Html.esc(w.doc())).append("</code>.</p>\n</div>\n");
        }
        b.append("</section>\n");
    }

    private static boolean certifiedColumn(RunRecord r) {
        return r.points() != null && r.points().stream().anyMatch(p -> p.certified() != null);
    }

    private static void points(StringBuilder b, RunRecord r, Gallery g, String norm) {
        if (r.points() == null || r.points().isEmpty()) {
            return;
        }
        b.append("<section class=\"card\" id=\"points\">\n<h2>Every point</h2>\n<details><summary>Show all ")
                .append(r.points().size()).append(" points</summary>\n<div class=\"table-wrap\"><table>"
                        + "<thead><tr><th class=\"n\">point</th><th>label</th><th>clean</th><th>robust</th>"
                        + "<th>broken by</th><th class=\"n\">‖δ‖</th><th class=\"n\">minimal ‖δ‖</th>"
                        + "<th>adversarial label</th>" + (certifiedColumn(r) ? "<th>certified</th>" : "")
                        + "</tr></thead><tbody>\n");
        for (int i = 0; i < r.points().size(); i++) {
            RunRecord.PointRecord p = r.points().get(i);
            String f = "points[" + i + "].";
            b.append("<tr>").append(num("td", "n", f + "index", "int", Integer.toString(p.index())))
                    .append(num("td", null, f + "label", "int", Integer.toString(p.label())))
                    .append("<td>").append(p.cleanCorrect() ? "correct" : "<span class=\"pred-bad\">wrong</span>")
                    .append("</td><td>").append(p.robust() ? "<span class=\"pred-good\">robust</span>" : "no")
                    .append("</td><td>").append(Html.esc(p.brokenBy() == null ? "" : p.brokenBy())).append("</td>")
                    .append(p.perturbationNorm() == null ? "<td class=\"n\"></td>"
                            : num("td", "n", f + "perturbation_norm", "norm", Fmt.norm(p.perturbationNorm())))
                    .append(p.minimalNorm() == null ? "<td class=\"n\"></td>"
                            : num("td", "n", f + "minimal_norm", "norm", Fmt.norm(p.minimalNorm())))
                    .append(p.adversarialLabel() == null ? "<td></td>"
                            : num("td", null, f + "adversarial_label", "int", Integer.toString(p.adversarialLabel())))
                    .append(!certifiedColumn(r) ? "" : "<td>" + (Boolean.TRUE.equals(p.certified())
                            ? "<span class=\"pred-good\">certified</span>" : "no") + "</td>")
                    .append("</tr>\n");
        }
        b.append("</tbody></table></div>\n</details>\n</section>\n");
    }

    static void provenance(StringBuilder b, RunRecord r, Entry e) {
        b.append("<section class=\"card\" id=\"provenance\">\n<h2>Provenance</h2>\n<p class=\"sub\">Everything "
                + "needed to reproduce these numbers.</p>\n<dl class=\"prov\">\n");
        if (e != null && e.replay() != null) {
            dd(b, "replay", "<code>" + Html.esc(e.replay()) + "</code>");
        }
        if (r.config() != null && r.config().path("command").isTextual()) {
            dd(b, "command", "<code>" + Html.esc(r.config().get("command").asText()) + "</code>");
        }
        if (r.model() != null) {
            dd(b, "model", Html.esc(r.model().source()) + " (" + Html.esc(r.model().name()) + ")");
            dd(b, "model SHA-256", "<code>" + Html.esc(r.model().sha256()) + "</code>");
        }
        Provenance p = r.provenance();
        if (p != null) {
            dd(b, "robustj", Html.esc(p.robustjVersion()) + ", commit <code>" + Html.esc(p.gitCommit()) + "</code>");
            dd(b, "when", Html.esc(p.timestamp()));
            dd(b, "runtime", "Java " + Html.esc(p.java()) + ", " + Html.esc(p.os()) + " " + Html.esc(p.arch()) + ", "
                    + num("span", null, "provenance.cpus", "int", Integer.toString(p.cpus())) + " CPUs");
            dd(b, "engine", "DJL " + Html.esc(p.djl()) + ", PyTorch " + Html.esc(p.pytorch()) + ", "
                    + num("span", null, "provenance.threads", "int", Integer.toString(p.threads()))
                    + " threads" + (p.ompPassive() ? ", OMP_WAIT_POLICY=PASSIVE" : ""));
            if (p.files() != null) {
                StringBuilder f = new StringBuilder("<table><tbody>");
                for (FileHash h : p.files()) {
                    f.append("<tr><td>").append(Html.esc(h.name())).append("</td><td><code>").append(Html.esc(h.sha256()))
                            .append("</code></td></tr>");
                }
                dd(b, "files", f.append("</tbody></table>").toString());
            }
        }
        b.append("</dl>\n");
        if (r.config() != null) {
            b.append("<details><summary>Configuration</summary><pre>").append(Html.esc(Json.write(r.config())))
                    .append("</pre></details>\n");
        }
        b.append("</section>\n");
    }

    private static void dd(StringBuilder b, String term, String html) {
        b.append("<dt>").append(Html.esc(term)).append("</dt><dd>").append(html).append("</dd>\n");
    }
}
