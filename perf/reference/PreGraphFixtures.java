// Writes robustj models saved by the code before the layer graph (commit 05cb0aa), with their logits on a
// fixed input, for robustj-core's SavedLayoutTest: the architectures now record their graph, and weights
// saved before must still load into the same DJL layout and give the same logits.
//
// Run against the old commit's robustj-core classes (not part of the build or the tests):
//   git clone /work/hA /tmp/old && cd /tmp/old && git checkout 05cb0aa
//   mvn -B -o -q package -DskipTests -pl robustj-core && mvn -B -o -q dependency:build-classpath \
//       -pl robustj-core -Dmdep.outputFile=/tmp/cp.txt
//   java -cp robustj-core/target/classes:$(cat /tmp/cp.txt) PreGraphFixtures.java OUT_DIR
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.robustj.model.BlockClassifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;

public class PreGraphFixtures {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        List<Double> mean = List.of(0.49, 0.48, 0.45);
        List<Double> std = List.of(0.25, 0.24, 0.26);
        write(out, "preact-w2", "preact-resnet18", Map.of("width", 2, "mean", mean, "std", std), List.of(3L, 32L, 32L));
        write(out, "small-cnn-bn", "small-cnn", Map.of("conv1", 4, "conv2", 8, "fc", 16, "batchnorm", true,
                "mean", mean, "std", std), List.of(3L, 32L, 32L));
        write(out, "mlp-norm", "mlp", Map.of("hidden", List.of(8), "mean", List.of(0.13), "std", List.of(0.31)),
                List.of(1L, 28L, 28L));
    }

    /** The fixed input of the fixture: x[i] = ((i·7919) mod 1000) / 1000, two samples. */
    static float[] input(long size) {
        float[] x = new float[(int) size];
        for (int i = 0; i < x.length; i++) x[i] = ((i * 7919L) % 1000) / 1000f;
        return x;
    }

    static void write(Path out, String name, String arch, Map<String, Object> opts, List<Long> shape) throws Exception {
        ModelCard card = new ModelCard(name, ModelCard.ROBUSTJ_FORMAT, arch, opts, "test", shape, 10, null, null, 1L,
                null, null, null, null, null, null, null);
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier b = BlockClassifier.create(m, card, 5)) {
            Shape s = new Shape(2, shape.get(0), shape.get(1), shape.get(2));
            // training-mode passes move the BatchNorm statistics away from 0/1
            for (int i = 0; i < 3; i++) b.forward(m.randomUniform(0, 1, new Shape(8, shape.get(0), shape.get(1),
                    shape.get(2))), true);
            Models.save(b, out.resolve(name));
            NDArray z = b.logits(m.create(input(s.size()), s));
            Files.writeString(out.resolve(name + ".logits.txt"), Arrays.toString(z.toFloatArray()) + "\n");
        }
    }
}
