package org.robustj.benchmark;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.robustj.model.BlockClassifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;

/** Saves tiny randomly initialised robustj models (milliseconds to build) for benchmark tests. */
final class TinyModels {
    private TinyModels() {}

    /** An MLP for MNIST-shaped inputs saved as {@code dir/name.json} + {@code .params}; returns the card path. */
    static Path mnistMlp(Path dir, String name, long seed) throws Exception {
        return save(dir, name, "mnist", List.of(1L, 28L, 28L), seed);
    }

    static Path save(Path dir, String name, String dataset, List<Long> shape, long seed) throws Exception {
        ModelCard card = new ModelCard(name, ModelCard.ROBUSTJ_FORMAT, "mlp", Map.of("hidden", List.of(16)), dataset,
                shape, 10, null, null, seed, null, null, null, null, null, null, null);
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier c = BlockClassifier.create(m, card, seed)) {
            Models.save(c, dir.resolve(name));
        }
        return dir.resolve(name + ".json");
    }

    /** A TorchScript model from ../shared/models, or null when that folder is absent. */
    static Path shared(String file) {
        Path p = Path.of(System.getProperty("robustj.shared", "../shared")).resolve("models").resolve(file);
        return java.nio.file.Files.isRegularFile(p) ? p : null;
    }
}
