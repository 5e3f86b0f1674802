package org.robustj.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Text files bundled with the report module ({@code /robustj/report/...} and {@code /robustj/docs/...}). */
final class Resources {
    private Resources() {}

    /** A file of {@code /robustj/report/}. */
    static String text(String name) {
        return read("/robustj/report/" + name);
    }

    /** A class-path file, or null when absent. */
    static String optional(String path) {
        try (InputStream in = Resources.class.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static String read(String path) {
        String s = optional(path);
        if (s == null) {
            throw new IllegalStateException("resource missing from the build: " + path);
        }
        return s;
    }
}
