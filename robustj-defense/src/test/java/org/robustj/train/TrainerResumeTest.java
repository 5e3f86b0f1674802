package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Architectures;

/**
 * A run interrupted after an epoch, or in the middle of one, and resumed from its checkpoint ends with
 * bit-identical weights to an uninterrupted run with the same seed.
 */
class TrainerResumeTest {
    @TempDir
    Path dir;

    /** Thrown by a listener to simulate a killed process. */
    static final class Kill extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    static TrainConfig mlpConfig() {
        return TrainConfig.of(Architectures.options("architecture", "mlp",
                "architecture_options", Map.of("hidden", List.of(16)),
                "dataset", "synthetic-multiclass", "epochs", 2, "batch_size", 50, "optimizer", "adam", "lr", 0.01,
                "schedule", "cosine", "weight_decay", 1e-4, "seed", 7, "eval_size", 100));
    }

    @Test
    void resumeAfterAnEpochEqualsUninterruptedRun() throws IOException {
        Dataset train = Datasets.load("synthetic-multiclass", "train");
        Dataset test = Datasets.load("synthetic-multiclass", "test");
        TrainConfig c = mlpConfig();
        Trainer.Result straight = Trainer.train(c, train, test, Trainer.Settings.of(dir.resolve("a/model")));

        Trainer.Settings killed = Trainer.Settings.of(dir.resolve("b/model")).withListener(new TrainingListener() {
            @Override
            public void onEpoch(EpochLog log, int epochs) {
                throw new Kill();
            }
        });
        assertThrows(Kill.class, () -> Trainer.train(c, train, test, killed));
        Path ckpt = killed.output().checkpoint();
        assertTrue(Files.exists(ckpt), "checkpoint after the first epoch");
        assertEquals(1, Checkpoint.readState(ckpt).epoch());
        assertEquals(1, Files.readAllLines(killed.output().log()).size());
        assertThrows(InvalidInputException.class, () -> Trainer.train(c, train, test,
                Trainer.Settings.of(dir.resolve("b/model"))), "refuses to overwrite an unfinished run");

        Trainer.Result resumed = Trainer.resume(train, test, Trainer.Settings.of(dir.resolve("b/model")));
        assertArrayEquals(Files.readAllBytes(straight.output().params()),
                Files.readAllBytes(resumed.output().params()));
        assertEquals(straight.card().weightsSha256(), resumed.card().weightsSha256());
        assertEquals(straight.log().size(), resumed.log().size());
        assertEquals(straight.log().get(1).trainLoss(), resumed.log().get(1).trainLoss());
        assertEquals(straight.clean().accuracy(), resumed.clean().accuracy());
        assertFalse(Files.exists(ckpt), "checkpoint removed once the model is saved");
        assertEquals(2, Files.readAllLines(resumed.output().log()).size());
    }

    @Test
    void resumeInTheMiddleOfAnEpochWithBatchNormAugmentationAndMomentum() throws IOException {
        // MNIST test images (bundled) stand in for training data here: 300 to train, 100 to evaluate
        Dataset mnist = Datasets.load("mnist", "test");
        Dataset train = mnist.first(300);
        Dataset test = mnist.first(100);
        TrainConfig c = TrainConfig.of(Architectures.options("architecture", "small-cnn", "architecture_options",
                Map.of("conv1", 4, "conv2", 8, "fc", 16, "batchnorm", true), "dataset", "mnist", "epochs", 2,
                "batch_size", 64, "optimizer", "sgd", "lr", 0.05, "nesterov", true, "schedule", "step",
                "milestones", List.of(1), "augmentation", "crop-flip", "eval_size", 50));
        Trainer.Result straight = Trainer.train(c, train, test, Trainer.Settings.of(dir.resolve("a/cnn")));

        // checkpoint after every step; die after the second step of the second epoch
        Trainer.Settings killed = Trainer.Settings.of(dir.resolve("b/cnn")).withCheckpointSeconds(1e-9)
                .withListener(new TrainingListener() {
                    @Override
                    public void onCheckpoint(Path file, int epoch, int step) {
                        if (epoch == 1 && step == 2) {
                            throw new Kill();
                        }
                    }
                });
        assertThrows(Kill.class, () -> Trainer.train(c, train, test, killed));
        Checkpoint.State s = Checkpoint.readState(killed.output().checkpoint());
        assertEquals(1, s.epoch());
        assertEquals(2, s.stepInEpoch());
        assertEquals(7, s.globalStep());

        Trainer.Result resumed = Trainer.resume(train, test, Trainer.Settings.of(dir.resolve("b/cnn")));
        assertArrayEquals(Files.readAllBytes(straight.output().params()),
                Files.readAllBytes(resumed.output().params()));
        assertEquals(straight.log().get(1).trainLoss(), resumed.log().get(1).trainLoss(), 1e-12);
        assertEquals(straight.log().get(1).trainAccuracy(), resumed.log().get(1).trainAccuracy());
    }
}
