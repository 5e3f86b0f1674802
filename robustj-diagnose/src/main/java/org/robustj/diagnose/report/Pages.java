package org.robustj.diagnose.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import org.robustj.io.Json;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;
import org.robustj.report.Html;

/** Pieces shared by the diagnostic report and the experiment page: numbers, tables, configuration, provenance. */
final class Pages {
    private Pages() {}

    /** A number with four significant digits, "n/a" when undefined. */
    static String num(Double d) {
        if (d == null || !Double.isFinite(d)) {
            return "n/a";
        }
        double a = Math.abs(d);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.4g", d);
        }
        return String.format(Locale.ROOT, "%.4f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** A table of named numbers. */
    static String numbers(String id, String title, Map<String, Double> numbers) {
        StringBuilder b = new StringBuilder("<section class=\"card\" id=\"" + id + "\">\n<h2>" + Html.esc(title)
                + "</h2>\n<div class=\"table-wrap\"><table><thead><tr><th>name</th><th class=\"n\">value</th></tr>"
                + "</thead><tbody>\n");
        for (Map.Entry<String, Double> e : numbers.entrySet()) {
            b.append("<tr><td><code>").append(Html.esc(e.getKey())).append("</code></td><td class=\"n\">")
                    .append(num(e.getValue())).append("</td></tr>\n");
        }
        return b.append("</tbody></table></div>\n</section>\n").toString();
    }

    /** A JSON value (configuration, details) as readable text. */
    static String json(String id, String title, JsonNode node) {
        if (node == null || node.isNull() || node.isEmpty()) {
            return "";
        }
        return "<section class=\"card\" id=\"" + id + "\">\n<h2>" + Html.esc(title) + "</h2>\n<pre>"
                + Html.esc(Json.write(node)) + "</pre>\n</section>\n";
    }

    /** The provenance card. */
    static String provenance(Provenance p, double seconds) {
        StringBuilder b = new StringBuilder("<section class=\"card\" id=\"provenance\">\n<h2>Provenance</h2>\n<p>");
        b.append("robustj ").append(Html.esc(p.robustjVersion())).append(", commit <code>").append(Html.esc(p.gitCommit()))
                .append("</code>, ").append(Html.esc(p.timestamp())).append("<br>Java ").append(Html.esc(p.java()))
                .append(", ").append(Html.esc(p.os())).append(" ").append(Html.esc(p.arch())).append(", ")
                .append(p.cpus()).append(" CPUs, DJL ").append(Html.esc(p.djl())).append(", PyTorch ")
                .append(Html.esc(p.pytorch())).append(", ").append(p.threads()).append(" threads<br>")
                .append(String.format(Locale.ROOT, "%.1f", seconds)).append(" s</p>\n<ul>\n");
        for (FileHash f : p.files()) {
            b.append("<li><code>").append(Html.esc(f.name())).append("</code> sha256 <code>").append(Html.esc(f.sha256()))
                    .append("</code></li>\n");
        }
        return b.append("</ul>\n</section>\n").toString();
    }

    /** Writes a page atomically. */
    static void write(java.nio.file.Path file, String html) throws java.io.IOException {
        java.nio.file.Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        org.robustj.io.AtomicFiles.write(file, html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
