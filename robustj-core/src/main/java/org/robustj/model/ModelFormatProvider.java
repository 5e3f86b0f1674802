package org.robustj.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;

/**
 * A model file format that another module reads (ONNX, in robustj-onnx), found by {@link java.util.ServiceLoader}
 * so that {@link Models#open} accepts it without core depending on that module (and on its parser). To add a
 * format: implement this in its module and list the class in
 * {@code META-INF/services/org.robustj.model.ModelFormatProvider}.
 */
public interface ModelFormatProvider {

    /** The format's name, e.g. {@code onnx}. */
    String name();

    /** The file name endings it reads, e.g. {@code .onnx}; {@link Models#open} dispatches on them. */
    java.util.List<String> extensions();

    /**
     * Opens a model file; failures are {@link org.robustj.errors.ModelLoadException}s with one-line messages.
     *
     * @param manager the parent of the model's own manager
     * @param file an existing file with one of {@link #extensions()}
     * @param inputShape one sample's shape from the data set the model will see, or null; used when the file
     *     leaves it open
     * @param ref the reference as the user wrote it (the classifier's {@code source()})
     */
    Classifier open(NDManager manager, Path file, Shape inputShape, String ref);
}
