package org.robustj.benchmark.corruption;

import java.util.List;
import java.util.Map;

/**
 * Example images for a corruption report: one point, clean and under every evaluated corruption and severity,
 * with the model's prediction on each (the very images the model was evaluated on, read from the cache).
 *
 * @param classNames the data set's class names
 * @param shape one sample's shape (C×H×W)
 * @param index the point's data-set index
 * @param label its true label
 * @param clean the clean image, values in [0, 1]
 * @param cleanPrediction the model's label on it
 * @param examples corruption name to its images, one per evaluated severity, in order
 */
public record CorruptionGallery(List<String> classNames, long[] shape, int index, int label, float[] clean,
        int cleanPrediction, Map<String, List<Example>> examples) {

    /**
     * One corrupted image.
     *
     * @param severity 1..5
     * @param image the image the model saw, values in [0, 1]
     * @param prediction the model's label on it
     */
    public record Example(int severity, float[] image, int prediction) {}

    /** The class name of {@code label}, or the number. */
    public String className(int label) {
        return classNames != null && label >= 0 && label < classNames.size() ? classNames.get(label)
                : Integer.toString(label);
    }
}
