package org.robustj.report;

/** HTML escaping and the shared page frame (style sheet, content security policy forbidding any network). */
public final class Html {
    private Html() {}

    /** Escapes text for element content and attribute values. */
    public static String esc(Object o) {
        if (o == null) {
            return "";
        }
        String s = o.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** The opening of a page: doctype, head with title, CSS and a CSP that allows only inline content. */
    public static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
                + "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
                + "<meta name=\"generator\" content=\"robustj\">\n"
                + "<title>" + esc(title) + "</title>\n<style>\n" + Resources.text("style.css") + "</style>\n</head>\n";
    }
}
