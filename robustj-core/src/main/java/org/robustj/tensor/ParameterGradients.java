package org.robustj.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Differentiation with respect to a model's weights, beside {@link Gradients} (which differentiates with respect
 * to the input): the per-example parameter Jacobian J(x) = ∂f(x)/∂θ (K×P, every logit with respect to every
 * weight), for the empirical neural tangent kernel Θ(x, x') = J(x) J(x')ᵀ, and the input gradient of
 * Σ_c J_c(x)·h_c (a directional derivative in weight space), which is the input gradient of a kernel regression
 * predictor built from that kernel.
 *
 * <p>Both run libtorch's {@code torch.autograd.grad} row by row inside a small TorchScript function compiled
 * from source (one native call per chunk of examples, no per-row round trip through Java), on the graph of a
 * forward pass made here with gradient mode on. The weights are made to require gradients for the call and
 * restored afterwards; {@code autograd.grad} adds nothing to any array's {@code .grad}, so the call is safe inside
 * a training loop's collector, but not concurrently with other passes over the same weights on other threads.
 * The model must be in eval mode (each logit row a function of its own example only), which
 * {@code Classifier.logits} guarantees.
 */
public final class ParameterGradients {
    static {
        Engines.pytorch();
    }

    private static final Map<Integer, PtSymbolBlock> JACOBIAN = new ConcurrentHashMap<>();
    private static final Map<Integer, PtSymbolBlock> KERNEL_GRAD = new ConcurrentHashMap<>();

    private ParameterGradients() {}

    /** Total number of scalar weights P in {@code params}. */
    public static long count(List<NDArray> params) {
        long p = 0;
        for (NDArray a : params) p += a.size();
        return p;
    }

    /**
     * The per-example parameter Jacobians: element (i, c, p) is ∂ logit_c(x_i) / ∂ θ_p, with θ the
     * concatenation of the flattened {@code params} in order.
     *
     * @param x inputs, N×…; not modified
     * @param logits the model's eval-mode forward pass, N×… to N×K
     * @param params the weights to differentiate in (each must take part in the forward pass)
     * @param chunk examples per forward pass (1 is fastest for small networks: each row's backward pass then
     *     covers one example only)
     * @return N×K×P, float32, in {@code x}'s manager
     */
    public static NDArray jacobians(NDArray x, Function<NDArray, NDArray> logits, List<NDArray> params, int chunk) {
        if (chunk < 1) throw new IllegalArgumentException("chunk must be ≥ 1, got " + chunk);
        if (params.isEmpty()) throw new IllegalArgumentException("no weights to differentiate in");
        PtSymbolBlock fn = JACOBIAN.computeIfAbsent(params.size(),
                n -> ScriptModules.compile("ParamJacobian", jacobianSource(n)));
        NDManager owner = x.getManager();
        long n = x.getShape().get(0);
        long p = count(params);
        NDArray all = null;
        try (NDManager scope = owner.newSubManager(); WeightGradients on = new WeightGradients(params)) {
            for (long i = 0; i < n; i += chunk) {
                try (NDManager step = scope.newSubManager()) {
                    NDArray xi = x.get(new NDIndex("{}:{}", i, Math.min(n, i + chunk)));
                    xi.attach(step);
                    NDArray z = withGradMode(() -> logits.apply(xi));
                    if (all == null) { // uninitialised: the script writes every row of it
                        all = owner.create(new ai.djl.ndarray.types.Shape(n, z.getShape().get(1), p),
                                params.get(0).getDataType());
                    }
                    NDList in = new NDList(z, all, step.create(i));
                    in.addAll(params);
                    withGradMode(() -> IValueUtils.forward(fn, in, true)).attach(step); // dest again: dropped
                }
            }
            return all;
        }
    }

    /**
     * The input gradient of s(x) = Σ_i Σ_c J_c(x_i) · h[i, c], where J_c(x_i) is the weight gradient of
     * logit c at example i: for a kernel predictor F_m(x) = Σ_c J_c(x)·G[c, m] built on the empirical NTK, the
     * input gradient of Σ_m w_m F_m(x) is this with h_c = Σ_m w_m G[c, m] (double backpropagation, exact).
     *
     * @param x inputs, N×…; not modified
     * @param h N×K×P directions in weight space
     * @return N×…, shaped like {@code x}, in {@code x}'s manager
     */
    public static NDArray kernelInputGradient(NDArray x, Function<NDArray, NDArray> logits, List<NDArray> params,
            NDArray h) {
        if (params.isEmpty()) throw new IllegalArgumentException("no weights to differentiate in");
        PtSymbolBlock fn = KERNEL_GRAD.computeIfAbsent(params.size(),
                n -> ScriptModules.compile("KernelInputGrad", kernelGradSource(n)));
        NDManager owner = x.getManager();
        long n = x.getShape().get(0);
        List<NDArray> parts = new ArrayList<>();
        try (NDManager scope = owner.newSubManager(); WeightGradients on = new WeightGradients(params)) {
            for (long i = 0; i < n; i++) {
                try (NDManager step = scope.newSubManager()) {
                    NDArray row = x.get(new NDIndex("{}:{}", i, i + 1));
                    row.attach(step);
                    NDArray leaf = row.duplicate();
                    leaf.setRequiresGradient(true);
                    NDArray hi = h.get(new NDIndex("{}:{}", i, i + 1));
                    hi.attach(step);
                    NDArray g = withGradMode(() -> {
                        NDList in = new NDList(logits.apply(leaf), leaf, hi);
                        in.addAll(params);
                        return IValueUtils.forward(fn, in, true).singletonOrThrow().stopGradient();
                    });
                    g.attach(scope);
                    parts.add(g);
                }
            }
            NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
            all.attach(owner);
            return all;
        }
    }

