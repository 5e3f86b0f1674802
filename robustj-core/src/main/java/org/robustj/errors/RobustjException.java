package org.robustj.errors;

/** Base of robustj's recoverable domain failures; its message is one line meant for the user. */
public class RobustjException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RobustjException(String message) {
        super(message);
    }

    public RobustjException(String message, Throwable cause) {
        super(message, cause);
    }
}
