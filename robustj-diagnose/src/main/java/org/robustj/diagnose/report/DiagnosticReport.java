package org.robustj.diagnose.report;

import java.io.IOException;
import java.nio.file.Path;
import org.robustj.diagnose.DiagnosticResult;
import org.robustj.diagnose.Series;
import org.robustj.report.Html;

/**
 * The generic HTML report of any diagnostic ({@code robustj diagnose NAME --report r.html}): drawn from the
 * {@link DiagnosticResult} alone, one chart and table per {@link Series} (per layer, clean against
 * adversarial), the headline numbers, notes, details, configuration and provenance. Self-contained (charts are
 * inline SVG), no network access. It lives here rather than in robustj-report because experiments, in this
 * module, write pages too; robustj-report supplies the style and the chart encoder and stays free of engine
 * code.
 */
public final class DiagnosticReport {
    private DiagnosticReport() {}

    /** Writes the report atomically. */
    public static void write(Path file, DiagnosticResult r) throws IOException {
        Pages.write(file, html(r));
    }

    /** The report as HTML. */
    public static String html(DiagnosticResult r) {
        StringBuilder b = new StringBuilder(64 * 1024);
        String model = r.model().name() != null ? r.model().name() : r.model().source();
        b.append(Html.head("robustj diagnose " + r.diagnostic() + ": " + model));
        b.append("<body>\n<main>\n<header><h1>").append(Html.esc("diagnose " + r.diagnostic())).append(" · ")
                .append(Html.esc(model)).append("</h1>\n<p class=\"sub\">").append(Html.esc(r.description()))
                .append("</p>\n<p class=\"sub\">model <code>").append(Html.esc(r.model().source())).append("</code> (")
                .append(Html.esc(r.model().architecture())).append("), ").append(Html.esc(r.dataset().name())).append(' ')
                .append(Html.esc(r.dataset().split())).append(", ").append(r.dataset().n()).append(" points (")
                .append(Html.esc(r.dataset().selection())).append(")</p></header>\n");
        b.append(Pages.numbers("summary", "Headline numbers", r.summary()));
        if (!r.notes().isEmpty()) {
            b.append("<section class=\"card\" id=\"notes\">\n<h2>Notes</h2>\n<ul>\n");
            for (String n : r.notes()) b.append("<li>").append(Html.esc(n)).append("</li>\n");
            b.append("</ul>\n</section>\n");
        }
        for (Series s : r.series()) {
            b.append(SeriesCharts.card(s));
        }
        b.append(ImageCards.card(r.details()));
        b.append(Pages.json("details", "Details", r.details()));
        b.append(Pages.json("config", "Configuration", r.config()));
        b.append(Pages.provenance(r.provenance(), r.seconds()));
        b.append("<footer>Made by robustj ").append(Html.esc(r.provenance().robustjVersion()))
                .append(". This file is self-contained: no network access.</footer>\n</main>\n</body>\n</html>\n");
        return b.toString();
    }
}
