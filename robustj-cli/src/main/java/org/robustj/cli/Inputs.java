package org.robustj.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.model.Classifier;
import org.robustj.model.ModelReferences;
import org.robustj.model.Models;

/** Opens the data set and model a command names, and checks that they fit each other. */
final class Inputs {
    private Inputs() {}

    /** A model with the data it will see. */
    record Opened(Classifier model, Dataset data) {}

    static Dataset data(String name, String split, Path dataDir, Integer n) {
        Dataset d = Datasets.load(name, split, dataDir);
        if (n != null) {
            Datasets.checkN(d, n);
            d = d.first(n);
        }
        return d;
    }

    /**
     * Checks a model reference without loading it (a known zoo name, an existing file), so that a typo is
     * reported before the data is read.
     */
    static void checkModelRef(String modelRef) {
        for (String ref : org.robustj.model.ModelSpecs.references(modelRef)) {
            String resolved = ModelReferences.resolve(ref);
            if (!resolved.startsWith("zoo:") && !java.nio.file.Files.exists(Path.of(resolved))) {
                throw new org.robustj.errors.ModelLoadException("model file not found: " + ref);
            }
        }
    }

    static Opened open(NDManager manager, String modelRef, Dataset data) {
        // a composite or plain specification; local zoo names resolve inside Models.open (ModelReferences)
        Classifier model = Models.open(manager, modelRef, data.sampleShape());
        try {
            Models.checkFits(model, data);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return new Opened(model, data);
    }
}
