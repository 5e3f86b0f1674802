package org.robustj.onnx;

import org.robustj.errors.ModelLoadException;

/**
 * An ONNX file that is a valid model but uses an operator (or an operator in a way) robustj's layer graph does
 * not map: such a model can still run through ONNX Runtime as a query-only model, which
 * {@link OnnxModels#open} does; a corrupt file is a plain {@link ModelLoadException} instead.
 */
final class UnsupportedOperatorException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    UnsupportedOperatorException(String message) {
        super(message);
    }
}
