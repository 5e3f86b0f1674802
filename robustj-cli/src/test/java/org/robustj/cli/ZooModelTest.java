package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;

/** The bundled MNIST model is listed, loads with its card's hash, and is as accurate as its card says. */
class ZooModelTest {
    @Test
    void mnistCnnIsListedAndEvaluatesByDefault() {
        TrainCommandTest.Run list = TrainCommandTest.run("zoo", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("zoo:mnist-cnn"), list.out());

        ModelCard card = Models.zooCard("mnist-cnn");
        assertTrue(card.cleanAccuracy() >= 0.99, "card: " + card.cleanAccuracy());
        assertEquals("standard", card.recipe().get("recipe").asText());

        TrainCommandTest.Run eval = TrainCommandTest.run("evaluate", "--model", "zoo:mnist-cnn", "--attacks", "none",
                "--n", "1000", "--quiet");
        assertEquals(0, eval.code(), eval.err());
        Matcher m = Pattern.compile("clean accuracy: ([0-9.]+)%").matcher(eval.out());
        assertTrue(m.find(), eval.out());
        assertTrue(Double.parseDouble(m.group(1)) >= 98.5, "first 1000 MNIST test images: " + m.group(1) + "%");
    }

    /**
     * Every bundled card's clean accuracy is what evaluate reports on the same 10,000 images (its own data set,
     * which evaluate picks from the card; CIFAR-10 needs ../shared/data).
     */
    @Test
    void everyBundledCardMatchesWhatEvaluateReports() {
        java.nio.file.Path shared = java.nio.file.Path.of(System.getProperty("robustj.shared", "../shared"), "data");
        for (String name : Models.zooNames()) {
            ModelCard card = Models.zooCard(name);
            if (!card.dataset().equals("mnist") && !java.nio.file.Files.isDirectory(shared.resolve(card.dataset()))) {
                System.out.println("skipping zoo:" + name + ": " + shared.resolve(card.dataset()) + " absent");
                continue;
            }
            TrainCommandTest.Run eval = TrainCommandTest.run("evaluate", "--model", "zoo:" + name, "--attacks", "none",
                    "--n", "10000", "--quiet");
            assertEquals(0, eval.code(), eval.err());
            Matcher m = Pattern.compile("clean accuracy: ([0-9.]+)% \\((\\d+)/10000\\)").matcher(eval.out());
            assertTrue(m.find(), eval.out());
            assertEquals(card.cleanAccuracy(), Integer.parseInt(m.group(2)) / 10000.0, 1e-9, name);
        }
    }
}
