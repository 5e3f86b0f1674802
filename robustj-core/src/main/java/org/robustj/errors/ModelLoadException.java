package org.robustj.errors;

/** A model file is missing, corrupt, or does not fit the data. */
public class ModelLoadException extends RobustjException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
