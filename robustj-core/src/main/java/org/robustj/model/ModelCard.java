package org.robustj.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.robustj.provenance.Provenance;

/**
 * What a model is and how it was made, saved as JSON next to its weights: architecture and its options,
 * data set, input shape, training recipe, seed, clean test accuracy, and provenance (robustj version,
 * git commit, runtime, data SHA-256). Results of later evaluations can be added under {@code results}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(
        String name,
        String format,
        String architecture,
        Map<String, Object> architectureOptions,
        String dataset,
        List<Long> inputShape,
        int numClasses,
        List<String> classNames,
        JsonNode recipe,
        Long seed,
        Double cleanAccuracy,
        String cleanAccuracyOn,
        Long parameters,
        String weightsSha256,
        Provenance provenance,
        JsonNode results,
        List<String> notes) {

    /** Format tag of robustj's own model files. */
    public static final String ROBUSTJ_FORMAT = "robustj-djl-params-v1";

    /** Format tag of TorchScript models imported from PyTorch. */
    public static final String TORCHSCRIPT_FORMAT = "torchscript";

    /** Format tag of ONNX models (read by robustj-onnx into a layer graph). */
    public static final String ONNX_FORMAT = "onnx";

    /** A copy with the clean accuracy set. */
    public ModelCard withCleanAccuracy(double acc, String on) {
        return new ModelCard(name, format, architecture, architectureOptions, dataset, inputShape, numClasses,
                classNames, recipe, seed, acc, on, parameters, weightsSha256, provenance, results, notes);
    }

    /** A copy with the weights hash set. */
    public ModelCard withWeightsSha256(String sha) {
        return new ModelCard(name, format, architecture, architectureOptions, dataset, inputShape, numClasses,
                classNames, recipe, seed, cleanAccuracy, cleanAccuracyOn, parameters, sha, provenance, results,
                notes);
    }

    /** A copy with another name. */
    public ModelCard withName(String newName) {
        return new ModelCard(newName, format, architecture, architectureOptions, dataset, inputShape, numClasses,
                classNames, recipe, seed, cleanAccuracy, cleanAccuracyOn, parameters, weightsSha256, provenance,
                results, notes);
    }
}
