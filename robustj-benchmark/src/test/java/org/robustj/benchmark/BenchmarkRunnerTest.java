package org.robustj.benchmark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.eval.RunRecord;

class BenchmarkRunnerTest {
    @TempDir
    Path tmp;

    private BenchmarkRunner runner() {
        return new BenchmarkRunner(new LocalZoo(tmp.resolve("zoo")), null);
    }

    private static BenchmarkRunner.Request quick(String model, String track, int n) {
        return BenchmarkRunner.Request.of(model, Tracks.get(track)).withN(n).withAttacks(List.of("fgsm"), Map.of());
    }

    @Test
    void entryNumbersComeFromItsRunRecord() throws Exception {
        Path card = TinyModels.mnistMlp(tmp, "tiny", 7);
        BenchmarkRunner.Result r = runner().run(quick(card.toString(), "mnist-linf-0.3", 20));
        Entry e = r.entry();
        RunRecord rec = r.record();
        assertEquals("tiny", e.name());
        assertEquals(card.toString(), e.model());
        assertEquals(rec.model().sha256(), e.modelSha256());
        assertEquals("mlp", e.architecture());
        assertEquals("mnist-linf-0.3", e.track());
        assertEquals("Linf", e.threatModel());
        assertEquals("0.3", e.eps());
        assertEquals(20, e.nPoints());
        assertEquals(20, rec.points().size());
        assertEquals(Entry.percent(rec.cleanAccuracy()), e.cleanAcc());
        assertEquals(Entry.percent(rec.robustAccuracy()), e.autoattackAcc());
        assertEquals("custom", e.version());
        assertEquals(List.of("fgsm"), e.attacks());
        assertTrue(e.flags().customAttacks());
        assertTrue(e.flags().fewerPoints());
        assertFalse(e.flags().incomplete());
        assertEquals(rec, e.run());
        assertEquals("mnist-linf-0.3", rec.config().get("track").asText());
        assertEquals(0.3, rec.epsilons().get(0), 0);
    }

    @Test
    void galleryHoldsTheRealCleanAndAdversarialInputs() throws Exception {
        Path pt = TinyModels.shared("cnn_bn_std.pt");
        assumeTrue(pt != null, "skipping: ../shared/models/cnn_bn_std.pt absent");
        BenchmarkRunner.Result r = runner().run(quick(pt.toString(), "mnist-linf-0.3", 30));
        Gallery g = r.gallery();
        Dataset data = Datasets.load("mnist", "test").first(30);
        long broken = r.record().points().stream().filter(p -> p.cleanCorrect() && !p.robust()).count();
        assertTrue(broken > 10, "FGSM at 0.3 breaks most points of a standard CNN, broke " + broken);
        assertEquals(broken, g.brokenByAttacks());
        assertEquals(BenchmarkRunner.GALLERY_SIZE, g.examples().size());
        assertArrayEquals(new long[] {1, 28, 28}, g.shape());
        for (Gallery.Example x : g.examples()) {
            RunRecord.PointRecord p = r.record().points().get(x.index());
            assertArrayEquals(data.values(new int[] {x.index()}), x.clean());
            assertEquals(p.label(), x.label());
            assertEquals(p.adversarialLabel(), x.adversarialPrediction());
            assertEquals(p.brokenBy(), x.brokenBy());
            assertTrue(x.adversarialPrediction() != x.label());
            float max = 0;
            for (int i = 0; i < x.clean().length; i++) {
                assertTrue(x.adversarial()[i] >= 0 && x.adversarial()[i] <= 1);
                max = Math.max(max, Math.abs(x.adversarial()[i] - x.clean()[i]));
            }
            assertTrue(max <= 0.3f + 1e-6f && max > 0, "linf perturbation " + max);
            assertEquals(p.perturbationNorm(), x.norm(), 1e-6);
        }
    }

