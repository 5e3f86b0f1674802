package org.robustj.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.robustj.model.graph.Add;
import org.robustj.model.graph.Relu;

/**
 * The pre-activation residual block of He et al. (2016): BN–ReLU–conv3×3–BN–ReLU–conv3×3 plus a shortcut
 * (a strided 1×1 convolution of the pre-activated input when the shape changes). Its DJL layout (child
 * names bn1, conv1, bn2, conv2, shortcut) is what saved weights are read by; {@link #record} describes the
 * same computation as typed graph nodes.
 */
public final class PreActBlock extends AbstractBlock {
    private final BatchNorm bn1;
    private final Conv2d conv1;
    private final BatchNorm bn2;
    private final Conv2d conv2;
    private final Conv2d shortcut;

    /** A block from {@code in} to {@code planes} channels with the given stride. */
    public PreActBlock(int in, int planes, int stride) {
        super((byte) 1);
        bn1 = addChildBlock("bn1", BatchNorm.builder().build());
        conv1 = addChildBlock("conv1", Architectures.conv3(planes, stride));
        bn2 = addChildBlock("bn2", BatchNorm.builder().build());
        conv2 = addChildBlock("conv2", Architectures.conv3(planes, 1));
        shortcut = (stride != 1 || in != planes)
                ? addChildBlock("shortcut", Conv2d.builder().setKernelShape(new Shape(1, 1))
                        .optStride(new Shape(stride, stride)).setFilters(planes).optBias(false).build())
                : null;
    }

    /**
     * Records the block as graph nodes reading the recipe's last node: {@code prefix.bn1}, {@code .relu1},
     * {@code .shortcut} (when there is one), {@code .conv1}, {@code .bn2}, {@code .relu2}, {@code .conv2}, and
     * the residual sum named {@code prefix} itself, so the block's output keeps its layer name.
     */
    void record(GraphRecipe r, String prefix) {
        String in = r.last();
        r.then(prefix + ".bn1", GraphRecipe.batchNorm(bn1));
        String pre = r.then(prefix + ".relu1", GraphRecipe.fixed(new Relu()));
        String sc = shortcut != null ? r.node(prefix + ".shortcut", List.of(pre), GraphRecipe.conv(shortcut)) : in;
        r.node(prefix + ".conv1", List.of(pre), GraphRecipe.conv(conv1));
        r.then(prefix + ".bn2", GraphRecipe.batchNorm(bn2));
        r.then(prefix + ".relu2", GraphRecipe.fixed(new Relu()));
        String out = r.then(prefix + ".conv2", GraphRecipe.conv(conv2));
        r.node(prefix, List.of(out, sc), GraphRecipe.fixed(new Add()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray out = Activation.relu(bn1.forward(ps, new NDList(x), training).singletonOrThrow());
        NDArray sc = shortcut != null ? shortcut.forward(ps, new NDList(out), training).singletonOrThrow() : x;
        NDArray h = conv1.forward(ps, new NDList(out), training).singletonOrThrow();
        h = Activation.relu(bn2.forward(ps, new NDList(h), training).singletonOrThrow());
        h = conv2.forward(ps, new NDList(h), training).singletonOrThrow();
        return new NDList(h.add(sc));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        Shape c1 = conv1.getOutputShapes(new Shape[] {s})[0];
        return new Shape[] {c1};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        bn1.initialize(manager, dataType, s);
        conv1.initialize(manager, dataType, s);
        Shape h = conv1.getOutputShapes(new Shape[] {s})[0];
        bn2.initialize(manager, dataType, h);
        conv2.initialize(manager, dataType, h);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, s);
        }
    }
}
