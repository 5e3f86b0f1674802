package org.robustj.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.robustj.io.Json;

/**
 * Checks that every number a page prints from a run record equals the record's value: each element with
 * {@code data-field} (a JSON path such as {@code attacks[1].robust_accuracy_after}) and {@code data-format}
 * must show exactly the record's value formatted by {@link Fmt}. Shared with robustj-cli's tests.
 */
public final class PageChecks {
    private PageChecks() {}

    /** The value at a path like {@code a.b[2].c}, or a missing node. */
    public static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            String name = part;
            int idx = -1;
            int br = part.indexOf('[');
            if (br >= 0) {
                name = part.substring(0, br);
                idx = Integer.parseInt(part.substring(br + 1, part.length() - 1));
            }
            n = n.path(name);
            if (idx >= 0) {
                n = n.path(idx);
            }
        }
        return n;
    }

    /** The text a value is printed as in {@code format}. */
    public static String format(JsonNode v, String format) {
        return switch (format) {
            case "pct" -> Fmt.pct(v.asDouble());
            case "pct100" -> Fmt.pct100(v.asDouble());
            case "int" -> Long.toString(v.asLong());
            case "norm" -> Fmt.norm(v.floatValue()); // records store norms as float
            case "eps" -> Fmt.eps(v.asDouble());
            case "sec" -> Fmt.seconds(v.asDouble());
            case "num3" -> Fmt.num3(v.asDouble());
            case "num4" -> String.format(Locale.ROOT, "%.4f", v.asDouble());
            default -> throw new AssertionError("unknown data-format " + format);
        };
    }

    /**
     * Asserts that every {@code data-field} element inside {@code scope} equals the value in {@code primary}
     * (or, when the path is missing there, in {@code fallback}); returns how many numbers were checked.
     */
    public static int assertNumbersMatch(Element scope, JsonNode primary, JsonNode fallback) {
        Elements els = scope.select("[data-field]");
        int checked = 0;
        for (Element e : els) {
            String field = e.attr("data-field");
            String format = e.attr("data-format");
            JsonNode v = at(primary, field);
            if ((v.isMissingNode() || v.isNull()) && fallback != null) {
                v = at(fallback, field);
            }
            if (v.isMissingNode() || v.isNull()) {
                fail("page shows " + field + " = '" + e.text() + "' but the record has no such value");
            }
            assertEquals(format(v, format), e.text().strip(), "number of " + field + " on the page");
            checked++;
        }
        return checked;
    }

    /** The record of an object (entry, run record) as a JSON tree with the files' snake_case names. */
    public static JsonNode tree(Object o) {
        return Json.tree(o);
    }

    /**
     * Asserts the leaderboard's rows: each row's numbers equal its entry's run record (and entry-only fields
     * such as {@code external}), and the model cell links to an existing report.
     */
    public static int assertLeaderboardMatches(Document index, java.util.function.Function<String, JsonNode> entryByName) {
        int checked = 0;
        Elements rows = index.select("table.leaderboard tbody tr");
        assertFalse(rows.isEmpty(), "the leaderboard has no rows");
        for (Element row : rows) {
            JsonNode entry = entryByName.apply(row.attr("data-entry"));
            assertTrue(entry != null && !entry.isMissingNode(), "row of unknown entry " + row.attr("data-entry"));
            checked += assertNumbersMatch(row, entry, null);
        }
        return checked;
    }
}
