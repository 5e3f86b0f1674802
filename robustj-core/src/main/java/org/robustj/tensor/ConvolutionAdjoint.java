package org.robustj.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adjoint of a 2-D convolution, libtorch's own {@code conv_transpose2d}, which DJL's PyTorch engine does
 * not expose: what CROWN's backward pass through a convolution computes. libtorch's transposed convolution
 * scatters through col2im and does no work on the zeros that a stride-s adjoint written as an ordinary
 * convolution over a spread input multiplies (s² times the work at stride s). It is differentiable in both
 * arguments (certified training backpropagates through it). Each setting of stride, padding, output padding,
 * dilation and groups is a two-line TorchScript module compiled by libtorch once per JVM.
 */
public final class ConvolutionAdjoint {
    private static final Map<String, PtSymbolBlock> MODULES = new ConcurrentHashMap<>();

    private ConvolutionAdjoint() {}

    /**
     * {@code conv_transpose2d(a, weight, stride, padding, outputPadding, groups, dilation)}: for a forward
     * convolution with this weight and settings, ⟨conv(x), a⟩ = ⟨x, result⟩.
     *
     * @param a B×Co×Ho×Wo
     * @param weight Co×(Ci/groups)×kh×kw, the forward convolution's weight (same data type as {@code a})
     * @param outputPadding the rows and columns the forward convolution's floor division dropped (each
     *     smaller than the stride or the dilation)
     * @return B×Ci×H×W, in {@code a}'s manager
     */
    public static NDArray apply(NDArray a, NDArray weight, int[] stride, int[] padding, int[] outputPadding,
            int[] dilation, int groups) {
        String key = Arrays.toString(stride) + Arrays.toString(padding) + Arrays.toString(outputPadding)
                + Arrays.toString(dilation) + groups;
        PtSymbolBlock block = MODULES.computeIfAbsent(key,
                k -> ScriptModules.compile("ConvAdjoint", source(stride, padding, outputPadding, dilation, groups)));
        // isTrain true, as for every robustj TorchScript call: it keeps autograd for certified training
        NDArray out = IValueUtils.forward(block, new NDList(a, weight), true).singletonOrThrow();
        out.attach(a.getManager());
        return out;
    }

    static String source(int[] stride, int[] padding, int[] outputPadding, int[] dilation, int groups) {
        return String.join("\n",
                "class ConvAdjoint(Module):",
                "  __parameters__ = []",
                "  __buffers__ = []",
                "  training : bool",
                "  def forward(self: __torch__.ConvAdjoint,",
                "    a: Tensor,",
                "    w: Tensor) -> Tensor:",
                "    return torch.conv_transpose2d(a, w, None, " + list(stride) + ", " + list(padding) + ", "
                        + list(outputPadding) + ", " + groups + ", " + list(dilation) + ")",
                "");
    }

    private static String list(int[] v) {
        return "[" + v[0] + ", " + v[1] + "]";
    }
}
