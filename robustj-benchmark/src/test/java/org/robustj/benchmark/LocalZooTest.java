package org.robustj.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;

class LocalZooTest {
    @TempDir
    Path tmp;

    @Test
    void addedRobustjModelIsListedAndResolvesAsZooName() throws Exception {
        Path card = TinyModels.mnistMlp(tmp, "src-model", 3);
        LocalZoo zoo = new LocalZoo(tmp.resolve("zoo"));
        assertEquals(List.of(), zoo.names());
        ModelCard c = zoo.add(card, new LocalZoo.Addition("my-mlp", null, null, null, "a note"), false);
        assertEquals("my-mlp", c.name());
        assertEquals(List.of("my-mlp"), zoo.names());
        String resolved = zoo.resolve("zoo:my-mlp");
        assertEquals(tmp.resolve("zoo/my-mlp.json").toString(), resolved);
        assertEquals("mlp", zoo.zooCard("zoo:my-mlp").architecture());
        assertTrue(zoo.card("my-mlp").notes().contains("a note"));
        try (NDManager m = NDManager.newBaseManager(); Classifier cl = Models.open(m, resolved, null)) {
            assertEquals(10, cl.numClasses());
        }
        assertEquals("some/file.pt", zoo.resolve("some/file.pt"));
    }

    @Test
    void unknownZooNameListsBundledAndLocalNames() throws Exception {
        LocalZoo zoo = new LocalZoo(tmp.resolve("zoo"));
        zoo.add(TinyModels.mnistMlp(tmp, "a", 1), new LocalZoo.Addition("mine", null, null, null, null), false);
        UnknownNameException e = assertThrows(UnknownNameException.class, () -> zoo.resolve("zoo:nope"));
        assertTrue(e.getMessage().contains("unknown zoo model 'nope'"), e.getMessage());
        assertTrue(e.getMessage().contains("mine"), e.getMessage());
    }

    @Test
    void existingNameNeedsForceAndBadNamesAreRefused() throws Exception {
        LocalZoo zoo = new LocalZoo(tmp.resolve("zoo"));
        Path card = TinyModels.mnistMlp(tmp, "a", 1);
        zoo.add(card, new LocalZoo.Addition("dup", null, null, null, null), false);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> zoo.add(card, new LocalZoo.Addition("dup", null, null, null, null), false));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        zoo.add(card, new LocalZoo.Addition("dup", null, null, null, null), true);
        for (String bad : new String[] {"../x", "", ".hidden", "a b"}) {
            assertThrows(InvalidInputException.class,
                    () -> zoo.add(card, new LocalZoo.Addition(bad, null, null, null, null), false), bad);
        }
        assertThrows(InvalidInputException.class,
                () -> zoo.add(card, new LocalZoo.Addition("z", null, "resnet", null, null), false));
        assertThrows(org.robustj.errors.ModelLoadException.class,
                () -> zoo.add(tmp.resolve("missing.pt"), new LocalZoo.Addition("z", "mnist", null, null, null), false));
    }

    @Test
    void torchScriptModelGetsACardWithItsDataSetAndRecipe() throws Exception {
        Path pt = TinyModels.shared("mlp_std.pt");
        assumeTrue(pt != null, "skipping: ../shared/models/mlp_std.pt absent");
        LocalZoo zoo = new LocalZoo(tmp.resolve("zoo"));
        assertThrows(InvalidInputException.class,
                () -> zoo.add(pt, new LocalZoo.Addition("ts", null, null, null, null), false));
        ModelCard c = zoo.add(pt, new LocalZoo.Addition("ts", "mnist", "MLP 784-256-10", null, null), false);
        assertEquals(ModelCard.TORCHSCRIPT_FORMAT, c.format());
        assertEquals("MLP 784-256-10", c.architecture());
        assertEquals("mnist", c.dataset());
        assertEquals(10, c.numClasses());
        assertEquals(List.of(1L, 28L, 28L), c.inputShape());
        assertEquals("standard", LocalZoo.recipeOf(c));
        assertTrue(Files.isRegularFile(tmp.resolve("zoo/ts.pt")));
        assertEquals(tmp.resolve("zoo/ts.pt").toString(), zoo.resolve("zoo:ts"));
    }
}