    @Test
    void replayReproducesEveryNumber() throws Exception {
        Path card = TinyModels.mnistMlp(tmp, "tiny", 11);
        BenchmarkRunner.Result r = runner().run(quick(card.toString(), "mnist-linf-0.3", 20));
        Entry written = r.entry().writeInto(tmp.resolve("entries"), null);
        Entry back = Entry.read(tmp.resolve("entries").resolve(written.fileName()));
        BenchmarkRunner.Replay replay = runner().replay(back, null);
        assertTrue(replay.identical(), "differences: " + replay.differences());
        assertEquals(back.autoattackAcc(), replay.replayed().entry().autoattackAcc());
        // a different model file under the same name is refused, not silently compared
        TinyModels.mnistMlp(tmp, "tiny", 12);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> runner().replay(back, null));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void anEntryOfTheOldSeedingSchemeIsRefusedWithTheCommitThatReproducesIt() throws Exception {
        Path card = TinyModels.mnistMlp(tmp, "tiny", 11);
        BenchmarkRunner.Result r = runner().run(quick(card.toString(), "mnist-linf-0.3", 10));
        Entry written = r.entry().writeInto(tmp.resolve("entries"), null);
        Path file = tmp.resolve("entries").resolve(written.fileName());
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) org.robustj.io.Json.mapper().readTree(file.toFile());
        assertEquals(org.robustj.provenance.Seeds.SCHEME, tree.path("run").path("provenance").path("seeding").asInt());
        // an entry written before seeding schemes existed has no "seeding": scheme 1
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("run").get("provenance")).remove("seeding");
        java.nio.file.Files.writeString(file, org.robustj.io.Json.write(tree));
        Entry old = Entry.read(file);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> runner().replay(old, null));
        assertTrue(e.getMessage().contains("seeding scheme 1") && e.getMessage().contains("at commit "),
                e.getMessage());
    }

    @Test
    void localZooModelRunsAsZooName() throws Exception {
        LocalZoo zoo = new LocalZoo(tmp.resolve("zoo"));
        zoo.add(TinyModels.mnistMlp(tmp, "src", 5), new LocalZoo.Addition("zoo-mlp", null, null, null, null), false);
        BenchmarkRunner.Result r = new BenchmarkRunner(zoo, null).run(quick("zoo:zoo-mlp", "mnist-l2-2.0", 10));
        assertEquals("zoo-mlp", r.entry().name());
        assertEquals("zoo:zoo-mlp", r.entry().model());
        assertEquals("zoo:zoo-mlp", r.record().model().source());
        assertEquals("L2", r.entry().threatModel());
    }

    @Test
    void unknownModelAndMisfitTrackAreOneLineErrors() throws Exception {
        assertThrows(UnknownNameException.class, () -> runner().run(quick("zoo:no-such-model", "mnist-linf-0.3", 5)));
        Path cifarShaped = TinyModels.save(tmp, "cifar-mlp", "cifar10", List.of(3L, 32L, 32L), 1);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> runner().run(quick(cifarShaped.toString(), "mnist-linf-0.3", 5)));
        assertTrue(e.getMessage().contains("does not fit track mnist-linf-0.3"), e.getMessage());
        assertTrue(e.getMessage().contains("(1, 28, 28)") || e.getMessage().contains("1, 28, 28"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(tmp.resolve("entries")));
    }

    @Test
    void aRandomizedSpecificationRunsVersionRandAndSaysSo() throws Exception {
        Path card = TinyModels.mnistMlp(tmp, "tiny", 3);
        String spec = "noise:0.3:2:" + card;
        List<String> log = new java.util.ArrayList<>();
        // short runs of rand's own attacks; options for attacks standard does not run (apgd-dlr) are valid here
        Map<String, Map<String, Object>> options = Map.of("apgd-ce", Map.of("steps", 3, "eot_iter", 2),
                "apgd-dlr", Map.of("steps", 3, "eot_iter", 2));
        BenchmarkRunner.Request req = BenchmarkRunner.Request.of(spec, Tracks.get("mnist-linf-0.3")).withN(4)
                .withAttacks(null, options);
        BenchmarkRunner.Result r = new BenchmarkRunner(new LocalZoo(tmp.resolve("zoo")),
                new org.robustj.attack.ensemble.EvaluationListener() {
                    @Override
                    public void log(String line) {
                        log.add(line);
                    }
                }).run(req);
        assertEquals("rand", r.entry().version());
        assertEquals("rand", r.record().config().get("version").asText());
        assertEquals(List.of("apgd-ce", "apgd-dlr"), r.entry().attacks());
        assertEquals(1, log.stream().filter(l -> l.startsWith("version rand instead of the track's standard: "
                + spec + " is randomized")).count(), log.toString());
        // an option for an attack rand does not run is refused once the model is known to be randomized
        BenchmarkRunner.Request square = BenchmarkRunner.Request.of(spec, Tracks.get("mnist-linf-0.3")).withN(4)
                .withAttacks(null, Map.of("square", Map.of("p_init", 0.5)));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> runner().run(square));
        assertTrue(e.getMessage().contains("names square, which this run does not use (rand runs apgd-ce, apgd-dlr)"),
                e.getMessage());
    }

    @Test
    void theVersionFollowsTheDeclaredCapabilityNotTheReference() {
        Track standard = Tracks.get("mnist-linf-0.3");
        Track sparse = Tracks.get("mnist-l0-10");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
                org.robustj.testkit.LinearClassifier plain = new org.robustj.testkit.LinearClassifier(m,
                        new float[][] {{1, 0}, {0, 1}}, new float[] {0, 0})) {
            // the same plain model, declaring itself randomized (as an ensemble with a noisy member does)
            org.robustj.model.Classifier randomized = new org.robustj.testkit.DelegatingClassifier(plain) {
                @Override
                public java.util.Set<org.robustj.model.ModelCapability> capabilities() {
                    java.util.Set<org.robustj.model.ModelCapability> c = super.capabilities();
                    c.add(org.robustj.model.ModelCapability.RANDOMIZED);
                    return c;
                }
            };
            assertEquals("standard", BenchmarkRunner.version(standard, plain));
            assertEquals("rand", BenchmarkRunner.version(standard, randomized));
            assertEquals("sparse", BenchmarkRunner.version(sparse, randomized), "rand is AutoAttack's, not sparse's");
            assertEquals(BenchmarkRunner.version(standard, true), BenchmarkRunner.version(standard, randomized));
        }
    }

    @Test
    void defaultNamesComeFromTheReference() {
        assertEquals("mnist-cnn", BenchmarkRunner.defaultName("zoo:mnist-cnn"));
        assertEquals("cnn_bn_std", BenchmarkRunner.defaultName("../shared/models/cnn_bn_std.pt"));
        assertEquals("my", BenchmarkRunner.defaultName("models/my.json"));
    }
}
