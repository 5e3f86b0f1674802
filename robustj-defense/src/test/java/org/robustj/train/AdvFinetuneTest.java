package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Adversarial fine-tuning starts from {@code init_model}'s weights (recorded in the card), follows its slow-start,
 * fast-decay schedule, and refuses a missing or mismatched initial model.
 */
class AdvFinetuneTest {
    @TempDir
    Path dir;

    static Map<String, Object> base(Object... more) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(Architectures.options("architecture", "mlp",
                "architecture_options", Map.of("hidden", List.of(16)), "dataset", "synthetic-multiclass", "epochs", 1,
                "batch_size", 50, "optimizer", "adam", "lr", 0.01, "seed", 3, "eval_size", 0));
        m.putAll(Architectures.options(more));
        return m;
    }

    @Test
    void scheduleRisesSlowlyAndFallsFast() {
        TrainConfig c = TrainConfig.of(base("recipe", "adv-finetune", "init_model", "zoo:any", "lr", 0.1));
        LrSchedule s = RecipeRegistry.create(c).schedule(c).orElseThrow();
        long total = 100;
        assertEquals(0.1 * 35 / 70.0, s.lr(34, 10, total), 1e-12, "linear warm-up over 70% of the steps");
        assertEquals(0.1, s.lr(69, 10, total), 1e-12, "peak at 70%");
        assertEquals(0.1 * 15 / 30.0, s.lr(84, 10, total), 1e-12, "linear decay over the last 30%");
        assertEquals(0, s.lr(99, 10, total), 1e-12);
        TrainConfig own = TrainConfig.of(base("recipe", "adv-finetune", "init_model", "zoo:any",
                "recipe_options", Map.of("schedule", "config")));
        assertTrue(RecipeRegistry.create(own).schedule(own).isEmpty());
        assertThrows(InvalidInputException.class, () -> TrainConfig.of(base("recipe", "adv-finetune")),
                "init_model is required");
    }

    @Test
    void startsFromTheInitialModelAndRecordsIt() {
        Dataset train = Datasets.load("synthetic-multiclass", "train").first(500);
        Dataset test = Datasets.load("synthetic-multiclass", "train").subset(java.util.stream.IntStream
                .range(500, 1000).toArray());
        Trainer.Result pre = Trainer.train(TrainConfig.of(base("epochs", 3)), train, test,
                Trainer.Settings.of(dir.resolve("pre")));
        assertTrue(pre.clean().accuracy() > 0.4, "pre-trained, well above chance (0.2): " + pre.clean().accuracy());

        // a negligible learning rate: the fine-tuned model is the initial one
        TrainConfig c = TrainConfig.of(base("recipe", "adv-finetune", "init_model", pre.output().json().toString(),
                "lr", 1e-12, "recipe_options", Map.of("eps", 0.05, "steps", 3)));
        Trainer.Result r = Trainer.train(c, train, test, Trainer.Settings.of(dir.resolve("ft")));
        assertEquals(pre.clean().accuracy(), r.clean().accuracy(), 1e-12);
        assertEquals(pre.card().weightsSha256(),
                r.card().results().path("training").path("init_model").path("weights_sha256").asText());
        assertTrue(r.card().notes().stream().anyMatch(n -> n.startsWith("initialised from")), r.card().notes().toString());
        assertEquals(pre.output().json().toString(), r.card().recipe().get("init_model").asText());
        assertEquals(0, r.log().get(0).lr(), 1e-15, "the schedule ends at 0");

        TrainConfig wrong = TrainConfig.of(base("recipe", "adv-finetune", "init_model", pre.output().json().toString(),
                "architecture_options", Map.of("hidden", List.of(8))));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Trainer.train(wrong, train, test, Trainer.Settings.of(dir.resolve("wrong"))));
        assertTrue(e.getMessage().contains("init_model"), e.getMessage());
    }
}