    private static <T> T withGradMode(java.util.function.Supplier<T> work) {
        Engines.checkGradientsAllowed();
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(was);
        }
    }

    /** Makes weights require gradients for one call and restores their previous state. */
    private static final class WeightGradients implements AutoCloseable {
        private final List<NDArray> params;
        private final boolean[] before;

        WeightGradients(List<NDArray> params) {
            this.params = params;
            this.before = new boolean[params.size()];
            for (int i = 0; i < params.size(); i++) {
                before[i] = params.get(i).hasGradient();
                if (!before[i]) params.get(i).setRequiresGradient(true);
            }
        }

        @Override
        public void close() {
            for (int i = 0; i < params.size(); i++) {
                if (!before[i]) params.get(i).setRequiresGradient(false);
            }
        }
    }

    private static String header(String name, String args) {
        return "class " + name + "(Module):\n"
                + "  __parameters__ = []\n"
                + "  __buffers__ = []\n"
                + "  training : bool\n"
                + "  def forward(self: __torch__." + name + ",\n" + args;
    }

    private static String paramArgs(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append("    p").append(i).append(": Tensor").append(i + 1 < n ? ",\n" : "");
        return s.toString();
    }

    private static String paramList(int n) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) s.append(i == 0 ? "" : ", ").append('p').append(i);
        return s.append(']').toString();
    }

    /**
     * forward(out B×K, dest N×K×P, at, p0..pn): one autograd.grad per logit, each row's gradients concatenated
     * straight into dest[at + b, c] (no stacking, no second copy; unused weights give zeros); returns dest.
     */
    static String jacobianSource(int n) {
        return header("ParamJacobian", "    out: Tensor,\n    dest: Tensor,\n    at: Tensor,\n" + paramArgs(n)
                + ") -> Tensor:\n")
                + "    params = " + paramList(n) + "\n"
                + "    i0 = int(at)\n"
                + "    k = torch.size(out, 1)\n"
                + "    flat = torch.reshape(out, [-1])\n"
                + "    for r in range(torch.size(flat, 0)):\n"
                + "      gs = torch.autograd.grad([torch.select(flat, 0, r)], params, None, True, False, True)\n"
                + "      parts = annotate(List[Tensor], [])\n"
                + "      for i in range(torch.len(params)):\n"
                + "        g = gs[i]\n"
                + "        if torch.__is__(g, None):\n"
                + "          _0 = torch.append(parts, torch.reshape(torch.zeros_like(params[i]), [-1]))\n"
                + "        else:\n"
                + "          _1 = torch.append(parts, torch.reshape(unchecked_cast(Tensor, g), [-1]))\n"
                + "      row = torch.select(torch.select(dest, 0, torch.add(i0, torch.floordiv(r, k))), 0, "
                + "torch.remainder(r, k))\n"
                + "      _2 = torch.cat(parts, 0, out=row)\n"
                + "    return dest\n";
    }

    /** forward(out 1×K, x, h 1×K×P, p0..pn) → ∂/∂x Σ_c J_c(x)·h_c (double backpropagation). */
    static String kernelGradSource(int n) {
        return header("KernelInputGrad", "    out: Tensor,\n    x: Tensor,\n    h: Tensor,\n" + paramArgs(n)
                + ") -> Tensor:\n")
                + "    params = " + paramList(n) + "\n"
                + "    flat = torch.reshape(out, [-1])\n"
                + "    hf = torch.reshape(h, [torch.size(flat, 0), -1])\n"
                + "    s0 = torch.zeros([1], dtype=ops.prim.dtype(out))\n"
                + "    for r in range(torch.size(flat, 0)):\n"
                + "      gs = torch.autograd.grad([torch.select(flat, 0, r)], params, None, True, True, True)\n"
                + "      s1 = s0\n"
                + "      off = 0\n"
                + "      for i in range(torch.len(params)):\n"
                + "        g = gs[i]\n"
                + "        m = torch.numel(params[i])\n"
                + "        if torch.__isnot__(g, None):\n"
                + "          _0 = torch.reshape(unchecked_cast(Tensor, g), [-1])\n"
                + "          _1 = torch.slice(torch.select(hf, 0, r), 0, off, torch.add(off, m))\n"
                + "          s2 = torch.add(s1, torch.sum(torch.mul(_0, _1)))\n"
                + "        else:\n"
                + "          s2 = s1\n"
                + "        s1, off = s2, torch.add(off, m)\n"
                + "      s0 = s1\n"
                + "    _2 = torch.autograd.grad([torch.sum(s0)], [x], None, False, False, True)\n"
                + "    gx = _2[0]\n"
                + "    if torch.__is__(gx, None):\n"
                + "      _3 = torch.zeros_like(x)\n"
                + "    else:\n"
                + "      _3 = unchecked_cast(Tensor, gx)\n"
                + "    return _3\n";
    }
}
