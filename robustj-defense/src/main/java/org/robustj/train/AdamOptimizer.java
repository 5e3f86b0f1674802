package org.robustj.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Pair;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba 2015, arXiv 1412.6980) with PyTorch's {@code torch.optim.Adam} update: weight decay is
 * added to the gradient ({@code d = g + λw}, L2, not AdamW), {@code m = β1·m + (1−β1)d},
 * {@code v = β2·v + (1−β2)d²}, {@code w = w − (η/(1−β1^t))·m / (√v/√(1−β2^t) + ε)}. Defaults in
 * PyTorch: β1 0.9, β2 0.999, ε 1e-8.
 */
public final class AdamOptimizer extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;

    /** Adam over {@code weights}; state lives in a sub-manager of {@code parent}. */
    public AdamOptimizer(List<Pair<String, NDArray>> weights, double beta1, double beta2, double epsilon,
            double weightDecay, NDManager parent) {
        super("adam", weights, List.of("m", "v"), parent);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    @Override
    protected void update(int i, NDArray w, NDArray g, double lr, long t, NDManager scope) {
        NDArray d = weightDecay != 0 ? g.add(temp(scope, w.mul((float) weightDecay))) : g;
        NDArray m = slot(i, "m");
        NDArray v = slot(i, "v");
        m.muli((float) beta1).addi(d.mul((float) (1 - beta1)));
        v.muli((float) beta2).addi(d.mul(d).muli((float) (1 - beta2)));
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        NDArray denom = temp(scope, v.sqrt()).divi((float) Math.sqrt(bc2)).addi((float) epsilon);
        w.subi(temp(scope, m.div(denom)).muli((float) (lr / bc1)));
    }
}
