package org.robustj.errors;

/**
 * A model lacks what a method needs (input gradients, a readable layer graph, trainable weights); the message
 * names the method, the model, why it lacks it and the alternatives.
 */
public class MissingCapabilityException extends RobustjException {
    private static final long serialVersionUID = 1L;

    public MissingCapabilityException(String message) {
        super(message);
    }
}
