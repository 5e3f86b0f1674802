package org.robustj.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Function;

/**
 * The one place that differentiates with respect to an input. {@link #of} turns libtorch's (per-thread)
 * gradient mode on around one forward and backward pass instead of opening DJL's GradientCollector, which
 * allows a single collector in the whole process, so attacks can compute gradients on several threads at once
 * ({@code org.robustj.attack.Shards}); it must not be called inside an open collector whose weights require
 * gradients (their gradients would accumulate). Every call uses a fresh leaf copy of the input, so gradients
 * cannot accumulate between calls. {@link #inputGradientWithGraph} is the one
 * exception: it differentiates inside a collector that is already open (double backpropagation), without a
 * backward pass.
 */
public final class Gradients {
    static {
        // every input or weight gradient comes through here: set the engine up first (oneDNN off, see Engines)
        Engines.pytorch();
    }

    private Gradients() {}

    /** Per-sample values and their input gradient, detached and owned by the caller's manager. */
    public record ValueAndGradient(NDArray value, NDArray gradient, NDList aux) implements AutoCloseable {
        @Override
        public void close() {
            value.close();
            gradient.close();
            aux.close();
        }
    }

    /**
     * Evaluates {@code f(x)} and the gradient of the sum of its first output with respect to {@code x}.
     *
     * @param x input, N×…; not modified
     * @param f maps a leaf copy of {@code x} to an {@link NDList} whose first element holds one value per
     *     sample (summed before backward); further elements (logits, say) are returned detached in
     *     {@link ValueAndGradient#aux()}
     */
    public static ValueAndGradient of(NDArray x, Function<NDArray, NDList> f) {
        NDManager owner = x.getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDArray leaf = x.duplicate();
            leaf.attach(scope);
            leaf.setRequiresGradient(true);
            NDList out;
            // gradient mode is per thread in libtorch: this works on any thread, concurrently with others
            // (DJL's GradientCollector allows one in the whole process)
            Engines.checkGradientsAllowed();
            boolean was = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
            try {
                out = f.apply(leaf);
                NDArray total = out.get(0).sum();
                NDArray seed = scope.ones(total.getShape(), total.getDataType());
                JniUtils.backward((PtNDArray) total, (PtNDArray) seed, false, false);
            } finally {
                JniUtils.setGradMode(was);
            }
            NDArray value = out.get(0).stopGradient().duplicate();
            NDArray grad = leaf.getGradient().duplicate();
            NDList aux = new NDList();
            for (int i = 1; i < out.size(); i++) {
                aux.add(out.get(i).stopGradient().duplicate());
            }
            value.attach(owner);
            grad.attach(owner);
            aux.attach(owner);
            return new ValueAndGradient(value, grad, aux);
        }
    }

    /**
     * The gradient of {@code scalarLoss} with respect to {@code x}, itself differentiable: PyTorch's
     * {@code torch.autograd.grad([scalarLoss], [x], create_graph=True)}, for regularisers of input gradients
     * such as GradAlign's. Call it inside an open gradient collector (the trainer's), after computing
     * {@code scalarLoss} from {@code x} (which must require gradients). Unlike a backward pass it adds nothing
     * to any array's gradient (no weight gradient, no reference cycle between a weight and its gradient), keeps
     * the graph, and returns a result whose own graph reaches the weights, so a loss built from it
     * backpropagates into them through the caller's collector (double backpropagation).
     *
     * <p>DJL exposes no {@code autograd.grad}; the call runs a two-line TorchScript function
     * ({@link #AUTOGRAD_GRAD_SOURCE}), compiled by libtorch from source when first used.
     *
     * @return the gradient, shaped like {@code x}, in {@code scalarLoss}'s manager
     * @throws IllegalStateException when no gradient collector is open or {@code x} does not require gradients
     */
    public static NDArray inputGradientWithGraph(NDArray x, NDArray scalarLoss) {
        if (!JniUtils.isGradMode()) {
            throw new IllegalStateException("inputGradientWithGraph needs an open gradient collector");
        }
        if (!x.hasGradient()) {
            throw new IllegalStateException("inputGradientWithGraph: the input does not require gradients");
        }
        if (scalarLoss.getShape().size() != 1) {
            throw new IllegalArgumentException("inputGradientWithGraph needs a scalar loss, got shape "
                    + scalarLoss.getShape());
        }
        NDList out = IValueUtils.forward(AutogradGrad.BLOCK, new NDList(scalarLoss, x), true);
        return out.singletonOrThrow();
    }

    /** TorchScript source of {@code forward(loss, x) = autograd.grad([loss], [x], create_graph=True)[0]}. */
    static final String AUTOGRAD_GRAD_SOURCE = String.join("\n",
            "class AutogradGrad(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  def forward(self: __torch__.AutogradGrad,",
            "    loss: Tensor,",
            "    x: Tensor) -> Tensor:",
            "    _0 = torch.autograd.grad([loss], [x], None, True, True)",
            "    return unchecked_cast(Tensor, _0[0])",
            "");

    /** The compiled TorchScript module, loaded once per JVM. */
    private static final class AutogradGrad {
        static final PtSymbolBlock BLOCK = ScriptModules.compile("AutogradGrad", AUTOGRAD_GRAD_SOURCE);
    }
}
