package org.robustj.onnx;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import org.robustj.model.Classifier;
import org.robustj.model.ModelFormatProvider;

/** Lets {@code Models.open} (and so every {@code --model}) read {@code .onnx} files, through the ServiceLoader. */
public final class OnnxModelFormatProvider implements ModelFormatProvider {
    @Override
    public String name() {
        return "ONNX";
    }

    @Override
    public List<String> extensions() {
        return List.of(".onnx");
    }

    @Override
    public Classifier open(NDManager manager, Path file, Shape inputShape, String ref) {
        return OnnxModels.open(manager, file, inputShape, ref);
    }
}
