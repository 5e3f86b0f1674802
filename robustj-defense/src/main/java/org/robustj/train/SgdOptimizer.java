package org.robustj.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Pair;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, optional Nesterov momentum (Sutskever et al. 2013) and L2 weight
 * decay, with PyTorch's {@code torch.optim.SGD} update (dampening 0): {@code d = g + λw},
 * {@code b = μb + d}, {@code d = nesterov ? d + μb : b}, {@code w = w − η·d}. Without momentum there is no
 * state and {@code w = w − η(g + λw)}.
 */
public final class SgdOptimizer extends Optimizer {
    private final double momentum;
    private final double weightDecay;
    private final boolean nesterov;

    /** SGD over {@code weights}; state lives in a sub-manager of {@code parent}. */
    public SgdOptimizer(List<Pair<String, NDArray>> weights, double momentum, double weightDecay, boolean nesterov,
            NDManager parent) {
        super("sgd", weights, momentum > 0 ? List.of("momentum") : List.of(), parent);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    @Override
    protected void update(int i, NDArray w, NDArray g, double lr, long t, NDManager scope) {
        NDArray d = weightDecay != 0 ? g.add(temp(scope, w.mul((float) weightDecay))) : g;
        if (momentum > 0) {
            NDArray buf = slot(i, "momentum");
            buf.muli((float) momentum).addi(d);
            d = nesterov ? d.add(temp(scope, buf.mul((float) momentum))) : buf;
        }
        w.subi(temp(scope, d.mul((float) lr)));
    }
}
