package org.robustj.cli.cluster;

/**
 * A partition's command failed on an executor; the message is the command's {@code error:} line, which the
 * driver reports when every attempt failed.
 */
public final class PartitionFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Marker before the command's own message, so the driver finds it inside the engine's wrapping. */
    public static final String MARKER = "robustj partition failed: ";

    public PartitionFailedException(String message) {
        super(MARKER + message);
    }

    /** The command's message inside an engine's failure text, or null when there is none. */
    public static String find(String text) {
        if (text == null) return null;
        int at = text.indexOf(MARKER);
        if (at < 0) return null;
        String rest = text.substring(at + MARKER.length());
        int nl = rest.indexOf('\n');
        return nl >= 0 ? rest.substring(0, nl).strip() : rest.strip();
    }
}
