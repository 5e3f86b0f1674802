package org.robustj.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The explanations of the evaluation warnings, read from {@code docs/evaluation-flags.md} (bundled at build
 * time), one section per check, so a report can show what a warning means and what to do next to it.
 */
public final class FlagDocs {
    private static final Map<String, String> SECTIONS = parse(Resources.optional("/robustj/docs/evaluation-flags.md"));

    private FlagDocs() {}

    /** The explanation of {@code check} as HTML paragraphs, or null when the docs have no such section. */
    public static String html(String check) {
        String md = SECTIONS.get(check);
        return md == null ? null : markdown(md);
    }

    static Map<String, String> parse(String md) {
        Map<String, String> out = new LinkedHashMap<>();
        if (md == null) {
            return out;
        }
        String current = null;
        StringBuilder b = new StringBuilder();
        for (String line : md.split("\n", -1)) {
            if (line.startsWith("## ")) {
                if (current != null) out.put(current, b.toString().strip());
                current = line.substring(3).strip();
                b.setLength(0);
            } else if (line.startsWith("# ")) {
                continue;
            } else if (current != null) {
                b.append(line).append('\n');
            }
        }
        if (current != null) out.put(current, b.toString().strip());
        return out;
    }

    /**
     * A small Markdown subset: paragraphs (a line starting with {@code **} starts a new one), {@code - }
     * lists, {@code `code`}, {@code **bold**}, links shown as their text.
     */
    static String markdown(String md) {
        StringBuilder out = new StringBuilder();
        StringBuilder para = new StringBuilder();
        boolean inList = false;
        boolean paraIsItem = false;
        for (String raw : (md + "\n").split("\n", -1)) {
            String line = raw.strip();
            boolean item = line.startsWith("- ") || line.startsWith("* ");
            boolean starts = line.isEmpty() || item || line.startsWith("**");
            if (starts && para.length() > 0) {
                String body = inline(para.toString().strip());
                out.append(paraIsItem ? "<li>" + body + "</li>" : "<p>" + body + "</p>").append('\n');
                para.setLength(0);
            }
            if (inList && (line.isEmpty() || (starts && !item))) {
                out.append("</ul>\n");
                inList = false;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (item) {
                if (!inList) {
                    out.append("<ul>\n");
                    inList = true;
                }
                paraIsItem = true;
                para.append(line.substring(2)).append(' ');
            } else {
                if (starts) {
                    paraIsItem = false;
                }
                para.append(line).append(' ');
            }
        }
        if (inList) out.append("</ul>\n");
        return out.toString();
    }

    private static String inline(String s) {
        String e = Html.esc(s);
        e = e.replaceAll("`([^`]+)`", "<code>$1</code>");
        e = e.replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>");
        e = e.replaceAll("\\[([^\\]]+)\\]\\([^)]*\\)", "$1");
        return e;
    }
}
