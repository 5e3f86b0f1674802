package org.robustj.diagnose.report;

import java.io.IOException;
import java.nio.file.Path;
import org.robustj.diagnose.Series;
import org.robustj.diagnose.experiment.ExperimentResult;
import org.robustj.report.Html;

/**
 * The self-contained HTML page of an experiment run: the claim, what this run shows (each finding marked as
 * borne out or not by the numbers), a chart and table per series, every headline number, notes, details,
 * configuration (with the command that reproduces it) and provenance.
 */
public final class ExperimentPage {
    private ExperimentPage() {}

    /** Writes the page atomically. */
    public static void write(Path file, ExperimentResult r) throws IOException {
        Pages.write(file, html(r));
    }

    /** The page as HTML. */
    public static String html(ExperimentResult r) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append(Html.head("robustj experiment " + r.experiment()));
        b.append("<body>\n<main>\n<header><h1>experiment ").append(Html.esc(r.experiment()))
                .append(r.quick() ? " (quick)" : "").append("</h1>\n<p class=\"sub\">").append(Html.esc(r.description()))
                .append("</p></header>\n");
        b.append("<section class=\"card\" id=\"claim\">\n<h2>The claim</h2>\n<p>").append(Html.esc(r.claim()))
                .append("</p>\n</section>\n");
        b.append("<section class=\"card\" id=\"findings\">\n<h2>What this run shows</h2>\n<ul>\n");
        for (ExperimentResult.Finding f : r.findings()) {
            b.append("<li class=\"").append(f.holds() ? "holds" : "fails").append("\"><strong>")
                    .append(f.holds() ? "✓ holds" : "✗ does not hold").append(":</strong> ").append(Html.esc(f.statement()))
                    .append(" <span class=\"sub\">(").append(Html.esc(f.evidence())).append(")</span></li>\n");
        }
        b.append("</ul>\n");
        if (r.quick()) {
            b.append("<p class=\"sub\">A quick run (fewer points, shorter training): the pattern, not the paper's "
                    + "numbers.</p>\n");
        }
        b.append("</section>\n");
        for (Series s : r.series()) {
            b.append(SeriesCharts.card(s));
        }
        b.append(Pages.numbers("numbers", "Every number", r.numbers()));
        if (!r.notes().isEmpty()) {
            b.append("<section class=\"card\" id=\"notes\">\n<h2>Notes</h2>\n<ul>\n");
            for (String n : r.notes()) b.append("<li>").append(Html.esc(n)).append("</li>\n");
            b.append("</ul>\n</section>\n");
        }
        b.append(Pages.json("details", "Details", r.details()));
        b.append(Pages.json("config", "Configuration", r.config()));
        b.append(Pages.provenance(r.provenance(), r.seconds()));
        b.append("<footer>Made by robustj ").append(Html.esc(r.provenance().robustjVersion()))
                .append(". This file is self-contained: no network access.</footer>\n</main>\n</body>\n</html>\n");
        return b.toString();
    }
}
