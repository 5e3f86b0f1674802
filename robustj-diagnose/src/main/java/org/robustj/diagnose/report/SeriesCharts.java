package org.robustj.diagnose.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.robustj.diagnose.Series;
import org.robustj.report.Charts;
import org.robustj.report.Html;

/**
 * Draws a {@link Series} (XChart, in the house style of robustj-report) and writes it as a table: one line per
 * condition along the series' axis, with every value in the table next to the chart.
 */
public final class SeriesCharts {
    private SeriesCharts() {}

    /** The chart of a series: a line per condition over the axis positions (gaps where a value is undefined). */
    public static CategoryChart chart(Series s) {
        CategoryChart c = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(s.title())
                .xAxisTitle(s.axis()).yAxisTitle(s.name()).build();
        Charts.style(c);
        c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setXAxisLabelRotation(s.at().size() > 6 ? 45 : 0);
        boolean positive = true;
        boolean any = false;
        for (Map.Entry<String, List<Double>> e : s.values().entrySet()) {
            List<Double> y = new ArrayList<>(e.getValue());
            for (Double d : y) {
                if (d != null) {
                    any = true;
                    positive &= d > 0;
                }
            }
            if (y.stream().allMatch(java.util.Objects::isNull)) {
                continue;
            }
            CategorySeries cs = c.addSeries(e.getKey(), new ArrayList<>(s.at()), y);
            cs.setMarker(SeriesMarkers.CIRCLE);
        }
        c.getStyler().setYAxisLogarithmic(s.logScale() && positive && any);
        return c;
    }

    /** The chart as an {@code <img>} with a text alternative. */
    public static String img(Series s) {
        return "<img class=\"chart\" alt=\"" + Html.esc(s.title() + " by " + s.axis()) + "\" src=\""
                + Charts.dataUri(chart(s)) + "\">";
    }

    /** Every value of the series as an HTML table (positions as rows, conditions as columns). */
    public static String table(Series s) {
        StringBuilder b = new StringBuilder();
        b.append("<div class=\"table-wrap\"><table id=\"series-").append(Html.esc(s.name())).append("\"><thead><tr><th>")
                .append(Html.esc(s.axis())).append("</th>");
        for (String cond : s.values().keySet()) {
            b.append("<th class=\"n\">").append(Html.esc(cond)).append("</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (int i = 0; i < s.at().size(); i++) {
            b.append("<tr><td><code>").append(Html.esc(s.at().get(i))).append("</code></td>");
            for (List<Double> v : s.values().values()) {
                b.append("<td class=\"n\">").append(Pages.num(v.get(i))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n");
        return b.toString();
    }

    /** A card with the series' chart, definition and table. */
    public static String card(Series s) {
        return "<section class=\"card\" id=\"" + Html.esc(s.name()) + "\">\n<h2>" + Html.esc(s.title()) + "</h2>\n"
                + "<p class=\"sub\">" + Html.esc(s.description()) + " (series <code>" + Html.esc(s.name())
                + "</code>)</p>\n" + img(s) + "\n" + table(s) + "</section>\n";
    }
}
