package org.robustj.errors;

/** Bad input values: NaN logits, eps out of range, wrong shapes, N out of range. */
public class InvalidInputException extends RobustjException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
