package org.robustj.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.robustj.attack.universal.UniversalFit;
import org.robustj.attack.universal.UniversalRecord;
import org.robustj.attack.universal.UniversalResult;
import org.robustj.io.AtomicFiles;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;

/**
 * The HTML report of {@code robustj attack-universal}, one self-contained file: the headline numbers (fooling
 * rate and accuracy under v on the held-out points, a random perturbation of the same size, the fitting points'
 * fooling rate), the perturbation v as an image (amplified to full contrast, and at true scale on mid-grey),
 * examples x and clip(x + v) with their predictions, the fit's trace and provenance. Made from the plain
 * {@link UniversalRecord} plus the example inputs, which the record does not keep.
 */
public final class UniversalReport {
    private UniversalReport() {}

    /**
     * Writes the report atomically.
     *
     * @param examples the first held-out inputs to show (k × input values), or null
     */
    public static void write(Path file, UniversalRecord r, float[] examples) throws IOException {
        AtomicFiles.write(file, html(r, examples).getBytes(StandardCharsets.UTF_8));
    }

    /** The report as HTML. */
    public static String html(UniversalRecord r, float[] examples) {
        StringBuilder b = new StringBuilder(32 * 1024);
        String model = r.model().name() != null ? r.model().name() : r.model().source();
        String norm = RunReport.normLabel(r.norm());
        b.append(Html.head("robustj universal perturbation: " + model));
        b.append("<body>\n<main>\n<header class=\"page\">\n<div class=\"kicker\">robustj universal perturbation</div>\n")
                .append("<h1>").append(Html.esc(model)).append("</h1>\n<p class=\"sub\">")
                .append(Html.esc(r.method())).append(", ").append(Html.esc(norm)).append(" ε = ")
                .append(Html.esc(Fmt.eps(r.eps()))).append(", fitted on ").append(r.fitData().n()).append(' ')
                .append(Html.esc(r.fitData().name() + " " + r.fitData().split())).append(" points (")
                .append(Html.esc(r.fitData().selection())).append("), judged on ").append(r.dataset().n())
                .append(" held-out ").append(Html.esc(r.dataset().name() + " " + r.dataset().split()))
                .append(" points (").append(Html.esc(r.dataset().selection())).append(")</p>\n</header>\n");
        summary(b, r, norm);
        perturbation(b, r);
        examples(b, r, examples);
        trace(b, r, norm);
        provenance(b, r);
        b.append("<footer>Made by robustj ").append(Html.esc(r.provenance() == null ? "" : r.provenance().robustjVersion()))
                .append(". This file is self-contained: no network access.</footer>\n</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void summary(StringBuilder b, UniversalRecord r, String norm) {
        b.append("<section class=\"card\" id=\"summary\">\n<h2>Summary</h2>\n<p class=\"sub\">Fooling rate: the fraction "
                + "of held-out points whose predicted class changes when the one perturbation v is added (clipped to "
                + "the input box); the true label plays no part. The random baseline adds a perturbation of the same "
                + "size drawn at random.</p>\n<div class=\"metrics\">\n");
        metric(b, "Fooling rate", pct(r.foolingRate(), "fooling_rate"), true);
        metric(b, "Accuracy under v", pct(r.accuracyUnderPerturbation(), "accuracy_under_perturbation"), false);
        metric(b, "Clean accuracy", pct(r.cleanAccuracy(), "clean_accuracy"), false);
        metric(b, "Random baseline: fooling rate", pct(r.randomFoolingRate(), "random_fooling_rate"), false);
        metric(b, "Fitting points: fooling rate", pct(r.fitFoolingRate(), "fit_fooling_rate"), false);
        metric(b, "‖v‖ " + Html.esc(norm), "<span data-field=\"perturbation_norm\" data-format=\"norm\">"
                + Fmt.norm(r.perturbationNorm()) + "</span>", false);
        metric(b, "Run time", "<span data-field=\"seconds\" data-format=\"sec\">" + Fmt.seconds(r.seconds())
                + "</span><small> s</small>", false);
        b.append("</div>\n<p class=\"note\">Stopped: ").append(Html.esc(r.stopReason())).append(". Model calls: ")
                .append(Fmt.integer(r.modelCalls())).append(".</p>\n</section>\n");
    }

    private static String pct(double v, String field) {
        return "<span data-field=\"" + field + "\" data-format=\"pct\">" + Fmt.pct(v) + "</span><small>%</small>";
    }

    private static void metric(StringBuilder b, String label, String valueHtml, boolean accent) {
        b.append("<div class=\"metric").append(accent ? " accent" : "").append("\"><div class=\"label\">").append(label)
                .append("</div><div class=\"value\">").append(valueHtml).append("</div></div>\n");
    }

    private static void perturbation(StringBuilder b, UniversalRecord r) {
        float[] v = r.perturbation();
        float[] zero = new float[v.length];
        float[] grey = new float[v.length];
        for (int i = 0; i < v.length; i++) grey[i] = 0.5f + v[i];
        double amp = Images.amplification(zero, v);
        b.append("<section class=\"card\" id=\"perturbation\">\n<h2>The perturbation</h2>\n<p class=\"sub\">v amplified "
                + "to full contrast (grey = 0, lighter = added, darker = removed), and at its true scale added to a "
                + "mid-grey image. Saved as .npy with <code>--save-perturbation</code>.</p>\n<div class=\"gallery\">\n"
                + "<div class=\"example\"><div class=\"imgs\"><figure><img alt=\"v amplified\" src=\"")
                .append(Images.difference(zero, v, r.perturbationShape())).append("\"><figcaption>v ×")
                .append(String.format(Locale.ROOT, "%.1f", amp)).append("</figcaption></figure><figure><img alt=\"v on grey\" src=\"")
                .append(Images.png(grey, r.perturbationShape())).append("\"><figcaption>0.5 + v</figcaption></figure>")
                .append("</div></div>\n</div>\n</section>\n");
    }

    private static void examples(StringBuilder b, UniversalRecord r, float[] examples) {
        b.append("<section class=\"card\" id=\"examples\">\n<h2>Examples</h2>\n");
        if (examples == null || examples.length == 0 || r.points() == null) {
            b.append("<p class=\"empty\">No example inputs were given to the report.</p>\n</section>\n");
            return;
        }
        float[] v = r.perturbation();
        int d = v.length;
        int k = Math.min(examples.length / d, r.points().size());
        b.append("<p class=\"sub\">The first ").append(k).append(" held-out points: x and clip(x + v), with the "
                + "predicted classes.</p>\n<div class=\"gallery\">\n");
        for (int i = 0; i < k; i++) {
            float[] x = java.util.Arrays.copyOfRange(examples, i * d, (i + 1) * d);
            float[] xv = new float[d];
            for (int j = 0; j < d; j++) xv[j] = (float) Math.max(r.lower(), Math.min(r.upper(), x[j] + v[j]));
            UniversalResult.Point p = r.points().get(i);
            String f = "points[" + i + "].";
            boolean fooled = p.clean() != p.perturbed();
            b.append("<div class=\"example\" data-index=\"").append(p.index()).append("\">\n<div class=\"imgs\">")
                    .append("<figure><img alt=\"x\" src=\"").append(Images.png(x, r.perturbationShape()))
                    .append("\"><figcaption>x</figcaption></figure><figure><img alt=\"x + v\" src=\"")
                    .append(Images.png(xv, r.perturbationShape())).append("\"><figcaption>x + v</figcaption></figure>")
                    .append("</div>\n<div class=\"facts\">point <span data-field=\"").append(f).append("index\">")
                    .append(p.index()).append("</span> · true <span data-field=\"").append(f).append("label\">")
                    .append(p.label()).append("</span><br>x → <span class=\"pred-good\" data-field=\"").append(f)
                    .append("clean\">").append(p.clean()).append("</span> · x + v → <span class=\"")
                    .append(fooled ? "pred-bad" : "pred-good").append("\" data-field=\"").append(f).append("perturbed\">")
                    .append(p.perturbed()).append("</span>").append(fooled ? " (fooled)" : "").append("</div>\n</div>\n");
        }
        b.append("</div>\n</section>\n");
    }

    private static void trace(StringBuilder b, UniversalRecord r, String norm) {
        List<UniversalFit.Checkpoint> t = r.trace();
        if (t == null || t.isEmpty()) return;
        boolean uap = t.get(0).updates() != null;
        b.append("<section class=\"card\" id=\"trace\">\n<h2>Fit</h2>\n<p class=\"sub\">").append(uap
                ? "One row per pass over the fitting points: fooling rate on them after the pass, ‖v‖, DeepFool updates kept."
                : "One row per validation on the fitting points: iteration, fooling rate, ‖v‖, saturation (fraction of "
                        + "coordinates at ±ε).")
                .append("</p>\n<div class=\"table-wrap\"><table id=\"trace-table\"><thead><tr><th class=\"n\">")
                .append(uap ? "pass" : "iteration").append("</th><th class=\"n\">fooling rate</th><th class=\"n\">‖v‖ ")
                .append(Html.esc(norm)).append("</th><th class=\"n\">").append(uap ? "updates" : "saturation")
                .append("</th></tr></thead><tbody>\n");
        for (int i = 0; i < t.size(); i++) {
            UniversalFit.Checkpoint c = t.get(i);
            String f = "trace[" + i + "].";
            b.append("<tr><td class=\"n\">").append(c.step()).append("</td><td class=\"n\" data-field=\"").append(f)
                    .append("fooling_rate\" data-format=\"pct\">").append(Fmt.pct(c.foolingRate()))
                    .append("%</td><td class=\"n\">").append(Fmt.norm(c.norm())).append("</td><td class=\"n\">")
                    .append(uap ? String.valueOf(c.updates()) : String.format(Locale.ROOT, "%.3f", c.saturation()))
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n</section>\n");
    }

    private static void provenance(StringBuilder b, UniversalRecord r) {
        b.append("<section class=\"card\" id=\"provenance\">\n<h2>Provenance</h2>\n<dl class=\"prov\">\n");
        if (r.config() != null && r.config().path("command").isTextual()) {
            dd(b, "command", "<code>" + Html.esc(r.config().get("command").asText()) + "</code>");
        }
        dd(b, "model", Html.esc(r.model().source()) + " (" + Html.esc(r.model().name()) + ")");
        dd(b, "method settings", "<code>" + Html.esc(r.methodConfig() == null ? "" : r.methodConfig().toString())
                + "</code>");
        Provenance p = r.provenance();
        if (p != null) {
            dd(b, "robustj", Html.esc(p.robustjVersion()) + ", commit <code>" + Html.esc(p.gitCommit()) + "</code>");
            dd(b, "when", Html.esc(p.timestamp()));
            dd(b, "engine", "DJL " + Html.esc(p.djl()) + ", PyTorch " + Html.esc(p.pytorch()) + ", " + p.threads()
                    + " threads");
            if (p.files() != null) {
                StringBuilder f = new StringBuilder("<table><tbody>");
                for (FileHash h : p.files()) {
                    f.append("<tr><td>").append(Html.esc(h.name())).append("</td><td><code>").append(Html.esc(h.sha256()))
                            .append("</code></td></tr>");
                }
                dd(b, "files", f.append("</tbody></table>").toString());
            }
        }
        b.append("</dl>\n</section>\n");
    }

    private static void dd(StringBuilder b, String term, String html) {
        b.append("<dt>").append(Html.esc(term)).append("</dt><dd>").append(html).append("</dd>\n");
    }
}
