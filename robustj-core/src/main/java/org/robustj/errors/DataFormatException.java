package org.robustj.errors;

/** A data file is missing, truncated or not in the expected format. */
public class DataFormatException extends RobustjException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
