package org.robustj.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustj.model.BlockClassifier;
import org.robustj.model.ModelCard;
import org.robustj.tensor.Engines;
import org.robustj.tensor.ParameterGradients;

/**
 * Per-example parameter Jacobians per second ({@link ParameterGradients#jacobians}, every logit with respect to
 * every weight) on robustj's {@code mlp} (784-HIDDEN-10) or {@code small-cnn} (fc=FC), float32, for the
 * comparison with a plain PyTorch loop on the same network and threads ({@code perf/reference/jacobian_loop.py},
 * run by {@code perf/jacobians.sh}). Usage: {@code JacobianBench mlp|small-cnn WIDTH N THREADS}; prints one
 * JSON line.
 */
public final class JacobianBench {
    private JacobianBench() {}

    public static void main(String[] args) {
        String arch = args[0];
        int width = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        Engines.setThreads(threads);
        Map<String, Object> opts = arch.equals("mlp") ? Map.of("hidden", List.of(width)) : Map.of("fc", width);
        ModelCard card = new ModelCard("bench", ModelCard.ROBUSTJ_FORMAT, arch, opts, "mnist", List.of(1L, 28L, 28L),
                10, null, null, 0L, null, null, null, null, null, null, null);
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier net = BlockClassifier.create(m, card, 0)) {
            NDArray x = m.randomUniform(0, 1, new Shape(n, 1, 28, 28), DataType.FLOAT32);
            List<NDArray> w = net.weights();
            try (NDManager warm = m.newSubManager()) {
                NDArray x10 = x.get("0:" + Math.min(10, n));
                x10.attach(warm);
                ParameterGradients.jacobians(x10, net::logits, w, 1).attach(warm);
            }
            double sum;
            double dt;
            try (NDManager s = m.newSubManager()) {
                long t0 = System.nanoTime();
                NDArray j = ParameterGradients.jacobians(x, net::logits, w, 1);
                j.attach(s);
                dt = (System.nanoTime() - t0) / 1e9; // the checksum is outside the timing, as in jacobian_loop.py
                sum = j.sum().getFloat();
            }
            System.out.printf(Locale.ROOT, "{\"impl\": \"robustj\", \"arch\": \"%s\", \"width\": %d, \"params\": %d, "
                    + "\"n\": %d, \"threads\": %d, \"seconds\": %.4f, \"jacobians_per_s\": %.2f, \"checksum\": %.4g}%n",
                    arch, width, ParameterGradients.count(w), n, threads, dt, n / dt, sum);
        }
    }
}
